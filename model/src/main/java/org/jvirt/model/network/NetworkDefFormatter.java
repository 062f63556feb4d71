package org.jvirt.model.network;

import org.jvirt.model.network.NetworkDef.DhcpHost;
import org.jvirt.model.network.NetworkDef.DhcpRange;
import org.jvirt.model.network.NetworkDef.Dns;
import org.jvirt.model.network.NetworkDef.DnsForwarder;
import org.jvirt.model.network.NetworkDef.DnsHost;
import org.jvirt.model.network.NetworkDef.DnsSrv;
import org.jvirt.model.network.NetworkDef.DnsTxt;
import org.jvirt.model.network.NetworkDef.Forward;
import org.jvirt.model.network.NetworkDef.ForwardIf;
import org.jvirt.model.network.NetworkDef.Ip;
import org.jvirt.model.network.NetworkDef.Lease;
import org.jvirt.model.network.NetworkDef.Nat;
import org.jvirt.model.network.NetworkDef.NetdevIf;
import org.jvirt.model.network.NetworkDef.PciIf;
import org.jvirt.model.network.NetworkDef.PortGroup;
import org.jvirt.model.xml.XmlWriter;

/** Formats a {@link NetworkDef} byte for byte as libvirt 9.0's virNetworkDefFormat does. */
public final class NetworkDefFormatter {
    /** VIR_NETWORK_XML_INACTIVE: omit live-only data (connection counts, pf-derived interface lists). */
    public static final int INACTIVE = 1;

    private NetworkDefFormatter() {}

    public static String format(NetworkDef def, int flags) {
        XmlWriter w = new XmlWriter();
        format(w, def, flags);
        return w.toString();
    }

    /** virNetworkDefFormatBuf at the writer's current indentation. */
    public static void format(XmlWriter w, NetworkDef def, int flags) {
        boolean inactive = (flags & INACTIVE) != 0;
        boolean ns = !def.dnsmasqOptions().isEmpty();
        w.open("network",
                "xmlns:dnsmasq", ns ? NetworkDefParser.DNSMASQ_NS : null,
                "connections", !inactive && def.connections() > 0 ? Integer.toString(def.connections()) : null,
                "ipv6", def.ipv6NoGateway() ? "yes" : null,
                "trustGuestRxFilters", XmlProps.yesNo(def.trustGuestRxFilters()));
        w.text("name", def.name());
        w.text("uuid", def.uuid().toString());
        if (def.metadata() != null) {
            w.raw(def.metadata());
        }
        Forward fwd = def.forward();
        if (!fwd.mode().equals("none")) {
            formatForward(w, def, fwd, inactive);
        }
        boolean hasBridge = switch (fwd.mode()) {
            case "none", "nat", "route", "open" -> true;
            default -> false;
        };
        if (hasBridge || def.bridge() != null || def.macTableManager() != null) {
            w.empty("bridge", "name", def.bridge(), "zone", def.bridgeZone(),
                    "stp", hasBridge ? (def.stp() ? "on" : "off") : null,
                    "delay", hasBridge ? Long.toString(def.delay()) : null,
                    "macTableManager", def.macTableManager());
        }
        if (def.mtu() != 0) {
            w.empty("mtu", "size", Integer.toUnsignedString(def.mtu()));
        }
        if (def.mac() != null) {
            w.empty("mac", "address", def.mac().toString());
        }
        if (def.domain() != null) {
            w.empty("domain", "name", def.domain(), "localOnly", XmlProps.yesNo(def.domainLocalOnly()));
        }
        formatDns(w, def.dns());
        if (def.vlan() != null) {
            def.vlan().format(w);
        }
        if (def.bandwidth() != null) {
            def.bandwidth().format(w);
        }
        if (def.isolatedPort() != null) {
            w.empty("port", "isolated", XmlProps.yesNo(def.isolatedPort()));
        }
        for (Ip ip : def.ips()) {
            formatIp(w, ip);
        }
        for (IpRoute r : def.routes()) {
            r.format(w);
        }
        if (def.virtualPort() != null) {
            def.virtualPort().format(w);
        }
        for (PortGroup pg : def.portGroups()) {
            formatPortGroup(w, pg);
        }
        if (ns) {
            w.open("dnsmasq:options");
            for (String o : def.dnsmasqOptions()) {
                w.empty("dnsmasq:option", "value", o);
            }
            w.close("dnsmasq:options");
        }
        w.close("network");
    }

    private static void formatForward(XmlWriter w, NetworkDef def, Forward fwd, boolean inactive) {
        String dev = fwd.pfDev() == null ? def.forwardIf(0) : null;
        Nat nat = fwd.nat();
        boolean natContent = nat != null && (nat.start() != null || nat.end() != null || nat.portStart() != 0
                || nat.portEnd() != 0 || nat.ipv6() != null);
        boolean shortForward = fwd.interfaces().isEmpty() && fwd.pfDev() == null && fwd.driverName() == null
                && !natContent;
        String[] attrs = {"dev", dev, "mode", fwd.mode(),
                "managed", fwd.mode().equals("hostdev") ? (fwd.managed() ? "yes" : "no") : null};
        if (shortForward) {
            w.empty("forward", attrs);
            return;
        }
        w.open("forward", attrs);
        if (fwd.driverName() != null) {
            w.empty("driver", "name", fwd.driverName());
        }
        if (fwd.mode().equals("nat") && natContent) {
            formatNat(w, nat);
        }
        if (fwd.pfDev() != null) {
            w.empty("pf", "dev", fwd.pfDev());
        }
        if (!fwd.interfaces().isEmpty() && (fwd.pfDev() == null || !inactive)) {
            for (ForwardIf f : fwd.interfaces()) {
                switch (f) {
                    case NetdevIf n -> w.empty("interface", "dev", n.dev(),
                            "connections", !inactive && n.connections() > 0 ? Integer.toString(n.connections()) : null);
                    case PciIf p -> w.empty("address", "type", "pci",
                            "domain", String.format("0x%04x", Integer.toUnsignedLong(p.domain())), "bus", String.format("0x%02x", p.bus()),
                            "slot", String.format("0x%02x", p.slot()), "function", String.format("0x%x", p.function()));
                }
            }
        }
        w.close("forward");
    }

    private static void formatNat(XmlWriter w, Nat nat) {
        String ipv6 = XmlProps.yesNo(nat.ipv6());
        if (nat.start() == null && nat.end() == null && nat.portStart() == 0 && nat.portEnd() == 0) {
            w.empty("nat", "ipv6", ipv6);
            return;
        }
        w.open("nat", "ipv6", ipv6);
        if (nat.start() != null) {
            w.empty("address", "start", nat.start().toString(), "end", nat.end() == null ? null : nat.end().toString());
        }
        if (nat.portStart() != 0 || nat.portEnd() != 0) {
            w.empty("port", "start", Integer.toString(nat.portStart()),
                    "end", nat.portEnd() != 0 ? Integer.toString(nat.portEnd()) : null);
        }
        w.close("nat");
    }

    private static void formatDns(XmlWriter w, Dns dns) {
        boolean children = !(dns.forwarders().isEmpty() && dns.hosts().isEmpty() && dns.srvs().isEmpty()
                && dns.txts().isEmpty());
        if (dns.enable() == null && dns.forwardPlainNames() == null && !children) {
            return;
        }
        String[] attrs = {"enable", XmlProps.yesNo(dns.enable()),
                "forwardPlainNames", XmlProps.yesNo(dns.forwardPlainNames())};
        if (!children) {
            w.empty("dns", attrs);
            return;
        }
        w.open("dns", attrs);
        for (DnsForwarder f : dns.forwarders()) {
            w.empty("forwarder", "domain", f.domain(), "addr", f.addr() == null ? null : f.addr().toString());
        }
        for (DnsTxt t : dns.txts()) {
            w.empty("txt", "name", t.name(), "value", t.value());
        }
        for (DnsSrv s : dns.srvs()) {
            if (s.service() == null || s.protocol() == null) {
                continue;
            }
            w.empty("srv", "service", s.service(), "protocol", s.protocol(), "domain", s.domain(),
                    "target", s.target(),
                    "port", s.port() != 0 ? Integer.toString(s.port()) : null,
                    "priority", s.priority() != 0 ? Integer.toString(s.priority()) : null,
                    "weight", s.weight() != 0 ? Integer.toString(s.weight()) : null);
        }
        for (DnsHost h : dns.hosts()) {
            w.open("host", "ip", h.ip() == null ? "" : h.ip().toString());
            for (String n : h.hostnames()) {
                w.text("hostname", n);
            }
            w.close("host");
        }
        w.close("dns");
    }

    private static void formatIp(XmlWriter w, Ip ip) {
        w.open("ip", "family", ip.family(), "address", ip.address().toString(),
                "netmask", ip.netmask() == null ? null : ip.netmask().toString(),
                "prefix", ip.prefix() > 0 ? Integer.toString(ip.prefix()) : null,
                "localPtr", XmlProps.yesNo(ip.localPtr()));
        if (ip.tftpRoot() != null) {
            w.empty("tftp", "root", ip.tftpRoot());
        }
        if (!ip.ranges().isEmpty() || !ip.hosts().isEmpty()) {
            w.open("dhcp");
            for (DhcpRange r : ip.ranges()) {
                String[] attrs = {"start", r.start().toString(), "end", r.end().toString()};
                if (r.lease() == null) {
                    w.empty("range", attrs);
                } else {
                    w.open("range", attrs);
                    formatLease(w, r.lease());
                    w.close("range");
                }
            }
            for (DhcpHost h : ip.hosts()) {
                String[] attrs = {"mac", h.mac(), "id", h.id(), "name", h.name(),
                        "ip", h.ip() == null ? null : h.ip().toString()};
                if (h.lease() == null) {
                    w.empty("host", attrs);
                } else {
                    w.open("host", attrs);
                    formatLease(w, h.lease());
                    w.close("host");
                }
            }
            if (ip.bootFile() != null) {
                w.empty("bootp", "file", ip.bootFile(),
                        "server", ip.bootServer() == null ? null : ip.bootServer().toString());
            }
            w.close("dhcp");
        }
        w.close("ip");
    }

    private static void formatLease(XmlWriter w, Lease l) {
        if (l.expiry() == 0) {
            w.empty("lease", "expiry", "0");
        } else {
            w.empty("lease", "expiry", Long.toString(l.expiry()), "unit", l.unit());
        }
    }

    private static void formatPortGroup(XmlWriter w, PortGroup pg) {
        w.open("portgroup", "name", pg.name(), "default", pg.isDefault() ? "yes" : null,
                "trustGuestRxFilters", XmlProps.yesNo(pg.trustGuestRxFilters()));
        if (pg.vlan() != null) {
            pg.vlan().format(w);
        }
        if (pg.virtualPort() != null) {
            pg.virtualPort().format(w);
        }
        if (pg.bandwidth() != null) {
            pg.bandwidth().format(w);
        }
        w.close("portgroup");
    }
}
