package org.jvirt.spi;

/**
 * The driver's end of a {@code virStream}: the caller sends bytes to it (upload, console input) and receives bytes
 * from it (download, console output). Implementations own their resource and release it on finish or abort.
 */
public interface StreamChannel {
    /** Writes all of {@code data}; blocks while the peer cannot take more (flow control). */
    void send(byte[] data, int offset, int length);

    /** Reads up to {@code buf.length - offset} bytes; returns the count, 0 at end of stream. Blocks until data. */
    int recv(byte[] buf, int offset, int length);

    /** {@code virStreamFinish}: the sender is done; the driver commits (e.g. closes the volume file). */
    void finish();

    /** {@code virStreamAbort}: discard and release. */
    void abort();
}
