package org.jvirt.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A daemon the dist tests run as a real process (jvirtd from the test class path, or libvirt's own libvirtd) with
 * its unix sockets in {@code run/} of a directory of its own, plus the real virsh pointed at it. A killed daemon
 * can be started again on the same directory (the restart tests), and {@link #close()} leaves nothing running:
 * the daemons, and any QEMU whose pidfile jvirtd's QEMU driver left in the state directory.
 */
public final class DaemonProcess implements AutoCloseable {
    private static final Path VIRSH = Path.of("/usr/bin/virsh");

    /** One virsh (or other client) run: exit status and the merged stdout/stderr. */
    public record Result(int rc, String out) {}

    private final Path dir;
    private final Path stateRoot;
    private final List<Process> processes = new ArrayList<>();
    private Process current;
    private List<String> launchPrefix = List.of();

    private DaemonProcess(Path dir, Path stateRoot) {
        this.dir = dir;
        this.stateRoot = stateRoot;
    }

    /** jvirtd with {@code JVIRT_STATE_ROOT=stateRoot}, logging to {@code dir/jvirtd.log}; not started yet. */
    public static DaemonProcess jvirtd(Path dir, Path stateRoot) {
        return new DaemonProcess(dir, stateRoot);
    }

    /**
     * Runs jvirtd behind {@code prefix}, e.g. {@code ip netns exec NS} so that the bridges and dnsmasq of its
     * network driver live in a test's namespace (ip execs in place: the process is still jvirtd's).
     */
    public DaemonProcess launchedWith(List<String> prefix) {
        this.launchPrefix = List.copyOf(prefix);
        return this;
    }

    /** Starts (or, after {@link #kill()}, starts again) jvirtd and waits for its read-write socket. */
    public DaemonProcess start() throws Exception {
        Files.createDirectories(dir.resolve("run"));
        // A killed jvirtd leaves its socket file behind: wait for the new one, not the stale one.
        Files.deleteIfExists(socket());
        Path conf = dir.resolve("jvirtd.conf");
        Files.writeString(conf, "unix_sock_dir = \"" + dir.resolve("run") + "\"\n");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> argv = new ArrayList<>(launchPrefix);
        argv.addAll(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "org.jvirt.daemon.Jvirtd", "-f", conf.toString()));
        ProcessBuilder pb = new ProcessBuilder(argv)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        pb.environment().put("JVIRT_STATE_ROOT", stateRoot.toString());
        current = pb.start();
        processes.add(current);
        awaitSocket(current, socket(), log());
        return this;
    }

    /** Waits until {@code daemon} listens on {@code socket}, failing with its log if it dies or takes 30 s. */
    public static void awaitSocket(Process daemon, Path socket, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(socket)) {
            assertTrue(daemon.isAlive(), "daemon died: " + read(log));
            assertTrue(System.nanoTime() < deadline, "daemon did not listen: " + read(log));
            Thread.sleep(50);
        }
    }

    public Path socket() {
        return dir.resolve("run/libvirt-sock");
    }

    /** {@code DRIVER+unix:///PATH?socket=...}, e.g. {@code uri("qemu", "system")}. */
    public String uri(String driver, String path) {
        return driver + "+unix:///" + path + "?socket=" + socket();
    }

    public Path log() {
        return dir.resolve("jvirtd.log");
    }

    /** The daemon's output so far, for assertion messages. */
    public String logText() {
        return read(log());
    }

    /** {@code kill -9} of the running daemon, waiting until it is gone. */
    public void kill() throws InterruptedException {
        current.destroyForcibly().waitFor();
    }

    /** Real virsh on {@code uri}, one argument vector. */
    public static Result virsh(String uri, List<String> args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(VIRSH.toString(), "-c", uri));
        argv.addAll(args);
        return run(argv, Map.of());
    }

    /** Runs argv to completion (at most 120 s), stdout and stderr merged. */
    public static Result run(List<String> argv, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        // Read before waiting: a chatty client would otherwise block on a full pipe.
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), argv + " timed out");
        return new Result(p.exitValue(), out);
    }

    /** virsh that must succeed; the failure message carries virsh's output and the daemon's log. */
    public String virshOk(String uri, List<String> args) throws Exception {
        Result r = virsh(uri, args);
        assertEquals(0, r.rc(), "virsh " + String.join(" ", args) + ":\n" + r.out() + "\njvirtd log:\n" + logText());
        return r.out();
    }

    /** virsh that must fail (exit status 1), returning what it printed. */
    public String virshFails(String uri, List<String> args) throws Exception {
        Result r = virsh(uri, args);
        assertEquals(1, r.rc(), "virsh " + String.join(" ", args) + " should fail:\n" + r.out());
        return r.out();
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops any guest QEMU the QEMU driver recorded, then every daemon this fixture started. */
    @Override
    public void close() throws Exception {
        Path qemuRun = stateRoot.resolve("run/jvirt/qemu");
        if (Files.isDirectory(qemuRun)) {
            try (Stream<Path> s = Files.list(qemuRun)) {
                for (Path pid : s.filter(p -> p.toString().endsWith(".pid")).toList()) {
                    ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(ProcessHandle::destroy);
                }
            }
        }
        for (Process d : processes) {
            d.destroy();
            if (!d.waitFor(10, TimeUnit.SECONDS)) {
                d.destroyForcibly();
            }
        }
    }
}
