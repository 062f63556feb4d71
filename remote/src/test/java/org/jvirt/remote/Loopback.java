package org.jvirt.remote;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jvirt.core.VirException;
import org.jvirt.rpc.client.RpcCaller;
import org.jvirt.rpc.protocol.Procedure;
import org.jvirt.rpc.protocol.remote.Error;
import org.jvirt.rpc.server.ClientSession;
import org.jvirt.rpc.server.ProgramHandler;
import org.jvirt.rpc.stream.StreamEndpoint;
import org.jvirt.rpc.wire.RemoteErrors;
import org.jvirt.xdr.XdrCodecs;

/**
 * An in-memory RPC connection for tests: every call's arguments, reply, error and event go through the real XDR
 * codecs in both directions, so the wire mapping is proven without sockets. The "server" is a ProgramHandler with a
 * fake ClientSession.
 */
public final class Loopback implements RpcCaller {
    private static final XdrCodecs CODECS = new XdrCodecs();

    private final Map<Integer, ProgramHandler> handlers = new HashMap<>();
    private final Session session;
    private final Map<Integer, Consumer<Object>> eventHandlers = new ConcurrentHashMap<>();
    private volatile boolean open = true;
    /** Every procedure number called, in order (tests check the driver calls what it should). */
    public final List<String> calls = new ArrayList<>();

    public Loopback(ProgramHandler handler, boolean readOnly) {
        this(List.of(handler), readOnly);
    }

    /** Several programs on one connection, routed by program number as the runtime does. */
    public Loopback(List<ProgramHandler> programs, boolean readOnly) {
        programs.forEach(h -> handlers.put(h.program(), h));
        this.session = new Session(readOnly);
    }

    public ClientSession session() { return session; }

    private static <T> T roundTrip(Class<T> type, Object value) {
        if (type == Void.class) {
            return null;
        }
        return CODECS.decode(type, CODECS.encode(value));
    }

    private <A, R> Object invoke(Procedure<A, R> p, A args) {
        if (!open) {
            throw new IllegalStateException("loopback closed");
        }
        synchronized (calls) {
            calls.add(p.name());
        }
        Object decodedArgs = roundTrip(p.args(), args);
        ProgramHandler handler = handlers.get(p.program());
        if (handler == null) {
            throw new IllegalStateException("no program 0x" + Integer.toHexString(p.program()));
        }
        try {
            return handler.handle(session, p, decodedArgs);
        } catch (VirException e) {
            // The server's error as the client decodes it from a remote_error body.
            throw RemoteErrors.toException(roundTrip(Error.class, RemoteErrors.fromException(e)));
        }
    }

    @Override
    public <A, R> R call(Procedure<A, R> p, A args) {
        Object reply = invoke(p, args);
        if (reply instanceof ProgramHandler.StreamReply) {
            throw new IllegalStateException(p.name() + " opens a stream");
        }
        return roundTrip(p.ret(), reply);
    }

    @Override
    public <A, R> StreamCall<R> callStream(Procedure<A, R> p, A args) {
        Object reply = invoke(p, args);
        if (!(reply instanceof ProgramHandler.StreamReply(Object body, StreamEndpoint endpoint))) {
            throw new IllegalStateException(p.name() + " opened no stream");
        }
        return new StreamCall<>(roundTrip(p.ret(), body), endpoint);
    }

    @SuppressWarnings("unchecked")
    @Override
    public <M> void onEvent(Procedure<M, Void> event, Consumer<M> h) {
        eventHandlers.put(event.number(), m -> h.accept((M) m));
    }

    @Override
    public boolean isOpen() { return open; }

    @Override
    public void close() {
        if (open) {
            open = false;
            session.closed();
        }
    }

    private final class Session implements ClientSession {
        private final boolean readOnly;
        private final Map<Class<?>, Object> attachments = new HashMap<>();
        private final List<Runnable> onClose = new ArrayList<>();

        Session(boolean readOnly) {
            this.readOnly = readOnly;
        }

        @Override public long id() { return 1; }

        @Override public boolean readOnly() { return readOnly; }

        @Override public String transport() { return "unix"; }

        @Override public Optional<String> tlsSubjectDn() { return Optional.empty(); }

        @Override public OptionalInt peerUid() { return OptionalInt.empty(); }

        @Override public OptionalInt peerPid() { return OptionalInt.empty(); }

        @Override public synchronized <T> T attachment(Class<T> type) { return type.cast(attachments.get(type)); }

        @Override public synchronized <T> void attach(Class<T> type, T value) { attachments.put(type, value); }

        @Override
        public <M> void sendEvent(Procedure<M, Void> event, M body) {
            Consumer<Object> h = eventHandlers.get(event.number());
            if (h != null) {
                h.accept(roundTrip(event.args(), body));
            }
        }

        @Override public synchronized void onClose(Runnable action) { onClose.add(action); }

        @Override public void close() { Loopback.this.close(); }

        void closed() {
            onClose.forEach(Runnable::run);
            handlers.values().forEach(h -> h.clientClosed(this));
        }
    }
}
