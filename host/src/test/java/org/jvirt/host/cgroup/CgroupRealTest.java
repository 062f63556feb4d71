package org.jvirt.host.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jvirt.host.CgroupInfo;
import org.junit.jupiter.api.Test;

/**
 * The real kernel: a guest-like group under a unique throwaway partition, a real {@code sleep} moved in, every
 * knob set and read back from the kernel's own files, then everything removed (always). Skips without root or a
 * cgroup file system.
 */
class CgroupRealTest {

    private static boolean isRoot() {
        try {
            return Files.readString(Path.of("/proc/self/status")).lines()
                    .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p).strip();
    }

    @Test
    void guestGroupOnTheRealKernel() throws Exception {
        assumeTrue(isRoot(), "needs root to create cgroups");
        CgroupManager mgr = CgroupManager.detect();
        assumeTrue(mgr.available(), "no usable cgroup controllers on this host");
        assumeTrue(Files.isWritable(mgr.info().version() == CgroupInfo.Version.V2 ? mgr.info().v2Mount()
                : mgr.info().v1Mounts().get(mgr.controllers().iterator().next())), "cgroup fs is read-only");
        String partition = "/jvirt-test-" + UUID.randomUUID().toString().substring(0, 8);
        Process sleep = new ProcessBuilder("sleep", "60").start();
        Cgroup part = null;
        try {
            part = mgr.newPartition(partition, true);
            Cgroup g = mgr.newMachine("qemu-1-realtest", "qemu", partition, sleep.pid());
            assertEquals(CgroupManager.partitionPath(partition) + "/qemu-1-realtest.libvirt-qemu", g.path());
            assertEquals(List.of(sleep.pid()), g.processes());
            assertTrue(Files.readString(Path.of("/proc", Long.toString(sleep.pid()), "cgroup"))
                    .contains(g.path()), "the kernel places the process in the new group");

            if (g.hasController("memory")) {
                g.setMemoryHardLimit(512 * 1024);
                assertEquals(512 * 1024, g.memoryHardLimit());
                Path f = g instanceof CgroupV1 v1 ? v1.dir("memory").resolve("memory.limit_in_bytes")
                        : ((CgroupV2) g).dir().resolve("memory.max");
                assertEquals(Long.toString(512L * 1024 * 1024), read(f));
                g.setMemorySoftLimit(256 * 1024);
                assertEquals(256 * 1024, g.memorySoftLimit());
                g.setMemoryHardLimit(Cgroup.MEMORY_UNLIMITED);
                assertEquals(Cgroup.MEMORY_UNLIMITED, g.memoryHardLimit());
                assertTrue(g.memoryUsage() >= 0);
            }
            if (g.hasController("cpu")) {
                long shares = g instanceof CgroupV1 ? 2048 : 200;
                g.setCpuShares(shares);
                assertEquals(shares, g.cpuShares());
                g.setCpuCfsPeriod(100000);
                g.setCpuCfsQuota(50000);
                assertEquals(100000, g.cpuCfsPeriod());
                assertEquals(50000, g.cpuCfsQuota());
                if (g instanceof CgroupV1 v1) {
                    assertEquals("50000", read(v1.dir("cpu").resolve("cpu.cfs_quota_us")));
                    assertEquals(Long.toString(shares), read(v1.dir("cpu").resolve("cpu.shares")));
                } else {
                    assertEquals("50000 100000", read(((CgroupV2) g).dir().resolve("cpu.max")));
                }
                g.setCpuCfsQuota(-1);
                assertEquals(-1, g.cpuCfsQuota());
            }
            if (g.hasController("cpuacct")) {
                assertTrue(g.cpuacctUsage() >= 0);
                assertTrue(g.cpuacctStat().userNs() >= 0);
            }
            if (g.hasController("cpuset")) {
                g.setCpusetCpus("0");
                g.setCpusetMems("0");
                assertEquals("0", g.cpusetCpus());
                assertEquals("0", g.cpusetMems());
                Cgroup vcpu = g.newThread(Cgroup.ThreadKind.VCPU, 0, true);
                vcpu.addThread(sleep.pid());
                assertEquals(List.of(sleep.pid()), vcpu.threads());
                assertEquals("0", vcpu.cpusetCpus(), "a new thread group inherits the domain's cpus");
            }
            if (g.hasController("blkio")) {
                try {
                    g.setBlkioWeight(500);
                    assertEquals(500, g.blkioWeight());
                } catch (org.jvirt.core.VirException e) {
                    // no bfq/cfq scheduler on this host: libvirt's own refusal is what we expect then
                    assertTrue(e.getMessage().contains("blkio weight is valid only for bfq or cfq scheduler"),
                            e.getMessage());
                }
            }
            // removal while the task still runs moves it to the partition instead of killing it
            g.remove();
            assertFalse(g.exists());
            assertTrue(sleep.isAlive());
            assertEquals(List.of(sleep.pid()), part.processes());
        } finally {
            sleep.destroyForcibly();
            sleep.waitFor(10, TimeUnit.SECONDS);
            if (part != null && part.exists()) {
                part.remove();
            }
        }
        assertFalse(part.exists(), "test partition removed");
    }
}
