package org.jvirt.model.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.junit.jupiter.api.Test;

class CpuSetTest {
    @Test
    void parsesRangesAndExclusionsAndFormatsTheShortestForm() {
        assertEquals("0-1,3,8", CpuSet.format(CpuSet.parse("0-3,^2,8")));
    }

    @Test
    void negativeOrBackwardsIdsAreLibvirtsParseError() {
        for (String bad : new String[] {"-1", "^-2", "3-1", "x"}) {
            VirException e = assertThrows(VirException.class, () -> CpuSet.parse(bad), bad);
            assertEquals(ErrorNumber.INVALID_ARG, e.code());
            assertEquals("invalid argument: Failed to parse bitmap '" + bad + "'", e.getMessage());
        }
    }
}
