package org.jvirt.qemu.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;

import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.domain.DeviceKind;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDevice;
import org.jvirt.model.domain.XmlElem;
import org.junit.jupiter.api.Test;

/** Corpus-independent checks of the PCI address assignment. */
class QemuDomainAddressesTest {

    private static final QemuBuildContext CTX = new QemuBuildContext("/usr/bin/qemu-system-x86_64", -1, "/tmp/lib",
            "/tmp/log", Set.of(), QemuConf.defaults());

    private static String addr(DomainDevice d) {
        QemuDomainAddresses.PciAddr a = QemuDomainAddresses.pciAddress(d.xml());
        return a == null ? null : a.bus() + ":" + a.qemuAddr() + (a.multi() == null ? "" : " multi=" + a.multi());
    }

    private static DomainDevice controller(DomainDef def, String type, String index) {
        return def.devices(DeviceKind.CONTROLLER).stream()
                .filter(d -> type.equals(d.xml().attr("type")) && index.equals(d.xml().attr("index")))
                .findFirst().orElseThrow();
    }

    @Test
    void i440fxUsesPiix3SlotsThenFirstFree() {
        DomainDef def = QemuDomainAddresses.assign(QemuCommandBuilderTest.parse("""
                <video><model type='cirrus'/></video>
                <interface type='user'><mac address='52:54:00:00:00:01'/><model type='e1000'/></interface>
                <disk type='file' device='disk'><source file='/a'/><target dev='vda' bus='virtio'/></disk>""",
                "", "pc"), CTX);
        assertEquals("0:0x1.0x2", addr(controller(def, "usb", "0")));
        assertEquals("0:0x2", addr(def.devices(DeviceKind.VIDEO).get(0)));
        assertEquals("0:0x3", addr(def.devices(DeviceKind.INTERFACE).get(0)));
        assertEquals("0:0x4", addr(def.devices(DeviceKind.DISK).get(0)));
        assertEquals("0:0x5", addr(def.devices(DeviceKind.MEMBALLOON).get(0)));
        assertNull(addr(controller(def, "pci", "0")));
    }

    @Test
    void q35AddsRootPortsAndABridgeForConventionalPci() {
        DomainDef def = QemuDomainAddresses.assign(QemuCommandBuilderTest.parse("""
                <interface type='user'><mac address='52:54:00:00:00:01'/><model type='rtl8139'/></interface>
                <controller type='usb' index='0' model='none'/><memballoon model='none'/>""", "", "q35"), CTX);
        // rtl8139 needs conventional PCI: a root port, a pcie-to-pci bridge behind it; then one spare port
        XmlElem port1 = controller(def, "pci", "1").xml();
        assertEquals("pcie-root-port", port1.attr("model"));
        assertEquals("0:0x1 multi=true", addr(controller(def, "pci", "1")), def.devices().toString());
        assertEquals("1", port1.child("target").attr("chassis"));
        assertEquals("0x8", port1.child("target").attr("port"));
        assertEquals("pcie-to-pci-bridge", controller(def, "pci", "2").xml().attr("model"));
        assertEquals("1:0x0", addr(controller(def, "pci", "2")));
        assertEquals("pcie-root-port", controller(def, "pci", "3").xml().attr("model"));
        assertEquals("0:0x1.0x1", addr(controller(def, "pci", "3")));
        assertEquals("2:0x1", addr(def.devices(DeviceKind.INTERFACE).get(0)));
        assertEquals("0:0x1f.0x2", addr(controller(def, "sata", "0")));
        assertEquals(4, def.devices(DeviceKind.CONTROLLER).stream()
                .filter(d -> "pci".equals(d.xml().attr("type"))).count());
    }

    @Test
    void assignmentIsIdempotent() {
        DomainDef once = QemuDomainAddresses.assign(QemuCommandBuilderTest.parse("""
                <disk type='file' device='disk'><source file='/a'/><target dev='vda' bus='virtio'/></disk>""",
                "", "q35"), CTX);
        assertEquals(once.devices(), QemuDomainAddresses.assign(once, CTX).devices());
    }

    @Test
    void clashingAddressesAreRefused() {
        DomainDef def = QemuCommandBuilderTest.parse("""
                <disk type='file' device='disk'><source file='/a'/><target dev='vda' bus='virtio'/>
                  <address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x0'/></disk>
                <disk type='file' device='disk'><source file='/b'/><target dev='vdb' bus='virtio'/>
                  <address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x0'/></disk>""", "", "pc");
        VirException e = assertThrows(VirException.class, () -> QemuDomainAddresses.assign(def, CTX));
        assertEquals(ErrorNumber.CONFIG_UNSUPPORTED, e.code());
    }
}
