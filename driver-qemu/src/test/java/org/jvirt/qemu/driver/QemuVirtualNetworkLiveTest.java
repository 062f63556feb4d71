package org.jvirt.qemu.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
import org.jvirt.network.NetworkDriverProvider;
import org.jvirt.qemu.guest.GuestConsole;
import org.jvirt.qemu.guest.TestGuestBuilder;
import org.jvirt.spi.ConnectUri;
import org.jvirt.spi.DriverProvider;
import org.jvirt.spi.NetworkBridges;
import org.jvirt.spi.NetworkOps;
import org.jvirt.spi.Refs.NetworkRef;
import org.jvirt.spi.SecondaryDriverProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code <interface type='network'>} with the real network driver: both drivers run inside a network namespace
 * this test creates, the QEMU driver finds the network's bridge only through the {@link NetworkBridges} service (as
 * jvirtd wires it from the StateContext), and the guest's TAP joins that bridge exactly as for type='bridge'. The
 * guest's busybox udhcpc gets a lease from the network's dnsmasq, which net-dhcp-leases then reports. Guests boot
 * under TCG; needs root, qemu and dnsmasq, skipped otherwise.
 */
class QemuVirtualNetworkLiveTest {
    private static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");
    private static final String GUEST_MAC = "52:54:00:44:55:66";

    @TempDir
    Path root;

    private final ProcessCommandRunner host = new ProcessCommandRunner();
    private NetNs ns;
    private NetworkDriverProvider networkProvider;
    private SecondaryDriverProvider.Facets facets;
    private QemuDriverProvider provider;
    private TestGuestBuilder.TestGuest guest;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(Files.isExecutable(QEMU), "unavailable: qemu-system-x86_64 not installed");
        assumeTrue(NetNs.canCreate(), "unavailable: needs root to create a network namespace");
        assumeTrue(ProcessCommandRunner.findInPath("dnsmasq").isPresent(), "unavailable: dnsmasq not installed");
        guest = TestGuestBuilder.assumeGuest();
        String name = "jvirt-qvn-" + ProcessHandle.current().pid();
        if (NetNs.list(host).contains(name)) {
            host.run(Command.of("ip", "netns", "delete", name));
        }
        ns = NetNs.create(name, host);
        // dnsmasq reads its hosts files as nobody, as from libvirt's 0755 directories
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> prefix = List.of("ip", "netns", "exec", name);
        networkProvider = NetworkDriverProvider.started(root.resolve("net"), prefix, ns.runner());
        facets = networkProvider.open(new DriverProvider.OpenRequest(ConnectUri.parse("qemu:///system"), false, 0,
                null));
        provider = QemuDriverProvider.started(QemuDriverConfig.system(root.resolve("qemu"))
                .withLaunch(prefix, ns.runner()), networkProvider.service(NetworkBridges.class));
    }

    @AfterEach
    void tearDown() {
        if (provider != null) {
            try (Connect c = open()) {
                for (Domain d : c.listAllDomains(1)) {
                    d.destroy();
                }
            } catch (RuntimeException e) {
                // nothing left to stop
            }
            provider.stateCleanup();
        }
        if (facets != null) {
            for (NetworkRef n : facets.networks().listAll(2)) {
                facets.networks().destroy(n);
            }
            facets.close();
        }
        if (networkProvider != null) {
            networkProvider.stateCleanup();
        }
        if (ns != null) {
            ns.close();
        }
    }

    private Connect open() {
        return Connect.openAuth("qemu:///system", null, 0, List.of(provider));
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
                    <cmdline>console=ttyS0 panic=-1</cmdline>
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

    @Test
    void guestOnAVirtualNetworkGetsItsTapOnTheBridgeAndALeaseFromDnsmasq() throws Exception {
        NetworkOps nets = facets.networks();
        NetworkRef net = nets.defineXML("<network><name>default</name><bridge name='virbr0'/>"
                + "<ip address='10.78.0.1' prefix='24'><dhcp><range start='10.78.0.10' end='10.78.0.20'/>"
                + "</dhcp></ip></network>", 0);
        NetDev nd = new NetDev(ns.runner());
        String iface = """
                <interface type='network'><source network='default'/><mac address='%s'/><model type='virtio'/>
                </interface>""".formatted(GUEST_MAC);
        try (Connect c = open()) {
            // an inactive network: libvirt's error, nothing created
            Domain early = c.domainDefineXML(xml("jv-early", guest, iface));
            VirException inactive = assertThrows(VirException.class, early::create);
            assertEquals(ErrorNumber.OPERATION_INVALID, inactive.code(), inactive.getMessage());
            assertTrue(inactive.getMessage().endsWith("network 'default' is not active"), inactive.getMessage());
            early.undefine();

            nets.create(net);
            Domain d = c.domainDefineXML(xml("jv-net", guest, iface)).create();
            String live = d.getXMLDesc(0);
            assertTrue(live.contains("<interface type='network'>"), live);
            assertTrue(live.contains("<source network='default' bridge='virbr0'/>"), live);
            Matcher m = Pattern.compile("<target dev='([^']+)'").matcher(live);
            assertTrue(m.find(), live);
            String tap = m.group(1);
            assertEquals("virbr0", nd.master(tap), "the TAP joined the network's bridge");
            assertFalse(d.getXMLDesc(2).contains("bridge='virbr0'"), "inactive XML keeps only the network name");

            try (GuestConsole con = GuestConsole.openPty(LiveGuests.pty(d))) {
                con.awaitLine("GUEST READY", Duration.ofSeconds(90));
                con.send("udhcpc -i eth0 -f -q -n -t 20 -T 1 -s /bin/true -x hostname:jvnet");
                String lease = con.await(l -> l.contains("lease of 10.78.0."), Duration.ofSeconds(60),
                        "a DHCP lease");
                Matcher ip = Pattern.compile("lease of (10\\.78\\.0\\.\\d+)").matcher(lease);
                assertTrue(ip.find(), lease);
                var leases = nets.getDHCPLeases(net, GUEST_MAC, 0);
                for (int i = 0; i < 50 && leases.isEmpty(); i++) {
                    Thread.sleep(100);
                    leases = nets.getDHCPLeases(net, GUEST_MAC, 0);
                }
                assertEquals(1, leases.size(), leases.toString());
                assertEquals(ip.group(1), leases.getFirst().ipaddr());
                assertEquals("jvnet", leases.getFirst().hostname());
            }
            d.destroy();
            assertFalse(nd.exists(tap), "the TAP is gone with the guest");

            // the TAP rule holds for network interfaces too: an existing target device is never taken over
            nd.createTap("taken0", 0);
            Domain named = c.domainDefineXML(xml("jv-named", guest, """
                    <interface type='network'><source network='default'/><target dev='taken0'/></interface>"""));
            VirException e = assertThrows(VirException.class, named::create);
            assertEquals("Requested operation is not valid: The taken0 interface already exists", e.getMessage());
            assertTrue(nd.exists("taken0"));
            assertEquals(null, nd.master("taken0"));

            Domain nowhere = c.domainDefineXML(xml("jv-nowhere", guest,
                    "<interface type='network'><source network='nope'/></interface>"));
            VirException none = assertThrows(VirException.class, nowhere::create);
            assertEquals(ErrorNumber.NO_NETWORK, none.code(), none.getMessage());
        }
    }
}
