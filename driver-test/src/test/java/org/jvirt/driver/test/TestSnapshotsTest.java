package org.jvirt.driver.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jvirt.api.Records.DomainState;
import org.jvirt.api.event.DomainEvent;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.spi.HypervisorConnection;
import org.jvirt.spi.Refs.CheckpointRef;
import org.jvirt.spi.Refs.DomainRef;
import org.jvirt.spi.Refs.SnapshotRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TestSnapshotsTest {
    private HypervisorConnection c;
    private DomainRef test;

    @BeforeEach
    void open() {
        c = TestSupport.openDefault();
        test = c.domains().lookupByName("test");
    }

    @AfterEach
    void close() {
        c.close();
    }

    private SnapshotRef snap(String name) {
        return c.snapshots().snapshotCreateXML(test, "<domainsnapshot><name>" + name + "</name></domainsnapshot>",
                0);
    }

    private List<String> names(List<SnapshotRef> refs) {
        return refs.stream().map(SnapshotRef::name).toList();
    }

    @Test
    void noCurrentSnapshotIsNoDomainSnapshot() {
        assertFalse(c.snapshots().hasCurrentSnapshot(test, 0));
        TestSupport.assertVirError(ErrorNumber.NO_DOMAIN_SNAPSHOT, ErrorDomain.TEST,
                "Domain snapshot not found: the domain does not have a current snapshot",
                () -> c.snapshots().snapshotCurrent(test, 0));
        TestSupport.assertVirError(ErrorNumber.NO_DOMAIN_SNAPSHOT, ErrorDomain.TEST,
                "Domain snapshot not found: no domain snapshot with matching name 'zz'",
                () -> c.snapshots().snapshotLookupByName(test, "zz", 0));
    }

    @Test
    void snapshotsChainFromTheCurrentOne() {
        SnapshotRef s1 = snap("s1");
        SnapshotRef s2 = snap("s2");
        assertEquals("s1", c.snapshots().snapshotGetParent(s2, 0).name());
        TestSupport.assertVirError(ErrorNumber.NO_DOMAIN_SNAPSHOT, ErrorDomain.TEST,
                "Domain snapshot not found: snapshot 's1' does not have a parent",
                () -> c.snapshots().snapshotGetParent(s1, 0));
        assertTrue(c.snapshots().snapshotIsCurrent(s2, 0));
        assertEquals(List.of("s1"), names(c.snapshots().listAllSnapshots(test, 1)));
        assertEquals(List.of("s2"), names(c.snapshots().listAllSnapshots(test, 4)));
        assertEquals(List.of("s2"), names(c.snapshots().listAllChildren(s1, 0)));
        TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.TEST,
                "unsupported flags (0x800) in function testDomainListAllSnapshots",
                () -> c.snapshots().listAllSnapshots(test, 1 << 11));
    }

    @Test
    void snapshotXmlRecordsStateParentAndDomain() {
        snap("s1");
        c.lifecycle().suspend(test);
        String xml = c.snapshots().snapshotGetXMLDesc(snap("s2"), 0);
        assertTrue(xml.startsWith("<domainsnapshot>\n  <name>s2</name>\n  <state>paused</state>\n  <parent>\n"
                + "    <name>s1</name>\n  </parent>\n  <creationTime>"), xml);
        assertTrue(xml.contains("  <memory snapshot='internal'/>\n  <disks>\n    <disk name='vda' "
                + "snapshot='internal'/>\n  </disks>\n  <domain type='test'>\n    <name>test</name>\n"), xml);
        assertTrue(xml.endsWith("  </domain>\n</domainsnapshot>\n"), xml);
    }

    @Test
    void revertToPausedSnapshotStopsStartsAndPauses() throws Exception {
        LinkedBlockingQueue<DomainEvent> q = new LinkedBlockingQueue<>();
        c.events().registerDomainEvent(null, DomainEvent.ID_LIFECYCLE, q::add);
        snap("s1");
        c.lifecycle().suspend(test);
        SnapshotRef s2 = snap("s2");
        c.lifecycle().destroy(test, 0);
        SnapshotRef s3 = snap("s3");
        c.snapshots().revertToSnapshot(c.snapshots().snapshotLookupByName(test, "s1", 0), 0);
        assertEquals(new DomainState(1, 4), c.lifecycle().getState(test, 0));
        c.snapshots().revertToSnapshot(s2, 0);
        assertEquals(new DomainState(3, 7), c.lifecycle().getState(test, 0));
        c.snapshots().revertToSnapshot(s3, 0);
        assertEquals(new DomainState(5, 7), c.lifecycle().getState(test, 0));
        List<List<Integer>> got = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            DomainEvent.Lifecycle e = (DomainEvent.Lifecycle) q.poll(5, TimeUnit.SECONDS);
            got.add(List.of(e.event(), e.detail()));
        }
        assertEquals(List.of(List.of(3, 0), List.of(5, 1), List.of(2, 3), List.of(5, 6), List.of(2, 3), List.of(3, 5), List.of(5, 6)), got);
        assertEquals("s3", c.snapshots().snapshotCurrent(test, 0).name());
    }

    @Test
    void revertRunningFlagOverridesAPausedSnapshot() {
        c.lifecycle().suspend(test);
        SnapshotRef s = snap("p");
        c.snapshots().revertToSnapshot(s, 1);
        assertEquals(new DomainState(1, 4), c.lifecycle().getState(test, 0));
    }

    @Test
    void unsupportedCreateAndDeleteFlagsAreRefused() {
        TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.TEST,
                "unsupported flags (0x4) in function testDomainSnapshotCreateXML",
                () -> c.snapshots().snapshotCreateXML(test, "<domainsnapshot><name>g</name></domainsnapshot>", 4));
        TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.TEST,
                "unsupported flags (0x10) in function testDomainSnapshotCreateXML",
                () -> c.snapshots().snapshotCreateXML(test, "<domainsnapshot><name>g</name></domainsnapshot>",
                        0x90));
        SnapshotRef m = snap("m");
        TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.TEST,
                "unsupported flags (0x2) in function testDomainSnapshotDelete",
                () -> c.snapshots().snapshotDelete(m, 2));
        assertEquals(List.of("m"), names(c.snapshots().listAllSnapshots(test, 0)));
    }

    @Test
    void aDuplicateNameIsRefused() {
        snap("twice");
        TestSupport.assertVirError(ErrorNumber.OPERATION_FAILED, ErrorDomain.TEST,
                "operation failed: domain moment twice already exists", () -> snap("twice"));
    }

    @Test
    void redefineKeepsTheParentNamedInTheXml() {
        SnapshotRef a = snap("a");
        snap("b");
        String xml = c.snapshots().snapshotGetXMLDesc(a, 0);
        c.snapshots().snapshotCreateXML(test, xml, 1 | 2);
        assertEquals("a", c.snapshots().snapshotCurrent(test, 0).name());
        TestSupport.assertVirError(ErrorNumber.NO_DOMAIN_SNAPSHOT, ErrorDomain.TEST,
                "Domain snapshot not found: snapshot 'a' does not have a parent",
                () -> c.snapshots().snapshotGetParent(a, 0));
        assertEquals(List.of("a", "b"), names(c.snapshots().listAllSnapshots(test, 0)));
    }

    @Test
    void topologicalListingPutsNewerSiblingsFirst() {
        SnapshotRef root = snap("root");
        snap("child1");
        snap("grandchild");
        c.snapshots().revertToSnapshot(root, 0);
        snap("child2");
        assertEquals(List.of("root", "child2", "child1", "grandchild"),
                names(c.snapshots().listAllSnapshots(test, 1024)));
        assertEquals(List.of("child2", "child1", "grandchild"),
                names(c.snapshots().listAllChildren(root, 1 | 1024)));
    }

    @Test
    void revertFlagsDoNotStartAnInactiveSnapshot() {
        c.lifecycle().destroy(test, 0);
        SnapshotRef off = snap("off");
        c.lifecycle().create(test, 0);
        c.snapshots().revertToSnapshot(off, 1);
        assertEquals(new DomainState(5, DomainStates.SHUTOFF_FROM_SNAPSHOT), c.lifecycle().getState(test, 0));
        c.snapshots().revertToSnapshot(off, 2);
        assertEquals(new DomainState(5, DomainStates.SHUTOFF_FROM_SNAPSHOT), c.lifecycle().getState(test, 0));
    }

    @Test
    void haltStopsTheDomainFromSnapshot() {
        c.snapshots().snapshotCreateXML(test, "<domainsnapshot><name>h</name></domainsnapshot>", 8);
        assertEquals(new DomainState(5, 7), c.lifecycle().getState(test, 0));
    }

    @Test
    void deleteReparentsChildrenOrTakesThemAlong() {
        SnapshotRef s1 = snap("s1");
        snap("s2");
        snap("s3");
        c.snapshots().snapshotDelete(c.snapshots().snapshotLookupByName(test, "s2", 0), 0);
        assertEquals("s1", c.snapshots().snapshotGetParent(c.snapshots().snapshotLookupByName(test, "s3", 0), 0)
                .name());
        c.snapshots().snapshotDelete(s1, 1);
        assertEquals(List.of(), c.snapshots().listAllSnapshots(test, 0));
        assertFalse(c.snapshots().hasCurrentSnapshot(test, 0));
    }

    @Test
    void undefiningAnInactiveDomainWithSnapshotsNeedsTheMetadataFlag() {
        snap("s1");
        c.lifecycle().destroy(test, 0);
        TestSupport.assertVirError(ErrorNumber.OPERATION_INVALID, ErrorDomain.DOMAIN,
                "Requested operation is not valid: cannot delete inactive domain with 1 snapshots",
                () -> c.domains().undefine(test, 0));
        c.domains().undefine(test, 2);
        assertEquals(List.of(), c.domains().listAll(0));
    }

    @Test
    void checkpointDisksMustBeDomainDisks() {
        TestSupport.assertVirError(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN_CHECKPOINT,
                "unsupported configuration: no disk named 'vdq'",
                () -> c.checkpoints().checkpointCreateXML(test, "<domaincheckpoint><name>b</name><disks>"
                        + "<disk name='vdq' checkpoint='bitmap'/></disks></domaincheckpoint>", 0));
        TestSupport.assertVirError(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN_CHECKPOINT,
                "unsupported configuration: too many disk checkpoint requests for domain",
                () -> c.checkpoints().checkpointCreateXML(test, "<domaincheckpoint><name>b</name><disks>"
                        + "<disk name='vda' checkpoint='bitmap'/><disk name='vda' checkpoint='bitmap'/></disks>"
                        + "</domaincheckpoint>", 0));
        assertEquals(List.of(), c.checkpoints().listAllCheckpoints(test, 0));
    }

    @Test
    void checkpointsAndSnapshotsExcludeEachOther() {
        CheckpointRef c1 = c.checkpoints().checkpointCreateXML(test,
                "<domaincheckpoint><name>c1</name></domaincheckpoint>", 0);
        TestSupport.assertVirError(ErrorNumber.OPERATION_UNSUPPORTED, ErrorDomain.TEST,
                "Operation not supported: cannot create snapshot while checkpoint exists", () -> snap("s"));
        CheckpointRef c2 = c.checkpoints().checkpointCreateXML(test,
                "<domaincheckpoint><name>c2</name></domaincheckpoint>", 0);
        assertEquals("c1", c.checkpoints().checkpointGetParent(c2, 0).name());
        assertEquals("""
                <domaincheckpoint>
                  <name>c2</name>
                  <parent>
                    <name>c1</name>
                  </parent>
                  <creationTime>%d</creationTime>
                  <disks>
                    <disk name='vda' checkpoint='bitmap' bitmap='c2'/>
                  </disks>
                </domaincheckpoint>
                """.formatted(creationTime(c.checkpoints().checkpointGetXMLDesc(c2, 2))),
                c.checkpoints().checkpointGetXMLDesc(c2, 2));
        c.checkpoints().checkpointDelete(c1, 0);
        TestSupport.assertVirError(ErrorNumber.NO_DOMAIN_CHECKPOINT, ErrorDomain.TEST,
                "Domain checkpoint not found: checkpoint 'c2' does not have a parent",
                () -> c.checkpoints().checkpointGetParent(c2, 0));
        c.lifecycle().destroy(test, 0);
        TestSupport.assertVirError(ErrorNumber.OPERATION_UNSUPPORTED, ErrorDomain.TEST,
                "Operation not supported: cannot create checkpoint for inactive domain",
                () -> c.checkpoints().checkpointCreateXML(test, "<domaincheckpoint/>", 0));
    }

    private static long creationTime(String xml) {
        int a = xml.indexOf("<creationTime>") + "<creationTime>".length();
        return Long.parseLong(xml.substring(a, xml.indexOf('<', a)));
    }
}
