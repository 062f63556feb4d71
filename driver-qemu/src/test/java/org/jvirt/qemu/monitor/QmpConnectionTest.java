package org.jvirt.qemu.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.qemu.monitor.FakeQmpPeer.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Protocol and error paths against {@link FakeQmpPeer}. */
class QmpConnectionTest {
    private static final Duration T = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private static Step caps() {
        return new Step.Expect("qmp_capabilities", null, FakeQmpPeer.ret(Json.object()));
    }

    /** Collects events and the disconnect cause. */
    static final class Recorder implements QmpListener {
        final List<QmpEvent> events = Collections.synchronizedList(new ArrayList<>());
        final CompletableFuture<QmpException.Disconnected> disconnected = new CompletableFuture<>();
        volatile Thread eventThread;

        @Override
        public void onEvent(QmpEvent event) {
            eventThread = Thread.currentThread();
            events.add(event);
        }

        @Override
        public void onDisconnect(QmpException.Disconnected cause) {
            disconnected.complete(cause);
        }
    }

    @Test
    void negotiatesAndMatchesRepliesById() throws Exception {
        try (FakeQmpPeer peer = FakeQmpPeer.start(dir.resolve("m.sock"), List.of(caps(),
                new Step.Expect("query-status", null, FakeQmpPeer.ret(Json.object("status", "running",
                        "running", true))),
                new Step.Expect("human-monitor-command", Json.object("command-line", "info"),
                        FakeQmpPeer.ret(Json.of("ok"))))); QmpConnection c = new QmpConnection("vm1", QmpListener.NONE)) {
            QmpConnection.Greeting g = c.connect(peer.socket(), T);
            assertEquals("7.2.0", g.qemuVersion());
            assertEquals(List.of("oob"), g.capabilities());
            assertEquals(QmpConnection.Runstate.RUNNING, c.runstate());
            Json.Obj st = (Json.Obj) c.execute("query-status", T);
            assertEquals("running", st.str("status"));
            assertEquals(Json.of("ok"), c.execute("human-monitor-command", Json.object("command-line", "info"), T));
            List<Json.Obj> got = peer.received();
            assertEquals("libvirt-1", got.get(0).str("id"));
            assertEquals("libvirt-2", got.get(1).str("id"));
            assertTrue(peer.failures().isEmpty(), peer.failures().toString());
        }
    }

    @Test
    void errorReplyCarriesClassAndDescAndLibvirtsText() throws Exception {
        try (FakeQmpPeer peer = FakeQmpPeer.start(dir.resolve("m.sock"), List.of(caps(),
                new Step.Expect("cont", null, FakeQmpPeer.error("GenericError",
                        "Resetting the Virtual Machine is required")))); QmpConnection c = new QmpConnection("vm1",
                QmpListener.NONE)) {
            c.connect(peer.socket(), T);
            QmpException.CommandFailed e = assertThrows(QmpException.CommandFailed.class, () -> c.execute("cont", T));
            assertEquals("GenericError", e.errorClass());
            assertEquals("Resetting the Virtual Machine is required", e.desc());
            VirException v = e.toVirException();
            assertEquals(ErrorNumber.INTERNAL_ERROR, v.code());
            assertEquals(ErrorDomain.QEMU, v.domain());
            assertEquals("internal error: unable to execute QEMU command 'cont': Resetting the Virtual Machine is "
                    + "required", v.getMessage());
            assertEquals(QmpConnection.Runstate.RUNNING, c.runstate(), "an error reply does not end the connection");
        }
    }

    @Test
    void eventsArriveInOrderOnTheirOwnVirtualThread() throws Exception {
        Recorder rec = new Recorder();
        try (FakeQmpPeer peer = FakeQmpPeer.start(dir.resolve("m.sock"), List.of(caps(),
                new Step.Expect("stop", null, FakeQmpPeer.ret(Json.object())),
                new Step.Event(FakeQmpPeer.event("STOP", Json.object())),
                new Step.Event(FakeQmpPeer.event("RESUME", Json.object())),
                new Step.Event(FakeQmpPeer.event("SHUTDOWN", Json.object("guest", true, "reason",
                        "guest-shutdown"))), new Step.Hangup())); QmpConnection c = new QmpConnection("vm1", rec)) {
            c.connect(peer.socket(), T);
            c.execute("stop", T);
            QmpException.Disconnected d = rec.disconnected.get(10, TimeUnit.SECONDS);
            assertEquals(List.of("STOP", "RESUME", "SHUTDOWN"), rec.events.stream().map(QmpEvent::name).toList(),
                    "events queued before EOF are still delivered, before onDisconnect");
            assertEquals("guest-shutdown", rec.events.get(2).data().str("reason"));
            assertEquals(1700000000L, rec.events.get(0).seconds());
            assertTrue(rec.eventThread.isVirtual());
            assertTrue(d.eof());
            assertEquals("operation failed: End of file from qemu monitor (vm='vm1')",
                    d.toVirException().getMessage());
        }
    }

    @Test
    void everyPendingCommandFailsWhenQemuGoesAway() throws Exception {
        try (FakeQmpPeer peer = FakeQmpPeer.start(dir.resolve("m.sock"), List.of(caps(),
                new Step.Silence("query-block"), new Step.Silence("query-cpus-fast"), new Step.Hangup()));
             QmpConnection c = new QmpConnection("vm2", QmpListener.NONE)) {
            c.connect(peer.socket(), T);
            CompletableFuture<Json> a = c.executeAsync("query-block", null);
            CompletableFuture<Json> b = c.executeAsync("query-cpus-fast", null);
            for (CompletableFuture<Json> f : List.of(a, b)) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
                QmpException.Disconnected d = assertInstanceOf(QmpException.Disconnected.class, e.getCause());
                assertEquals("End of file from qemu monitor (vm='vm2')", d.getMessage());
            }
            awaitIdle(c);
            QmpException.Disconnected after = assertThrows(QmpException.Disconnected.class,
                    () -> c.execute("query-status", T));
            assertEquals("operation failed: QEMU monitor was closed", after.toVirException().getMessage());
        }
    }

    @Test
    void localCloseFailsPendingCommandsAsClosed() throws Exception {
        try (FakeQmpPeer peer = FakeQmpPeer.start(dir.resolve("m.sock"), List.of(caps(),
                new Step.Silence("query-migrate")))) {
            QmpConnection c = new QmpConnection("vm3", QmpListener.NONE);
            c.connect(peer.socket(), T);
            CompletableFuture<Json> f = c.executeAsync("query-migrate", null);
            CountDownLatch started = new CountDownLatch(1);
            Thread blocked = Thread.ofVirtual().start(() -> {
                started.countDown();
                assertThrows(QmpException.Disconnected.class, () -> c.execute("query-status", T));
            });
            started.await();
            c.close();
            c.close();
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
            QmpException.Disconnected d = assertInstanceOf(QmpException.Disconnected.class, e.getCause());
            assertEquals("QEMU monitor was closed", d.getMessage());
            blocked.join(T);
            assertEquals(QmpConnection.Runstate.IDLE, c.runstate());
        }
    }

    @Test
    void commandTimeoutLeavesTheConnectionUsable() throws Exception {
        try (FakeQmpPeer peer = FakeQmpPeer.start(dir.resolve("m.sock"), List.of(caps(),
                new Step.Silence("query-balloon"),
                new Step.Expect("query-status", null, FakeQmpPeer.ret(Json.object("status", "paused")))));
             QmpConnection c = new QmpConnection("vm4", QmpListener.NONE)) {
            c.connect(peer.socket(), T);
            QmpException.Timeout t = assertThrows(QmpException.Timeout.class,
                    () -> c.execute("query-balloon", Duration.ofMillis(200)));
            assertEquals(ErrorNumber.OPERATION_TIMEOUT, t.toVirException().code());
            assertEquals("paused", ((Json.Obj) c.execute("query-status", T)).str("status"));
        }
    }

    @Test
    void malformedJsonClosesTheMonitor() throws Exception {
        Recorder rec = new Recorder();
        try (FakeQmpPeer peer = FakeQmpPeer.start(dir.resolve("m.sock"), List.of(caps(),
                new Step.Silence("query-status"), new Step.Raw("{\"return\": {,}}")));
             QmpConnection c = new QmpConnection("vm5", rec)) {
            c.connect(peer.socket(), T);
            assertThrows(QmpException.Disconnected.class, () -> c.execute("query-status", T));
            QmpException.Disconnected d = rec.disconnected.get(10, TimeUnit.SECONDS);
            assertInstanceOf(QmpException.ProtocolError.class, d.getCause());
            assertTrue(d.getCause().getMessage().startsWith("cannot parse json {\"return\": {,}}: "));
        }
    }

    @Test
    void peerWithoutGreetingFailsTheConnect() throws Exception {
        try (FakeQmpPeer peer = FakeQmpPeer.start(dir.resolve("m.sock"), Json.object("hello", 1), List.of());
             QmpConnection c = new QmpConnection("vm6", QmpListener.NONE)) {
            assertThrows(QmpException.class, () -> c.connect(peer.socket(), T));
            assertEquals(QmpConnection.Runstate.IDLE, c.runstate());
        }
    }

    @Test
    void connectGivesUpWhenNoSocketAppears() {
        QmpConnection c = new QmpConnection("vm7", QmpListener.NONE);
        VirException e = assertThrows(VirException.class,
                () -> c.connect(dir.resolve("absent.sock"), Duration.ofMillis(200)));
        assertEquals(ErrorNumber.SYSTEM_ERROR, e.code());
        assertTrue(e.getMessage().startsWith("failed to connect to monitor socket: "), e.getMessage());
        assertEquals(QmpConnection.Runstate.IDLE, c.runstate());
    }

    @Test
    void scriptMismatchIsReportedByThePeer() throws Exception {
        try (FakeQmpPeer peer = FakeQmpPeer.start(dir.resolve("m.sock"), List.of(caps(),
                new Step.Expect("query-status", null, FakeQmpPeer.ret(Json.object()))));
             QmpConnection c = new QmpConnection("vm8", QmpListener.NONE)) {
            c.connect(peer.socket(), T);
            assertThrows(QmpException.CommandFailed.class, () -> c.execute("query-name", T));
            assertEquals(List.of("expected 'query-status', got 'query-name'"), peer.failures());
        }
    }

    private static void awaitIdle(QmpConnection c) throws InterruptedException {
        long deadline = System.nanoTime() + T.toNanos();
        while (c.runstate() != QmpConnection.Runstate.IDLE && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(QmpConnection.Runstate.IDLE, c.runstate());
    }
}
