package org.jvirt.rpc.wire;

import org.jvirt.rpc.protocol.remote.Error;
import org.jvirt.xdr.XdrCodecs;
import org.jvirt.xdr.XdrException;
import org.jvirt.xdr.XdrReader;

/**
 * One packet: its header and its payload still encoded. The payload is decoded only by whoever knows the
 * procedure ({@link #body}), or as an error ({@link #error}); stream data is used as the raw bytes.
 *
 * <p>For {@code CALL_WITH_FDS}/{@code REPLY_WITH_FDS} the payload starts with the number of file descriptors that
 * travel beside the packet; {@link #fdCount()} reads it and {@link #body} skips it.
 */
public record Message(MessageHeader header, byte[] payload) {

    /** The number of passed file descriptors announced by a {@code *_WITH_FDS} packet, else 0. */
    public int fdCount() {
        if (!header.messageType().map(MessageType::carriesFds).orElse(false)) {
            return 0;
        }
        XdrReader in = new XdrReader(payload);
        int n;
        try {
            n = in.readInt();
        } catch (XdrException e) {
            throw Frames.withCause(Frames.rpcError("Unable to decode number of FDs"), e);
        }
        if (n < 0 || n > Frames.NUM_FDS_MAX) {
            throw Frames.rpcError("Received too many FDs " + n + ", expected " + Frames.NUM_FDS_MAX + " maximum");
        }
        return n;
    }

    private XdrReader bodyReader() {
        XdrReader in = new XdrReader(payload);
        if (header.messageType().map(MessageType::carriesFds).orElse(false)) {
            fdCount();
            in.readInt();
        }
        return in;
    }

    /**
     * Decodes the payload as {@code type}; {@code Void.class} expects no payload and gives null (Void's only value).
     * Bytes after the body are ignored, as libvirt's {@code virNetMessageDecodePayload} ignores them.
     */
    public <T> T body(XdrCodecs codecs, Class<T> type) {
        XdrReader in = bodyReader();
        if (type == Void.class) {
            return null;
        }
        try {
            return codecs.codec(type).decode(in);
        } catch (XdrException e) {
            throw Frames.withCause(Frames.rpcError("Unable to decode message payload"), e);
        }
    }

    /** The error an {@code ERROR}-status packet carries, as the exception the caller will see. */
    public org.jvirt.core.VirException error(XdrCodecs codecs) {
        return RemoteErrors.toException(body(codecs, Error.class));
    }
}
