package org.jvirt.host;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/**
 * A daemon that must outlive the JVM (QEMU, dnsmasq): started in a session of its own, with stdin from /dev/null and
 * stdout+stderr appended to a log file, never a pipe to us, so that a crash of jvirtd leaves it running and a restarted
 * jvirtd can find it again through its pidfile and {@link ProcessId} (pid + start time, so a reused pid is never
 * mistaken for our process).
 *
 * <p>The new session comes from util-linux's {@code setsid} program rather than posix_spawn through FFM: the JDK
 * already spawns children with posix_spawn, and such a child is never a process-group leader, so {@code setsid} calls
 * setsid(2) and execs the daemon in the same process: the pid we hold is the daemon's, it stays our child while
 * jvirtd lives (exit status via waitpid, reaped by the JDK), and no native code is needed.
 */
public final class ManagedProcess {
    private static final System.Logger LOG = System.getLogger("org.jvirt.host");
    private static final Duration POLL = Duration.ofMillis(20);

    private final ProcessId id;
    private final Process child;
    private final Path pidFile;

    /**
     * What to start. {@code pidFile} may be null (no pidfile); {@code env} adds to the inherited environment, or
     * with {@code clearEnv} is the whole environment (libvirt's way for QEMU: doing it here rather than through
     * {@code env -i} saves an exec on every guest start).
     */
    public record Spec(List<String> argv, Map<String, String> env, Path logFile, Path pidFile, Path workDir,
                       boolean clearEnv) {
        public Spec {
            argv = List.copyOf(argv);
            env = Map.copyOf(env);
        }

        /** A spec whose {@code env} adds to the inherited environment. */
        public Spec(List<String> argv, Map<String, String> env, Path logFile, Path pidFile, Path workDir) {
            this(argv, env, logFile, pidFile, workDir, false);
        }

        public static Spec of(List<String> argv, Path logFile) {
            return new Spec(argv, Map.of(), logFile, null, null);
        }

        public Spec withPidFile(Path p) {
            return new Spec(argv, env, logFile, p, workDir, clearEnv);
        }
    }

    private ManagedProcess(ProcessId id, Process child, Path pidFile) {
        this.id = id;
        this.child = child;
        this.pidFile = pidFile;
    }

    /** Starts the daemon in a new session and writes its pidfile (atomically). */
    public static ManagedProcess spawn(Spec spec) {
        Path setsid = ProcessCommandRunner.findInPath("setsid").orElseThrow(() ->
                VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.NONE,
                        "Cannot find 'setsid' in path: No such file or directory"));
        String program = spec.argv().getFirst();
        if (ProcessCommandRunner.findInPath(program).isEmpty()) {
            throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.NONE,
                    "Cannot find '" + program + "' in path: No such file or directory");
        }
        List<String> argv = new ArrayList<>();
        argv.add(setsid.toString());
        argv.add("--");
        argv.addAll(spec.argv());
        ProcessBuilder pb = new ProcessBuilder(argv);
        if (spec.clearEnv()) {
            pb.environment().clear();
        }
        pb.environment().putAll(spec.env());
        pb.redirectInput(new File("/dev/null"));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(spec.logFile().toFile()));
        if (spec.workDir() != null) {
            pb.directory(spec.workDir().toFile());
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.NONE,
                    "cannot execute binary " + program + ": " + e.getMessage());
        }
        // Until it is reaped (by us) a child's /proc entry stays, so its start time can always be read here.
        long start = ProcessId.stat(p.pid()).map(ProcessId.ProcStat::startTime).orElse(-1L);
        ManagedProcess mp = new ManagedProcess(new ProcessId(p.pid(), start), p, spec.pidFile());
        if (spec.pidFile() != null) {
            AtomicFile.writeRuntime(spec.pidFile(), (p.pid() + "\n").getBytes(StandardCharsets.US_ASCII),
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
        LOG.log(System.Logger.Level.DEBUG, "spawned pid={0} start={1}: {2}", p.pid(), start, spec.argv());
        return mp;
    }

    /**
     * Re-attaches to a daemon after a jvirtd restart. Empty when no process has that pid and start time any more
     * (it died, and perhaps its pid now belongs to someone else).
     */
    public static Optional<ManagedProcess> adopt(ProcessId id, Path pidFile) {
        return id.isAlive() ? Optional.of(new ManagedProcess(id, null, pidFile)) : Optional.empty();
    }

    /** The pid written in a pidfile (libvirt's virPidFileReadPath). */
    public static OptionalInt readPidFile(Path pidFile) {
        try {
            String s = Files.readString(pidFile).trim();
            return OptionalInt.of(Integer.parseInt(s));
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    public ProcessId id() {
        return id;
    }

    public long pid() {
        return id.pid();
    }

    /** True when we started it in this JVM: its exit status is then known and the JDK reaps it. */
    public boolean isChild() {
        return child != null;
    }

    public boolean isAlive() {
        if (child != null) {
            return child.isAlive();
        }
        return id.isAlive();
    }

    /**
     * Waits until the process is gone or {@code timeout} passes. Returns the exit status when it was our child and
     * has exited; empty when it is still running, or exited but was not our child (nobody told us its status).
     */
    public OptionalInt waitFor(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (child != null) {
                if (child.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                    return OptionalInt.of(child.exitValue());
                }
                return OptionalInt.empty();
            }
            while (id.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(POLL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OptionalInt.empty();
    }

    /**
     * libvirt's virProcessKillPainfully: SIGTERM, up to {@code grace} for it to go, then SIGKILL. Raises "Failed to
     * terminate process N with SIGKILL" when even that does not end it within five seconds (a process stuck in the
     * kernel, D state).
     */
    public void kill(Duration grace) {
        if (!isAlive()) {
            cleanPidFile();
            return;
        }
        signal(false);
        if (!gone(grace)) {
            LOG.log(System.Logger.Level.DEBUG, "pid {0} ignored SIGTERM for {1}; sending SIGKILL", pid(), grace);
            signal(true);
            if (!gone(Duration.ofSeconds(5))) {
                throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.NONE,
                        "Failed to terminate process " + pid() + " with SIGKILL: Device or resource busy");
            }
        }
        cleanPidFile();
    }

    private void signal(boolean force) {
        // ProcessHandle checks the start time before signalling a non-child, so a recycled pid is left alone.
        ProcessHandle h = child != null ? child.toHandle() : ProcessHandle.of(pid()).orElse(null);
        if (h == null || child == null && !id.isAlive()) {
            return;
        }
        if (force) {
            h.destroyForcibly();
        } else {
            h.destroy();
        }
    }

    private boolean gone(Duration d) {
        if (child != null) {
            try {
                return child.waitFor(d.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        waitFor(d);
        return !id.isAlive();
    }

    private void cleanPidFile() {
        if (pidFile != null) {
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot remove pidfile {0}: {1}", pidFile, e.getMessage());
            }
        }
    }
}
