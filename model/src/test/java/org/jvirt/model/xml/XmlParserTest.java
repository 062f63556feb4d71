package org.jvirt.model.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XmlParserTest {
    private final XmlParser parser = new XmlParser();

    @Test
    void externalEntitiesExpandToNothing(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOPSECRET");
        String xml = "<!DOCTYPE d [<!ENTITY x SYSTEM '" + secret.toUri() + "'>]><d><name>&x;</name></d>";
        XmlNode root = parser.parseRoot(xml, "domain_definition", "d");
        assertEquals("", root.childText("name"));
    }

    @Test
    void malformedXmlIsXmlDetailWithLineAndCaret() {
        VirException e = assertThrows(VirException.class,
                () -> parser.parse("<domain><name>x</name>", "domain_definition"));
        assertEquals(ErrorNumber.XML_DETAIL, e.code());
        assertTrue(e.getMessage().startsWith("(domain_definition):1: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("^"), e.getMessage());
    }

    @Test
    void wrongRootIsRejected() {
        VirException e = assertThrows(VirException.class, () -> parser.parseRoot("<net/>", "x", "network"));
        assertEquals(ErrorNumber.XML_ERROR, e.code());
    }

    @Test
    void writerFormatsLikeLibvirt() {
        XmlWriter w = new XmlWriter();
        w.open("domain", "type", "test", "id", null);
        w.text("name", "a<b'");
        w.empty("boot", "dev", "hd");
        w.open("devices").close("devices");
        w.close("domain");
        assertEquals("<domain type='test'>\n  <name>a&lt;b&apos;</name>\n  <boot dev='hd'/>\n  <devices>\n"
                + "  </devices>\n</domain>\n", w.toString());
    }
}
