package org.jvirt.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jvirt.core.VirException;
import org.jvirt.rpc.client.RpcClient;
import org.jvirt.rpc.protocol.remote.ConnectOpenArgs;
import org.jvirt.rpc.protocol.remote.DomainDefineXmlArgs;
import org.jvirt.rpc.protocol.remote.RemoteProcedures;
import org.jvirt.rpc.transport.TcpTransport;
import org.jvirt.rpc.transport.UnixTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class JvirtdTest {
    @TempDir
    Path dir;

    private Jvirtd.Layout layout() {
        return new Jvirtd.Layout(dir.resolve("absent.conf"), dir.resolve("run"), dir.resolve("pki"),
                dir.resolve("jvirtd.pid"));
    }

    private Path conf(String text) throws Exception {
        Path c = dir.resolve("jvirtd.conf");
        Files.writeString(c, "unix_sock_dir = \"" + dir.resolve("sock") + "\"\n" + text);
        return c;
    }

    /** Opens test:///default on {@code c} (the daemon's REMOTE program needs an open connection). */
    private static String hostname(RpcClient c) {
        c.call(RemoteProcedures.CONNECT_OPEN, new ConnectOpenArgs("test:///default", 0));
        return c.call(RemoteProcedures.CONNECT_GET_HOSTNAME, null).hostname();
    }

    /** Whether the daemon let {@code c} define a domain (a read-only client is refused). */
    private static boolean canWrite(RpcClient c) {
        try {
            c.call(RemoteProcedures.DOMAIN_DEFINE_XML, new DomainDefineXmlArgs(
                    "<domain type='test'><name>rw-probe</name><memory>1024</memory><os><type>hvm</type></os>"
                            + "</domain>"));
            return true;
        } catch (VirException e) {
            assertTrue(e.getMessage().contains("read only access prevents"), e.getMessage());
            return false;
        }
    }

    private static void assertServes(RpcClient c, boolean readOnly) {
        assertFalse(hostname(c).isEmpty());
        assertEquals(!readOnly, canWrite(c));
    }

    private int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        return Jvirtd.run(args, layout(), new PrintStream(out, true), new PrintStream(err, true));
    }

    @Test
    void versionHelpAndBadOptions() {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        assertEquals(0, run(out, err, "--version"));
        assertEquals("jvirtd (jvirt) 9.0.0\n", out.toString());
        out.reset();
        assertEquals(0, run(out, err, "-h"));
        assertTrue(out.toString().contains("-t | --timeout <secs>"));
        assertEquals(1, run(out, err, "--bogus"));
        assertTrue(err.toString().startsWith("jvirtd: invalid argument: unrecognized option '--bogus'"),
                err.toString());
        err.reset();
        assertEquals(1, run(out, err, "-f", dir.resolve("missing.conf").toString()));
        assertTrue(err.toString().contains("missing.conf"), err.toString());
    }

    @Test
    void servesTheUnixSocketsAndExitsWhenIdle() throws Exception {
        Path conf = conf("listen_tls = 0\nunix_sock_ro_perms = \"0777\"\n");
        Path sock = dir.resolve("sock");
        try (var ex = Executors.newVirtualThreadPerTaskExecutor()) {
            long t0 = System.nanoTime();
            Future<Integer> rc = ex.submit(() -> run(new ByteArrayOutputStream(), new ByteArrayOutputStream(),
                    "-f", conf.toString(), "-t", "2", "-p", dir.resolve("pid").toString()));
            waitFor(() -> Files.exists(sock.resolve(JvirtdServer.SOCK_ADMIN)));
            assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(dir.resolve("pid")));
            assertEquals("rwx------", mode(sock.resolve("libvirt-sock")));
            assertEquals("rwxrwxrwx", mode(sock.resolve("libvirt-sock-ro")));
            assertEquals("rwx------", mode(sock.resolve("libvirt-admin-sock")));
            try (RpcClient rw = new RpcClient(UnixTransport.connect(sock.resolve("libvirt-sock")));
                 RpcClient ro = new RpcClient(UnixTransport.connect(sock.resolve("libvirt-sock-ro")));
                 RpcClient adm = new RpcClient(UnixTransport.connect(sock.resolve("libvirt-admin-sock")))) {
                assertServes(rw, false);
                assertServes(ro, true);
                // The admin socket serves only the ADMIN program.
                VirException e = org.junit.jupiter.api.Assertions.assertThrows(VirException.class,
                        () -> hostname(adm));
                assertEquals("Cannot find program 536903814 version 1", e.getMessage());
                Thread.sleep(2500);
                assertFalse(rc.isDone(), "exited while clients were connected");
            }
            assertEquals(0, rc.get(10, TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - t0 > 4_000_000_000L);
            assertFalse(Files.exists(sock.resolve("libvirt-sock")));
            assertFalse(Files.exists(dir.resolve("pid")));
        }
    }

    @Test
    void tcpNeedsAuthTcpAndListen() throws Exception {
        var err = new ByteArrayOutputStream();
        Path refused = conf("listen_tls = 0\nlisten_tcp = 1\n");
        assertEquals(1, run(new ByteArrayOutputStream(), err, "-f", refused.toString(), "--listen", "-t", "1"));
        assertTrue(err.toString().contains("listen_tcp requires auth_tcp"), err.toString());

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path ok = conf("listen_tls = 0\nlisten_tcp = 1\nauth_tcp = \"none\"\nlisten_addr = \"127.0.0.1\"\n"
                + "tcp_port = \"" + port + "\"\n");
        try (var ex = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> rc = ex.submit(() -> run(new ByteArrayOutputStream(), new ByteArrayOutputStream(),
                    "-f", ok.toString(), "-l", "-t", "1"));
            // The TCP listener opens after the unix sockets: wait for it, not for the admin socket.
            waitFor(() -> {
                try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                    return true;
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            try (RpcClient c = new RpcClient(TcpTransport.connect("127.0.0.1", port))) {
                assertServes(c, false);
            }
            assertEquals(0, rc.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void sigtermStopsCleanly() throws Exception {
        Path conf = conf("listen_tls = 0\n");
        Path pid = dir.resolve("d.pid");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "org.jvirt.daemon.Jvirtd", "-f", conf.toString(), "-p", pid.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        try {
            Path sock = dir.resolve("sock").resolve("libvirt-sock");
            waitFor(() -> Files.exists(pid) && Files.exists(sock.resolveSibling(JvirtdServer.SOCK_ADMIN)));
            assertEquals(p.pid() + "\n", Files.readString(pid));
            try (RpcClient c = new RpcClient(UnixTransport.connect(sock))) {
                assertServes(c, false);
            }
            p.destroy();   // SIGTERM
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            assertFalse(Files.exists(pid), "pid file left behind");
            assertFalse(Files.exists(sock), "socket left behind");
        } finally {
            p.destroyForcibly();
        }
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    static void waitFor(java.util.function.BooleanSupplier cond) throws InterruptedException {
        long end = System.nanoTime() + 20_000_000_000L;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met in 20 s");
            }
            Thread.sleep(20);
        }
    }

}
