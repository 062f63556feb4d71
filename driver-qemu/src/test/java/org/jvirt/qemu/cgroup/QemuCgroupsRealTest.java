package org.jvirt.qemu.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jvirt.core.param.TypedParam;
import org.jvirt.core.param.TypedParams;
import org.jvirt.host.CgroupInfo;
import org.jvirt.host.cgroup.Cgroup;
import org.jvirt.host.cgroup.CgroupManager;
import org.jvirt.host.cgroup.CgroupV1;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDefParser;
import org.jvirt.model.domain.ParseOptions;
import org.junit.jupiter.api.Test;

/**
 * A guest definition's tuning applied to a real {@code sleep} process through the real kernel (v1 hierarchies),
 * in a unique throwaway partition removed in finally. Skips without root or v1 cpu/cpuset/memory controllers.
 */
class QemuCgroupsRealTest {

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
    void startLiveTuneAndRemoveOnTheRealKernel() throws Exception {
        assumeTrue(isRoot(), "needs root to create cgroups");
        CgroupManager mgr = CgroupManager.detect();
        CgroupInfo info = mgr.info();
        assumeTrue(mgr.controllers().containsAll(java.util.List.of("cpu", "cpuset", "memory"))
                && info.v1Mounts().containsKey("memory"), "needs v1 cpu, cpuset and memory controllers");
        assumeTrue(Files.isWritable(info.v1Mounts().get("memory")), "cgroup fs is read-only");
        String partition = "/jvirt-qtest-" + UUID.randomUUID().toString().substring(0, 8);
        DomainDef def = new DomainDefParser().parse("""
                <domain type='kvm'>
                  <name>realtest</name>
                  <memory unit='KiB'>262144</memory>
                  <memtune><hard_limit unit='MiB'>256</hard_limit></memtune>
                  <vcpu placement='static' cpuset='0'>1</vcpu>
                  <cputune>
                    <shares>512</shares>
                    <period>100000</period>
                    <quota>30000</quota>
                    <emulatorpin cpuset='0'/>
                  </cputune>
                  <resource><partition>%s</partition></resource>
                  <os><type arch='x86_64' machine='pc'>hvm</type></os>
                </domain>""".formatted(partition), ParseOptions.generic());
        QemuCgroups cg = new QemuCgroups(mgr, CgroupManager.DEFAULT_PARTITION);
        Process sleep = new ProcessBuilder("sleep", "60").start();
        Cgroup part = null;
        try {
            part = mgr.newPartition(partition, true);
            Cgroup g = cg.start(def, 9, sleep.pid(), Map.of(0, sleep.pid()));
            CgroupV1 v1 = (CgroupV1) g;
            assertEquals(CgroupManager.partitionPath(partition) + "/qemu-9-realtest.libvirt-qemu", g.path());
            assertEquals(Long.toString(256L << 20), read(v1.dir("memory").resolve("memory.limit_in_bytes")));
            assertEquals("512", read(v1.dir("cpu").resolve("cpu.shares")));
            Path vcpu0 = v1.dir("cpu").resolve("vcpu0");
            assertEquals("30000", read(vcpu0.resolve("cpu.cfs_quota_us")));
            assertEquals(Long.toString(sleep.pid()), read(vcpu0.resolve("tasks")));
            assertEquals("0", read(v1.dir("cpuset").resolve("emulator/cpuset.cpus")));
            assertTrue(read(Path.of("/proc", Long.toString(sleep.pid()), "cgroup")).contains(g.path() + "/vcpu0"));

            DomainDef live = QemuCgroupParams.setMemoryParameters(g, def,
                    TypedParams.of(new TypedParam.ULLongParam("hard_limit", 131072)));
            assertEquals(Long.toString(128L << 20), read(v1.dir("memory").resolve("memory.limit_in_bytes")));
            assertEquals("131072", live.section("memtune").orElseThrow().childText("hard_limit"));
            QemuCgroupParams.setSchedulerParameters(g, live,
                    TypedParams.of(new TypedParam.LLongParam("vcpu_quota", 40000)));
            assertEquals("40000", read(vcpu0.resolve("cpu.cfs_quota_us")));
            assertEquals("vcpu_quota=40000", QemuCgroupParams.getSchedulerParameters(g, live).stream()
                    .filter(p -> p.field().equals("vcpu_quota")).map(p -> p.field() + "=" + p.valueString())
                    .findFirst().orElseThrow());

            cg.remove(g);
            assertFalse(g.exists());
            assertTrue(sleep.isAlive(), "removal moves tasks out, it never kills");
        } finally {
            sleep.destroyForcibly();
            sleep.waitFor(10, TimeUnit.SECONDS);
            if (part != null && part.exists()) {
                part.remove();
            }
        }
        assertFalse(part.exists());
    }
}
