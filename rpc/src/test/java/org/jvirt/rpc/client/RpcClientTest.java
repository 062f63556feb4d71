package org.jvirt.rpc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.rpc.protocol.keepalive.KeepaliveProcedures;
import org.jvirt.rpc.protocol.remote.ConnectGetHostnameRet;
import org.jvirt.rpc.protocol.remote.RemoteProcedures;
import org.jvirt.rpc.transport.Connection;
import org.jvirt.rpc.transport.Listener;
import org.jvirt.rpc.transport.UnixTransport;
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

/** The client against a scripted peer: pings answered, dead peers detected, replies matched by serial. */
@Timeout(30)
class RpcClientTest {
    private static final XdrCodecs CODECS = new XdrCodecs();

    @TempDir
    Path dir;

    @Test
    void answersPingsAndMatchesRepliesBySerial() throws Exception {
        try (Listener l = UnixTransport.listen(dir.resolve("s"), 0700, null);
             RpcClient c = new RpcClient(UnixTransport.connect(dir.resolve("s")));
             Connection peer = l.accept()) {
            var ping = new MessageHeader(KeepaliveProcedures.PING.program(), 1, 1, MessageType.MESSAGE.code(), 0, 0);
            peer.output().write(Frames.encode(ping, CODECS, null));
            FrameReader in = new FrameReader(peer.input());
            Message pong = in.read().orElseThrow();
            assertEquals(KeepaliveProcedures.PONG.number(), pong.header().proc());

            Thread caller = Thread.ofVirtual().start(() -> assertEquals("h",
                    c.call(RemoteProcedures.CONNECT_GET_HOSTNAME, null).hostname()));
            Message call = in.read().orElseThrow();
            assertEquals(MessageType.CALL.code(), call.header().type());
            // A reply for a serial nobody waits for is ignored; then the real one.
            peer.output().write(Frames.encode(new MessageHeader(call.header().prog(), 1, 59, 1, 999, 0), CODECS,
                    new ConnectGetHostnameRet("wrong")));
            peer.output().write(Frames.encode(call.header().reply(MessageStatus.OK), CODECS,
                    new ConnectGetHostnameRet("h")));
            caller.join(5000);
            assertFalse(caller.isAlive());
        }
    }

    @Test
    void keepaliveDeclaresASilentPeerDead() throws Exception {
        try (Listener l = UnixTransport.listen(dir.resolve("s"), 0700, null);
             RpcClient c = new RpcClient(UnixTransport.connect(dir.resolve("s")));
             Connection peer = l.accept()) {
            c.startKeepAlive(1, 2);
            java.util.List<Integer> pings = new java.util.concurrent.CopyOnWriteArrayList<>();
            // The peer reads (so writes succeed) but never answers.
            Thread.ofVirtual().start(() -> {
                try {
                    FrameReader in = new FrameReader(peer.input());
                    Optional<Message> m;
                    while ((m = in.read()).isPresent()) {
                        pings.add(m.get().header().proc());
                    }
                } catch (Exception ignored) {
                    // Closed.
                }
            });
            long t0 = System.nanoTime();
            VirException e = assertThrows(VirException.class,
                    () -> c.call(RemoteProcedures.CONNECT_GET_HOSTNAME, null));
            assertEquals("internal error: connection closed due to keepalive timeout", e.getMessage());
            assertEquals(ErrorNumber.INTERNAL_ERROR, e.code());
            assertTrue(System.nanoTime() - t0 >= 2_000_000_000L);
            assertFalse(c.isOpen());
            // The hostname call, then two pings nobody answered.
            assertEquals(java.util.List.of(59, 1, 1), pings);
        }
    }

    @Test
    void endOfFileFailsPendingCalls() throws Exception {
        try (Listener l = UnixTransport.listen(dir.resolve("s"), 0700, null);
             RpcClient c = new RpcClient(UnixTransport.connect(dir.resolve("s")))) {
            Connection peer = l.accept();
            Thread.ofVirtual().start(() -> {
                try {
                    new FrameReader(peer.input()).read();
                } catch (Exception ignored) {
                    // Test peer.
                }
                peer.close();
            });
            VirException e = assertThrows(VirException.class,
                    () -> c.call(RemoteProcedures.CONNECT_GET_HOSTNAME, null));
            assertEquals("End of file while reading data: Input/output error", e.getMessage());
            assertEquals(ErrorNumber.SYSTEM_ERROR, e.code());
        }
    }
}
