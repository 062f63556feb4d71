package org.jvirt.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jvirt.api.Records.NetworkDHCPLease;
import org.jvirt.api.event.ObjectEvent;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.network.NetworkDefFormatter;
import org.jvirt.spi.EventOps;
import org.jvirt.spi.Refs.NetworkRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network driver on a scratch root without touching the host: definitions, files, lookups, errors and events.
 * Lifecycle runs on bridge-mode networks (a host bridge the driver neither creates nor removes); bridges, dnsmasq
 * and iptables are {@link NetworkLiveTest}'s.
 */
class NetworkDriverTest {
    @TempDir
    Path root;

    private NetworkDriver driver;
    private Networks nets;
    private final List<ObjectEvent> events = new ArrayList<>();
    private NetworkFacets facets;

    @BeforeEach
    void start() {
        driver = new NetworkDriver(NetworkConfig.system(root));
        driver.initialize();
        nets = driver.networks;
        facets = new NetworkFacets(driver);
        facets.events().registerObjectEvent(EventOps.Family.NETWORK, null, 0, events::add);
    }

    @AfterEach
    void stop() {
        facets.close();
        driver.close();
    }

    private static String hostBridge(String name) {
        // a fixed UUID per name: a redefinition must carry the same one
        return "<network><name>" + name + "</name><uuid>" + UUID.nameUUIDFromBytes(name.getBytes())
                + "</uuid><forward mode='bridge'/><bridge name='br-" + name + "'/></network>";
    }

    private static VirException error(int code, org.junit.jupiter.api.function.Executable call) {
        VirException e = assertThrows(VirException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    private List<Integer> lifecycle() {
        // events are delivered on the bus's own thread: wait for them briefly
        long deadline = System.nanoTime() + 2_000_000_000L;
        int n = events.size();
        while (System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            if (events.size() == n) {
                break;
            }
            n = events.size();
        }
        return events.stream().map(e -> ((ObjectEvent.NetworkLifecycle) e).event()).toList();
    }

    @Test
    void defineWritesTheConfigAndAssignsBridgeAndMac() throws Exception {
        NetworkRef n = nets.defineXML("<network><name>iso</name><ip address='10.9.0.1' prefix='24'/></network>",
                0);
        String xml = nets.getXMLDesc(n, 0);
        // the lowest virbrN that no other network claims and no host device has
        assertTrue(xml.matches("(?s).*<bridge name='virbr\\d+' stp='on' delay='0'/>.*"), xml);
        assertTrue(xml.contains("<mac address='52:54:00:"), xml);
        Path config = root.resolve("etc/jvirt/qemu/networks/iso.xml");
        assertEquals(nets.getXMLDesc(n, NetworkDefFormatter.INACTIVE), Files.readString(config));
        NetworkRef second = nets.defineXML("<network><name>iso2</name></network>", 0);
        assertNotEquals(nets.getBridgeName(n), nets.getBridgeName(second));
        assertFalse(nets.isActive(n));
        assertTrue(nets.isPersistent(n));
        assertEquals(List.of("iso", "iso2"), nets.listDefinedNetworks(10));
        assertEquals(2, nets.numOfDefinedNetworks());
        assertEquals(0, nets.numOfNetworks());
        assertEquals(n, nets.lookupByUUID(n.uuid()));
        assertEquals(n, nets.lookupByName("iso"));
        assertEquals(List.of(0, 0), lifecycle());
    }

    @Test
    void libvirtErrors() {
        NetworkRef n = nets.defineXML("<network><name>a</name><uuid>11111111-2222-3333-4444-555555555555</uuid>"
                + "<bridge name='virbr77'/></network>", 0);
        assertEquals("no network with matching name 'nope'",
                error(ErrorNumber.NO_NETWORK, () -> nets.lookupByName("nope")).str2());
        error(ErrorNumber.NO_NETWORK, () -> nets.lookupByUUID(UUID.randomUUID()));
        assertEquals("network 'a' already exists with uuid 11111111-2222-3333-4444-555555555555",
                error(ErrorNumber.OPERATION_FAILED, () -> nets.defineXML("<network><name>a</name></network>", 0))
                        .str2());
        assertEquals("network 'a' is already defined with uuid 11111111-2222-3333-4444-555555555555",
                error(ErrorNumber.OPERATION_FAILED, () -> nets.defineXML("<network><name>b</name>"
                        + "<uuid>11111111-2222-3333-4444-555555555555</uuid></network>", 0)).str2());
        assertEquals("bridge name 'virbr77' already in use.", error(ErrorNumber.INTERNAL_ERROR,
                () -> nets.defineXML("<network><name>c</name><bridge name='virbr77'/></network>", 0)).str2());
        assertEquals("network 'a' is not active",
                error(ErrorNumber.OPERATION_INVALID, () -> nets.destroy(n)).str2());
        error(ErrorNumber.INVALID_ARG, () -> nets.getXMLDesc(n, 4));
        NetworkRef gone = new NetworkRef("x", UUID.randomUUID());
        error(ErrorNumber.NO_NETWORK, () -> nets.isActive(gone));
    }

    @Test
    void lifecycleOfAHostBridgeNetwork() throws Exception {
        NetworkRef n = nets.defineXML(hostBridge("hb"), 0);
        nets.create(n);
        assertTrue(nets.isActive(n));
        assertEquals("br-hb", nets.getBridgeName(n));
        assertEquals(List.of("hb"), nets.listNetworks(5));
        assertTrue(Files.exists(root.resolve("run/jvirt/network/hb.xml")));
        assertEquals("network is already active",
                error(ErrorNumber.OPERATION_INVALID, () -> nets.create(n)).str2());
        // a define while active waits for the next start; the inactive XML shows it already
        nets.defineXML(hostBridge("hb").replace("br-hb", "br-new"), 0);
        assertTrue(nets.getXMLDesc(n, 0).contains("br-hb"));
        assertTrue(nets.getXMLDesc(n, NetworkDefFormatter.INACTIVE).contains("br-new"));
        nets.destroy(n);
        assertFalse(Files.exists(root.resolve("run/jvirt/network/hb.xml")));
        assertEquals("br-new", nets.getBridgeName(n));
        nets.undefine(n);
        error(ErrorNumber.NO_NETWORK, () -> nets.lookupByName("hb"));
        assertFalse(Files.exists(root.resolve("etc/jvirt/qemu/networks/hb.xml")));
        assertEquals(List.of(NetworkDriver.EVENT_DEFINED, NetworkDriver.EVENT_STARTED, NetworkDriver.EVENT_DEFINED,
                NetworkDriver.EVENT_STOPPED, NetworkDriver.EVENT_UNDEFINED), lifecycle());
    }

    @Test
    void transientNetworksVanishWhenStoppedAndUndefineMakesActiveOnesTransient() {
        NetworkRef t = nets.createXML(hostBridge("t"), 0);
        assertFalse(nets.isPersistent(t));
        error(ErrorNumber.OPERATION_INVALID, () -> nets.undefine(t));
        assertEquals("cannot set autostart for transient network",
                error(ErrorNumber.INTERNAL_ERROR, () -> nets.setAutostart(t, true)).str2());
        nets.destroy(t);
        error(ErrorNumber.NO_NETWORK, () -> nets.lookupByName("t"));

        NetworkRef p = nets.defineXML(hostBridge("p"), 0);
        nets.create(p);
        nets.undefine(p);
        assertTrue(nets.isActive(p));
        assertFalse(nets.isPersistent(p));
        nets.destroy(p);
        error(ErrorNumber.NO_NETWORK, () -> nets.lookupByName("p"));
    }

    @Test
    void autostartAndDaemonRestart() throws Exception {
        NetworkRef auto = nets.defineXML(hostBridge("auto"), 0);
        nets.setAutostart(auto, true);
        assertTrue(Files.isSymbolicLink(root.resolve("etc/jvirt/qemu/networks/autostart/auto.xml")));
        NetworkRef running = nets.defineXML(hostBridge("running"), 0);
        nets.create(running);
        nets.defineXML(hostBridge("idle"), 0);
        assertEquals(List.of(auto), nets.listAll(16));
        driver.close();

        // a new daemon: autostarts 'auto', takes back 'running' from its status file, leaves 'idle' alone
        driver = new NetworkDriver(NetworkConfig.system(root));
        driver.initialize();
        nets = driver.networks;
        assertTrue(nets.isActive(nets.lookupByName("auto")));
        assertTrue(nets.getAutostart(nets.lookupByName("auto")));
        assertTrue(nets.isActive(nets.lookupByName("running")));
        assertFalse(nets.isActive(nets.lookupByName("idle")));
        assertEquals(List.of("auto", "running"), nets.listAll(2).stream().map(NetworkRef::name).sorted().toList());
        assertEquals(List.of("idle"), nets.listAll(1).stream().map(NetworkRef::name).toList());
        nets.setAutostart(nets.lookupByName("auto"), false);
        assertFalse(Files.exists(root.resolve("etc/jvirt/qemu/networks/autostart/auto.xml")));
    }

    @Test
    void dhcpLeasesComeFromDnsmasqsLeaseFile() throws Exception {
        NetworkRef n = nets.defineXML("<network><name>l</name><bridge name='virbr91'/><ip address='10.5.0.1' "
                + "netmask='255.255.255.0'><dhcp><range start='10.5.0.2' end='10.5.0.9'/></dhcp></ip>"
                + "<ip family='ipv6' address='fd00:5::1' prefix='64'/></network>", 0);
        Path leases = root.resolve("run/jvirt/network/l.leases");
        Files.createDirectories(leases.getParent());
        long future = System.currentTimeMillis() / 1000 + 3600;
        Files.writeString(leases, future + " 52:54:00:aa:bb:cc 10.5.0.5 guest1 01:52:54:00:aa:bb:cc\n"
                + "1000 52:54:00:00:00:01 10.5.0.6 old *\n"
                + "duid 00:01:00:01:2c:00:00:00:52:54:00:00:00:09\n"
                + future + " 1234 fd00:5::99 * 00:03:00:01:52:54:00:aa:bb:cc\n");
        List<NetworkDHCPLease> all = nets.getDHCPLeases(n, null, 0);
        assertEquals(List.of(
                new NetworkDHCPLease("virbr91", future, 0, "52:54:00:aa:bb:cc", null, "10.5.0.5", 24, "guest1",
                        "01:52:54:00:aa:bb:cc"),
                new NetworkDHCPLease("virbr91", future, 1, null, "1234", "fd00:5::99", 64, null,
                        "00:03:00:01:52:54:00:aa:bb:cc")), all);
        assertEquals(1, nets.getDHCPLeases(n, "52:54:00:AA:BB:CC", 0).size());
        assertEquals(0, nets.getDHCPLeases(n, "52:54:00:00:00:01", 0).size());
    }

    @Test
    void theBridgeServiceForHypervisorDriversFollowsTheNetworksState() {
        NetworkDriverProvider provider = NetworkDriverProvider.started(root.resolve("svc"), List.of(),
                new org.jvirt.host.ProcessCommandRunner());
        try {
            org.jvirt.spi.NetworkBridges bridges = org.jvirt.spi.SecondaryDriverProvider.servicesOf(List.of(provider))
                    .lookup(org.jvirt.spi.NetworkBridges.class);
            assertEquals(null, provider.service(String.class));
            assertEquals("no network with matching name 'hb'",
                    error(ErrorNumber.NO_NETWORK, () -> bridges.bridgeOf("hb")).str2());
            var facets = provider.open(new org.jvirt.spi.DriverProvider.OpenRequest(
                    org.jvirt.spi.ConnectUri.parse("qemu:///system"), false, 0, null));
            NetworkRef n = facets.networks().defineXML(hostBridge("hb"), 0);
            assertEquals("network 'hb' is not active",
                    error(ErrorNumber.OPERATION_INVALID, () -> bridges.bridgeOf("hb")).str2());
            facets.networks().create(n);
            assertEquals("br-hb", bridges.bridgeOf("hb"));
            facets.networks().destroy(n);
            facets.close();
            // a remote URI is not served: the daemon's connections to other hosts compose nothing
            assertEquals(null, provider.open(new org.jvirt.spi.DriverProvider.OpenRequest(
                    org.jvirt.spi.ConnectUri.parse("qemu://otherhost/system"), false, 0, null)));
        } finally {
            provider.stateCleanup();
        }
        // after cleanup the service still answers, as for a daemon without networks
        assertEquals(ErrorNumber.NO_NETWORK, assertThrows(VirException.class, () ->
                provider.service(org.jvirt.spi.NetworkBridges.class).bridgeOf("hb")).code());
    }

    /** net-update on a defined network: the persistent config changes and is saved; libvirt's refusals. */
    @Test
    void updateChangesTheConfigOfADefinedNetwork() throws Exception {
        NetworkRef n = nets.defineXML("<network><name>u</name><bridge name='virbr78'/>"
                + "<ip address='10.8.0.1' prefix='24'><dhcp><range start='10.8.0.10' end='10.8.0.20'/></dhcp></ip>"
                + "</network>", 0);
        String host = "<host mac='52:54:00:00:00:07' name='h7' ip='10.8.0.7'/>";
        nets.update(n, org.jvirt.model.network.NetworkUpdate.COMMAND_ADD_LAST,
                org.jvirt.model.network.NetworkUpdate.SECTION_IP_DHCP_HOST, -1, host, 0);
        assertTrue(nets.getXMLDesc(n, 0).contains(host), nets.getXMLDesc(n, 0));
        assertTrue(Files.readString(root.resolve("etc/jvirt/qemu/networks/u.xml")).contains(host));
        // the same host again is refused, as libvirt refuses a duplicate MAC
        error(ErrorNumber.OPERATION_INVALID, () -> nets.update(n, org.jvirt.model.network.NetworkUpdate.COMMAND_ADD_LAST,
                org.jvirt.model.network.NetworkUpdate.SECTION_IP_DHCP_HOST, -1, host, 0));
        VirException live = error(ErrorNumber.OPERATION_INVALID, () -> nets.update(n,
                org.jvirt.model.network.NetworkUpdate.COMMAND_DELETE,
                org.jvirt.model.network.NetworkUpdate.SECTION_IP_DHCP_HOST, -1, host, Networks.UPDATE_AFFECT_LIVE));
        assertEquals("Requested operation is not valid: network is not running", live.getMessage());
        nets.update(n, org.jvirt.model.network.NetworkUpdate.COMMAND_DELETE,
                org.jvirt.model.network.NetworkUpdate.SECTION_IP_DHCP_HOST, -1, host, Networks.UPDATE_AFFECT_CONFIG);
        assertFalse(nets.getXMLDesc(n, 0).contains("h7"));
    }
}
