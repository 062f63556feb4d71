package org.jvirt.model.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** storagepoolxml2xml and storagevolxml2xml corpora: N/M match with a ratchet floor. */
class StorageCorpusTest {
    private final StoragePoolParser poolParser = new StoragePoolParser(true, UUID::randomUUID);
    private final StoragePoolFormatter poolFormatter = new StoragePoolFormatter();

    @Test
    void poolXml2Xml() {
        Path c = CorpusSupport.corpora();
        int total = 0;
        int ok = 0;
        List<String> report = new ArrayList<>();
        for (CorpusSupport.Case k : CorpusSupport.cases("storagepoolxml2xml")) {
            if (!k.invocation().startsWith("DO_TEST(")) {
                continue;
            }
            total++;
            Path in = c.resolve("storagepoolxml2xmlin/" + k.name() + ".xml");
            Path out = c.resolve("storagepoolxml2xmlout/" + k.name() + ".xml");
            String actual;
            try {
                actual = poolFormatter.format(poolParser.parse(CorpusSupport.read(in)));
            } catch (RuntimeException e) {
                report.add("ERROR " + k.name() + ": " + e.getMessage());
                continue;
            }
            String expected = CorpusSupport.read(out);
            if (CorpusSupport.matches(expected, actual)) {
                ok++;
            } else {
                report.add("MISMATCH " + k.name() + "\n--- expected\n" + expected + "--- actual\n" + actual);
            }
        }
        report.add(0, ok + "/" + total + " match");
        CorpusSupport.report("storagepoolxml2xml", report);
        System.out.println("storagepoolxml2xml: " + ok + "/" + total + " match");
        assertTrue(total > 0);
        assertTrue(ok >= 24, String.join("\n", report));
    }

    @Test
    void volXml2Xml() {
        Path c = CorpusSupport.corpora();
        StorageVolParser volParser = new StorageVolParser();
        StorageVolFormatter volFormatter = new StorageVolFormatter();
        int total = 0;
        int ok = 0;
        List<String> report = new ArrayList<>();
        for (CorpusSupport.Case k : CorpusSupport.cases("storagevolxml2xml")) {
            String inv = k.invocation();
            if (!inv.startsWith("DO_TEST")) {
                continue;
            }
            total++;
            String pool = inv.substring(inv.indexOf('"') + 1, inv.indexOf('"', inv.indexOf('"') + 1));
            int flags = inv.contains("VIR_VOL_XML_PARSE_NO_CAPACITY") ? StorageVolParser.NO_CAPACITY : 0;
            Path out = c.resolve("storagevolxml2xmlout/" + k.name() + ".xml");
            String actual;
            try {
                StoragePoolDef p = poolParser.parse(CorpusSupport.read(c.resolve("storagepoolxml2xmlin/" + pool
                        + ".xml")));
                StorageVolDef v = volParser.parse(p, CorpusSupport.read(c.resolve("storagevolxml2xmlin/" + k.name()
                        + ".xml")), flags);
                actual = volFormatter.format(p.type(), v);
            } catch (RuntimeException e) {
                report.add("ERROR " + k.name() + ": " + e.getMessage());
                continue;
            }
            String expected = Files.exists(out) ? CorpusSupport.read(out) : "";
            if (CorpusSupport.matches(expected, actual)) {
                ok++;
            } else {
                report.add("MISMATCH " + k.name() + "\n--- expected\n" + expected + "--- actual\n" + actual);
            }
        }
        report.add(0, ok + "/" + total + " match");
        CorpusSupport.report("storagevolxml2xml", report);
        System.out.println("storagevolxml2xml: " + ok + "/" + total + " match");
        assertTrue(total > 0);
        assertTrue(ok >= 15, String.join("\n", report));
    }

    @Test
    void sanitizePathMatchesLibvirt() {
        assertEquals("/var/lib/libvirt/images", ConfXml.sanitizePath("///var/////lib/libvirt/images//"));
        assertEquals("//foo/bar", ConfXml.sanitizePath("//foo/bar/"));
        assertEquals("/", ConfXml.sanitizePath("/"));
        assertEquals("/", ConfXml.sanitizePath("///"));
    }
}
