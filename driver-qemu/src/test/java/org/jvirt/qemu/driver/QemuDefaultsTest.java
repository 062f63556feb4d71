package org.jvirt.qemu.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDefFormatter;
import org.jvirt.model.domain.DomainDefParser;
import org.jvirt.model.domain.ParseOptions;
import org.jvirt.qemu.caps.QemuCaps;
import org.jvirt.qemu.caps.QmpSchema;
import org.junit.jupiter.api.Test;

class QemuDefaultsTest {
    private static final QemuCaps.AccelCaps ACCEL = new QemuCaps.AccelCaps(List.of(
            new QemuCaps.Machine("pc-i440fx-7.2", "pc", true, 255, true, false, "qemu64-x86_64-cpu", false, "pc.ram"),
            new QemuCaps.Machine("pc-q35-7.2", "q35", false, 288, true, false, "qemu64-x86_64-cpu", false,
                    "pc.ram")),
            List.of(new QemuCaps.CpuModel("qemu64", "qemu64-x86_64-cpu", List.of(), false, true, true)), null);
    private static final QemuCaps CAPS = new QemuCaps(Path.of("/usr/bin/qemu-system-x86_64"), 7_002_000, "",
            "x86_64", true, ACCEL, ACCEL, Set.of("qemu-xhci", "piix3-usb-uhci", "lsi53c895a"), Map.of(), List.of(),
            List.of(), Set.of(), new QmpSchema(null), false, false);

    private static String define(String devices, String machine, String extra) {
        String xml = "<domain type='qemu'><name>d</name><uuid>1ccfd97d-5eb4-478a-bbe6-88d254c16db7</uuid>"
                + "<memory>1048576</memory><vcpu>4</vcpu><os><type arch='x86_64' machine='" + machine
                + "'>hvm</type></os>" + extra + "<devices>" + devices + "</devices></domain>";
        DomainDef def = new DomainDefParser().parse(xml, new ParseOptions("x86_64", Set.of("qemu", "kvm"), true,
                false, new SecureRandom()));
        return DomainDefFormatter.format(QemuDefaults.apply(def, CAPS), DomainDefFormatter.INACTIVE, -1);
    }

    @Test
    void pcGuestGetsLibvirtsDefaultDevicesAndCpu() {
        String xml = define("<serial type='pty'/><channel type='unix'><target type='virtio' name='a.b'/></channel>",
                "pc-i440fx-7.2", "");
        assertTrue(xml.contains("<cpu mode='custom' match='exact' check='none'>\n"
                + "    <model fallback='forbid'>qemu64</model>\n  </cpu>"), xml);
        assertTrue(xml.contains("<controller type='usb' index='0' model='piix3-uhci'/>\n"
                + "    <controller type='pci' index='0' model='pci-root'/>\n"
                + "    <controller type='virtio-serial' index='0'/>"), xml);
        assertTrue(xml.contains("<target type='isa-serial' port='0'>\n        <model name='isa-serial'/>"), xml);
        assertTrue(xml.contains("<address type='virtio-serial' controller='0' bus='0' port='1'/>"), xml);
        assertTrue(xml.contains("<input type='mouse' bus='ps2'/>\n    <input type='keyboard' bus='ps2'/>\n"
                + "    <audio id='1' type='none'/>\n    <memballoon model='virtio'/>"), xml);
    }

    @Test
    void q35GetsXhciSataAndPcieRoot() {
        String xml = define("", "pc-q35-7.2", "");
        assertTrue(xml.contains("<controller type='usb' index='0' model='qemu-xhci'/>\n"
                + "    <controller type='sata' index='0'/>\n"
                + "    <controller type='pci' index='0' model='pcie-root'/>"), xml);
    }

    @Test
    void explicitChoicesAreKept() {
        String xml = define("<controller type='scsi' index='0'/><graphics type='spice'/>"
                + "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/a'/>"
                + "<target dev='sda' bus='scsi'/></disk>", "pc-i440fx-7.2",
                "<cpu mode='host-passthrough'/><features><ps2 state='off'/></features>");
        assertTrue(xml.contains("<cpu mode='host-passthrough' check='none' migratable='on'/>"), xml);
        assertTrue(xml.contains("<controller type='scsi' index='0' model='lsilogic'/>"), xml);
        assertTrue(xml.contains("<driver name='qemu' type='qcow2'/>"), xml);
        assertTrue(xml.contains("<audio id='1' type='spice'/>"), xml);
        assertFalse(xml.contains("bus='ps2'"), xml);
    }

    @Test
    void numaCellZeroTakesTheUnclaimedVcpus() {
        String xml = define("", "pc-i440fx-7.2", "<cpu><numa><cell id='0' cpus='0' memory='524288'/>"
                + "<cell id='1' cpus='2' memory='524288'/></numa></cpu>");
        assertTrue(xml.contains("<cell id='0' cpus='0-1,3' memory='524288' unit='KiB'/>"), xml);
        assertEquals(1, xml.split("<model fallback='forbid'>qemu64</model>", -1).length - 1, xml);
    }
}
