package org.jvirt.api;

import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.spi.StreamChannel;

/**
 * A data stream ({@code virStreamPtr}): created unbound by {@link Connect#newStream}, bound to a transfer by the
 * call that starts it (volume upload/download, console, screenshot), then read or written until finished.
 */
public final class Stream implements AutoCloseable {
    /** virStreamFlags. */
    public static final int NONBLOCK = 1;

    private final Connect conn;
    private final int flags;
    private StreamChannel channel;

    Stream(Connect conn, int flags) {
        this.conn = conn;
        this.flags = flags;
    }

    public Connect getConnect() { return conn; }

    public int flags() { return flags; }

    synchronized void bind(StreamChannel ch) {
        if (channel != null) {
            throw VirException.of(ErrorNumber.OPERATION_INVALID, ErrorDomain.STREAMS, "stream is already in use");
        }
        channel = ch;
    }

    private synchronized StreamChannel ch() {
        if (channel == null) {
            throw VirException.of(ErrorNumber.OPERATION_INVALID, ErrorDomain.STREAMS, "stream is not open");
        }
        return channel;
    }

    /** {@code virStreamSend}: returns the number of bytes taken (all of them: sends block while the peer is full). */
    public int send(byte[] data, int offset, int length) {
        ch().send(data, offset, length);
        return length;
    }

    /** {@code virStreamRecv}: the number of bytes read, 0 at end of stream. */
    public int recv(byte[] buf, int offset, int length) {
        return ch().recv(buf, offset, length);
    }

    public void finish() { ch().finish(); }

    public void abort() { ch().abort(); }

    /** Aborts a stream that was neither finished nor aborted; harmless otherwise. */
    @Override
    public void close() {
        StreamChannel c;
        synchronized (this) {
            c = channel;
        }
        if (c != null) {
            try {
                c.abort();
            } catch (VirException ignored) {
                // already finished or aborted: nothing left to release
            }
        }
    }
}
