package org.jvirt.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void replacesContentAndLeavesNoTemporaryFile() throws IOException {
        Path f = dir.resolve("dom.xml");
        AtomicFile.write(f, "<domain/>\n");
        AtomicFile.write(f, "<domain type='kvm'/>\n");
        assertEquals("<domain type='kvm'/>\n", Files.readString(f));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }

    @Test
    void runtimeFilesAreReplacedTheSameWayWithoutFsync() throws IOException {
        Path f = dir.resolve("status.xml");
        AtomicFile.writeRuntime(f, "<domstatus state='paused'/>\n");
        AtomicFile.writeRuntime(f, "<domstatus state='running'/>\n");
        assertEquals("<domstatus state='running'/>\n", Files.readString(f));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }

    @Test
    void appliesTheRequestedModeRegardlessOfUmask() throws IOException {
        Path f = dir.resolve("pid");
        AtomicFile.write(f, "1\n".getBytes(StandardCharsets.US_ASCII), PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }

    @Test
    void missingDirectoryIsASystemErrorNamingTheFile() {
        Path f = dir.resolve("nope/x.xml");
        VirException e = assertThrows(VirException.class, () -> AtomicFile.write(f, "x"));
        assertEquals(ErrorNumber.SYSTEM_ERROR, e.code());
        assertTrue(e.getMessage().startsWith("cannot create file '" + f + "': "), e.getMessage());
    }

    @Test
    void concurrentWritersNeverTearTheFile() throws Exception {
        Path f = dir.resolve("s.xml");
        String a = "a".repeat(100_000);
        String b = "b".repeat(100_000);
        AtomicFile.write(f, a);
        Thread w = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 50; i++) {
                AtomicFile.write(f, i % 2 == 0 ? b : a);
            }
        });
        while (w.isAlive()) {
            String s = Files.readString(f);
            assertTrue(s.equals(a) || s.equals(b), "torn read of length " + s.length());
        }
        w.join();
    }
}
