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
import java.util.concurrent.TimeUnit;
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
 * The QEMU driver end to end with real guests through the public Java API: define, start (the tiny test guest boots
 * to its banner on the serial pty the live XML names), suspend/resume, ACPI shutdown, destroy, crash detection, and a
 * driver restart that reconnects to a running guest. TCG ({@code type='qemu'}): /dev/kvm here cannot boot a stock
 * kernel (see TEST-GUEST.md).
 */
class QemuDriverLiveTest {
    private static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");

    @TempDir
    Path root;

    static DomainEvent.Lifecycle next(LinkedBlockingQueue<DomainEvent> q) throws InterruptedException {
        DomainEvent e = q.poll(30, TimeUnit.SECONDS);
        assertTrue(e != null, "an event within 30 s");
        return (DomainEvent.Lifecycle) e;
    }

    /** A start reports libvirt's pair: the first `cont` ("Resumed Unpaused"), then "Started Booted". */
    static void assertStarted(LinkedBlockingQueue<DomainEvent> q) throws InterruptedException {
        assertEvent(q, DomainStates.EVENT_RESUMED, DomainStates.RESUMED_UNPAUSED);
        assertEvent(q, DomainStates.EVENT_STARTED, DomainStates.STARTED_BOOTED);
    }

    static void assertEvent(LinkedBlockingQueue<DomainEvent> q, int event, int detail) throws InterruptedException {
        DomainEvent.Lifecycle e = next(q);
        assertEquals(List.of(event, detail), List.of(e.event(), e.detail()), "lifecycle event " + e);
    }

    static void awaitState(Domain d, int state, int reason) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            var s = d.getState(0);
            if (s.state() == state && s.reason() == reason) {
                return;
            }
            Thread.sleep(20);
        }
        assertEquals(List.of(state, reason), List.of(d.getState(0).state(), d.getState(0).reason()));
    }

    @Test
    void lifecycleOfARealGuest() throws Exception {
        assumeTrue(Files.isExecutable(QEMU), "unavailable: qemu-system-x86_64 not installed");
        TestGuestBuilder.TestGuest g = TestGuestBuilder.assumeGuest();
        QemuDriverProvider p = LiveGuests.provider(root);
        try (Connect c = LiveGuests.open(p)) {
            LinkedBlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();
            c.domainEventRegisterAny(null, DomainEvent.ID_LIFECYCLE, events::add);
            Domain d = c.domainDefineXML(LiveGuests.guestXml("jv-life", g));
            assertEvent(events, DomainStates.EVENT_DEFINED, DomainStates.DEFINED_ADDED);
            assertTrue(Files.exists(root.resolve("etc/jvirt/qemu/jv-life.xml")), "persistent config written");
            assertTrue(d.getXMLDesc(0).contains("machine='pc-i440fx-"), "machine made canonical: "
                    + d.getXMLDesc(0));

            long t0 = System.nanoTime();
            d = d.create();
            long started = System.nanoTime();
            assertStarted(events);
            assertEquals(List.of(DomainStates.RUNNING, DomainStates.RUNNING_BOOTED),
                    List.of(d.getState(0).state(), d.getState(0).reason()));
            assertTrue(d.getID() > 0);
            assertTrue(Files.exists(root.resolve("run/jvirt/qemu/jv-life.xml")), "status file written");
            Domain running = d;
            VirException again = assertThrows(VirException.class, running::create);
            assertEquals(ErrorNumber.OPERATION_INVALID, again.code());
            assertEquals("Requested operation is not valid: domain is already running", again.getMessage());
            try (GuestConsole con = GuestConsole.openPty(LiveGuests.pty(d))) {
                con.awaitLine("GUEST READY", Duration.ofSeconds(60));
                long ready = System.nanoTime();
                System.out.printf("QemuDriverLiveTest: create() %d ms, to GUEST READY %d ms%n",
                        (started - t0) / 1_000_000, (ready - t0) / 1_000_000);

                d.suspend();
                assertEvent(events, DomainStates.EVENT_SUSPENDED, DomainStates.SUSPENDED_PAUSED);
                assertEquals(List.of(DomainStates.PAUSED, DomainStates.PAUSED_USER),
                        List.of(d.getState(0).state(), d.getState(0).reason()));
                d.resume();
                assertEvent(events, DomainStates.EVENT_RESUMED, DomainStates.RESUMED_UNPAUSED);
                con.send("echo GUEST ECHO $((6*7))");
                con.awaitLine("GUEST ECHO 42", Duration.ofSeconds(20));

            }
            // The guest's own "GUEST POWEROFF" line may die with the pty when QEMU exits; the events below show
            // that the guest itself shut down (SHUTDOWN with detail "guest").
            d.shutdown();
            assertEvent(events, DomainStates.EVENT_SHUTDOWN, DomainStates.SHUTDOWN_GUEST);
            assertEvent(events, DomainStates.EVENT_STOPPED, DomainStates.STOPPED_SHUTDOWN);
            awaitState(d, DomainStates.SHUTOFF, DomainStates.SHUTOFF_SHUTDOWN);
            assertFalse(Files.exists(root.resolve("run/jvirt/qemu/jv-life.xml")), "status file removed");

            d = d.create();
            assertStarted(events);
            long d0 = System.nanoTime();
            d.destroy();
            System.out.printf("QemuDriverLiveTest: destroy() %d ms%n", (System.nanoTime() - d0) / 1_000_000);
            assertEvent(events, DomainStates.EVENT_STOPPED, DomainStates.STOPPED_DESTROYED);
            assertEquals(List.of(DomainStates.SHUTOFF, DomainStates.SHUTOFF_DESTROYED),
                    List.of(d.getState(0).state(), d.getState(0).reason()));
            VirException notRunning = assertThrows(VirException.class, () -> c.domainLookupByName("jv-life").suspend());
            assertEquals("Requested operation is not valid: domain is not running", notRunning.getMessage());
            String log = Files.readString(root.resolve("var/log/jvirt/qemu/jv-life.log"));
            assertTrue(log.contains("starting up jvirt") && log.contains("-name guest=jv-life"), log);
            d.undefine();
            assertFalse(Files.exists(root.resolve("etc/jvirt/qemu/jv-life.xml")));
        } finally {
            LiveGuests.destroyAll(p);
        }
    }

    @Test
    void crashIsDetectedAndTransientGuestsVanish() throws Exception {
        assumeTrue(Files.isExecutable(QEMU), "unavailable: qemu-system-x86_64 not installed");
        TestGuestBuilder.TestGuest g = TestGuestBuilder.assumeGuest();
        QemuDriverProvider p = LiveGuests.provider(root);
        try (Connect c = LiveGuests.open(p)) {
            LinkedBlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();
            c.domainEventRegisterAny(null, DomainEvent.ID_LIFECYCLE, events::add);
            Domain d = c.domainDefineXML(LiveGuests.guestXml("jv-crash", g));
            assertEvent(events, DomainStates.EVENT_DEFINED, DomainStates.DEFINED_ADDED);
            d = d.create();
            assertStarted(events);
            long pid = Long.parseLong(Files.readString(root.resolve("run/jvirt/qemu/jv-crash.pid")).strip());
            new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
            assertEvent(events, DomainStates.EVENT_STOPPED, DomainStates.STOPPED_FAILED);
            awaitState(d, DomainStates.SHUTOFF, DomainStates.SHUTOFF_CRASHED);

            Domain t = c.domainCreateXML(LiveGuests.guestXml("jv-transient", g), 0);
            assertStarted(events);
            assertFalse(t.isPersistent());
            t.destroy();
            assertEvent(events, DomainStates.EVENT_STOPPED, DomainStates.STOPPED_DESTROYED);
            VirException gone = assertThrows(VirException.class, () -> c.domainLookupByName("jv-transient"));
            assertEquals(ErrorNumber.NO_DOMAIN, gone.code());
            d.undefine();
        } finally {
            LiveGuests.destroyAll(p);
        }
    }

    @Test
    void restartedDriverReconnectsToRunningGuests() throws Exception {
        assumeTrue(Files.isExecutable(QEMU), "unavailable: qemu-system-x86_64 not installed");
        TestGuestBuilder.TestGuest g = TestGuestBuilder.assumeGuest();
        QemuDriverProvider first = LiveGuests.provider(root);
        int id;
        Path pty;
        try (Connect c = LiveGuests.open(first)) {
            Domain d = c.domainDefineXML(LiveGuests.guestXml("jv-restart", g));
            d = d.create();
            id = d.getID();
            pty = LiveGuests.pty(d);
            try (GuestConsole con = GuestConsole.openPty(pty)) {
                con.awaitLine("GUEST READY", Duration.ofSeconds(60));
            }
        } catch (Throwable t) {
            LiveGuests.destroyAll(first);
            throw t;
        } finally {
            first.stateCleanup();
        }
        QemuDriverProvider second = LiveGuests.provider(root);
        try (Connect c = LiveGuests.open(second)) {
            Domain d = c.domainLookupByName("jv-restart");
            assertTrue(d.isActive(), "still running after the driver went away");
            assertEquals(id, d.getID());
            assertEquals(DomainStates.RUNNING, d.getState(0).state());
            assertEquals(pty, LiveGuests.pty(d));
            LinkedBlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();
            c.domainEventRegisterAny(d, DomainEvent.ID_LIFECYCLE, events::add);
            d.suspend();
            assertEvent(events, DomainStates.EVENT_SUSPENDED, DomainStates.SUSPENDED_PAUSED);
            d.resume();
            assertEvent(events, DomainStates.EVENT_RESUMED, DomainStates.RESUMED_UNPAUSED);
            try (GuestConsole con = GuestConsole.openPty(pty)) {
                con.send("echo GUEST ECHO $((7*6))");
                con.awaitLine("GUEST ECHO 42", Duration.ofSeconds(20));
            }
            Domain other = c.domainDefineXML(LiveGuests.guestXml("jv-restart2", g));
            other = other.create();
            assertTrue(other.getID() > id, "ids are not reused after a restart");
            other.destroy();
            other.undefine();
            d.destroy();
            assertEvent(events, DomainStates.EVENT_STOPPED, DomainStates.STOPPED_DESTROYED);
            d.undefine();
        } finally {
            LiveGuests.destroyAll(second);
        }
    }
}
