package org.jvirt.model.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jvirt.model.storage.VirshOracle;
import org.junit.jupiter.api.Test;

/**
 * The test driver's snapshot-create/snapshot-dumpxml on domain "test": its output (with the full embedded domain)
 * must survive our redefine-parse and format unchanged, and the fields we parsed from the input must be its fields.
 */
class DomainSnapshotOracleTest {

    @Test
    void createDumpxmlRoundTrip() throws IOException {
        VirshOracle.assumeAvailable();
        List<String> inputs = List.of(
                "<domainsnapshot><name>s1</name><description>d &amp; x &lt;y&gt;</description></domainsnapshot>",
                "<domainsnapshot><name>s2</name></domainsnapshot>",
                "<domainsnapshot><name>s3</name><memory snapshot='internal'/></domainsnapshot>",
                "<domainsnapshot><name>s4</name><description>x</description><disks><disk name='vda' "
                        + "snapshot='internal'/></disks></domainsnapshot>");
        Path dir = Path.of("target", "snapshot-oracle-inputs");
        Files.createDirectories(dir);
        List<String> steps = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Path f = dir.resolve("s" + i + ".xml").toAbsolutePath();
            Files.writeString(f, inputs.get(i));
            steps.add("snapshot-create test " + f + "; snapshot-dumpxml test s" + (i + 1));
        }
        Map<Integer, String> out = VirshOracle.run(steps);
        DomainSnapshotParser parser = new DomainSnapshotParser(() -> 1);
        DomainSnapshotFormatter formatter = new DomainSnapshotFormatter();
        for (int i = 0; i < inputs.size(); i++) {
            String expected = VirshOracle.xmlOf(out.get(i));
            if (!expected.endsWith("\n")) {
                expected = expected + "\n";
            }
            assertTrue(expected.startsWith("<domainsnapshot>"), expected);
            DomainSnapshotDef redefined = parser.parse(expected, DomainSnapshotParser.PARSE_REDEFINE
                    | DomainSnapshotParser.PARSE_DISKS);
            assertEquals(expected, formatter.format(redefined, null, 0));
            DomainSnapshotDef ours = parser.parse(inputs.get(i), DomainSnapshotParser.PARSE_DISKS);
            assertEquals(redefined.name(), ours.name());
            assertEquals(redefined.description(), ours.description());
            assertEquals("running", redefined.state());
            assertTrue(redefined.domainXml().startsWith("<domain type='test'>"));
        }
    }
}
