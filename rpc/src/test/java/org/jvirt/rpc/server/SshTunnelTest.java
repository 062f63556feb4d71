package org.jvirt.rpc.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jvirt.rpc.client.RpcClient;
import org.jvirt.rpc.protocol.remote.RemoteProcedures;
import org.jvirt.rpc.transport.SshTransport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ssh transport end to end: a private sshd on a loopback port (its own host key and authorized_keys in a
 * temporary directory), ssh running {@code nc -U} to the server's unix socket. Skipped when sshd, ssh-keygen or an
 * {@code nc} with {@code -U} is missing.
 */
@Timeout(60)
class SshTunnelTest {
    @TempDir
    Path dir;

    private static boolean runs(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void callsThroughAnSshTunnel() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/sshd")), "no sshd");
        Assumptions.assumeTrue(runs("sh", "-c", "nc -h 2>&1 | grep -q -- -U"), "no nc -U");
        Assumptions.assumeTrue(runs("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host")
                .toString()));
        Assumptions.assumeTrue(runs("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("user")
                .toString()));
        Files.copy(dir.resolve("user.pub"), dir.resolve("auth"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("sshd_config"), String.join("\n", "Port " + port,
                "ListenAddress 127.0.0.1", "HostKey " + dir.resolve("host"), "AuthorizedKeysFile " + dir.resolve("auth"),
                "PasswordAuthentication no", "UsePAM no", "StrictModes no", "PermitRootLogin yes",
                "PidFile " + dir.resolve("sshd.pid"), ""));
        try {
            Files.createDirectories(Path.of("/run/sshd"));   // sshd's privilege separation directory
        } catch (IOException e) {
            Assumptions.abort("cannot create /run/sshd: " + e);
        }
        Process sshd = new ProcessBuilder("/usr/sbin/sshd", "-D", "-f", dir.resolve("sshd_config").toString(),
                "-E", dir.resolve("sshd.log").toString()).start();
        Path wrapper = dir.resolve("ssh");
        Files.writeString(wrapper, "#!/bin/sh\nexec ssh -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \"$@\"\n");
        wrapper.toFile().setExecutable(true);
        try (RpcFixture f = new RpcFixture(dir, ServerLimits.defaults())) {
            Thread.sleep(500);
            Assumptions.assumeTrue(sshd.isAlive(), "sshd did not start");
            SshTransport ssh = new SshTransport("127.0.0.1", String.valueOf(port),
                    System.getProperty("user.name"), dir.resolve("user").toString(), true, true, null,
                    f.socket.toString(), "netcat", null);
            try (RpcClient c = new RpcClient(ssh.connect(wrapper.toString()))) {
                assertEquals("echo-host", c.call(RemoteProcedures.CONNECT_GET_HOSTNAME, null).hostname());
                assertEquals("x".repeat(300_000), RpcFixture.run(c, "echo", "x".repeat(300_000)));
                assertEquals(List.of("ssh"), List.of(c.transport()));
            }
        } finally {
            sshd.destroy();
            sshd.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
