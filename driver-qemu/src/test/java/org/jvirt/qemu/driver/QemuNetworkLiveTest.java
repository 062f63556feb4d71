package org.jvirt.qemu.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jvirt.api.Connect;
import org.jvirt.api.Domain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.host.Command;
import org.jvirt.host.NetDev;
import org.jvirt.host.NetNs;
import org.jvirt.host.ProcessCommandRunner;
import org.jvirt.qemu.guest.GuestConsole;
import org.jvirt.qemu.guest.TestGuestBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libvirt's TAP rule with real guests: the driver runs QEMU inside a network namespace this test creates (bridge
 * {@code br0}, pre-made TAPs {@code vnet0}, {@code mytap} on br0 with a known MAC, and {@code pretap}), and every
 * branch is proven through the public API: a generated name never reuses an existing device, a named existing device
 * makes the start fail and is left untouched (bridge and managed ethernet), {@code managed='no'} ethernet uses the
 * pre-made TAP untouched and keeps it after the guest stops, and a reserved-prefix name in inactive XML is replaced.
 * Guests boot under TCG (see TEST-GUEST.md); needs root, iproute2 and qemu, skipped otherwise.
 */
class QemuNetworkLiveTest {
    private static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");
    private static final String MYTAP_MAC = "02:00:00:00:00:aa";
    private static final String GUEST_MAC = "52:54:00:11:22:33";

    @TempDir
    Path root;

    private final ProcessCommandRunner host = new ProcessCommandRunner();
    private NetNs ns;
    private NetDev nd;
    private QemuDriverProvider provider;
    private TestGuestBuilder.TestGuest guest;

    @BeforeEach
    void setUp() {
        assumeTrue(Files.isExecutable(QEMU), "unavailable: qemu-system-x86_64 not installed");
        assumeTrue(NetNs.canCreate(), "unavailable: needs root to create a network namespace");
        guest = TestGuestBuilder.assumeGuest();
        String name = "jvirt-qn-" + ProcessHandle.current().pid();
        if (NetNs.list(host).contains(name)) {
            host.run(Command.of("ip", "netns", "delete", name));
        }
        ns = NetNs.create(name, host);
        nd = new NetDev(ns.runner());
        nd.createBridge("br0");
        nd.setOnline("br0", true);
        ns.exec(Command.of("ip", "addr", "add", "10.77.0.1/24", "dev", "br0"));
        for (String tap : List.of("vnet0", "mytap", "pretap")) {
            nd.createTap(tap, 0);
        }
        nd.setMac("mytap", MYTAP_MAC);
        nd.addToBridge("br0", "mytap");
        nd.setOnline("mytap", true);
        provider = QemuDriverProvider.started(QemuDriverConfig.system(root)
                .withLaunch(List.of("ip", "netns", "exec", name), ns.runner()));
    }

    @AfterEach
    void tearDown() {
        if (provider != null) {
            try (Connect c = Connect.openAuth("qemu:///system", null, 0, List.of(provider))) {
                for (Domain d : c.listAllDomains(1)) {
                    d.destroy();
                }
            } catch (RuntimeException e) {
                // nothing left to stop
            }
            provider.stateCleanup();
        }
        if (ns != null) {
            ns.close();
        }
    }

    private static String xml(String name, TestGuestBuilder.TestGuest g, String iface) {
        return """
                <domain type='qemu'>
                  <name>%s</name>
                  <memory unit='MiB'>96</memory>
                  <os>
                    <type arch='x86_64' machine='pc'>hvm</type>
                    <kernel>%s</kernel>
                    <initrd>%s</initrd>
                    <cmdline>console=ttyS0 panic=-1 guest.ip=10.77.0.2/24</cmdline>
                  </os>
                  <features><acpi/></features>
                  <devices>
                    %s
                    <serial type='pty'><target port='0'/></serial>
                    <memballoon model='none'/>
                  </devices>
                </domain>
                """.formatted(name, g.kernel(), g.initrd(), iface);
    }

    private static String targetDev(Domain d) {
        Matcher m = Pattern.compile("<target dev='([^']+)'").matcher(d.getXMLDesc(0));
        assertTrue(m.find(), d.getXMLDesc(0));
        return m.group(1);
    }

    private Connect open() {
        return Connect.openAuth("qemu:///system", null, 0, List.of(provider));
    }

    @Test
    void generatedNameOnABridgeNeverReusesAnExistingDeviceAndTheGuestSeesItsNic() throws Exception {
        try (Connect c = open()) {
            Domain d = c.domainDefineXML(xml("jv-br", guest, """
                    <interface type='bridge'><source bridge='br0'/><mac address='%s'/><model type='virtio'/>
                    </interface>""".formatted(GUEST_MAC)));
            d = d.create();
            String tap = targetDev(d);
            assertTrue(tap.startsWith("vnet"), tap);
            assertNotEquals("vnet0", tap, "vnet0 exists in the namespace and is never reused");
            assertEquals("br0", nd.master(tap), "attached to the bridge");
            assertEquals("fe:54:00:11:22:33", nd.getMac(tap), "host side MAC: first byte 0xfe");
            try (GuestConsole con = GuestConsole.openPty(LiveGuests.pty(d))) {
                con.awaitLine("GUEST READY", Duration.ofSeconds(60));
                assertEquals(List.of("GUEST NET eth0 " + GUEST_MAC), con.seen("GUEST NET"), con.tail(30));
                // The NIC really carries traffic over the bridge: the guest reaches the host side, and the
                // neighbour entry that leaves on the host is what `domifaddr --source arp` reports.
                con.send("ping -c 1 -W 5 10.77.0.1");
                con.await(l -> l.contains("1 packets received"), Duration.ofSeconds(20), "a ping reply");
            }
            var addrs = d.interfaceAddresses(2, 0);
            assertEquals(1, addrs.size(), addrs.toString());
            assertEquals(tap, addrs.getFirst().name());
            assertEquals(GUEST_MAC, addrs.getFirst().hwaddr());
            assertEquals("10.77.0.2", addrs.getFirst().addrs().getFirst().addr());
            d.destroy();
            assertFalse(nd.exists(tap), "the TAP jvirt made is gone with the guest");
            assertTrue(nd.exists("vnet0"), "the pre-made vnet0 is untouched");
        }
    }

    /**
     * Hot-plug under the same rule (qemuDomainAttachNetDevice): a named existing device is refused and untouched; a
     * NIC on the bridge gets a fresh vnetN, the guest sees it and pings the host through it; unplug removes the TAP.
     */
    @Test
    void hotPluggedBridgeNicGetsAFreshTapCarriesTrafficAndItsTapGoesWithIt() throws Exception {
        String mac = "52:54:00:11:22:44";
        try (Connect c = open()) {
            Domain d = c.domainCreateXML(xml("jv-hp", guest, ""), 0);
            try (GuestConsole con = GuestConsole.openPty(LiveGuests.pty(d))) {
                con.awaitLine("GUEST READY", Duration.ofSeconds(60));
                VirException e = assertThrows(VirException.class, () -> d.attachDeviceFlags(
                        "<interface type='bridge'><source bridge='br0'/><target dev='mytap'/></interface>", 1));
                assertEquals("Requested operation is not valid: The mytap interface already exists", e.getMessage());
                assertEquals(MYTAP_MAC, nd.getMac("mytap"));
                assertEquals("br0", nd.master("mytap"));
                assertFalse(d.getXMLDesc(0).contains("<interface"), "a refused NIC leaves no trace");

                d.attachDeviceFlags("<interface type='bridge'><source bridge='br0'/><mac address='" + mac
                        + "'/><model type='virtio'/></interface>", 1);
                String tap = targetDev(d);
                assertTrue(tap.startsWith("vnet") && !tap.equals("vnet0"), tap);
                assertEquals("br0", nd.master(tap), "attached to the bridge");
                assertEquals("fe:54:00:11:22:44", nd.getMac(tap));
                con.awaitLine("GUEST HOTPLUG add net eth0 " + mac, Duration.ofSeconds(60));
                con.send("ip addr add 10.77.0.3/24 dev eth0; ip link set eth0 up; ping -c 1 -W 5 10.77.0.1");
                con.await(l -> l.contains("1 packets received"), Duration.ofSeconds(30),
                        "a ping reply over the hot-plugged NIC");

                d.detachDeviceFlags("<interface type='bridge'><mac address='" + mac + "'/></interface>", 1);
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (nd.exists(tap) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertFalse(nd.exists(tap), "the TAP goes once the guest let the NIC go");
                assertFalse(d.getXMLDesc(0).contains("<interface"), d.getXMLDesc(0));
            }
            d.destroy();
            assertTrue(nd.exists("vnet0") && nd.exists("mytap"), "pre-made devices untouched");
        }
    }

    @Test
    void anExistingTargetDeviceFailsTheStartAndIsLeftUntouched() {
        try (Connect c = open()) {
            for (String iface : List.of(
                    "<interface type='bridge'><source bridge='br0'/><target dev='mytap'/></interface>",
                    "<interface type='ethernet'><target dev='mytap'/></interface>")) {
                Domain d = c.domainDefineXML(xml("jv-exists", guest, iface));
                VirException e = assertThrows(VirException.class, d::create);
                assertEquals(ErrorNumber.OPERATION_INVALID, e.code(), e.getMessage());
                assertEquals("Requested operation is not valid: The mytap interface already exists",
                        e.getMessage());
                assertFalse(c.domainLookupByName("jv-exists").isActive());
                assertEquals(MYTAP_MAC, nd.getMac("mytap"));
                assertTrue(nd.isOnline("mytap"));
                assertEquals("br0", nd.master("mytap"));
                d.undefine();
            }
        }
    }

    @Test
    void unmanagedEthernetUsesThePreMadeTapUntouchedAndKeepsIt() throws Exception {
        try (Connect c = open()) {
            String before = nd.getMac("pretap");
            Domain d = c.domainDefineXML(xml("jv-unmanaged", guest, """
                    <interface type='ethernet'><target dev='pretap' managed='no'/><mac address='%s'/>
                    <model type='virtio'/></interface>""".formatted(GUEST_MAC)));
            d = d.create();
            assertEquals("pretap", targetDev(d));
            try (GuestConsole con = GuestConsole.openPty(LiveGuests.pty(d))) {
                con.awaitLine("GUEST READY", Duration.ofSeconds(60));
                assertEquals(List.of("GUEST NET eth0 " + GUEST_MAC), con.seen("GUEST NET"), con.tail(30));
            }
            assertEquals(before, nd.getMac("pretap"), "no MAC change on an unmanaged TAP");
            d.destroy();
            assertTrue(nd.exists("pretap"), "an unmanaged TAP outlives the guest");

            Domain missing = c.domainDefineXML(xml("jv-missing", guest,
                    "<interface type='ethernet'><target dev='notthere' managed='no'/></interface>"));
            VirException e = assertThrows(VirException.class, missing::create);
            assertEquals(ErrorNumber.INTERNAL_ERROR, e.code(), e.getMessage());
            assertFalse(nd.exists("notthere"), "nothing is created for a missing unmanaged TAP");
        }
    }

    @Test
    void reservedPrefixNamesInInactiveXmlAreReplacedByFreshOnes() {
        try (Connect c = open()) {
            Domain d = c.domainDefineXML(xml("jv-reserved", guest,
                    "<interface type='bridge'><source bridge='br0'/><target dev='vnet0'/></interface>"));
            assertFalse(d.getXMLDesc(0).contains("vnet0"), "a vnet name is dropped at define");
            d = d.create();
            String tap = targetDev(d);
            assertTrue(tap.startsWith("vnet") && !tap.equals("vnet0"), tap);
            assertEquals("br0", nd.master(tap));
            d.destroy();
            assertTrue(nd.exists("vnet0"), "the existing vnet0 was never touched");
        }
    }
}
