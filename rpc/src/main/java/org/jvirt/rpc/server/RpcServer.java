package org.jvirt.rpc.server;

import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jvirt.rpc.transport.Connection;
import org.jvirt.rpc.transport.Listener;
import org.jvirt.xdr.XdrCodecs;

/**
 * libvirt's RPC server ({@code virnetserver.c}): listeners, one reader virtual thread per client, calls dispatched
 * to {@link ProgramHandler}s on virtual threads within libvirt's limits, keepalive, streams and events. Programs are
 * found by the (prog, vers) of each call; KEEPALIVE is handled here.
 */
public final class RpcServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.jvirt.rpc.server");

    private final ServerLimits limits;
    private final Map<Integer, ProgramHandler> programs;
    private final XdrCodecs codecs = new XdrCodecs();
    private final Semaphore clientSlots;
    /** max_workers slots for any call, plus prio_workers slots only high-priority calls may take. */
    final Semaphore workers;
    final Semaphore prioWorkers;
    private final AtomicLong nextClientId = new AtomicLong(1);
    private final Map<Long, ServerClient> clients = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread keepaliveThread;
    private volatile long lastActivityNanos = System.nanoTime();

    public RpcServer(ServerLimits limits, Collection<ProgramHandler> handlers) {
        this.limits = limits;
        Map<Integer, ProgramHandler> m = new HashMap<>();
        for (ProgramHandler h : handlers) {
            if (m.put(h.program(), h) != null) {
                throw new IllegalArgumentException("two handlers for program 0x" + Integer.toHexString(h.program()));
            }
        }
        this.programs = Map.copyOf(m);
        this.clientSlots = new Semaphore(limits.maxClients());
        this.workers = new Semaphore(limits.maxWorkers());
        this.prioWorkers = new Semaphore(limits.prioWorkers());
        this.keepaliveThread = Thread.ofVirtual().name("rpc-keepalive").start(this::keepaliveLoop);
    }

    /** Accepts clients from {@code listener} on a virtual thread until the server closes. */
    public void addListener(Listener listener, boolean readOnly) {
        listeners.add(listener);
        Thread.ofVirtual().name("rpc-accept " + listener.address()).start(() -> acceptLoop(listener, readOnly));
    }

    /**
     * Serves one already connected client (e.g. a socket-activated or test connection); returns at once. The
     * client counts against max_clients only when a slot is free, else it is closed.
     */
    public void serve(Connection conn, boolean readOnly) {
        if (!clientSlots.tryAcquire()) {
            conn.close();
            return;
        }
        start(conn, readOnly);
    }

    private void acceptLoop(Listener listener, boolean readOnly) {
        while (!closed.get()) {
            try {
                // At max_clients libvirt stops accepting: further clients wait in the backlog.
                clientSlots.acquire();
            } catch (InterruptedException e) {
                return;
            }
            Connection conn;
            try {
                conn = listener.accept();
            } catch (IOException e) {
                clientSlots.release();
                if (!closed.get()) {
                    LOG.log(System.Logger.Level.WARNING, "accept failed on " + listener.address() + ": " + e);
                    if (!sleepQuietly()) {
                        return;
                    }
                }
                continue;
            }
            if (closed.get()) {
                conn.close();
                clientSlots.release();
                return;
            }
            start(conn, readOnly);
        }
    }

    private static boolean sleepQuietly() {
        try {
            Thread.sleep(100);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private void start(Connection conn, boolean readOnly) {
        ServerClient c = new ServerClient(this, nextClientId.getAndIncrement(), conn, readOnly);
        clients.put(c.id(), c);
        touch();
        Thread.ofVirtual().name("rpc-client-" + c.id()).start(c::run);
    }

    void removed(ServerClient c) {
        if (clients.remove(c.id()) != null) {
            clientSlots.release();
            touch();
        }
    }

    void touch() {
        lastActivityNanos = System.nanoTime();
    }

    ProgramHandler program(int prog) {
        return programs.get(prog);
    }

    Collection<ProgramHandler> programs() {
        return programs.values();
    }

    XdrCodecs codecs() {
        return codecs;
    }

    ServerLimits limits() {
        return limits;
    }

    /** Clients connected now. */
    public int clientCount() {
        return clients.size();
    }

    /** The connected clients (virt-admin's client list). */
    public Collection<? extends ClientSession> clients() {
        return List.copyOf(clients.values());
    }

    /** Calls running now, on max_workers and prio_workers slots (virt-admin's threadpool figures). */
    public int busyWorkers() {
        return limits.maxWorkers() - workers.availablePermits()
                + limits.prioWorkers() - prioWorkers.availablePermits();
    }

    /** Calls waiting for a worker slot (virt-admin's jobQueueDepth); an estimate, as Semaphore's queue length. */
    public int queuedCalls() {
        return workers.getQueueLength() + prioWorkers.getQueueLength();
    }

    /** Nanosecond time of the last client connect, disconnect or packet (for the daemon's --timeout). */
    public long lastActivityNanos() {
        return lastActivityNanos;
    }

    private void keepaliveLoop() {
        while (!closed.get()) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (ServerClient c : clients.values()) {
                c.keepaliveTick(now);
            }
        }
    }

    /** Stops listening and disconnects every client. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        keepaliveThread.interrupt();
        for (Listener l : listeners) {
            l.close();
        }
        for (ServerClient c : clients.values()) {
            c.close();
        }
    }

    public boolean isClosed() {
        return closed.get();
    }
}
