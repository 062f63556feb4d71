package org.jvirt.qemu.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent protocol against a scripted peer on a real unix socket: the 0xFF + guest-sync-delimited handshake, stale
 * replies thrown away, error replies, an agent that never answers, and the socket closing.
 */
class QemuAgentTest {
    @TempDir
    Path dir;

    /** A qemu-ga stand-in: answers each request line with what {@code reply} gives (null: stay silent). */
    private static final class Peer implements AutoCloseable {
        final ServerSocketChannel server;
        final List<String> requests = new CopyOnWriteArrayList<>();
        final List<Integer> flushes = new CopyOnWriteArrayList<>();
        final CountDownLatch accepted = new CountDownLatch(1);
        volatile SocketChannel client;

        Peer(Path socket, Function<String, String> reply) throws Exception {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread.ofVirtual().start(() -> {
                try (SocketChannel c = server.accept()) {
                    client = c;
                    accepted.countDown();
                    InputStream in = Channels.newInputStream(c);
                    OutputStream out = Channels.newOutputStream(c);
                    ByteArrayOutputStream line = new ByteArrayOutputStream();
                    int b;
                    while ((b = in.read()) >= 0) {
                        if (b == 0xFF) {
                            flushes.add(requests.size());
                            continue;
                        }
                        if (b != '\n') {
                            line.write(b);
                            continue;
                        }
                        String req = line.toString(StandardCharsets.UTF_8);
                        line.reset();
                        requests.add(req);
                        String r = reply.apply(req);
                        if (r != null) {
                            out.write(r.getBytes(StandardCharsets.UTF_8));
                            out.flush();
                        }
                    }
                } catch (Exception e) {
                    // the client went away
                }
            });
        }

        @Override
        public void close() throws Exception {
            server.close();
            if (client != null) {
                client.close();
            }
        }
    }

    @Test
    void syncsDiscardsStaleRepliesAndReturnsTheAnswer() throws Exception {
        Path sock2 = dir.resolve("ga2.sock");
        try (RawPeer peer = new RawPeer(sock2)) {
            QemuAgent a = QemuAgent.connect("vm", sock2, null);
            assertEquals(Json.of(1234567890123456789L).write(),
                    a.execute("guest-get-time", null, Duration.ofSeconds(5)).write());
            assertEquals(1, peer.flushes.get(0), "the first sync was preceded by a 0xFF flush");
            assertTrue(peer.requests.get(0).contains("\"guest-sync-delimited\""), peer.requests.toString());
            VirException e = assertThrows(VirException.class, () -> a.execute("x", null, Duration.ofSeconds(5)));
            assertEquals(ErrorNumber.INTERNAL_ERROR, e.code());
            assertEquals("internal error: unable to execute QEMU agent command 'x': The command x has not been found",
                    e.getMessage());
            String raw = a.executeRaw("{\"execute\":\"guest-get-time\"}", Duration.ofSeconds(5));
            assertEquals("{\"return\":1234567890123456789}", raw);
            assertEquals(3, peer.flushes.size(), "every command resyncs first: " + peer.flushes);
            a.close();
        }
    }

    @Test
    void silentAgentIsNotRespondingAndEofIsReported() throws Exception {
        Path sock = dir.resolve("silent.sock");
        CountDownLatch eof = new CountDownLatch(1);
        try (Peer peer = new Peer(sock, req -> null)) {
            QemuAgent a = QemuAgent.connect("vm", sock, eof::countDown);
            long t0 = System.nanoTime();
            VirException e = assertThrows(VirException.class,
                    () -> a.execute("guest-ping", null, Duration.ofMillis(300)));
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(3).toNanos(), "the short timeout was used");
            assertEquals(ErrorNumber.AGENT_UNRESPONSIVE, e.code());
            assertEquals("Guest agent is not responding: Guest agent not available for now", e.getMessage());
            peer.accepted.await(5, TimeUnit.SECONDS);
            peer.client.close();
            assertTrue(eof.await(5, TimeUnit.SECONDS), "EOF reported");
            VirException gone = assertThrows(VirException.class,
                    () -> a.execute("guest-ping", null, Duration.ofSeconds(1)));
            assertEquals(ErrorNumber.AGENT_UNSYNCED, gone.code());
            a.close();
        }
    }

    /** A peer writing raw bytes: a stale reply before the sync delimiter, then answers. */
    private static final class RawPeer implements AutoCloseable {
        final ServerSocketChannel server;
        final List<String> requests = new CopyOnWriteArrayList<>();
        final List<Integer> flushes = new CopyOnWriteArrayList<>();

        RawPeer(Path socket) throws Exception {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread.ofVirtual().start(() -> {
                try (SocketChannel c = server.accept()) {
                    InputStream in = Channels.newInputStream(c);
                    OutputStream out = Channels.newOutputStream(c);
                    ByteArrayOutputStream line = new ByteArrayOutputStream();
                    int b;
                    while ((b = in.read()) >= 0) {
                        if (b == 0xFF) {
                            flushes.add(requests.size() + 1);
                            continue;
                        }
                        if (b != '\n') {
                            line.write(b);
                            continue;
                        }
                        String req = line.toString(StandardCharsets.UTF_8);
                        line.reset();
                        requests.add(req);
                        if (req.contains("guest-sync-delimited")) {
                            long id = ((Json.Obj) JsonParser.parse(req)).obj("arguments").num("id", -1);
                            // a reply left over from an earlier, abandoned command comes first
                            out.write("{\"return\": 42}\n".getBytes(StandardCharsets.UTF_8));
                            out.write(0xFF);
                            out.write(("{\"return\": " + id + "}\n").getBytes(StandardCharsets.UTF_8));
                        } else if (req.contains("guest-get-time")) {
                            out.write("{\"return\": 1234567890123456789}\n".getBytes(StandardCharsets.UTF_8));
                        } else {
                            out.write(("{\"error\": {\"class\": \"CommandNotFound\", \"desc\": "
                                    + "\"The command x has not been found\"}}\n").getBytes(StandardCharsets.UTF_8));
                        }
                        out.flush();
                    }
                } catch (Exception e) {
                    // the client went away
                }
            });
        }

        @Override
        public void close() throws Exception {
            server.close();
        }
    }
}
