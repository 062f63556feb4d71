package org.jvirt.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jvirt.core.VirException;
import org.junit.jupiter.api.Test;

class RecordingCommandRunnerTest {

    @Test
    void recordsCommandsWithoutRunningThem() {
        RecordingCommandRunner r = new RecordingCommandRunner();
        r.run(Command.of("rm", "-rf", "/definitely/not/run"));
        r.run(Command.of("ip", "link", "show").withEnv("LC_ALL", "C"));
        assertEquals("rm -rf /definitely/not/run\nLC_ALL=C ip link show\n", r.log());
        assertEquals(2, r.commands().size());
    }

    @Test
    void responderFailureGoesThroughTheRealExitCheck() {
        RecordingCommandRunner r = new RecordingCommandRunner(c -> new CommandResult(2, "", "no such device\n"));
        VirException e = assertThrows(VirException.class, () -> r.run(Command.of("ip", "link", "del", "x")));
        assertEquals("internal error: Child process (ip link del x) unexpected exit status 2: no such device\n",
                e.getMessage());
        assertEquals(2, r.run(Command.of("true").allowingFailure()).exitStatus());
    }
}
