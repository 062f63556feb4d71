package org.jvirt.driver.test;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** The lines libxml2 prints on stderr when libvirt's test driver cannot read a node file (checked with virsh). */
class NodeFileDiagnosticsTest {
    @TempDir
    Path dir;

    private static String stderrOf(Executable body) {
        PrintStream old = System.err;
        var bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            body.execute();
        } catch (Throwable t) {
            throw new AssertionError(t);
        } finally {
            System.setErr(old);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void missingNodeFilePrintsTheIoWarning() {
        String err = stderrOf(() -> TestSupport.assertVirError(ErrorNumber.XML_ERROR, ErrorDomain.TEST,
                "XML error: failed to parse xml document '/no/such/node.xml'",
                () -> TestSupport.open(new TestDriverProvider(), "test:///no/such/node.xml")));
        assertEquals("I/O warning : failed to load external entity \"/no/such/node.xml\"\n", err);
    }

    @Test
    void missingIncludedFilePrintsTheIoWarning() throws IOException {
        Path node = dir.resolve("node.xml");
        Files.writeString(node, "<node><domain file='gone.xml'/></node>");
        String err = stderrOf(() -> TestSupport.assertVirError(ErrorNumber.XML_ERROR, ErrorDomain.TEST,
                "XML error: failed to parse xml document '" + dir.resolve("gone.xml") + "'",
                () -> TestSupport.open(new TestDriverProvider(), "test://" + node)));
        assertEquals("I/O warning : failed to load external entity \"" + dir.resolve("gone.xml") + "\"\n", err);
    }

    @Test
    void directoryPrintsAnIoErrorAndParsesAsEmpty() {
        String err = stderrOf(() -> TestSupport.assertVirError(ErrorNumber.XML_DETAIL, ErrorDomain.TEST,
                dir + ":1: Document is empty\n(null)\n^",
                () -> TestSupport.open(new TestDriverProvider(), "test://" + dir)));
        assertEquals("I/O error : Is a directory\n", err);
    }
}
