package org.jvirt.host.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.host.CgroupInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The v2 backend on a fake unified tree with cpuset, cpu, io, memory and pids. */
class CgroupV2Test {
    @TempDir
    Path tmp;
    FakeCgroupFs fs;
    CgroupManager mgr;
    Path root;

    private static Map<String, String> files(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @BeforeEach
    void tree() throws IOException {
        root = tmp.resolve("unified");
        String ctrls = "cpuset cpu io memory pids\n";
        fs = new FakeCgroupFs().hierarchy(root,
                files("cgroup.controllers", ctrls, "cgroup.subtree_control", "\n", "cgroup.procs", "",
                        "cgroup.threads", ""),
                files("cgroup.controllers", ctrls, "cgroup.subtree_control", "\n", "cgroup.type", "domain\n",
                        "cgroup.procs", "", "cgroup.threads", "", "memory.max", "max\n", "memory.high", "max\n",
                        "memory.swap.max", "max\n", "memory.current", "4194304\n", "cpu.weight", "100\n",
                        "cpu.max", "max 100000\n", "cpu.stat", "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\n",
                        "cpuset.cpus", "\n", "cpuset.mems", "\n", "io.weight", "default 100\n"))
                .process(77, List.of(77L, 78L, 79L));
        CgroupInfo info = new CgroupInfo(Map.of(), Map.of(), root, "/", Set.of("cpuset", "cpu", "io", "memory",
                "pids"));
        mgr = new CgroupManager(info, fs, CgroupManager.DEFAULT_CONTROLLERS);
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p).strip();
    }

    private Cgroup machine() {
        return mgr.newMachine("qemu-2-web", "qemu", "/machine", 77);
    }

    private Path dir() {
        return root.resolve("machine/qemu-2-web.libvirt-qemu");
    }

    @Test
    void controllersUseLibvirtNames() {
        assertEquals(Set.of("cpu", "cpuacct", "cpuset", "memory", "blkio", "pids"), mgr.controllers());
        assertEquals("cgroup V2", machine().backendName());
    }

    @Test
    void newMachineEnablesControllersDownTheTree() throws IOException {
        Cgroup g = machine();
        assertTrue(Files.isDirectory(dir()));
        assertEquals("cpu cpuset memory io pids", read(root.resolve("cgroup.subtree_control")));
        assertEquals("cpu cpuset memory io pids", read(root.resolve("machine/cgroup.subtree_control")));
        assertEquals("77", read(dir().resolve("cgroup.procs")));
        assertEquals(List.of(77L), g.processes());
    }

    @Test
    void threadGroupsAreThreadedAndTakeThreads() throws IOException {
        Cgroup g = machine();
        Cgroup emu = g.newThread(Cgroup.ThreadKind.EMULATOR, 0, true);
        Cgroup vcpu = g.newThread(Cgroup.ThreadKind.VCPU, 0, true);
        assertEquals("threaded", read(dir().resolve("emulator/cgroup.type")));
        assertEquals("threaded", read(dir().resolve("vcpu0/cgroup.type")));
        assertEquals("cpu cpuset", read(dir().resolve("cgroup.subtree_control")));
        assertEquals(Set.of("cpu", "cpuacct", "cpuset"), vcpu.controllers());
        emu.addProcess(77); // per thread: a threaded group refuses cgroup.procs
        vcpu.addThread(78);
        assertEquals(List.of(77L, 79L), emu.threads());
        assertEquals(List.of(78L), vcpu.threads());
        assertTrue(fs.writes().stream().noneMatch(w -> w.startsWith(dir().resolve("emulator/cgroup.procs") + "=")));
    }

    @Test
    void memoryUsesMaxForUnlimited() throws IOException {
        Cgroup g = machine();
        assertEquals(Cgroup.MEMORY_UNLIMITED, g.memoryHardLimit());
        g.setMemoryHardLimit(262144);
        g.setMemorySoftLimit(131072);
        g.setMemSwapHardLimit(65536);
        assertEquals("268435456", read(dir().resolve("memory.max")));
        assertEquals("134217728", read(dir().resolve("memory.high")));
        assertEquals("67108864", read(dir().resolve("memory.swap.max")));
        assertEquals(262144, g.memoryHardLimit());
        assertEquals(131072, g.memorySoftLimit());
        assertEquals(65536, g.memSwapHardLimit());
        g.setMemoryHardLimit(Cgroup.MEMORY_UNLIMITED);
        assertEquals("max", read(dir().resolve("memory.max")));
        assertEquals(4096, g.memoryUsage());
    }

    @Test
    void cpuWeightAndCpuMax() throws IOException {
        Cgroup g = machine();
        g.setCpuShares(10000);
        assertEquals("10000", read(dir().resolve("cpu.weight")));
        assertEquals("invalid argument: shares '10001' must be in range [1, 10000]",
                assertThrows(VirException.class, () -> g.setCpuShares(10001)).getMessage());
        assertEquals(-1, g.cpuCfsQuota());
        g.setCpuCfsPeriod(20000);
        assertEquals("max 20000", read(dir().resolve("cpu.max")));
        g.setCpuCfsQuota(5000);
        assertEquals("5000 20000", read(dir().resolve("cpu.max")));
        assertEquals(5000, g.cpuCfsQuota());
        assertEquals(20000, g.cpuCfsPeriod());
        g.setCpuCfsPeriod(40000);
        assertEquals("5000 40000", read(dir().resolve("cpu.max")));
        g.setCpuCfsQuota(-1);
        assertEquals("max 40000", read(dir().resolve("cpu.max")));
        Files.writeString(dir().resolve("cpu.max"), "garbage\n");
        assertEquals("internal error: Invalid 'cpu.max' data.",
                assertThrows(VirException.class, g::cpuCfsPeriod).getMessage());
    }

    @Test
    void ioWeightUsesDefaultPrefix() throws IOException {
        Cgroup g = machine();
        assertEquals(100, g.blkioWeight());
        g.setBlkioWeight(800);
        assertEquals("default 800", read(dir().resolve("io.weight")));
        assertEquals(800, g.blkioWeight());
        Files.writeString(dir().resolve("io.bfq.weight"), "default 100\n");
        g.setBlkioWeight(300);
        assertEquals("300", read(dir().resolve("io.bfq.weight")));
    }

    @Test
    void cpuStatInNanosecondsAndNoPerCpuAccounting() {
        Cgroup g = machine();
        assertEquals(1_500_000L, g.cpuacctUsage());
        assertEquals(new Cgroup.CpuTimes(1_000_000L, 500_000L), g.cpuacctStat());
        VirException e = assertThrows(VirException.class, g::cpuacctPercpuUsage);
        assertEquals(ErrorNumber.OPERATION_UNSUPPORTED, e.code());
        assertTrue(e.getMessage().endsWith(
                "operation 'getCpuacctPercpuUsage' not supported for backend 'cgroup V2'"), e.getMessage());
    }

    @Test
    void removeMovesProcessesToThePartition() throws IOException {
        Cgroup g = machine();
        g.newThread(Cgroup.ThreadKind.EMULATOR, 0, true).addProcess(77);
        g.newThread(Cgroup.ThreadKind.VCPU, 0, true).addThread(78);
        g.remove();
        assertFalse(Files.exists(dir()));
        assertEquals("77", read(root.resolve("machine/cgroup.procs")));
    }

    @Test
    void removingAThreadGroupHandsThreadsToTheDomain() throws IOException {
        Cgroup g = machine();
        Cgroup vcpu = g.newThread(Cgroup.ThreadKind.VCPU, 3, true);
        vcpu.addThread(78);
        vcpu.remove();
        assertFalse(Files.exists(dir().resolve("vcpu3")));
        assertEquals(Set.of(77L, 78L, 79L), Set.copyOf(g.threads()));
    }
}
