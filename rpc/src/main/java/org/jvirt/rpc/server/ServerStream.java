package org.jvirt.rpc.server;

import org.jvirt.rpc.stream.StreamEndpoint;
import org.jvirt.rpc.wire.Frames;
import org.jvirt.rpc.wire.MessageHeader;
import org.jvirt.rpc.wire.MessageStatus;
import org.jvirt.rpc.wire.MessageType;
import org.jvirt.rpc.wire.RemoteErrors;

/**
 * The daemon's side of one stream ({@code remote_daemon_stream.c}): data packets from the client go into the
 * endpoint on the client's reader thread, so a blocked endpoint stops the server reading that client (flow control);
 * data for the client is pumped out of the endpoint on a virtual thread. OK finishes, ERROR aborts; both are
 * confirmed with an empty STREAM packet of status OK, and failures travel as a STREAM packet of status ERROR.
 */
final class ServerStream {
    private static final System.Logger LOG = System.getLogger("org.jvirt.rpc.server");

    private final ServerClient client;
    private final MessageHeader call;
    private final StreamEndpoint endpoint;
    private volatile boolean done;

    ServerStream(ServerClient client, MessageHeader call, StreamEndpoint endpoint) {
        this.client = client;
        this.call = call;
        this.endpoint = endpoint;
    }

    MessageHeader header() {
        return call;
    }

    StreamEndpoint endpoint() {
        return endpoint;
    }

    void data(byte[] payload) {
        if (done) {
            return;
        }
        try {
            endpoint.write(payload, 0, payload.length);
        } catch (RuntimeException e) {
            client.streamDone(this);
            fail(e);
        }
    }

    void finish() {
        stopPump();
        done = true;
        try {
            endpoint.finish();
        } catch (RuntimeException e) {
            sendError(e);
            return;
        }
        client.send(Frames.encodeRaw(call.with(MessageType.STREAM, MessageStatus.OK), new byte[0]));
    }

    void abort() {
        stopPump();
        done = true;
        endpoint.abort();
        client.send(Frames.encodeRaw(call.with(MessageType.STREAM, MessageStatus.OK), new byte[0]));
    }

    /** Aborts the stream on our side and tells the client why. */
    void fail(Throwable error) {
        stopPump();
        done = true;
        endpoint.abort();
        sendError(error);
    }

    private void sendError(Throwable error) {
        client.send(Frames.encode(call.with(MessageType.STREAM, MessageStatus.ERROR), client.codecs(),
                RemoteErrors.fromException(error)));
    }

    void startPump() {
        Thread.ofVirtual().name("rpc-stream-" + client.id() + "-" + call.serial()).start(this::pumpLoop);
    }

    /** The connection went away: stop everything without telling anyone. */
    void closed() {
        done = true;
        endpoint.abort();
        stopPump();
    }

    /**
     * Makes the pump stop at its next step. Never by interrupting it: an interrupt in the middle of a channel write
     * closes the client's whole socket. A pump blocked in {@code read} ends when the endpoint's abort or finish
     * releases it.
     */
    void stopPump() {
        done = true;
    }

    private void pumpLoop() {
        byte[] buf = new byte[ServerClient.STREAM_CHUNK];
        try {
            while (!done && !client.isClosed()) {
                int n = endpoint.read(buf, 0, buf.length);
                if (done) {
                    return;
                }
                if (n <= 0) {
                    // End of data: an empty data packet (status CONTINUE), as libvirtd 9.0.0 sends it; the client
                    // then finishes with status OK and we confirm.
                    client.send(Frames.encodeRaw(call.with(MessageType.STREAM, MessageStatus.CONTINUE),
                            new byte[0]));
                    return;
                }
                byte[] chunk = java.util.Arrays.copyOf(buf, n);
                client.send(Frames.encodeRaw(call.with(MessageType.STREAM, MessageStatus.CONTINUE), chunk));
            }
        } catch (RuntimeException e) {
            if (!done) {
                LOG.log(System.Logger.Level.DEBUG, "stream read failed: " + e);
                client.streamDone(this);
                fail(e);
            }
        }
    }
}
