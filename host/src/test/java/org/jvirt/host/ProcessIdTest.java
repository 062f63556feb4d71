package org.jvirt.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcessIdTest {

    @Test
    void parsesCommWithSpacesAndParentheses() {
        String line = "4242 (qemu (x) y) S 1 4242 4242 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 3 0 987654 1 1 "
                + "18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
        ProcessId.ProcStat s = ProcessId.ProcStat.parse(line);
        assertEquals(4242, s.pid());
        assertEquals("qemu (x) y", s.comm());
        assertEquals('S', s.state());
        assertEquals(1, s.ppid());
        assertEquals(4242, s.session());
        assertEquals(987654, s.startTime());
    }

    @Test
    void ownProcessIsAliveAndADifferentStartTimeIsNot() {
        long me = ProcessHandle.current().pid();
        ProcessId id = ProcessId.of(me).orElseThrow();
        assertTrue(id.isAlive());
        assertFalse(new ProcessId(me, id.startTime() + 1).isAlive(), "a reused pid must not look like ours");
        assertFalse(new ProcessId(Integer.MAX_VALUE - 7, 1).isAlive());
    }
}
