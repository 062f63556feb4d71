package org.jvirt.model.network;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.jvirt.core.VirException;

/** networkxml2xmltest over libvirt's corpus: parse (with the dnsmasq namespace), format, compare. */
class NetworkCorpusTest {
    /** Ratchet: the number of cases that matched when this was last raised. */
    private static final int FLOOR = 32;

    /** Re-reading libvirt's expected outputs must give them back unchanged (format is a fixed point). */
    @Test
    void expectedOutputsAreFixedPoints() {
        NetworkDefParser parser = new NetworkDefParser(true);
        int ok = 0;
        int total = 0;
        StringBuilder report = new StringBuilder();
        for (Corpora.Case c : Corpora.cases("networkxml2xml")) {
            if (c.invocation().startsWith("DO_TEST_PARSE_ERROR")) {
                continue;
            }
            int flags = c.invocation().contains("VIR_NETWORK_XML_INACTIVE") ? NetworkDefFormatter.INACTIVE : 0;
            String expected = Corpora.read("networkxml2xmlout/" + c.name() + ".xml");
            total++;
            String actual = NetworkDefFormatter.format(parser.parse(expected), flags);
            if (expected.equals(actual)) {
                ok++;
            } else {
                report.append("DIFF ").append(c.name()).append('\n').append(actual);
            }
        }
        assertTrue(ok == total, ok + "/" + total + "\n" + report);
    }

    @Test
    void networkXml2XmlCorpusMatches() {
        List<Corpora.Case> cases = Corpora.cases("networkxml2xml");
        NetworkDefParser parser = new NetworkDefParser(true);
        int ok = 0;
        StringBuilder report = new StringBuilder();
        for (Corpora.Case c : cases) {
            String in = Corpora.read("networkxml2xmlin/" + c.name() + ".xml");
            boolean expectFail = c.invocation().startsWith("DO_TEST_PARSE_ERROR");
            int flags = c.invocation().contains("VIR_NETWORK_XML_INACTIVE") ? NetworkDefFormatter.INACTIVE : 0;
            String actual;
            try {
                actual = NetworkDefFormatter.format(parser.parse(in), flags);
            } catch (VirException e) {
                if (expectFail) {
                    ok++;
                } else {
                    report.append("FAIL ").append(c.name()).append(": ").append(e.getMessage()).append('\n');
                }
                continue;
            }
            if (expectFail) {
                report.append("FAIL ").append(c.name()).append(": parsed but libvirt rejects it\n");
                continue;
            }
            String expected = Corpora.read("networkxml2xmlout/" + c.name() + ".xml");
            if (Corpora.sameOutput(expected, actual)) {
                ok++;
            } else {
                report.append("DIFF ").append(c.name()).append("\n--- expected\n").append(expected)
                        .append("--- actual\n").append(actual);
            }
        }
        String summary = "networkxml2xml: " + ok + "/" + cases.size() + " match\n";
        Corpora.report("networkxml2xml.txt", summary + report);
        System.out.print(summary);
        assertTrue(ok >= FLOOR, summary + report);
    }
}
