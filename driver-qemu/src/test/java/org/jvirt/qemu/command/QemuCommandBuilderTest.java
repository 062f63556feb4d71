package org.jvirt.qemu.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDefParser;
import org.jvirt.model.domain.ParseOptions;
import org.jvirt.model.domain.XmlElem;
import org.junit.jupiter.api.Test;

/** Corpus-independent checks of the builder (the corpus test skips without ../shared). */
class QemuCommandBuilderTest {

    private static final QemuBuildContext CTX = new QemuBuildContext("/usr/bin/qemu-system-x86_64", 7,
            "/var/lib/libvirt/qemu", "/var/log/libvirt/qemu", Set.of(), QemuConf.defaults());

    private static final QemuBuildContext LIVE = new QemuBuildContext("/usr/bin/qemu-system-x86_64", 7,
            "/var/lib/libvirt/qemu", "/var/log/libvirt/qemu", Set.of(), QemuConf.defaults(),
            "/var/lib/libvirt/qemu/domain-7-g1/monitor.sock");

    private static DomainDef parse(String devices, String extra) {
        return parse(devices, extra, "pc");
    }

    static DomainDef parse(String devices, String extra, String machine) {
        return new DomainDefParser().parse("""
                <domain type='kvm'>
                  <name>g1</name>
                  <uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid>
                  <memory unit='KiB'>1048576</memory>
                  <vcpu>2</vcpu>
                  <os><type arch='x86_64' machine='%s'>hvm</type><boot dev='hd'/></os>
                  %s
                  <devices>%s</devices>
                </domain>""".formatted(machine, extra, devices), ParseOptions.generic());
    }

    /** The value of the first {@code opt} whose value starts with {@code prefix}, or null. */
    static String after(List<String> argv, String opt, String prefix) {
        for (int i = 0; i + 1 < argv.size(); i++) {
            if (argv.get(i).equals(opt) && argv.get(i + 1).startsWith(prefix)) {
                return argv.get(i + 1);
            }
        }
        return null;
    }

    /** Every value given to {@code opt}, in order. */
    static List<String> values(List<String> argv, String opt) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < argv.size(); i++) {
            if (argv.get(i).equals(opt)) {
                out.add(argv.get(i + 1));
            }
        }
        return out;
    }

    @Test
    void liveTapNamesTheDeviceInsteadOfPassingAnFd() {
        DomainDef def = parse("""
                <interface type='bridge'><mac address='52:54:00:11:22:33'/><source bridge='br0'/>
                  <target dev='vnet3'/><model type='virtio'/></interface>""", "");
        List<String> argv = QemuCommandBuilder.build(def, LIVE).argv();
        assertEquals("{\"type\":\"tap\",\"ifname\":\"vnet3\",\"script\":\"no\",\"downscript\":\"no\","
                + "\"id\":\"hostnet0\"}", after(argv, "-netdev", "{"));
        assertEquals("{\"driver\":\"virtio-net-pci\",\"netdev\":\"hostnet0\",\"id\":\"net0\","
                + "\"mac\":\"52:54:00:11:22:33\",\"bus\":\"pci.0\",\"addr\":\"0x2\"}",
                after(argv, "-device", "{\"driver\":\"virtio-net"));
        assertTrue(argv.stream().noneMatch(a -> a.contains("fd=") || a.contains("\"fd\"")), argv.toString());
        assertEquals("socket,id=charmonitor,path=/var/lib/libvirt/qemu/domain-7-g1/monitor.sock,server=on,wait=off",
                after(argv, "-chardev", "socket,id=charmonitor"));
    }

    @Test
    void liveTapAsksForVhostOnlyWhenConfigured() {
        DomainDef def = parse("""
                <interface type='ethernet'><mac address='52:54:00:11:22:33'/><target dev='tap7'/>
                  <model type='virtio'/><driver name='vhost' txmode='iothread'/></interface>""", "");
        List<String> argv = QemuCommandBuilder.build(def, LIVE).argv();
        assertEquals("{\"type\":\"tap\",\"ifname\":\"tap7\",\"script\":\"no\",\"downscript\":\"no\","
                + "\"vhost\":true,\"id\":\"hostnet0\"}", after(argv, "-netdev", "{"));
        assertTrue(after(argv, "-device", "{\"driver\":\"virtio-net-pci\"").startsWith(
                "{\"driver\":\"virtio-net-pci\",\"tx\":\"bh\",\"netdev\""), argv.toString());
    }

    @Test
    void testHarnessTapUsesPassedDescriptors() {
        DomainDef def = parse("""
                <interface type='ethernet'><mac address='52:54:00:11:22:33'/><model type='virtio'/></interface>""",
                "");
        List<String> argv = QemuCommandBuilder.build(def, CTX).argv();
        assertEquals("{\"type\":\"tap\",\"fd\":\"3\",\"vhost\":true,\"vhostfd\":\"44\",\"id\":\"hostnet0\"}",
                after(argv, "-netdev", "{"));
    }

    @Test
    void liveTapWithoutTargetIsRefused() {
        DomainDef def = parse("""
                <interface type='network'><mac address='52:54:00:11:22:33'/><source network='default'/>
                  <model type='e1000'/></interface>""", "");
        VirException e = assertThrows(VirException.class, () -> QemuCommandBuilder.build(def, LIVE));
        assertEquals(ErrorNumber.CONFIG_UNSUPPORTED, e.code());
    }

    @Test
    void liveUnixChannelListensOnItsPath() {
        DomainDef def = parse("""
                <serial type='unix'><source mode='bind' path='/tmp/s.sock'/><target port='0'/></serial>""", "");
        List<String> argv = QemuCommandBuilder.build(def, LIVE).argv();
        assertEquals("socket,id=charserial0,path=/tmp/s.sock,server=on,wait=off",
                after(argv, "-chardev", "socket,id=charserial0"));
        assertEquals("socket,id=charserial0,fd=1729,server=on,wait=off",
                after(QemuCommandBuilder.build(def, CTX).argv(), "-chardev", "socket,id=charserial0"));
    }

    @Test
    void q35PutsDevicesBehindAutoAddedRootPorts() {
        DomainDef def = parse("""
                <disk type='file' device='disk'><source file='/a.img'/><target dev='vda' bus='virtio'/></disk>""",
                "", "q35");
        List<String> argv = QemuCommandBuilder.build(def, CTX).argv();
        // implicit xhci (controllers come before disks), disk, balloon, plus one spare hotplug port
        assertEquals("{\"driver\":\"pcie-root-port\",\"port\":8,\"chassis\":1,\"id\":\"pci.1\",\"bus\":\"pcie.0\","
                + "\"multifunction\":true,\"addr\":\"0x1\"}", after(argv, "-device", "{\"driver\":\"pcie-root-port\""));
        assertTrue(argv.contains("{\"driver\":\"pcie-root-port\",\"port\":11,\"chassis\":4,\"id\":\"pci.4\","
                + "\"bus\":\"pcie.0\",\"addr\":\"0x1.0x3\"}"), argv.toString());
        assertTrue(argv.stream().noneMatch(a -> a.contains("\"id\":\"pci.5\"")), argv.toString());
        assertTrue(argv.contains("{\"driver\":\"qemu-xhci\",\"id\":\"usb\",\"bus\":\"pci.1\",\"addr\":\"0x0\"}"),
                argv.toString());
        assertTrue(after(argv, "-device", "{\"driver\":\"virtio-blk-pci\"").startsWith(
                "{\"driver\":\"virtio-blk-pci\",\"bus\":\"pci.2\",\"addr\":\"0x0\""), argv.toString());
    }

    @Test
    void hugepagesBackTheRamWithAFile() {
        DomainDef def = parse("", "<memoryBacking><hugepages/><access mode='shared'/></memoryBacking>");
        List<String> argv = QemuCommandBuilder.build(def, CTX).argv();
        assertEquals("{\"qom-type\":\"memory-backend-file\",\"id\":\"pc.ram\","
                + "\"mem-path\":\"/dev/hugepages2M/libvirt/qemu/7-g1\",\"share\":true,"
                + "\"x-use-canonical-path-for-ramblock-id\":false,\"prealloc\":true,\"size\":1073741824}",
                after(argv, "-object", "{\"qom-type\":\"memory-backend"));
    }

    @Test
    void numaCellsGetOneBackendEach() {
        DomainDef def = parse("", """
                <cpu><numa><cell id='0' cpus='0' memory='524288' unit='KiB'/>
                <cell id='1' cpus='1-2,4' memory='524288' unit='KiB'/></numa></cpu>
                <numatune><memory mode='strict' nodeset='0-1'/><memnode cellid='1' mode='preferred' nodeset='3'/>
                </numatune>""");
        List<String> argv = QemuCommandBuilder.build(def, CTX).argv();
        assertTrue(after(argv, "-machine", "pc").endsWith("dump-guest-core=off"), argv.toString());
        assertEquals("node,nodeid=1,cpus=1-2,cpus=4,memdev=ram-node1", after(argv, "-numa", "node,nodeid=1"));
        assertEquals("{\"qom-type\":\"memory-backend-ram\",\"id\":\"ram-node0\",\"size\":536870912,"
                + "\"host-nodes\":[0,1],\"policy\":\"bind\"}",
                after(argv, "-object", "{\"qom-type\":\"memory-backend-ram\",\"id\":\"ram-node0\""));
        assertEquals("{\"qom-type\":\"memory-backend-ram\",\"id\":\"ram-node1\",\"size\":536870912,"
                + "\"host-nodes\":[3],\"policy\":\"preferred\"}",
                after(argv, "-object", "{\"qom-type\":\"memory-backend-ram\",\"id\":\"ram-node1\""));
    }

    @Test
    void vncAutoportAndSocket() {
        DomainDef auto = parse("<graphics type='vnc' autoport='yes' listen='::1'/>", "");
        assertEquals("[::1]:0,audiodev=audio1", after(QemuCommandBuilder.build(auto, CTX).argv(), "-vnc", ""));
        DomainDef sock = parse("<graphics type='vnc'><listen type='socket' socket='/a,b.sock'/></graphics>", "");
        assertEquals("vnc=unix:/a,,b.sock,audiodev=audio1",
                after(QemuCommandBuilder.build(sock, CTX).argv(), "-vnc", ""));
        // a real start needs the port the driver allocated
        assertThrows(VirException.class, () -> QemuCommandBuilder.build(auto, LIVE));
    }

    @Test
    void minimalGuest() {
        DomainDef def = parse("""
                <disk type='file' device='disk'><driver name='qemu' type='qcow2'/>
                  <source file='/img/a b.qcow2'/><target dev='vda' bus='virtio'/></disk>
                <memballoon model='none'/>""", "<features><acpi/></features>");
        QemuCommandLine cmd = QemuCommandBuilder.build(def, CTX);
        List<String> argv = cmd.argv();
        assertEquals("/usr/bin/qemu-system-x86_64", argv.get(0));
        assertEquals("guest=g1,debug-threads=on", argv.get(argv.indexOf("-name") + 1));
        assertEquals("1024", argv.get(argv.indexOf("-m") + 1));
        assertEquals("kvm", argv.get(argv.indexOf("-accel") + 1));
        assertEquals("2,sockets=2,cores=1,threads=1", argv.get(argv.indexOf("-smp") + 1));
        assertTrue(cmd.env().contains("HOME=/var/lib/libvirt/qemu/domain-7-g1"));
        assertTrue(argv.contains("{\"driver\":\"virtio-blk-pci\",\"bus\":\"pci.0\",\"addr\":\"0x2\","
                + "\"drive\":\"libvirt-1-format\",\"id\":\"virtio-disk0\",\"bootindex\":1}"), argv.toString());
        assertTrue(cmd.toArgsText().contains("-blockdev '{\"driver\":\"file\",\"filename\":\"/img/a b.qcow2\","),
                cmd.toArgsText());
        assertTrue(!argv.contains("-no-acpi"));
    }

    @Test
    void shellQuoting() {
        assertEquals("strict=on", QemuCommandLine.shellQuote("strict=on"));
        assertEquals("'a b'", QemuCommandLine.shellQuote("a b"));
        assertEquals("'it'\\''s'", QemuCommandLine.shellQuote("it's"));
        assertEquals("''", QemuCommandLine.shellQuote(""));
    }

    @Test
    void unsupportedConstructsAreRefused() {
        DomainDef def = parse("<watchdog model='i6300esb'/>", "");
        VirException e = assertThrows(VirException.class, () -> QemuCommandBuilder.build(def, CTX));
        assertEquals(ErrorNumber.CONFIG_UNSUPPORTED, e.code());
        assertEquals(ErrorDomain.QEMU, e.domain());
        assertTrue(e.getMessage().startsWith("unsupported configuration: "), e.getMessage());
    }

    @Test
    void spiceWithTlsPortNeedsSpiceTls() {
        DomainDef def = parse("""
                <graphics type='spice' port='5903' tlsPort='5904' autoport='no' listen='127.0.0.1'>
                  <listen type='address' address='127.0.0.1'/><channel name='main' mode='secure'/>
                  <filetransfer enable='no'/></graphics>""", "");
        assertThrows(VirException.class, () -> QemuCommandBuilder.build(def, CTX));
        QemuBuildContext tls = new QemuBuildContext("/usr/bin/qemu-system-x86_64", 7, "/var/lib/libvirt/qemu",
                "/var/log/libvirt/qemu", Set.of(), new QemuConf(false, false, false, false, null, true, false));
        List<String> argv = QemuCommandBuilder.build(def, tls).argv();
        assertEquals("port=5903,tls-port=5904,addr=127.0.0.1,x509-dir=/etc/pki/libvirt-spice,tls-channel=main,"
                + "disable-agent-file-xfer=on,seamless-migration=on", after(argv, "-spice", ""));
        assertEquals("{\"id\":\"audio1\",\"driver\":\"spice\"}", after(argv, "-audiodev", ""));
    }

    @Test
    void virtio9pShare() {
        DomainDef def = parse("""
                <filesystem type='mount' accessmode='mapped'><driver type='path' wrpolicy='immediate'/>
                  <source dir='/srv/a,b'/><target dir='share'/></filesystem>""", "");
        List<String> argv = QemuCommandBuilder.build(def, CTX).argv();
        assertEquals("local,security_model=mapped,writeout=immediate,id=fsdev-fs0,path=/srv/a,,b",
                after(argv, "-fsdev", ""));
        assertEquals("{\"driver\":\"virtio-9p-pci\",\"id\":\"fs0\",\"fsdev\":\"fsdev-fs0\",\"mount_tag\":\"share\","
                + "\"bus\":\"pci.0\",\"addr\":\"0x2\"}", after(argv, "-device", "{\"driver\":\"virtio-9p"));
    }

    @Test
    void pflashFirmwareWithDerivedVarsStore() {
        DomainDef def = parse("", "").withSection("os", XmlElem.of("os").withChildren(List.of(
                XmlElem.of("type", "arch", "x86_64", "machine", "pc").withText("hvm"),
                XmlElem.of("loader", "readonly", "yes", "type", "pflash").withText("/fw/CODE.fd"))));
        List<String> argv = QemuCommandBuilder.build(def, CTX).argv();
        assertTrue(after(argv, "-machine", "pc").endsWith(",pflash0=libvirt-pflash0-format,"
                + "pflash1=libvirt-pflash1-format"), argv.toString());
        assertEquals("{\"driver\":\"file\",\"filename\":\"/var/lib/libvirt/qemu/nvram/g1_VARS.fd\","
                + "\"node-name\":\"libvirt-pflash1-storage\",\"auto-read-only\":true,\"discard\":\"unmap\"}",
                after(argv, "-blockdev", "{\"driver\":\"file\",\"filename\":\"/var/lib/libvirt/qemu/nvram"));
        assertTrue(argv.indexOf("-machine") > argv.indexOf("-blockdev"), "pflash nodes precede -machine");
    }

    @Test
    void scsiDisksFollowTheirControllerModel() {
        DomainDef def = parse("""
                <controller type='scsi' index='0' model='virtio-scsi'><driver queues='4'/></controller>
                <controller type='scsi' index='1' model='lsilogic'/>
                <disk type='file' device='disk'><source file='/a.img'/><target dev='sda' bus='scsi'/>
                  <address type='drive' controller='0' bus='0' target='2' unit='1'/></disk>
                <disk type='file' device='cdrom'><source file='/b.iso'/><target dev='sdb' bus='scsi'/><readonly/>
                  <address type='drive' controller='1' bus='0' target='0' unit='3'/></disk>""", "");
        List<String> argv = QemuCommandBuilder.build(def, CTX).argv();
        assertTrue(after(argv, "-device", "{\"driver\":\"virtio-scsi-pci\"").startsWith(
                "{\"driver\":\"virtio-scsi-pci\",\"id\":\"scsi0\",\"num_queues\":4,"), argv.toString());
        assertTrue(after(argv, "-device", "{\"driver\":\"scsi-hd\"").startsWith("{\"driver\":\"scsi-hd\","
                + "\"bus\":\"scsi0.0\",\"channel\":0,\"scsi-id\":2,\"lun\":1,\"device_id\":\"drive-scsi0-0-2-1\","),
                argv.toString());
        assertTrue(after(argv, "-device", "{\"driver\":\"scsi-cd\"").contains("\"scsi-id\":3,"
                + "\"device_id\":\"drive-scsi1-0-3\""), argv.toString());
    }

    @Test
    void qxlAndVirtioVideo() {
        DomainDef def = parse("""
                <video><model type='qxl' vram='32768' heads='1' primary='yes'/></video>
                <video><model type='virtio' heads='2'/></video>""", "");
        List<String> argv = QemuCommandBuilder.build(def, CTX).argv();
        assertEquals("{\"driver\":\"qxl-vga\",\"id\":\"video0\",\"max_outputs\":1,\"ram_size\":67108864,"
                + "\"vram_size\":33554432,\"vram64_size_mb\":0,\"vgamem_mb\":16,\"bus\":\"pci.0\",\"addr\":\"0x2\"}",
                after(argv, "-device", "{\"driver\":\"qxl"));
        assertTrue(after(argv, "-device", "{\"driver\":\"virtio-gpu-pci\"").contains("\"max_outputs\":2"),
                argv.toString());
    }

    @Test
    void guestAgentChannelAndRng() {
        DomainDef def = parse("""
                <channel type='unix'><source mode='bind'/><target type='virtio' name='org.qemu.guest_agent.0'/>
                </channel>
                <rng model='virtio'><rate bytes='1024'/><backend model='random'>/dev/urandom</backend></rng>""", "");
        List<String> test = QemuCommandBuilder.build(def, CTX).argv();
        assertEquals("socket,id=charchannel0,fd=1729,server=on,wait=off", after(test, "-chardev", "socket,id=charch"));
        List<String> live = QemuCommandBuilder.build(def, LIVE).argv();
        assertEquals("socket,id=charchannel0,path=/var/lib/libvirt/qemu/channel/target/domain-7-g1/"
                + "org.qemu.guest_agent.0,server=on,wait=off", after(live, "-chardev", "socket,id=charch"));
        assertEquals("{\"driver\":\"virtserialport\",\"bus\":\"virtio-serial0.0\",\"nr\":1,"
                + "\"chardev\":\"charchannel0\",\"id\":\"channel0\",\"name\":\"org.qemu.guest_agent.0\"}",
                after(test, "-device", "{\"driver\":\"virtserialport\""));
        assertTrue(after(test, "-device", "{\"driver\":\"virtio-rng-pci\"").contains(
                "\"max-bytes\":1024,\"period\":1000"), test.toString());
    }
}
