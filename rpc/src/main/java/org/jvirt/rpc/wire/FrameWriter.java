package org.jvirt.rpc.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.locks.ReentrantLock;
import org.jvirt.xdr.XdrCodecs;

/**
 * Writes whole packets to a byte stream. Each packet is encoded completely first (so an encoding failure writes
 * nothing) and written under a lock, so that replies finished by different call threads never interleave.
 * Does not own the stream.
 */
public final class FrameWriter {
    private static final System.Logger LOG = System.getLogger("org.jvirt.rpc.wire");

    private final OutputStream out;
    private final XdrCodecs codecs;
    private final ReentrantLock lock = new ReentrantLock();

    public FrameWriter(OutputStream out, XdrCodecs codecs) {
        this.out = out;
        this.codecs = codecs;
    }

    /** Writes a packet whose payload is {@code body} (a protocol record) or nothing when null. */
    public void write(MessageHeader header, Object body) throws IOException {
        send(Frames.encode(header, codecs, body));
    }

    /** Writes a packet with raw payload bytes (stream data). */
    public void writeRaw(MessageHeader header, byte[] payload) throws IOException {
        send(Frames.encodeRaw(header, payload));
    }

    /** Writes the error reply to {@code call}: status ERROR and the {@code remote_error} for {@code error}. */
    public void writeError(MessageHeader call, Throwable error) throws IOException {
        send(Frames.encode(call.reply(MessageStatus.ERROR), codecs, RemoteErrors.fromException(error)));
    }

    private void send(byte[] frame) throws IOException {
        LOG.log(System.Logger.Level.TRACE, () -> "RPC_WRITE len=" + frame.length + " "
                + Frames.decode(java.util.Arrays.copyOfRange(frame, Frames.LEN_SIZE, Frames.LEN_SIZE
                + MessageHeader.SIZE)).header());
        lock.lock();
        try {
            out.write(frame);
            out.flush();
        } finally {
            lock.unlock();
        }
    }

    /** The codecs this writer encodes with. */
    public XdrCodecs codecs() {
        return codecs;
    }
}
