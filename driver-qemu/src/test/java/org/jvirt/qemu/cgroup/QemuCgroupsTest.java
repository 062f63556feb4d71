package org.jvirt.qemu.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.param.TypedParam;
import org.jvirt.core.param.TypedParams;
import org.jvirt.host.CgroupInfo;
import org.jvirt.host.cgroup.Cgroup;
import org.jvirt.host.cgroup.CgroupManager;
import org.jvirt.host.cgroup.FakeCgroupFs;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDefParser;
import org.jvirt.model.domain.ParseOptions;
import org.jvirt.model.domain.XmlElem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A guest's cgroups on a fake v1 tree (cpu,cpuacct co-mounted; cpuset; memory; blkio with bfq). */
class QemuCgroupsTest {
    private static final long PID = 5000;

    @TempDir
    Path tmp;
    FakeCgroupFs fs;
    QemuCgroups cg;
    Path cpu;
    Path cpuset;
    Path memory;
    Path blkio;

    private static Map<String, String> files(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cgroup.procs", "");
        m.put("tasks", "");
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
        String unl = "9223372036854771712\n";
        fs = new FakeCgroupFs()
                .hierarchy(cpu, files("cpu.shares", "1024"), files("cpu.shares", "1024\n",
                        "cpu.cfs_period_us", "100000\n", "cpu.cfs_quota_us", "-1\n", "cpuacct.usage", "3000\n",
                        "cpuacct.usage_percpu", "1000 2000 \n", "cpuacct.stat", "user 1\nsystem 2\n"))
                .hierarchy(cpuset, files("cpuset.cpus", "0-7\n", "cpuset.mems", "0-1\n",
                        "cpuset.memory_migrate", "0\n"), files("cpuset.cpus", "\n", "cpuset.mems", "\n",
                        "cpuset.memory_migrate", "0\n"))
                .hierarchy(memory, files("memory.limit_in_bytes", unl), files("memory.limit_in_bytes", unl,
                        "memory.soft_limit_in_bytes", unl, "memory.memsw.limit_in_bytes", unl,
                        "memory.use_hierarchy", "1\n", "memory.usage_in_bytes", "0\n"))
                .hierarchy(blkio, files(), files("blkio.bfq.weight", "default 100\n"))
                .process(PID, List.of(PID, 5001L, 5002L, 5003L));
        CgroupInfo info = new CgroupInfo(Map.of("cpu", cpu, "cpuacct", cpu, "cpuset", cpuset, "memory", memory,
                "blkio", blkio), Map.of(), null, null, Set.of());
        cg = new QemuCgroups(new CgroupManager(info, fs, CgroupManager.DEFAULT_CONTROLLERS),
                CgroupManager.DEFAULT_PARTITION);
    }

    private static DomainDef def(String tuning) {
        return new DomainDefParser().parse("""
                <domain type='kvm'>
                  <name>web.example</name>
                  <uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid>
                  <memory unit='KiB'>1048576</memory>
                  %s
                  <os><type arch='x86_64' machine='pc'>hvm</type></os>
                </domain>""".formatted(tuning), ParseOptions.generic());
    }

    private static final String FULL = """
            <blkiotune><weight>800</weight></blkiotune>
            <memtune>
              <hard_limit unit='G'>2</hard_limit>
              <soft_limit unit='M'>512</soft_limit>
              <swap_hard_limit unit='KiB'>3145728</swap_hard_limit>
            </memtune>
            <vcpu placement='static' cpuset='0-5,^3'>2</vcpu>
            <cputune>
              <shares>2048</shares>
              <period>50000</period>
              <quota>20000</quota>
              <global_period>100000</global_period>
              <global_quota>150000</global_quota>
              <emulator_period>20000</emulator_period>
              <emulator_quota>10000</emulator_quota>
              <vcpupin vcpu='0' cpuset='1'/>
              <emulatorpin cpuset='6-7'/>
            </cputune>
            <numatune><memory mode='strict' nodeset='1'/></numatune>
            """;

    private Path dom(Path mount) {
        return mount.resolve("machine/qemu-3-web.example.libvirt-qemu");
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p).strip();
    }

    @Test
    void tuningIsReadFromTheDefinition() {
        CgroupTuning t = CgroupTuning.of(def(FULL));
        assertEquals(2097152, t.hardLimit());
        assertEquals(524288, t.softLimit());
        assertEquals(3145728, t.swapHardLimit());
        assertEquals(2048, t.shares());
        assertEquals(-0L + 20000, t.quota());
        assertEquals("1", t.vcpuCpus(0));
        assertEquals("0-2,4-5", t.vcpuCpus(1));
        assertEquals("6-7", t.emulatorCpus());
        assertEquals("1", t.strictNodeset());
        assertEquals(800, t.blkioWeight());
        CgroupTuning none = CgroupTuning.of(def("<vcpu>1</vcpu>"));
        assertFalse(none.hasMemoryLimits());
        assertEquals(0, none.shares());
        assertEquals("", none.emulatorCpus());
    }

    @Test
    void startAppliesEverythingInLibvirtLayout() throws IOException {
        Cgroup g = cg.start(def(FULL), 3, PID, Map.of(0, 5001L, 1, 5002L));
        assertEquals("/machine/qemu-3-web.example.libvirt-qemu", g.path());
        assertEquals("2147483648", read(dom(memory).resolve("memory.limit_in_bytes")));
        assertEquals("536870912", read(dom(memory).resolve("memory.soft_limit_in_bytes")));
        assertEquals("3221225472", read(dom(memory).resolve("memory.memsw.limit_in_bytes")));
        assertEquals("800", read(dom(blkio).resolve("blkio.bfq.weight")));
        assertEquals("2048", read(dom(cpu).resolve("cpu.shares")));
        assertEquals("1", read(dom(cpuset).resolve("cpuset.memory_migrate")));
        // global bandwidth on the domain group
        assertEquals("100000", read(dom(cpu).resolve("cpu.cfs_period_us")));
        assertEquals("150000", read(dom(cpu).resolve("cpu.cfs_quota_us")));
        // emulator: pin, strict nodeset, emulator bandwidth, and the threads not claimed by vCPUs
        assertEquals("6-7", read(dom(cpuset).resolve("emulator/cpuset.cpus")));
        assertEquals("1", read(dom(cpuset).resolve("emulator/cpuset.mems")));
        assertEquals("20000", read(dom(cpu).resolve("emulator/cpu.cfs_period_us")));
        assertEquals("10000", read(dom(cpu).resolve("emulator/cpu.cfs_quota_us")));
        assertEquals("5000\n5003", read(dom(cpu).resolve("emulator/tasks")));
        // vCPUs: own pin or the <vcpu cpuset>, vCPU bandwidth, one thread each
        assertEquals("1", read(dom(cpuset).resolve("vcpu0/cpuset.cpus")));
        assertEquals("0-2,4-5", read(dom(cpuset).resolve("vcpu1/cpuset.cpus")));
        assertEquals("50000", read(dom(cpu).resolve("vcpu1/cpu.cfs_period_us")));
        assertEquals("20000", read(dom(cpu).resolve("vcpu1/cpu.cfs_quota_us")));
        assertEquals("5001", read(dom(cpuset).resolve("vcpu0/tasks")));
        assertEquals("5002", read(dom(cpu).resolve("vcpu1/tasks")));
        assertFalse(Files.exists(dom(memory).resolve("vcpu0")), "thread groups only in cpu/cpuacct/cpuset");
        assertEquals("5000\n5001\n5002\n5003", read(dom(memory).resolve("tasks")), "memory keeps all threads");
        assertEquals(g.path(), cg.reconnect(def(FULL), 3).orElseThrow().path());
    }

    @Test
    void nothingTunedStillMakesTheGroups() throws IOException {
        Cgroup g = cg.start(def("<vcpu>1</vcpu>"), 1, PID, Map.of());
        assertEquals("1024", read(dom(cpu).getParent().resolve("qemu-1-web.example.libvirt-qemu/cpu.shares")));
        assertTrue(Files.isDirectory(cpuset.resolve("machine/qemu-1-web.example.libvirt-qemu/emulator")));
        // threads left for the emulator group in cpu/cpuset; memory has no thread groups so the process stays
        assertEquals("", read(cpu.resolve("machine/qemu-1-web.example.libvirt-qemu/cgroup.procs")));
        assertEquals(String.valueOf(PID), read(memory.resolve("machine/qemu-1-web.example.libvirt-qemu/cgroup.procs")));
        assertTrue(g.exists());
    }

    @Test
    void failedStartRemovesTheGroupAndKeepsTheProcess() throws IOException {
        fs.rejectWrites((p, v) -> p.getFileName().toString().equals("cpuset.cpus") && v.equals("6-7"));
        VirException e = assertThrows(VirException.class, () -> cg.start(def(FULL), 3, PID, Map.of()));
        assertEquals("Invalid value '6-7' for 'cpuset.cpus': Invalid argument", e.getMessage());
        assertFalse(Files.exists(dom(cpu)));
        assertEquals(String.valueOf(PID), read(cpu.resolve("machine/cgroup.procs")));
    }

    @Test
    void memtuneWithoutMemoryControllerIsRefused() {
        CgroupInfo info = new CgroupInfo(Map.of("cpu", cpu, "cpuacct", cpu), Map.of(), null, null, Set.of());
        QemuCgroups cpuOnly = new QemuCgroups(new CgroupManager(info, fs, CgroupManager.DEFAULT_CONTROLLERS),
                "/machine");
        VirException e = assertThrows(VirException.class, () -> cpuOnly.start(def(
                "<memtune><hard_limit>1024</hard_limit></memtune>"), 4, PID, Map.of()));
        assertEquals(ErrorNumber.OPERATION_INVALID, e.code());
        assertEquals("Requested operation is not valid: Memory cgroup is not available on this host",
                e.getMessage());
        assertFalse(Files.exists(cpu.resolve("machine/qemu-4-web.example.libvirt-qemu")));
    }

    @Test
    void memoryParametersLive() throws IOException {
        DomainDef live = def(FULL);
        Cgroup g = cg.start(live, 3, PID, Map.of());
        assertEquals(List.of(new TypedParam.ULLongParam("hard_limit", 2097152),
                new TypedParam.ULLongParam("soft_limit", 524288),
                new TypedParam.ULLongParam("swap_hard_limit", 3145728)), QemuCgroupParams.getMemoryParameters(g));
        // growing both: swap first or the kernel would refuse memory > memsw
        DomainDef out = QemuCgroupParams.setMemoryParameters(g, live, TypedParams.of(
                new TypedParam.ULLongParam("hard_limit", 4194304),
                new TypedParam.ULLongParam("swap_hard_limit", 5242880)));
        List<String> writes = fs.writes().stream().filter(w -> w.contains("limit_in_bytes=")).toList();
        assertTrue(writes.get(writes.size() - 2).contains("memsw.limit_in_bytes=5368709120"), writes.toString());
        assertTrue(writes.getLast().contains("memory.limit_in_bytes=4294967296"), writes.toString());
        XmlElem mt = out.section("memtune").orElseThrow();
        assertEquals("4194304", mt.childText("hard_limit"));
        assertEquals("5242880", mt.childText("swap_hard_limit"));
        assertEquals(List.of("hard_limit", "soft_limit", "swap_hard_limit"),
                mt.children().stream().map(XmlElem::name).toList());
        // unlimited is printed as nothing and written as -1
        DomainDef cleared = QemuCgroupParams.setMemoryParameters(g, out, TypedParams.of(
                new TypedParam.ULLongParam("soft_limit", -1L)));
        assertEquals("-1", read(dom(memory).resolve("memory.soft_limit_in_bytes")));
        assertEquals(null, cleared.section("memtune").orElseThrow().child("soft_limit"));
    }

    @Test
    void memoryParametersKeepHardBelowSwap() {
        DomainDef live = def(FULL);
        Cgroup g = cg.start(live, 3, PID, Map.of());
        VirException e = assertThrows(VirException.class, () -> QemuCgroupParams.setMemoryParameters(g, live,
                TypedParams.of(new TypedParam.ULLongParam("hard_limit", 4194304))));
        assertEquals("invalid argument: memory hard_limit tunable value must be lower than or equal to "
                + "swap_hard_limit", e.getMessage());
        VirException t = assertThrows(VirException.class, () -> QemuCgroupParams.setMemoryParameters(g, live,
                TypedParams.of(new TypedParam.LLongParam("hard_limit", 1))));
        assertEquals("invalid argument: invalid type 'llong' for parameter 'hard_limit', expected 'ullong'",
                t.getMessage());
    }

    @Test
    void schedulerParametersLive() throws IOException {
        DomainDef live = def(FULL);
        Cgroup g = cg.start(live, 3, PID, Map.of(0, 5001L, 1, 5002L));
        List<TypedParam> got = QemuCgroupParams.getSchedulerParameters(g, live);
        assertEquals(List.of("cpu_shares=2048", "vcpu_period=50000", "vcpu_quota=20000", "emulator_period=20000",
                "emulator_quota=10000", "global_period=100000", "global_quota=150000", "iothread_period=0",
                "iothread_quota=0"), got.stream().map(p -> p.field() + "=" + p.valueString()).toList());
        assertEquals(TypedParam.TYPE_LLONG, got.get(2).type());
        DomainDef out = QemuCgroupParams.setSchedulerParameters(g, live, TypedParams.of(
                new TypedParam.ULLongParam("cpu_shares", 4096),
                new TypedParam.ULLongParam("vcpu_period", 200000),
                new TypedParam.LLongParam("vcpu_quota", -1),
                new TypedParam.LLongParam("emulator_quota", 0)));
        assertEquals("4096", read(dom(cpu).resolve("cpu.shares")));
        for (String v : List.of("vcpu0", "vcpu1")) {
            assertEquals("200000", read(dom(cpu).resolve(v + "/cpu.cfs_period_us")));
            assertEquals("-1", read(dom(cpu).resolve(v + "/cpu.cfs_quota_us")));
        }
        assertEquals("10000", read(dom(cpu).resolve("emulator/cpu.cfs_quota_us")), "0 leaves it alone");
        XmlElem ct = out.section("cputune").orElseThrow();
        assertEquals("4096", ct.childText("shares"));
        assertEquals("200000", ct.childText("period"));
        assertEquals("-1", ct.childText("quota"));
        assertEquals("10000", ct.childText("emulator_quota"));
        VirException e = assertThrows(VirException.class, () -> QemuCgroupParams.setSchedulerParameters(g, live,
                TypedParams.of(new TypedParam.ULLongParam("vcpu_period", 10))));
        assertEquals("invalid argument: value of 'vcpu_period' is out of range [1000, 1000000]", e.getMessage());
    }

    @Test
    void blkioParametersLive() throws IOException {
        DomainDef live = def(FULL);
        Cgroup g = cg.start(live, 3, PID, Map.of());
        assertEquals(List.of(new TypedParam.UIntParam("weight", 800)), QemuCgroupParams.getBlkioParameters(g));
        DomainDef out = QemuCgroupParams.setBlkioParameters(g, live,
                TypedParams.of(new TypedParam.UIntParam("weight", 300)));
        assertEquals("300", read(dom(blkio).resolve("blkio.bfq.weight")));
        assertEquals("300", out.section("blkiotune").orElseThrow().childText("weight"));
    }

    @Test
    void pinningLiveWritesTheThreadGroups() throws IOException {
        DomainDef live = def(FULL);
        Cgroup g = cg.start(live, 3, PID, Map.of(0, 5001L, 1, 5002L));
        BitSet cpus = new BitSet();
        cpus.set(2, 5);
        cg.pinVcpu(g, 1, cpus);
        cg.pinEmulator(g, cpus);
        assertEquals("2-4", read(dom(cpuset).resolve("vcpu1/cpuset.cpus")));
        assertEquals("2-4", read(dom(cpuset).resolve("emulator/cpuset.cpus")));
        DomainDef out = TuneXml.withVcpuPin(TuneXml.withEmulatorPin(live, cpus), 1, cpus);
        List<XmlElem> pins = out.section("cputune").orElseThrow().children("vcpupin");
        assertEquals(List.of("0:1", "1:2-4"), pins.stream().map(p -> p.attr("vcpu") + ":" + p.attr("cpuset"))
                .toList());
        assertEquals("2-4", out.section("cputune").orElseThrow().child("emulatorpin").attr("cpuset"));
    }

    @Test
    void cpuStatsFromAccounting() {
        Cgroup g = cg.start(def(FULL), 3, PID, Map.of(0, 5001L));
        assertEquals(List.of("cpu_time=3000", "user_time=10000000", "system_time=20000000"),
                cg.totalCpuStats(g).stream().map(p -> p.field() + "=" + p.valueString()).toList());
        List<List<TypedParam>> per = cg.perCpuStats(g, 2);
        assertEquals(2, per.size());
        assertEquals("cpu_time=2000 vcpu_time=2000", per.get(1).get(0).field() + "="
                + per.get(1).get(0).valueString() + " " + per.get(1).get(1).field() + "="
                + per.get(1).get(1).valueString());
    }

    @Test
    void removeTakesEverythingAway() {
        Cgroup g = cg.start(def(FULL), 3, PID, Map.of(0, 5001L, 1, 5002L));
        cg.remove(g);
        assertFalse(g.exists());
        assertFalse(Files.exists(dom(cpuset)));
        assertTrue(cg.reconnect(def(FULL), 3).isEmpty());
    }
}
