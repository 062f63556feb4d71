package org.jvirt.qemu.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.host.NetDev;
import org.jvirt.host.RecordingCommandRunner;
import org.jvirt.model.domain.DeviceKind;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDefParser;
import org.jvirt.model.domain.DomainDevice;
import org.jvirt.model.domain.ParseOptions;
import org.jvirt.model.domain.XmlElem;
import org.jvirt.qemu.net.PreparedInterfaces.Device;
import org.jvirt.qemu.net.PreparedInterfaces.Kind;

/** Every branch of {@link QemuInterfaces} against a dry-run {@code ip} ({@link FakeIpHost}). */
class QemuInterfacesTest {
    private static final NetworkBridgeResolver NETWORKS = Map.of("default", "virbr0")::get;

    /** A live definition (status XML parse: names are kept) with these interfaces. */
    static DomainDef live(String... interfaces) {
        String xml = "<domain type='kvm'><name>g</name><uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid>"
                + "<memory>65536</memory><os><type arch='x86_64'>hvm</type></os><devices>"
                + String.join("", interfaces) + "</devices></domain>";
        return new DomainDefParser().parse(xml, ParseOptions.generic().withInactive(false));
    }

    static String bridgeIface(String mac, String target) {
        return "<interface type='bridge'><mac address='" + mac + "'/><source bridge='br0'/>"
                + (target == null ? "" : "<target dev='" + target + "'/>") + "<model type='virtio'/></interface>";
    }

    static List<XmlElem> ifaces(DomainDef def) {
        return def.devices(DeviceKind.INTERFACE).stream().map(DomainDevice::xml).toList();
    }

    private static void assertError(VirException e, int code, int domain, String message) {
        assertEquals(message, e.getMessage());
        assertEquals(code, e.code());
        assertEquals(domain, e.domain());
    }

    @Test
    void bridgeTapGetsTheNextFreeVnetNameAndJoinsTheBridge() {
        FakeIpHost host = new FakeIpHost("br0", "vnet0");
        host.devices.put("br0", 9000);
        RecordingCommandRunner r = host.runner();
        QemuInterfaces qi = new QemuInterfaces(new NetDev(r), NETWORKS, 107);
        PreparedInterfaces p = qi.prepare(live(bridgeIface("52:54:00:aa:bb:01", null)));
        assertEquals("""
                ip -o link show dev vnet0
                ip -o link show dev vnet1
                ip -o link show dev vnet1
                ip tuntap add dev vnet1 mode tap user 107
                ip link set dev vnet1 address fe:54:00:aa:bb:01
                ip -o link show dev br0
                ip link set dev vnet1 mtu 9000
                ip link set dev vnet1 master br0
                ip link set dev vnet1 up
                """, r.log());
        assertEquals(List.of(new Device("vnet1", Kind.TAP)), p.created());
        XmlElem x = ifaces(p.def()).getFirst();
        assertEquals("vnet1", x.child("target").attr("dev"));
        assertEquals(List.of("mac", "source", "target", "model"), x.children().stream().map(XmlElem::name).toList(),
                "<target> goes where libvirt formats it");
        r.clear();
        qi.release(p);
        assertEquals("ip link delete dev vnet1\n", r.log());
        assertEquals(List.of("br0", "vnet0"), List.copyOf(host.devices.keySet()));
    }

    @Test
    void explicitTargetThatExistsFailsForEveryManagedTapTypeAndIsLeftAlone() {
        for (String iface : List.of(bridgeIface("52:54:00:aa:bb:01", "mytap"),
                "<interface type='network'><mac address='52:54:00:aa:bb:02'/><source network='default'/>"
                        + "<target dev='mytap'/></interface>",
                "<interface type='ethernet'><mac address='52:54:00:aa:bb:03'/><target dev='mytap'/></interface>",
                "<interface type='ethernet'><mac address='52:54:00:aa:bb:04'/>"
                        + "<target dev='mytap' managed='yes'/></interface>")) {
            FakeIpHost host = new FakeIpHost("br0", "virbr0", "mytap");
            RecordingCommandRunner r = host.runner();
            VirException e = assertThrows(VirException.class,
                    () -> new QemuInterfaces(new NetDev(r), NETWORKS).prepare(live(iface)), iface);
            assertError(e, ErrorNumber.OPERATION_INVALID, ErrorDomain.NONE,
                    "Requested operation is not valid: The mytap interface already exists");
            assertEquals("ip -o link show dev mytap\n", r.log(), "nothing but the existence check touched it");
            assertEquals(List.of("br0", "virbr0", "mytap"), List.copyOf(host.devices.keySet()));
        }
    }

    @Test
    void explicitTargetThatDoesNotExistIsCreatedWithThatExactName() {
        FakeIpHost host = new FakeIpHost("br0");
        QemuInterfaces qi = new QemuInterfaces(new NetDev(host.runner()), NETWORKS);
        PreparedInterfaces p = qi.prepare(live(bridgeIface("52:54:00:aa:bb:01", "mytap")));
        assertEquals(List.of(new Device("mytap", Kind.TAP)), p.created());
        assertEquals("mytap", p.def().devices(DeviceKind.INTERFACE).getFirst().targetDev());
        qi.release(p);
        assertEquals(List.of("br0"), List.copyOf(host.devices.keySet()));
    }

    @Test
    void networkInterfaceUsesTheResolvedBridgeAndShowsItInTheLiveXml() {
        FakeIpHost host = new FakeIpHost("virbr0");
        RecordingCommandRunner r = host.runner();
        PreparedInterfaces p = new QemuInterfaces(new NetDev(r), NETWORKS).prepare(live(
                "<interface type='network'><mac address='52:54:00:aa:bb:02'/><source network='default'/>"
                        + "</interface>"));
        assertTrue(r.log().contains("ip link set dev vnet0 master virbr0\n"), r.log());
        XmlElem src = ifaces(p.def()).getFirst().child("source");
        assertEquals("virbr0", src.attr("bridge"));
        assertEquals("default", src.attr("network"));
        String xml = org.jvirt.model.domain.DomainDefFormatter.format(p.def(), 0, 1);
        assertTrue(xml.contains("""
                    <interface type='network'>
                      <mac address='52:54:00:aa:bb:02'/>
                      <source network='default' bridge='virbr0'/>
                      <target dev='vnet0'/>
                    </interface>
                """), xml);
    }

    @Test
    void unknownNetworkFailsAsLibvirtDoesAndCreatesNothing() {
        String iface = "<interface type='network'><mac address='52:54:00:aa:bb:02'/><source network='nope'/>"
                + "</interface>";
        for (NetworkBridgeResolver resolver : new NetworkBridgeResolver[] {null, NETWORKS}) {
            RecordingCommandRunner r = new FakeIpHost().runner();
            VirException e = assertThrows(VirException.class,
                    () -> new QemuInterfaces(new NetDev(r), resolver).prepare(live(iface)));
            assertError(e, ErrorNumber.NO_NETWORK, ErrorDomain.NETWORK,
                    "Network not found: no network with matching name 'nope'");
            assertEquals("", r.log());
        }
    }

    @Test
    void bridgeWithoutANameOrMissingBridgeDeviceFails() {
        RecordingCommandRunner r = new FakeIpHost().runner();
        VirException e = assertThrows(VirException.class, () -> new QemuInterfaces(new NetDev(r), NETWORKS)
                .prepare(live("<interface type='bridge'><mac address='52:54:00:aa:bb:01'/><source bridge=''/>"
                        + "</interface>")));
        assertError(e, ErrorNumber.INTERNAL_ERROR, ErrorDomain.QEMU, "internal error: Missing bridge name");

        FakeIpHost host = new FakeIpHost();
        VirException e2 = assertThrows(VirException.class, () -> new QemuInterfaces(new NetDev(host.runner()),
                NETWORKS).prepare(live(bridgeIface("52:54:00:aa:bb:01", null))));
        assertError(e2, ErrorNumber.SYSTEM_ERROR, ErrorDomain.NONE, "Cannot get interface MTU on 'br0': No such device");
        assertTrue(host.devices.isEmpty(), "the TAP made before the failure is gone: " + host.devices);
    }

    @Test
    void explicitMtuIsSetWithoutAskingTheBridge() {
        FakeIpHost host = new FakeIpHost("br0");
        RecordingCommandRunner r = host.runner();
        new QemuInterfaces(new NetDev(r), NETWORKS).prepare(live("<interface type='bridge'>"
                + "<mac address='52:54:00:aa:bb:01'/><source bridge='br0'/><mtu size='1400'/></interface>"));
        assertTrue(r.log().contains("ip link set dev vnet0 mtu 1400\n"), r.log());
        assertTrue(!r.log().contains("show dev br0"), r.log());
        assertEquals(1400, host.devices.get("vnet0"));
    }

    @Test
    void severalQueuesMakeAMultiQueueTap() {
        RecordingCommandRunner r = new FakeIpHost("br0").runner();
        new QemuInterfaces(new NetDev(r), NETWORKS).prepare(live("<interface type='bridge'>"
                + "<mac address='52:54:00:aa:bb:01'/><source bridge='br0'/><model type='virtio'/>"
                + "<driver queues='4'/></interface>"));
        assertTrue(r.log().contains("ip tuntap add dev vnet0 mode tap user 0 multi_queue\n"), r.log());
    }

    @Test
    void managedEthernetTapGetsHostMacAndUpButNoBridge() {
        FakeIpHost host = new FakeIpHost();
        RecordingCommandRunner r = host.runner();
        PreparedInterfaces p = new QemuInterfaces(new NetDev(r), NETWORKS).prepare(live(
                "<interface type='ethernet'><mac address='fe:54:00:aa:bb:03'/></interface>"));
        assertEquals("""
                ip -o link show dev vnet0
                ip -o link show dev vnet0
                ip tuntap add dev vnet0 mode tap user 0
                ip link set dev vnet0 address fa:54:00:aa:bb:03
                ip link set dev vnet0 up
                """, r.log(), "a guest MAC already starting with 0xFE gets 0xFA on the host side");
        assertEquals(List.of(new Device("vnet0", Kind.TAP)), p.created());
    }

    @Test
    void unmanagedEthernetUsesTheExistingDeviceUntouchedAndNeverRemovesIt() {
        FakeIpHost host = new FakeIpHost("mytap");
        RecordingCommandRunner r = host.runner();
        QemuInterfaces qi = new QemuInterfaces(new NetDev(r), NETWORKS);
        DomainDef def = live("<interface type='ethernet'><mac address='52:54:00:aa:bb:04'/>"
                + "<target dev='mytap' managed='no'/></interface>");
        PreparedInterfaces p = qi.prepare(def);
        assertEquals("ip -o link show dev mytap\n", r.log(), "no MAC, no up, no bridge");
        assertEquals(def, p.def());
        assertEquals(List.of(), p.created());
        qi.release(p);
        assertEquals(List.of(), QemuInterfaces.createdBy(p.def()));
        assertEquals(List.of("mytap"), List.copyOf(host.devices.keySet()));
        assertEquals("ip -o link show dev mytap\n", r.log());
    }

    @Test
    void unmanagedEthernetErrors() {
        RecordingCommandRunner r = new FakeIpHost().runner();
        QemuInterfaces qi = new QemuInterfaces(new NetDev(r), NETWORKS);
        VirException missing = assertThrows(VirException.class, () -> qi.prepare(live("<interface type='ethernet'>"
                + "<mac address='52:54:00:aa:bb:04'/><target dev='mytap' managed='no'/></interface>")));
        assertError(missing, ErrorNumber.INTERNAL_ERROR, ErrorDomain.QEMU,
                "internal error: target managed='no' but specified dev doesn't exist");
        VirException noDev = assertThrows(VirException.class, () -> qi.prepare(live("<interface type='ethernet'>"
                + "<mac address='52:54:00:aa:bb:04'/><target managed='no'/></interface>")));
        assertError(noDev, ErrorNumber.INTERNAL_ERROR, ErrorDomain.QEMU,
                "internal error: target dev must be supplied when managed='no'");
        assertEquals("ip -o link show dev mytap\n", r.log());
    }

    @Test
    void unmanagedTargetOnAnythingButEthernetIsRefused() {
        RecordingCommandRunner r = new FakeIpHost("br0", "mytap").runner();
        VirException e = assertThrows(VirException.class, () -> new QemuInterfaces(new NetDev(r), NETWORKS)
                .prepare(live("<interface type='bridge'><mac address='52:54:00:aa:bb:01'/><source bridge='br0'/>"
                        + "<target dev='mytap' managed='no'/></interface>")));
        assertError(e, ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                "unsupported configuration: unmanaged target dev is not supported on interfaces of type 'bridge'");
        assertEquals("", r.log());
    }

    @Test
    void directInterfaceGetsAMacvtapThatGoesUpOnlyAtStartDevices() {
        FakeIpHost host = new FakeIpHost("eth0");
        RecordingCommandRunner r = host.runner();
        QemuInterfaces qi = new QemuInterfaces(new NetDev(r), NETWORKS);
        PreparedInterfaces p = qi.prepare(live(
                "<interface type='direct'><mac address='52:54:00:aa:bb:05'/><source dev='eth0'/></interface>",
                "<interface type='direct'><mac address='52:54:00:aa:bb:06'/>"
                        + "<source dev='eth0' mode='passthrough'/><target dev='mv-guest'/></interface>"));
        assertEquals("""
                ip -o link show dev macvtap0
                ip link add link eth0 name macvtap0 address 52:54:00:aa:bb:05 type macvtap mode vepa
                ip link add link eth0 name mv-guest address 52:54:00:aa:bb:06 type macvtap mode passthru
                """, r.log(), "the guest's own MAC, default mode vepa, left down");
        assertEquals(List.of(new Device("macvtap0", Kind.MACVTAP), new Device("mv-guest", Kind.MACVTAP)),
                p.created());
        assertEquals(p.created(), QemuInterfaces.createdBy(p.def()));
        r.clear();
        qi.startDevices(p);
        assertEquals("ip link set dev macvtap0 up\nip link set dev mv-guest up\n", r.log());
        qi.release(p);
        assertEquals(List.of("eth0"), List.copyOf(host.devices.keySet()));
    }

    @Test
    void directInterfaceWithAnExistingTargetFailsWithTheKernelsError() {
        FakeIpHost host = new FakeIpHost("eth0", "macvtap3");
        VirException e = assertThrows(VirException.class, () -> new QemuInterfaces(new NetDev(host.runner()),
                NETWORKS).prepare(live("<interface type='direct'><mac address='52:54:00:aa:bb:05'/>"
                + "<source dev='eth0' mode='bridge'/><target dev='macvtap3'/></interface>")));
        assertError(e, ErrorNumber.SYSTEM_ERROR, ErrorDomain.NONE,
                "error creating macvtap interface macvtap3@eth0 (52:54:00:aa:bb:05): File exists");
        assertEquals(List.of("eth0", "macvtap3"), List.copyOf(host.devices.keySet()));
    }

    @Test
    void userNeedsNothingAndOtherTypesAreUnsupported() {
        RecordingCommandRunner r = new FakeIpHost().runner();
        QemuInterfaces qi = new QemuInterfaces(new NetDev(r), null);
        DomainDef def = live("<interface type='user'><mac address='52:54:00:aa:bb:07'/></interface>");
        PreparedInterfaces p = qi.prepare(def);
        assertEquals(def, p.def());
        assertEquals(List.of(), p.created());
        VirException e = assertThrows(VirException.class, () -> qi.prepare(live("<interface type='mcast'>"
                + "<mac address='52:54:00:aa:bb:08'/><source address='230.0.0.1' port='5558'/></interface>")));
        assertError(e, ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.QEMU,
                "unsupported configuration: Unsupported net type 'mcast'");
        assertEquals("", r.log());
    }

    @Test
    void aFailureHalfwayRemovesEverythingCreatedSoFar() {
        FakeIpHost host = new FakeIpHost("br0", "eth0", "taken");
        QemuInterfaces qi = new QemuInterfaces(new NetDev(host.runner()), NETWORKS);
        DomainDef def = live(bridgeIface("52:54:00:aa:bb:01", null),
                "<interface type='direct'><mac address='52:54:00:aa:bb:05'/><source dev='eth0'/></interface>",
                "<interface type='ethernet'><mac address='52:54:00:aa:bb:03'/></interface>",
                bridgeIface("52:54:00:aa:bb:09", "taken"));
        assertThrows(VirException.class, () -> qi.prepare(def));
        assertEquals(List.of("br0", "eth0", "taken"), List.copyOf(host.devices.keySet()));

        // A failure after the TAP exists (here: joining the bridge) removes that TAP too.
        host.failOn = "master";
        VirException e = assertThrows(VirException.class, () -> qi.prepare(live(bridgeIface("52:54:00:aa:bb:01",
                null))));
        assertEquals("Unable to add bridge br0 port vnet2: Operation not permitted", e.getMessage());
        assertEquals(List.of("br0", "eth0", "taken"), List.copyOf(host.devices.keySet()));
    }

    @Test
    void releaseGoesOnWhenOneDeviceCannotBeRemoved() {
        FakeIpHost host = new FakeIpHost("br0");
        QemuInterfaces qi = new QemuInterfaces(new NetDev(host.runner()), NETWORKS);
        PreparedInterfaces p = qi.prepare(live(bridgeIface("52:54:00:aa:bb:01", null),
                bridgeIface("52:54:00:aa:bb:02", null)));
        host.failOn = "delete dev vnet1";
        qi.release(p);
        assertEquals(List.of("br0", "vnet1"), List.copyOf(host.devices.keySet()));
    }

    @Test
    void namesAreNeverReusedWhileTheDriverLivesAndRestartReservesRunningOnes() {
        FakeIpHost host = new FakeIpHost("br0");
        NetDev nd = new NetDev(host.runner());
        QemuInterfaces qi = new QemuInterfaces(nd, NETWORKS);
        PreparedInterfaces first = qi.prepare(live(bridgeIface("52:54:00:aa:bb:01", null)));
        qi.release(first);
        PreparedInterfaces second = qi.prepare(live(bridgeIface("52:54:00:aa:bb:01", null)));
        assertEquals("vnet1", second.created().getFirst().name(), "vnet0 is free again but not handed out again");

        // A restarted daemon reads the running guest's status XML.
        QemuInterfaces restarted = new QemuInterfaces(new NetDev(host.runner()), NETWORKS);
        restarted.reserveNames(second.def());
        assertEquals(second.created(), QemuInterfaces.createdBy(second.def()));
        PreparedInterfaces third = restarted.prepare(live(bridgeIface("52:54:00:aa:bb:02", null)));
        assertEquals("vnet2", third.created().getFirst().name());
    }

    @Test
    void hostMacFlipsTheFirstByte() {
        XmlElem iface = XmlElem.of("interface", "type", "bridge")
                .insertChild(XmlElem.of("mac", "address", "52:54:00:12:34:56"), 0);
        assertEquals("fe:54:00:12:34:56", QemuInterfaces.hostMac(iface));
        VirException e = assertThrows(VirException.class,
                () -> QemuInterfaces.hostMac(XmlElem.of("interface", "type", "bridge")));
        assertEquals(ErrorNumber.INTERNAL_ERROR, e.code());
        assertNull(XmlElem.of("interface").child("mac"));
    }
}
