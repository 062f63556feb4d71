package org.jvirt.spi.support;

import org.jvirt.core.VirException;
import org.jvirt.spi.StreamChannel;

/** A read-only stream over bytes already in memory (a screenshot, a small download). */
public final class ByteArrayStream implements StreamChannel {
    private final byte[] data;
    private final int errorDomain;
    private int pos;

    /** {@code errorDomain} is the driver's, for the error a write gets. */
    public ByteArrayStream(byte[] data, int errorDomain) {
        this.data = data;
        this.errorDomain = errorDomain;
    }

    @Override
    public void send(byte[] buf, int offset, int length) {
        throw VirException.operationInvalid(errorDomain, "stream is read-only");
    }

    @Override
    public synchronized int recv(byte[] buf, int offset, int length) {
        int n = Math.min(length, Math.min(buf.length - offset, data.length - pos));
        System.arraycopy(data, pos, buf, offset, n);
        pos += n;
        return n;
    }

    @Override
    public void finish() {
        // nothing to release: the bytes live on the heap
    }

    @Override
    public void abort() {
        // nothing to release: the bytes live on the heap
    }
}
