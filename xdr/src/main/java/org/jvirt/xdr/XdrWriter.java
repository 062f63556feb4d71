package org.jvirt.xdr;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * RFC 4506 encoder into a growable big-endian byte array, with an upper limit on the total size so that a caller
 * building a frame fails before producing more than the peer may accept.
 *
 * <p>Not thread-safe: one writer per message being built.
 */
public final class XdrWriter {
    private static final byte[] ZEROS = new byte[4];

    private byte[] buf;
    private int pos;
    private final int limit;

    /** A writer with no limit beyond Java's array size. */
    public XdrWriter() {
        this(256, Integer.MAX_VALUE - 8);
    }

    /**
     * @param initialCapacity bytes allocated up front
     * @param limit the most bytes this writer will hold; writing past it throws {@link XdrException}
     */
    public XdrWriter(int initialCapacity, int limit) {
        if (initialCapacity < 0 || limit < 0) {
            throw new IllegalArgumentException("negative capacity or limit");
        }
        this.buf = new byte[Math.min(initialCapacity, limit)];
        this.limit = limit;
    }

    /** Bytes written so far. */
    public int position() {
        return pos;
    }

    public int limit() {
        return limit;
    }

    private void ensure(int n) {
        if (n > limit - pos) {
            throw new XdrException("encoded data exceeds " + limit + " bytes");
        }
        if (pos + n > buf.length) {
            long grown = Math.max((long) buf.length * 2, (long) pos + n);
            buf = Arrays.copyOf(buf, (int) Math.min(grown, limit));
        }
    }

    public void writeInt(int v) {
        ensure(4);
        buf[pos] = (byte) (v >>> 24);
        buf[pos + 1] = (byte) (v >>> 16);
        buf[pos + 2] = (byte) (v >>> 8);
        buf[pos + 3] = (byte) v;
        pos += 4;
    }

    /** XDR {@code unsigned int}: the same four bytes as {@link #writeInt}; {@code v} holds the raw bits. */
    public void writeUnsignedInt(int v) {
        writeInt(v);
    }

    public void writeHyper(long v) {
        writeInt((int) (v >>> 32));
        writeInt((int) v);
    }

    /** XDR {@code unsigned hyper}: {@code v} holds the raw 64 bits. */
    public void writeUnsignedHyper(long v) {
        writeHyper(v);
    }

    public void writeBool(boolean v) {
        writeInt(v ? 1 : 0);
    }

    public void writeFloat(float v) {
        writeInt(Float.floatToRawIntBits(v));
    }

    public void writeDouble(double v) {
        writeHyper(Double.doubleToRawLongBits(v));
    }

    /** {@code opaque x[n]}: exactly {@code n} bytes, then zero padding to a multiple of four. */
    public void writeFixedOpaque(byte[] data, int n) {
        if (data.length != n) {
            throw new XdrException("fixed opaque of " + n + " bytes given " + data.length);
        }
        writeBytesPadded(data, 0, n);
    }

    /** {@code opaque x<max>}: length, bytes, padding. */
    public void writeOpaque(byte[] data, long max) {
        writeLength(data.length, max);
        writeBytesPadded(data, 0, data.length);
    }

    /** {@code string x<max>}: the UTF-8 bytes of {@code s} as variable-length opaque. */
    public void writeString(String s, long max) {
        writeOpaque(s.getBytes(StandardCharsets.UTF_8), max);
    }

    /** The length prefix of a variable-length item, checked against its declared maximum. */
    public void writeLength(int length, long max) {
        if (length < 0 || length > max) {
            throw new XdrException("length " + length + " exceeds maximum " + max);
        }
        writeInt(length);
    }

    private void writeBytesPadded(byte[] data, int off, int len) {
        int pad = XdrReader.padding(len);
        ensure(len + pad);
        System.arraycopy(data, off, buf, pos, len);
        pos += len;
        System.arraycopy(ZEROS, 0, buf, pos, pad);
        pos += pad;
    }

    /** Overwrites four bytes already written, e.g. a frame's length once the body is known. */
    public void setInt(int at, int v) {
        if (at < 0 || at > pos - 4) {
            throw new IndexOutOfBoundsException("setInt at " + at + " with " + pos + " bytes written");
        }
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    /** A copy of the bytes written. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    /** A read-only view of the bytes written, valid until the next write. */
    public ByteBuffer asByteBuffer() {
        return ByteBuffer.wrap(buf, 0, pos).asReadOnlyBuffer();
    }
}
