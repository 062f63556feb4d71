package org.jvirt.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.host.Command;
import org.jvirt.host.NetDev;
import org.jvirt.host.NetNs;
import org.jvirt.host.ProcessCommandRunner;
import org.jvirt.model.network.NetworkDefFormatter;
import org.jvirt.model.network.NetworkUpdate;
import org.jvirt.spi.Refs.NetworkRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real networks inside a network namespace this test creates: the driver runs ip, iptables, sysctl and dnsmasq
 * there, so the host's own devices and firewall are never touched. A NAT network and an isolated one are started,
 * their bridge, addresses, firewall rules and dnsmasq (listening, answering a DNS query for a {@code <dns><host>}
 * name) checked, then destroyed and every trace of them verified gone. Needs root, iproute2 and dnsmasq; the NAT
 * half needs iptables too. Skipped otherwise.
 */
class NetworkLiveTest {
    @TempDir
    Path root;

    private final ProcessCommandRunner host = new ProcessCommandRunner();
    private NetNs ns;
    private NetworkDriver driver;
    private Networks nets;
    private NetNs clientNs;

    @BeforeEach
    void setUp() {
        assumeTrue(NetNs.canCreate(), "unavailable: needs root to create a network namespace");
        assumeTrue(ProcessCommandRunner.findInPath("dnsmasq").isPresent(), "unavailable: dnsmasq not installed");
        String name = "jvirt-net-" + ProcessHandle.current().pid();
        if (NetNs.list(host).contains(name)) {
            host.run(Command.of("ip", "netns", "delete", name));
        }
        ns = NetNs.create(name, host);
        // dnsmasq reads its hosts files as user nobody, as it does from libvirt's 0755 /var/lib/libvirt/dnsmasq
        try {
            Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        driver = new NetworkDriver(NetworkConfig.system(root)
                .withLaunch(List.of("ip", "netns", "exec", name), ns.runner()));
        driver.initialize();
        nets = driver.networks;
    }

    @AfterEach
    void tearDown() {
        if (driver != null) {
            for (NetworkRef n : nets.listAll(2)) {
                try {
                    nets.destroy(n);
                } catch (VirException e) {
                    // keep cleaning up
                }
            }
            driver.close();
        }
        if (clientNs != null) {
            clientNs.close();
        }
        if (ns != null) {
            ns.close();
        }
    }

    private String in(String... argv) {
        return ns.exec(Command.of(argv)).stdout();
    }

    /** A python3 helper of this test's resources, copied out so that {@code ip netns exec} can run it. */
    private Path script(String name) throws Exception {
        Path p = root.resolve(name);
        if (!Files.exists(p)) {
            try (var in = NetworkLiveTest.class.getResourceAsStream(name)) {
                Files.copy(in, p);
            }
        }
        return p;
    }

    /**
     * A "guest": a second namespace whose veth end is plugged into the network's bridge, as a TAP would be, with
     * the given MAC. Closed with the test.
     */
    private NetNs client(String bridge, String mac) {
        String name = ns.name() + "-c";
        if (NetNs.list(host).contains(name)) {
            host.run(Command.of("ip", "netns", "delete", name));
        }
        clientNs = NetNs.create(name, host);
        clientNs.exec(Command.of("ip", "link", "add", "eth0", "address", mac, "type", "veth", "peer", "name",
                "vport0", "netns", ns.name()));
        clientNs.exec(Command.of("ip", "link", "set", "eth0", "up"));
        in("ip", "link", "set", "vport0", "master", bridge, "up");
        return clientNs;
    }

    @Test
    void natNetworkWithDhcpAndDns() throws Exception {
        assumeTrue(ProcessCommandRunner.findInPath("iptables").isPresent(), "unavailable: iptables not installed");
        NetworkRef n = nets.defineXML("<network><name>nat1</name><forward mode='nat'/>"
                + "<bridge name='virbr0'/><mac address='52:54:00:0a:0b:0c'/>"
                + "<dns><host ip='10.66.0.50'><hostname>web.test</hostname></host></dns>"
                + "<ip address='10.66.0.1' netmask='255.255.255.0'><dhcp>"
                + "<range start='10.66.0.100' end='10.66.0.199'/></dhcp></ip>"
                + "<ip family='ipv6' address='fd00:66::1' prefix='64'/></network>", 0);
        nets.create(n);
        NetDev nd = new NetDev(ns.runner());
        assertTrue(nd.exists("virbr0"));
        assertTrue(nd.isOnline("virbr0"));
        assertEquals("52:54:00:0a:0b:0c", nd.getMac("virbr0"));
        String addrs = in("ip", "-o", "addr", "show", "dev", "virbr0");
        assertTrue(addrs.contains("inet 10.66.0.1/24 brd 10.66.0.255"), addrs);
        assertTrue(addrs.contains("inet6 fd00:66::1/64"), addrs);
        assertEquals("1", in("sysctl", "-n", "net.ipv4.ip_forward").strip());

        String nat = in("iptables", "-w", "-t", "nat", "-S", "LIBVIRT_PRT");
        assertTrue(nat.contains("-A LIBVIRT_PRT -s 10.66.0.0/24 ! -d 10.66.0.0/24 -j MASQUERADE"), nat);
        assertTrue(nat.indexOf("-d 224.0.0.0/24 -j RETURN") < nat.indexOf("-j MASQUERADE"), nat);
        String fwi = in("iptables", "-w", "-S", "LIBVIRT_FWI");
        assertTrue(fwi.contains("-A LIBVIRT_FWI -d 10.66.0.0/24 -o virbr0 -m conntrack --ctstate "
                + "RELATED,ESTABLISHED -j ACCEPT"), fwi);
        assertTrue(in("iptables", "-w", "-S", "FORWARD").contains("-j LIBVIRT_FWI"));

        // dnsmasq: our pid, our generated config, listening on the bridge for DNS and DHCP, answering
        Path conf = root.resolve("var/lib/jvirt/dnsmasq/nat1.conf");
        assertTrue(Files.readString(conf).contains("interface=virbr0\ndhcp-range=10.66.0.100,10.66.0.199,"
                + "255.255.255.0\n"));
        long pid = Long.parseLong(Files.readString(root.resolve("run/jvirt/network/nat1.pid")).strip());
        String cmdline = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
        assertTrue(cmdline.startsWith("dnsmasq --conf-file=" + conf), cmdline);
        String sockets = waitFor(() -> in("ss", "-lnup"), s -> s.contains("10.66.0.1:53") && s.contains(":67"));
        assertTrue(sockets.contains("10.66.0.1:53"), sockets);
        assertTrue(sockets.contains("0.0.0.0%virbr0:67") || sockets.contains("*:67"), sockets);

        // a guest on the bridge gets a lease by DHCP and resolves a <dns><host> name
        NetNs guest = client("virbr0", "52:54:00:12:34:56");
        String leased = guest.exec(Command.of("python3", script("dhcp-client.py").toString(), "eth0",
                "52:54:00:12:34:56", "guest9")).stdout().strip();
        assertTrue(leased.matches("10\\.66\\.0\\.1\\d\\d"), "not from the range: " + leased);
        guest.exec(Command.of("ip", "addr", "add", leased + "/24", "dev", "eth0"));
        assertEquals("10.66.0.50", guest.exec(Command.of("python3", script("dns-query.py").toString(), "10.66.0.1",
                "web.test")).stdout().strip(), () -> log("nat1"));
        var leases = waitForLeases(n);
        assertEquals(1, leases.size(), leases.toString());
        assertEquals(leased, leases.getFirst().ipaddr());
        assertEquals("52:54:00:12:34:56", leases.getFirst().mac());
        assertEquals("guest9", leases.getFirst().hostname());
        assertEquals(24, leases.getFirst().prefix());
        assertEquals("virbr0", leases.getFirst().iface());

        // net-update, live and config: a DNS host reaches the running dnsmasq by SIGHUP (same process) ...
        nets.update(n, NetworkUpdate.COMMAND_ADD_LAST, NetworkUpdate.SECTION_DNS_HOST, -1,
                "<host ip='10.66.0.51'><hostname>new.test</hostname></host>",
                Networks.UPDATE_AFFECT_LIVE | Networks.UPDATE_AFFECT_CONFIG);
        String dnsQuery = script("dns-query.py").toString();
        assertEquals("10.66.0.51", waitFor(() -> guest.exec(Command.of("python3", dnsQuery, "10.66.0.1", "new.test")
                .allowingFailure()).stdout().strip(), "10.66.0.51"::equals), () -> log("nat1"));
        assertEquals(pid, Long.parseLong(Files.readString(root.resolve("run/jvirt/network/nat1.pid")).strip()),
                "refreshed, not restarted");
        assertTrue(Files.readString(root.resolve("etc/jvirt/qemu/networks/nat1.xml")).contains("new.test"));
        // ... a new DHCP range needs a new dnsmasq command line: restarted, with the range in its .conf
        nets.update(n, NetworkUpdate.COMMAND_ADD_LAST, NetworkUpdate.SECTION_IP_DHCP_RANGE, 0,
                "<range start='10.66.0.20' end='10.66.0.29'/>", 0);
        long restarted = Long.parseLong(Files.readString(root.resolve("run/jvirt/network/nat1.pid")).strip());
        assertTrue(restarted != pid, "dnsmasq restarted");
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the old dnsmasq is gone");
        assertTrue(Files.readString(conf).contains("dhcp-range=10.66.0.20,10.66.0.29,255.255.255.0\n"));
        assertTrue(nets.getXMLDesc(n, 0).contains("<range start='10.66.0.20' end='10.66.0.29'/>"));
        assertFalse(nets.getXMLDesc(n, NetworkDefFormatter.INACTIVE).contains("10.66.0.20"), "CURRENT: live only");
        pid = restarted;

        String live = nets.getXMLDesc(n, 0);
        assertTrue(live.contains("<bridge name='virbr0' stp='on' delay='0'/>"), live);
        assertEquals("virbr0", nets.getBridgeName(n));

        nets.destroy(n);
        assertFalse(nd.exists("virbr0"));
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "dnsmasq still runs");
        assertFalse(in("iptables", "-w", "-t", "nat", "-S", "LIBVIRT_PRT").contains("10.66.0.0"));
        assertFalse(in("iptables", "-w", "-S").contains("virbr0"));
        assertFalse(Files.exists(conf));
        assertFalse(Files.exists(root.resolve("run/jvirt/network/nat1.xml")));
    }

    @Test
    void isolatedNetworkAndBridgeNameRules() throws Exception {
        NetDev nd = new NetDev(ns.runner());
        // an existing device is never taken: virbr0 is somebody else's here
        nd.createBridge("virbr0");
        NetworkRef n = nets.createXML("<network><name>iso</name>"
                + "<ip address='192.168.150.1' prefix='24'><dhcp><host mac='52:54:00:00:00:07' "
                + "ip='192.168.150.7'/></dhcp></ip></network>", 0);
        assertEquals("virbr1", nets.getBridgeName(n));
        assertFalse(nets.isPersistent(n));
        String conf = Files.readString(root.resolve("var/lib/jvirt/dnsmasq/iso.conf"));
        assertTrue(conf.contains("dhcp-option=3\nno-resolv\n"), conf);
        assertEquals("52:54:00:00:00:07,192.168.150.7\n",
                Files.readString(root.resolve("var/lib/jvirt/dnsmasq/iso.hostsfile")));
        waitFor(() -> in("ss", "-lnup"), s -> s.contains("192.168.150.1:53"));
        if (ProcessCommandRunner.findInPath("iptables").isPresent()) {
            String fwo = in("iptables", "-w", "-S", "LIBVIRT_FWO");
            assertTrue(fwo.contains("-A LIBVIRT_FWO -i virbr1 -j REJECT"), fwo);
        }
        // a network naming a device that exists is refused before anything is created, the device left alone
        VirException e = org.junit.jupiter.api.Assertions.assertThrows(VirException.class, () -> nets.createXML(
                "<network><name>clash</name><bridge name='virbr0'/><ip address='192.168.151.1' prefix='24'/>"
                        + "</network>", 0));
        assertEquals(ErrorNumber.SYSTEM_ERROR, e.code());
        assertEquals("Unable to create bridge virbr0: File exists", e.str2());
        org.junit.jupiter.api.Assertions.assertThrows(VirException.class, () -> nets.lookupByName("clash"));
        assertTrue(nd.exists("virbr0"), "the foreign bridge was removed");
        // dnsmasq refusing its configuration fails the start with its own words, and nothing is left behind
        VirException bad = org.junit.jupiter.api.Assertions.assertThrows(VirException.class, () -> nets.createXML(
                "<network xmlns:dnsmasq='http://libvirt.org/schemas/network/dnsmasq/1.0'><name>bad</name>"
                        + "<bridge name='virbr9'/><ip address='192.168.152.1' prefix='24'/><dnsmasq:options>"
                        + "<dnsmasq:option value='no-such-option=1'/></dnsmasq:options></network>", 0));
        assertTrue(bad.getMessage().contains("dnsmasq"), bad.getMessage());
        assertFalse(nd.exists("virbr9"), "the bridge of the failed start is gone");
        assertFalse(Files.exists(root.resolve("var/lib/jvirt/dnsmasq/bad.conf")), "its dnsmasq files too");
        org.junit.jupiter.api.Assertions.assertThrows(VirException.class, () -> nets.lookupByName("bad"));
        nets.destroy(n);
        assertFalse(nd.exists("virbr1"));
        org.junit.jupiter.api.Assertions.assertThrows(VirException.class, () -> nets.lookupByName("iso"));
    }

    private String log(String net) {
        try {
            return Files.readString(root.resolve("run/jvirt/network/" + net + ".log"));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private List<org.jvirt.api.Records.NetworkDHCPLease> waitForLeases(NetworkRef n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        var l = nets.getDHCPLeases(n, null, 0);
        while (l.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            l = nets.getDHCPLeases(n, null, 0);
        }
        return l;
    }

    private static String waitFor(java.util.function.Supplier<String> probe,
                                  java.util.function.Predicate<String> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String s = probe.get();
        while (!done.test(s) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            s = probe.get();
        }
        return s;
    }
}
