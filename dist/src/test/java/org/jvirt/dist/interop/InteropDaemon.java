package org.jvirt.dist.interop;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.jvirt.daemon.JvirtdServer;
import org.jvirt.daemon.config.DaemonConfig;
import org.jvirt.rpc.server.ProgramHandler;

/**
 * An in-process jvirtd listening on libvirt-sock and libvirt-sock-ro in {@code dir}, with the programs the
 * ServiceLoader finds (the REMOTE program serves jvirt's drivers, among them the test driver), as Jvirtd does.
 */
record InteropDaemon(JvirtdServer server, Path dir) implements AutoCloseable {

    static InteropDaemon start(Path dir) throws IOException {
        List<ProgramHandler> programs = new ArrayList<>();
        ServiceLoader.load(ProgramHandler.class).forEach(programs::add);
        if (programs.isEmpty()) {
            throw new IllegalStateException("no ProgramHandler on the class path: is jvirt-remote missing?");
        }
        // unix_sock_dir defaults to the run directory; TCP/TLS stay closed since --listen is not given.
        DaemonConfig config = DaemonConfig.defaults(dir, dir.resolve("pki"));
        return new InteropDaemon(JvirtdServer.start(config, false, null, programs), dir);
    }

    Path rwSocket() {
        return dir.resolve(JvirtdServer.SOCK);
    }

    Path roSocket() {
        return dir.resolve(JvirtdServer.SOCK_RO);
    }

    /** {@code test:///default} as a URI through this daemon: {@code test+unix:///default?socket=...}. */
    String uri(String testUri, boolean readOnly) {
        return testUri.replaceFirst("^test://", "test+unix://") + "?socket=" + (readOnly ? roSocket() : rwSocket());
    }

    @Override
    public void close() {
        server.close();
    }
}
