package org.jvirt.rpc.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One established byte stream between a client and a server, knowing nothing of RPC: unix socket, TCP, TLS or an
 * ssh child process. Reads and writes may happen on two threads at once; {@link #close} unblocks both.
 */
public interface Connection extends AutoCloseable {
    /**
     * Finishes setting the connection up before any packet flows (the TLS handshake, certificate and DN checks and
     * libvirt's confirmation byte). Called once, on the connection's own thread, so a slow peer delays only itself.
     */
    default void start() throws IOException {
    }

    InputStream input();

    OutputStream output();

    /** "unix", "tcp", "tls" or "ssh", as virt-admin names a client's transport. */
    String transport();

    /** The peer for logs, e.g. "127.0.0.1:40112" or the socket path. */
    String peer();

    /** The peer certificate's subject DN in libvirt's (gnutls) order, on TLS connections after {@link #start}. */
    default Optional<String> tlsSubjectDn() {
        return Optional.empty();
    }

    /** The peer's uid on unix sockets, when the kernel told us. */
    default OptionalInt peerUid() {
        return OptionalInt.empty();
    }

    /** The peer's pid on unix sockets, when known. */
    default OptionalInt peerPid() {
        return OptionalInt.empty();
    }

    /** Closes both directions; idempotent, never throws. */
    @Override
    void close();
}
