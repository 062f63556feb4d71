package org.jvirt.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedProcessTest {
    @TempDir
    Path dir;
    private ManagedProcess proc;

    @AfterEach
    void cleanUp() {
        if (proc != null && proc.isAlive()) {
            proc.kill(Duration.ofMillis(100));
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier c, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void aClearedEnvironmentHoldsOnlyWhatTheSpecGives() throws Exception {
        Path log = dir.resolve("env.log");
        proc = ManagedProcess.spawn(new ManagedProcess.Spec(List.of("/usr/bin/env"), Map.of("LC_ALL", "C",
                "HOME", "/nowhere"), log, null, null, true));
        awaitTrue(() -> !proc.isAlive(), "env to finish");
        assertEquals(java.util.Set.of("LC_ALL=C", "HOME=/nowhere"),
                java.util.Set.copyOf(Files.readAllLines(log)));
    }

    @Test
    void runsInItsOwnSessionWithOutputInTheLogAndAPidfile() throws Exception {
        Path log = dir.resolve("d.log");
        Path pidFile = dir.resolve("d.pid");
        proc = ManagedProcess.spawn(ManagedProcess.Spec.of(
                List.of("sh", "-c", "echo started; echo oops >&2; exec sleep 30"), log).withPidFile(pidFile));
        assertTrue(proc.isChild());
        assertEquals(OptionalInt.of((int) proc.pid()), ManagedProcess.readPidFile(pidFile));
        // setsid(2) runs just after exec: the session id becomes the pid itself, not the JVM's session.
        long jvmSession = ProcessId.stat(ProcessHandle.current().pid()).orElseThrow().session();
        awaitTrue(() -> ProcessId.stat(proc.pid()).orElseThrow().session() == proc.pid(), "a new session");
        assertTrue(jvmSession != proc.pid());
        awaitTrue(() -> {
            try {
                return Files.readString(log).contains("started\n") && Files.readString(log).contains("oops\n");
            } catch (java.io.IOException e) {
                return false;
            }
        }, "output in the log file");
        assertTrue(proc.id().isAlive());
    }

    @Test
    void exitStatusOfAChildIsKnown() {
        proc = ManagedProcess.spawn(ManagedProcess.Spec.of(List.of("sh", "-c", "exit 5"), dir.resolve("l")));
        assertEquals(OptionalInt.of(5), proc.waitFor(Duration.ofSeconds(10)));
        assertFalse(proc.isAlive());
    }

    @Test
    void killSendsTermFirst() throws Exception {
        Path pidFile = dir.resolve("p");
        proc = ManagedProcess.spawn(ManagedProcess.Spec.of(List.of("sleep", "30"), dir.resolve("l"))
                .withPidFile(pidFile));
        proc.kill(Duration.ofSeconds(5));
        assertFalse(proc.isAlive());
        assertEquals(OptionalInt.of(128 + 15), proc.waitFor(Duration.ZERO), "ended by SIGTERM");
        assertFalse(Files.exists(pidFile), "pidfile removed");
    }

    @Test
    void killEscalatesToSigkillWhenTermIsIgnored() throws Exception {
        Path log = dir.resolve("l");
        proc = ManagedProcess.spawn(ManagedProcess.Spec.of(
                List.of("sh", "-c", "trap '' TERM; echo armed; exec sleep 30"), log));
        awaitTrue(() -> {
            try {
                return Files.readString(log).contains("armed");
            } catch (java.io.IOException e) {
                return false;
            }
        }, "trap armed");
        long t0 = System.nanoTime();
        proc.kill(Duration.ofMillis(300));
        assertFalse(proc.isAlive());
        assertEquals(OptionalInt.of(128 + 9), proc.waitFor(Duration.ZERO), "ended by SIGKILL");
        assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(300).toNanos(), "the grace period was given");
    }

    @Test
    void adoptionChecksTheStartTime() throws Exception {
        proc = ManagedProcess.spawn(ManagedProcess.Spec.of(List.of("sleep", "30"), dir.resolve("l")));
        ProcessId id = proc.id();
        ManagedProcess adopted = ManagedProcess.adopt(id, null).orElseThrow();
        assertFalse(adopted.isChild());
        assertTrue(adopted.isAlive());
        assertTrue(ManagedProcess.adopt(new ProcessId(id.pid(), id.startTime() - 1), null).isEmpty(),
                "same pid, other start time: someone else's process");
        // A non-child is killed and waited for by polling /proc.
        adopted.kill(Duration.ofSeconds(5));
        assertFalse(adopted.isAlive());
        assertEquals(OptionalInt.empty(), adopted.waitFor(Duration.ZERO));
    }
}
