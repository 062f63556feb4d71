package org.jvirt.rpc.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jvirt.rpc.client.RpcClient;
import org.jvirt.rpc.protocol.remote.ConnectFindStoragePoolSourcesArgs;
import org.jvirt.rpc.protocol.remote.RemoteProcedures;
import org.jvirt.rpc.transport.Connection;
import org.jvirt.rpc.transport.UnixTransport;

/** An in-process server with {@link EchoProgram} on a unix socket in a temporary directory. */
final class RpcFixture implements AutoCloseable {
    final EchoProgram program = new EchoProgram();
    final RpcServer server;
    final Path socket;

    RpcFixture(Path dir, ServerLimits limits) throws IOException {
        server = new RpcServer(limits, List.of(program));
        socket = dir.resolve("sock");
        server.addListener(UnixTransport.listen(socket, 0700, null), false);
    }

    RpcClient client() throws IOException {
        return new RpcClient(connect());
    }

    Connection connect() throws IOException {
        return UnixTransport.connect(socket);
    }

    static String run(RpcClient c, String type, String arg) {
        return run(c, type, arg, 0);
    }

    static String run(RpcClient c, String type, String arg, int flags) {
        return c.call(RemoteProcedures.CONNECT_FIND_STORAGE_POOL_SOURCES,
                new ConnectFindStoragePoolSourcesArgs(type, arg, flags)).xml();
    }

    @Override
    public void close() {
        server.close();
    }
}
