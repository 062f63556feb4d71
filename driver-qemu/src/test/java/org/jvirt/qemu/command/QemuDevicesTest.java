package org.jvirt.qemu.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jvirt.qemu.command.QemuCommandBuilderTest.after;

import java.util.List;
import java.util.Set;

import org.jvirt.core.VirException;
import org.jvirt.model.domain.DomainDef;
import org.junit.jupiter.api.Test;

/** Corpus-independent checks of the device groups beyond disks and networking. */
class QemuDevicesTest {

    private static final QemuBuildContext CTX = new QemuBuildContext("/usr/bin/qemu-system-x86_64", -1, "/tmp/lib",
            "/tmp/log", Set.of(), QemuConf.defaults());
    private static final QemuBuildContext LIVE = new QemuBuildContext("/usr/bin/qemu-system-x86_64", 3, "/run/q",
            "/tmp/log", Set.of(), QemuConf.defaults(), "/run/q/mon.sock");

    private static List<String> argv(String devices, String extra, String machine) {
        return QemuCommandBuilder.build(QemuCommandBuilderTest.parse(devices, extra, machine), CTX).argv();
    }

    @Test
    void tpmEmulatorIsTheTestSocketInTheHarnessAndTheDriversSwtpmInARealStart() {
        String tpm = "<tpm model='tpm-crb'><backend type='emulator' version='2.0'/></tpm>";
        List<String> argv = argv(tpm, "", "q35");
        assertEquals("socket,id=chrtpm,path=/dev/test", after(argv, "-chardev", "socket,id=chrtpm"));
        assertEquals("emulator,id=tpm-tpm0,chardev=chrtpm", after(argv, "-tpmdev", ""));
        assertEquals("{\"driver\":\"tpm-crb\",\"tpmdev\":\"tpm-tpm0\",\"id\":\"tpm0\"}",
                after(argv, "-device", "{\"driver\":\"tpm-crb\""));
        DomainDef def = QemuCommandBuilderTest.parse(tpm, "", "q35");
        assertEquals("socket,id=chrtpm,path=" + LIVE.domainDir("g1") + "/tpm0-swtpm.sock",
                after(QemuCommandBuilder.build(def, LIVE).argv(), "-chardev", "socket,id=chrtpm"));
    }

    @Test
    void parallelPorts() {
        List<String> argv = argv("""
                <parallel type='dev'><source path='/dev/parport0'/><target port='0'/></parallel>""", "", "pc");
        assertEquals("parallel,id=charparallel0,path=/dev/parport0", after(argv, "-chardev", "parallel"));
        assertEquals("{\"driver\":\"isa-parallel\",\"chardev\":\"charparallel0\",\"id\":\"parallel0\"}",
                after(argv, "-device", "{\"driver\":\"isa-parallel\""));
    }

    @Test
    void hdaSoundGetsACodecAndWatchdogAnAction() {
        List<String> argv = argv("""
                <sound model='ich9'/><watchdog model='ib700' action='dump'/>""", "", "q35");
        assertEquals("{\"driver\":\"ich9-intel-hda\",\"id\":\"sound0\",\"bus\":\"pcie.0\",\"addr\":\"0x1b\"}",
                after(argv, "-device", "{\"driver\":\"ich9-intel-hda\""));
        assertEquals("{\"driver\":\"hda-duplex\",\"id\":\"sound0-codec0\",\"bus\":\"sound0.0\",\"cad\":0,"
                + "\"audiodev\":\"audio1\"}", after(argv, "-device", "{\"driver\":\"hda-duplex\""));
        assertEquals("{\"driver\":\"ib700\",\"id\":\"watchdog0\"}", after(argv, "-device", "{\"driver\":\"ib700\""));
        // libvirt takes the dump itself once QEMU has paused the guest
        assertEquals("pause", after(argv, "-watchdog-action", ""));
        List<String> pc = argv("<watchdog model='i6300esb' action='reset'/>", "", "pc");
        // the implicit balloon is placed before the watchdog (qemuDomainAssignDevicePCISlots' order)
        assertEquals("{\"driver\":\"i6300esb\",\"id\":\"watchdog0\",\"bus\":\"pci.0\",\"addr\":\"0x3\"}",
                after(pc, "-device", "{\"driver\":\"i6300esb\""));
        // conventional PCI on q35 behind root ports already in use: not modelled, so refused
        assertThrows(VirException.class, () -> argv("<watchdog model='i6300esb' action='reset'/>", "", "q35"));
    }

    @Test
    void panicAndHyperv() {
        List<String> argv = argv("<panic model='isa'><address type='isa' iobase='0x505'/></panic>", """
                <features><hyperv><relaxed state='on'/><stimer state='on'><direct state='on'/></stimer>
                <vapic state='off'/></hyperv></features>""", "pc");
        assertEquals("qemu64,hv-relaxed=on,hv-stimer=on,hv-stimer-direct=on", after(argv, "-cpu", ""));
        assertEquals("{\"driver\":\"pvpanic\",\"ioport\":1285}", argv.get(argv.indexOf("-msg") - 1));
    }

    @Test
    void machineFeaturesIommuAndGenid() {
        List<String> argv = argv("<iommu model='intel'><driver intremap='on' caching_mode='on'/></iommu>",
                "<features><ioapic driver='qemu'/></features><genid>e9392370-2917-565e-692b-d057f46512d6</genid>",
                "q35");
        assertTrue(after(argv, "-machine", "q35").startsWith("q35,usb=off,kernel_irqchip=split,dump-guest-core"),
                argv.toString());
        assertEquals("{\"driver\":\"intel-iommu\",\"id\":\"iommu0\",\"intremap\":\"on\",\"caching-mode\":true}",
                after(argv, "-device", "{\"driver\":\"intel-iommu\""));
        assertEquals("{\"driver\":\"vmgenid\",\"guid\":\"e9392370-2917-565e-692b-d057f46512d6\",\"id\":\"vmgenid0\"}",
                after(argv, "-device", "{\"driver\":\"vmgenid\""));
        List<String> smm = argv("", "<features><smm state='on'><tseg unit='MiB'>48</tseg></smm></features>", "q35");
        assertTrue(after(smm, "-machine", "q35").startsWith("q35,usb=off,smm=on,"), smm.toString());
        assertEquals("mch.extended-tseg-mbytes=48", after(smm, "-global", "mch"));
    }

    @Test
    void virtioDriverSwitchesFollowTheDriverName() {
        List<String> argv = argv("""
                <interface type='user'><mac address='52:54:00:00:00:01'/><model type='virtio'/>
                  <driver iommu='on' packed='off'/></interface>
                <memballoon model='virtio'><driver ats='on'/></memballoon>""", "", "pc");
        assertTrue(after(argv, "-device", "{\"driver\":\"virtio-net-pci\"").startsWith(
                "{\"driver\":\"virtio-net-pci\",\"iommu_platform\":true,\"packed\":false,\"netdev\""), argv.toString());
        assertTrue(after(argv, "-device", "{\"driver\":\"virtio-balloon-pci\"").startsWith(
                "{\"driver\":\"virtio-balloon-pci\",\"ats\":true,\"id\":\"balloon0\""), argv.toString());
    }

    @Test
    void dimmHotplugMemory() {
        DomainDef base = QemuCommandBuilderTest.parse("""
                <memory model='dimm' access='private'><target><size unit='KiB'>524287</size><node>0</node></target>
                  <address type='dimm' slot='1' base='0x100000000'/></memory>""",
                "<cpu><numa><cell id='0' cpus='0-1' memory='1048576' unit='KiB'/></numa></cpu>", "pc");
        DomainDef def = base.withMemory(base.memory().withMax(4194304, 4));
        List<String> argv = QemuCommandBuilder.build(def, CTX).argv();
        assertEquals("size=1048576k,slots=4,maxmem=4194304k", after(argv, "-m", ""));
        assertEquals("{\"qom-type\":\"memory-backend-file\",\"id\":\"memdimm1\","
                + "\"mem-path\":\"/var/lib/libvirt/qemu/ram/-1-g1/dimm1\",\"share\":false,\"size\":536870912}",
                after(argv, "-object", "{\"qom-type\":\"memory-backend-file\",\"id\":\"memdimm1\""));
        assertEquals("{\"driver\":\"pc-dimm\",\"node\":0,\"memdev\":\"memdimm1\",\"id\":\"dimm1\",\"slot\":1,"
                + "\"addr\":4294967296}", after(argv, "-device", "{\"driver\":\"pc-dimm\""));
        // hotplug needs NUMA cells on x86
        DomainDef flat = QemuCommandBuilderTest.parse("", "", "pc");
        DomainDef flatMax = flat.withMemory(flat.memory().withMax(4194304, 4));
        assertThrows(VirException.class, () -> QemuCommandBuilder.build(flatMax, CTX));
    }

    @Test
    void mdevAndUsbHostDevices() {
        List<String> argv = argv("""
                <hostdev mode='subsystem' type='usb' managed='no'><source><address bus='3' device='12'/></source>
                </hostdev>
                <hostdev mode='subsystem' type='mdev' model='vfio-pci' display='on'>
                  <source><address uuid='53764d0e-85a0-42b4-af5c-2046b460b1dc'/></source></hostdev>""", "", "q35");
        assertEquals("{\"driver\":\"usb-host\",\"hostdevice\":\"/dev/bus/usb/003/012\",\"id\":\"hostdev0\","
                + "\"bus\":\"usb.0\",\"port\":\"1\"}", after(argv, "-device", "{\"driver\":\"usb-host\""));
        assertTrue(after(argv, "-device", "{\"driver\":\"vfio-pci\"").startsWith("{\"driver\":\"vfio-pci\","
                + "\"id\":\"hostdev1\",\"sysfsdev\":\"/sys/bus/mdev/devices/53764d0e-85a0-42b4-af5c-2046b460b1dc\","
                + "\"display\":\"on\",\"bus\":\"pci."), argv.toString());
        // PCI host devices need the host's view of the device to be placed: refused
        assertThrows(VirException.class, () -> argv("""
                <hostdev mode='subsystem' type='pci' managed='yes'><source>
                  <address domain='0x0000' bus='0x06' slot='0x12' function='0x5'/></source></hostdev>""", "", "pc"));
    }
}
