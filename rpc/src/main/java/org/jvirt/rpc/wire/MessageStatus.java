package org.jvirt.rpc.wire;

import java.util.Optional;

/** {@code virNetMessageStatus}: the outcome a packet reports. */
public enum MessageStatus {
    /** Always for calls and events; for replies, success; for streams, end of file. */
    OK(0),
    /** For replies and streams: a {@code remote_error} follows. */
    ERROR(1),
    /** For streams: more data follows. */
    CONTINUE(2);

    private final int code;

    MessageStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The status with this wire value, or empty for a value libvirt does not define. */
    public static Optional<MessageStatus> of(int code) {
        MessageStatus[] all = values();
        return code >= 0 && code < all.length ? Optional.of(all[code]) : Optional.empty();
    }
}
