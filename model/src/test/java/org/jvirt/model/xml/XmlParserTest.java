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

    /** Texts and carets recorded from libvirt 9.0.0 (virsh define) for the same inputs. */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> libxmlCases() {
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("hello",
                        "Start tag expected, '<' not found\nhello\n^"),
                org.junit.jupiter.params.provider.Arguments.of("<a></a><b/>",
                        "Extra content at the end of the document\n<a></a><b/>\n-------^"),
                org.junit.jupiter.params.provider.Arguments.of("<a><b></a>",
                        "Opening and ending tag mismatch: b line 1 and a\n<a><b></a>\n----------^"),
                org.junit.jupiter.params.provider.Arguments.of("<a",
                        "Couldn't find end of Start Tag a line 1\n<a\n--^"),
                org.junit.jupiter.params.provider.Arguments.of("<a>&foo;</a>",
                        "Entity 'foo' not defined\n<a>&foo;</a>\n--------^"),
                org.junit.jupiter.params.provider.Arguments.of("<a><!-- x </a>",
                        "Comment not terminated\n<a><!-- x </a>\n--------------^"),
                org.junit.jupiter.params.provider.Arguments.of("<domain type=\"test\"><name>x</name>",
                        "Premature end of data in tag domain line 1\n<domain type=\"test\"><name>x</name>\n"
                                + "----------------------------------^"));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("libxmlCases")
    void malformedXmlIsWordedAsLibxml2(String xml, String expected) {
        VirException e = assertThrows(VirException.class, () -> parser.parse(xml, "domain_definition"));
        assertEquals("(domain_definition):1: " + expected, e.getMessage());
    }

    @Test
    void emptyDocumentHasNullContext() {
        VirException e = assertThrows(VirException.class, () -> parser.parse("", "domain_definition"));
        assertEquals("(domain_definition):1: Document is empty\n(null)\n^", e.getMessage());
    }

    @Test
    void malformedXmlIsReportedInTheCallersDomainWrongRootInXml() {
        // recorded with python-libvirt: pool parse errors are VIR_FROM_STORAGE, a wrong root is VIR_FROM_XML
        VirException bad = assertThrows(VirException.class,
                () -> parser.parseRoot("<pool>", "storage_pool_definition", "pool", org.jvirt.core.ErrorDomain.STORAGE));
        assertEquals(org.jvirt.core.ErrorDomain.STORAGE, bad.domain());
        VirException root = assertThrows(VirException.class,
                () -> parser.parseRoot("<x/>", "storage_pool_definition", "pool", org.jvirt.core.ErrorDomain.STORAGE));
        assertEquals(org.jvirt.core.ErrorDomain.XML, root.domain());
    }
}
