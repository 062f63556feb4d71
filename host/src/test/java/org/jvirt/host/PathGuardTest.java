package org.jvirt.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PathGuardTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "..", ".", ".hidden", "../etc/passwd", "x\0y", "/abs"})
    void rejectsNamesThatCouldLeaveTheDirectory(String name) {
        VirException e = assertThrows(VirException.class, () -> PathGuard.checkName(name));
        assertEquals(ErrorNumber.INVALID_ARG, e.code());
    }

    @Test
    void slashMessageIsLibvirts() {
        assertEquals("invalid argument: name a/b cannot contain '/'",
                assertThrows(VirException.class, () -> PathGuard.checkName("a/b")).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"vm1", "a..b", "name with space", "ünïcode", "x."})
    void acceptsOrdinaryNames(String name) {
        assertEquals(Path.of("/etc/jvirt/qemu", name + ".xml"),
                PathGuard.resolve(Path.of("/etc/jvirt/qemu"), name, ".xml"));
    }
}
