package org.jvirt.rpc.client;

import java.util.function.Consumer;
import org.jvirt.rpc.protocol.Procedure;
import org.jvirt.rpc.stream.StreamEndpoint;

/**
 * The client side of the RPC runtime as the remote driver uses it: calls matched to replies by serial, events routed
 * by procedure, streams. Implemented by the RPC client runtime over any transport.
 */
public interface RpcCaller extends AutoCloseable {
    /**
     * Sends {@code args} as a CALL and waits for the REPLY: returns its body (null for Void), or throws the
     * VirException the server sent (code, domain, message kept). Safe to call from many threads at once.
     */
    <A, R> R call(Procedure<A, R> procedure, A args);

    /**
     * For {@code @readstream}/{@code @writestream} procedures: sends the call, waits for its reply, and returns the
     * reply body together with the client's end of the stream (write to upload, read to download).
     */
    <A, R> StreamCall<R> callStream(Procedure<A, R> procedure, A args);

    record StreamCall<R>(R reply, StreamEndpoint stream) {}

    /** Routes every event packet of {@code event} to {@code handler} (on the client's event thread, in order). */
    <M> void onEvent(Procedure<M, Void> event, Consumer<M> handler);

    /** False once the connection is closed or keepalive declared the peer dead. */
    boolean isOpen();

    /** Closes the connection; every pending call fails with VIR_ERR_RPC / VIR_ERR_INTERNAL_ERROR as libvirt's do. */
    @Override
    void close();
}
