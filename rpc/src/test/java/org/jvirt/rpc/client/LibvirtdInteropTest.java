package org.jvirt.rpc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.rpc.protocol.remote.ConnectDomainEventCallbackRegisterAnyArgs;
import org.jvirt.rpc.protocol.remote.ConnectOpenArgs;
import org.jvirt.rpc.protocol.remote.ConnectSupportsFeatureArgs;
import org.jvirt.rpc.protocol.remote.DomainEventCallbackLifecycleMsg;
import org.jvirt.rpc.protocol.remote.DomainLookupByNameArgs;
import org.jvirt.rpc.protocol.remote.DomainScreenshotArgs;
import org.jvirt.rpc.protocol.remote.DomainSuspendArgs;
import org.jvirt.rpc.protocol.remote.NonnullDomain;
import org.jvirt.rpc.protocol.remote.RemoteProcedures;
import org.jvirt.rpc.transport.UnixTransport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our client against the real libvirtd 9.0.0 (a session daemon run as "nobody" in a temporary directory, serving
 * test:///default): calls, errors, events, a download stream and keepalive. Skipped when libvirtd is not installed
 * or we are not root (needed to run it as another user without touching the system daemon).
 */
@Timeout(90)
class LibvirtdInteropTest {
    @TempDir
    Path dir;

    @Test
    void talksToRealLibvirtd() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/libvirtd")), "libvirtd not installed");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run it as nobody");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        String d = dir.toString();
        Process daemon = new ProcessBuilder("su", "nobody", "-s", "/bin/sh", "-c",
                "HOME=" + d + " XDG_RUNTIME_DIR=" + d + " XDG_CONFIG_HOME=" + d + "/cfg XDG_CACHE_HOME=" + d
                        + "/cache exec libvirtd --timeout 30")
                .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        Path sock = dir.resolve("libvirt/libvirt-sock");
        try {
            long end = System.nanoTime() + 20_000_000_000L;
            while (!Files.exists(sock) && daemon.isAlive() && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            Assumptions.assumeTrue(Files.exists(sock), "libvirtd did not start: " + Files.readString(
                    dir.resolve("log")));
            try (RpcClient c = new RpcClient(UnixTransport.connect(sock))) {
                c.call(RemoteProcedures.CONNECT_OPEN, new ConnectOpenArgs("test:///default", 0));
                c.call(RemoteProcedures.CONNECT_SUPPORTS_FEATURE, new ConnectSupportsFeatureArgs(10));
                c.startKeepAlive(1, 2);

                VirException e = assertThrows(VirException.class, () -> c.call(
                        RemoteProcedures.DOMAIN_LOOKUP_BY_NAME, new DomainLookupByNameArgs("nope")));
                assertEquals(ErrorNumber.NO_DOMAIN, e.code());
                // What libvirtd's test driver sends (python3-libvirt sees the same): no detail, VIR_FROM_TEST.
                assertEquals("Domain not found", e.getMessage());
                assertEquals(org.jvirt.core.ErrorDomain.TEST, e.domain());

                NonnullDomain test = c.call(RemoteProcedures.DOMAIN_LOOKUP_BY_NAME,
                        new DomainLookupByNameArgs("test")).dom();
                List<Integer> events = new CopyOnWriteArrayList<>();
                c.onEvent(RemoteProcedures.DOMAIN_EVENT_CALLBACK_LIFECYCLE,
                        (DomainEventCallbackLifecycleMsg m) -> events.add(m.msg().event()));
                c.call(RemoteProcedures.CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY,
                        new ConnectDomainEventCallbackRegisterAnyArgs(0, null));
                c.call(RemoteProcedures.DOMAIN_SUSPEND, new DomainSuspendArgs(test));
                long until = System.nanoTime() + 5_000_000_000L;
                while (events.isEmpty() && System.nanoTime() < until) {
                    Thread.sleep(20);
                }
                assertEquals(List.of(3), events);   // VIR_DOMAIN_EVENT_SUSPENDED

                var shot = c.callStream(RemoteProcedures.DOMAIN_SCREENSHOT, new DomainScreenshotArgs(test, 0, 0));
                assertEquals("image/png", shot.reply().mime());
                ByteArrayOutputStream png = new ByteArrayOutputStream();
                byte[] buf = new byte[4096];
                int n;
                while ((n = shot.stream().read(buf, 0, buf.length)) > 0) {
                    png.write(buf, 0, n);
                }
                shot.stream().finish();
                byte[] img = png.toByteArray();
                assertTrue(img.length > 8 && img[1] == 'P' && img[2] == 'N' && img[3] == 'G', "not a PNG");

                // Idle past several keepalive intervals: libvirtd answers our pings (and we answer its).
                Thread.sleep(3500);
                assertTrue(c.isOpen());
                c.call(RemoteProcedures.CONNECT_CLOSE, null);
            }
        } finally {
            daemon.destroy();
            daemon.waitFor(10, TimeUnit.SECONDS);
        }
    }

}
