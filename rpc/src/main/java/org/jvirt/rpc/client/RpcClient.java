package org.jvirt.rpc.client;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.rpc.protocol.Procedure;
import org.jvirt.rpc.protocol.ProcedureTable;
import org.jvirt.rpc.protocol.keepalive.KeepaliveConstants;
import org.jvirt.rpc.protocol.keepalive.KeepaliveProcedures;
import org.jvirt.rpc.transport.Connection;
import org.jvirt.rpc.transport.FrameOutput;
import org.jvirt.rpc.wire.FrameReader;
import org.jvirt.rpc.wire.Frames;
import org.jvirt.rpc.wire.Message;
import org.jvirt.rpc.wire.MessageHeader;
import org.jvirt.rpc.wire.MessageStatus;
import org.jvirt.rpc.wire.MessageType;
import org.jvirt.xdr.XdrCodecs;

/**
 * libvirt's RPC client ({@code virnetclient.c}) over any {@link Connection}: calls from many threads matched to
 * replies by serial, one reader virtual thread, events delivered in order on one event thread, streams, and
 * keepalive (pings answered always; sent and checked once {@link #startKeepAlive} is called).
 */
public final class RpcClient implements RpcCaller {
    private static final System.Logger LOG = System.getLogger("org.jvirt.rpc.client");
    static final int STREAM_CHUNK = 262120;

    private final Connection conn;
    private final XdrCodecs codecs;
    private final FrameOutput out;
    private final AtomicInteger serial = new AtomicInteger(1);
    private final Map<Integer, CompletableFuture<Message>> pending = new ConcurrentHashMap<>();
    private final Map<Integer, ClientStream> streams = new ConcurrentHashMap<>();
    private final Map<Long, List<Consumer<Object>>> eventHandlers = new ConcurrentHashMap<>();
    private final BlockingQueue<Runnable> events = new ArrayBlockingQueue<>(1024);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread reader;
    private final Thread eventThread;
    private volatile VirException closeCause;
    private volatile long lastRx = System.nanoTime();
    private volatile long lastPing;
    private volatile int missed;
    private volatile Thread keepaliveThread;

    /** Starts the client on an already started connection (see {@link Connection#start}). */
    public RpcClient(Connection conn) {
        this(conn, new XdrCodecs());
    }

    public RpcClient(Connection conn, XdrCodecs codecs) {
        this.conn = conn;
        this.codecs = codecs;
        this.out = new FrameOutput(conn.output());
        this.eventThread = Thread.ofVirtual().name("rpc-client-events").start(this::eventLoop);
        this.reader = Thread.ofVirtual().name("rpc-client-reader").start(this::readLoop);
    }

    /** The connection's transport name ("unix", "tcp", "tls", "ssh"). */
    public String transport() {
        return conn.transport();
    }

    XdrCodecs codecs() {
        return codecs;
    }

    @Override
    public <A, R> R call(Procedure<A, R> procedure, A args) {
        int s = serial.getAndIncrement();
        return finishCall(procedure, s, await(s, procedure, args));
    }

    @Override
    public <A, R> StreamCall<R> callStream(Procedure<A, R> procedure, A args) {
        int s = serial.getAndIncrement();
        ClientStream stream = new ClientStream(this, MessageHeader.call(procedure, s));
        // Registered before the call goes out: data may follow the reply at once.
        streams.put(s, stream);
        try {
            R reply = finishCall(procedure, s, await(s, procedure, args));
            return new StreamCall<>(reply, stream);
        } catch (RuntimeException e) {
            streams.remove(s);
            throw e;
        }
    }

    private <A> Message await(int s, Procedure<A, ?> procedure, A args) {
        CompletableFuture<Message> f = new CompletableFuture<>();
        pending.put(s, f);
        try {
            if (closed.get()) {
                throw cause();
            }
            send(Frames.encode(MessageHeader.call(procedure, s), codecs, args));
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.RPC, "interrupted");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof VirException v ? v : cause();
        } finally {
            pending.remove(s);
        }
    }

    private <R> R finishCall(Procedure<?, R> procedure, int s, Message m) {
        MessageHeader h = m.header();
        if (h.status() == MessageStatus.ERROR.code()) {
            throw m.error(codecs);
        }
        if (h.status() != MessageStatus.OK.code()) {
            throw VirException.of(ErrorNumber.RPC, ErrorDomain.RPC,
                    "Unexpected message status " + h.status());
        }
        return m.body(codecs, procedure.ret());
    }

    /** Writes one frame; a failed write closes the client and fails with the close cause. */
    void send(byte[] frame) {
        if (closed.get()) {
            throw cause();
        }
        try {
            out.write(frame);
        } catch (IOException e) {
            shutdown(VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.RPC,
                    "Cannot write data: " + e.getMessage()));
            throw cause();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <M> void onEvent(Procedure<M, Void> event, Consumer<M> handler) {
        eventHandlers.computeIfAbsent(key(event.program(), event.number()), k -> new CopyOnWriteArrayList<>())
                .add((Consumer<Object>) handler);
    }

    private static long key(int prog, int proc) {
        return ((long) prog << 32) | Integer.toUnsignedLong(proc);
    }

    @Override
    public boolean isOpen() {
        return !closed.get();
    }

    /**
     * Starts client keepalive (virNetClientKeepAliveStart): a PING after {@code interval} seconds without any
     * packet from the server, and the connection declared dead after {@code count} unanswered pings.
     */
    public void startKeepAlive(int interval, int count) {
        if (interval <= 0 || count <= 0 || keepaliveThread != null) {
            return;
        }
        long intervalNanos = interval * 1_000_000_000L;
        keepaliveThread = Thread.ofVirtual().name("rpc-client-keepalive").start(() -> {
            while (!closed.get()) {
                try {
                    Thread.sleep(Math.min(1000, interval * 1000L));
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.nanoTime();
                if (now - lastRx < intervalNanos || now - lastPing < intervalNanos) {
                    continue;
                }
                if (missed >= count) {
                    shutdown(VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.RPC,
                            "connection closed due to keepalive timeout"));
                    return;
                }
                missed++;
                lastPing = now;
                try {
                    send(Frames.encode(keepalive(KeepaliveProcedures.PING), codecs, null));
                } catch (VirException e) {
                    return;
                }
            }
        });
    }

    private static MessageHeader keepalive(Procedure<?, ?> p) {
        return new MessageHeader(p.program(), p.version(), p.number(), MessageType.MESSAGE.code(), 0,
                MessageStatus.OK.code());
    }

    private void readLoop() {
        FrameReader in = new FrameReader(conn.input());
        VirException cause = null;
        try {
            while (!closed.get()) {
                Optional<Message> m = in.read();
                if (m.isEmpty()) {
                    cause = VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.RPC,
                            "End of file while reading data: Input/output error");
                    break;
                }
                lastRx = System.nanoTime();
                missed = 0;
                dispatch(m.get());
            }
        } catch (VirException e) {
            cause = e;
        } catch (IOException e) {
            cause = VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.RPC, "Cannot recv data: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "client reader failed", e);
            cause = VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.RPC, e.toString());
        }
        shutdown(cause);
    }

    private void dispatch(Message m) throws InterruptedException {
        MessageHeader h = m.header();
        int type = h.type();
        if (type == MessageType.REPLY.code() || type == MessageType.REPLY_WITH_FDS.code()) {
            CompletableFuture<Message> f = pending.get(h.serial());
            if (f != null) {
                f.complete(m);
                return;
            }
            ClientStream s = streams.get(h.serial());
            if (s != null) {
                s.packet(m);
            }
            return;
        }
        if (type == MessageType.STREAM.code() || type == MessageType.STREAM_HOLE.code()) {
            ClientStream s = streams.get(h.serial());
            if (s != null) {
                s.packet(m);
            }
            return;
        }
        if (type == MessageType.MESSAGE.code()) {
            if (h.prog() == KeepaliveConstants.PROGRAM) {
                if (h.proc() == KeepaliveProcedures.PING.number()) {
                    Thread.ofVirtual().start(() -> {
                        try {
                            send(Frames.encode(keepalive(KeepaliveProcedures.PONG), codecs, null));
                        } catch (VirException ignored) {
                            // Closed meanwhile.
                        }
                    });
                }
                return;
            }
            List<Consumer<Object>> handlers = eventHandlers.get(key(h.prog(), h.proc()));
            Optional<Procedure<?, ?>> p = ProcedureTable.find(h.prog(), h.proc());
            if (handlers == null || p.isEmpty()) {
                return;
            }
            Object body;
            try {
                body = m.body(codecs, p.get().args());
            } catch (VirException e) {
                LOG.log(System.Logger.Level.WARNING, "undecodable event " + p.get().name() + ": " + e.getMessage());
                return;
            }
            events.put(() -> {
                for (Consumer<Object> c : handlers) {
                    c.accept(body);
                }
            });
        }
    }

    private void eventLoop() {
        while (true) {
            Runnable r;
            try {
                r = events.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "event handler failed", e);
            }
        }
    }

    VirException cause() {
        VirException c = closeCause;
        return c != null ? c : closedError();
    }

    private static VirException closedError() {
        return VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.RPC, "client socket is closed");
    }

    void streamDone(int s) {
        streams.remove(s);
    }

    private void shutdown(VirException cause) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeCause = cause != null ? cause : closedError();
        conn.close();
        VirException c = cause();
        for (CompletableFuture<Message> f : pending.values()) {
            f.completeExceptionally(c);
        }
        for (ClientStream s : streams.values()) {
            s.closed(c);
        }
        Thread k = keepaliveThread;
        if (k != null) {
            k.interrupt();
        }
        if (Thread.currentThread() != reader) {
            reader.interrupt();
        }
        // Let queued events run out before the event thread stops.
        events.offer(() -> eventThread.interrupt());
    }

    @Override
    public void close() {
        shutdown(null);
    }
}
