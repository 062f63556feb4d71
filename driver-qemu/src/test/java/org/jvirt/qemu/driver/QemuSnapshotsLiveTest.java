package org.jvirt.qemu.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import org.jvirt.api.Connect;
import org.jvirt.api.Domain;
import org.jvirt.api.DomainSnapshot;
import org.jvirt.api.event.DomainEvent;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.qemu.guest.GuestConsole;
import org.jvirt.qemu.guest.TestGuestBuilder;
import org.jvirt.spi.support.DomainStates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Internal snapshots of a real TCG guest with a qcow2 disk: savevm of the running guest, a change in its RAM, loadvm
 * brings the old RAM back; then an offline snapshot with qemu-img, the metadata surviving a driver restart, delete.
 */
class QemuSnapshotsLiveTest {
    private static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");
    private static final Path QEMU_IMG = Path.of("/usr/bin/qemu-img");

    @TempDir
    Path root;

    private static String qemuImgList(Path disk) throws Exception {
        Process p = new ProcessBuilder(QEMU_IMG.toString(), "snapshot", "-U", "-l", disk.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }

    @Test
    void internalSnapshotsOfARunningAndAShutOffGuest() throws Exception {
        assumeTrue(Files.isExecutable(QEMU), "unavailable: qemu-system-x86_64 not installed");
        assumeTrue(Files.isExecutable(QEMU_IMG), "unavailable: qemu-img not installed");
        TestGuestBuilder.TestGuest g = TestGuestBuilder.assumeGuest();
        Path disk = root.resolve("disk.qcow2");
        assertEquals(0, new ProcessBuilder(QEMU_IMG.toString(), "create", "-q", "-f", "qcow2", disk.toString(),
                "16M").inheritIO().start().waitFor());
        String xml = LiveGuests.guestXml("jv-snap", g).replace("<devices>", """
                <devices>
                    <disk type='file' device='disk'>
                      <driver name='qemu' type='qcow2'/>
                      <source file='%s'/>
                      <target dev='vda' bus='virtio'/>
                    </disk>""".formatted(disk));
        QemuDriverProvider first = LiveGuests.provider(root);
        try (Connect c = LiveGuests.open(first)) {
            LinkedBlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();
            c.domainEventRegisterAny(null, DomainEvent.ID_LIFECYCLE, events::add);
            Domain d = c.domainDefineXML(xml).create();
            assertFalse(d.hasCurrentSnapshot(0));
            try (GuestConsole con = GuestConsole.openPty(LiveGuests.pty(d))) {
                con.awaitLine("GUEST READY", Duration.ofSeconds(60));
                con.send("echo 42 > /tmp/mark; echo MARK $(cat /tmp/mark)");
                con.awaitLine("MARK 42", Duration.ofSeconds(30));

                long t0 = System.nanoTime();
                DomainSnapshot s1 = d.snapshotCreateXML("<domainsnapshot><name>s1</name></domainsnapshot>", 0);
                long created = System.nanoTime();
                assertEquals(DomainStates.RUNNING, d.getState(0).state());
                String sx = s1.getXMLDesc(0);
                assertTrue(sx.contains("<state>running</state>") && sx.contains("<memory snapshot='internal'/>")
                        && sx.contains("<disk name='vda' snapshot='internal'/>"), sx);
                assertTrue(s1.isCurrent(0));
                VirException dup = assertThrows(VirException.class, () -> c.domainLookupByName("jv-snap")
                        .snapshotCreateXML("<domainsnapshot><name>s1</name></domainsnapshot>", 0));
                assertEquals("operation failed: domain moment s1 already exists", dup.getMessage());

                con.send("echo 7 > /tmp/mark; echo MARK $(cat /tmp/mark)");
                con.awaitLine("MARK 7", Duration.ofSeconds(30));
                events.clear();
                long r0 = System.nanoTime();
                s1.revert(0);
                long reverted = System.nanoTime();
                LiveGuests.awaitEvent(events, DomainStates.EVENT_SUSPENDED, DomainStates.SUSPENDED_FROM_SNAPSHOT);
                LiveGuests.awaitEvent(events, DomainStates.EVENT_RESUMED, DomainStates.RESUMED_FROM_SNAPSHOT);
                assertEquals(List.of(DomainStates.RUNNING, DomainStates.RUNNING_FROM_SNAPSHOT),
                        List.of(d.getState(0).state(), d.getState(0).reason()));
                con.send("echo MARK $(cat /tmp/mark)");
                con.awaitLine("MARK 42", Duration.ofSeconds(30));
                System.out.printf("QemuSnapshotsLiveTest: savevm snapshot %d ms, revert (loadvm) %d ms%n",
                        (created - t0) / 1_000_000, (reverted - r0) / 1_000_000);
            }
            d.destroy();
            assertTrue(qemuImgList(disk).contains("s1"), "the snapshot is in the image: " + qemuImgList(disk));

            DomainSnapshot s2 = d.snapshotCreateXML("<domainsnapshot><name>s2</name></domainsnapshot>", 0);
            assertTrue(s2.getXMLDesc(0).contains("<state>shutoff</state>"), s2.getXMLDesc(0));
            assertEquals("s1", s2.getParent(0).getName());
            assertTrue(qemuImgList(disk).contains("s2"));
            assertTrue(Files.readString(root.resolve("var/lib/jvirt/qemu/snapshot/jv-snap/s2.xml"))
                    .contains("<active>1</active>"));
            assertTrue(Files.readString(root.resolve("var/lib/jvirt/qemu/snapshot/jv-snap/s1.xml"))
                    .contains("<active>0</active>"));
        } finally {
            LiveGuests.destroyAll(first);
        }

        QemuDriverProvider second = LiveGuests.provider(root);
        try (Connect c = LiveGuests.open(second)) {
            Domain d = c.domainLookupByName("jv-snap");
            assertEquals(List.of("s1", "s2"), d.listAllSnapshots(0).stream().map(DomainSnapshot::getName).sorted()
                    .toList());
            assertEquals("s2", d.snapshotCurrent(0).getName());
            assertEquals(List.of("s1"), d.listAllSnapshots(QemuSnapshots.LIST_ROOTS).stream()
                    .map(DomainSnapshot::getName).toList());

            // revert the shut-off guest to the running snapshot: it starts from the saved RAM
            d.snapshotLookupByName("s1", 0).revert(0);
            assertEquals(List.of(DomainStates.RUNNING, DomainStates.RUNNING_FROM_SNAPSHOT),
                    List.of(d.getState(0).state(), d.getState(0).reason()));
            try (GuestConsole con = GuestConsole.openPty(LiveGuests.pty(d))) {
                con.send("echo MARK $(cat /tmp/mark)");
                con.awaitLine("MARK 42", Duration.ofSeconds(30));
            }
            d.destroy();

            d.snapshotLookupByName("s2", 0).delete(0);
            assertEquals("s1", d.snapshotCurrent(0).getName());
            d.snapshotLookupByName("s1", 0).delete(0);
            assertFalse(d.hasCurrentSnapshot(0));
            String list = qemuImgList(disk);
            assertFalse(list.contains("s1") || list.contains("s2"), list);
            VirException none = assertThrows(VirException.class, () -> c.domainLookupByName("jv-snap")
                    .snapshotLookupByName("s1", 0));
            assertEquals(ErrorNumber.NO_DOMAIN_SNAPSHOT, none.code());
            assertFalse(Files.exists(root.resolve("var/lib/jvirt/qemu/snapshot/jv-snap/s1.xml")));
        } finally {
            LiveGuests.destroyAll(second);
        }
    }
}
