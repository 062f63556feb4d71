package org.jvirt.driver.test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jvirt.api.Records.NodeStat;
import org.jvirt.api.Records.SecurityModel;
import org.jvirt.spi.HypervisorConnection;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class TestConnectOpsTest {
    private static final Path VIRSH = Path.of("/usr/bin/virsh");

    /** What real virsh prints for {@code command} on test:///default, minus the newline virsh adds. */
    private static String virsh(String command) throws IOException, InterruptedException {
        String out = virshRaw(command);
        return out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
    }

    /** virsh prints sysinfo as it is, without a newline of its own. */
    private static String virshRaw(String command) throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(VIRSH), "real virsh is not installed");
        Process p = new ProcessBuilder(VIRSH.toString(), "-q", "-c", "test:///default", command)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(p.waitFor() == 0, "virsh failed: " + out);
        return out;
    }

    @Test
    void capabilitiesAreByteIdenticalToLibvirts() throws Exception {
        try (HypervisorConnection c = TestSupport.openDefault()) {
            assertEquals(virsh("capabilities"), c.connect().getCapabilities());
        }
    }

    @Test
    void sysinfoIsByteIdenticalToLibvirts() throws Exception {
        try (HypervisorConnection c = TestSupport.openDefault()) {
            assertEquals(virshRaw("sysinfo"), c.connect().getSysinfo(0));
        }
    }

    @Test
    void hostnameIsTheRealHosts() throws Exception {
        try (HypervisorConnection c = TestSupport.openDefault()) {
            assertEquals(virsh("hostname"), c.connect().getHostname());
        }
    }

    @Test
    void versionTypeAndLimits() {
        try (HypervisorConnection c = TestSupport.openDefault()) {
            assertEquals(2, c.connect().getVersion());
            assertEquals("TEST", c.connect().getType());
            assertEquals(32, c.connect().getMaxVcpus(null));
            assertFalse(c.connect().isEncrypted());
            assertTrue(c.connect().isSecure());
            assertTrue(c.connect().supportsFeature(TestConnectOps.FEATURE_TYPED_PARAM_STRING));
            assertFalse(c.connect().supportsFeature(1));
        }
    }

    @Test
    void nodeAnswersAreTheTestDriversFixedOnes() {
        try (HypervisorConnection c = TestSupport.openDefault()) {
            assertArrayEquals(new long[] {2097152, 4194304}, c.node().getCellsFreeMemory(0, 8));
            assertArrayEquals(new long[] {4194304}, c.node().getCellsFreeMemory(1, 8));
            assertEquals(3145728, c.node().getFreeMemory());
            assertArrayEquals(new boolean[] {true, false, true, false, true, false, false, false},
                    c.node().getCPUMap(0));
            assertEquals(List.of(new NodeStat("user", 9797400000L), new NodeStat("kernel", 34678723400000L),
                    new NodeStat("idle", 87264900000L), new NodeStat("iowait", 763600000L)),
                    c.node().getCPUStats(-1, 0));
            assertEquals(new SecurityModel("testSecurity", ""), c.node().getSecurityModel());
            assertArrayEquals(new long[] {19, 45, 97, 201}, c.node().getFreePages(new int[] {4, 2048}, 0, 2, 0));
        }
    }

    @Test
    void poolSourceDiscoveryAnswersLogicalAndNetfs() {
        try (HypervisorConnection c = TestSupport.openDefault()) {
            assertTrue(c.connect().findStoragePoolSources("logical", null, 0).contains("<name>testvg2</name>"));
            assertTrue(c.connect().findStoragePoolSources("netfs", "<source><host name='h1'/></source>", 0)
                    .contains("<host name='h1'/>\n    <dir path='/testshare'/>"));
            TestSupport.assertVirError(org.jvirt.core.ErrorNumber.INVALID_ARG, org.jvirt.core.ErrorDomain.TEST,
                    "invalid argument: hostname must be specified for netfs sources",
                    () -> c.connect().findStoragePoolSources("netfs", null, 0));
            TestSupport.assertVirError(org.jvirt.core.ErrorNumber.INTERNAL_ERROR, org.jvirt.core.ErrorDomain.TEST,
                    "internal error: unknown storage pool type dir",
                    () -> c.connect().findStoragePoolSources("dir", null, 0));
            TestSupport.assertVirError(org.jvirt.core.ErrorNumber.NO_SUPPORT, org.jvirt.core.ErrorDomain.TEST,
                    "this function is not supported by the connection driver: pool type 'bogus' does not support "
                            + "source discovery", () -> c.connect().findStoragePoolSources("bogus", null, 0));
        }
    }
}
