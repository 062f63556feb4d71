package org.jvirt.rpc.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.rpc.client.RpcCaller;
import org.jvirt.rpc.client.RpcClient;
import org.jvirt.rpc.protocol.keepalive.KeepaliveConstants;
import org.jvirt.rpc.protocol.keepalive.KeepaliveProcedures;
import org.jvirt.rpc.protocol.qemu.QemuProcedures;
import org.jvirt.rpc.protocol.remote.ConnectFindStoragePoolSourcesArgs;
import org.jvirt.rpc.protocol.remote.DomainEventLifecycleMsg;
import org.jvirt.rpc.protocol.remote.NonnullStorageVol;
import org.jvirt.rpc.protocol.remote.RemoteConstants;
import org.jvirt.rpc.protocol.remote.RemoteProcedures;
import org.jvirt.rpc.protocol.remote.StorageVolDownloadArgs;
import org.jvirt.rpc.protocol.remote.StorageVolUploadArgs;
import org.jvirt.rpc.transport.Connection;
import org.jvirt.rpc.transport.TcpTransport;
import org.jvirt.rpc.wire.FrameReader;
import org.jvirt.rpc.wire.Frames;
import org.jvirt.rpc.wire.Message;
import org.jvirt.rpc.wire.MessageHeader;
import org.jvirt.rpc.wire.MessageStatus;
import org.jvirt.rpc.wire.MessageType;
import org.jvirt.xdr.XdrCodecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class RpcServerTest {
    private static final XdrCodecs CODECS = new XdrCodecs();

    @TempDir
    Path dir;

    private static MessageHeader call(int prog, int vers, int proc, int serial) {
        return new MessageHeader(prog, vers, proc, MessageType.CALL.code(), serial, MessageStatus.OK.code());
    }

    private static Message roundTrip(Connection c, byte[] frame) throws IOException {
        c.output().write(frame);
        c.output().flush();
        return new FrameReader(c.input()).read().orElseThrow();
    }

    @Test
    void callsOverUnixSocketCarryThePeerUid() throws Exception {
        try (RpcFixture f = new RpcFixture(dir, ServerLimits.defaults()); RpcClient c = f.client()) {
            assertEquals("echo-host", c.call(RemoteProcedures.CONNECT_GET_HOSTNAME, null).hostname());
            assertEquals("hello", RpcFixture.run(c, "echo", "hello"));
            String who = RpcFixture.run(c, "whoami", null);
            assertTrue(who.startsWith("unix ro=false uid=OptionalInt["), who);
            long uid = (Integer) java.nio.file.Files.getAttribute(dir, "unix:uid");
            assertTrue(who.contains("uid=OptionalInt[" + uid + "]"), who);
        }
    }

    @Test
    void callsOverTcp() throws Exception {
        EchoProgram p = new EchoProgram();
        try (RpcServer s = new RpcServer(ServerLimits.defaults(), List.of(p))) {
            var l = TcpTransport.listen("127.0.0.1", 0, 10);
            s.addListener(l, true);
            try (RpcClient c = new RpcClient(TcpTransport.connect("127.0.0.1", TcpTransport.port(l)))) {
                assertEquals("tcp ro=true uid=OptionalInt.empty dn=-", RpcFixture.run(c, "whoami", null));
                assertEquals("x".repeat(100_000), RpcFixture.run(c, "echo", "x".repeat(100_000)));
            }
        }
    }

    @Test
    void handlerErrorsReachTheCallerUnchanged() throws Exception {
        try (RpcFixture f = new RpcFixture(dir, ServerLimits.defaults()); RpcClient c = f.client()) {
            VirException e = assertThrows(VirException.class, () -> RpcFixture.run(c, "fail", "bad pool"));
            assertEquals(ErrorNumber.INVALID_ARG, e.code());
            assertEquals(ErrorDomain.STORAGE, e.domain());
            assertEquals("invalid argument: bad pool", e.getMessage());
            VirException crash = assertThrows(VirException.class, () -> RpcFixture.run(c, "crash", null));
            assertEquals(ErrorNumber.INTERNAL_ERROR, crash.code());
            assertTrue(crash.getMessage().startsWith("internal error: unexpected "), crash.getMessage());
            // A program without a handler: libvirt's "Cannot find program" with %d numbers.
            VirException noProg = assertThrows(VirException.class, () -> c.call(QemuProcedures.DOMAIN_MONITOR_COMMAND,
                    new org.jvirt.rpc.protocol.qemu.DomainMonitorCommandArgs(
                            new org.jvirt.rpc.protocol.remote.NonnullDomain("d", new byte[16], 1), "x", 0)));
            assertEquals(ErrorNumber.RPC, noProg.code());
            assertEquals("Cannot find program 536903815 version 1", noProg.getMessage());
            assertEquals("hello", RpcFixture.run(c, "echo", "hello"));
        }
    }

    @Test
    void protocolErrorsAreAnsweredByErrorReplies() throws Exception {
        try (RpcFixture f = new RpcFixture(dir, ServerLimits.defaults()); Connection raw = f.connect()) {
            int prog = RemoteConstants.PROGRAM;
            Message m = roundTrip(raw, Frames.encode(call(prog, 1, 99999, 7), CODECS, null));
            assertEquals(7, m.header().serial());
            assertEquals(MessageType.REPLY.code(), m.header().type());
            assertEquals(MessageStatus.ERROR.code(), m.header().status());
            assertEquals("unknown procedure: 99999", m.error(CODECS).getMessage());

            m = roundTrip(raw, Frames.encode(call(prog, 2, 59, 8), CODECS, null));
            assertEquals("Cannot find program 536903814 version 2", m.error(CODECS).getMessage());

            m = roundTrip(raw, Frames.encode(new MessageHeader(prog, 1, 59, 9, 9, 0), CODECS, null));
            assertEquals("Unexpected message type 9", m.error(CODECS).getMessage());

            m = roundTrip(raw, Frames.encode(new MessageHeader(prog, 1, 59, 0, 10, 5), CODECS, null));
            assertEquals("Unexpected message status 5", m.error(CODECS).getMessage());

            // CONNECT_FIND_STORAGE_POOL_SOURCES with a truncated body.
            m = roundTrip(raw, Frames.encodeRaw(call(prog, 1, 75, 11), new byte[] {0, 0, 0, 9, 'a'}));
            assertEquals("Unable to decode message payload", m.error(CODECS).getMessage());
            assertEquals(ErrorNumber.RPC, m.error(CODECS).code());

            m = roundTrip(raw, Frames.encode(call(prog, 1, 59, 12), CODECS, null));
            assertEquals(MessageStatus.OK.code(), m.header().status());
        }
    }

    @Test
    void badFramesCloseOnlyThatClient() throws Exception {
        try (RpcFixture f = new RpcFixture(dir, ServerLimits.defaults()); RpcClient good = f.client()) {
            List<byte[]> bad = List.of(
                    new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff},   // 2 GiB claimed
                    new byte[] {0x02, 0x00, 0x00, 0x05},                        // 32 MiB + 1
                    new byte[] {0, 0, 0, 2},                                      // smaller than its own length
                    new byte[] {0, 0, 0, 12, 1, 2, 3, 4, 5, 6, 7, 8},           // header cut short
                    new byte[] {0, 0, 0, 100, 1, 2, 3});                        // truncated, then EOF
            for (byte[] b : bad) {
                try (Connection raw = f.connect()) {
                    OutputStream out = raw.output();
                    out.write(b);
                    out.flush();
                    if (b.length == 7) {
                        raw.close();
                    } else {
                        InputStream in = raw.input();
                        assertEquals(-1, in.read(), "server must close after " + java.util.Arrays.toString(b));
                    }
                }
                assertEquals("ok", RpcFixture.run(good, "echo", "ok"));
            }
            waitFor(() -> f.server.clientCount() == 1);
        }
    }

    @Test
    void repliesComeOutOfOrderMatchedBySerial() throws Exception {
        try (RpcFixture f = new RpcFixture(dir, ServerLimits.defaults()); RpcClient c = f.client()) {
            try (var ex = Executors.newVirtualThreadPerTaskExecutor()) {
                Future<String> slow = ex.submit(() -> RpcFixture.run(c, "sleep", "500"));
                Thread.sleep(50);
                long t0 = System.nanoTime();
                assertEquals("fast", RpcFixture.run(c, "echo", "fast"));
                assertTrue(System.nanoTime() - t0 < 400_000_000L, "fast call waited for the slow one");
                assertEquals("500", slow.get());
            }
        }
    }

    @Test
    void workerLimitsHoldAndHighPriorityCallsPassBusyWorkers() throws Exception {
        ServerLimits limits = new ServerLimits(100, 2, 1, 2, -1, 0, 64);
        try (RpcFixture f = new RpcFixture(dir, limits); RpcClient a = f.client(); RpcClient b = f.client()) {
            try (var ex = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<String>> all = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    RpcClient c = i % 2 == 0 ? a : b;
                    all.add(ex.submit(() -> RpcFixture.run(c, "sleep", "200")));
                }
                Thread.sleep(100);
                long t0 = System.nanoTime();
                // Both max_workers slots are busy: the HIGH-priority hostname call takes the prio_workers slot.
                RpcClient third = f.client();
                assertEquals("echo-host", third.call(RemoteProcedures.CONNECT_GET_HOSTNAME, null).hostname());
                assertTrue(System.nanoTime() - t0 < 150_000_000L, "priority call waited");
                for (Future<String> r : all) {
                    assertEquals("200", r.get());
                }
                third.close();
            }
            assertTrue(f.program.maxRunning.get() <= 3, "max_workers + prio_workers exceeded: "
                    + f.program.maxRunning.get());
        }
    }

    @Test
    void eventsArriveInOrder() throws Exception {
        try (RpcFixture f = new RpcFixture(dir, ServerLimits.defaults()); RpcClient c = f.client()) {
            List<Integer> got = new CopyOnWriteArrayList<>();
            c.onEvent(RemoteProcedures.DOMAIN_EVENT_LIFECYCLE, (DomainEventLifecycleMsg m) -> got.add(m.event()));
            assertEquals("sent", RpcFixture.run(c, "events", "dom", 200));
            waitFor(() -> got.size() == 200);
            for (int i = 0; i < 200; i++) {
                assertEquals(i, got.get(i));
            }
        }
    }

    @Test
    void eventsKeepTheirOrderAcrossBurstsWhenTheQueueWriterComesAndGoes() throws Exception {
        // The queue's writer thread ends whenever the queue runs dry and a new one starts with the next packet:
        // many short bursts exercise that hand-over, which must neither lose nor reorder a packet.
        try (RpcFixture f = new RpcFixture(dir, ServerLimits.defaults()); RpcClient c = f.client()) {
            List<Integer> got = new CopyOnWriteArrayList<>();
            c.onEvent(RemoteProcedures.DOMAIN_EVENT_LIFECYCLE, (DomainEventLifecycleMsg m) -> got.add(m.event()));
            for (int burst = 0; burst < 100; burst++) {
                assertEquals("sent", RpcFixture.run(c, "events", "dom", 3));
            }
            waitFor(() -> got.size() == 300);
            for (int i = 0; i < 300; i++) {
                assertEquals(i % 3, got.get(i), "event " + i);
            }
        }
    }

    @Test
    void aClientThatNeverReadsIsDisconnectedWithoutBlockingOthers() throws Exception {
        ServerLimits limits = new ServerLimits(100, 20, 5, 5, -1, 0, 8);
        try (RpcFixture f = new RpcFixture(dir, limits); RpcClient good = f.client()) {
            Connection deaf = f.connect();
            byte[] req = Frames.encode(call(RemoteConstants.PROGRAM, 1, 75, 1), CODECS,
                    new ConnectFindStoragePoolSourcesArgs("events", "d".repeat(65536), 500));
            deaf.output().write(req);
            deaf.output().flush();
            waitFor(() -> f.server.clientCount() == 1);
            assertEquals("still here", RpcFixture.run(good, "echo", "still here"));
            deaf.close();
        }
    }

    @Test
    void keepaliveAnswersPingsAndDropsSilentClients() throws Exception {
        ServerLimits limits = ServerLimits.defaults().withKeepalive(1, 1);
        try (RpcFixture f = new RpcFixture(dir, limits); Connection raw = f.connect()) {
            MessageHeader ping = new MessageHeader(KeepaliveConstants.PROGRAM, 1, KeepaliveProcedures.PING.number(),
                    MessageType.MESSAGE.code(), 0, 0);
            Message pong = roundTrip(raw, Frames.encode(ping, CODECS, null));
            assertEquals(KeepaliveProcedures.PONG.number(), pong.header().proc());
            assertEquals(MessageType.MESSAGE.code(), pong.header().type());
            // Now silent: the server pings once, then drops us.
            FrameReader r = new FrameReader(raw.input());
            Message serverPing = r.read().orElseThrow();
            assertEquals(KeepaliveProcedures.PING.number(), serverPing.header().proc());
            assertEquals(Optional.empty(), r.read());
            waitFor(() -> f.server.clientCount() == 0);
        }
    }

    @Test
    void clientKeepaliveKeepsAnIdleConnectionAlive() throws Exception {
        ServerLimits limits = ServerLimits.defaults().withKeepalive(1, 1);
        try (RpcFixture f = new RpcFixture(dir, limits); RpcClient c = f.client()) {
            RpcFixture.run(c, "keepalive", null);
            Thread.sleep(3500);
            assertTrue(c.isOpen());
            assertEquals("alive", RpcFixture.run(c, "echo", "alive"));
        }
    }

    @Test
    void uploadAndDownloadStreams() throws Exception {
        try (RpcFixture f = new RpcFixture(dir, ServerLimits.defaults()); RpcClient c = f.client()) {
            byte[] data = new byte[1_000_000];
            new java.util.Random(1).nextBytes(data);
            var up = c.callStream(RemoteProcedures.STORAGE_VOL_UPLOAD,
                    new StorageVolUploadArgs(new NonnullStorageVol("p", "vol1", "k"), 0, data.length, 0));
            up.stream().write(data, 0, data.length);
            up.stream().finish();
            assertArrayEquals(data, f.program.uploads.get("vol1"));

            var down = c.callStream(RemoteProcedures.STORAGE_VOL_DOWNLOAD,
                    new StorageVolDownloadArgs(new NonnullStorageVol("p", "vol1", "k"), 0, 700_000, 0));
            java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[10_000];
            int n;
            while ((n = down.stream().read(buf, 0, buf.length)) > 0) {
                got.write(buf, 0, n);
            }
            down.stream().finish();
            byte[] all = got.toByteArray();
            assertEquals(700_000, all.length);
            for (int i = 0; i < all.length; i++) {
                assertEquals((byte) (i % 251), all[i]);
            }
            assertEquals("after", RpcFixture.run(c, "echo", "after"));
        }
    }

    @Test
    void aBlockedEndpointStopsTheServerReadingStreamData() throws Exception {
        try (RpcFixture f = new RpcFixture(dir, ServerLimits.defaults()); RpcClient c = f.client()) {
            var up = c.callStream(RemoteProcedures.STORAGE_VOL_UPLOAD,
                    new StorageVolUploadArgs(new NonnullStorageVol("p", "slow", "k"), 0, 0, 0));
            byte[] data = new byte[32 << 20];
            Thread writer = Thread.ofVirtual().start(() -> up.stream().write(data, 0, data.length));
            writer.join(1000);
            // 32 MiB cannot fit in socket buffers: the client is held back while the endpoint is stuck.
            assertTrue(writer.isAlive(), "the whole upload went through a blocked endpoint");
            assertEquals(0, f.program.slowBytes.get());
            f.program.unblock.countDown();
            writer.join(20_000);
            up.stream().finish();
            assertEquals(data.length, f.program.slowBytes.get());
        }
    }

    @Test
    void streamErrorsAndAborts() throws Exception {
        try (RpcFixture f = new RpcFixture(dir, ServerLimits.defaults()); RpcClient c = f.client()) {
            var up = c.callStream(RemoteProcedures.STORAGE_VOL_UPLOAD,
                    new StorageVolUploadArgs(new NonnullStorageVol("p", "refuse", "k"), 0, 10, 0));
            up.stream().write(new byte[10], 0, 10);
            VirException e = assertThrows(VirException.class, () -> {
                for (int i = 0; i < 100; i++) {
                    up.stream().write(new byte[10], 0, 10);
                    Thread.sleep(10);
                }
                up.stream().finish();
            });
            assertEquals("operation failed: disk full", e.getMessage());

            RpcCaller.StreamCall<Void> up2 = c.callStream(RemoteProcedures.STORAGE_VOL_UPLOAD,
                    new StorageVolUploadArgs(new NonnullStorageVol("p", "v2", "k"), 0, 10, 0));
            up2.stream().write(new byte[5], 0, 5);
            up2.stream().abort();
            assertTrue(f.program.aborted.await(5, TimeUnit.SECONDS));
            assertEquals(null, f.program.uploads.get("v2"));
            assertEquals("after", RpcFixture.run(c, "echo", "after"));
        }
    }

    @Test
    void closingFailsPendingCallsAndLaterCalls() throws Exception {
        try (RpcFixture f = new RpcFixture(dir, ServerLimits.defaults())) {
            RpcClient c = f.client();
            try (var ex = Executors.newVirtualThreadPerTaskExecutor()) {
                Future<String> slow = ex.submit(() -> RpcFixture.run(c, "sleep", "2000"));
                Thread.sleep(100);
                c.close();
                var e = assertThrows(java.util.concurrent.ExecutionException.class, slow::get);
                assertEquals("internal error: client socket is closed", e.getCause().getMessage());
            }
            VirException later = assertThrows(VirException.class, () -> RpcFixture.run(c, "echo", "x"));
            assertEquals(ErrorNumber.INTERNAL_ERROR, later.code());
            waitFor(() -> f.program.closedClients.get() == 1);
        }
    }

    @Test
    void serverShutdownFailsTheClientsPendingCalls() throws Exception {
        RpcFixture f = new RpcFixture(dir, ServerLimits.defaults());
        RpcClient c = f.client();
        try (var ex = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> slow = ex.submit(() -> RpcFixture.run(c, "sleep", "2000"));
            Thread.sleep(100);
            f.close();
            var e = assertThrows(java.util.concurrent.ExecutionException.class, slow::get);
            assertEquals(ErrorNumber.SYSTEM_ERROR, ((VirException) e.getCause()).code());
            waitFor(() -> !c.isOpen());
        }
    }

    @Test
    void maxClientsKeepsFurtherClientsWaiting() throws Exception {
        ServerLimits limits = new ServerLimits(1, 20, 5, 5, -1, 0, 64);
        try (RpcFixture f = new RpcFixture(dir, limits); RpcClient first = f.client()) {
            assertEquals("1", RpcFixture.run(first, "echo", "1"));
            RpcClient second = f.client();
            try (var ex = Executors.newVirtualThreadPerTaskExecutor()) {
                Future<String> r = ex.submit(() -> RpcFixture.run(second, "echo", "2"));
                Thread.sleep(300);
                assertTrue(!r.isDone(), "second client served beyond max_clients");
                first.close();
                assertEquals("2", r.get(5, TimeUnit.SECONDS));
            }
            second.close();
        }
    }

    static void waitFor(java.util.function.BooleanSupplier cond) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met in 10 s");
            }
            Thread.sleep(20);
        }
    }
}
