package org.jvirt.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jvirt.core.VirException;
import org.jvirt.model.storage.CorpusSupport;
import org.jvirt.model.storage.PyLibvirtOracle;
import org.junit.jupiter.api.Test;

/** Checkpoint inputs against python3-libvirt's checkpointCreateXML on test:///default: same outcome and error. */
class DomainCheckpointErrorOracleTest {
    private static final List<String> INPUTS = List.of(
            "<domaincheckpoint><name>.bad</name></domaincheckpoint>",
            "<domaincheckpoint><name>ok1</name><disks><disk name='vda' checkpoint='no' bitmap='b'/></disks></domaincheckpoint>",
            "<domaincheckpoint><name>ok2</name><disks><disk name='vda' checkpoint='maybe'/></disks></domaincheckpoint>",
            "<domaincheckpoint><name>ok3</name><disks/></domaincheckpoint>",
            "<domaincheckpoint><name>ok4</name><parent><name>x/y</name></parent></domaincheckpoint>",
            "<domaincheckpoint><name>ok5</name><creationTime>abc</creationTime></domaincheckpoint>",
            "<domaincheckpoint><name>ok6</name><bogus/></domaincheckpoint>",
            "<domaincheckpoint><name>ok7</name><disks><disk name='vda' size='x'/></disks></domaincheckpoint>",
            "<domaincheckpoint><name>good1</name><description>d</description></domaincheckpoint>",
            "<domaincheckpoint><name>good2</name><disks><disk name='vda' checkpoint='bitmap' bitmap='b'/></disks></domaincheckpoint>");

    @Test
    void parseErrorsMatchLibvirt() throws Exception {
        Path dir = Path.of("target", "checkpoint-oracle-inputs").toAbsolutePath();
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < INPUTS.size(); i++) {
            Path f = dir.resolve("cp-" + i + ".xml");
            Files.writeString(f, INPUTS.get(i));
            files.add(f);
        }
        List<PyLibvirtOracle.Err> oracle = PyLibvirtOracle.run("checkpoint", files);
        DomainCheckpointParser parser = new DomainCheckpointParser(() -> 1);
        List<VirException> ours = new ArrayList<>();
        for (String in : INPUTS) {
            try {
                parser.parse(in, 0);
                ours.add(null);
            } catch (VirException e) {
                ours.add(e);
            }
        }
        List<String> report = PyLibvirtOracle.compare(files, oracle, ours);
        report.add(0, (INPUTS.size() - report.size()) + "/" + INPUTS.size() + " agree");
        CorpusSupport.report("oracle-checkpoint-errors", report);
        System.out.println("checkpoint create errors: " + report.get(0));
        assertTrue(report.size() == 1, String.join("\n", report));
    }
}
