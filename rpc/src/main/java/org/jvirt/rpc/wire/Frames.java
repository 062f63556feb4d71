package org.jvirt.rpc.wire;

import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.rpc.protocol.net.NetConstants;
import org.jvirt.xdr.XdrCodecs;
import org.jvirt.xdr.XdrException;
import org.jvirt.xdr.XdrReader;
import org.jvirt.xdr.XdrWriter;

/**
 * libvirt's packet framing ({@code docs/kbase/internals/rpc.rst}, {@code virnetmessage.c}): a 4-byte big-endian
 * length that counts itself, the 24-byte header, the payload. Pure functions over bytes; {@link FrameReader} and
 * {@link FrameWriter} apply them to streams. Errors are libvirt's: {@code VIR_ERR_RPC} from {@code VIR_FROM_RPC}
 * with the texts of {@code virnetmessage.c}.
 */
public final class Frames {
    private Frames() {
    }

    /** {@code VIR_NET_MESSAGE_LEN_MAX}: the length word. */
    public static final int LEN_SIZE = NetConstants.MESSAGE_LEN_MAX;
    /** {@code VIR_NET_MESSAGE_MAX} (32 MiB): the most a packet may hold after its length word. */
    public static final int MESSAGE_MAX = NetConstants.MESSAGE_MAX;
    /** {@code VIR_NET_MESSAGE_INITIAL}: the buffer an encoder starts with (it grows up to {@link #MESSAGE_MAX}). */
    public static final int INITIAL = NetConstants.MESSAGE_INITIAL;
    /** {@code VIR_NET_MESSAGE_PAYLOAD_MAX}: the most a payload may hold. */
    public static final int PAYLOAD_MAX = NetConstants.MESSAGE_PAYLOAD_MAX;
    /** {@code VIR_NET_MESSAGE_NUM_FDS_MAX}: file descriptors passed with one message. */
    public static final int NUM_FDS_MAX = NetConstants.MESSAGE_NUM_FDS_MAX;

    static VirException rpcError(String detail) {
        return VirException.of(ErrorNumber.RPC, ErrorDomain.RPC, detail);
    }

    /**
     * Checks a frame's length word as {@code virNetMessageDecodeLength} does and returns how many bytes follow it.
     * The word is unsigned on the wire; libvirt prints it with {@code %d}, so a word of 0xFFFFFFFF is reported as
     * "-5 bytes ... too large". Nothing is allocated before this check.
     */
    public static int bodyLength(int lengthWord) {
        long len = Integer.toUnsignedLong(lengthWord);
        if (len < LEN_SIZE) {
            throw rpcError("packet " + lengthWord + " bytes received from server too small, want " + LEN_SIZE);
        }
        len -= LEN_SIZE;
        if (len > MESSAGE_MAX) {
            throw rpcError("packet " + (int) len + " bytes received from server too large, want " + MESSAGE_MAX);
        }
        return (int) len;
    }

    /** Decodes the bytes after a length word: the header, and the payload kept undecoded. */
    public static Message decode(byte[] body) {
        XdrReader in = new XdrReader(body);
        MessageHeader header;
        try {
            header = MessageHeader.decode(in);
        } catch (XdrException e) {
            throw withCause(rpcError("Unable to decode message header"), e);
        }
        byte[] payload = new byte[body.length - MessageHeader.SIZE];
        System.arraycopy(body, MessageHeader.SIZE, payload, 0, payload.length);
        return new Message(header, payload);
    }

    /**
     * Decodes one whole frame, length word included. A frame shorter than its length word says fails as a stream
     * that ends inside a packet; bytes beyond it are a caller error (more than one frame given).
     */
    public static Message decodeFrame(byte[] frame) {
        if (frame.length < LEN_SIZE) {
            throw FrameReader.endOfFile();
        }
        int len = bodyLength(new XdrReader(frame).readInt());
        if (len > frame.length - LEN_SIZE) {
            throw FrameReader.endOfFile();
        }
        if (len < frame.length - LEN_SIZE) {
            throw new IllegalArgumentException((frame.length - LEN_SIZE - len) + " bytes after the frame");
        }
        byte[] body = new byte[len];
        System.arraycopy(frame, LEN_SIZE, body, 0, len);
        return decode(body);
    }

    /**
     * Encodes a whole frame: length word, header, then {@code body} (a protocol record, or null for none) with the
     * codecs given. Fails with "Unable to encode message payload" when the body is invalid or the frame would pass
     * {@link #MESSAGE_MAX}, as libvirt does after growing its buffer to the limit.
     */
    public static byte[] encode(MessageHeader header, XdrCodecs codecs, Object body) {
        XdrWriter out = start(header);
        if (body != null) {
            try {
                codecs.encode(out, body);
            } catch (XdrException e) {
                throw withCause(rpcError("Unable to encode message payload"), e);
            }
        }
        return finish(out);
    }

    /**
     * Encodes a frame whose payload is already bytes: stream data (raw, not XDR, any length) or a body encoded
     * elsewhere. Fails when the frame would pass {@link #MESSAGE_MAX}.
     */
    public static byte[] encodeRaw(MessageHeader header, byte[] payload) {
        if (payload.length > MESSAGE_MAX - MessageHeader.SIZE) {
            throw rpcError("Unable to encode message payload");
        }
        byte[] head = finish(start(header));
        byte[] frame = new byte[head.length + payload.length];
        System.arraycopy(head, 0, frame, 0, head.length);
        System.arraycopy(payload, 0, frame, head.length, payload.length);
        int n = frame.length;
        frame[0] = (byte) (n >>> 24);
        frame[1] = (byte) (n >>> 16);
        frame[2] = (byte) (n >>> 8);
        frame[3] = (byte) n;
        return frame;
    }

    /**
     * Where an encoder starts: most packets (calls, replies, events) are well under 1 KiB. libvirt starts every
     * message at {@link #INITIAL}, a malloc'd buffer its allocator hands back at once; here that would be 64 KiB of
     * fresh, zeroed heap per packet, which made young collections, and so the p99 latency, many times more
     * frequent. The writer doubles as needed up to {@link #MESSAGE_MAX}; {@code toByteArray} copies what was written.
     */
    static final int ENCODER_START = 512;

    private static XdrWriter start(MessageHeader header) {
        XdrWriter out = new XdrWriter(ENCODER_START, MESSAGE_MAX + LEN_SIZE);
        out.writeInt(0);
        header.encode(out);
        return out;
    }

    private static byte[] finish(XdrWriter out) {
        out.setInt(0, out.position());
        return out.toByteArray();
    }

    static VirException withCause(VirException e, Throwable cause) {
        e.initCause(cause);
        return e;
    }
}
