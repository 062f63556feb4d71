package org.jvirt.rpc.server;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.rpc.protocol.Procedure;
import org.jvirt.rpc.protocol.ProcedureTable;
import org.jvirt.rpc.protocol.keepalive.KeepaliveConstants;
import org.jvirt.rpc.protocol.keepalive.KeepaliveProcedures;
import org.jvirt.rpc.stream.StreamEndpoint;
import org.jvirt.rpc.wire.FrameReader;
import org.jvirt.rpc.wire.Frames;
import org.jvirt.rpc.wire.Message;
import org.jvirt.rpc.wire.MessageHeader;
import org.jvirt.rpc.wire.MessageStatus;
import org.jvirt.rpc.wire.MessageType;
import org.jvirt.rpc.transport.Connection;
import org.jvirt.rpc.transport.FrameOutput;
import org.jvirt.rpc.wire.RemoteErrors;

/**
 * One connected client ({@code virNetServerClient}): its reader loop, in-flight calls, streams, event queue and
 * keepalive state. Every failure that concerns only this client ends here, never in another client.
 */
final class ServerClient implements ClientSession {
    private static final System.Logger LOG = System.getLogger("org.jvirt.rpc.server");
    /** libvirt's stream chunk ({@code VIR_NET_MESSAGE_LEGACY_PAYLOAD_MAX}). */
    static final int STREAM_CHUNK = 262120;
    /** Read buffer per client: a whole typical call fits. */
    private static final int READ_BUFFER = 8192;

    private final RpcServer server;
    private final long id;
    private final Connection conn;
    private final boolean readOnly;
    private final long connectTime = System.currentTimeMillis() / 1000;
    private final Semaphore requests;
    private final Set<Integer> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<Integer, ServerStream> streams = new ConcurrentHashMap<>();
    private final Map<Class<?>, Object> attachments = new ConcurrentHashMap<>();
    private final List<Runnable> closeActions = new CopyOnWriteArrayList<>();
    private final BlockingQueue<byte[]> outQueue;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Whether a thread is writing out the queue now; at most one does, so queued packets keep their order. */
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile FrameOutput writer;
    private volatile boolean keepalive;
    private volatile long lastRx = System.nanoTime();
    private volatile long lastPing;
    private volatile int pingsSent;

    ServerClient(RpcServer server, long id, Connection conn, boolean readOnly) {
        this.server = server;
        this.id = id;
        this.conn = conn;
        this.readOnly = readOnly;
        this.requests = new Semaphore(server.limits().maxClientRequests());
        this.outQueue = new ArrayBlockingQueue<>(server.limits().eventQueue());
    }

    void run() {
        try {
            conn.start();
            writer = new FrameOutput(conn.output());
            // Buffered: one read returns the length word and the rest of a small packet together (one syscall per
            // call instead of two); large packets (stream data) bypass the buffer. This thread is the only reader.
            FrameReader reader = new FrameReader(new BufferedInputStream(conn.input(), READ_BUFFER));
            while (!closed.get()) {
                Optional<Message> m = reader.read();
                if (m.isEmpty()) {
                    break;
                }
                lastRx = System.nanoTime();
                pingsSent = 0;
                server.touch();
                dispatch(m.get());
            }
        } catch (VirException e) {
            // A bad length or header: libvirt drops the connection rather than guess where the next packet starts.
            LOG.log(System.Logger.Level.DEBUG, "client " + id + " protocol error: " + e.getMessage());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "client " + id + " I/O error: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "client " + id + " failed", e);
        } finally {
            close();
        }
    }

    private void dispatch(Message msg) throws IOException, InterruptedException {
        MessageHeader h = msg.header();
        if (h.prog() == KeepaliveConstants.PROGRAM && h.vers() == KeepaliveConstants.PROTOCOL_VERSION
                && h.type() == MessageType.MESSAGE.code()) {
            if (h.proc() == KeepaliveProcedures.PING.number()) {
                // A client that pings understands pings: libvirt clients always answer them.
                keepalive = true;
                enqueue(Frames.encode(keepaliveHeader(KeepaliveProcedures.PONG), server.codecs(), null));
            }
            return;
        }
        ProgramHandler handler = server.program(h.prog());
        if (handler == null || handler.version() != h.vers()) {
            errorReply(h, rpcError("Cannot find program " + h.prog() + " version " + h.vers()));
            return;
        }
        Optional<MessageType> type = h.messageType();
        if (type.isEmpty() || !(type.get() == MessageType.CALL || type.get() == MessageType.CALL_WITH_FDS
                || type.get() == MessageType.STREAM || type.get() == MessageType.STREAM_HOLE)) {
            errorReply(h, rpcError("Unexpected message type " + Integer.toUnsignedString(h.type())));
            return;
        }
        if (type.get() == MessageType.STREAM || type.get() == MessageType.STREAM_HOLE) {
            streamPacket(msg);
            return;
        }
        if (h.status() != MessageStatus.OK.code()) {
            errorReply(h, rpcError("Unexpected message status " + Integer.toUnsignedString(h.status())));
            return;
        }
        Optional<Procedure<?, ?>> proc = ProcedureTable.find(h.prog(), h.proc());
        if (proc.isEmpty()) {
            errorReply(h, rpcError("unknown procedure: " + h.proc()));
            return;
        }
        Object args;
        try {
            msg.fdCount();
            args = msg.body(server.codecs(), proc.get().args());
        } catch (VirException e) {
            errorReply(h, e);
            return;
        }
        // max_client_requests: stop reading this client until one of its calls finishes.
        requests.acquire();
        if (!inFlight.add(h.serial())) {
            requests.release();
            throw rpcError("duplicate serial " + Integer.toUnsignedString(h.serial()) + " of a call in progress");
        }
        Procedure<?, ?> p = proc.get();
        Thread.ofVirtual().name("rpc-call-" + id + "-" + h.serial()).start(() -> call(handler, p, h, args));
    }

    private void call(ProgramHandler handler, Procedure<?, ?> proc, MessageHeader h, Object args) {
        try {
            Semaphore slot = worker(proc.priority());
            Object result = null;
            Throwable failure = null;
            try {
                result = handler.handle(this, proc, args);
            } catch (Throwable t) {
                failure = t;
            } finally {
                slot.release();
            }
            if (failure != null) {
                if (!(failure instanceof VirException)) {
                    LOG.log(System.Logger.Level.WARNING, "handler failed on " + proc.name(), failure);
                }
                errorReply(h, failure);
            } else {
                reply(h, result);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.remove(h.serial());
            requests.release();
        }
    }

    /** A max_workers slot; high-priority calls may take a prio_workers slot when every other one is busy. */
    private Semaphore worker(Procedure.Priority priority) throws InterruptedException {
        if (priority == Procedure.Priority.HIGH) {
            if (server.workers.tryAcquire()) {
                return server.workers;
            }
            if (server.prioWorkers.tryAcquire()) {
                return server.prioWorkers;
            }
        }
        server.workers.acquire();
        return server.workers;
    }

    private void reply(MessageHeader h, Object result) {
        Object body = result;
        ServerStream stream = null;
        if (result instanceof ProgramHandler.StreamReply sr) {
            body = sr.body();
            stream = new ServerStream(this, h, sr.endpoint());
            streams.put(h.serial(), stream);
        }
        byte[] frame;
        try {
            frame = Frames.encode(h.reply(MessageStatus.OK), server.codecs(), body);
        } catch (VirException e) {
            if (stream != null) {
                streams.remove(h.serial());
                stream.endpoint().abort();
            }
            errorReply(h, e);
            return;
        }
        send(frame);
        if (stream != null && closed.get()) {
            // Closed while the handler ran: close() may have missed this stream.
            streams.remove(h.serial());
            stream.closed();
            return;
        }
        if (stream != null) {
            Procedure<?, ?> p = ProcedureTable.find(h.prog(), h.proc()).orElseThrow();
            if (p.stream() == Procedure.Stream.READ) {
                stream.startPump();
            }
        }
    }

    void errorReply(MessageHeader call, Throwable error) {
        send(Frames.encode(call.reply(MessageStatus.ERROR), server.codecs(), RemoteErrors.fromException(error)));
    }

    /** Writes a whole frame now (replies, stream data: bounded by max_client_requests and stream flow). */
    void send(byte[] frame) {
        FrameOutput w = writer;
        if (w == null || closed.get()) {
            return;
        }
        try {
            w.write(frame);
        } catch (IOException e) {
            close();
        }
    }

    // ---- streams ----

    private void streamPacket(Message msg) {
        MessageHeader h = msg.header();
        ServerStream s = streams.get(h.serial());
        if (s == null || s.header().proc() != h.proc()) {
            // Data may still arrive after we aborted a stream: libvirt drops it.
            return;
        }
        if (h.type() == MessageType.STREAM_HOLE.code()) {
            streams.remove(h.serial());
            s.fail(VirException.of(ErrorNumber.NO_SUPPORT, ErrorDomain.STREAMS, "sparse streams"));
            return;
        }
        switch (h.status()) {
            case 2 -> s.data(msg.payload());
            case 0 -> {
                streams.remove(h.serial());
                s.finish();
            }
            case 1 -> {
                streams.remove(h.serial());
                s.abort();
            }
            default -> {
                streams.remove(h.serial());
                s.endpoint().abort();
                errorReply(h, rpcError("stream aborted with unexpected status " + h.status()));
            }
        }
    }

    void streamDone(ServerStream s) {
        streams.remove(s.header().serial(), s);
    }

    // ---- events and keepalive ----

    private static MessageHeader keepaliveHeader(Procedure<?, ?> p) {
        return new MessageHeader(p.program(), p.version(), p.number(), MessageType.MESSAGE.code(), 0,
                MessageStatus.OK.code());
    }

    /**
     * Queues an asynchronous packet and makes sure a writer thread drains the queue, so that the event dispatcher
     * never blocks on a client that does not read; a client whose queue is full is too slow or not reading: drop it.
     * The writer thread exists only while there is something to write: an idle connection costs no thread for its
     * events, and opening a connection starts one thread (its reader), not two.
     */
    private void enqueue(byte[] frame) {
        if (closed.get()) {
            return;
        }
        if (!outQueue.offer(frame)) {
            LOG.log(System.Logger.Level.WARNING, "client " + id + " does not read its events: disconnecting");
            close();
            return;
        }
        if (draining.compareAndSet(false, true)) {
            Thread.ofVirtual().name("rpc-client-" + id + "-events").start(this::drainQueue);
        }
    }

    private void drainQueue() {
        try {
            while (true) {
                byte[] frame;
                while ((frame = outQueue.poll()) != null) {
                    FrameOutput w = writer;
                    if (w == null || closed.get()) {
                        outQueue.clear();
                        return;
                    }
                    w.write(frame);
                }
                draining.set(false);
                // A packet queued after the last poll but before the reset found draining set and started no
                // thread: take it over, unless a newer thread already has.
                if (outQueue.isEmpty() || !draining.compareAndSet(false, true)) {
                    return;
                }
            }
        } catch (IOException e) {
            close();
        }
    }

    void keepaliveTick(long now) {
        ServerLimits l = server.limits();
        if (!keepalive || !l.keepaliveEnabled() || closed.get()) {
            return;
        }
        long interval = l.keepaliveInterval() * 1_000_000_000L;
        if (now - lastRx < interval || now - lastPing < interval) {
            return;
        }
        if (pingsSent >= l.keepaliveCount()) {
            LOG.log(System.Logger.Level.WARNING, "client " + id + ": connection closed due to keepalive timeout");
            close();
            return;
        }
        pingsSent++;
        lastPing = now;
        enqueue(Frames.encode(keepaliveHeader(KeepaliveProcedures.PING), server.codecs(), null));
    }

    static VirException rpcError(String detail) {
        return VirException.of(ErrorNumber.RPC, ErrorDomain.RPC, detail);
    }

    // ---- ClientSession ----

    @Override
    public long id() {
        return id;
    }

    @Override
    public long connectTime() {
        return connectTime;
    }

    @Override
    public String peerAddress() {
        return conn.peer();
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    @Override
    public String transport() {
        return conn.transport();
    }

    @Override
    public Optional<String> tlsSubjectDn() {
        return conn.tlsSubjectDn();
    }

    @Override
    public OptionalInt peerUid() {
        return conn.peerUid();
    }

    @Override
    public OptionalInt peerPid() {
        return conn.peerPid();
    }

    @Override
    public <T> T attachment(Class<T> type) {
        return type.cast(attachments.get(type));
    }

    @Override
    public <T> void attach(Class<T> type, T value) {
        if (value == null) {
            attachments.remove(type);
        } else {
            attachments.put(type, value);
        }
    }

    @Override
    public <M> void sendEvent(Procedure<M, Void> event, M body) {
        enqueue(Frames.encode(MessageHeader.event(event), server.codecs(), body));
    }

    @Override
    public void onClose(Runnable action) {
        if (closed.get()) {
            action.run();
        } else {
            closeActions.add(action);
        }
    }

    @Override
    public void startKeepAlive() {
        keepalive = true;
    }

    org.jvirt.xdr.XdrCodecs codecs() {
        return server.codecs();
    }

    boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Also ends a queue writer blocked in a write: the write fails and the writer stops.
        conn.close();
        for (ServerStream s : streams.values()) {
            s.closed();
        }
        streams.clear();
        for (Runnable r : closeActions) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "close action failed", e);
            }
        }
        for (ProgramHandler p : server.programs()) {
            try {
                p.clientClosed(this);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "clientClosed failed", e);
            }
        }
        server.removed(this);
    }

    @Override
    public String toString() {
        return "client " + id + " (" + conn.transport() + " " + conn.peer() + ")";
    }
}
