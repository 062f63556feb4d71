package org.jvirt.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.junit.jupiter.api.Test;

class ProcessCommandRunnerTest {
    private final CommandRunner runner = new ProcessCommandRunner();

    @Test
    void capturesStdoutAndStderrSeparately() {
        CommandResult r = runner.run(Command.of("sh", "-c", "echo out; echo err >&2"));
        assertEquals(0, r.exitStatus());
        assertEquals("out\n", r.stdout());
        assertEquals("err\n", r.stderr());
    }

    @Test
    void passesStdinAndEnvironment() {
        CommandResult r = runner.run(Command.of("sh", "-c", "read x; echo \"$x-$JV\"").withStdin("hello\n")
                .withEnv("JV", "env"));
        assertEquals("hello-env\n", r.stdout());
    }

    @Test
    void nonZeroExitRaisesLibvirtChildProcessError() {
        VirException e = assertThrows(VirException.class,
                () -> runner.run(Command.of("sh", "-c", "echo boom >&2; exit 3")));
        assertEquals(ErrorNumber.INTERNAL_ERROR, e.code());
        assertEquals(ErrorDomain.NONE, e.domain());
        assertEquals("internal error: Child process (sh -c 'echo boom >&2; exit 3') unexpected exit status 3: boom\n",
                e.getMessage());
    }

    @Test
    void nonZeroExitWithoutStderrHasNoColon() {
        VirException e = assertThrows(VirException.class, () -> runner.run(Command.of("false")));
        assertEquals("internal error: Child process (false) unexpected exit status 1", e.getMessage());
    }

    @Test
    void allowedFailureReturnsTheStatus() {
        assertEquals(7, runner.run(Command.of("sh", "-c", "exit 7").allowingFailure()).exitStatus());
    }

    @Test
    void killedBySignalIsReportedAsFatalSignal() {
        VirException e = assertThrows(VirException.class, () -> runner.run(Command.of("sh", "-c", "kill -9 $$")));
        assertEquals("internal error: Child process (sh -c 'kill -9 $$') unexpected fatal signal 9", e.getMessage());
    }

    @Test
    void missingProgramIsCannotFindInPath() {
        VirException e = assertThrows(VirException.class, () -> runner.run(Command.of("no-such-prog-jvirt")));
        assertEquals(ErrorNumber.SYSTEM_ERROR, e.code());
        assertEquals("Cannot find 'no-such-prog-jvirt' in path: No such file or directory", e.getMessage());
    }

    @Test
    void timeoutKillsTheChild() {
        long t0 = System.nanoTime();
        VirException e = assertThrows(VirException.class,
                () -> runner.run(Command.of("sleep", "30").withTimeout(Duration.ofMillis(300))));
        assertEquals(ErrorNumber.OPERATION_TIMEOUT, e.code());
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos());
    }

    @Test
    void displayQuotesLikeVirCommandToString() {
        assertEquals("A=1 B='x y' ip link set dev 'a b' ''",
                Command.of("ip", "link", "set", "dev", "a b", "").withEnv("B", "x y").withEnv("A", "1").display());
        assertEquals("echo 'it'\\''s'", Command.of("echo", "it's").display());
    }
}
