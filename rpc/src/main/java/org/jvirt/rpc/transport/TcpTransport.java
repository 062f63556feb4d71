package org.jvirt.rpc.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.OptionalInt;

/** Plain TCP: libvirt's {@code tcp} transport (no encryption, no authentication of its own). */
public final class TcpTransport {
    private TcpTransport() {
    }

    public static Connection connect(String host, int port) throws IOException {
        SocketChannel ch = SocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.connect(new InetSocketAddress(host, port));
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return new ChannelConnection(ch, "tcp", host + ":" + port, OptionalInt.empty());
    }

    /** Listens on {@code host} (null: every address) and {@code port} (0: any free port), with {@code backlog}. */
    public static Listener listen(String host, int port, int backlog) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(host == null ? new InetSocketAddress(port) : new InetSocketAddress(host, port), backlog);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        return new Listener() {
            @Override
            public Connection accept() throws IOException {
                SocketChannel ch = server.accept();
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                return new ChannelConnection(ch, "tcp", String.valueOf(ch.getRemoteAddress()), OptionalInt.empty());
            }

            @Override
            public String address() {
                try {
                    return String.valueOf(server.getLocalAddress());
                } catch (IOException e) {
                    return "closed";
                }
            }

            @Override
            public void close() {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // Shutting down.
                }
            }
        };
    }

    /** The port a TCP or TLS listener is bound to (tests bind to port 0). */
    public static int port(Listener listener) {
        String a = listener.address();
        return Integer.parseInt(a.substring(a.lastIndexOf(':') + 1));
    }
}
