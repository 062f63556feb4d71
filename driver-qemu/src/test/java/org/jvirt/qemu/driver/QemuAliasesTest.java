package org.jvirt.qemu.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Random;
import java.util.Set;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDefParser;
import org.jvirt.model.domain.DomainDevice;
import org.jvirt.model.domain.ParseOptions;
import org.junit.jupiter.api.Test;

/** The aliases a running domain's devices get: libvirt's names, equal to the ids on the QEMU command line. */
class QemuAliasesTest {
    private static DomainDef parse(String devices, String machine) {
        String xml = """
                <domain type='qemu'><name>a</name><uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid>
                <memory>65536</memory><os><type arch='x86_64' machine='%s'>hvm</type></os>
                <devices>%s</devices></domain>""".formatted(machine, devices);
        return new DomainDefParser().parse(xml, new ParseOptions("x86_64", Set.of("qemu"), false, false,
                new Random(1)));
    }

    private static List<String> aliases(DomainDef d) {
        return d.devices().stream().map(DomainDevice::alias).map(String::valueOf).toList();
    }

    @Test
    void namesEveryKindAsTheCommandBuilderDoes() {
        DomainDef live = QemuAliases.assign(parse("""
                <disk type='file' device='disk'><source file='/a'/><target dev='vdb' bus='virtio'/></disk>
                <disk type='file' device='cdrom'><source file='/c'/><target dev='hdc' bus='ide'/>
                  <address type='drive' controller='0' bus='1' target='0' unit='0'/></disk>
                <disk type='file' device='disk'><source file='/s'/><target dev='sda' bus='scsi'/>
                  <address type='drive' controller='0' bus='0' target='0' unit='2'/></disk>
                <controller type='usb' index='0'/>
                <controller type='pci' index='0' model='pci-root'/>
                <controller type='ide' index='0'/>
                <controller type='virtio-serial' index='0'/>
                <controller type='scsi' index='0' model='virtio-scsi'/>
                <interface type='user'><mac address='52:54:00:00:00:01'/></interface>
                <interface type='user'><mac address='52:54:00:00:00:02'/><alias name='ua-mine'/></interface>
                <serial type='pty'><target port='0'/></serial>
                <console type='pty'><target type='serial' port='0'/></console>
                <input type='mouse' bus='ps2'/>
                <video><model type='cirrus'/></video>
                <memballoon model='virtio'/>
                """, "pc"));
        assertEquals(List.of("virtio-disk1", "ide0-1-0", "scsi0-0-0-2", "usb", "pci.0", "ide", "virtio-serial0",
                "scsi0", "net0", "ua-mine", "serial0", "serial0", "input0", "video0", "balloon0"), aliases(live));
    }

    @Test
    void q35BusesAndNoBalloonAlias() {
        DomainDef live = QemuAliases.assign(parse("""
                <controller type='sata' index='0'/>
                <controller type='pci' index='0' model='pcie-root'/>
                <controller type='pci' index='1' model='pcie-root-port'/>
                <disk type='file' device='disk'><source file='/s'/><target dev='sda' bus='sata'/>
                  <address type='drive' controller='0' bus='0' target='0' unit='3'/></disk>
                <memballoon model='none'/>
                """, "q35"));
        assertEquals(List.of("ide", "pcie.0", "pci.1", "sata0-0-3", "null"), aliases(live));
    }

    @Test
    void aliasGoesBeforeTheAddress() {
        DomainDef live = QemuAliases.assign(parse("""
                <disk type='file' device='disk'><source file='/a'/><target dev='vda' bus='virtio'/>
                  <address type='pci' domain='0x0000' bus='0x00' slot='0x04' function='0x0'/></disk>
                """, "pc"));
        List<String> order = live.devices().get(0).xml().children().stream().map(c -> c.name()).toList();
        assertEquals(order.indexOf("address") - 1, order.indexOf("alias"), order.toString());
    }

    @Test
    void diskIndexFollowsVirDiskNameToIndex() {
        assertEquals(0, QemuAliases.diskIndex("vda", 9));
        assertEquals(25, QemuAliases.diskIndex("vdz", 9));
        assertEquals(26, QemuAliases.diskIndex("vdaa", 9));
        assertEquals(9, QemuAliases.diskIndex("weird", 9));
        assertNull(QemuAliases.assign(parse("<memballoon model='none'/>", "pc")).devices().get(0).alias());
    }
}
