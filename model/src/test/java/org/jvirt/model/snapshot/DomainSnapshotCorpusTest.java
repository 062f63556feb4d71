package org.jvirt.model.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jvirt.core.VirException;
import org.jvirt.model.storage.CorpusSupport;
import org.junit.jupiter.api.Test;

/** qemudomainsnapshotxml2xml corpus: DO_TEST_INOUT and DO_TEST_OUT cases, N/M with a floor. */
class DomainSnapshotCorpusTest {

    @Test
    void snapshotXml2Xml() {
        Path c = CorpusSupport.corpora();
        DomainSnapshotFormatter formatter = new DomainSnapshotFormatter();
        int total = 0;
        int ok = 0;
        List<String> report = new ArrayList<>();
        for (CorpusSupport.Case k : CorpusSupport.cases("qemudomainsnapshotxml2xml")) {
            String inv = k.invocation();
            if (!inv.startsWith("DO_TEST_")) {
                continue;
            }
            total++;
            String[] args = inv.substring(inv.indexOf('(') + 1, inv.lastIndexOf(')')).split(",\\s*");
            String uuid = args[1].equals("NULL") ? null : args[1].replace("\"", "");
            String actual;
            try {
                if (inv.startsWith("DO_TEST_INOUT")) {
                    long time = Long.parseLong(args[2]);
                    DomainSnapshotParser p = new DomainSnapshotParser(() -> time);
                    DomainSnapshotDef def = p.parse(CorpusSupport.read(c.resolve("qemudomainsnapshotxml2xmlin/"
                            + k.name() + ".xml")), DomainSnapshotParser.PARSE_DISKS);
                    actual = formatter.format(def, uuid, 0);
                } else {
                    boolean internal = inv.contains("TEST_INTERNAL");
                    DomainSnapshotParser p = new DomainSnapshotParser(() -> 0);
                    DomainSnapshotParser.Result r = p.parseFull(CorpusSupport.read(c.resolve(
                            "qemudomainsnapshotxml2xmlout/" + k.name() + ".xml")), DomainSnapshotParser.PARSE_DISKS
                            | DomainSnapshotParser.PARSE_REDEFINE
                            | (internal ? DomainSnapshotParser.PARSE_INTERNAL : 0));
                    int flags = internal ? DomainSnapshotFormatter.FORMAT_INTERNAL
                            | (r.current() ? DomainSnapshotFormatter.FORMAT_CURRENT : 0) : 0;
                    actual = formatter.format(r.def(), uuid, flags);
                }
            } catch (RuntimeException e) {
                report.add("ERROR " + k.name() + ": " + e);
                continue;
            }
            String expected = CorpusSupport.read(c.resolve("qemudomainsnapshotxml2xmlout/" + k.name() + ".xml"));
            if (CorpusSupport.matches(expected, actual)) {
                ok++;
            } else {
                report.add("MISMATCH " + k.name() + "\n--- expected\n" + expected + "--- actual\n" + actual);
            }
        }
        report.add(0, ok + "/" + total + " match");
        CorpusSupport.report("qemudomainsnapshotxml2xml", report);
        System.out.println("qemudomainsnapshotxml2xml: " + ok + "/" + total + " match");
        assertTrue(total > 0);
        assertTrue(ok >= 13, String.join("\n", report));
    }

    @Test
    void errors() {
        DomainSnapshotParser p = new DomainSnapshotParser(() -> 5);
        assertEquals("XML error: a redefined snapshot must have a name", assertThrows(VirException.class,
                () -> p.parse("<domainsnapshot/>", DomainSnapshotParser.PARSE_REDEFINE)).getMessage());
        assertEquals("XML error: external memory snapshots require a filename", assertThrows(VirException.class,
                () -> p.parse("<domainsnapshot><memory snapshot='external'/></domainsnapshot>", 0)).getMessage());
        assertEquals("5", p.parse("<domainsnapshot/>", 0).name());
    }
}
