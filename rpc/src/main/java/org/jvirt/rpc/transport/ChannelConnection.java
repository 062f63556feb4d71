package org.jvirt.rpc.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.util.OptionalInt;

/** A connected blocking {@link SocketChannel} (unix or TCP). The channel streams allow a reader and a writer at once. */
final class ChannelConnection implements Connection {
    private final SocketChannel channel;
    private final String transport;
    private final String peer;
    private final InputStream in;
    private final OutputStream out;
    private final OptionalInt uid;

    ChannelConnection(SocketChannel channel, String transport, String peer, OptionalInt uid) {
        this.channel = channel;
        this.transport = transport;
        this.peer = peer;
        this.uid = uid;
        this.in = Channels.newInputStream(channel);
        this.out = Channels.newOutputStream(channel);
    }

    @Override
    public InputStream input() {
        return in;
    }

    @Override
    public OutputStream output() {
        return out;
    }

    @Override
    public String transport() {
        return transport;
    }

    @Override
    public String peer() {
        return peer;
    }

    @Override
    public OptionalInt peerUid() {
        return uid;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing is best effort: the peer may already be gone.
        }
    }
}
