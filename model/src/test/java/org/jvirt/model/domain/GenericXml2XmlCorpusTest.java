package org.jvirt.model.domain;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.jvirt.core.VirException;

/**
 * libvirt's genericxml2xmltest: each domain in genericxml2xmlindata is parsed with hypervisor-neutral options and
 * formatted (secure); the output must equal genericxml2xmloutdata/NAME.xml or the input itself; _FAIL cases must
 * be rejected. Reports N/M and holds a floor.
 */
class GenericXml2XmlCorpusTest {
    private static final int FLOOR = 41;

    @Test
    void corpusRoundTripsMatchLibvirt() throws Exception {
        Path root = CorpusSupport.corpora();
        List<String> cases = Files.readAllLines(root.resolve("cases.tsv")).stream()
                .filter(l -> l.startsWith("genericxml2xml\t")).toList();
        int ok = 0;
        List<String> report = new ArrayList<>();
        DomainDefParser parser = new DomainDefParser();
        for (String line : cases) {
            String[] f = line.split("\t");
            String name = f[1];
            String call = f[5];
            Path in = root.resolve("genericxml2xmlindata/" + name + ".xml");
            if (!Files.exists(in)) {
                continue;
            }
            String xml = Files.readString(in);
            boolean expectFail = call.contains("_FAIL");
            boolean inactive = call.contains("FAIL_INACTIVE");
            String result;
            try {
                DomainDef def = parser.parse(xml, ParseOptions.generic().withInactive(inactive)
                        .withRandom(CorpusSupport.seeded()));
                result = DomainDefFormatter.format(def, DomainDefFormatter.SECURE
                        | (inactive ? DomainDefFormatter.INACTIVE : 0), CorpusSupport.liveId(xml));
            } catch (VirException e) {
                result = null;
                if (expectFail) {
                    ok++;
                    report.add("OK   " + name + " (rejected: " + e.getMessage() + ")");
                } else {
                    report.add("FAIL " + name + " rejected: " + e.getMessage());
                }
                continue;
            }
            if (expectFail) {
                report.add("FAIL " + name + " accepted but libvirt rejects it");
                continue;
            }
            Path out = root.resolve("genericxml2xmloutdata/" + name + ".xml");
            String expected = Files.exists(out) ? Files.readString(out) : xml;
            if (CorpusSupport.sameText(expected, result)) {
                ok++;
                report.add("OK   " + name);
            } else {
                report.add("FAIL " + name + "\n" + TestDriverOracleTest.diff(expected, result));
            }
        }
        report.addFirst("genericxml2xml: " + ok + "/" + cases.size() + " match");
        CorpusSupport.writeReport("genericxml2xml-report.txt", report);
        System.out.println("genericxml2xml: " + ok + "/" + cases.size() + " match");
        assertTrue(ok >= FLOOR, "genericxml2xml matches fell to " + ok + " (floor " + FLOOR + ")");
    }
}
