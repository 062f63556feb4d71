package org.jvirt.qemu.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jvirt.api.Connect;
import org.jvirt.api.Domain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.qemu.guest.GuestConsole;
import org.jvirt.qemu.guest.TestGuestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live device operations on a real guest: a virtio disk hot-plugged and unplugged (the guest's uevent lines on the
 * serial console prove it saw both), a persistent attach, and the QMP/HMP monitor pass-through.
 */
class QemuHotplugLiveTest {
    private static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");

    @TempDir
    Path root;

    /** The test guest with one boot-time virtio disk (vda), so a hot-plugged one is vdb inside the guest too. */
    static String xml(String name, TestGuestBuilder.TestGuest g, Path vda) {
        return LiveGuests.guestXml(name, g).replace("<serial type='pty'>",
                "<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='" + vda
                        + "'/><target dev='vda' bus='virtio'/></disk>\n    <serial type='pty'>");
    }

    static String diskXml(Path file, String dev) {
        return "<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='" + file
                + "'/><target dev='" + dev + "' bus='virtio'/></disk>";
    }

    static Path image(Path dir, String name) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, new byte[1 << 20]);
        return f;
    }

    @Test
    void hotplugDiskAndMonitorCommands() throws Exception {
        assumeTrue(Files.isExecutable(QEMU), "unavailable: qemu-system-x86_64 not installed");
        TestGuestBuilder.TestGuest g = TestGuestBuilder.assumeGuest();
        QemuDriverProvider p = LiveGuests.provider(root);
        try (Connect c = LiveGuests.open(p)) {
            String cdrom = "<disk type='file' device='cdrom'><source file='" + image(root, "old.iso")
                    + "'/><target dev='hdc' bus='ide'/><readonly/>"
                    + "<address type='drive' controller='0' bus='1' target='0' unit='0'/></disk>";
            Domain d = c.domainDefineXML(xml("jv-hot", g, image(root, "vda.img")).replace("<serial type='pty'>",
                    cdrom + "<serial type='pty'>")).create();
            String live = d.getXMLDesc(0);
            assertTrue(live.contains("<alias name='virtio-disk0'/>"), live);
            assertTrue(live.contains("<alias name='serial0'/>"), live);
            try (GuestConsole con = GuestConsole.openPty(LiveGuests.pty(d))) {
                con.awaitLine("GUEST READY", Duration.ofSeconds(90));

                String status = d.qemuMonitorCommand("{\"execute\":\"query-status\"}", 0);
                assertTrue(status.startsWith("{\"return\":{") && status.contains("\"status\":\"running\""), status);
                String hmp = d.qemuMonitorCommand("info status", QemuGuest.MONITOR_COMMAND_HMP);
                assertTrue(hmp.contains("VM status: running"), hmp);
                String bad = d.qemuMonitorCommand("{\"execute\":\"no-such-command\"}", 0);
                assertTrue(bad.contains("\"error\":{\"class\":\"CommandNotFound\""), bad);

                Path vdb = image(root, "vdb.img");
                d.attachDeviceFlags(diskXml(vdb, "vdb"), QemuDevices.AFFECT_LIVE);
                con.awaitLine("GUEST HOTPLUG add block vdb", Duration.ofSeconds(60));
                live = d.getXMLDesc(0);
                assertTrue(live.contains("<alias name='virtio-disk1'/>"), live);
                assertFalse(d.getXMLDesc(2).contains("vdb.img"), "live-only attach leaves the config alone");

                VirException dup = assertThrows(VirException.class,
                        () -> d.attachDeviceFlags(diskXml(vdb, "vdb"), QemuDevices.AFFECT_LIVE));
                assertEquals(ErrorNumber.OPERATION_FAILED, dup.code());
                assertTrue(dup.getMessage().endsWith("target vdb already exists"), dup.getMessage());

                con.send("dd if=/dev/vdb of=/dev/null bs=4096 && echo GUEST DD DONE");
                con.awaitLine("GUEST DD DONE", Duration.ofSeconds(30));

                d.detachDeviceFlags(diskXml(vdb, "vdb"), QemuDevices.AFFECT_LIVE);
                con.awaitLine("GUEST HOTPLUG remove block vdb", Duration.ofSeconds(60));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (d.getXMLDesc(0).contains("vdb.img") && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertFalse(d.getXMLDesc(0).contains("vdb.img"), "unplugged disk left the live XML");
                String nodes = d.qemuMonitorCommand("{\"execute\":\"query-named-block-nodes\"}", 0);
                assertFalse(nodes.contains("vdb.img"), "blockdev nodes deleted: " + nodes);

                VirException missing = assertThrows(VirException.class,
                        () -> d.detachDeviceFlags(diskXml(vdb, "vdb"), QemuDevices.AFFECT_LIVE));
                assertEquals(ErrorNumber.DEVICE_MISSING, missing.code());
                assertTrue(missing.getMessage().endsWith("disk vdb not found"), missing.getMessage());

                String nic = "<interface type='user'><mac address='52:54:00:aa:bb:cc'/><model type='virtio'/>"
                        + "</interface>";
                d.attachDeviceFlags(nic, QemuDevices.AFFECT_LIVE);
                con.awaitPrefix("GUEST HOTPLUG add net eth0", Duration.ofSeconds(60));
                assertTrue(d.getXMLDesc(0).contains("<alias name='net0'/>"), d.getXMLDesc(0));
                d.detachDeviceAlias("net0", QemuDevices.AFFECT_LIVE);
                con.awaitPrefix("GUEST HOTPLUG remove net eth0", Duration.ofSeconds(60));
                VirException noNic = assertThrows(VirException.class,
                        () -> d.detachDeviceFlags(nic, QemuDevices.AFFECT_LIVE));
                assertEquals(ErrorNumber.DEVICE_MISSING, noNic.code());

                // controllers: only SCSI ones hot-plug, as in libvirt; index and model are filled in
                VirException usb = assertThrows(VirException.class, () -> d.attachDeviceFlags(
                        "<controller type='usb' model='qemu-xhci'/>", QemuDevices.AFFECT_LIVE));
                assertEquals(ErrorNumber.OPERATION_UNSUPPORTED, usb.code());
                assertTrue(usb.getMessage().endsWith("'usb' controller cannot be hot plugged."), usb.getMessage());
                assertFalse(d.getXMLDesc(0).contains("<controller type='scsi'"), d.getXMLDesc(0));
                d.attachDeviceFlags("<controller type='scsi' model='virtio-scsi'/>", QemuDevices.AFFECT_LIVE);
                assertTrue(d.getXMLDesc(0).contains("<controller type='scsi' index='0' model='virtio-scsi'>"),
                        d.getXMLDesc(0));
                assertTrue(d.qemuMonitorCommand("{\"execute\":\"query-pci\"}", 0).contains("\"scsi0\""),
                        "QEMU has the controller on its PCI bus");
                VirException twice = assertThrows(VirException.class, () -> d.attachDeviceFlags(
                        "<controller type='scsi' index='0' model='virtio-scsi'/>", QemuDevices.AFFECT_LIVE));
                assertEquals("operation failed: target scsi:0 already exists", twice.getMessage());
                d.detachDeviceFlags("<controller type='scsi' index='0'/>", QemuDevices.AFFECT_LIVE);
                long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (d.getXMLDesc(0).contains("<controller type='scsi'") && System.nanoTime() < until) {
                    Thread.sleep(100);
                }
                assertFalse(d.getXMLDesc(0).contains("<controller type='scsi'"), "unplugged: " + d.getXMLDesc(0));

                Path iso = image(root, "new.iso");
                d.updateDeviceFlags("<disk type='file' device='cdrom'><source file='" + iso
                        + "'/><target dev='hdc' bus='ide'/><readonly/></disk>", QemuDevices.AFFECT_LIVE);
                String block = d.qemuMonitorCommand("{\"execute\":\"query-block\"}", 0);
                assertTrue(block.contains(iso.toString()), block);
                assertTrue(d.getXMLDesc(0).contains(iso.toString()), d.getXMLDesc(0));
                d.updateDeviceFlags("<disk type='file' device='cdrom'><target dev='hdc' bus='ide'/><readonly/>"
                        + "</disk>", QemuDevices.AFFECT_LIVE);
                assertFalse(d.getXMLDesc(0).contains(iso.toString()), "ejected: " + d.getXMLDesc(0));

                Path vdc = image(root, "vdc.img");
                d.attachDeviceFlags(diskXml(vdc, "vdc"), QemuDevices.AFFECT_CONFIG);
                assertTrue(Files.readString(root.resolve("etc/jvirt/qemu/jv-hot.xml")).contains(vdc.toString()),
                        "config attach rewrites the persistent XML");
                assertTrue(d.getXMLDesc(2).contains("vdc.img"), "inactive XML shows the config attach");
                assertFalse(d.getXMLDesc(0).contains("vdc.img"), "config-only attach leaves the live guest alone");
                VirException dupConfig = assertThrows(VirException.class,
                        () -> d.attachDeviceFlags(diskXml(vdc, "vdc"), QemuDevices.AFFECT_CONFIG));
                assertEquals("Requested operation is not valid: target vdc already exists", dupConfig.getMessage());
                d.detachDeviceFlags(diskXml(vdc, "vdc"), QemuDevices.AFFECT_CONFIG);
                assertFalse(d.getXMLDesc(2).contains("vdc.img"), "config detach");
                VirException noConfig = assertThrows(VirException.class,
                        () -> d.detachDeviceFlags(diskXml(vdc, "vdc"), QemuDevices.AFFECT_CONFIG));
                assertEquals(ErrorNumber.DEVICE_MISSING, noConfig.code());
                assertTrue(noConfig.getMessage().endsWith("no target device vdc"), noConfig.getMessage());
            }
        } finally {
            LiveGuests.destroyAll(p);
        }
    }

}
