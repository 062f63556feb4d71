package org.jvirt.daemon.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.junit.jupiter.api.Test;

class LogSettingsTest {
    @Test
    void defaultsAndNormalisationAsLibvirt() {
        LogSettings s = new LogSettings(null, null, 3);
        assertEquals("3:stderr", s.outputs());
        assertEquals("", s.filters());
        assertEquals(0, s.filterCount());
        s.setFilters("1:foo  2:+bar 3:qemu*");
        assertEquals("1:*foo* 2:+*bar* 3:qemu* ", s.filters());
        assertEquals(3, s.filterCount());
        s.setOutputs("1:file:/tmp/x.log 4:syslog:jvirtd 2:journald");
        assertEquals("1:file:/tmp/x.log 4:syslog:jvirtd 2:journald", s.outputs());
        s.setFilters(null);
        s.setOutputs(null);
        assertEquals("", s.filters());
        assertEquals("3:stderr", s.outputs());
        assertEquals("1:*util* ", new LogSettings("1:util", "2:stderr", 3).filters());
    }

    @Test
    void malformedStringsAreRefusedWithLibvirtsTexts() {
        LogSettings s = new LogSettings("1:a", null, 3);
        assertEquals("invalid argument: Malformed format for filter 'foo'",
                assertThrows(VirException.class, () -> s.setFilters("1:b foo")).getMessage());
        assertEquals("1:*a* ", s.filters(), "a refused set changes nothing");
        assertEquals("invalid argument: Invalid priority '5' for filter '5:x'",
                assertThrows(VirException.class, () -> s.setFilters("5:x")).getMessage());
        assertEquals("invalid argument: Invalid match string '1:+'",
                assertThrows(VirException.class, () -> s.setFilters("1:+")).getMessage());
        VirException e = assertThrows(VirException.class, () -> s.setOutputs("stderr"));
        assertEquals(ErrorNumber.INVALID_ARG, e.code());
        assertEquals("invalid argument: Malformed format for log output 'stderr'", e.getMessage());
        assertEquals("invalid argument: Invalid log priority 'x' for log output 'x:stderr'",
                assertThrows(VirException.class, () -> s.setOutputs("x:stderr")).getMessage());
        assertEquals("invalid argument: Log output '1:file' does not meet the format requirements for destination "
                + "type 'file'", assertThrows(VirException.class, () -> s.setOutputs("1:file")).getMessage());
    }
}
