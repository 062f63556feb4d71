package org.jvirt.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jvirt.daemon.SocketActivation.Inherited;
import org.jvirt.daemon.SocketActivation.Role;
import org.jvirt.rpc.client.RpcClient;
import org.jvirt.rpc.protocol.remote.ConnectOpenArgs;
import org.jvirt.rpc.protocol.remote.RemoteProcedures;
import org.jvirt.rpc.transport.UnixTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(90)
class SocketActivationTest {
    @TempDir
    Path dir;

    @Test
    void variablesForAnotherProcessOrMalformedAreIgnored() throws Exception {
        long pid = ProcessHandle.current().pid();
        assertFalse(SocketActivation.fromEnvironment(Map.of(), pid).active());
        assertFalse(SocketActivation.fromEnvironment(Map.of("LISTEN_PID", String.valueOf(pid + 1),
                "LISTEN_FDS", "1"), pid).active());
        assertFalse(SocketActivation.fromEnvironment(Map.of("LISTEN_PID", "x", "LISTEN_FDS", "1"), pid).active());
        assertFalse(SocketActivation.fromEnvironment(Map.of("LISTEN_PID", String.valueOf(pid),
                "LISTEN_FDS", "0"), pid).active());
    }

    @Test
    void rolesComeFromUnitNamesThenPaths() {
        assertEquals(Role.RW, new Inherited(3, "jvirtd.socket", 1, "/run/jvirt/libvirt-sock").role());
        assertEquals(Role.RO, new Inherited(4, "jvirtd-ro.socket", 1, "/x/y").role());
        assertEquals(Role.ADMIN, new Inherited(5, "jvirtd-admin.socket", 1, "/x/y").role());
        assertEquals(Role.TCP, new Inherited(6, "jvirtd-tcp.socket", 10, "[0:0:0:0:0:0:0:0]:16509").role());
        assertEquals(Role.TLS, new Inherited(7, "jvirtd-tls.socket", 10, "[0:0:0:0:0:0:0:0]:16514").role());
        assertEquals(Role.RO, new Inherited(3, null, 1, "/run/jvirt/libvirt-sock-ro").role());
        assertEquals(Role.ADMIN, new Inherited(3, "unknown", 1, "/run/jvirt/libvirt-admin-sock").role());
        assertEquals(Role.RW, new Inherited(3, "unknown", 1, "/tmp/s").role());
        assertEquals(Role.TCP, new Inherited(3, null, 2, "0.0.0.0:16509").role());
    }

    private static String hostname(RpcClient c) {
        c.call(RemoteProcedures.CONNECT_OPEN, new ConnectOpenArgs("test:///default", 0));
        return c.call(RemoteProcedures.CONNECT_GET_HOSTNAME, null).hostname();
    }

    private static String virsh(String uri, String command) throws Exception {
        Process v = new ProcessBuilder("virsh", "-c", uri, command).redirectErrorStream(true).start();
        String out = new String(v.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(v.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, v.exitValue(), out);
        return out;
    }

    /**
     * The real thing: systemd-socket-activate binds two unix sockets and a TCP one, waits for a client and execs
     * jvirtd with LISTEN_FDS=3; jvirtd serves RPC on the inherited sockets, creates the admin socket itself, leaves systemd's
     * socket files in place and exits when idle (--timeout), ready to be started again by the next client.
     */
    @Test
    void servesSocketsFromSystemdSocketActivate() throws Exception {
        Path activate = Path.of("/usr/bin/systemd-socket-activate");
        assumeTrue(Files.isExecutable(activate), "systemd-socket-activate is not installed");
        Path sock = dir.resolve("sock");
        Files.createDirectories(sock);
        Path conf = dir.resolve("jvirtd.conf");
        Files.writeString(conf, "unix_sock_dir = \"" + sock + "\"\nauth_tcp = \"none\"\n");
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path rw = sock.resolve(JvirtdServer.SOCK);
        Path ro = sock.resolve(JvirtdServer.SOCK_RO);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = List.of(activate.toString(), "-l", rw.toString(), "-l", ro.toString(),
                "-l", "127.0.0.1:" + port, "--fdname=jvirtd.socket:jvirtd-ro.socket:jvirtd-tcp.socket",
                java.toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "org.jvirt.daemon.Jvirtd", "-f", conf.toString(), "--timeout", "2");
        Path log = dir.resolve("jvirtd.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            JvirtdTest.waitFor(() -> Files.exists(rw) && Files.exists(ro));
            assertFalse(Files.exists(sock.resolve(JvirtdServer.SOCK_ADMIN)), "jvirtd started before a client");
            long launcher = p.pid();
            try (RpcClient c = new RpcClient(UnixTransport.connect(rw));
                 RpcClient r = new RpcClient(UnixTransport.connect(ro))) {
                String host = hostname(c);
                assertFalse(host.isEmpty());
                assertEquals(host, hostname(r));
                // systemd-socket-activate execs jvirtd in place: LISTEN_PID is the launcher's pid.
                assertEquals(launcher, p.pid());
                assertTrue(Files.exists(sock.resolve(JvirtdServer.SOCK_ADMIN)), Files.readString(log));
                try (var files = Files.list(sock)) {
                    assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith(".jvirtd"))
                            .toList(), "placeholder sockets left behind");
                }
                if (Files.isExecutable(Path.of("/usr/bin/virsh"))) {
                    // libvirt's own client through the inherited sockets.
                    assertEquals(virsh("test:///default", "list --all"),
                            virsh("test+unix:///default?socket=" + rw, "list --all"));
                    assertEquals(virsh("test:///default", "list --all"),
                            virsh("test+unix:///default?socket=" + ro, "list --all"));
                    // TCP from systemd without --listen (auth_tcp = "none" allows it).
                    assertEquals(virsh("test:///default", "list --all"),
                            virsh("test+tcp://127.0.0.1:" + port + "/default", "list --all"));
                }
            }
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "jvirtd did not exit when idle:\n" + Files.readString(log));
            assertEquals(0, p.exitValue(), Files.readString(log));
            // systemd's sockets are systemd's: jvirtd leaves them for the next activation.
            assertTrue(Files.exists(rw));
            assertTrue(Files.exists(ro));
            assertFalse(Files.exists(sock.resolve(JvirtdServer.SOCK_ADMIN)));
            String text = Files.readString(log);
            assertTrue(text.contains("serving systemd socket jvirtd.socket fd 3 at " + rw), text);
            assertTrue(text.contains("serving systemd socket jvirtd-ro.socket fd 4 at " + ro), text);
            assertTrue(text.contains("serving systemd socket jvirtd-tcp.socket fd 5 at 127.0.0.1:" + port), text);
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
