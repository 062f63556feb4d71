package org.jvirt.qemu.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jvirt.core.VirException;
import org.junit.jupiter.api.Test;

class CpuListTest {
    @Test
    void libvirtSyntaxBecomesKernelRanges() {
        assertEquals("1,3-4", CpuList.normalize("1-4,^2", "cpuset"));
        assertEquals("0-3,8", CpuList.normalize("0,1,2,3,8", "cpuset"));
        assertEquals("5", CpuList.normalize(" 5 ", "cpuset"));
        assertEquals("", CpuList.normalize("", "cpuset"));
    }

    @Test
    void garbageIsRejectedWithLibvirtText() {
        VirException e = assertThrows(VirException.class, () -> CpuList.parse("3-1", "cpuset"));
        assertEquals("XML error: Invalid value of 'cpuset': 3-1", e.getMessage());
        assertThrows(VirException.class, () -> CpuList.parse("a", "nodeset"));
    }
}
