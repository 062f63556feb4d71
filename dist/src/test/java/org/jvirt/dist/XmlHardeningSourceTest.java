package org.jvirt.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * "XML parsers never resolve external entities": every production source file that makes a JAXP/StAX parser must
 * also switch external entities (or DTDs) off in the same file. Everything else parses through the model's
 * {@code XmlParser}. A new {@code DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(...)} somewhere in a
 * driver (a block-copy destination once was parsed that way) fails here.
 */
class XmlHardeningSourceTest {
    private static final Pattern MAKES_PARSER = Pattern.compile(
            "(DocumentBuilderFactory|SAXParserFactory|XMLInputFactory|SchemaFactory|TransformerFactory)"
                    + "\\.new(Instance|DefaultInstance|Factory|DefaultFactory)\\(");
    private static final Pattern HARDENED = Pattern.compile(
            "external-general-entities\", false|IS_SUPPORTING_EXTERNAL_ENTITIES, false|disallow-doctype-decl\", true");
    /** A DocumentBuilder used only to create empty documents never parses: allowed without the features. */
    private static final Pattern ONLY_NEW_DOCUMENT = Pattern.compile(
            "DocumentBuilderFactory\\.new\\w*Instance\\(\\)\\.newDocumentBuilder\\(\\)\\.newDocument\\(\\)");

    @Test
    void everyParserFactoryInProductionCodeIsHardened() throws IOException {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        List<String> offenders = new ArrayList<>();
        int factories = 0;
        try (Stream<Path> files = Files.walk(repo)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")
                    && p.toString().contains("/src/main/java/") && !p.toString().contains("/target/")).toList()) {
                String src = Files.readString(f);
                String withoutEmptyDocs = ONLY_NEW_DOCUMENT.matcher(src).replaceAll("");
                if (MAKES_PARSER.matcher(withoutEmptyDocs).find()) {
                    factories++;
                    if (!HARDENED.matcher(src).find()) {
                        offenders.add(repo.relativize(f).toString());
                    }
                }
            }
        }
        assertTrue(factories > 0, "the scan found no parser factory at all: is the repository layout what it expects?");
        assertEquals(List.of(), offenders, "XML parser factories without external entities switched off");
    }
}
