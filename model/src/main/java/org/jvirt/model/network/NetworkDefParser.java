package org.jvirt.model.network;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.util.MacAddress;
import org.jvirt.core.util.Uuids;
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
import org.jvirt.model.xml.XmlNode;
import org.jvirt.model.xml.XmlParser;

/**
 * Parses {@code <network>} XML as libvirt 9.0's virNetworkDefParse does, including the forward-mode consistency
 * checks libvirt makes at the end of parsing ({@link #validate}). The element parsers used by virNetworkUpdate
 * (DHCP host/range, DNS host/txt/srv, portgroup, forward interface) are public so that net-update can reuse them.
 */
public final class NetworkDefParser {
    /** The dnsmasq XML namespace the network driver registers (not the test driver). */
    public static final String DNSMASQ_NS = "http://libvirt.org/schemas/network/dnsmasq/1.0";

    private final XmlParser xml = new XmlParser();
    private final boolean dnsmasqNamespace;

    /** A parser without XML namespace extensions, as the test driver's network XML options have. */
    public NetworkDefParser() {
        this(false);
    }

    /** {@code dnsmasqNamespace}: accept {@code <dnsmasq:options>} (the network driver's xmlopt). */
    public NetworkDefParser(boolean dnsmasqNamespace) {
        this.dnsmasqNamespace = dnsmasqNamespace;
    }

    /** virNetworkDefParse on a string. A missing {@code <uuid>} gets a random one. */
    public NetworkDef parse(String xmlText) {
        XmlNode root = XmlProps.parseRoot(xml, xmlText, "network_definition", "network", ErrorDomain.NETWORK);
        return parseNode(root, xmlText);
    }

    /** virNetworkDefParseXML on an already parsed {@code <network>} element. */
    public NetworkDef parseNode(XmlNode root) {
        return parseNode(root, null);
    }

    /** As {@link #parseNode(XmlNode)}; {@code xmlText}, when given, lets metadata keep its attribute order. */
    public NetworkDef parseNode(XmlNode root, String xmlText) {
        String name = xpathString(root.child("name"));
        if (name == null) {
            throw VirException.of(ErrorNumber.NO_NAME, ErrorDomain.NETWORK, null);
        }
        XmlProps.checkIllegalChars("name", name, "/");
        String uuidText = xpathString(root.child("uuid"));
        UUID uuid;
        if (uuidText == null) {
            uuid = Uuids.generate();
        } else {
            uuid = Uuids.parse(uuidText).orElseThrow(() ->
                    VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.NETWORK, "malformed uuid element"));
        }
        boolean ipv6NoGw = false;
        String ipv6 = empty(root.attr("ipv6"));
        if (ipv6 != null) {
            if (!ipv6.equals("yes") && !ipv6.equals("no")) {
                throw xmlError("Invalid ipv6 setting '" + ipv6 + "' in network '" + name + "'");
            }
            ipv6NoGw = ipv6.equals("yes");
        }
        Boolean trust = XmlProps.tristate(root, "trustGuestRxFilters");
        XmlNode domainNode = root.child("domain");
        String domain = domainNode == null ? null : domainNode.attr("name");
        Boolean localOnly = XmlProps.tristate(domainNode, "localOnly");
        XmlNode bw = root.child("bandwidth");
        NetDevBandwidth bandwidth = bw == null ? null : NetDevBandwidth.parse(bw, false);
        XmlNode vlanNode = root.child("vlan");
        NetDevVlan vlan = vlanNode == null ? null : NetDevVlan.parse(vlanNode);
        Boolean isolatedPort = XmlProps.tristate(root.child("port"), "isolated");

        XmlNode bridgeNode = root.child("bridge");
        String bridge = bridgeNode == null ? null : empty(bridgeNode.attr("name"));
        String zone = bridgeNode == null ? null : empty(bridgeNode.attr("zone"));
        String stpText = bridgeNode == null ? null : empty(bridgeNode.attr("stp"));
        boolean stp = !"off".equals(stpText);
        long delay = 0;
        String delayText = bridgeNode == null ? null : empty(bridgeNode.attr("delay"));
        if (delayText != null) {
            delay = XmlProps.parseUnsigned(delayText, 10, Long.MAX_VALUE);
            if (delay < 0) {
                throw xmlError("Invalid delay value in network '" + name + "'");
            }
        }
        String macTableManager = null;
        String mtm = bridgeNode == null ? null : empty(bridgeNode.attr("macTableManager"));
        if (mtm != null) {
            if (!mtm.equals("kernel") && !mtm.equals("libvirt")) {
                throw xmlError("Invalid macTableManager setting '" + mtm + "' in network '" + name + "'");
            }
            macTableManager = mtm;
        }
        MacAddress mac = null;
        XmlNode macNode = root.child("mac");
        String macText = macNode == null ? null : empty(macNode.attr("address"));
        if (macText != null) {
            mac = MacAddress.parse(macText).orElseThrow(() ->
                    xmlError("Invalid bridge mac address '" + macText + "' in network '" + name + "'"));
            if (mac.isMulticast()) {
                throw xmlError("Invalid multicast bridge mac address '" + macText + "' in network '" + name + "'");
            }
        }
        int mtu = 0;
        XmlNode mtuNode = root.child("mtu");
        String mtuText = mtuNode == null ? null : empty(mtuNode.attr("size"));
        if (mtuText != null) {
            long v = XmlProps.parseUnsigned(mtuText, 10, 0xffffffffL);
            if (v < 0) {
                throw xmlError("Invalid mtu size '" + mtuText + "' in network '" + name + "'");
            }
            mtu = (int) v;
        }
        XmlNode dnsNode = root.child("dns");
        Dns dns = dnsNode == null ? Dns.EMPTY : parseDns(name, dnsNode);
        XmlNode vpNode = root.child("virtualport");
        VirtualPortProfile virtualPort = vpNode == null ? null : VirtualPortProfile.parse(vpNode, true);
        List<PortGroup> portGroups = new ArrayList<>();
        for (XmlNode pg : root.children("portgroup")) {
            portGroups.add(parsePortGroup(pg));
        }
        List<Ip> ips = new ArrayList<>();
        for (XmlNode ipNode : root.children("ip")) {
            ips.add(parseIp(name, ipNode));
        }
        List<IpRoute> routes = new ArrayList<>();
        for (XmlNode r : root.children("route")) {
            routes.add(IpRoute.parse(name, r));
        }
        for (IpRoute r : routes) {
            boolean match = false;
            for (Ip ip : ips) {
                if (ip.address().isIpv4() != r.gateway().isIpv4()) {
                    continue;
                }
                int prefix = ip.effectivePrefix();
                if (prefix >= 0 && ip.address().maskByPrefix(prefix).equals(r.gateway().maskByPrefix(prefix))) {
                    match = true;
                    break;
                }
            }
            if (!match) {
                throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.NETWORK, "unreachable static route gateway '"
                        + r.gateway() + "' specified for network '" + name + "'");
            }
        }
        XmlNode fwdNode = root.child("forward");
        Forward forward = fwdNode == null ? Forward.NONE : parseForward(name, fwdNode);

        String metadata = null;
        XmlNode md = root.child("metadata");
        if (md != null) {
            metadata = MetadataXml.dump(md.element(), xmlText);
        }
        List<String> options = dnsmasqNamespace ? parseDnsmasqOptions(root) : List.of();

        NetworkDef def = new NetworkDef(name, uuid, uuidText != null, metadata, 0, ipv6NoGw,
                trust, forward, bridge, zone, stp, delay, macTableManager, mtu, mac, domain, localOnly, dns, vlan,
                bandwidth, isolatedPort, ips, routes, virtualPort, portGroups, options);
        validate(def, stpText != null);
        return def;
    }

    /**
     * The checks virNetworkDefParseXML makes once everything is read: settings that must agree with the forward
     * mode. {@code stpGiven} says whether the XML had an stp attribute (its mere presence is refused in some modes).
     */
    public static void validate(NetworkDef def, boolean stpGiven) {
        String mode = def.forwardMode();
        String name = def.name();
        Forward fwd = def.forward();
        switch (mode) {
            case "none" -> { }
            case "route", "nat", "open" -> {
                if (def.ips().isEmpty()) {
                    throw xmlError(mode + " forwarding requested, but no IP address provided for network '" + name + "'");
                }
                if (fwd.interfaces().size() > 1) {
                    throw xmlError("multiple forwarding interfaces specified for network '" + name
                            + "', only one is supported");
                }
                if (mode.equals("open") && !fwd.interfaces().isEmpty()) {
                    throw xmlError("forward dev not allowed for network '" + name + "' with forward mode='" + mode + "'");
                }
            }
            default -> {
                if (!mode.equals("bridge")) {
                    if (def.bridge() != null) {
                        throw xmlError("bridge name not allowed in " + mode + " mode (network '" + name + "')");
                    }
                    if (def.bridgeZone() != null) {
                        throw xmlError("bridge zone not allowed in " + mode + " mode (network '" + name + "')");
                    }
                    if (def.macTableManager() != null) {
                        throw xmlError("bridge macTableManager setting not allowed in " + mode + " mode (network '"
                                + name + "')");
                    }
                }
                if (def.delay() != 0 || stpGiven || def.bridgeZone() != null) {
                    throw xmlError("bridge delay/stp/zone options only allowed in route, nat, and isolated mode, not in "
                            + mode + " (network '" + name + "')");
                }
                if (def.bridge() != null && (!fwd.interfaces().isEmpty() || fwd.pfDev() != null)) {
                    throw xmlError("A network with forward mode='" + mode
                            + "' can specify a bridge name or a forward dev, but not both (network '" + name + "')");
                }
            }
        }
        if (def.mtu() != 0 && !List.of("none", "nat", "route", "open").contains(mode)) {
            throw xmlError("mtu size only allowed in open, route, nat, and isolated mode, not in " + mode
                    + " (network '" + name + "')");
        }
    }

    // ---- <dns> ----

    static Dns parseDns(String networkName, XmlNode node) {
        Boolean enable = XmlProps.tristate(node, "enable");
        Boolean fpn = XmlProps.tristate(node, "forwardPlainNames");
        List<DnsForwarder> fwds = new ArrayList<>();
        for (XmlNode f : node.children("forwarder")) {
            String addr = f.attr("addr");
            IpAddress a = null;
            if (addr != null) {
                a = IpAddress.tryParse(addr);
                if (a == null) {
                    throw xmlError("Invalid forwarder IP address '" + addr + "' in network '" + networkName + "'");
                }
            }
            String domain = f.attr("domain");
            if (addr == null && domain == null) {
                throw xmlError("Invalid forwarder element, must contain at least one of addr or domain");
            }
            fwds.add(new DnsForwarder(domain, a));
        }
        List<DnsHost> hosts = new ArrayList<>();
        for (XmlNode h : node.children("host")) {
            hosts.add(parseDnsHost(networkName, h, false));
        }
        List<DnsSrv> srvs = new ArrayList<>();
        for (XmlNode s : node.children("srv")) {
            srvs.add(parseDnsSrv(networkName, s, false));
        }
        List<DnsTxt> txts = new ArrayList<>();
        for (XmlNode t : node.children("txt")) {
            txts.add(parseDnsTxt(networkName, t, false));
        }
        if (Boolean.FALSE.equals(enable) && !(fwds.isEmpty() && hosts.isEmpty() && srvs.isEmpty() && txts.isEmpty())) {
            throw xmlError("Extra data in disabled network '" + networkName + "'");
        }
        return new Dns(enable, fpn, fwds, txts, srvs, hosts);
    }

    /** virNetworkDNSHostDefParseXML; {@code partialOkay} for net-update delete matching. */
    public static DnsHost parseDnsHost(String networkName, XmlNode node, boolean partialOkay) {
        List<XmlNode> hn = node.children("hostname");
        List<String> names = new ArrayList<>();
        String ip = node.attr("ip");
        if (!hn.isEmpty()) {
            for (XmlNode h : hn) {
                String t = h.text();
                if (t.isEmpty()) {
                    throw detail("Missing hostname in network '" + networkName + "' DNS HOST record");
                }
                names.add(t);
            }
        } else if (!partialOkay) {
            throw detail("Missing hostname in network '" + networkName + "' DNS HOST record");
        }
        IpAddress addr = null;
        if (ip != null) {
            addr = IpAddress.tryParse(ip);
            if (addr == null) {
                throw detail("Invalid IP address in network '" + networkName + "' DNS HOST record");
            }
        } else {
            if (!partialOkay) {
                throw detail("Missing IP address in network '" + networkName + "' DNS HOST record");
            }
            if (hn.isEmpty()) {
                throw detail("Missing ip and hostname in network '" + networkName + "' DNS HOST record");
            }
        }
        return new DnsHost(addr, names);
    }

    private static final String PROTOCOL_CHARS =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-+/";
    private static final String SERVICE_CHARS =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+/*";
    private static final int DNS_RECORD_LENGTH_SRV = 512 - 30;

    /** virNetworkDNSSrvDefParseXML. */
    public static DnsSrv parseDnsSrv(String networkName, XmlNode node, boolean partialOkay) {
        String service = node.attr("service");
        if (service == null && !partialOkay) {
            throw detail("missing required service attribute in DNS SRV record of network '" + networkName + "'");
        }
        if (service != null) {
            if (service.length() > DNS_RECORD_LENGTH_SRV) {
                throw detail("service attribute '" + service + "' in network '" + networkName
                        + "' is too long, limit is " + DNS_RECORD_LENGTH_SRV + " bytes");
            }
            if (!onlyChars(service, SERVICE_CHARS)) {
                throw detail("invalid character in service attribute '" + service + "' in DNS SRV record of network '"
                        + networkName + "'");
            }
        }
        String protocol = node.attr("protocol");
        if (protocol == null && !partialOkay) {
            throw detail("missing required protocol attribute in DNS SRV record '" + service + "' of network '"
                    + networkName + "'");
        }
        if (protocol != null && !onlyChars(protocol, PROTOCOL_CHARS)) {
            throw detail("invalid character in protocol attribute '" + protocol + "' in DNS SRV record of network '"
                    + networkName + "'");
        }
        String domain = node.attr("domain");
        String target = node.attr("target");
        int port = srvNumber(node, "port", target, service, networkName, 1, 65535,
                "DNS SRV port attribute not permitted without target", "invalid DNS SRV port attribute");
        int priority = srvNumber(node, "priority", target, service, networkName, 0, 65535,
                "DNS SRV priority attribute not permitted without target", "Invalid DNS SRV priority attribute");
        int weight = srvNumber(node, "weight", target, service, networkName, 0, 65535,
                "DNS SRV weight attribute not permitted without target", "invalid DNS SRV weight attribute");
        return new DnsSrv(service, protocol, domain, target, port, priority, weight);
    }

    private static int srvNumber(XmlNode node, String attr, String target, String service, String net, int min,
                                 int max, String noTarget, String invalid) {
        String v = empty(node.attr(attr));
        if (v == null) {
            return 0;
        }
        long n = XmlProps.parseUnsigned(v, 10, 0xffffffffL);
        String tail = " for service '" + service + "' in network '" + net + "'";
        if (n >= 0 && target == null) {
            throw detail(noTarget + tail);
        }
        if (n < 0 || n < min || n > max) {
            throw detail(invalid + tail);
        }
        return (int) n;
    }

    /** virNetworkDNSTxtDefParseXML. */
    public static DnsTxt parseDnsTxt(String networkName, XmlNode node, boolean partialOkay) {
        String name = node.attr("name");
        if (name == null) {
            throw detail("missing required name attribute in DNS TXT record of network " + networkName);
        }
        if (name.indexOf(' ') >= 0 || name.indexOf(',') >= 0) {
            throw detail("prohibited character in DNS TXT record name '" + name + "' of network " + networkName);
        }
        String value = node.attr("value");
        if (value == null && !partialOkay) {
            throw detail("missing required value attribute in DNS TXT record named '" + name + "' of network "
                    + networkName);
        }
        return new DnsTxt(name, value);
    }

    // ---- <ip> ----

    static Ip parseIp(String networkName, XmlNode node) {
        String family = empty(node.attr("family"));
        String address = empty(node.attr("address"));
        if (address == null) {
            throw xmlError("Missing required address attribute in network '" + networkName + "'");
        }
        IpAddress addr = IpAddress.tryParse(address);
        if (addr == null) {
            throw xmlError("Invalid address '" + address + "' in network '" + networkName + "'");
        }
        String netmask = empty(node.attr("netmask"));
        IpAddress mask = null;
        if (netmask != null) {
            mask = IpAddress.tryParse(netmask);
            if (mask == null) {
                throw xmlError("Invalid netmask '" + netmask + "' in network '" + networkName + "'");
            }
        }
        long prefix = Math.max(0, XmlProps.uint(node, "prefix", 10));
        Boolean localPtr = XmlProps.tristate(node, "localPtr");
        if (family == null || family.equals("ipv4")) {
            if (!addr.isIpv4()) {
                throw unsupported((family == null ? "no" : "ipv4") + " family specified for non-IPv4 address '"
                        + address + "' in network '" + networkName + "'");
            }
            if (netmask != null) {
                if (!mask.isIpv4()) {
                    throw unsupported("Invalid netmask '" + netmask + "' for address '" + address + "' in network '"
                            + networkName + "' (both must be IPv4)");
                }
                if (prefix > 0) {
                    throw unsupported("Network '" + networkName + "' IP address cannot have both a prefix and a netmask");
                }
            } else if (prefix > 32) {
                throw unsupported("Invalid IPv4 prefix '" + prefix + "' in network '" + networkName + "'");
            }
        } else if (family.equals("ipv6")) {
            if (!addr.isIpv6()) {
                throw unsupported("Family 'ipv6' specified for non-IPv6 address '" + address + "' in network '"
                        + networkName + "'");
            }
            if (netmask != null) {
                throw unsupported("netmask not allowed for IPv6 address '" + address + "' in network '" + networkName + "'");
            }
            if (prefix > 128) {
                throw unsupported("Invalid IPv6 prefix '" + prefix + "' in network '" + networkName + "'");
            }
        } else {
            throw xmlError("Unrecognized family '" + family + "' in network '" + networkName + "'");
        }
        Ip ip = new Ip(family, addr, mask, (int) prefix, localPtr, List.of(), List.of(), null, null, null);
        XmlNode dhcp = node.child("dhcp");
        List<DhcpRange> ranges = new ArrayList<>();
        List<DhcpHost> hosts = new ArrayList<>();
        String bootFile = null;
        IpAddress bootServer = null;
        if (dhcp != null) {
            // libvirt 9.0 walks <dhcp>'s children in document order; a <bootp> without file is skipped
            for (XmlNode c : dhcp.children()) {
                switch (c.name()) {
                    case "range" -> ranges.add(parseDhcpRange(networkName, ip, c));
                    case "host" -> hosts.add(parseDhcpHost(networkName, ip, c, false));
                    case "bootp" -> {
                        String file = addr.isIpv4() ? c.attr("file") : null;
                        if (file != null) {
                            String server = c.attr("server");
                            bootServer = server == null ? null : IpAddress.parse(server);
                            bootFile = file;
                        }
                    }
                    default -> { }
                }
            }
        }
        String tftpRoot = null;
        XmlNode tftp = node.child("tftp");
        if (tftp != null) {
            if (!addr.isIpv4()) {
                throw unsupported("Unsupported <tftp> element in an IPv6 element in network '" + networkName + "'");
            }
            tftpRoot = empty(tftp.attr("root"));
        }
        return new Ip(family, addr, mask, (int) prefix, localPtr, ranges, hosts, tftpRoot, bootFile, bootServer);
    }

    /** virNetworkDHCPRangeDefParseXML: a range checked against its {@code <ip>}'s network. */
    public static DhcpRange parseDhcpRange(String networkName, Ip ip, XmlNode node) {
        String start = node.attr("start");
        if (start == null) {
            throw xmlError("Missing 'start' attribute in dhcp range for network '" + networkName + "'");
        }
        IpAddress s = IpAddress.parse(start);
        String end = node.attr("end");
        if (end == null) {
            throw xmlError("Missing 'end' attribute in dhcp range for network '" + networkName + "'");
        }
        IpAddress e = IpAddress.parse(end);
        IpAddress.range(s, e, ip.address(), ip.effectivePrefix());
        XmlNode lease = node.child("lease");
        return new DhcpRange(s, e, lease == null ? null : parseLease(lease));
    }

    private static final List<String> LEASE_UNITS = List.of("seconds", "minutes", "hours");

    private static Lease parseLease(XmlNode node) {
        long expiry = XmlProps.ulong(node, "expiry", 0);
        if (expiry < 0) {
            return null;
        }
        int unit = XmlProps.enumValue(node, "unit", LEASE_UNITS, false);
        if (unit < 0) {
            unit = 1;
        }
        if (expiry > 0 && ((unit == 0 && expiry < 120) || (unit == 1 && expiry < 2))) {
            throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.NETWORK,
                    "The minimum lease time should be greater than 2 minutes");
        }
        return new Lease(expiry, LEASE_UNITS.get(unit));
    }

    /** virNetworkDHCPHostDefParseXML; {@code partialOkay} for net-update delete/modify matching. */
    public static DhcpHost parseDhcpHost(String networkName, Ip ip, XmlNode node, boolean partialOkay) {
        String mac = node.attr("mac");
        boolean v6 = ip.address().isIpv6();
        if (mac != null) {
            if (v6) {
                throw xmlError("Invalid to specify MAC address '" + mac + "' in network '" + networkName
                        + "' IPv6 static host definition");
            }
            MacAddress m = MacAddress.parse(mac).orElseThrow(() ->
                    xmlError("Cannot parse MAC address '" + mac + "' in network '" + networkName + "'"));
            if (m.isMulticast()) {
                throw xmlError("expected unicast mac address, found multicast '" + mac + "' in network '"
                        + networkName + "'");
            }
        }
        String id = node.attr("id");
        if (id != null) {
            for (char c : id.toCharArray()) {
                if ("0123456789abcdefABCDEF:".indexOf(c) < 0) {
                    throw xmlError("Invalid character '" + c + "' in id '" + id + "' of network '" + networkName + "'");
                }
            }
        }
        String name = node.attr("name");
        if (name != null && (name.isEmpty() || !isAsciiAlnum(name.charAt(0)))) {
            throw xmlError("Cannot use host name '" + name + "' in network '" + networkName + "'");
        }
        String ipText = node.attr("ip");
        IpAddress addr = null;
        if (ipText != null) {
            addr = IpAddress.tryParse(ipText);
            if (addr == null) {
                throw xmlError("Invalid IP address in static host definition for network '" + networkName + "'");
            }
        }
        if (partialOkay) {
            if (mac == null && name == null && ipText == null) {
                throw xmlError("At least one of name, mac, or ip attribute must be specified for static host "
                        + "definition in network '" + networkName + "' ");
            }
        } else {
            if (v6) {
                if (id == null && name == null) {
                    throw xmlError("Static host definition in IPv6 network '" + networkName
                            + "' must have id or name attribute");
                }
            } else if (mac == null && name == null) {
                throw xmlError("Static host definition in IPv4 network '" + networkName
                        + "' must have mac or name attribute");
            }
            if (ipText == null) {
                throw xmlError("Missing IP address in static host definition for network '" + networkName + "'");
            }
        }
        XmlNode lease = node.child("lease");
        return new DhcpHost(mac, id, name, addr, lease == null ? null : parseLease(lease));
    }

    // ---- <portgroup> ----

    /** virNetworkPortGroupParseXML. */
    public static PortGroup parsePortGroup(XmlNode node) {
        String name = empty(node.attr("name"));
        if (name == null) {
            throw xmlError("Missing required name attribute in portgroup");
        }
        String def = empty(node.attr("default"));
        boolean isDefault = def != null && def.equalsIgnoreCase("yes");
        Boolean trust = XmlProps.tristate(node, "trustGuestRxFilters");
        XmlNode vp = node.child("virtualport");
        VirtualPortProfile virtualPort = vp == null ? null : VirtualPortProfile.parse(vp, false);
        XmlNode bw = node.child("bandwidth");
        NetDevBandwidth bandwidth = bw == null ? null : NetDevBandwidth.parse(bw, false);
        XmlNode vl = node.child("vlan");
        NetDevVlan vlan = vl == null ? null : NetDevVlan.parse(vl);
        return new PortGroup(name, isDefault, trust, vlan, virtualPort, bandwidth);
    }

    // ---- <forward> ----

    static Forward parseForward(String networkName, XmlNode node) {
        String mode = empty(node.attr("mode"));
        if (mode == null) {
            mode = "nat";
        } else if (!NetworkDef.FORWARD_MODES.contains(mode)) {
            throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.NETWORK,
                    "unknown forwarding type '" + mode + "'");
        }
        String managedText = empty(node.attr("managed"));
        boolean managed = managedText != null && managedText.equalsIgnoreCase("yes");
        String driverName = null;
        XmlNode driver = node.child("driver");
        String dn = driver == null ? null : empty(driver.attr("name"));
        if (dn != null) {
            if (!dn.equals("kvm") && !dn.equals("vfio")) {
                throw unsupported("Unknown forward <driver name='" + dn + "'/> in network " + networkName);
            }
            driverName = dn;
        }
        List<XmlNode> ifNodes = node.children("interface");
        List<XmlNode> addrNodes = node.children("address");
        List<XmlNode> pfNodes = node.children("pf");
        List<XmlNode> natNodes = node.children("nat");
        Nat nat = null;
        if (natNodes.size() > 1) {
            throw xmlError("Only one <nat> element is allowed in <forward> of network " + networkName);
        } else if (natNodes.size() == 1) {
            nat = parseNat(networkName, mode, natNodes.get(0));
        }
        String dev = empty(node.attr("dev"));
        if (dev != null && (!addrNodes.isEmpty() || !pfNodes.isEmpty())) {
            // libvirt 9.0 passes this text as the argument of "%s", so the placeholder is printed literally
            throw xmlError("the <forward> 'dev' attribute cannot be used when <address> or <pf> sub-elements are "
                    + "present in network %s");
        }
        List<ForwardIf> ifs = new ArrayList<>();
        String pfDev = null;
        if (!ifNodes.isEmpty() || dev != null) {
            if (dev != null) {
                ifs.add(new NetdevIf(dev, 0));
            }
            for (int i = 0; i < ifNodes.size(); i++) {
                String d = ifNodes.get(i).attr("dev");
                if (d == null) {
                    throw xmlError("Missing required dev attribute in <forward> <interface> element of network "
                            + networkName);
                }
                if (i == 0 && dev != null) {
                    if (!d.equals(dev)) {
                        throw xmlError("<forward dev='" + dev + "'> must match first <interface dev='" + d
                                + "'/> in network " + networkName);
                    }
                    continue;
                }
                for (ForwardIf f : ifs) {
                    if (f instanceof NetdevIf n && n.dev().equals(d)) {
                        throw xmlError("interface '" + d + "' can only be listed once in network " + networkName);
                    }
                }
                ifs.add(new NetdevIf(d, 0));
            }
        } else if (!addrNodes.isEmpty()) {
            for (XmlNode a : addrNodes) {
                String type = a.attr("type");
                if (type == null) {
                    throw xmlError("missing address type in network " + networkName);
                }
                if (!List.of("none", "pci", "netdev").contains(type)) {
                    throw unsupported("unknown address type '" + type + "' in network " + networkName);
                }
                if (!type.equals("pci")) {
                    throw xmlError("unsupported address type '" + type + "' in network " + networkName);
                }
                PciIf pci = parsePci(a);
                if (ifs.contains(pci)) {
                    throw xmlError(String.format("PCI device '%04x:%02x:%02x.%x' can only be listed once in network %s",
                            pci.domain(), pci.bus(), pci.slot(), pci.function(), networkName));
                }
                ifs.add(pci);
            }
        } else if (pfNodes.size() > 1) {
            throw xmlError("Only one <pf> element is allowed in <forward> of network " + networkName);
        } else if (pfNodes.size() == 1) {
            pfDev = pfNodes.get(0).attr("dev");
            if (pfDev == null) {
                throw xmlError("Missing required dev attribute in <pf> element of network '" + networkName + "'");
            }
        }
        return new Forward(mode, managed, driverName, ifs, pfDev, nat);
    }

    /**
     * virPCIDeviceAddressParseXML: numbers in C notation (virXMLPropUInt base 0); a non-empty address (some
     * domain, bus or slot) must pass virPCIDeviceAddressIsValid.
     */
    static PciIf parsePci(XmlNode a) {
        long domain = Math.max(0, XmlProps.uint(a, "domain", 0));
        long bus = Math.max(0, XmlProps.uint(a, "bus", 0));
        long slot = Math.max(0, XmlProps.uint(a, "slot", 0));
        long function = Math.max(0, XmlProps.uint(a, "function", 0));
        if (domain != 0 || bus != 0 || slot != 0) {
            if (bus > 0xff) {
                throw VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.NONE,
                        String.format("Invalid PCI address bus='0x%x', must be <= 0xFF", bus));
            }
            if (slot > 0x1f) {
                throw VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.NONE,
                        String.format("Invalid PCI address slot='0x%x', must be <= 0x1F", slot));
            }
            if (function > 7) {
                throw VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.NONE,
                        String.format("Invalid PCI address function=0x%x, must be <= 7", function));
            }
        }
        return new PciIf((int) domain, (int) bus, (int) slot, (int) function);
    }

    private static Nat parseNat(String networkName, String mode, XmlNode node) {
        if (!mode.equals("nat")) {
            throw xmlError("The <nat> element can only be used when <forward> 'mode' is 'nat' in network " + networkName);
        }
        Boolean ipv6 = XmlProps.tristate(node, "ipv6");
        List<XmlNode> addrs = node.children("address");
        String start = null;
        String end = null;
        if (addrs.size() > 1) {
            throw xmlError("Only one <address> element is allowed in <nat> in <forward> in network " + networkName);
        } else if (addrs.size() == 1) {
            start = addrs.get(0).attr("start");
            if (start == null) {
                throw xmlError("missing 'start' attribute in <address> element in <nat> in <forward> in network "
                        + networkName);
            }
            end = addrs.get(0).attr("end");
            if (end == null) {
                throw xmlError("missing 'end' attribute in <address> element in <nat> in <forward> in network "
                        + networkName);
            }
        }
        IpAddress s = null;
        IpAddress e = null;
        if (start != null) {
            s = IpAddress.tryParse(start);
            if (s == null || !s.isIpv4()) {
                throw xmlError("Bad ipv4 start address '" + start + "' in <nat> in <forward> in network '"
                        + networkName + "'");
            }
        }
        if (end != null) {
            e = IpAddress.tryParse(end);
            if (e == null || !e.isIpv4()) {
                throw xmlError("Bad ipv4 end address '" + end + "' in <nat> in <forward> in network '"
                        + networkName + "'");
            }
        }
        if (s != null && e != null) {
            IpAddress.range(s, e, null, 0);
        }
        List<XmlNode> ports = node.children("port");
        int portStart = 0;
        int portEnd = 0;
        if (ports.size() > 1) {
            throw xmlError("Only one <port> element is allowed in <nat> in <forward> in network " + networkName);
        } else if (ports.size() == 1) {
            String ps = empty(ports.get(0).attr("start"));
            long v = ps == null ? -1 : XmlProps.parseUnsigned(ps, 10, 0xffffffffL);
            if (v < 0 || v > 65535) {
                throw detail("Missing or invalid 'start' attribute in <port> in <nat> in <forward> in network "
                        + networkName);
            }
            portStart = (int) v;
            String pe = empty(ports.get(0).attr("end"));
            v = pe == null ? -1 : XmlProps.parseUnsigned(pe, 10, 0xffffffffL);
            if (v < 0 || v > 65535 || v < portStart) {
                throw detail("Missing or invalid 'end' attribute in <port> in <nat> in <forward> in network "
                        + networkName);
            }
            portEnd = (int) v;
        }
        return new Nat(s, e, portStart, portEnd, ipv6);
    }

    private static List<String> parseDnsmasqOptions(XmlNode root) {
        List<String> out = new ArrayList<>();
        for (XmlNode opts : root.children()) {
            if (!opts.name().equals("options") || !DNSMASQ_NS.equals(opts.namespace())) {
                continue;
            }
            for (XmlNode o : opts.children()) {
                if (!o.name().equals("option") || !DNSMASQ_NS.equals(o.namespace())) {
                    continue;
                }
                String v = o.attr("value");
                if (v == null) {
                    throw VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.NETWORK,
                            "No dnsmasq options value specified");
                }
                out.add(v);
            }
        }
        return out;
    }

    // ---- helpers ----

    private static boolean isAsciiAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static boolean onlyChars(String s, String allowed) {
        for (char c : s.toCharArray()) {
            if (allowed.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** virXPathString("string(...)") yields NULL for an empty result. */
    static String empty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String xpathString(XmlNode n) {
        return n == null ? null : empty(n.text());
    }

    static VirException xmlError(String detail) {
        return VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.NETWORK, detail);
    }

    private static VirException detail(String detail) {
        return VirException.of(ErrorNumber.XML_DETAIL, ErrorDomain.NETWORK, detail);
    }

    private static VirException unsupported(String detail) {
        return VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.NETWORK, detail);
    }
}
