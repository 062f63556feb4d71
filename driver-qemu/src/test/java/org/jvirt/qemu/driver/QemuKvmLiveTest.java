package org.jvirt.qemu.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvirt.api.Connect;
import org.jvirt.api.Domain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/**
 * KVM ({@code <domain type='kvm'>}) with a firmware-only guest, which is what a host whose /dev/kvm cannot boot a
 * stock kernel can show (TEST-GUEST.md): with /dev/kvm the guest starts under KVM (QEMU's query-kvm says enabled),
 * pauses, resumes and stops; without it, the domain type is refused at define as libvirt refuses a type the host's
 * capabilities lack. Either way the test checks something real about KVM here.
 */
class QemuKvmLiveTest {
    private static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");
    private static final Path KVM = Path.of("/dev/kvm");
    private static final String FIRMWARE_ONLY = """
            <domain type='kvm'>
              <name>jv-kvm</name>
              <memory unit='MiB'>48</memory>
              <vcpu>1</vcpu>
              <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os>
              <devices><memballoon model='none'/></devices>
            </domain>""";

    @TempDir
    Path root;

    @Test
    void firmwareOnlyGuestUnderKvmOrTheTypeRefused() {
        assumeTrue(Files.isExecutable(QEMU), "unavailable: qemu-system-x86_64 not installed");
        QemuDriverProvider p = LiveGuests.provider(root);
        try (Connect c = LiveGuests.open(p)) {
            boolean kvm = Files.isReadable(KVM) && Files.isWritable(KVM)
                    && c.getCapabilities().contains("<domain type='kvm'");
            if (!kvm) {
                // no usable /dev/kvm: no kvm <domain> in the capabilities, and a kvm guest is refused at define
                assertTrue(!c.getCapabilities().contains("<domain type='kvm'"), "capabilities offer kvm without it");
                VirException e = assertThrows(VirException.class, () -> c.domainDefineXML(FIRMWARE_ONLY));
                // libvirt's virQEMUCapsCacheLookupDefault text and code
                assertEquals(ErrorNumber.CONFIG_UNSUPPORTED, e.code());
                assertEquals("unsupported configuration: Emulator '" + QEMU + "' does not support virt type 'kvm'",
                        e.getMessage());
                return;
            }
            Domain d = c.domainDefineXML(FIRMWARE_ONLY).create();
            assertEquals(1, d.getInfo().state(), "running");
            String q = d.qemuMonitorCommand("{\"execute\":\"query-kvm\"}", 0);
            assertTrue(q.replace(" ", "").contains("\"enabled\":true"), q);
            d.suspend();
            assertEquals(3, d.getInfo().state(), "paused");
            d.resume();
            assertEquals(1, d.getInfo().state(), "running again");
            d.destroy();
            assertEquals(5, d.getInfo().state(), "shut off");
            d.undefine();
        } finally {
            LiveGuests.destroyAll(p);
        }
    }
}
