package org.jvirt.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

class DefinitionFilesTest {
    @TempDir
    Path dir;

    /** "NAME:rest" stands in for a definition; a leading '!' fails to parse. */
    private static String parse(String text) {
        if (text.startsWith("!")) {
            throw VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.XML, "bad");
        }
        return text.strip();
    }

    @Test
    void listsXmlFilesInNameOrderAndSkipsBadOnes() throws Exception {
        Files.writeString(dir.resolve("b.xml"), "b");
        Files.writeString(dir.resolve("a.xml"), "a");
        Files.writeString(dir.resolve("c.txt"), "c");
        Files.createDirectory(dir.resolve("d.xml"));
        Files.writeString(dir.resolve("e.xml"), "other");
        Files.writeString(dir.resolve("f.xml"), "!");
        assertEquals(List.of("a.xml", "b.xml", "e.xml", "f.xml"), DefinitionFiles.xmlFiles(dir).stream()
                .map(p -> p.getFileName().toString()).toList());
        assertEquals(List.of(), DefinitionFiles.xmlFiles(dir.resolve("missing")));
        assertEquals("a", DefinitionFiles.load(dir.resolve("a.xml"), DefinitionFilesTest::parse, s -> s, "file",
                (f, n) -> "mismatch"));
        assertNull(DefinitionFiles.load(dir.resolve("e.xml"), DefinitionFilesTest::parse, s -> s, "file",
                (f, n) -> "mismatch"), "a file naming another object is skipped");
        assertNull(DefinitionFiles.load(dir.resolve("f.xml"), DefinitionFilesTest::parse, s -> s, "file",
                (f, n) -> "mismatch"), "an unparsable file is skipped");
    }
}
