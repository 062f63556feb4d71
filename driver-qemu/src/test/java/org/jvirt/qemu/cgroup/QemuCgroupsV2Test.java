package org.jvirt.qemu.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jvirt.core.param.TypedParam;
import org.jvirt.core.param.TypedParams;
import org.jvirt.host.CgroupInfo;
import org.jvirt.host.cgroup.Cgroup;
import org.jvirt.host.cgroup.CgroupManager;
import org.jvirt.host.cgroup.FakeCgroupFs;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDefParser;
import org.jvirt.model.domain.ParseOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same guest tuning on a fake unified (v2) tree: threaded sub-groups, cpu.max, cpu.weight, memory.max. */
class QemuCgroupsV2Test {
    @TempDir
    Path tmp;

    private static Map<String, String> files(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p).strip();
    }

    @Test
    void guestOnUnifiedHierarchy() throws IOException {
        Path root = tmp.resolve("cgroup");
        String ctrls = "cpuset cpu io memory pids\n";
        FakeCgroupFs fs = new FakeCgroupFs().hierarchy(root,
                files("cgroup.controllers", ctrls, "cgroup.subtree_control", "\n", "cgroup.procs", "",
                        "cgroup.threads", ""),
                files("cgroup.controllers", ctrls, "cgroup.subtree_control", "\n", "cgroup.type", "domain\n",
                        "cgroup.procs", "", "cgroup.threads", "", "memory.max", "max\n", "memory.high", "max\n",
                        "memory.swap.max", "max\n", "cpu.weight", "100\n", "cpu.max", "max 100000\n",
                        "cpuset.cpus", "\n", "cpuset.mems", "\n", "io.weight", "default 100\n"))
                .process(900, List.of(900L, 901L, 902L));
        CgroupInfo info = new CgroupInfo(Map.of(), Map.of(), root, "/", Set.of("cpuset", "cpu", "io", "memory",
                "pids"));
        QemuCgroups cg = new QemuCgroups(new CgroupManager(info, fs, CgroupManager.DEFAULT_CONTROLLERS),
                "/machine");
        DomainDef def = new DomainDefParser().parse("""
                <domain type='kvm'>
                  <name>v2guest</name>
                  <memory unit='KiB'>1048576</memory>
                  <blkiotune><weight>250</weight></blkiotune>
                  <memtune><hard_limit unit='MiB'>1024</hard_limit></memtune>
                  <vcpu placement='static'>1</vcpu>
                  <cputune><shares>300</shares><period>10000</period><quota>5000</quota>
                    <vcpupin vcpu='0' cpuset='1'/></cputune>
                  <os><type arch='x86_64' machine='pc'>hvm</type></os>
                </domain>""", ParseOptions.generic());
        Cgroup g = cg.start(def, 5, 900, Map.of(0, 901L));
        Path dir = root.resolve("machine/qemu-5-v2guest.libvirt-qemu");
        assertEquals("1073741824", read(dir.resolve("memory.max")));
        assertEquals("300", read(dir.resolve("cpu.weight")));
        assertEquals("default 250", read(dir.resolve("io.weight")));
        assertEquals("threaded", read(dir.resolve("emulator/cgroup.type")));
        assertEquals("900\n902", read(dir.resolve("emulator/cgroup.threads")));
        assertEquals("901", read(dir.resolve("vcpu0/cgroup.threads")));
        assertEquals("5000 10000", read(dir.resolve("vcpu0/cpu.max")));
        assertEquals("1", read(dir.resolve("vcpu0/cpuset.cpus")));
        assertEquals(List.of("cpu_shares=300", "vcpu_period=10000", "vcpu_quota=5000"),
                QemuCgroupParams.getSchedulerParameters(g, def).subList(0, 3).stream()
                        .map(p -> p.field() + "=" + p.valueString()).toList());
        QemuCgroupParams.setSchedulerParameters(g, def, TypedParams.of(new TypedParam.LLongParam("vcpu_quota", -1)));
        assertEquals("max 10000", read(dir.resolve("vcpu0/cpu.max")));
        cg.remove(g);
        assertFalse(Files.exists(dir));
        assertEquals("900", read(root.resolve("machine/cgroup.procs")));
    }
}
