package org.jvirt.model.nodedev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jvirt.core.VirException;
import org.jvirt.model.storage.CorpusSupport;
import org.jvirt.model.storage.VirshOracle;
import org.junit.jupiter.api.Test;

/** nodedevxml2xml corpus (N/M with a floor) and the test driver's built-in devices as an oracle. */
class NodeDeviceCorpusTest {
    private final NodeDeviceParser parser = new NodeDeviceParser();
    private final NodeDeviceFormatter formatter = new NodeDeviceFormatter();

    /** What nodedevxml2xmltest does before formatting: fill block size and count of storage devices. */
    private static NodeDeviceDef fillBlocks(NodeDeviceDef def) {
        List<NodeDevCap> caps = new ArrayList<>();
        for (NodeDevCap c : def.caps()) {
            if (c instanceof NodeDevCap.Storage s) {
                c = s.removable() ? s.withBlocks(2048, s.removableMediaSize() / 2048) : s.withBlocks(512,
                        s.size() / 512);
            }
            caps.add(c);
        }
        return def.withCaps(caps);
    }

    @Test
    void nodedevXml2Xml() {
        Path c = CorpusSupport.corpora();
        int total = 0;
        int ok = 0;
        List<String> report = new ArrayList<>();
        for (CorpusSupport.Case k : CorpusSupport.cases("nodedevxml2xml")) {
            if (!k.invocation().startsWith("DO_TEST(")) {
                continue;
            }
            total++;
            String actual;
            try {
                actual = formatter.format(fillBlocks(parser.parseExisting(CorpusSupport.read(
                        c.resolve("nodedevschemadata/" + k.name() + ".xml")))));
            } catch (RuntimeException e) {
                report.add("ERROR " + k.name() + ": " + e.getMessage());
                continue;
            }
            String expected = CorpusSupport.read(c.resolve("nodedevxml2xmlout/" + k.name() + ".xml"));
            if (CorpusSupport.matches(expected, actual)) {
                ok++;
            } else {
                report.add("MISMATCH " + k.name() + "\n--- expected\n" + expected + "--- actual\n" + actual);
            }
        }
        report.add(0, ok + "/" + total + " match");
        CorpusSupport.report("nodedevxml2xml", report);
        System.out.println("nodedevxml2xml: " + ok + "/" + total + " match");
        assertTrue(total > 0);
        assertTrue(ok >= 32, String.join("\n", report));
    }

    @Test
    void testDriverDevicesRoundTrip() {
        List<String> names = List.of("computer", "scsi_host1", "scsi_host2", "scsi_host11");
        Map<Integer, String> out = VirshOracle.run(names.stream().map(n -> "nodedev-dumpxml " + n).toList());
        for (int i = 0; i < names.size(); i++) {
            String expected = VirshOracle.xmlOf(out.get(i));
            assertTrue(expected.startsWith("<device>"), expected);
            NodeDeviceDef def = parser.parseExisting(expected);
            // the parser resets vport counters, as libvirt's does; the driver fills them
            def = def.withCaps(def.caps().stream().map(cap -> cap instanceof NodeDevCap.ScsiHost h
                    ? new NodeDevCap.ScsiHost(h.host(), h.uniqueId(), h.fcHost(), h.wwnn(), h.wwpn(), h.fabricWwn(),
                            h.vportOps(), 0, 0) : cap).toList());
            assertEquals(expected, formatter.format(def));
        }
    }

    @Test
    void createInputAndErrors() {
        NodeDeviceDef def = parser.parseForCreate("<device><parent>scsi_host1</parent><capability type='scsi_host'>"
                + "<capability type='fc_host'><wwnn>2000000012341234</wwnn><wwpn>1000000012341299</wwpn></capability>"
                + "</capability></device>");
        assertEquals("new device", def.name());
        assertEquals("1000000012341299", def.cap(NodeDevCap.ScsiHost.class).wwpn());
        VirException e = assertThrows(VirException.class, () -> parser.parseExisting("<device><name>x</name>"
                + "</device>"));
        assertEquals("internal error: no device capabilities for 'x'", e.getMessage());
        assertEquals("XML error: Invalid value for attribute 'type' in element 'capability': 'bogus'.",
                assertThrows(VirException.class,
                () -> parser.parseExisting("<device><name>x</name><capability type='bogus'/></device>"))
                .getMessage());
    }
}
