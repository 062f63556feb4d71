package org.jvirt.qemu.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.jvirt.qemu.net.QemuInterfacesTest.bridgeIface;
import static org.jvirt.qemu.net.QemuInterfacesTest.live;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.host.Command;
import org.jvirt.host.CommandRunner;
import org.jvirt.host.NetDev;
import org.jvirt.host.NetNs;
import org.jvirt.host.ProcessCommandRunner;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.qemu.net.PreparedInterfaces.Device;
import org.jvirt.qemu.net.PreparedInterfaces.Kind;

/**
 * The TAP rule on real devices: each test gets a private network namespace holding a bridge {@code br0} (MTU 1400),
 * a veth pair {@code v0}/{@code v1} for macvtap, and pre-made TAPs {@code vnet0}, {@code vnet1} and {@code mytap}
 * ({@code mytap} up, on br0, with a known MAC). Needs root and iproute2; skipped with a message otherwise.
 */
class QemuInterfacesNetNsTest {
    private static final String MYTAP_MAC = "02:00:00:00:00:aa";

    private final CommandRunner host = new ProcessCommandRunner();
    private NetNs ns;
    private NetDev nd;
    private QemuInterfaces qi;

    @BeforeEach
    void namespace() {
        assumeTrue(NetNs.canCreate(), "needs root to create a network namespace; skipped");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")),
                "iproute2's ip is not installed; skipped");
        String name = "jvirt-qi-" + ProcessHandle.current().pid();
        if (NetNs.list(host).contains(name)) {
            host.run(Command.of("ip", "netns", "delete", name)); // left by a killed earlier run
        }
        ns = NetNs.create(name, host);
        nd = new NetDev(ns.runner());
        nd.createBridge("br0");
        nd.setMtu("br0", 1400);
        nd.setOnline("br0", true);
        ns.exec(Command.of("ip", "link", "add", "v0", "type", "veth", "peer", "name", "v1"));
        for (String tap : List.of("vnet0", "vnet1", "mytap")) {
            nd.createTap(tap, 0);
        }
        nd.setMac("mytap", MYTAP_MAC);
        nd.addToBridge("br0", "mytap");
        nd.setOnline("mytap", true);
        qi = new QemuInterfaces(nd, Map.of("default", "br0")::get, 107);
    }

    @AfterEach
    void deleteNamespace() {
        if (ns != null) {
            String name = ns.name();
            ns.close();
            assertFalse(NetNs.list(host).contains(name), "namespace " + name + " deleted");
        }
    }

    private void assertMytapUntouched() {
        assertEquals(MYTAP_MAC, nd.getMac("mytap"));
        assertTrue(nd.isOnline("mytap"));
        assertEquals("br0", nd.master("mytap"));
    }

    private List<String> devices() {
        return nd.listNames("");
    }

    @Test
    void existingTargetIsRefusedForEveryManagedTypeAndLeftUntouched() {
        List<String> before = devices();
        for (String iface : List.of(bridgeIface("52:54:00:aa:bb:01", "mytap"),
                "<interface type='network'><mac address='52:54:00:aa:bb:02'/><source network='default'/>"
                        + "<target dev='mytap'/></interface>",
                "<interface type='ethernet'><mac address='52:54:00:aa:bb:03'/><target dev='mytap'/></interface>")) {
            VirException e = assertThrows(VirException.class, () -> qi.prepare(live(iface)));
            assertEquals(ErrorNumber.OPERATION_INVALID, e.code());
            assertEquals("Requested operation is not valid: The mytap interface already exists", e.getMessage());
            assertMytapUntouched();
        }
        assertEquals(before, devices());
    }

    @Test
    void generatedNameSkipsExistingVnetsAndTheTapIsWiredUp() {
        PreparedInterfaces p = qi.prepare(live(bridgeIface("52:54:00:12:34:56", null)));
        assertEquals(List.of(new Device("vnet2", Kind.TAP)), p.created());
        assertEquals("vnet2", p.def().devices(org.jvirt.model.domain.DeviceKind.INTERFACE).getFirst().targetDev());
        assertEquals("fe:54:00:12:34:56", nd.getMac("vnet2"), "host side MAC starts with 0xFE");
        assertEquals("br0", nd.master("vnet2"));
        assertTrue(nd.isOnline("vnet2"));
        assertEquals(1400, nd.getMtu("vnet2"), "the bridge's MTU");
        String details = ns.exec(Command.of("ip", "-d", "-o", "link", "show", "dev", "vnet2")).stdout();
        assertTrue(details.contains("tun type tap") && details.contains("user 107"), details);

        qi.release(p);
        assertFalse(nd.exists("vnet2"));
        assertTrue(nd.exists("vnet0") && nd.exists("vnet1") && nd.exists("br0"), "release removes only vnet2");
        assertMytapUntouched();
    }

    @Test
    void managedEthernetAndExplicitNameAndMtu() {
        PreparedInterfaces p = qi.prepare(live(
                "<interface type='ethernet'><mac address='52:54:00:00:00:07'/><target dev='guesttap'/></interface>",
                "<interface type='bridge'><mac address='52:54:00:00:00:08'/><source bridge='br0'/>"
                        + "<model type='virtio'/><driver queues='2'/><mtu size='1300'/></interface>"));
        assertEquals(List.of(new Device("guesttap", Kind.TAP), new Device("vnet2", Kind.TAP)), p.created());
        assertEquals("fe:54:00:00:00:07", nd.getMac("guesttap"));
        assertTrue(nd.isOnline("guesttap"));
        assertNull(nd.master("guesttap"), "an ethernet TAP joins no bridge");
        assertEquals(1300, nd.getMtu("vnet2"));
        assertTrue(ns.exec(Command.of("ip", "-d", "-o", "link", "show", "dev", "vnet2")).stdout()
                .contains(" multi_queue "), "two queues need a multi-queue TAP");
        qi.release(p);
        assertFalse(nd.exists("guesttap") || nd.exists("vnet2"));
    }

    @Test
    void unmanagedEthernetIsUsedUntouchedAndSurvivesRelease() {
        DomainDef def = live("<interface type='ethernet'><mac address='52:54:00:aa:bb:04'/>"
                + "<target dev='mytap' managed='no'/></interface>",
                "<interface type='ethernet'><mac address='52:54:00:aa:bb:05'/>"
                        + "<target dev='vnet1' managed='no'/></interface>");
        PreparedInterfaces p = qi.prepare(def);
        assertEquals(def, p.def());
        assertEquals(List.of(), p.created());
        assertMytapUntouched();
        assertFalse(nd.isOnline("vnet1"), "not brought up");
        qi.release(p);
        assertEquals(List.of(), QemuInterfaces.createdBy(p.def()), "a restarted daemon deletes nothing either");
        assertTrue(nd.exists("vnet1"));
        assertMytapUntouched();
    }

    @Test
    void unmanagedEthernetThatDoesNotExistFails() {
        VirException e = assertThrows(VirException.class, () -> qi.prepare(live("<interface type='ethernet'>"
                + "<mac address='52:54:00:aa:bb:04'/><target dev='nosuch' managed='no'/></interface>")));
        assertEquals("internal error: target managed='no' but specified dev doesn't exist", e.getMessage());
        assertFalse(nd.exists("nosuch"));
    }

    @Test
    void macvtapIsCreatedDownStartedAndRemoved() {
        PreparedInterfaces p = qi.prepare(live("<interface type='direct'><mac address='52:54:00:aa:bb:05'/>"
                + "<source dev='v0' mode='bridge'/></interface>"));
        assertEquals(List.of(new Device("macvtap0", Kind.MACVTAP)), p.created());
        assertEquals("52:54:00:aa:bb:05", nd.getMac("macvtap0"), "a macvtap carries the guest's own MAC");
        assertFalse(nd.isOnline("macvtap0"));
        String details = ns.exec(Command.of("ip", "-d", "-o", "link", "show", "dev", "macvtap0")).stdout();
        assertTrue(details.contains("macvtap") && details.contains("mode bridge"), details);
        qi.startDevices(p);
        assertTrue(nd.isOnline("macvtap0"));
        qi.release(p);
        assertFalse(nd.exists("macvtap0"));
        assertTrue(nd.exists("v0"));

        VirException e = assertThrows(VirException.class, () -> qi.prepare(live("<interface type='direct'>"
                + "<mac address='52:54:00:aa:bb:06'/><source dev='v0'/><target dev='mytap'/></interface>")));
        assertEquals("error creating macvtap interface mytap@v0 (52:54:00:aa:bb:06): File exists", e.getMessage());
        assertMytapUntouched();
    }

    @Test
    void failureHalfwayRemovesWhatThisStartCreated() {
        List<String> before = devices();
        DomainDef def = live(bridgeIface("52:54:00:aa:bb:01", null),
                "<interface type='direct'><mac address='52:54:00:aa:bb:05'/><source dev='v0'/></interface>",
                "<interface type='network'><mac address='52:54:00:aa:bb:02'/><source network='default'/>"
                        + "</interface>",
                bridgeIface("52:54:00:aa:bb:09", "mytap"));
        VirException e = assertThrows(VirException.class, () -> qi.prepare(def));
        assertEquals("Requested operation is not valid: The mytap interface already exists", e.getMessage());
        assertEquals(before, devices());
        assertMytapUntouched();
    }
}
