package org.jvirt.rpc.wire;

import java.util.Optional;
import org.jvirt.rpc.protocol.Procedure;
import org.jvirt.xdr.XdrReader;
import org.jvirt.xdr.XdrWriter;

/**
 * {@code virNetMessageHeader}: the 24 bytes after a frame's length word. Fields hold the raw wire values (prog,
 * vers and serial are XDR {@code unsigned int}), so that a header with a type or status this version does not know
 * can still be answered by serial; {@link #messageType()} and {@link #messageStatus()} interpret them.
 */
public record MessageHeader(int prog, int vers, int proc, int type, int serial, int status) {
    /** Encoded size: six 4-byte words ({@code VIR_NET_MESSAGE_HEADER_MAX}). */
    public static final int SIZE = 24;

    /** A {@code CALL} of {@code procedure} with {@code serial}, status OK. */
    public static MessageHeader call(Procedure<?, ?> procedure, int serial) {
        return new MessageHeader(procedure.program(), procedure.version(), procedure.number(),
                MessageType.CALL.code(), serial, MessageStatus.OK.code());
    }

    /**
     * An event: a {@code MESSAGE} of {@code procedure} with status OK and serial 1. rpc.rst says events carry
     * serial 0, but libvirtd 9.0.0 sends 1 (see the recorded traffic in CaptureReplayTest); we send what it sends.
     */
    public static MessageHeader event(Procedure<?, ?> procedure) {
        return new MessageHeader(procedure.program(), procedure.version(), procedure.number(),
                MessageType.MESSAGE.code(), 1, MessageStatus.OK.code());
    }

    /** The reply to this call: same program, version, procedure and serial. */
    public MessageHeader reply(MessageStatus status) {
        return new MessageHeader(prog, vers, proc, MessageType.REPLY.code(), serial, status.code());
    }

    /** The same header with another type and status (e.g. a stream packet of this call). */
    public MessageHeader with(MessageType newType, MessageStatus newStatus) {
        return new MessageHeader(prog, vers, proc, newType.code(), serial, newStatus.code());
    }

    public Optional<MessageType> messageType() {
        return MessageType.of(type);
    }

    public Optional<MessageStatus> messageStatus() {
        return MessageStatus.of(status);
    }

    public void encode(XdrWriter out) {
        out.writeUnsignedInt(prog);
        out.writeUnsignedInt(vers);
        out.writeInt(proc);
        out.writeInt(type);
        out.writeUnsignedInt(serial);
        out.writeInt(status);
    }

    /** Decodes the header; {@link org.jvirt.xdr.XdrException} when fewer than 24 bytes remain. */
    public static MessageHeader decode(XdrReader in) {
        return new MessageHeader(in.readUnsignedInt(), in.readUnsignedInt(), in.readInt(), in.readInt(),
                in.readUnsignedInt(), in.readInt());
    }

    @Override
    public String toString() {
        return "prog=0x" + Integer.toHexString(prog) + " vers=" + vers + " proc=" + proc + " type=" + type
                + " serial=" + Integer.toUnsignedString(serial) + " status=" + status;
    }
}
