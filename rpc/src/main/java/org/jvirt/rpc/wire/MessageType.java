package org.jvirt.rpc.wire;

import java.util.Optional;

/** {@code virNetMessageType}: what a packet is. The numbers are the wire values ({@code virnetprotocol.x}). */
public enum MessageType {
    /** client → server: arguments of a method call. */
    CALL(0),
    /** server → client: reply or error of a method call. */
    REPLY(1),
    /** either direction: asynchronous event. */
    MESSAGE(2),
    /** either direction: stream data. */
    STREAM(3),
    /** client → server: a call with file descriptors passed alongside. */
    CALL_WITH_FDS(4),
    /** server → client: a reply with file descriptors. */
    REPLY_WITH_FDS(5),
    /** either direction: a hole in a sparse stream. */
    STREAM_HOLE(6);

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type with this wire value, or empty for a value libvirt 9.0.0 does not define. */
    public static Optional<MessageType> of(int code) {
        MessageType[] all = values();
        return code >= 0 && code < all.length ? Optional.of(all[code]) : Optional.empty();
    }

    /** True when the payload starts with a count of passed file descriptors. */
    public boolean carriesFds() {
        return this == CALL_WITH_FDS || this == REPLY_WITH_FDS;
    }
}
