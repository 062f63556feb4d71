package org.jvirt.rpc.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransportTest {
    @TempDir
    Path dir;

    @Test
    void unixSocketGetsItsModeAndCarriesBytesBothWays() throws Exception {
        Path sock = dir.resolve("s");
        try (Listener l = UnixTransport.listen(sock, 0660, null)) {
            assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
            try (Connection c = UnixTransport.connect(sock); Connection s = l.accept()) {
                c.output().write(new byte[] {1, 2, 3});
                assertEquals(1, s.input().read());
                s.output().write(9);
                assertEquals(9, c.input().read());
                assertEquals("unix", s.transport());
                assertTrue(s.peerUid().isPresent());
            }
        }
        assertTrue(Files.notExists(sock), "closing the listener removes the socket file");
    }

    @Test
    void uidLookup() {
        assertEquals(OptionalInt.of(0), UnixTransport.uidOf("root"));
        assertEquals(OptionalInt.of(1234), UnixTransport.uidOf("1234"));
        assertEquals(OptionalInt.empty(), UnixTransport.uidOf("no-such-user-here"));
    }

    @Test
    void sshCommandIsLibvirts() {
        SshTransport t = new SshTransport("h.example", "2222", "bob", "/k", true, true, null,
                "/var/run/libvirt/libvirt-sock", "netcat", null);
        List<String> argv = t.command();
        assertEquals(List.of("ssh", "-p", "2222", "-l", "bob", "-i", "/k", "-T", "-e", "none", "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=no", "--", "h.example", "sh", "-c"), argv.subList(0, 18));
        assertEquals("'if '\\''nc'\\'' -q 2>&1 | grep \"requires an argument\" >/dev/null 2>&1; then ARG=-q0;"
                + "else ARG=;fi;exec '\\''nc'\\'' $ARG -U '\\''/var/run/libvirt/libvirt-sock'\\'''", argv.get(18));
        SshTransport plain = new SshTransport("h", null, null, null, false, false, "ncat", "/s", "auto", "qemu:///x");
        assertEquals(List.of("ssh", "-T", "-e", "none", "--", "h", "sh", "-c"), plain.command().subList(0, 8));
        assertTrue(plain.remoteCommand().contains("virt-ssh-helper"));
        assertTrue(plain.remoteCommand().contains("ncat"));
    }

    @Test
    void sshCommandRunsThroughAShell() throws Exception {
        // The remote command is what sh -c gets after the remote shell splits it: check it parses and runs.
        SshTransport t = new SshTransport("h", null, null, null, false, false, "/bin/echo", "/s", "netcat", null);
        Process p = new ProcessBuilder("sh", "-c", "sh -c " + t.remoteCommand()).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        assertEquals("-U /s", out);
    }
}
