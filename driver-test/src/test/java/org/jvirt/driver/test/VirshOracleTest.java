package org.jvirt.driver.test;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jvirt.spi.HypervisorConnection;
import org.jvirt.spi.Refs.NodeDeviceRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real libvirt 9.0.0's test driver as the oracle: the default node's XML documents must match byte for byte. */
class VirshOracleTest {
    private static final Path VIRSH = Path.of("/usr/bin/virsh");
    private HypervisorConnection c;

    @BeforeEach
    void open() {
        c = TestSupport.openDefault();
    }

    @AfterEach
    void close() {
        c.close();
    }

    /** virsh's output for one command on a fresh test:///default (with -q virsh adds nothing to an XML dump). */
    private static String virsh(String command) throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(VIRSH), "real virsh is not installed");
        Process p = new ProcessBuilder(VIRSH.toString(), "-q", "-c", "test:///default", command)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(p.waitFor() == 0, "virsh failed: " + out);
        return out;
    }

    @Test
    void defaultDomainXmlMatchesLibvirt() throws Exception {
        var test = c.domains().lookupByName("test");
        assertEquals(virsh("dumpxml test"), c.domains().getXMLDesc(test, 0));
        assertEquals(virsh("dumpxml --inactive test"), c.domains().getXMLDesc(test, 2));
    }

    @Test
    void defaultNetworkPoolInterfaceAndDevicesMatchLibvirt() throws Exception {
        assertEquals(virsh("net-dumpxml default"), c.networks().getXMLDesc(c.networks().lookupByName("default"), 0));
        assertEquals(virsh("pool-dumpxml default-pool"),
                c.storagePools().getXMLDesc(c.storagePools().lookupByName("default-pool"), 0));
        assertEquals(virsh("iface-dumpxml eth1"), c.interfaces().getXMLDesc(c.interfaces().lookupByName("eth1"), 0));
        for (String dev : new String[] {"computer", "scsi_host1", "scsi_host2", "scsi_host11"}) {
            assertEquals(virsh("nodedev-dumpxml " + dev), c.nodeDevices().getXMLDesc(new NodeDeviceRef(dev), 0));
        }
    }

    @Test
    void volumeXmlMatchesLibvirt() throws Exception {
        String cmd = "vol-create-as default-pool v1 10M; vol-dumpxml --pool default-pool v1";
        var pool = c.storagePools().lookupByName("default-pool");
        var v = c.storageVols().createXML(pool, "<volume><name>v1</name><capacity unit='M'>10</capacity></volume>",
                0);
        String real = virsh(cmd);
        assertEquals(real.substring(real.indexOf("<volume")), c.storageVols().getXMLDesc(v, 0));
    }

    @Test
    void tuningShowsInTheDomainXmlAsInLibvirt() throws Exception {
        String real = virsh("blkiotune test --weight 100; memtune test --hard-limit 1000000; vcpupin test 0 1; "
                + "emulatorpin test 2; numatune test --nodeset 0; perf test --enable cmt; dumpxml test");
        var test = c.domains().lookupByName("test");
        c.tuning().setBlkioParameters(test, org.jvirt.core.param.TypedParams.of(
                new org.jvirt.core.param.TypedParam.UIntParam("weight", 100)), 0);
        c.tuning().setMemoryParameters(test, org.jvirt.core.param.TypedParams.of(
                new org.jvirt.core.param.TypedParam.ULLongParam("hard_limit", 1000000)), 0);
        c.tuning().pinVcpu(test, 0, new boolean[] {false, true}, 0);
        c.tuning().pinEmulator(test, new boolean[] {false, false, true}, 0);
        c.tuning().setNumaParameters(test, org.jvirt.core.param.TypedParams.of(
                new org.jvirt.core.param.TypedParam.StringParam("numa_nodeset", "0")), 0);
        c.tuning().setPerfEvents(test, org.jvirt.core.param.TypedParams.of(
                new org.jvirt.core.param.TypedParam.BooleanParam("cmt", true)), 0);
        assertEquals(real.substring(real.indexOf("<domain")), c.domains().getXMLDesc(test, 0));
    }
}
