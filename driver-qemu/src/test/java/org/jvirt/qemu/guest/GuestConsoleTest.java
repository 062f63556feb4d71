package org.jvirt.qemu.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestConsoleTest {
    private static final Duration T = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void followsAFileThatAppearsAndGrows() throws Exception {
        Path log = dir.resolve("console.log");
        try (GuestConsole c = GuestConsole.tailFile(log)) {
            Thread.sleep(100);
            Files.writeString(log, "[    0.1] kernel\r\nGUEST NET eth0 52:54:00:aa:bb:01\r\nGUEST BL");
            Files.writeString(log, "OCK vda 512\n\nGUEST READY\n", StandardOpenOption.APPEND);
            assertEquals("GUEST READY", c.awaitLine("GUEST READY", T));
            assertEquals(List.of("GUEST NET eth0 52:54:00:aa:bb:01"), c.seen("GUEST NET"));
            assertEquals(List.of("GUEST BLOCK vda 512"), c.seen("GUEST BLOCK"));
            // Waits continue after the last match: an earlier line does not satisfy a later wait.
            TimeoutException e = assertThrows(TimeoutException.class,
                    () -> c.awaitPrefix("GUEST NET", Duration.ofMillis(200)));
            assertTrue(e.getMessage().contains("GUEST READY"), "the message shows the console tail");
            assertThrows(IllegalStateException.class, () -> c.send("ls"));
        }
    }

    @Test
    void talksBothWaysOnAUnixSocket() throws Exception {
        Path sock = dir.resolve("serial.sock");
        CompletableFuture<String> typed = new CompletableFuture<>();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            Thread.ofVirtual().start(() -> {
                try (SocketChannel peer = server.accept()) {
                    var out = Channels.newOutputStream(peer);
                    out.write("GUEST READY\n".getBytes(StandardCharsets.US_ASCII));
                    var in = new BufferedReader(new InputStreamReader(Channels.newInputStream(peer),
                            StandardCharsets.US_ASCII));
                    String line = in.readLine();
                    typed.complete(line);
                    out.write("\nGUEST POWEROFF\n".getBytes(StandardCharsets.US_ASCII));
                } catch (Exception e) {
                    typed.completeExceptionally(e);
                }
            });
            try (GuestConsole c = GuestConsole.connectUnix(sock, T)) {
                c.awaitLine("GUEST READY", T);
                c.send("poweroff");
                assertEquals("poweroff", typed.get(5, TimeUnit.SECONDS));
                c.awaitLine("GUEST POWEROFF", T);
                // The peer hung up: a further wait ends at once, saying so.
                TimeoutException e = assertThrows(TimeoutException.class, () -> c.awaitLine("never", T));
                assertTrue(e.getMessage().startsWith("console closed"), e.getMessage());
            }
        }
    }

    @Test
    void connectGivesUpWhenNoSocketAppears() {
        assertThrows(TimeoutException.class,
                () -> GuestConsole.connectUnix(dir.resolve("none.sock"), Duration.ofMillis(200)));
    }
}
