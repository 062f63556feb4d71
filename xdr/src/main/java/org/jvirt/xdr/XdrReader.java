package org.jvirt.xdr;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * RFC 4506 decoder over a byte array or {@link ByteBuffer}. Every length read from the data is checked against its
 * declared maximum and against the bytes that remain <em>before</em> anything is allocated for it, so a packet that
 * claims a 4 GiB string costs nothing.
 *
 * <p>Padding bytes are skipped without checking that they are zero, as glibc's {@code xdrmem} (and so libvirt)
 * does. Not thread-safe.
 */
public final class XdrReader {
    /** The smallest encoded size of any XDR item: arrays of N elements need at least 4*N bytes. */
    public static final int MIN_ITEM_SIZE = 4;

    private final ByteBuffer in;

    public XdrReader(byte[] data) {
        this(ByteBuffer.wrap(data));
    }

    /** Reads {@code data} from its position to its limit; {@code data} itself is not moved. */
    public XdrReader(ByteBuffer data) {
        this.in = data.slice().order(ByteOrder.BIG_ENDIAN);
    }

    static int padding(int len) {
        return (4 - (len & 3)) & 3;
    }

    public int remaining() {
        return in.remaining();
    }

    public int position() {
        return in.position();
    }

    private void need(long n, String what) {
        if (n > in.remaining()) {
            throw new XdrException(what + " needs " + n + " bytes but only " + in.remaining() + " remain");
        }
    }

    public int readInt() {
        need(4, "int");
        return in.getInt();
    }

    /** XDR {@code unsigned int} as its raw 32 bits. */
    public int readUnsignedInt() {
        need(4, "unsigned int");
        return in.getInt();
    }

    public long readHyper() {
        need(8, "hyper");
        return in.getLong();
    }

    /** XDR {@code unsigned hyper} as its raw 64 bits. */
    public long readUnsignedHyper() {
        need(8, "unsigned hyper");
        return in.getLong();
    }

    /** XDR bool: 0 or 1, anything else is malformed (RFC 4506 §4.4). */
    public boolean readBool() {
        int v = readInt();
        return switch (v) {
            case 0 -> false;
            case 1 -> true;
            default -> throw new XdrException("bool has value " + v);
        };
    }

    public float readFloat() {
        return Float.intBitsToFloat(readInt());
    }

    public double readDouble() {
        return Double.longBitsToDouble(readHyper());
    }

    /** {@code opaque x[n]}. */
    public byte[] readFixedOpaque(int n) {
        return readBytesPadded(n);
    }

    /** {@code opaque x<max>}. */
    public byte[] readOpaque(long max) {
        int len = readLength(max, 1);
        return readBytesPadded(len);
    }

    /** {@code string x<max>}, decoded as UTF-8. */
    public String readString(long max) {
        return new String(readOpaque(max), StandardCharsets.UTF_8);
    }

    /**
     * Reads the length prefix of a variable-length item and checks it, before the caller allocates anything: at
     * most {@code max}, and at most the remaining bytes divided by {@code minElementSize} (1 for opaque data,
     * {@link #MIN_ITEM_SIZE} for arrays).
     */
    public int readLength(long max, int minElementSize) {
        long len = Integer.toUnsignedLong(readInt());
        if (len > max) {
            throw new XdrException("length " + len + " exceeds maximum " + max);
        }
        need(len * minElementSize, "length " + len);
        return (int) len;
    }

    private byte[] readBytesPadded(int len) {
        int pad = padding(len);
        need((long) len + pad, "opaque of " + len + " bytes");
        byte[] out = new byte[len];
        in.get(out);
        in.position(in.position() + pad);
        return out;
    }

    /** Fails when bytes are left over, e.g. after decoding a whole message body. */
    public void expectEnd() {
        if (in.hasRemaining()) {
            throw new XdrException(in.remaining() + " unexpected bytes after the end of the data");
        }
    }
}
