package org.jvirt.driver.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jvirt.api.Records.NodeInfo;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.spi.HypervisorConnection;
import org.jvirt.spi.Refs.DomainRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeFileLoaderTest {
    private static final String NS = "xmlns:test='http://libvirt.org/schemas/domain/test/1.0'";
    private static final String DOM = "<domain type='test'><name>%s</name><memory>1024</memory>"
            + "<os><type>hvm</type></os>%s</domain>";

    @TempDir
    Path dir;

    private HypervisorConnection openFile(String name, String xml) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, xml);
        return TestSupport.open(new TestDriverProvider(), "test://" + f);
    }

    @Test
    void defaultNodeHasTheBuiltInObjects() {
        try (HypervisorConnection c = TestSupport.openDefault()) {
            DomainRef test = c.domains().lookupByName("test");
            assertEquals(1, test.id());
            assertEquals(List.of("test"), c.domains().listAll(0).stream().map(DomainRef::name).toList());
            assertEquals(new NodeInfo("i686", 3145728, 16, 1400, 2, 2, 2, 2), c.node().getInfo());
            assertTrue(c.networks().isActive(c.networks().lookupByName("default")));
            assertTrue(c.interfaces().isActive(c.interfaces().lookupByName("eth1")));
            assertTrue(c.storagePools().isActive(c.storagePools().lookupByName("default-pool")));
            assertEquals(List.of("computer", "scsi_host1", "scsi_host2", "scsi_host11"),
                    c.nodeDevices().listAll(0).stream().map(d -> d.name()).toList());
        }
    }

    @Test
    void customFileGivesEachConnectionItsOwnState() throws IOException {
        Path f = dir.resolve("node.xml");
        Files.writeString(f, "<node>" + DOM.formatted("a", "") + "</node>");
        TestDriverProvider p = new TestDriverProvider();
        try (HypervisorConnection one = TestSupport.open(p, "test://" + f);
             HypervisorConnection two = TestSupport.open(p, "test://" + f)) {
            one.lifecycle().destroy(one.domains().lookupByName("a"), 0);
            assertEquals(5, one.lifecycle().getState(one.domains().lookupByName("a"), 0).state());
            assertEquals(1, two.lifecycle().getState(two.domains().lookupByName("a"), 0).state());
        }
    }

    @Test
    void nodeInfoComesFromCpuAndMemoryElements() throws IOException {
        String xml = "<node><cpu><mhz>6000</mhz><model>i986</model><active>50</active><nodes>4</nodes>"
                + "<sockets>4</sockets><cores>4</cores><threads>2</threads></cpu><memory>8192000</memory></node>";
        try (HypervisorConnection c = openFile("n.xml", xml)) {
            assertEquals(new NodeInfo("i986", 8192000, 50, 6000, 4, 4, 4, 2), c.node().getInfo());
        }
    }

    @Test
    void testNamespaceSetsRunstateTransientAndManagedSave() throws IOException {
        String xml = "<node " + NS + ">"
                + DOM.formatted("t1", "<test:runstate>5</test:runstate><test:hasmanagedsave/>")
                + DOM.formatted("t2", "<test:runstate>3</test:runstate><test:transient/>") + "</node>";
        try (HypervisorConnection c = openFile("ns.xml", xml)) {
            DomainRef t1 = c.domains().lookupByName("t1");
            DomainRef t2 = c.domains().lookupByName("t2");
            assertEquals(-1, t1.id());
            assertEquals(1, t2.id());
            assertEquals(List.of(5, 0), List.of(c.lifecycle().getState(t1, 0).state(),
                    c.lifecycle().getState(t1, 0).reason()));
            assertEquals(List.of(3, 0), List.of(c.lifecycle().getState(t2, 0).state(),
                    c.lifecycle().getState(t2, 0).reason()));
            assertTrue(c.saveRestore().hasManagedSaveImage(t1, 0));
            assertTrue(c.domains().isPersistent(t1));
            assertFalse(c.domains().isPersistent(t2));
        }
    }

    @Test
    void includesResolveRelativeToTheNodeFile() throws IOException {
        Files.writeString(dir.resolve("dom.xml"), DOM.formatted("inc", ""));
        Files.writeString(dir.resolve("vol.xml"), "<volume><name>v</name><capacity>1000</capacity>"
                + "<allocation>10</allocation></volume>");
        String xml = "<node><domain file='dom.xml'/><pool type='dir'><name>p</name><target><path>/p</path>"
                + "</target><volume file='vol.xml'/></pool></node>";
        // an inline pool's volumes may themselves be includes
        try (HypervisorConnection c = openFile("inc-node.xml", xml)) {
            assertEquals(1, c.domains().lookupByName("inc").id());
            var pool = c.storagePools().lookupByName("p");
            assertEquals(10, c.storagePools().getInfo(pool).allocation());
            assertEquals("/p/v", c.storageVols().getPath(c.storageVols().lookupByName(pool, "v")));
        }
    }

    @Test
    void volumesUnderAnIncludedPoolAreIgnored() throws IOException {
        Files.writeString(dir.resolve("pool.xml"), "<pool type='dir'><name>r</name><target><path>/r</path></target>"
                + "</pool>");
        String xml = "<node><pool file='pool.xml'><volume><name>x</name><capacity>1000</capacity></volume>"
                + "</pool></node>";
        try (HypervisorConnection c = openFile("pool-node.xml", xml)) {
            var pool = c.storagePools().lookupByName("r");
            assertEquals(List.of(), c.storageVols().listAll(pool, 0));
            assertEquals(0, c.storagePools().getInfo(pool).allocation());
        }
    }

    @Test
    void missingIncludeIsXmlError() {
        TestSupport.assertVirError(ErrorNumber.XML_ERROR, ErrorDomain.TEST,
                "XML error: failed to parse xml document '" + dir.resolve("missing.xml") + "'",
                () -> openFile("m.xml", "<node><domain file='missing.xml'/></node>"));
    }

    @Test
    void wrongRootIsXmlErrorFromXmlDomain() {
        TestSupport.assertVirError(ErrorNumber.XML_ERROR, ErrorDomain.XML,
                "XML error: expecting root element of 'node', not 'nodex'",
                () -> openFile("r.xml", "<nodex/>"));
    }

    @Test
    void badNodeCpuValueIsReported() {
        TestSupport.assertVirError(ErrorNumber.XML_ERROR, ErrorDomain.TEST,
                "XML error: invalid node cpu nodes value",
                () -> openFile("c.xml", "<node><cpu><nodes>x</nodes></cpu></node>"));
    }

    @Test
    void runstateOutOfRangeIsRejected() {
        TestSupport.assertVirError(ErrorNumber.XML_ERROR, ErrorDomain.TEST,
                "XML error: runstate '9' out of range'",
                () -> openFile("s.xml", "<node " + NS + ">" + DOM.formatted("x", "<test:runstate>9</test:runstate>")
                        + "</node>"));
    }

    @Test
    void transientShutoffDomainIsRejected() {
        TestSupport.assertVirError(ErrorNumber.XML_ERROR, ErrorDomain.TEST,
                "XML error: transient domain cannot have runstate 'shutoff'",
                () -> openFile("t.xml", "<node " + NS + ">"
                        + DOM.formatted("x", "<test:runstate>5</test:runstate><test:transient/>") + "</node>"));
    }

    @Test
    void managedSaveNeedsShutoffRunstate() {
        TestSupport.assertVirError(ErrorNumber.XML_ERROR, ErrorDomain.TEST,
                "XML error: domain with managedsave data can only have runstate 'shutoff'",
                () -> openFile("ms.xml", "<node " + NS + ">" + DOM.formatted("x", "<test:hasmanagedsave/>")
                        + "</node>"));
    }

    @Test
    void customNodeHasNoNumaCells() throws IOException {
        try (HypervisorConnection c = openFile("e.xml", "<node/>")) {
            assertTrue(c.connect().getCapabilities().contains("<cells num='0'>"));
            TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.TEST,
                    "invalid argument: Range exceeds available cells", () -> c.node().getCellsFreeMemory(0, 1));
        }
    }
}
