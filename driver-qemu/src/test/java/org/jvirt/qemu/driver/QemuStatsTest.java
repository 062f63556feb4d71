package org.jvirt.qemu.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.jvirt.api.Records.DomainInterfaceStats;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.param.TypedParam;
import org.jvirt.model.domain.DeviceKind;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDefParser;
import org.jvirt.model.domain.ParseOptions;
import org.jvirt.qemu.monitor.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure parts of the statistics: QEMU's replies and host counters mapped to libvirt's fields. */
class QemuStatsTest {
    private static final String BLOCKSTATS = """
            [{"device":"","node-name":"libvirt-2-format","qdev":"/machine/peripheral/virtio-disk0/virtio-backend",
              "stats":{"rd_operations":12,"rd_bytes":4096,"rd_total_time_ns":7,"wr_operations":3,"wr_bytes":512,
                       "wr_total_time_ns":8,"flush_operations":1,"flush_total_time_ns":9}},
             {"device":"","qdev":"ide0-1-0","stats":{"rd_operations":1,"rd_bytes":2}}]""";

    private static DomainDef def() {
        return QemuAliases.assign(new DomainDefParser().parse("""
                <domain type='qemu'><name>s</name><uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid>
                <memory>65536</memory><os><type arch='x86_64' machine='pc'>hvm</type></os><devices>
                <disk type='file' device='disk'><source file='/img/a'/><target dev='vda' bus='virtio'/></disk>
                <disk type='file' device='cdrom'><source file='/img/c.iso'/><target dev='hdc' bus='ide'/>
                  <address type='drive' controller='0' bus='1' target='0' unit='0'/></disk>
                <interface type='user'><mac address='52:54:00:00:00:01'/></interface>
                <interface type='bridge'><mac address='52:54:00:00:00:02'/><source bridge='br0'/>
                  <target dev='vnet7'/></interface>
                </devices></domain>""", new ParseOptions("x86_64", Set.of("qemu"), false, false, new Random(1))));
    }

    @Test
    void blockCountersComeFromTheDiskQdev() {
        Json reply = Json.parse(BLOCKSTATS);
        QemuStats.BlockCounters c = QemuStats.countersFor(reply, "virtio-disk0");
        assertEquals(new QemuStats.BlockCounters(12, 4096, 7, 3, 512, 8, 1, 9), c);
        assertEquals(1, QemuStats.countersFor(reply, "ide0-1-0").rdReq());
        assertNull(QemuStats.countersFor(reply, "virtio-disk"), "a prefix of an alias is not a match");
        assertEquals(List.of("wr_bytes=512", "wr_operations=3", "rd_bytes=4096", "rd_operations=12",
                "flush_operations=1", "wr_total_times=8", "rd_total_times=7", "flush_total_times=9"),
                QemuStats.blockStatsParams(c).asList().stream().map(p -> p.field() + "=" + p.valueString())
                        .toList());
    }

    @Test
    void blockGroupNamesEveryDisk() {
        List<String> f = QemuStats.blockParams(def(), Json.parse(BLOCKSTATS)).stream()
                .map(p -> p.field() + "=" + p.valueString()).toList();
        assertEquals(List.of("block.count=2", "block.0.name=vda", "block.0.path=/img/a", "block.0.rd.reqs=12",
                "block.0.rd.bytes=4096", "block.0.rd.times=7", "block.0.wr.reqs=3", "block.0.wr.bytes=512",
                "block.0.wr.times=8", "block.0.fl.reqs=1", "block.0.fl.times=9", "block.0.physical=0",
                "block.1.name=hdc", "block.1.path=/img/c.iso", "block.1.rd.reqs=1", "block.1.rd.bytes=2",
                "block.1.rd.times=0", "block.1.wr.reqs=0", "block.1.wr.bytes=0", "block.1.wr.times=0",
                "block.1.fl.reqs=0", "block.1.fl.times=0", "block.1.physical=0"), f);
    }

    @Test
    void diskByTargetOrPath() {
        assertEquals("hdc", QemuStats.disk(def(), "/img/c.iso").targetDev());
        VirException e = assertThrows(VirException.class, () -> QemuStats.disk(def(), "sdq"));
        assertEquals(ErrorNumber.INVALID_ARG, e.code());
        assertEquals("invalid argument: invalid path: sdq", e.getMessage());
    }

    @Test
    void tapCountersAreSwappedForABridgeTap(@TempDir Path dir) throws Exception {
        String[] names = {"rx_bytes", "rx_packets", "rx_errors", "rx_dropped", "tx_bytes", "tx_packets",
                "tx_errors", "tx_dropped"};
        for (int i = 0; i < names.length; i++) {
            Files.writeString(dir.resolve(names[i]), (i + 1) + "\n");
        }
        assertEquals(new DomainInterfaceStats(5, 6, 7, 8, 1, 2, 3, 4), QemuStats.tapStats(dir, true));
        assertEquals(new DomainInterfaceStats(1, 2, 3, 4, 5, 6, 7, 8), QemuStats.tapStats(dir, false));
        DomainDef d = def();
        assertEquals(true, QemuStats.swapped(d.devices(DeviceKind.INTERFACE).get(1)));
        List<String> f = QemuStats.interfaceParams(d, n -> QemuStats.tapStats(dir, QemuStats.swapped(n))).stream()
                .map(TypedParam::field).toList();
        // the user-mode NIC has no host device: counted, not named
        assertEquals(List.of("net.count", "net.1.name", "net.1.rx.bytes", "net.1.rx.pkts", "net.1.rx.errs",
                "net.1.rx.drop", "net.1.tx.bytes", "net.1.tx.pkts", "net.1.tx.errs", "net.1.tx.drop"), f);
    }

    @Test
    void modificationImpactAsLibvirt() {
        assertEquals(new QemuDevices.Impact(true, false), QemuDevices.impact(0, true, true));
        assertEquals(new QemuDevices.Impact(false, true), QemuDevices.impact(0, false, true));
        assertEquals(new QemuDevices.Impact(true, true), QemuDevices.impact(3, true, true));
        VirException off = assertThrows(VirException.class, () -> QemuDevices.impact(1, false, true));
        assertEquals("Requested operation is not valid: domain is not running", off.getMessage());
        VirException transientConfig = assertThrows(VirException.class, () -> QemuDevices.impact(2, true, false));
        assertEquals("Requested operation is not valid: cannot change persistent config of a transient domain",
                transientConfig.getMessage());
    }

    @Test
    void interfaceLookupByMac() {
        DomainDef d = def();
        var probe = d.devices(DeviceKind.INTERFACE).get(1);
        assertEquals("vnet7", QemuDevices.findNet(d, probe).targetDev());
        var missing = probe.withXml(probe.xml().withChild("mac", org.jvirt.model.domain.XmlElem.of("mac",
                "address", "52:54:00:99:99:99")).withChild("alias", null));
        VirException e = assertThrows(VirException.class, () -> QemuDevices.findNet(d, missing));
        assertEquals(ErrorNumber.DEVICE_MISSING, e.code());
        assertEquals("device not found: no device found at address '' matching MAC address '52:54:00:99:99:99' "
                + "and alias ''", e.getMessage());
    }
}
