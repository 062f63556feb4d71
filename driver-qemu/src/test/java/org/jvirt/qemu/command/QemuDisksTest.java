package org.jvirt.qemu.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jvirt.qemu.command.QemuCommandBuilderTest.values;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDefParser;
import org.jvirt.model.domain.ParseOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disks (front-ends, backing chains, network storage, USB ports), vhost-user video and firmware autoselection,
 * independent of libvirt's corpus; and that what only the test harness can have is refused for a real start.
 */
class QemuDisksTest {

    private static final QemuBuildContext CTX = new QemuBuildContext("/usr/bin/qemu-system-x86_64", -1, "/tmp/lib",
            "/tmp/log", Set.of(), QemuConf.defaults());

    private static final QemuBuildContext LIVE = new QemuBuildContext("/usr/bin/qemu-system-x86_64", 3, "/run/q",
            "/var/log/q", Set.of(), QemuConf.defaults(), "/run/q/domain-3-g1/monitor.sock");

    private static List<String> argv(String devices, QemuBuildContext ctx) {
        return QemuCommandBuilder.build(QemuCommandBuilderTest.parse(devices, "", "pc"), ctx).argv();
    }

    private static void assertDeclined(Runnable r) {
        VirException e = assertThrows(VirException.class, r::run);
        assertEquals(ErrorNumber.CONFIG_UNSUPPORTED, e.code());
    }

    @Test
    void usbDisksTakeTheFreeRootPortsInOrder() {
        String sda = "<disk type='file' device='disk'><source file='/i/a.img'/><target dev='sda' bus='usb'/></disk>";
        String sdb = """
                <disk type='file' device='cdrom'><source file='/i/b.iso'/><target dev='sdb' bus='usb' removable='on'/>
                  <readonly/></disk>""";
        String tablet = "<input type='tablet' bus='usb'><address type='usb' bus='0' port='1'/></input>";
        List<String> devs = values(argv(sda + tablet, CTX), "-device");
        assertTrue(devs.contains("{\"driver\":\"usb-storage\",\"bus\":\"usb.0\",\"port\":\"2\","
                + "\"drive\":\"libvirt-1-format\",\"id\":\"usb-disk0\",\"bootindex\":1,\"removable\":false}"),
                devs.toString());
        assertTrue(devs.contains("{\"driver\":\"usb-tablet\",\"id\":\"input0\",\"bus\":\"usb.0\",\"port\":\"1\"}"),
                devs.toString());
        devs = values(argv(sda + sdb, CTX), "-device");
        assertTrue(devs.contains("{\"driver\":\"usb-storage\",\"bus\":\"usb.0\",\"port\":\"2\","
                + "\"drive\":\"libvirt-1-format\",\"id\":\"usb-disk1\",\"removable\":true}"), devs.toString());
        // the PIIX3 UHCI root hub has two ports: a third device would need the hub libvirt adds
        assertDeclined(() -> argv(sda + sdb + tablet, CTX));
    }

    @Test
    void backingChainNumbersNodesFromTheLastDiskAndLinksLayers() {
        List<String> argv = argv("""
                <disk type='file' device='disk'><driver name='qemu' type='qcow2' cache='none'/>
                  <source file='/i/top.qcow2'/>
                  <backingStore type='file'><format type='qcow2'/><source file='/i/base.qcow2'/><backingStore/>
                  </backingStore>
                  <target dev='vda' bus='virtio'/></disk>
                <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/i/other.qcow2'/>
                  <target dev='vdb' bus='virtio'/></disk>""", CTX);
        List<String> bd = values(argv, "-blockdev");
        String cache = "\"cache\":{\"direct\":true,\"no-flush\":false}";
        assertEquals(List.of(
                "{\"driver\":\"file\",\"filename\":\"/i/base.qcow2\",\"node-name\":\"libvirt-3-storage\"," + cache
                        + ",\"auto-read-only\":true,\"discard\":\"unmap\"}",
                "{\"node-name\":\"libvirt-3-format\",\"read-only\":true," + cache
                        + ",\"driver\":\"qcow2\",\"file\":\"libvirt-3-storage\",\"backing\":null}",
                "{\"driver\":\"file\",\"filename\":\"/i/top.qcow2\",\"node-name\":\"libvirt-2-storage\"," + cache
                        + ",\"auto-read-only\":true,\"discard\":\"unmap\"}",
                "{\"node-name\":\"libvirt-2-format\",\"read-only\":false," + cache
                        + ",\"driver\":\"qcow2\",\"file\":\"libvirt-2-storage\",\"backing\":\"libvirt-3-format\"}",
                "{\"driver\":\"file\",\"filename\":\"/i/other.qcow2\",\"node-name\":\"libvirt-1-storage\","
                        + "\"auto-read-only\":true,\"discard\":\"unmap\"}",
                // no <backingStore> at all: QEMU follows the image header
                "{\"node-name\":\"libvirt-1-format\",\"read-only\":false,\"driver\":\"qcow2\","
                        + "\"file\":\"libvirt-1-storage\"}"), bd);
    }

    @Test
    void glusterAndNfsStorageNodes() {
        List<String> bd = values(argv("""
                <disk type='network' device='disk'><source protocol='gluster' name='vol/dir/img'>
                  <host name='gl.example' port='6000'/><host name='gl2.example'/>
                  <host transport='unix' socket='/run/gl.sock'/></source><target dev='vda' bus='virtio'/></disk>
                <disk type='network' device='disk'><source protocol='nfs' name='/exp/img'>
                  <host name='nfs.example'/><identity user='+107' group='+108'/></source>
                  <target dev='vdb' bus='virtio'/></disk>""", CTX), "-blockdev");
        assertEquals("{\"driver\":\"gluster\",\"volume\":\"vol\",\"path\":\"dir/img\",\"server\":["
                + "{\"type\":\"inet\",\"host\":\"gl.example\",\"port\":\"6000\"},"
                + "{\"type\":\"inet\",\"host\":\"gl2.example\",\"port\":\"24007\"},"
                + "{\"type\":\"unix\",\"path\":\"/run/gl.sock\"}],\"debug\":4,\"node-name\":\"libvirt-2-storage\","
                + "\"auto-read-only\":true,\"discard\":\"unmap\"}", bd.get(0));
        assertEquals("{\"driver\":\"nfs\",\"server\":{\"host\":\"nfs.example\",\"type\":\"inet\"},"
                + "\"path\":\"/exp/img\",\"user\":107,\"group\":108,\"node-name\":\"libvirt-1-storage\","
                + "\"auto-read-only\":true,\"discard\":\"unmap\"}", bd.get(2));
        // a user name would need the host's user database
        assertDeclined(() -> argv("""
                <disk type='network' device='disk'><source protocol='nfs' name='/exp/img'>
                  <host name='nfs.example'/><identity user='qemu' group='+108'/></source>
                  <target dev='vdb' bus='virtio'/></disk>""", CTX));
    }

    @Test
    void secretsComeEncryptedAsObjectsBeforeTheirNodes() {
        String disks = """
                <disk type='network' device='disk'><source protocol='iscsi' name='iqn.2000-01.org.example:t/3'>
                  <host name='san.example'/><auth username='u1'><secret type='iscsi' usage='chap'/></auth></source>
                  <target dev='vda' bus='virtio'/></disk>
                <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/i/enc.qcow2'>
                  <encryption format='luks'><secret type='passphrase' uuid='0a81f5b2-8403-7b23-c8d6-21ccc2f80d6f'/>
                  </encryption></source><target dev='vdb' bus='virtio'/></disk>""";
        List<String> seen = new java.util.ArrayList<>();
        QemuBuildContext ctx = CTX.withSecrets(ref -> {
            seen.add(ref.attr("usage") != null ? ref.attr("usage") : ref.attr("uuid"));
            return new QemuSecrets.Encrypted("DATA" + seen.size(), "IV");
        });
        List<String> argv = argv(disks, ctx);
        assertEquals(List.of("chap", "0a81f5b2-8403-7b23-c8d6-21ccc2f80d6f"), seen);
        int obj = argv.indexOf("{\"qom-type\":\"secret\",\"id\":\"libvirt-2-storage-auth-secret0\",\"data\":\"DATA1\","
                + "\"keyid\":\"masterKey0\",\"iv\":\"IV\",\"format\":\"base64\"}");
        int node = argv.indexOf("{\"driver\":\"iscsi\",\"portal\":\"san.example:3260\",\"target\":"
                + "\"iqn.2000-01.org.example:t\",\"lun\":3,\"transport\":\"tcp\",\"user\":\"u1\","
                + "\"password-secret\":\"libvirt-2-storage-auth-secret0\",\"node-name\":\"libvirt-2-storage\","
                + "\"auto-read-only\":true,\"discard\":\"unmap\"}");
        assertTrue(obj > 0 && node > obj, argv.toString());
        assertTrue(values(argv, "-blockdev").contains("{\"node-name\":\"libvirt-1-format\",\"read-only\":false,"
                + "\"driver\":\"qcow2\",\"encrypt\":{\"format\":\"luks\",\"key-secret\":"
                + "\"libvirt-1-format-encryption-secret0\"},\"file\":\"libvirt-1-storage\"}"), argv.toString());
        // without a master-key cipher (a start here) nothing that needs a secret is built
        assertDeclined(() -> argv(disks, CTX));
        assertDeclined(() -> argv(disks, LIVE));
    }

    @Test
    void nvmeNamespacesOnlyInTheTestHarness() {
        String nvme = """
                <disk type='nvme' device='disk'><driver name='qemu' type='raw'/>
                  <source type='pci' managed='no' namespace='2'>
                    <address domain='0x0000' bus='0x0a' slot='0x00' function='0x0'/></source>
                  <target dev='vda' bus='virtio'/></disk>""";
        assertTrue(values(argv(nvme, CTX), "-blockdev").contains("{\"driver\":\"nvme\",\"device\":\"0000:0a:00.0\","
                + "\"namespace\":2,\"node-name\":\"libvirt-1-storage\",\"auto-read-only\":true,\"discard\":\"unmap\"}"));
        assertDeclined(() -> argv(nvme, LIVE)); // the controller would first have to be bound to vfio-pci
    }

    @Test
    void lunPassesScsiCommandsThroughAndIgnoresTheCacheMode() {
        List<String> devs = values(argv("""
                <controller type='scsi' index='0' model='virtio-scsi'/>
                <disk type='block' device='lun'><driver name='qemu' type='raw' cache='none'/>
                  <source dev='/dev/sdx'/><target dev='sda' bus='scsi'/>
                  <address type='drive' controller='0' bus='0' target='0' unit='2'/></disk>
                <disk type='block' device='lun'><source dev='/dev/sdy'/><target dev='vda' bus='virtio'/></disk>""",
                CTX), "-device");
        assertTrue(devs.contains("{\"driver\":\"scsi-block\",\"bus\":\"scsi0.0\",\"channel\":0,\"scsi-id\":0,"
                + "\"lun\":2,\"drive\":\"libvirt-2-format\",\"id\":\"scsi0-0-0-2\",\"bootindex\":1}"), devs.toString());
        assertTrue(devs.stream().anyMatch(d -> d.startsWith("{\"driver\":\"virtio-blk-pci\",\"scsi\":true,")),
                devs.toString());
    }

    @Test
    void iotuneAndVhostUserVideoOnlyInTheTestHarness() {
        String iotune = """
                <disk type='file' device='disk'><source file='/i/a.img'/><target dev='vda' bus='virtio'/>
                  <iotune><total_bytes_sec>5000</total_bytes_sec></iotune></disk>""";
        assertFalse(values(argv(iotune, CTX), "-blockdev").isEmpty());
        assertDeclined(() -> argv(iotune, LIVE)); // applied over QMP by libvirt, which a start here does not do
        String video = "<video><driver name='vhostuser'/><model type='virtio' heads='1'/></video>";
        List<String> argv = argv(video, CTX);
        assertEquals(List.of("socket,id=chr-vu-video0,fd=1729"), values(argv, "-chardev").stream()
                .filter(c -> c.contains("chr-vu")).toList());
        assertDeclined(() -> argv(video, LIVE));
    }

    private static DomainDef efiDomain(String osExtra) {
        return new DomainDefParser().parse("""
                <domain type='kvm'><name>fw</name><uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid>
                  <memory unit='KiB'>8192</memory><vcpu>1</vcpu>
                  <os firmware='efi'><type arch='x86_64' machine='pc-q35-7.2'>hvm</type>%s</os>
                  <features><acpi/></features><devices/></domain>""".formatted(osExtra), ParseOptions.generic());
    }

    private static void descriptor(Path dir, String name, String code, String vars, String... features)
            throws IOException {
        Files.createDirectories(dir);
        String feats = String.join(",", java.util.Arrays.stream(features).map(f -> "\"" + f + "\"").toList());
        Files.writeString(dir.resolve(name), """
                {"interface-types":["uefi"],"mapping":{"device":"flash","executable":{"filename":"%s","format":"raw"},
                 "nvram-template":{"filename":"%s","format":"raw"}},
                 "targets":[{"architecture":"x86_64","machines":["pc-q35-*"]}],"features":[%s]}"""
                .formatted(code, vars, feats));
    }

    @Test
    void firmwareAutoselectionHonoursFeaturesAndMasking(@TempDir Path root) throws IOException {
        Path usr = root.resolve("usr/share/qemu/firmware");
        Path etc = root.resolve("etc/qemu/firmware");
        descriptor(usr, "40-sb.json", "/fw/SB_CODE.fd", "/fw/SB_VARS.fd", "requires-smm", "secure-boot");
        descriptor(usr, "50-sb2.json", "/fw/SB2_CODE.fd", "/fw/SB2_VARS.fd", "requires-smm", "secure-boot");
        descriptor(usr, "60-plain.json", "/fw/CODE.fd", "/fw/VARS.fd");
        Files.createDirectories(etc);
        Files.writeString(etc.resolve("40-sb.json"), ""); // masks the distribution's file
        QemuBuildContext ctx = CTX.withFirmwareRoot(root.toString());

        List<String> argv = QemuCommandBuilder.build(efiDomain(""), ctx).argv();
        assertTrue(values(argv, "-blockdev").get(0).contains("\"filename\":\"/fw/SB2_CODE.fd\""), argv.toString());
        assertTrue(values(argv, "-blockdev").get(2).contains("\"filename\":\"/var/lib/libvirt/qemu/nvram/fw_VARS.fd\""),
                argv.toString());
        assertTrue(values(argv, "-machine").get(0).startsWith("pc-q35-7.2,usb=off,smm=on,"), argv.toString());
        assertEquals(List.of("driver=cfi.pflash01,property=secure,value=on"), values(argv, "-global"));

        argv = QemuCommandBuilder.build(efiDomain(
                "<firmware><feature enabled='no' name='secure-boot'/></firmware>"), ctx).argv();
        assertTrue(values(argv, "-blockdev").get(0).contains("\"filename\":\"/fw/CODE.fd\""), argv.toString());
        assertFalse(values(argv, "-machine").get(0).contains("smm"), argv.toString());
        assertEquals(List.of(), values(argv, "-global"));

        // stateless wishes need a stateless image, which none of these is
        assertDeclined(() -> QemuCommandBuilder.build(efiDomain("<loader stateless='yes'/>"), ctx));
        // a start would first have to copy the template into the variable store
        assertDeclined(() -> QemuCommandBuilder.build(efiDomain(""), LIVE.withFirmwareRoot(root.toString())));
    }
}
