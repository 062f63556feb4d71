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
import org.jvirt.api.event.DomainEvent;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.qemu.guest.GuestConsole;
import org.jvirt.qemu.guest.TestGuestBuilder;
import org.jvirt.spi.support.DomainStates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Save/restore and managed save of a real TCG guest: the guest writes a mark into its RAM-backed /tmp before the
 * save and must still have it after the restore, which only holds if its memory came back from the image.
 */
class QemuSaveRestoreLiveTest {
    private static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");

    @TempDir
    Path root;

    private static void assertState(Domain d, int state, int reason) {
        var s = d.getState(0);
        assertEquals(List.of(state, reason), List.of(s.state(), s.reason()));
    }

    /** Waits for the guest's shell and writes {@code value} into its RAM-backed /tmp/mark. */
    private static void markAndCheck(Domain d, String value) throws Exception {
        try (GuestConsole con = GuestConsole.openPty(LiveGuests.pty(d))) {
            con.awaitLine("GUEST READY", Duration.ofSeconds(60));
            con.send("echo " + value + " > /tmp/mark; echo MARK $(cat /tmp/mark)");
            con.awaitLine("MARK " + value, Duration.ofSeconds(30));
        }
    }

    private static void checkMark(Domain d, String expected) throws Exception {
        try (GuestConsole con = GuestConsole.openPty(LiveGuests.pty(d))) {
            con.send("echo MARK $(cat /tmp/mark)");
            con.awaitLine("MARK " + expected, Duration.ofSeconds(30));
        }
    }

    @Test
    void saveAndRestoreKeepTheGuestsMemory() throws Exception {
        assumeTrue(Files.isExecutable(QEMU), "unavailable: qemu-system-x86_64 not installed");
        TestGuestBuilder.TestGuest g = TestGuestBuilder.assumeGuest();
        QemuDriverProvider p = LiveGuests.provider(root);
        try (Connect c = LiveGuests.open(p)) {
            LinkedBlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();
            c.domainEventRegisterAny(null, DomainEvent.ID_LIFECYCLE, events::add);
            Domain d = c.domainDefineXML(LiveGuests.guestXml("jv-save", g)).create();
            markAndCheck(d, "42");

            Path file = root.resolve("jv-save.img");
            long t0 = System.nanoTime();
            d.save(file.toString());
            long saved = System.nanoTime();
            LiveGuests.awaitEvent(events, DomainStates.EVENT_STOPPED, DomainStates.STOPPED_SAVED);
            assertState(d, DomainStates.SHUTOFF, DomainStates.SHUTOFF_SAVED);
            assertFalse(d.isActive());
            assertTrue(Files.size(file) > 1_000_000, "the image holds the guest's RAM: " + Files.size(file));
            QemuSaveImage img = QemuSaveImage.read(file);
            assertTrue(img.wasRunning());
            String xml = c.domainSaveImageGetXMLDesc(file.toString(), 0);
            assertTrue(xml.contains("<name>jv-save</name>"), xml);

            long r0 = System.nanoTime();
            c.domainRestore(file.toString());
            long restored = System.nanoTime();
            LiveGuests.awaitEvent(events, DomainStates.EVENT_STARTED, DomainStates.STARTED_RESTORED);
            d = c.domainLookupByName("jv-save");
            assertState(d, DomainStates.RUNNING, DomainStates.RUNNING_RESTORED);
            checkMark(d, "42");
            System.out.printf("QemuSaveRestoreLiveTest: save %d ms (%d MiB image), restore %d ms%n",
                    (saved - t0) / 1_000_000, Files.size(file) >> 20, (restored - r0) / 1_000_000);

            Domain running = d;
            VirException again = assertThrows(VirException.class, () -> c.domainRestore(file.toString()));
            assertEquals(ErrorNumber.OPERATION_INVALID, again.code(), again.getMessage());

            // a paused restore stays paused
            d.saveFlags(file.toString(), null, QemuSaveRestore.SAVE_PAUSED);
            assertFalse(QemuSaveImage.read(file).wasRunning());
            c.domainRestore(file.toString());
            d = c.domainLookupByName("jv-save");
            assertEquals(DomainStates.PAUSED, d.getState(0).state());
            d.resume();
            checkMark(d, "42");
            running.destroy();
        } finally {
            LiveGuests.destroyAll(p);
        }
    }

    @Test
    void managedSaveIsResumedByCreate() throws Exception {
        assumeTrue(Files.isExecutable(QEMU), "unavailable: qemu-system-x86_64 not installed");
        TestGuestBuilder.TestGuest g = TestGuestBuilder.assumeGuest();
        QemuDriverProvider p = LiveGuests.provider(root);
        try (Connect c = LiveGuests.open(p)) {
            LinkedBlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();
            c.domainEventRegisterAny(null, DomainEvent.ID_LIFECYCLE, events::add);
            Domain d = c.domainDefineXML(LiveGuests.guestXml("jv-msave", g));
            VirException none = assertThrows(VirException.class, () -> c.domainLookupByName("jv-msave")
                    .managedSaveGetXMLDesc(0));
            assertEquals("Requested operation is not valid: domain does not have managed save image",
                    none.getMessage());
            d = d.create();
            markAndCheck(d, "43");
            long t0 = System.nanoTime();
            d.managedSave(0);
            long saved = System.nanoTime();
            LiveGuests.awaitEvent(events, DomainStates.EVENT_STOPPED, DomainStates.STOPPED_SAVED);
            assertTrue(d.hasManagedSaveImage(0));
            assertTrue(Files.exists(root.resolve("var/lib/jvirt/qemu/save/jv-msave.save")),
                    "image in the driver's save dir");
            assertState(d, DomainStates.SHUTOFF, DomainStates.SHUTOFF_SAVED);
            assertTrue(d.managedSaveGetXMLDesc(0).contains("<name>jv-msave</name>"));

            long r0 = System.nanoTime();
            d = d.create();
            long restored = System.nanoTime();
            LiveGuests.awaitEvent(events, DomainStates.EVENT_STARTED, DomainStates.STARTED_RESTORED);
            assertState(d, DomainStates.RUNNING, DomainStates.RUNNING_RESTORED);
            assertFalse(d.hasManagedSaveImage(0), "the image is consumed");
            assertFalse(Files.exists(root.resolve("var/lib/jvirt/qemu/save/jv-msave.save")));
            checkMark(d, "43");
            System.out.printf("QemuSaveRestoreLiveTest: managed save %d ms, create-from-image %d ms%n",
                    (saved - t0) / 1_000_000, (restored - r0) / 1_000_000);

            d.managedSave(0);
            d.managedSaveRemove(0);
            assertFalse(d.hasManagedSaveImage(0));
            assertState(d, DomainStates.SHUTOFF, DomainStates.SHUTOFF_UNKNOWN);
            // a corrupt image is dropped and the guest boots afresh, as libvirt does
            Path image = root.resolve("var/lib/jvirt/qemu/save/jv-msave.save");
            Files.writeString(image, "not a libvirt save image at all, just some text");
            d = d.create();
            LiveGuests.awaitEvent(events, DomainStates.EVENT_STARTED, DomainStates.STARTED_BOOTED);
            assertState(d, DomainStates.RUNNING, DomainStates.RUNNING_BOOTED);
            assertFalse(Files.exists(image), "the corrupt image is removed");
            d.destroy();
            d.undefine();
        } finally {
            LiveGuests.destroyAll(p);
        }
    }
}
