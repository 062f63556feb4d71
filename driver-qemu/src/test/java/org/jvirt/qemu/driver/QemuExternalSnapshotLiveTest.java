package org.jvirt.qemu.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.jvirt.qemu.driver.QemuBlockJobsLiveTest.QEMU;
import static org.jvirt.qemu.driver.QemuBlockJobsLiveTest.QEMU_IMG;
import static org.jvirt.qemu.driver.QemuBlockJobsLiveTest.QEMU_IO;
import static org.jvirt.qemu.driver.QemuBlockJobsLiveTest.chain;
import static org.jvirt.qemu.driver.QemuBlockJobsLiveTest.diskXml;
import static org.jvirt.qemu.driver.QemuBlockJobsLiveTest.output;
import static org.jvirt.qemu.driver.QemuBlockJobsLiveTest.read;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * External disk-only snapshots of a real TCG guest: overlays under the running guest (default and explicit names,
 * with and without metadata), what the snapshot and domain XML then say, the refusals libvirt 9.0 has, an active
 * block commit with pivot back into the original image, and an offline snapshot the guest boots from.
 */
class QemuExternalSnapshotLiveTest {
    private static final int DISK_ONLY = QemuSnapshots.CREATE_DISK_ONLY;

    @TempDir
    Path root;

    private static void write(GuestConsole con, String marker, int sector) throws Exception {
        con.send("echo " + marker + " | dd of=/dev/vda bs=512 seek=" + sector + " conv=fsync 2>/dev/null; sync; "
                + "echo WROTE " + marker);
        con.awaitLine("WROTE " + marker, Duration.ofSeconds(30));
    }

    /** Whether the image itself (with its backing, without its overlays) holds the marker at a sector (qemu-io). */
    private static boolean hostHas(Path image, int sector, String marker) throws Exception {
        String dump = output(QEMU_IO.toString(), "-r", "-U", "-f", "qcow2", "-c", "read -v " + sector * 512L + " 16",
                image.toString());
        StringBuilder hex = new StringBuilder();
        for (byte b : marker.getBytes()) {
            hex.append(hex.isEmpty() ? "" : " ").append(String.format("%02x", b));
        }
        return dump.contains(hex);
    }

    @Test
    void diskOnlySnapshotsThenActiveCommitBack() throws Exception {
        assumeTrue(Files.isExecutable(QEMU), "unavailable: qemu-system-x86_64 not installed");
        assumeTrue(Files.isExecutable(QEMU_IMG) && Files.isExecutable(QEMU_IO), "unavailable: qemu-img/qemu-io");
        TestGuestBuilder.TestGuest g = TestGuestBuilder.assumeGuest();
        Path disk = root.resolve("disk.qcow2");
        QemuBlockJobsLiveTest.qcow2(disk, null);
        Path s1 = root.resolve("disk.s1");
        Path explicit = root.resolve("explicit.qcow2");
        String xml = LiveGuests.guestXml("jv-extsnap", g).replace("<devices>", "<devices>\n"
                + QemuBlockJobsLiveTest.disk(disk, "vda"));
        QemuDriverProvider p = LiveGuests.provider(root.resolve("state"));
        try (Connect c = LiveGuests.open(p)) {
            LinkedBlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();
            c.domainEventRegisterAny(null, DomainEvent.ID_BLOCK_JOB, events::add);
            c.domainEventRegisterAny(null, DomainEvent.ID_BLOCK_JOB_2, events::add);
            Domain d = c.domainDefineXML(xml).create();
            try (GuestConsole con = GuestConsole.openPty(LiveGuests.pty(d))) {
                con.awaitLine("GUEST READY", Duration.ofSeconds(90));
                write(con, "JVIRT-A", 100);

                // snapshot-create-as s1 --disk-only: overlay named after the snapshot, guest keeps running
                DomainSnapshot snap = d.snapshotCreateXML("<domainsnapshot><name>s1</name></domainsnapshot>",
                        DISK_ONLY);
                String sx = snap.getXMLDesc(0);
                assertTrue(sx.contains("<state>disk-snapshot</state>") && sx.contains("<memory snapshot='no'/>")
                        && sx.contains("<disk name='vda' snapshot='external' type='file'>")
                        && sx.contains("<driver type='qcow2'/>") && sx.contains("<source file='" + s1 + "'/>")
                        && sx.contains("<source file='" + disk + "'/>"), sx);
                // the domain as it was (without the detected chain) and its persistent definition
                assertTrue(sx.contains("\n  <inactiveDomain type='qemu'>\n    <name>jv-extsnap</name>")
                        && sx.contains("</inactiveDomain>\n</domainsnapshot>") && !sx.contains("<backingStore"), sx);
                assertEquals(1, d.getState(0).state());
                String live = diskXml(d.getXMLDesc(0), "vda");
                assertEquals(List.of(s1.toString(), disk.toString()), chain(live), live);
                assertTrue(live.contains("<backingStore/>"), live);
                // libvirt's ids: the original was 1, the overlay takes the next
                assertTrue(live.contains("<source file='" + s1 + "' index='2'/>"), live);
                assertTrue(live.contains("<backingStore type='file' index='1'>"), live);
                String cfg = diskXml(d.getXMLDesc(2), "vda");
                assertEquals(List.of(s1.toString(), disk.toString()), chain(cfg), cfg);
                assertTrue(!cfg.contains("<backingStore/>"), cfg);
                assertTrue(output(QEMU_IMG.toString(), "info", "-U", s1.toString()).contains("backing file: "
                        + disk), "overlay backed by the original");

                // new writes land in the overlay; the original keeps what it had
                write(con, "JVIRT-B", 200);
                assertTrue(hostHas(s1, 200, "JVIRT-B"));
                assertTrue(!hostHas(disk, 200, "JVIRT-B"));
                assertTrue(hostHas(disk, 100, "JVIRT-A"));

                // --diskspec vda,file=... --no-metadata --atomic: a second overlay, no snapshot object kept
                d.snapshotCreateXML("<domainsnapshot><name>s2</name><disks><disk name='vda' snapshot='external'>"
                        + "<source file='" + explicit + "'/></disk></disks></domainsnapshot>",
                        DISK_ONLY | QemuSnapshots.CREATE_NO_METADATA | QemuSnapshots.CREATE_ATOMIC);
                assertEquals(List.of(explicit.toString(), s1.toString(), disk.toString()),
                        chain(diskXml(d.getXMLDesc(0), "vda")));
                assertEquals(List.of("s1"), d.listAllSnapshots(0).stream().map(DomainSnapshot::getName).toList());
                assertEquals(List.of("s1"), d.listAllSnapshots(QemuSnapshots.LIST_EXTERNAL).stream()
                        .map(DomainSnapshot::getName).toList());
                assertEquals(List.of(), d.listAllSnapshots(QemuSnapshots.LIST_INTERNAL));
                write(con, "JVIRT-C", 300);

                // libvirt 9.0's refusals
                VirException e = assertThrows(VirException.class, () -> snap.revert(0));
                assertEquals(ErrorNumber.CONFIG_UNSUPPORTED, e.code());
                assertEquals("unsupported configuration: revert to external snapshot not supported yet",
                        e.getMessage());
                e = assertThrows(VirException.class, () -> d.snapshotCreateXML("<domainsnapshot><name>s3</name>"
                        + "<disks><disk name='vda' snapshot='external'><source file='" + s1 + "'/></disk></disks>"
                        + "</domainsnapshot>", DISK_ONLY));
                assertEquals("unsupported configuration: external snapshot file for disk vda already exists and "
                        + "is not a block device: " + s1, e.getMessage());
                e = assertThrows(VirException.class, () -> d.snapshotCreateXML("<domainsnapshot><name>s4</name>"
                        + "<disks><disk name='vda' snapshot='internal'/></disks></domainsnapshot>", DISK_ONLY));
                assertEquals("unsupported configuration: active qemu domains require external disk snapshots; "
                        + "disk vda requested internal", e.getMessage());
                assertEquals(List.of(explicit.toString(), s1.toString(), disk.toString()),
                        chain(diskXml(d.getXMLDesc(0), "vda")), "a refused snapshot changes nothing");

                // blockcommit vda --active --pivot: everything back in the original image
                d.blockCommit("vda", null, null, 0, QemuBlockJobs.COMMIT_ACTIVE);
                QemuBlockJobsLiveTest.awaitJob(events, explicit.toString(), "vda", QemuBlockJobs.TYPE_ACTIVE_COMMIT,
                        QemuBlockJobs.READY);
                d.blockJobAbort("vda", QemuBlockJobs.ABORT_PIVOT);
                QemuBlockJobsLiveTest.awaitJob(events, disk.toString(), "vda", QemuBlockJobs.TYPE_ACTIVE_COMMIT,
                        QemuBlockJobs.COMPLETED);
                live = diskXml(d.getXMLDesc(0), "vda");
                assertEquals(List.of(disk.toString()), chain(live), live);
                assertEquals(List.of(disk.toString()), chain(diskXml(d.getXMLDesc(2), "vda")));
                assertEquals("JVIRT-A", read(con, "vda", 100, 7));
                assertEquals("JVIRT-B", read(con, "vda", 200, 7));
                assertEquals("JVIRT-C", read(con, "vda", 300, 7));
                assertTrue(hostHas(disk, 300, "JVIRT-C"), "committed into the original");

                e = assertThrows(VirException.class, () -> snap.delete(0));
                assertEquals(ErrorNumber.OPERATION_UNSUPPORTED, e.code());
                snap.delete(QemuSnapshots.DELETE_METADATA_ONLY);
                assertEquals(List.of(), d.listAllSnapshots(0));
            }
            d.destroy();

            // offline: qemu-img makes the overlay, the definition points at it, the guest boots from it
            Path s5 = root.resolve("disk.s5");
            DomainSnapshot off = d.snapshotCreateXML("<domainsnapshot><name>s5</name></domainsnapshot>", DISK_ONLY);
            assertTrue(off.getXMLDesc(0).contains("<state>shutoff</state>"), off.getXMLDesc(0));
            String cfg = diskXml(d.getXMLDesc(0), "vda");
            assertEquals(List.of(s5.toString(), disk.toString()), chain(cfg), cfg);
            assertTrue(output(QEMU_IMG.toString(), "info", s5.toString()).contains("backing file: " + disk));
            d.create();
            try (GuestConsole con = GuestConsole.openPty(LiveGuests.pty(d))) {
                con.awaitLine("GUEST READY", Duration.ofSeconds(90));
                assertEquals("JVIRT-C", read(con, "vda", 300, 7));
                write(con, "JVIRT-D", 400);
                assertTrue(hostHas(s5, 400, "JVIRT-D"));
                assertTrue(!hostHas(disk, 400, "JVIRT-D"));
            }
            d.destroy();
        } finally {
            LiveGuests.destroyAll(p);
        }
    }
}
