package org.jvirt.qemu.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jvirt.host.ManagedProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real {@code qemu-system-x86_64 -machine none}; skipped when QEMU is not installed. */
class QmpConnectionQemuTest {
    static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");
    private static final Duration T = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void talksToRealQemuAndSeesItQuit() throws Exception {
        assumeTrue(Files.isExecutable(QEMU), "qemu-system-x86_64 not installed; skipped");
        Path sock = dir.resolve("qmp.sock");
        ManagedProcess qemu = ManagedProcess.spawn(ManagedProcess.Spec.of(List.of(QEMU.toString(), "-machine",
                "none", "-nodefaults", "-nographic", "-qmp", "unix:" + sock + ",server=on,wait=off"),
                dir.resolve("qemu.log")));
        CompletableFuture<QmpException.Disconnected> gone = new CompletableFuture<>();
        try (QmpConnection c = new QmpConnection("probe", new QmpListener() {
            @Override
            public void onEvent(QmpEvent event) {}

            @Override
            public void onDisconnect(QmpException.Disconnected cause) {
                gone.complete(cause);
            }
        })) {
            QmpConnection.Greeting g = c.connect(sock, T);
            assertTrue(g.qemuVersion().matches("\\d+\\.\\d+\\.\\d+"), g.qemuVersion());
            Json.Obj v = (Json.Obj) c.execute("query-version", T);
            assertEquals(g.version().obj("qemu"), v.obj("qemu"));
            assertEquals("x86_64", ((Json.Obj) c.execute("query-target", T)).str("arch"));
            QmpException.CommandFailed e = assertThrows(QmpException.CommandFailed.class,
                    () -> c.execute("no-such-command", T));
            assertEquals("CommandNotFound", e.errorClass());
            assertEquals("The command no-such-command has not been found", e.desc());
            QmpException.CommandFailed bad = assertThrows(QmpException.CommandFailed.class,
                    () -> c.execute("device-list-properties", Json.object("typename", "no-such-dev"), T));
            assertEquals("DeviceNotFound", bad.errorClass());
            assertEquals("Device 'no-such-dev' not found", bad.desc());
            c.execute("quit", T);
            assertTrue(gone.get(20, TimeUnit.SECONDS).eof());
            assertEquals(OptionalInt.of(0), qemu.waitFor(T));
        } finally {
            qemu.kill(Duration.ofSeconds(2));
        }
        assertFalse(qemu.isAlive());
    }
}
