package org.jvirt.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.host.AtomicFile;
import org.jvirt.host.Command;
import org.jvirt.host.ManagedProcess;
import org.jvirt.host.NetDev;
import org.jvirt.host.ProcessCommandRunner;
import org.jvirt.model.network.NetworkDef;

/**
 * What starting a network does on the host (networkStartNetworkVirtual): the bridge with its MAC and addresses,
 * the firewall rules, IP forwarding, and dnsmasq; and the reverse. A bridge-mode network uses a host bridge that
 * exists already and starts nothing.
 */
final class HostNetwork {
    private static final System.Logger LOG = System.getLogger("org.jvirt.network");

    private final NetworkConfig config;
    private final NetDev netdev;
    private final Firewall firewall;

    HostNetwork(NetworkConfig config) {
        this.config = config;
        this.netdev = new NetDev(config.host());
        this.firewall = new Firewall(config.host());
    }

    NetDev netdev() {
        return netdev;
    }

    /** Modes whose bridge libvirt creates and serves with dnsmasq. */
    static boolean isVirtual(NetworkDef def) {
        return switch (def.forwardMode()) {
            case "none", "nat", "route", "open" -> true;
            default -> false;
        };
    }

    Path leaseFile(String name) {
        return config.stateDir().resolve(name + ".leases");
    }

    Path pidFile(String name) {
        return config.stateDir().resolve(name + ".pid");
    }

    /** Brings the network up; everything done so far is undone when a step fails. Returns dnsmasq, or null. */
    ManagedProcess start(NetworkDef def) {
        if (def.forwardMode().equals("bridge")) {
            // the host bridge is the administrator's: libvirt neither creates nor checks it at start
            return null;
        }
        if (!isVirtual(def)) {
            throw NetworkErrors.unsupported("unsupported forward mode '" + def.forwardMode() + "'");
        }
        boolean needRules = Firewall.wants(def) && !def.forwardMode().equals("none");
        if (needRules && ProcessCommandRunner.findInPath("iptables").isEmpty()) {
            // libvirt cannot build its firewall without a backend either; a NAT without rules would not forward
            throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.NONE,
                    "Cannot find 'iptables' in path: No such file or directory");
        }
        String br = def.bridge();
        if (netdev.exists(br)) {
            // what the kernel's EEXIST becomes in virNetDevBridgeCreate; the device is left as it is
            throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.NONE, "Unable to create bridge " + br
                    + ": File exists");
        }
        List<Runnable> undo = new ArrayList<>();
        try {
            netdev.createBridge(br);
            undo.add(() -> netdev.deleteBridge(br));
            if (def.mac() != null) {
                netdev.setMac(br, def.mac().toString());
            }
            if (def.mtu() > 0) {
                netdev.setMtu(br, def.mtu());
            }
            ip("link", "set", "dev", br, "type", "bridge", "stp_state", def.stp() ? "1" : "0",
                    "forward_delay", Long.toString(def.delay() * 100));
            for (NetworkDef.Ip ip : def.ips()) {
                // IPv6 addresses must not wait for duplicate address detection: dnsmasq binds to them at once
                List<String> args = new ArrayList<>(List.of("addr", "add",
                        ip.address() + "/" + ip.effectivePrefix()));
                if (ip.address().isIpv4()) {
                    args.addAll(List.of("broadcast", ip.address().broadcast(ip.effectivePrefix()).toString()));
                }
                args.addAll(List.of("dev", br));
                if (ip.address().isIpv6()) {
                    args.add("nodad");
                }
                ip(args.toArray(String[]::new));
            }
            netdev.setOnline(br, true);
            if (Firewall.wants(def) && ProcessCommandRunner.findInPath("iptables").isPresent()) {
                firewall.add(def);
                undo.add(() -> firewall.remove(def));
            } else if (Firewall.wants(def)) {
                LOG.log(System.Logger.Level.WARNING, "no iptables: isolated network " + def.name()
                        + " runs without firewall rules");
            }
            if (def.forwardMode().equals("nat") || def.forwardMode().equals("route")) {
                config.host().run(Command.of("sysctl", "-q", "-w", "net.ipv4.ip_forward=1"));
            }
            undo.add(() -> deleteFiles(def));
            return needsDnsmasq(def) ? startDnsmasq(def) : null;
        } catch (VirException e) {
            for (Runnable r : undo.reversed()) {
                try {
                    r.run();
                } catch (VirException ignored) {
                    // the first error is the one to report
                }
            }
            throw e;
        }
    }

    /** networkNeedsDnsmasq: any address to serve, unless DNS is off and there is no DHCP either. */
    static boolean needsDnsmasq(NetworkDef def) {
        if (def.ips().isEmpty()) {
            return false;
        }
        boolean dhcp = def.ips().stream().anyMatch(i -> !i.ranges().isEmpty() || !i.hosts().isEmpty());
        return dhcp || !Boolean.FALSE.equals(def.dns().enable());
    }

    /** Whether dnsmasq serves DHCP at all (libvirt's networkUpdate compares this before and after). */
    static boolean dhcpActive(NetworkDef def) {
        return def.ips().stream().anyMatch(i -> !i.ranges().isEmpty() || !i.hosts().isEmpty());
    }

    /** networkRestartDhcpDaemon: dnsmasq stopped, its files written anew, started again (leases are kept). */
    ManagedProcess restartDnsmasq(NetworkDef def, ManagedProcess running) {
        if (running != null) {
            running.kill(Duration.ofSeconds(5));
        }
        return needsDnsmasq(def) ? startDnsmasq(def) : null;
    }

    /** networkRefreshDhcpDaemon: the hosts files rewritten and SIGHUP, which makes dnsmasq re-read them. */
    void refreshDnsmasq(NetworkDef def, ManagedProcess running) {
        if (running == null || !running.isAlive()) {
            return;
        }
        writeDnsmasqFiles(def);
        config.host().run(Command.of("kill", "-HUP", Long.toString(running.pid())));
    }

    /** The .conf, hostsfile and addnhosts of {@code def}; returns the .conf's path. */
    private Path writeDnsmasqFiles(NetworkDef def) {
        DnsmasqConf.Files files = DnsmasqConf.build(def, config.dnsmasqDir(), null);
        Path conf = config.dnsmasqDir().resolve(def.name() + ".conf");
        try {
            Files.createDirectories(config.dnsmasqDir());
            Files.createDirectories(config.stateDir());
        } catch (IOException e) {
            throw NetworkErrors.system("cannot create directory '" + config.dnsmasqDir() + "': " + e.getMessage());
        }
        // dnsmasq re-reads the hosts files on SIGHUP after dropping to user nobody: they must be world-readable
        var readable = PosixFilePermissions.fromString("rw-r--r--");
        AtomicFile.write(files.hostsfilePath(), files.hostsfile().getBytes(StandardCharsets.UTF_8), readable);
        AtomicFile.write(files.addnhostsPath(), files.addnhosts().getBytes(StandardCharsets.UTF_8), readable);
        AtomicFile.write(conf, files.conf().getBytes(StandardCharsets.UTF_8), readable);
        return conf;
    }

    private ManagedProcess startDnsmasq(NetworkDef def) {
        if (ProcessCommandRunner.findInPath("dnsmasq").isEmpty()) {
            throw NetworkErrors.internal("Unable to find 'dnsmasq' binary in $PATH");
        }
        Path conf = writeDnsmasqFiles(def);
        Path log = config.stateDir().resolve(def.name() + ".log");
        List<String> argv = new ArrayList<>(config.launchPrefix());
        Path pidFile = pidFile(def.name());
        NetworkDriver.delete(pidFile);
        // in the foreground (no fork), so the pid we spawn is dnsmasq's and a crash is seen; dnsmasq keeps its
        // own lease database, which net-dhcp-leases reads (libvirt's leaseshelper is not needed); its pidfile,
        // written once its sockets are bound, says it is ready (libvirt waits for the same file)
        argv.addAll(List.of("dnsmasq", "--conf-file=" + conf, "--keep-in-foreground", "--pid-file=" + pidFile,
                "--dhcp-leasefile=" + leaseFile(def.name())));
        ManagedProcess p = ManagedProcess.spawn(ManagedProcess.Spec.of(argv, log));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        OptionalInt exit = OptionalInt.empty();
        while (ManagedProcess.readPidFile(pidFile).isEmpty() && System.nanoTime() < deadline) {
            exit = p.waitFor(Duration.ofMillis(5));
            if (exit.isPresent() || !p.isAlive()) {
                break;
            }
        }
        if (exit.isPresent() || !p.isAlive() || ManagedProcess.readPidFile(pidFile).isEmpty()) {
            String out = "";
            try {
                out = Files.readString(log).strip();
            } catch (IOException ignored) {
                // the status is reported without the log then
            }
            p.kill(Duration.ofSeconds(1));
            throw NetworkErrors.internal("Child process (" + String.join(" ", argv) + ") unexpected "
                    + (exit.isPresent() ? "exit status " + exit.getAsInt() : "state: no pidfile")
                    + (out.isEmpty() ? "" : ": " + lastLine(out)));
        }
        return p;
    }

    private static String lastLine(String s) {
        int nl = s.lastIndexOf('\n');
        return nl < 0 ? s : s.substring(nl + 1);
    }

    /** Stops dnsmasq, removes the rules and the bridge: each step runs even when an earlier one failed. */
    void stop(NetworkDef def, ManagedProcess dnsmasq) {
        if (def.forwardMode().equals("bridge") || !isVirtual(def)) {
            return;
        }
        if (dnsmasq != null) {
            try {
                dnsmasq.kill(Duration.ofSeconds(5));
            } catch (VirException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot stop dnsmasq of " + def.name() + ": " + e.getMessage());
            }
        }
        if (Firewall.wants(def) && ProcessCommandRunner.findInPath("iptables").isPresent()) {
            firewall.remove(def);
        }
        try {
            if (netdev.exists(def.bridge())) {
                netdev.setOnline(def.bridge(), false);
                netdev.deleteBridge(def.bridge());
            }
        } catch (VirException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete bridge " + def.bridge() + ": " + e.getMessage());
        }
        deleteFiles(def);
    }

    /** The generated dnsmasq files and the pidfile; the lease database stays, as libvirt keeps its leases. */
    private void deleteFiles(NetworkDef def) {
        for (Path f : List.of(config.dnsmasqDir().resolve(def.name() + ".conf"),
                config.dnsmasqDir().resolve(def.name() + ".hostsfile"),
                config.dnsmasqDir().resolve(def.name() + ".addnhosts"), pidFile(def.name()))) {
            NetworkDriver.delete(f);
        }
    }

    private void ip(String... args) {
        List<String> argv = new ArrayList<>(List.of("ip"));
        argv.addAll(List.of(args));
        config.host().run(Command.of(argv));
    }
}
