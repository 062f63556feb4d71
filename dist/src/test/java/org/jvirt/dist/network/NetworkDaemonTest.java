package org.jvirt.dist.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jvirt.dist.DaemonProcess;
import org.jvirt.dist.DaemonProcess.Result;

/**
 * The network driver through jvirtd with libvirt's own virsh. jvirtd runs inside a network namespace this test
 * creates, so its bridges, firewall rules and dnsmasq never touch the host: the whole life of a network (define,
 * start, list, info, dumpxml live and inactive, autostart, DHCP leases, destroy, undefine) and libvirt's errors.
 * The steps that need no bridge run against a real libvirtd 9.0 too (unprivileged, as nobody, on
 * {@code qemu:///session}, where its network driver defines but cannot start networks) and must print the same.
 */
class NetworkDaemonTest {
    private static final Path VIRSH = Path.of("/usr/bin/virsh");
    private static final Path LIBVIRTD = Path.of("/usr/sbin/libvirtd");
    private static final String NETWORK = """
            <network>
              <name>jnet</name>
              <uuid>0a6e9d3c-42a4-4b4c-9e1a-6a0d4f7e1c11</uuid>
              <bridge name='virbr42' stp='on' delay='0'/>
              <mac address='52:54:00:42:42:42'/>
              <domain name='jnet.test'/>
              <ip address='10.42.0.1' netmask='255.255.255.0'>
                <dhcp>
                  <range start='10.42.0.100' end='10.42.0.150'/>
                  <host mac='52:54:00:00:00:01' name='fixed' ip='10.42.0.10'/>
                </dhcp>
              </ip>
            </network>
            """;

    private Path root;
    private String netns;
    private final List<AutoCloseable> daemons = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable d : daemons.reversed()) {
            d.close();
        }
        if (netns != null) {
            // the kernel removes the namespace's bridge; dnsmasq, if jvirtd left it, goes with the pidfile's pid
            for (Path pid : List.of(root.resolve("j/state/run/jvirt/network/jnet.pid"))) {
                if (Files.exists(pid)) {
                    ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(ProcessHandle::destroy);
                }
            }
            DaemonProcess.run(List.of("ip", "netns", "delete", netns), Map.of());
        }
        if (root != null) {
            try (var files = Files.walk(root)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (java.io.IOException ignored) {
                // best effort
            }
        }
    }

    /** jvirtd running inside a fresh network namespace (its state under {@code root/j/state}). */
    private DaemonProcess jvirtdInNetns() throws Exception {
        netns = "jvirt-nd-" + ProcessHandle.current().pid();
        DaemonProcess.run(List.of("ip", "netns", "delete", netns), Map.of());
        assertEquals(0, DaemonProcess.run(List.of("ip", "netns", "add", netns), Map.of()).rc());
        DaemonProcess.run(List.of("ip", "netns", "exec", netns, "ip", "link", "set", "lo", "up"), Map.of());
        DaemonProcess jvirtd = DaemonProcess.jvirtd(root.resolve("j"), root.resolve("j/state"))
                .launchedWith(List.of("ip", "netns", "exec", netns));
        daemons.add(jvirtd);
        return jvirtd.start();
    }

    private static Result virsh(String uri, String step) throws Exception {
        return DaemonProcess.run(List.of(VIRSH.toString(), "-c", uri, step), Map.of());
    }

    /** libvirtd 9.0 as nobody, as REAL-LIBVIRT.md runs it. */
    private String startLibvirtd(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("run"));
        Files.createDirectories(dir.resolve("home"));
        Files.writeString(dir.resolve("conf"), """
                listen_tcp = 0
                listen_tls = 0
                unix_sock_dir = "%s"
                unix_sock_rw_perms = "0777"
                auth_unix_rw = "none"
                auth_unix_ro = "none"
                """.formatted(dir.resolve("run")));
        DaemonProcess.run(List.of("chown", "-R", "nobody:nogroup", dir.toString()), Map.of());
        ProcessBuilder pb = new ProcessBuilder("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                LIBVIRTD.toString(), "-f", dir.resolve("conf").toString(), "-p", dir.resolve("pid").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile());
        pb.environment().put("HOME", dir.resolve("home").toString());
        pb.environment().put("XDG_RUNTIME_DIR", dir.resolve("home").toString());
        Process p = pb.start();
        daemons.add(() -> {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        });
        DaemonProcess.awaitSocket(p, dir.resolve("run/libvirt-sock"), dir.resolve("log"));
        return "qemu+unix:///session?socket=" + dir.resolve("run/libvirt-sock");
    }

    private static String mask(String out, Path dir) {
        return out.replace(dir.toString(), "DIR");
    }

    /** Steps that need no bridge: both daemons must print the same. */
    private static List<String> offlineSteps(Path xml) {
        return List.of(
                "net-define " + xml,
                "net-define " + xml,
                "net-list --all",
                "net-list --all --name",
                "net-info jnet",
                "net-uuid jnet",
                "net-name 0a6e9d3c-42a4-4b4c-9e1a-6a0d4f7e1c11",
                "net-dumpxml jnet",
                "net-dumpxml jnet --inactive",
                "net-autostart jnet",
                "net-list --all --autostart",
                "net-autostart jnet --disable",
                "net-list --all --inactive --persistent",
                "net-destroy jnet",
                "net-info nope",
                "net-undefine nope",
                "net-undefine jnet",
                "net-list --all");
    }

    @Test
    void virshNetworkLifeThroughJvirtd() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "unavailable: needs root (network namespace)");
        assumeTrue(Files.isExecutable(VIRSH), "unavailable: virsh");
        assumeTrue(DaemonProcess.run(List.of("sh", "-c", "command -v dnsmasq"), Map.of()).rc() == 0,
                "unavailable: dnsmasq");
        // unix socket paths are limited to 108 bytes: a short directory, readable by nobody and dnsmasq
        root = Files.createTempDirectory(Path.of("/tmp"), "jvirt-net",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path xml = root.resolve("jnet.xml");
        Files.writeString(xml, NETWORK);
        Files.setPosixFilePermissions(xml, PosixFilePermissions.fromString("rw-r--r--"));
        DaemonProcess jvirtd = jvirtdInNetns();
        String juri = jvirtd.uri("qemu", "system");

        List<String> offline = new ArrayList<>();
        for (String step : offlineSteps(xml)) {
            Result r = virsh(juri, step);
            offline.add(r.rc() + " " + mask(r.out(), root));
        }
        Map<String, String> seen = new LinkedHashMap<>();
        // the full life, jvirtd only: a real bridge and dnsmasq in the namespace
        List<String> live = List.of(
                "net-define " + xml,
                "net-start jnet",
                "net-start jnet",
                "net-list",
                "net-info jnet",
                "net-dumpxml jnet",
                "net-dhcp-leases jnet",
                "net-undefine jnet",
                "net-list --all --transient",
                "net-destroy jnet",
                "net-list --all");
        List<String> out = new ArrayList<>();
        for (String step : live) {
            Result r = virsh(juri, step);
            out.add(r.rc() + " " + mask(r.out(), root));
            if (step.equals("net-start jnet") && r.rc() == 0) {
                String addr = DaemonProcess.run(List.of("ip", "netns", "exec", netns, "ip", "-o", "addr", "show",
                        "dev", "virbr42"), Map.of()).out();
                seen.put("bridge", addr.contains("inet 10.42.0.1/24") ? "up" : addr);
                String ss = DaemonProcess.run(List.of("ip", "netns", "exec", netns, "ss", "-lnup"), Map.of()).out();
                seen.put("dnsmasq", ss.contains("dnsmasq") ? "listening" : ss);
            }
        }
        String log = "jvirtd log:\n" + jvirtd.logText() + "\n" + offline + "\n" + seen + "\n" + out;
        // the offline half did its work (so that a comparison cannot pass by both daemons failing alike)
        assertEquals("0 Network jnet defined from DIR/jnet.xml\n\n", offline.get(0), log);
        assertTrue(offline.get(7).contains("<mac address='52:54:00:42:42:42'/>"), log);
        assertTrue(offline.get(10).contains(" jnet   inactive   yes         yes"), log);
        assertEquals("0 Network jnet defined from DIR/jnet.xml\n\n", out.get(0), log);
        assertEquals("0 Network jnet started\n\n", out.get(1), log);
        assertEquals("1 error: Failed to start network jnet\n"
                + "error: Requested operation is not valid: network is already active\n\n", out.get(2), log);
        assertEquals("up", seen.get("bridge"), log);
        assertEquals("listening", seen.get("dnsmasq"), log);
        assertTrue(out.get(3).endsWith(" jnet   active   no          yes\n\n"), log);
        assertTrue(out.get(4).contains("Active:         yes\n"), log);
        assertTrue(out.get(5).contains("<bridge name='virbr42' stp='on' delay='0'/>"), log);
        assertTrue(out.get(6).startsWith("0  Expiry Time   MAC address   Protocol   IP address"), log);
        assertEquals("0 Network jnet has been undefined\n\n", out.get(7), log);
        assertTrue(out.get(8).endsWith(" jnet   active   no          no\n\n"), log);
        assertEquals("0 Network jnet destroyed\n\n", out.get(9), log);
        assertTrue(out.get(10).startsWith("0  Name   State   Autostart   Persistent\n"), log);
        assertTrue(!out.get(10).contains("jnet"), log);
        assertTrue(DaemonProcess.run(List.of("ip", "netns", "exec", netns, "ip", "link", "show", "virbr42"),
                Map.of()).rc() != 0, "the bridge is gone");

        // the same offline steps against libvirtd
        if (!Files.isExecutable(LIBVIRTD) || !Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libvirt/"
                + "connection-driver/libvirt_driver_network.so"))) {
            System.out.println("libvirtd or its network driver missing: jvirtd checked alone\n" + offline);
            return;
        }
        String luri = startLibvirtd(root.resolve("l"));
        StringBuilder diffs = new StringBuilder();
        List<String> steps = offlineSteps(xml);
        for (int i = 0; i < steps.size(); i++) {
            Result l = virsh(luri, steps.get(i));
            String lm = l.rc() + " " + mask(l.out(), root);
            if (!lm.equals(offline.get(i))) {
                diffs.append("step ").append(steps.get(i)).append("\n-- libvirtd:\n").append(lm)
                        .append("-- jvirtd:\n").append(offline.get(i)).append('\n');
            }
        }
        assertEquals("", diffs.toString(), log);
    }

    /** Network lifecycle events reach a python3-libvirt client through jvirtd (a host-bridge network: no devices). */
    @Test
    void pythonReceivesNetworkLifecycleEvents() throws Exception {
        assumeTrue(DaemonProcess.run(List.of("/usr/bin/python3", "-c", "import libvirt"), Map.of()).rc() == 0,
                "unavailable: python3-libvirt");
        root = Files.createTempDirectory(Path.of("/tmp"), "jvirt-netev");
        DaemonProcess jvirtd = DaemonProcess.jvirtd(root.resolve("j"), root.resolve("j/state"));
        daemons.add(jvirtd);
        String uri = jvirtd.start().uri("qemu", "root".equals(System.getProperty("user.name")) ? "system" : "session");
        Path script = root.resolve("events.py");
        Files.writeString(script, """
                import libvirt, sys, threading, time
                libvirt.virEventRegisterDefaultImpl()
                threading.Thread(target=lambda: [libvirt.virEventRunDefaultImpl() for _ in iter(int, 1)],
                                 daemon=True).start()
                c = libvirt.open(sys.argv[1])
                events = []
                cb = c.networkEventRegisterAny(None, libvirt.VIR_NETWORK_EVENT_ID_LIFECYCLE,
                                               lambda _c, net, ev, detail, _o: events.append((net.name(), ev, detail)),
                                               None)
                n = c.networkDefineXML("<network><name>evnet</name><forward mode='bridge'/>"
                                       "<bridge name='br-ev'/></network>")
                n.create()
                print(n.bridgeName(), n.isActive(), n.isPersistent())
                n.destroy()
                n.undefine()
                t0 = time.time()
                while len(events) < 4 and time.time() - t0 < 10:
                    time.sleep(0.05)
                print(events)
                c.networkEventDeregisterAny(cb)
                """);
        Result r = DaemonProcess.run(List.of("/usr/bin/python3", script.toString(), uri), Map.of());
        assertEquals("br-ev 1 1\n[('evnet', 0, 0), ('evnet', 2, 0), ('evnet', 3, 0), ('evnet', 1, 0)]\n", r.out(),
                jvirtd.logText());
    }

    /**
     * A QEMU guest with {@code <interface type='network'>} through jvirtd: the QEMU driver finds the network's
     * bridge through the service jvirtd wires from the network driver into its StateContext. The guest has no OS
     * (firmware only, TCG): only its NIC matters.
     */
    @Test
    void virshGuestOnAVirtualNetworkThroughJvirtd() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "unavailable: needs root (network namespace)");
        assumeTrue(Files.isExecutable(VIRSH), "unavailable: virsh");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/qemu-system-x86_64")), "unavailable: qemu-system-x86_64");
        assumeTrue(DaemonProcess.run(List.of("sh", "-c", "command -v dnsmasq"), Map.of()).rc() == 0,
                "unavailable: dnsmasq");
        root = Files.createTempDirectory(Path.of("/tmp"), "jvirt-netvm",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path xml = root.resolve("jnet.xml");
        Files.writeString(xml, NETWORK);
        Path dom = root.resolve("vm.xml");
        Files.writeString(dom, """
                <domain type='qemu'>
                  <name>jnetvm</name>
                  <memory unit='MiB'>64</memory>
                  <os><type arch='x86_64' machine='pc'>hvm</type></os>
                  <devices>
                    <interface type='network'><source network='jnet'/><mac address='52:54:00:42:00:01'/>
                      <model type='virtio'/></interface>
                    <memballoon model='none'/>
                  </devices>
                </domain>
                """);
        DaemonProcess jvirtd = jvirtdInNetns();
        String uri = jvirtd.uri("qemu", "system");
        assertEquals(0, virsh(uri, "net-create " + xml).rc());
        Result created = virsh(uri, "create " + dom);
        assertEquals(0, created.rc(), created.out() + jvirtd.logText());
        try {
            Result ifs = virsh(uri, "domiflist jnetvm");
            assertTrue(ifs.out().matches("(?s).* (vnet\\d+) +network +jnet +virtio +52:54:00:42:00:01.*"), ifs.out());
            String tap = ifs.out().replaceAll("(?s).* (vnet\\d+) +network.*", "$1");
            String link = DaemonProcess.run(List.of("ip", "netns", "exec", netns, "ip", "-o", "link", "show", tap),
                    Map.of()).out();
            assertTrue(link.contains("master virbr42"), link);
            assertTrue(virsh(uri, "dumpxml jnetvm").out().contains("<source network='jnet' bridge='virbr42'/>"));
        } finally {
            virsh(uri, "destroy jnetvm");
            virsh(uri, "net-destroy jnet");
        }
    }
}
