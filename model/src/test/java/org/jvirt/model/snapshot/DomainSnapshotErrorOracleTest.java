package org.jvirt.model.snapshot;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jvirt.core.VirException;
import org.jvirt.model.storage.CorpusSupport;
import org.jvirt.model.storage.PyLibvirtOracle;
import org.junit.jupiter.api.Test;

/**
 * Snapshot inputs against python3-libvirt's snapshotCreateXML on test:///default's domain "test": libvirt's parse
 * errors (code, domain, text) must be ours. Errors the driver raises after parsing (disk alignment, external
 * snapshots it does not support) are not parse errors: for them we only require that parsing succeeds.
 */
class DomainSnapshotErrorOracleTest {
    private static final List<String> INPUTS = List.of(
            "<domainsnapshot><name>a</name><memory snapshot='bogus'/></domainsnapshot>",
            "<domainsnapshot><name>a</name><memory snapshot='manual'/></domainsnapshot>",
            "<domainsnapshot><name>a</name><memory snapshot='internal' file='/x'/></domainsnapshot>",
            "<domainsnapshot><name>a</name><memory snapshot='external'/></domainsnapshot>",
            "<domainsnapshot><name>a</name><memory file='rel'/></domainsnapshot>",
            "<domainsnapshot><name>a</name><disks><disk/></disks></domainsnapshot>",
            "<domainsnapshot><name>a</name><disks><disk name='vda' snapshot='bogus'/></disks></domainsnapshot>",
            "<domainsnapshot><name>a</name><disks><disk name='vda' type='bogus'/></disks></domainsnapshot>",
            "<domainsnapshot><name>a</name><disks><disk name='vda'><driver type='bogus'/></disk></disks></domainsnapshot>",
            "<domainsnapshot><name>a</name><disks><disk name='vda'><source file='rel'/></disk></disks></domainsnapshot>",
            "<domainsnapshot><name>a</name><description>x</description></domainsnapshot>",
            "<domainsnapshot><name>a</name><memory snapshot='no'/><disks><disk name='vda' snapshot='internal'/></disks></domainsnapshot>",
            "<domainsnapshot><name>a</name><disks><disk name='vda' snapshot='external' type='network'><source protocol='gluster' name='v/p'><host name='h'/></source></disk></disks></domainsnapshot>");

    @Test
    void parseErrorsMatchLibvirt() throws Exception {
        Path dir = Path.of("target", "snapshot-oracle-inputs").toAbsolutePath();
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < INPUTS.size(); i++) {
            Path f = dir.resolve("bad-" + i + ".xml");
            Files.writeString(f, INPUTS.get(i));
            files.add(f);
        }
        List<PyLibvirtOracle.Err> oracle = new ArrayList<>(PyLibvirtOracle.run("snapshot", files));
        DomainSnapshotParser parser = new DomainSnapshotParser(() -> 1);
        List<VirException> ours = new ArrayList<>();
        for (int i = 0; i < INPUTS.size(); i++) {
            try {
                parser.parse(INPUTS.get(i), DomainSnapshotParser.PARSE_DISKS);
                ours.add(null);
                PyLibvirtOracle.Err o = oracle.get(i);
                if (o != null && o.message().startsWith("unsupported configuration: disk '")) {
                    oracle.set(i, null); // the driver's disk alignment, after a successful parse
                }
            } catch (VirException e) {
                ours.add(e);
            }
        }
        List<String> report = PyLibvirtOracle.compare(files, oracle, ours);
        report.add(0, (INPUTS.size() - report.size()) + "/" + INPUTS.size() + " agree");
        CorpusSupport.report("oracle-snapshot-errors", report);
        System.out.println("snapshot create errors: " + report.get(0));
        assertTrue(report.size() == 1, String.join("\n", report));
    }
}
