package org.jvirt.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.storage.CorpusSupport;
import org.jvirt.model.storage.VirshOracle;
import org.junit.jupiter.api.Test;

/** qemudomaincheckpointxml2xml corpus (N/M with a floor) and the test driver's checkpoint-dumpxml. */
class DomainCheckpointCorpusTest {
    private final DomainCheckpointFormatter formatter = new DomainCheckpointFormatter();

    @Test
    void checkpointXml2Xml() {
        Path c = CorpusSupport.corpora();
        int total = 0;
        int ok = 0;
        List<String> report = new ArrayList<>();
        for (CorpusSupport.Case k : CorpusSupport.cases("qemudomaincheckpointxml2xml")) {
            String inv = k.invocation();
            if (!inv.startsWith("DO_TEST_")) {
                continue;
            }
            total++;
            try {
                if (inv.startsWith("DO_TEST_INVALID")) {
                    try {
                        new DomainCheckpointParser(() -> 1).parse(CorpusSupport.read(c.resolve(
                                "qemudomaincheckpointxml2xmlin/" + k.name() + ".xml")), 0);
                        report.add("ACCEPTED INVALID " + k.name());
                    } catch (VirException e) {
                        ok++;
                    }
                    continue;
                }
                String actual;
                if (inv.startsWith("DO_TEST_INOUT")) {
                    String[] args = inv.substring(inv.indexOf('(') + 1, inv.lastIndexOf(')')).split(",\\s*");
                    long time = Long.parseLong(args[1]);
                    DomainCheckpointDef def = new DomainCheckpointParser(() -> time).parse(CorpusSupport.read(
                            c.resolve("qemudomaincheckpointxml2xmlin/" + k.name() + ".xml")), 0);
                    // what the test program does after parsing (TEST_PARENT, TEST_VDA_BITMAP, TEST_SIZE)
                    if (inv.contains("TEST_PARENT")) {
                        def = def.withParent("1525111885");
                    }
                    boolean size = inv.contains("TEST_SIZE");
                    if (inv.contains("TEST_VDA_BITMAP") && def.disks().isEmpty()) {
                        def = def.withDisks(List.of(new DomainCheckpointDef.Disk("vda", "bitmap", def.name(),
                                size ? 1048576 : 0)));
                    }
                    actual = formatter.format(def, size ? DomainCheckpointFormatter.FORMAT_SIZE : 0);
                } else {
                    DomainCheckpointDef def = new DomainCheckpointParser(() -> 1).parse(CorpusSupport.read(
                            c.resolve("qemudomaincheckpointxml2xmlout/" + k.name() + ".xml")),
                            DomainCheckpointParser.PARSE_REDEFINE);
                    actual = formatter.format(def, 0);
                }
                String expected = CorpusSupport.read(c.resolve("qemudomaincheckpointxml2xmlout/" + k.name()
                        + ".xml"));
                if (CorpusSupport.matches(expected, actual)) {
                    ok++;
                } else {
                    report.add("MISMATCH " + k.name() + "\n--- expected\n" + expected + "--- actual\n" + actual);
                }
            } catch (RuntimeException e) {
                report.add("ERROR " + k.name() + ": " + e);
            }
        }
        report.add(0, ok + "/" + total + " match");
        CorpusSupport.report("qemudomaincheckpointxml2xml", report);
        System.out.println("qemudomaincheckpointxml2xml: " + ok + "/" + total + " match");
        assertTrue(total > 0);
        assertTrue(ok >= 5, String.join("\n", report));
    }

    @Test
    void testDriverCheckpointRoundTrip() {
        VirshOracle.assumeAvailable();
        Map<Integer, String> out = VirshOracle.run(List.of("checkpoint-create-as test c1 --description 'a <b>'; "
                + "checkpoint-dumpxml test c1", "checkpoint-dumpxml --no-domain --size test c1"));
        for (int i = 0; i < 2; i++) {
            String expected = VirshOracle.xmlOf(out.get(i));
            if (!expected.endsWith("\n")) {
                expected = expected + "\n";
            }
            assertTrue(expected.startsWith("<domaincheckpoint>"), expected);
            DomainCheckpointDef def = new DomainCheckpointParser().parse(expected,
                    DomainCheckpointParser.PARSE_REDEFINE);
            assertEquals("a <b>", def.description());
            assertEquals(expected, formatter.format(def, 0));
        }
    }

    @Test
    void schemaRules() {
        VirException e = org.junit.jupiter.api.Assertions.assertThrows(VirException.class,
                () -> new DomainCheckpointParser().parse("<domaincheckpoint><name>../x</name></domaincheckpoint>", 0));
        assertEquals(ErrorNumber.XML_INVALID_SCHEMA, e.code());
        assertTrue(e.getMessage().contains("Extra element name in interleave\n"));
    }
}
