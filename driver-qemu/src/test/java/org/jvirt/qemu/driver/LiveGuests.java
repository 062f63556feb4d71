package org.jvirt.qemu.driver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jvirt.api.Connect;
import org.jvirt.api.Domain;
import org.jvirt.api.event.DomainEvent;
import org.jvirt.core.VirException;
import org.jvirt.host.ProcessCommandRunner;
import org.jvirt.qemu.guest.TestGuestBuilder;

/** Helpers shared by the real-guest tests of this package. */
final class LiveGuests {
    private LiveGuests() {}

    /** The tiny test guest under TCG: 96 MiB, direct kernel boot, serial pty console, ACPI, no balloon. */
    static String guestXml(String name, TestGuestBuilder.TestGuest g) {
        return """
                <domain type='qemu'>
                  <name>%s</name>
                  <memory unit='MiB'>96</memory>
                  <vcpu>1</vcpu>
                  <os>
                    <type arch='x86_64' machine='pc'>hvm</type>
                    <kernel>%s</kernel>
                    <initrd>%s</initrd>
                    <cmdline>console=ttyS0 panic=-1</cmdline>
                  </os>
                  <features><acpi/></features>
                  <devices>
                    <serial type='pty'><target port='0'/></serial>
                    <console type='pty'><target type='serial' port='0'/></console>
                    <memballoon model='none'/>
                  </devices>
                </domain>
                """.formatted(name, g.kernel(), g.initrd());
    }

    /** A driver whose state lives under {@code root} (a test's temporary directory). */
    static QemuDriverProvider provider(Path root) {
        return QemuDriverProvider.started(QemuDriverConfig.system(root).withLaunch(List.of(),
                new ProcessCommandRunner()));
    }

    static Connect open(QemuDriverProvider p) {
        return Connect.openAuth("qemu:///system", null, 0, List.of(p));
    }

    /** Never leave a guest behind, whatever failed; then the driver stops (guests would outlive it). */
    static void destroyAll(QemuDriverProvider p) {
        try (Connect c = open(p)) {
            for (Domain d : c.listAllDomains(1)) {
                try {
                    d.destroy();
                } catch (VirException e) {
                    // already gone
                }
            }
        } catch (RuntimeException e) {
            // the driver is broken; the status files still name the pids
        } finally {
            p.stateCleanup();
        }
    }

    /** Waits for one lifecycle event, skipping others (e.g. the SUSPENDED of the pause before a save). */
    static void awaitEvent(LinkedBlockingQueue<DomainEvent> q, int event, int detail) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            DomainEvent e = q.poll(1, TimeUnit.SECONDS);
            if (e instanceof DomainEvent.Lifecycle l && l.event() == event && l.detail() == detail) {
                return;
            }
        }
        throw new AssertionError("no lifecycle event " + event + "/" + detail);
    }

    /** The host pty of the running domain's first serial port, as its live XML names it. */
    static Path pty(Domain d) {
        String xml = d.getXMLDesc(0);
        Matcher m = Pattern.compile("<serial type='pty'>\\s*<source path='([^']+)'").matcher(xml);
        assertTrue(m.find(), "live XML names the serial pty: " + xml);
        return Path.of(m.group(1));
    }
}
