package org.jvirt.rpc.server;

import java.util.Optional;
import java.util.OptionalInt;
import org.jvirt.rpc.protocol.Procedure;

/** What handlers may know and do about one connected client. Implemented by the RPC server runtime. */
public interface ClientSession {
    /** Unique per server run, as libvirt's client id (virt-admin shows it). */
    long id();

    /** Connected through a read-only socket: every state-changing call must be refused (the API does so). */
    boolean readOnly();

    /** "unix", "tcp", "tls" or "ssh"-tunnelled unix, as virt-admin reports the transport. */
    String transport();

    /** The peer's certificate subject DN on TLS connections. */
    Optional<String> tlsSubjectDn();

    /** The peer's uid and pid on unix sockets (SO_PEERCRED), when known. */
    OptionalInt peerUid();

    OptionalInt peerPid();

    /**
     * When the client connected, in seconds since the epoch (virt-admin's "Connected since"). Added for the
     * daemon's ADMIN program; the default (0) is for sessions that do not know.
     */
    default long connectTime() {
        return 0;
    }

    /** The peer as the transport names it (socket path, "/127.0.0.1:40112"), for virt-admin's sock_addr. */
    default String peerAddress() {
        return "";
    }

    /** Per-client state owned by a program handler (e.g. the remote module's open Connect). */
    <T> T attachment(Class<T> type);

    <T> void attach(Class<T> type, T value);

    /** Pushes an event ({@code VIR_NET_MESSAGE}) to the client; never blocks the caller for long (bounded queue). */
    <M> void sendEvent(Procedure<M, Void> event, M body);

    /** Runs {@code action} once when the connection closes, for any reason. */
    void onClose(Runnable action);

    /**
     * The client said it understands keepalive (REMOTE_PROC_CONNECT_SUPPORTS_FEATURE with
     * VIR_DRV_FEATURE_PROGRAM_KEEPALIVE, as libvirt's virNetServerClientStartKeepAlive): from now on the server
     * pings it when idle and drops it when it stops answering. Added for the runtime; the default does nothing.
     */
    default void startKeepAlive() {
    }

    /** Closes the connection (e.g. after CONNECT_CLOSE or a protocol violation). */
    void close();
}
