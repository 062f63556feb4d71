package org.jvirt.remote.client;

import org.jvirt.rpc.client.RpcCaller;
import org.jvirt.spi.ConnectAuth;
import org.jvirt.spi.ConnectUri;

/**
 * Opens the RPC transport a remote URI names (unix socket, TCP, TLS, SSH tunnel) and returns a caller speaking
 * libvirt's RPC over it; the remote driver then sends CONNECT_OPEN itself. Implemented by the RPC runtime (found
 * through {@link java.util.ServiceLoader}) and by in-memory loopbacks in tests.
 */
@FunctionalInterface
public interface RpcConnector {
    /**
     * Connects to the daemon {@code uri} designates. {@code uri} still carries the transport, host, port, user and
     * the query parameters only the transport uses ({@code socket}, {@code no_verify}, {@code keyfile}, ...).
     * {@code readOnly} picks the daemon's read-only socket on unix transports, as libvirt does.
     */
    RpcCaller connect(ConnectUri uri, boolean readOnly, ConnectAuth auth);
}
