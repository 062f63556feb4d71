package org.jvirt.qemu.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jvirt.qemu.command.QemuCommandBuilderTest.values;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDefParser;
import org.jvirt.model.domain.ParseOptions;
import org.junit.jupiter.api.Test;

/**
 * USB redirection, guestfwd and qemu-vdagent channels, vsock, vhost-scsi, NVDIMM and virtio-pmem memory, CPU
 * topology, the TCG cache size and balloon switches, without libvirt's corpus; and the real-start refusals of what
 * needs descriptors passed by the parent.
 */
class QemuDeviceKindsTest {

    private static final QemuBuildContext CTX = new QemuBuildContext("/usr/bin/qemu-system-x86_64", -1, "/tmp/lib",
            "/tmp/log", Set.of(), QemuConf.defaults());

    private static final QemuBuildContext LIVE = new QemuBuildContext("/usr/bin/qemu-system-x86_64", 3, "/run/q",
            "/var/log/q", Set.of(), QemuConf.defaults(), "/run/q/domain-3-g1/monitor.sock");

    private static List<String> argv(String devices, String extra, QemuBuildContext ctx) {
        return QemuCommandBuilder.build(QemuCommandBuilderTest.parse(devices, extra, "pc"), ctx).argv();
    }

    private static void assertDeclined(Runnable r) {
        VirException e = assertThrows(VirException.class, r::run);
        assertEquals(ErrorNumber.CONFIG_UNSUPPORTED, e.code());
    }

    @Test
    void usbRedirectionOverAUnixSocket() {
        String redir = """
                <redirdev bus='usb' type='unix'><source mode='bind' path='/run/r.sock'/><protocol type='raw'/>
                </redirdev>""";
        List<String> argv = argv(redir, "", CTX);
        assertTrue(values(argv, "-chardev").contains("socket,id=charredir0,fd=1729,server=on,wait=off"), argv.toString());
        assertTrue(values(argv, "-device").contains("{\"driver\":\"usb-redir\",\"chardev\":\"charredir0\","
                + "\"id\":\"redir0\",\"bus\":\"usb.0\",\"port\":\"1\"}"), argv.toString());
        // a real start lets QEMU create the listening socket itself
        assertTrue(values(argv(redir, "", LIVE), "-chardev").contains(
                "socket,id=charredir0,path=/run/r.sock,server=on,wait=off"));
        // SPICE redirection needs a SPICE server
        assertDeclined(() -> argv("<redirdev bus='usb' type='spicevmc'/>", "", CTX));
    }

    @Test
    void guestfwdAndQemuVdagentChannels() {
        List<String> argv = argv("""
                <controller type='virtio-serial' index='0'/>
                <channel type='unix'><source mode='connect' path='/run/fwd.sock'/>
                  <target type='guestfwd' address='10.0.2.1' port='4600'/></channel>
                <channel type='qemu-vdagent'><target type='virtio' name='com.redhat.spice.0'/>
                  <source><clipboard copypaste='no'/><mouse mode='server'/></source></channel>""", "", CTX);
        List<String> chardevs = values(argv, "-chardev");
        assertTrue(chardevs.contains("socket,id=charchannel0,path=/run/fwd.sock"), chardevs.toString());
        assertTrue(chardevs.contains("qemu-vdagent,id=charchannel1,name=vdagent,clipboard=off,mouse=off"),
                chardevs.toString());
        assertEquals(List.of("{\"type\":\"user\",\"guestfwd\":[{\"str\":\"tcp:10.0.2.1:4600-chardev:charchannel0\"}],"
                + "\"id\":\"channel0\"}"), values(argv, "-netdev"));
        assertTrue(values(argv, "-device").contains("{\"driver\":\"virtserialport\",\"bus\":\"virtio-serial0.0\","
                + "\"nr\":1,\"chardev\":\"charchannel1\",\"id\":\"channel1\",\"name\":\"com.redhat.spice.0\"}"),
                argv.toString());
    }

    @Test
    void vsockAndVhostScsiOnlyInTheTestHarness() {
        String vsock = "<vsock model='virtio'><cid auto='no' address='7'/></vsock>";
        assertTrue(values(argv(vsock, "", CTX), "-device").stream().anyMatch(d -> d.startsWith(
                "{\"driver\":\"vhost-vsock-pci\",\"id\":\"vsock0\",\"guest-cid\":7,\"vhostfd\":\"6789\",\"bus\":")));
        assertDeclined(() -> argv(vsock, "", LIVE)); // the vhost descriptor would come from the parent
        assertDeclined(() -> argv("<vsock model='virtio'><cid auto='yes'/></vsock>", "", CTX));
        String scsi = """
                <hostdev mode='subsystem' type='scsi_host' managed='no'>
                  <source protocol='vhost' wwpn='naa.5123456789abcde0'/></hostdev>""";
        assertTrue(values(argv(scsi, "", CTX), "-device").stream().anyMatch(d -> d.startsWith(
                "{\"driver\":\"vhost-scsi-pci\",\"wwpn\":\"naa.5123456789abcde0\",\"vhostfd\":\"3\",\"id\":"
                        + "\"hostdev0\",\"bus\":\"pci.0\"")));
        assertDeclined(() -> argv(scsi, "", LIVE));
    }

    @Test
    void pcieSwitchPortsSitBehindARootPortAndTakeDevices() {
        List<String> devs = values(QemuCommandBuilder.build(QemuCommandBuilderTest.parse("""
                <controller type='pci' index='0' model='pcie-root'/>
                <controller type='pci' index='1' model='pcie-root-port'/>
                <controller type='pci' index='2' model='pcie-switch-upstream-port'/>
                <controller type='pci' index='3' model='pcie-switch-downstream-port'><target hotplug='off'/></controller>
                <controller type='usb' index='0' model='qemu-xhci'/>
                <memballoon model='none'/>""", "", "q35"), CTX).argv(), "-device");
        assertTrue(devs.contains("{\"driver\":\"x3130-upstream\",\"id\":\"pci.2\",\"bus\":\"pci.1\",\"addr\":\"0x0\"}"),
                devs.toString());
        assertTrue(devs.contains("{\"driver\":\"xio3130-downstream\",\"port\":0,\"chassis\":3,\"id\":\"pci.3\","
                + "\"hotplug\":false,\"bus\":\"pci.2\",\"addr\":\"0x0\"}"), devs.toString());
        // hotplug='off' is QEMU's business: libvirt still places the (hot-pluggable) USB controller there
        assertTrue(devs.contains("{\"driver\":\"qemu-xhci\",\"id\":\"usb\",\"bus\":\"pci.3\",\"addr\":\"0x0\"}"),
                devs.toString());
    }

    private static DomainDef numaDomain(String devices) {
        return new DomainDefParser().parse("""
                <domain type='qemu'><name>m</name><uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid>
                  <maxMemory slots='16' unit='KiB'>16777216</maxMemory>
                  <memory unit='KiB'>1572864</memory><vcpu>4</vcpu>
                  <os><type arch='x86_64' machine='pc'>hvm</type></os>
                  <features><tcg><tb-cache unit='MiB'>64</tb-cache></tcg></features>
                  <cpu><topology sockets='1' dies='2' cores='2' threads='1'/>
                    <numa><cell id='0' cpus='0-3' memory='1048576' unit='KiB'/></numa></cpu>
                  <devices>%s<memballoon model='virtio' autodeflate='on' freePageReporting='off'/></devices>
                </domain>""".formatted(devices), ParseOptions.generic());
    }

    @Test
    void persistentMemoryTopologyTcgCacheAndBalloonSwitches() {
        List<String> argv = QemuCommandBuilder.build(numaDomain("""
                <memory model='nvdimm' access='shared'><source><path>/srv/nv</path></source>
                  <target><size unit='KiB'>261120</size><node>0</node><readonly/></target>
                  <address type='dimm' slot='0'/></memory>
                <memory model='virtio-pmem'><source><path>/srv/pm</path></source>
                  <target><size unit='KiB'>262144</size></target></memory>"""), CTX).argv();
        assertTrue(values(argv, "-machine").get(0).contains(",nvdimm=on"), argv.toString());
        assertEquals(List.of("tcg,tb-size=64"), values(argv, "-accel"));
        assertEquals(List.of("4,sockets=1,dies=2,cores=2,threads=1"), values(argv, "-smp"));
        List<String> objects = values(argv, "-object");
        // DIMM-like modules go by 2 MiB: 255 MiB becomes 256
        assertTrue(objects.contains("{\"qom-type\":\"memory-backend-file\",\"id\":\"memnvdimm0\",\"mem-path\":\"/srv/nv\","
                + "\"share\":true,\"prealloc\":true,\"size\":268435456}"), objects.toString());
        assertTrue(objects.contains("{\"qom-type\":\"memory-backend-file\",\"id\":\"memvirtiopmem0\","
                + "\"mem-path\":\"/srv/pm\",\"size\":268435456}"), objects.toString());
        List<String> devs = values(argv, "-device");
        assertTrue(devs.contains("{\"driver\":\"nvdimm\",\"node\":0,\"unarmed\":true,\"memdev\":\"memnvdimm0\","
                + "\"id\":\"nvdimm0\",\"slot\":0}"), devs.toString());
        assertTrue(devs.stream().anyMatch(d -> d.startsWith("{\"driver\":\"virtio-pmem-pci\",\"memdev\":"
                + "\"memvirtiopmem0\",\"id\":\"virtiopmem0\",\"bus\":\"pci.0\"")), devs.toString());
        assertTrue(devs.stream().anyMatch(d -> d.startsWith("{\"driver\":\"virtio-balloon-pci\",\"id\":\"balloon0\","
                + "\"deflate-on-oom\":true,\"free-page-reporting\":false,")), devs.toString());
        // a topology that does not multiply to the vCPU count is refused, as libvirt does
        VirException e = assertThrows(VirException.class, () -> QemuCommandBuilder.build(new DomainDefParser().parse("""
                <domain type='qemu'><name>t</name><memory unit='KiB'>65536</memory><vcpu>4</vcpu>
                  <os><type arch='x86_64' machine='pc'>hvm</type></os>
                  <cpu><topology sockets='1' dies='1' cores='3' threads='1'/></cpu><devices/></domain>""",
                ParseOptions.generic()), CTX));
        assertEquals("unsupported configuration: cpu topology", e.getMessage());
    }

    @Test
    void ioThreadsAreObjectsAfterSmpAndVirtioDevicesNameThem() {
        String disks = """
                <disk type='file' device='disk'><driver name='qemu' type='raw' iothread='5'/>
                  <source file='/i/a.img'/><target dev='vda' bus='virtio'/></disk>
                <controller type='scsi' index='0' model='virtio-scsi'><driver iothread='2'/></controller>""";
        List<String> argv = argv(disks, "<iothreads>2</iothreads><iothreadids><iothread id='2'/>"
                + "<iothread id='5'/></iothreadids>", CTX);
        assertEquals(List.of("{\"qom-type\":\"iothread\",\"id\":\"iothread2\"}",
                "{\"qom-type\":\"iothread\",\"id\":\"iothread5\"}"),
                values(argv, "-object").stream().filter(o -> o.contains("iothread")).toList());
        int smp = argv.indexOf("-smp");
        assertEquals(List.of("-object", "{\"qom-type\":\"iothread\",\"id\":\"iothread2\"}"),
                argv.subList(smp + 2, smp + 4), "right after -smp");
        assertTrue(values(argv, "-device").stream().anyMatch(d -> d.startsWith(
                "{\"driver\":\"virtio-blk-pci\",\"iothread\":\"iothread5\",")), argv.toString());
        assertTrue(values(argv, "-device").stream().anyMatch(d -> d.startsWith(
                "{\"driver\":\"virtio-scsi-pci\",\"iothread\":\"iothread2\",\"id\":\"scsi0\"")),
                argv.toString());
        // an id that is not defined, or an iothread on a non-virtio disk, is refused, never passed on
        assertDeclined(() -> argv(disks, "<iothreads>1</iothreads>", CTX));
        assertDeclined(() -> argv("<disk type='file' device='disk'><driver name='qemu' iothread='1'/>"
                + "<source file='/i/a.img'/><target dev='sda' bus='sata'/></disk>", "<iothreads>1</iothreads>", CTX));
    }
}
