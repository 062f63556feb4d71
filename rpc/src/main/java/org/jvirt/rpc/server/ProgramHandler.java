package org.jvirt.rpc.server;

import org.jvirt.rpc.protocol.Procedure;
import org.jvirt.rpc.stream.StreamEndpoint;

/**
 * The calls of one RPC program (REMOTE, QEMU, LXC, ADMIN), as the daemon binds them. The runtime decodes the
 * arguments with the procedure's declared record, calls {@link #handle} on a virtual thread (within the client's
 * {@code max_client_requests} and the server's {@code max_workers}), and encodes what it returns, or the
 * VirException it throws, as the reply. An unknown procedure never reaches the handler.
 */
public interface ProgramHandler {
    int program();

    int version();

    /**
     * Handles one call. Returns the reply body ({@code null} for a procedure whose return is {@code Void}), or a
     * {@link StreamReply} for {@code @readstream}/{@code @writestream} procedures.
     */
    Object handle(ClientSession client, Procedure<?, ?> procedure, Object args);

    /** The reply of a stream-opening call: its body, then data flows through {@code endpoint}. */
    record StreamReply(Object body, StreamEndpoint endpoint) {}

    /** Called once when a client's connection closes (release its Connect, callbacks, streams). */
    default void clientClosed(ClientSession client) {}
}
