package org.jvirt.qemu.monitor;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/**
 * A QMP client over a unix socket (libvirt's qemu_monitor.c + qemu_monitor_json.c, shaped after qemu.qmp's
 * QMPClient). One reader virtual thread parses each line QEMU sends: replies complete the pending command with the
 * same {@code id}, events go to a bounded queue drained by a second virtual thread that calls the {@link
 * QmpListener}. Commands may be issued from any thread, concurrently; writes are serialised by a lock.
 *
 * <p>Runstate follows qemu.qmp: IDLE → CONNECTING (greeting, qmp_capabilities) → RUNNING → DISCONNECTING → IDLE.
 * When the connection ends for any reason every pending command fails with {@link QmpException.Disconnected}, events
 * already queued are still delivered, and then {@link QmpListener#onDisconnect} is called once.
 */
public final class QmpConnection implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.jvirt.qemu.monitor");
    /** libvirt's QEMU_MONITOR_MAX_RESPONSE: a reply larger than this closes the monitor. */
    public static final int MAX_MESSAGE = 10 * 1024 * 1024;
    static final int EVENT_QUEUE = 1024;

    public enum Runstate { IDLE, CONNECTING, RUNNING, DISCONNECTING }

    /** QEMU's greeting: {@code {"QMP": {"version": {...}, "capabilities": [...]}}}. */
    public record Greeting(Json.Obj version, List<String> capabilities) {
        /** "7.2.0" from the qemu part of the version. */
        public String qemuVersion() {
            Json.Obj q = version.obj("qemu");
            return q == null ? "" : q.num("major", 0) + "." + q.num("minor", 0) + "." + q.num("micro", 0);
        }
    }

    private record Pending(String command, Json.Obj request, CompletableFuture<Json> result) {}

    private final String vmName;
    private final QmpListener listener;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final Object stateLock = new Object();

    private volatile Runstate runstate = Runstate.IDLE;
    private volatile BiConsumer<Json.Obj, Json.Obj> transcript;
    private SocketChannel channel;
    private CompletableFuture<Greeting> greeting;
    private BlockingQueue<Object> events;
    private Thread reader;
    private Thread dispatcher;

    /** {@code vmName} appears in libvirt's error texts ("End of file from qemu monitor (vm='NAME')"). */
    public QmpConnection(String vmName, QmpListener listener) {
        this.vmName = vmName;
        this.listener = listener;
    }

    public Runstate runstate() {
        return runstate;
    }

    /** Receives each (request, reply) pair as it completes; used to record {@code .replies} files. */
    public void setTranscript(BiConsumer<Json.Obj, Json.Obj> transcript) {
        this.transcript = transcript;
    }

    /**
     * Connects, reads the greeting and negotiates capabilities. Retries while the socket does not exist yet or
     * refuses (QEMU still starting), as libvirt does, until {@code timeout}.
     */
    public Greeting connect(Path socket, Duration timeout) {
        synchronized (stateLock) {
            if (runstate != Runstate.IDLE) {
                throw VirException.operationInvalid(ErrorDomain.QEMU, "monitor is already " + runstate);
            }
            runstate = Runstate.CONNECTING;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        SocketChannel ch = null;
        IOException last = null;
        while (ch == null) {
            try {
                SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    c.connect(UnixDomainSocketAddress.of(socket));
                    ch = c;
                } catch (IOException e) {
                    c.close();
                    throw e;
                }
            } catch (IOException e) {
                last = e;
                if (System.nanoTime() > deadline) {
                    runstate = Runstate.IDLE;
                    throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.QEMU,
                            "failed to connect to monitor socket: " + e.getMessage());
                }
                sleep(Duration.ofMillis(20));
            }
        }
        LOG.log(System.Logger.Level.DEBUG, "connected to {0} after {1}", socket, last == null ? "first try" : "retry");
        channel = ch;
        greeting = new CompletableFuture<>();
        events = new ArrayBlockingQueue<>(EVENT_QUEUE);
        dispatcher = Thread.ofVirtual().name("qmp-events-" + vmName).start(this::dispatchEvents);
        InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 65536);
        reader = Thread.ofVirtual().name("qmp-reader-" + vmName).start(() -> readLoop(in));
        try {
            Greeting g = await(greeting, "greeting", deadline);
            call("qmp_capabilities", null, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            synchronized (stateLock) {
                if (runstate != Runstate.CONNECTING) {
                    throw new QmpException.Disconnected(vmName, true, null);
                }
                runstate = Runstate.RUNNING;
            }
            return g;
        } catch (RuntimeException e) {
            // close() also waits for the reader, so the caller sees IDLE however the connection ended.
            close();
            throw e;
        }
    }

    /** Runs a command and returns its {@code "return"} value. */
    public Json execute(String command, Json.Obj arguments, Duration timeout) {
        if (runstate != Runstate.RUNNING) {
            throw new QmpException.Disconnected(vmName, false, null);
        }
        return call(command, arguments, timeout);
    }

    public Json execute(String command, Duration timeout) {
        return execute(command, null, timeout);
    }

    /** Sends a command and returns at once; the future fails with a {@link QmpException}. */
    public CompletableFuture<Json> executeAsync(String command, Json.Obj arguments) {
        if (runstate != Runstate.RUNNING) {
            return CompletableFuture.failedFuture(new QmpException.Disconnected(vmName, false, null));
        }
        return send(command, arguments).result();
    }

    private Json call(String command, Json.Obj arguments, Duration timeout) {
        Pending p = send(command, arguments);
        try {
            return p.result().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending.values().remove(p);
            throw new QmpException.Timeout(command, timeout.toMillis());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof QmpException q) {
                throw q;
            }
            throw new QmpException.ProtocolError(String.valueOf(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.values().remove(p);
            throw new QmpException.Disconnected(vmName, false, e);
        }
    }

    private Pending send(String command, Json.Obj arguments) {
        String id = "libvirt-" + nextId.getAndIncrement();
        Json.Obj req = arguments == null ? Json.object("execute", command, "id", id)
                : Json.object("execute", command, "arguments", arguments, "id", id);
        Pending p = new Pending(command, req, new CompletableFuture<>());
        pending.put(id, p);
        byte[] bytes = (req.write() + "\r\n").getBytes(StandardCharsets.UTF_8);
        writeLock.lock();
        try {
            SocketChannel ch = channel;
            if (ch == null || !ch.isOpen()) {
                throw new IOException("closed");
            }
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        } catch (IOException e) {
            pending.remove(id);
            p.result().completeExceptionally(new QmpException.Disconnected(vmName, false, e));
        } finally {
            writeLock.unlock();
        }
        return p;
    }

    private void readLoop(InputStream in) {
        QmpException.Disconnected cause = new QmpException.Disconnected(vmName, true, null);
        try {
            while (true) {
                String line = readLine(in);
                if (line == null) {
                    break;
                }
                if (line.isBlank()) {
                    continue;
                }
                Json msg;
                try {
                    msg = JsonParser.parse(line);
                } catch (JsonParser.JsonException e) {
                    throw new QmpException.ProtocolError("cannot parse json " + line + ": " + e.getMessage(), e);
                }
                if (!(msg instanceof Json.Obj obj)) {
                    throw new QmpException.ProtocolError("Parsed JSON reply '" + line + "' isn't an object", null);
                }
                dispatch(obj);
            }
        } catch (IOException e) {
            if (runstate == Runstate.DISCONNECTING || runstate == Runstate.IDLE) {
                cause = new QmpException.Disconnected(vmName, false, e);
            } else {
                cause = new QmpException.Disconnected(vmName, true, e);
            }
        } catch (QmpException e) {
            LOG.log(System.Logger.Level.WARNING, "closing monitor of {0}: {1}", vmName, e.getMessage());
            cause = new QmpException.Disconnected(vmName, true, e);
        } catch (InterruptedException e) {
            cause = new QmpException.Disconnected(vmName, false, e);
        }
        disconnect(cause);
    }

    private void dispatch(Json.Obj msg) throws InterruptedException {
        if (!greeting.isDone()) {
            Json.Obj qmp = msg.obj("QMP");
            if (qmp == null) {
                throw new QmpException.ProtocolError("QEMU did not send a QMP greeting: " + msg.write(), null);
            }
            List<String> caps = new ArrayList<>();
            for (Json c : qmp.arr("capabilities")) {
                if (c instanceof Json.Str s) {
                    caps.add(s.value());
                }
            }
            Json.Obj version = qmp.obj("version");
            greeting.complete(new Greeting(version == null ? Json.object() : version, caps));
            return;
        }
        if (msg.has("event")) {
            events.put(QmpEvent.from(msg));
            return;
        }
        String id = msg.str("id");
        Pending p = id == null ? null : pending.remove(id);
        if (p == null) {
            LOG.log(System.Logger.Level.DEBUG, "ignoring unmatched reply from {0}: {1}", vmName, msg.write());
            return;
        }
        BiConsumer<Json.Obj, Json.Obj> t = transcript;
        if (t != null) {
            t.accept(p.request(), msg);
        }
        if (msg.has("return")) {
            p.result().complete(msg.get("return"));
        } else if (msg.obj("error") != null) {
            Json.Obj err = msg.obj("error");
            p.result().completeExceptionally(new QmpException.CommandFailed(p.command(),
                    err.str("class") == null ? "GenericError" : err.str("class"),
                    err.str("desc") == null ? "" : err.str("desc")));
        } else {
            p.result().completeExceptionally(new QmpException.ProtocolError("Missing monitor reply object", null));
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(256);
        while (true) {
            int c = in.read();
            if (c < 0) {
                return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
            }
            if (c == '\n') {
                String line = b.toString(StandardCharsets.UTF_8);
                return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            }
            if (b.size() >= MAX_MESSAGE) {
                throw new QmpException.ProtocolError("QEMU monitor reply exceeds buffer size (" + MAX_MESSAGE
                        + " bytes)", null);
            }
            b.write(c);
        }
    }

    private void dispatchEvents() {
        try {
            while (true) {
                Object o = events.take();
                if (o instanceof QmpException.Disconnected d) {
                    listener.onDisconnect(d);
                    return;
                }
                try {
                    listener.onEvent((QmpEvent) o);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "event listener of " + vmName + " failed", e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Tears the connection down once: fails every pending command, then lets the event thread finish. */
    private void disconnect(QmpException.Disconnected cause) {
        synchronized (stateLock) {
            if (runstate == Runstate.DISCONNECTING || runstate == Runstate.IDLE || channel == null) {
                return;
            }
            runstate = Runstate.DISCONNECTING;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing monitor socket: {0}", e.getMessage());
        }
        greeting.completeExceptionally(cause);
        for (String id : List.copyOf(pending.keySet())) {
            Pending p = pending.remove(id);
            if (p != null) {
                p.result().completeExceptionally(cause);
            }
        }
        // The poison pill must get in even if the queue is full of events nobody consumes any more.
        while (!events.offer(cause)) {
            events.poll();
        }
        synchronized (stateLock) {
            channel = null;
            runstate = Runstate.IDLE;
        }
    }

    /** Closes the connection; pending commands fail with "QEMU monitor was closed". Idempotent. */
    @Override
    public void close() {
        disconnect(new QmpException.Disconnected(vmName, false, null));
        for (Thread t : new Thread[] {reader, dispatcher}) {
            if (t != null && t != Thread.currentThread()) {
                try {
                    t.join(Duration.ofSeconds(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static <T> T await(CompletableFuture<T> f, String what, long deadline) {
        try {
            return f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new QmpException.Timeout(what, 0);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof QmpException q) {
                throw q;
            }
            throw new QmpException.ProtocolError(String.valueOf(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QmpException.Disconnected("", false, e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
