package org.jvirt.host.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Set;
import org.jvirt.core.VirException;
import org.jvirt.host.CgroupInfo;
import org.junit.jupiter.api.Test;

class CgroupManagerTest {

    @Test
    void machineNameFollowsLibvirt() {
        assertEquals("qemu-1-demo", CgroupManager.machineName("qemu", 1, "demo"));
        assertEquals("qemu-7-my-vm.x", CgroupManager.machineName("qemu", 7, "..my--vm.x_"));
        assertEquals("qemu-3-abc", CgroupManager.machineName("qemu", 3, "a b+c-"));
        String longName = "x".repeat(100);
        assertEquals(64, CgroupManager.machineName("qemu", 12, longName).length());
    }

    @Test
    void groupNamesAreEscapedLikeLibvirt() {
        assertEquals("qemu-1-demo.libvirt-qemu", CgroupManager.domainGroupName("qemu-1-demo", "qemu"));
        assertEquals("_cpu.partition", CgroupManager.escape("cpu.partition"));
        assertEquals("_cgroup.foo", CgroupManager.escape("cgroup.foo"));
        assertEquals("_.hidden", CgroupManager.escape(".hidden"));
        assertEquals("cpufoo", CgroupManager.escape("cpufoo"));
    }

    @Test
    void partitionSuffix() {
        assertEquals("/machine", CgroupManager.partitionPath("/machine"));
        assertEquals("/machine/prod.partition", CgroupManager.partitionPath("/machine/prod"));
        assertEquals("/a.slice/_cpu.partition", CgroupManager.partitionPath("/a.slice/cpu"));
        assertEquals("/", CgroupManager.partitionPath("/"));
    }

    @Test
    void noControllersMeansNoGroups() {
        CgroupManager m = new CgroupManager(new CgroupInfo(Map.of(), Map.of(), null, null, Set.of()),
                new KernelCgroupFs(), CgroupManager.DEFAULT_CONTROLLERS);
        assertFalse(m.available());
        VirException e = assertThrows(VirException.class, () -> m.group("/"));
        assertEquals("At least one cgroup controller is required: No such device or address", e.getMessage());
    }
}
