package org.jvirt.qemu.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jvirt.api.Connect;
import org.jvirt.api.Domain;
import org.jvirt.core.param.TypedParam;
import org.jvirt.core.param.TypedParams;
import org.jvirt.host.cgroup.CgroupManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * memtune / schedinfo / blkiotune on a running guest (firmware-only, TCG): live values go to and come from the
 * guest's cgroup, config values to the persistent XML. Needs root and cgroups; skipped otherwise.
 */
class QemuTuningLiveTest {
    private static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");

    @TempDir
    Path root;

    private static long value(TypedParams p, String field) {
        return Long.parseLong(p.get(field).orElseThrow(() -> new AssertionError(field + " in " + p)).valueString());
    }

    @Test
    void liveParametersReachTheCgroupAndConfigOnesTheXml() {
        assumeTrue(Files.isExecutable(QEMU), "unavailable: qemu-system-x86_64 not installed");
        assumeTrue("root".equals(System.getProperty("user.name")), "unavailable: cgroups need root");
        assumeTrue(CgroupManager.detect().available(), "unavailable: no usable cgroup controllers");
        QemuDriverProvider p = LiveGuests.provider(root);
        try (Connect c = LiveGuests.open(p)) {
            Domain d = c.domainDefineXML("""
                    <domain type='qemu'>
                      <name>jv-tune</name>
                      <memory unit='MiB'>32</memory>
                      <os><type arch='x86_64' machine='pc'>hvm</type></os>
                      <devices><memballoon model='none'/></devices>
                    </domain>
                    """).create();
            assertEquals("posix", d.getSchedulerType());
            d.setMemoryParameters(TypedParams.of(new TypedParam.ULLongParam("hard_limit", 262144)), 1);
            assertEquals(262144, value(d.getMemoryParameters(1), "hard_limit"), "live hard limit from the cgroup");
            d.setSchedulerParametersFlags(TypedParams.of(new TypedParam.ULLongParam("cpu_shares", 512)), 1);
            assertEquals(512, value(d.getSchedulerParametersFlags(1), "cpu_shares"));
            d.setSchedulerParametersFlags(TypedParams.of(new TypedParam.ULLongParam("cpu_shares", 2048)), 2);
            assertTrue(d.getXMLDesc(2).contains("<shares>2048</shares>"), d.getXMLDesc(2));
            assertEquals(2048, value(d.getSchedulerParametersFlags(2), "cpu_shares"));
            assertEquals(512, value(d.getSchedulerParametersFlags(1), "cpu_shares"), "live value unchanged");
            // vcpuinfo: one vCPU thread, its affinity over the host's CPUs; domjobinfo: no job
            var vcpus = d.getVcpus();
            assertEquals(1, vcpus.size());
            assertEquals(Runtime.getRuntime().availableProcessors(), vcpus.getFirst().affinity().length);
            assertEquals(0, d.getJobInfo().type());
            d.destroy();
        } finally {
            LiveGuests.destroyAll(p);
        }
    }
}
