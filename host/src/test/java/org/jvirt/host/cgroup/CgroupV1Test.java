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
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.host.CgroupInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The v1 backend on a fake tree: cpu,cpuacct co-mounted, cpuset, memory, blkio (bfq). */
class CgroupV1Test {
    @TempDir
    Path tmp;
    FakeCgroupFs fs;
    CgroupManager mgr;
    Path cpu;
    Path cpuset;
    Path memory;
    Path blkio;

    private static Map<String, String> files(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @BeforeEach
    void tree() throws IOException {
        cpu = tmp.resolve("cpu,cpuacct");
        cpuset = tmp.resolve("cpuset");
        memory = tmp.resolve("memory");
        blkio = tmp.resolve("blkio");
        Map<String, String> tasks = files("cgroup.procs", "", "tasks", "");
        fs = new FakeCgroupFs()
                .hierarchy(cpu, merge(tasks, files("cpu.shares", "1024", "cpuacct.usage", "0")),
                        merge(tasks, files("cpu.shares", "1024", "cpu.cfs_period_us", "100000",
                                "cpu.cfs_quota_us", "-1", "cpuacct.usage", "123456789",
                                "cpuacct.usage_percpu", "100 200 \n", "cpuacct.stat", "user 250\nsystem 50\n")))
                .hierarchy(cpuset, merge(tasks, files("cpuset.cpus", "0-3\n", "cpuset.mems", "0\n",
                                "cpuset.memory_migrate", "0\n")),
                        merge(tasks, files("cpuset.cpus", "\n", "cpuset.mems", "\n", "cpuset.memory_migrate", "0\n")))
                .hierarchy(memory, merge(tasks, files("memory.limit_in_bytes", "9223372036854771712\n")),
                        merge(tasks, files("memory.limit_in_bytes", "9223372036854771712\n",
                                "memory.soft_limit_in_bytes", "9223372036854771712\n",
                                "memory.memsw.limit_in_bytes", "9223372036854771712\n",
                                "memory.usage_in_bytes", "2097152\n", "memory.use_hierarchy", "0\n")))
                .hierarchy(blkio, tasks, merge(tasks, files("blkio.bfq.weight", "default 100\n")))
                .process(4242, List.of(4242L, 4243L, 4244L));
        CgroupInfo info = new CgroupInfo(Map.of("cpu", cpu, "cpuacct", cpu, "cpuset", cpuset, "memory", memory,
                "blkio", blkio, "name=systemd", tmp.resolve("systemd")), Map.of(), null, null, Set.of());
        mgr = new CgroupManager(info, fs, CgroupManager.DEFAULT_CONTROLLERS);
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> m = new LinkedHashMap<>(a);
        m.putAll(b);
        return m;
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p).strip();
    }

    private Cgroup machine() {
        return mgr.newMachine("qemu-1-demo", "qemu", "/machine", 4242);
    }

    @Test
    void usesOnlyMountedWantedControllers() {
        assertEquals(Set.of("cpu", "cpuacct", "cpuset", "memory", "blkio"), mgr.controllers());
        assertEquals("cgroup V1", machine().backendName());
    }

    @Test
    void newMachineCreatesLibvirtLayoutAndMovesTheProcess() throws IOException {
        Cgroup g = machine();
        assertEquals("/machine/qemu-1-demo.libvirt-qemu", g.path());
        for (Path m : List.of(cpu, cpuset, memory, blkio)) {
            Path dir = m.resolve("machine/qemu-1-demo.libvirt-qemu");
            assertTrue(Files.isDirectory(dir), dir.toString());
            assertEquals("4242", read(dir.resolve("cgroup.procs")));
        }
        assertEquals(List.of(4242L), g.processes());
        assertEquals(List.of(4242L, 4243L, 4244L), g.threads());
        // cpuset values are copied down both levels, or the kernel would refuse tasks
        assertEquals("0-3", read(cpuset.resolve("machine/qemu-1-demo.libvirt-qemu/cpuset.cpus")));
        assertEquals("0", read(cpuset.resolve("machine/qemu-1-demo.libvirt-qemu/cpuset.mems")));
        assertEquals("1", read(memory.resolve("machine/qemu-1-demo.libvirt-qemu/memory.use_hierarchy")));
        assertTrue(g.exists());
    }

    @Test
    void memoryLimitsAreKibInBytesAndUnlimitedIsMinusOne() throws IOException {
        Cgroup g = machine();
        Path dir = memory.resolve("machine/qemu-1-demo.libvirt-qemu");
        assertEquals(Cgroup.MEMORY_UNLIMITED, g.memoryHardLimit()); // root's value means unlimited
        g.setMemoryHardLimit(1048576);
        assertEquals("1073741824", read(dir.resolve("memory.limit_in_bytes")));
        assertEquals(1048576, g.memoryHardLimit());
        g.setMemorySoftLimit(524288);
        assertEquals("536870912", read(dir.resolve("memory.soft_limit_in_bytes")));
        assertEquals(524288, g.memorySoftLimit());
        g.setMemSwapHardLimit(2097152);
        assertEquals("2147483648", read(dir.resolve("memory.memsw.limit_in_bytes")));
        assertEquals(2097152, g.memSwapHardLimit());
        g.setMemoryHardLimit(Cgroup.MEMORY_UNLIMITED);
        assertEquals("-1", read(dir.resolve("memory.limit_in_bytes")));
        assertEquals(2048, g.memoryUsage());
    }

    @Test
    void memoryAboveUnlimitedIsRejected() {
        VirException e = assertThrows(VirException.class, () -> machine().setMemoryHardLimit(Cgroup.MEMORY_UNLIMITED + 1));
        assertEquals(ErrorNumber.INVALID_ARG, e.code());
        assertEquals(ErrorDomain.CGROUP, e.domain());
        assertEquals("invalid argument: Memory '9007199254740992' must be less than 9007199254740991", e.getMessage());
    }

    @Test
    void cpuSharesPeriodAndQuota() throws IOException {
        Cgroup g = machine();
        Path dir = cpu.resolve("machine/qemu-1-demo.libvirt-qemu");
        g.setCpuShares(2048);
        assertEquals("2048", read(dir.resolve("cpu.shares")));
        assertEquals(2048, g.cpuShares());
        g.setCpuCfsPeriod(50000);
        g.setCpuCfsQuota(25000);
        assertEquals("50000", read(dir.resolve("cpu.cfs_period_us")));
        assertEquals("25000", read(dir.resolve("cpu.cfs_quota_us")));
        assertEquals(50000, g.cpuCfsPeriod());
        assertEquals(25000, g.cpuCfsQuota());
        g.setCpuCfsQuota(-5);
        assertEquals("-1", read(dir.resolve("cpu.cfs_quota_us")));
        assertEquals(-1, g.cpuCfsQuota());
        assertTrue(g.supportsCpuBandwidth());
    }

    @Test
    void cpuRangesUseLibvirtTexts() {
        Cgroup g = machine();
        assertEquals("invalid argument: shares '1' must be in range [2, 262144]",
                assertThrows(VirException.class, () -> g.setCpuShares(1)).getMessage());
        assertEquals("invalid argument: cfs_period '999' must be in range (1000, 1000000)",
                assertThrows(VirException.class, () -> g.setCpuCfsPeriod(999)).getMessage());
        assertEquals("invalid argument: cfs_quota '17592186044416' must be in range (1000, 17592186044415)",
                assertThrows(VirException.class, () -> g.setCpuCfsQuota(17592186044416L)).getMessage());
    }

    @Test
    void kernelRefusalIsReportedAsInvalidValue() {
        fs.rejectWrites((p, v) -> p.getFileName().toString().equals("cpuset.cpus") && v.equals("7"));
        Cgroup g = machine();
        VirException e = assertThrows(VirException.class, () -> g.setCpusetCpus("7"));
        assertEquals(ErrorNumber.SYSTEM_ERROR, e.code());
        assertEquals("Invalid value '7' for 'cpuset.cpus': Invalid argument", e.getMessage());
    }

    @Test
    void missingFileIsUnableToWrite() throws IOException {
        Cgroup g = machine();
        Files.delete(memory.resolve("machine/qemu-1-demo.libvirt-qemu/memory.memsw.limit_in_bytes"));
        VirException e = assertThrows(VirException.class, () -> g.setMemSwapHardLimit(1024));
        assertEquals("Unable to write to '" + memory.resolve(
                "machine/qemu-1-demo.libvirt-qemu/memory.memsw.limit_in_bytes") + "': No such file or directory",
                e.getMessage());
        VirException r = assertThrows(VirException.class, g::memSwapHardLimit);
        assertTrue(r.getMessage().startsWith("Unable to read from '"), r.getMessage());
    }

    @Test
    void cpusetAndMemoryMigrate() throws IOException {
        Cgroup g = machine();
        Path dir = cpuset.resolve("machine/qemu-1-demo.libvirt-qemu");
        g.setCpusetCpus("1-2");
        g.setCpusetMems("0");
        g.setCpusetMemoryMigrate(true);
        assertEquals("1-2", g.cpusetCpus());
        assertEquals("0", g.cpusetMems());
        assertEquals("1", read(dir.resolve("cpuset.memory_migrate")));
    }

    @Test
    void blkioWeightPrefersBfqAndFailsWithoutEither() throws IOException {
        Cgroup g = machine();
        Path dir = blkio.resolve("machine/qemu-1-demo.libvirt-qemu");
        assertEquals(100, g.blkioWeight());
        g.setBlkioWeight(500);
        assertEquals("500", read(dir.resolve("blkio.bfq.weight")));
        assertEquals(500, g.blkioWeight());
        Files.delete(dir.resolve("blkio.bfq.weight"));
        Files.writeString(dir.resolve("blkio.weight"), "300\n");
        assertEquals(300, g.blkioWeight());
        Files.delete(dir.resolve("blkio.weight"));
        VirException e = assertThrows(VirException.class, () -> g.setBlkioWeight(200));
        assertEquals(ErrorNumber.OPERATION_INVALID, e.code());
        assertEquals("Requested operation is not valid: blkio weight is valid only for bfq or cfq scheduler",
                e.getMessage());
    }

    @Test
    void cpuAccountingInNanoseconds() {
        Cgroup g = machine();
        assertEquals(123456789L, g.cpuacctUsage());
        assertEquals(List.of(100L, 200L), g.cpuacctPercpuUsage());
        assertEquals(new Cgroup.CpuTimes(2_500_000_000L, 500_000_000L), g.cpuacctStat());
    }

    @Test
    void threadGroupsHaveOnlyCpuControllersAndInheritCpuset() throws IOException {
        Cgroup g = machine();
        Cgroup vcpu = g.newThread(Cgroup.ThreadKind.VCPU, 1, true);
        Cgroup emu = g.newThread(Cgroup.ThreadKind.EMULATOR, 0, true);
        assertEquals("/machine/qemu-1-demo.libvirt-qemu/vcpu1", vcpu.path());
        assertEquals(Set.of("cpu", "cpuacct", "cpuset"), vcpu.controllers());
        assertFalse(Files.exists(memory.resolve("machine/qemu-1-demo.libvirt-qemu/vcpu1")));
        assertEquals("0-3", read(cpuset.resolve("machine/qemu-1-demo.libvirt-qemu/vcpu1/cpuset.cpus")));
        emu.addProcess(4242);
        vcpu.addThread(4243);
        assertEquals(List.of(4242L, 4244L), emu.threads());
        assertEquals(List.of(4243L), vcpu.threads());
        assertEquals(List.of(), g.threads());
        VirException e = assertThrows(VirException.class, () -> vcpu.setMemoryHardLimit(1024));
        assertEquals("Requested operation is not valid: v1 controller 'memory' is not enabled for group",
                e.getMessage());
    }

    @Test
    void removeMovesLeftoverTasksUpAndDeletesChildrenFirst() throws IOException {
        Cgroup g = machine();
        g.newThread(Cgroup.ThreadKind.EMULATOR, 0, true).addProcess(4242);
        g.newThread(Cgroup.ThreadKind.VCPU, 0, true).addThread(4243);
        g.remove();
        assertFalse(g.exists());
        for (Path m : List.of(cpu, cpuset, memory, blkio)) {
            assertFalse(Files.exists(m.resolve("machine/qemu-1-demo.libvirt-qemu")), m.toString());
            assertTrue(Files.isDirectory(m.resolve("machine")));
            assertEquals("4242", read(m.resolve("machine/cgroup.procs")));
        }
    }

    @Test
    void removeReportsWhatCouldNotBeRemoved() throws IOException {
        Cgroup g = machine();
        Path stuck = cpuset.resolve("machine/qemu-1-demo.libvirt-qemu");
        // a task the kernel refuses to move keeps the group busy
        fs.rejectWrites((p, v) -> p.equals(cpuset.resolve("machine/tasks")));
        VirException e = assertThrows(VirException.class, g::remove);
        assertEquals(ErrorNumber.SYSTEM_ERROR, e.code());
        assertTrue(e.getMessage().startsWith("Unable to remove " + stuck), e.getMessage());
        assertFalse(Files.exists(memory.resolve("machine/qemu-1-demo.libvirt-qemu")), "others still removed");
    }

    @Test
    void customPartitionMustExistAndIsSuffixed() throws IOException {
        VirException e = assertThrows(VirException.class,
                () -> mgr.newMachine("qemu-1-demo", "qemu", "/prod", 4242));
        assertEquals("Failed to create v1 controller cpu for group: No such file or directory", e.getMessage());
        Cgroup p = mgr.newPartition("/prod", true);
        assertEquals("/prod.partition", p.path());
        Cgroup g = mgr.newMachine("qemu-1-demo", "qemu", "/prod", 4242);
        assertTrue(Files.isDirectory(memory.resolve("prod.partition/qemu-1-demo.libvirt-qemu")));
        assertEquals(g.path(), mgr.machine("qemu-1-demo", "qemu", "/prod").path());
        assertEquals("invalid argument: Partition path 'prod' must start with '/'",
                assertThrows(VirException.class, () -> mgr.newPartition("prod", true)).getMessage());
    }

    @Test
    void failedMoveRemovesTheNewGroup() {
        fs.rejectWrites((p, v) -> p.getFileName().toString().equals("cgroup.procs"));
        VirException e = assertThrows(VirException.class, this::machine);
        assertTrue(e.getMessage().startsWith("Invalid value '4242' for 'cgroup.procs'"), e.getMessage());
        assertFalse(Files.exists(cpu.resolve("machine/qemu-1-demo.libvirt-qemu")));
    }
}
