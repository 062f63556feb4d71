package org.jvirt.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CgroupInfoTest {

    private static final String HYBRID_CGROUP = """
            9:name=systemd:/
            4:memory:/process_api/abc
            2:cpu,cpuacct:/
            0::/
            """;
    private static final String HYBRID_MOUNTS = """
            31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
            32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct
            35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
            40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
            41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
            """;

    @Test
    void hybridLayoutHasV1ControllersAndAnEmptyUnifiedMount() {
        CgroupInfo c = CgroupInfo.parse(HYBRID_CGROUP, HYBRID_MOUNTS, p -> "");
        assertEquals(CgroupInfo.Version.HYBRID, c.version());
        assertEquals(Path.of("/sys/fs/cgroup/cpu,cpuacct"), c.v1Mounts().get("cpuacct"));
        assertEquals("/process_api/abc", c.v1Placement().get("memory"));
        assertEquals(Path.of("/sys/fs/cgroup/unified"), c.v2Mount());
        assertEquals("v1", c.versionOf("memory"));
        assertEquals("", c.versionOf("pids"));
    }

    @Test
    void pureV2ReadsControllersFromTheUnifiedMount() {
        CgroupInfo c = CgroupInfo.parse("0::/user.slice/x.scope\n",
                "30 25 0:26 / /sys/fs/cgroup rw,nosuid shared:4 - cgroup2 cgroup2 rw,nsdelegate\n",
                p -> p.equals(Path.of("/sys/fs/cgroup/cgroup.controllers")) ? "cpuset cpu io memory pids\n" : "");
        assertEquals(CgroupInfo.Version.V2, c.version());
        assertEquals(Set.of("cpuset", "cpu", "io", "memory", "pids"), c.v2Controllers());
        assertEquals("/user.slice/x.scope", c.v2Placement());
        assertEquals("v2", c.versionOf("memory"));
        assertTrue(c.v1Mounts().isEmpty());
    }

    @Test
    void noCgroupsAtAll() {
        CgroupInfo c = CgroupInfo.parse("", "", p -> "");
        assertEquals(CgroupInfo.Version.NONE, c.version());
        assertNull(c.v2Mount());
    }

    @Test
    void thisHostIsDetected() {
        CgroupInfo c = CgroupInfo.detect();
        assertNotEquals(CgroupInfo.Version.NONE, c.version(), "a Linux host with no cgroup mounts: " + c);
        // Every controller the process is placed in under v1 has a mount.
        c.v1Placement().keySet().stream().filter(k -> !k.isEmpty())
                .forEach(k -> assertTrue(c.v1Mounts().containsKey(k), k + " placed but not mounted: " + c));
    }
}
