package org.jvirt.network;

import java.util.ArrayList;
import java.util.List;
import org.jvirt.core.VirException;
import org.jvirt.host.Command;
import org.jvirt.host.CommandRunner;
import org.jvirt.model.network.NetworkDef;

/**
 * A network's iptables rules in libvirt's private chains (bridge_driver_linux.c with the iptables backend):
 * LIBVIRT_INP/OUT let guests reach dnsmasq (DNS 53, DHCP 67/68), LIBVIRT_FWX lets guests of one bridge talk,
 * LIBVIRT_FWI/FWO accept the network's forwarded traffic (nat, route) and reject the rest, nat's LIBVIRT_PRT
 * masquerades. IPv4 only: IPv6 forwarding (ip6tables) is not implemented.
 */
final class Firewall {
    /** One rule: table, chain and match/target arguments, added with --insert as libvirt does. */
    record Rule(String table, String chain, List<String> args) {
        Rule {
            args = List.copyOf(args);
        }
    }

    /** libvirt's private chains and the built-in chain each is jumped to from. */
    private static final List<List<String>> CHAINS = List.of(
            List.of("filter", "INPUT", "LIBVIRT_INP"), List.of("filter", "OUTPUT", "LIBVIRT_OUT"),
            List.of("filter", "FORWARD", "LIBVIRT_FWO"), List.of("filter", "FORWARD", "LIBVIRT_FWI"),
            List.of("filter", "FORWARD", "LIBVIRT_FWX"), List.of("nat", "POSTROUTING", "LIBVIRT_PRT"));

    private final CommandRunner host;
    /** The private chains were made by this driver; libvirt too sets them up once, not per network. */
    private boolean chainsReady;

    Firewall(CommandRunner host) {
        this.host = host;
    }

    /** Whether the network's mode has rules at all: open and bridge networks leave the firewall alone. */
    static boolean wants(NetworkDef def) {
        return switch (def.forwardMode()) {
            case "none", "nat", "route" -> true;
            default -> false;
        };
    }

    /** The rules in the order they are inserted (so the last one ends up first in its chain). */
    static List<Rule> rules(NetworkDef def) {
        String br = def.bridge();
        List<Rule> out = new ArrayList<>();
        for (String proto : List.of("tcp", "udp")) {
            for (String port : List.of("67", "53")) {
                out.add(new Rule("filter", "LIBVIRT_INP", List.of("-i", br, "-p", proto, "-m", proto, "--dport",
                        port, "-j", "ACCEPT")));
            }
            for (String port : List.of("68", "53")) {
                out.add(new Rule("filter", "LIBVIRT_OUT", List.of("-o", br, "-p", proto, "-m", proto, "--dport",
                        port, "-j", "ACCEPT")));
            }
        }
        // reject first, so that the accepts inserted after them sit above
        out.add(new Rule("filter", "LIBVIRT_FWO", List.of("-i", br, "-j", "REJECT", "--reject-with",
                "icmp-port-unreachable")));
        out.add(new Rule("filter", "LIBVIRT_FWI", List.of("-o", br, "-j", "REJECT", "--reject-with",
                "icmp-port-unreachable")));
        out.add(new Rule("filter", "LIBVIRT_FWX", List.of("-i", br, "-o", br, "-j", "ACCEPT")));
        String mode = def.forwardMode();
        if (!mode.equals("nat") && !mode.equals("route")) {
            return out;
        }
        String dev = def.forwardIf(0);
        for (NetworkDef.Ip ip : def.ips()) {
            if (!ip.address().isIpv4()) {
                continue;
            }
            int prefix = ip.effectivePrefix();
            String net = ip.address().maskByPrefix(prefix) + "/" + prefix;
            List<String> fwo = new ArrayList<>(List.of("-s", net, "-i", br));
            List<String> fwi = new ArrayList<>(List.of("-d", net, "-o", br));
            if (dev != null) {
                fwo.addAll(List.of("-o", dev));
                fwi.addAll(0, List.of("-i", dev));
            }
            fwo.addAll(List.of("-j", "ACCEPT"));
            if (mode.equals("nat")) {
                fwi.addAll(List.of("-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED"));
            }
            fwi.addAll(List.of("-j", "ACCEPT"));
            out.add(new Rule("filter", "LIBVIRT_FWO", fwo));
            out.add(new Rule("filter", "LIBVIRT_FWI", fwi));
            if (mode.equals("nat")) {
                masquerade(out, net, dev);
            }
        }
        return out;
    }

    /** Everything leaving the network for elsewhere is masqueraded, except multicast and broadcast. */
    private static void masquerade(List<Rule> out, String net, String dev) {
        List<String> outDev = dev == null ? List.of() : List.of("-o", dev);
        List<List<String>> rules = List.of(
                List.of("!", "-d", net, "-j", "MASQUERADE"),
                List.of("!", "-d", net, "-p", "udp", "-j", "MASQUERADE", "--to-ports", "1024-65535"),
                List.of("!", "-d", net, "-p", "tcp", "-j", "MASQUERADE", "--to-ports", "1024-65535"),
                List.of("-d", "255.255.255.255/32", "-j", "RETURN"),
                List.of("-d", "224.0.0.0/24", "-j", "RETURN"));
        for (List<String> r : rules) {
            List<String> args = new ArrayList<>(List.of("-s", net));
            if (r.contains("MASQUERADE")) {
                args.addAll(outDev);
            }
            args.addAll(r);
            out.add(new Rule("nat", "LIBVIRT_PRT", args));
        }
    }

    /** Creates the private chains and their jumps when missing (iptablesSetupPrivateChains). */
    private void setupChains() {
        for (List<String> c : CHAINS) {
            String table = c.get(0);
            if (!ipt(table, "-n", "-L", c.get(2)).succeeded()) {
                run(table, "-N", c.get(2));
            }
            if (!ipt(table, "-C", c.get(1), "-j", c.get(2)).succeeded()) {
                run(table, "-I", c.get(1), "-j", c.get(2));
            }
        }
    }

    /**
     * Inserts the network's rules; on a failure the ones already in are taken out again. When the chains were
     * made earlier but someone has flushed them since, the chains are made again and the rules retried once.
     */
    void add(NetworkDef def) {
        boolean fresh = !chainsReady;
        if (fresh) {
            setupChains();
            chainsReady = true;
        }
        try {
            insert(def);
        } catch (VirException e) {
            if (fresh) {
                throw e;
            }
            setupChains();
            insert(def);
        }
    }

    private void insert(NetworkDef def) {
        List<Rule> done = new ArrayList<>();
        try {
            for (Rule r : rules(def)) {
                List<String> argv = new ArrayList<>(List.of("-I", r.chain()));
                argv.addAll(r.args());
                run(r.table(), argv.toArray(String[]::new));
                done.add(r);
            }
        } catch (VirException e) {
            remove(done);
            throw e;
        }
    }

    /** Deletes the network's rules; a rule already gone is no error (a reload may have flushed it). */
    void remove(NetworkDef def) {
        remove(rules(def));
    }

    private void remove(List<Rule> rules) {
        for (Rule r : rules.reversed()) {
            List<String> argv = new ArrayList<>(List.of("-D", r.chain()));
            argv.addAll(r.args());
            ipt(r.table(), argv.toArray(String[]::new));
        }
    }

    private org.jvirt.host.CommandResult ipt(String table, String... args) {
        return host.run(command(table, args).allowingFailure());
    }

    private void run(String table, String... args) {
        host.run(command(table, args));
    }

    private static Command command(String table, String... args) {
        List<String> argv = new ArrayList<>(List.of("iptables", "-w", "-t", table));
        argv.addAll(List.of(args));
        return Command.of(argv);
    }
}
