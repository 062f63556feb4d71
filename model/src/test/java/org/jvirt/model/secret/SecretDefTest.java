package org.jvirt.model.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.network.Corpora;

class SecretDefTest {
    private final SecretDefParser parser = new SecretDefParser();

    @Test
    void secretCorpusComesBackUnchanged() {
        List<Corpora.Case> cases = Corpora.cases("secretxml2xml");
        int ok = 0;
        StringBuilder report = new StringBuilder();
        for (Corpora.Case c : cases) {
            String in = Corpora.read("secretxml2xmlin/" + c.name() + ".xml");
            String out = SecretDefFormatter.format(parser.parse(in), 0);
            if (Corpora.sameOutput(in, out)) {
                ok++;
            } else {
                report.append("DIFF ").append(c.name()).append('\n').append(out);
            }
        }
        String summary = "secretxml2xml: " + ok + "/" + cases.size() + " match\n";
        Corpora.report("secretxml2xml.txt", summary + report);
        System.out.print(summary);
        assertTrue(ok >= 5, summary + report);
    }

    @Test
    void defaultsAndGeneratedUuid() {
        SecretDef d = parser.parse("<secret><description>a &amp; b</description></secret>");
        assertFalse(d.uuidSpecified());
        assertEquals("none", d.usageType());
        assertEquals("<secret ephemeral='no' private='no'>\n  <uuid>" + d.uuid() + "</uuid>\n"
                + "  <description>a &amp; b</description>\n</secret>\n", SecretDefFormatter.format(d, 0));
    }

    @Test
    void usageWithoutTypeIsAnXmlError() {
        VirException e = assertThrows(VirException.class, () -> parser.parse("<secret><usage/></secret>"));
        assertEquals(ErrorNumber.XML_ERROR, e.code());
        assertEquals(ErrorDomain.SECRET, e.domain());
        assertEquals("XML error: unknown secret usage type", e.getMessage());
    }

    @Test
    void unknownUsageTypeAndMissingIds() {
        VirException e = assertThrows(VirException.class,
                () -> parser.parse("<secret><usage type='disk'/></secret>"));
        assertEquals("unsupported configuration: unknown secret usage type disk", e.getMessage());
        e = assertThrows(VirException.class, () -> parser.parse("<secret><usage type='volume'/></secret>"));
        assertEquals("internal error: volume usage specified, but volume path is missing", e.getMessage());
        e = assertThrows(VirException.class, () -> parser.parse("<secret><usage type='iscsi'><name>x</name></usage></secret>"));
        assertEquals("internal error: iSCSI usage specified, but target is missing", e.getMessage());
    }

    @Test
    void badFlagsAndUuid() {
        assertEquals("XML error: invalid value of 'ephemeral'", assertThrows(VirException.class,
                () -> parser.parse("<secret ephemeral='maybe'/>")).getMessage());
        assertEquals("XML error: invalid value of 'private'", assertThrows(VirException.class,
                () -> parser.parse("<secret private='1'/>")).getMessage());
        assertEquals("internal error: malformed uuid element", assertThrows(VirException.class,
                () -> parser.parse("<secret><uuid>nope</uuid></secret>")).getMessage());
        assertEquals(ErrorNumber.XML_ERROR, assertThrows(VirException.class,
                () -> parser.parse("<notsecret/>")).code());
    }
}
