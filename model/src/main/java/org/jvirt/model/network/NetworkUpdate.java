package org.jvirt.model.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.util.MacAddress;
import org.jvirt.model.network.NetworkDef.DhcpHost;
import org.jvirt.model.network.NetworkDef.DhcpRange;
import org.jvirt.model.network.NetworkDef.Dns;
import org.jvirt.model.network.NetworkDef.DnsHost;
import org.jvirt.model.network.NetworkDef.DnsSrv;
import org.jvirt.model.network.NetworkDef.DnsTxt;
import org.jvirt.model.network.NetworkDef.ForwardIf;
import org.jvirt.model.network.NetworkDef.Ip;
import org.jvirt.model.network.NetworkDef.NetdevIf;
import org.jvirt.model.network.NetworkDef.PortGroup;
import org.jvirt.model.xml.XmlNode;
import org.jvirt.model.xml.XmlParser;

/**
 * virNetworkDefUpdateSection: applies one virNetworkUpdate command to a definition and returns the new one (the
 * input is never changed). The caller (a driver) does the flag, liveness and copy handling of virNetworkObjUpdate.
 */
public final class NetworkUpdate {
    public static final int COMMAND_MODIFY = 1;
    public static final int COMMAND_DELETE = 2;
    public static final int COMMAND_ADD_LAST = 3;
    public static final int COMMAND_ADD_FIRST = 4;

    public static final int SECTION_BRIDGE = 1;
    public static final int SECTION_DOMAIN = 2;
    public static final int SECTION_IP = 3;
    public static final int SECTION_IP_DHCP_HOST = 4;
    public static final int SECTION_IP_DHCP_RANGE = 5;
    public static final int SECTION_FORWARD = 6;
    public static final int SECTION_FORWARD_INTERFACE = 7;
    public static final int SECTION_FORWARD_PF = 8;
    public static final int SECTION_PORTGROUP = 9;
    public static final int SECTION_DNS_HOST = 10;
    public static final int SECTION_DNS_TXT = 11;
    public static final int SECTION_DNS_SRV = 12;

    private NetworkUpdate() {}

    /**
     * What virNetworkObjUpdate does around the section update: apply it, then run the result through a
     * format/parse cycle with {@code parser} (formatted with {@code formatFlags}: VIR_NETWORK_XML_INACTIVE for the
     * persistent definition, 0 for the live one) so that a now-invalid definition (e.g. two forward interfaces in
     * nat mode) is refused with the parser's error. Returns the updated definition, not the re-parsed copy.
     */
    public static NetworkDef applyChecked(NetworkDefParser parser, NetworkDef def, int command, int section,
                                          int parentIndex, String xml, int formatFlags) {
        NetworkDef updated = apply(def, command, section, parentIndex, xml);
        parser.parse(NetworkDefFormatter.format(updated, formatFlags));
        return updated;
    }

    /** virNetworkDefUpdateSection alone. */
    public static NetworkDef apply(NetworkDef def, int command, int section, int parentIndex, String xml) {
        XmlNode node = parseAnyRoot(xml);
        return switch (section) {
            case SECTION_BRIDGE -> throw noSupport(def, "bridge");
            case SECTION_DOMAIN -> throw noSupport(def, "domain");
            case SECTION_IP -> throw noSupport(def, "ip");
            case SECTION_IP_DHCP_HOST -> dhcpHost(def, command, parentIndex, node);
            case SECTION_IP_DHCP_RANGE -> dhcpRange(def, command, parentIndex, node);
            case SECTION_FORWARD -> throw noSupport(def, "forward");
            case SECTION_FORWARD_INTERFACE -> forwardInterface(def, command, node);
            case SECTION_FORWARD_PF -> throw noSupport(def, "forward pf");
            case SECTION_PORTGROUP -> portGroup(def, command, node);
            case SECTION_DNS_HOST -> dnsHost(def, command, node);
            case SECTION_DNS_TXT -> dnsTxt(def, command, node);
            case SECTION_DNS_SRV -> dnsSrv(def, command, node);
            default -> throw VirException.of(ErrorNumber.OPERATION_UNSUPPORTED, ErrorDomain.NETWORK,
                    "can't update unrecognized section of network");
        };
    }

    private static XmlNode parseAnyRoot(String xml) {
        org.w3c.dom.Document doc;
        try {
            doc = new XmlParser().parse(xml, "network_update_xml");
        } catch (VirException e) {
            if (e.code() == ErrorNumber.XML_DETAIL && e.domain() == ErrorDomain.XML) {
                throw new VirException(e.code(), ErrorDomain.NETWORK, e.level(), e.getMessage(), e.str1(), e.str2(),
                        e.str3(), e.int1(), e.int2());
            }
            throw e;
        }
        return new XmlNode(doc.getDocumentElement());
    }

    private static void checkName(NetworkDef def, XmlNode node, String section) {
        if (!node.name().equals(section)) {
            throw VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.NETWORK, "unexpected element <" + node.name()
                    + ">, expecting <" + section + ">, while updating network '" + def.name() + "'");
        }
    }

    /** virNetworkIPDefByIndex: the given {@code <ip>}, or the one with DHCP, else the first IPv4, else IPv6. */
    private static int ipIndex(NetworkDef def, int parentIndex) {
        List<Ip> ips = def.ips();
        if (parentIndex >= 0) {
            if (parentIndex >= ips.size()) {
                throw invalid("couldn't update dhcp host entry - no <ip> element found at index " + parentIndex
                        + " in network '" + def.name() + "'");
            }
            return parentIndex;
        }
        for (int i = 0; i < ips.size(); i++) {
            if (!ips.get(i).ranges().isEmpty() || !ips.get(i).hosts().isEmpty()) {
                return i;
            }
        }
        for (int i = 0; i < ips.size(); i++) {
            if (ips.get(i).address().isIpv4()) {
                return i;
            }
        }
        for (int i = 0; i < ips.size(); i++) {
            if (ips.get(i).address().isIpv6()) {
                return i;
            }
        }
        throw invalid("couldn't update dhcp host entry - no <ip> element found in network '" + def.name() + "'");
    }

    /** virNetworkDefUpdateCheckMultiDHCP: only one <ip> per family may carry DHCP. */
    private static void checkMultiDhcp(NetworkDef def, int index) {
        Ip target = def.ips().get(index);
        for (int i = 0; i < def.ips().size(); i++) {
            Ip ip = def.ips().get(i);
            if (i != index && ip.address().isIpv4() == target.address().isIpv4()
                    && (!ip.ranges().isEmpty() || !ip.hosts().isEmpty())) {
                throw invalid("dhcp is supported only for a single " + (target.address().isIpv4() ? "IPv4" : "IPv6")
                        + " address on each network");
            }
        }
    }

    private static boolean sameMac(String a, String b) {
        var ma = MacAddress.parse(a);
        var mb = MacAddress.parse(b);
        return ma.isPresent() && ma.equals(mb);
    }

    private static NetworkDef dhcpHost(NetworkDef def, int command, int parentIndex, XmlNode node) {
        checkName(def, node, "host");
        int index = ipIndex(def, parentIndex);
        Ip ip = def.ips().get(index);
        boolean partial = command == COMMAND_DELETE;
        DhcpHost host = NetworkDefParser.parseDhcpHost(def.name(), ip, node, partial);
        if (!partial && (host.ip() == null || host.ip().isIpv4() != ip.address().isIpv4())) {
            throw invalid("the address family of a host entry IP must match the address family of the dhcp "
                    + "element's parent");
        }
        List<DhcpHost> hosts = new ArrayList<>(ip.hosts());
        String ipText = host.ip() == null ? "unknown" : host.ip().toString();
        switch (command) {
            case COMMAND_MODIFY -> {
                int i = 0;
                for (; i < hosts.size(); i++) {
                    DhcpHost h = hosts.get(i);
                    if ((host.mac() != null && h.mac() != null && sameMac(host.mac(), h.mac()))
                            || (host.ip() != null && host.ip().equals(h.ip()))
                            || (host.name() != null && host.name().equals(h.name()))) {
                        break;
                    }
                }
                if (i == hosts.size()) {
                    throw invalid("couldn't locate an existing dhcp host entry with \"mac='"
                            + (host.mac() != null ? host.mac() : "unknown") + "'\" \"name='" + nullText(host.name())
                            + "'\" \"ip='" + ipText + "'\" in network '" + def.name() + "'");
                }
                hosts.set(i, host);
            }
            case COMMAND_ADD_FIRST, COMMAND_ADD_LAST -> {
                checkMultiDhcp(def, index);
                for (DhcpHost h : hosts) {
                    if ((host.mac() != null && h.mac() != null && sameMac(host.mac(), h.mac()))
                            || (host.name() != null && host.name().equals(h.name()))
                            || (host.ip() != null && host.ip().equals(h.ip()))) {
                        throw invalid("there is an existing dhcp host entry in network '" + def.name()
                                + "' that matches \"<host mac='" + (host.mac() != null ? host.mac() : "unknown")
                                + "' name='" + nullText(host.name()) + "' ip='" + ipText + "'/>\"");
                    }
                }
                hosts.add(command == COMMAND_ADD_FIRST ? 0 : hosts.size(), host);
            }
            case COMMAND_DELETE -> {
                int i = 0;
                for (; i < hosts.size(); i++) {
                    DhcpHost h = hosts.get(i);
                    if ((host.mac() == null || h.mac() == null || sameMac(host.mac(), h.mac()))
                            && (host.name() == null || host.name().equals(h.name()))
                            && (host.ip() == null || host.ip().equals(h.ip()))) {
                        break;
                    }
                }
                if (i == hosts.size()) {
                    throw invalid("couldn't locate a matching dhcp host entry in network '" + def.name() + "'");
                }
                hosts.remove(i);
            }
            default -> throw unknownCommand(command);
        }
        return withIp(def, index, ip.withHosts(hosts));
    }

    private static NetworkDef dhcpRange(NetworkDef def, int command, int parentIndex, XmlNode node) {
        checkName(def, node, "range");
        int index = ipIndex(def, parentIndex);
        Ip ip = def.ips().get(index);
        if (command == COMMAND_MODIFY) {
            throw VirException.of(ErrorNumber.OPERATION_UNSUPPORTED, ErrorDomain.NETWORK,
                    "dhcp ranges cannot be modified, only added or deleted");
        }
        DhcpRange range = NetworkDefParser.parseDhcpRange(def.name(), ip, node);
        if (range.start().isIpv4() != ip.address().isIpv4()) {
            throw invalid("the address family of a dhcp range must match the address family of the dhcp element's "
                    + "parent");
        }
        List<DhcpRange> ranges = new ArrayList<>(ip.ranges());
        int i = 0;
        for (; i < ranges.size(); i++) {
            if (ranges.get(i).start().equals(range.start()) && ranges.get(i).end().equals(range.end())) {
                break;
            }
        }
        switch (command) {
            case COMMAND_ADD_FIRST, COMMAND_ADD_LAST -> {
                checkMultiDhcp(def, index);
                if (i < ranges.size()) {
                    throw invalid("there is an existing dhcp range entry in network '" + def.name()
                            + "' that matches \"<range start='" + range.start() + "' end='" + range.end() + "'/>\"");
                }
                ranges.add(command == COMMAND_ADD_FIRST ? 0 : ranges.size(), range);
            }
            case COMMAND_DELETE -> {
                if (i == ranges.size()) {
                    throw invalid("couldn't locate a matching dhcp range entry in network '" + def.name() + "'");
                }
                ranges.remove(i);
            }
            default -> throw unknownCommand(command);
        }
        return withIp(def, index, ip.withRanges(ranges));
    }

    private static NetworkDef forwardInterface(NetworkDef def, int command, XmlNode node) {
        checkName(def, node, "interface");
        if (command == COMMAND_MODIFY) {
            throw VirException.of(ErrorNumber.OPERATION_UNSUPPORTED, ErrorDomain.NETWORK,
                    "forward interface entries cannot be modified, only added or deleted");
        }
        String dev = node.attr("dev");
        if (dev == null) {
            throw VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.NETWORK, "missing dev attribute in <interface> element");
        }
        List<ForwardIf> ifs = new ArrayList<>(def.forward().interfaces());
        int i = 0;
        for (; i < ifs.size(); i++) {
            if (ifs.get(i) instanceof NetdevIf n && n.dev().equals(dev)) {
                break;
            }
        }
        switch (command) {
            case COMMAND_ADD_FIRST, COMMAND_ADD_LAST -> {
                if (i < ifs.size()) {
                    throw invalid("there is an existing interface entry in network '" + def.name()
                            + "' that matches \"<interface dev='" + dev + "'>\"");
                }
                ifs.add(command == COMMAND_ADD_FIRST ? 0 : ifs.size(), new NetdevIf(dev, 0));
            }
            case COMMAND_DELETE -> {
                if (i == ifs.size()) {
                    throw invalid("couldn't find an interface entry in network '" + def.name()
                            + "' matching <interface dev='" + dev + "'>");
                }
                int connections = ((NetdevIf) ifs.get(i)).connections();
                if (connections > 0) {
                    throw invalid("unable to delete interface '" + dev + "' in network '" + def.name()
                            + "'. It is currently being used  by " + connections + " domains.");
                }
                ifs.remove(i);
            }
            default -> throw unknownCommand(command);
        }
        return def.withForward(def.forward().withInterfaces(ifs));
    }

    private static NetworkDef portGroup(NetworkDef def, int command, XmlNode node) {
        checkName(def, node, "portgroup");
        PortGroup pg = NetworkDefParser.parsePortGroup(node);
        int foundName = -1;
        int foundDefault = -1;
        List<PortGroup> groups = new ArrayList<>(def.portGroups());
        for (int i = 0; i < groups.size(); i++) {
            if (pg.name().equals(groups.get(i).name())) {
                foundName = i;
            }
            if (groups.get(i).isDefault()) {
                foundDefault = i;
            }
        }
        if (foundName == -1 && (command == COMMAND_MODIFY || command == COMMAND_DELETE)) {
            throw invalid("couldn't find a portgroup entry in network '" + def.name() + "' matching <portgroup name='"
                    + pg.name() + "'>");
        } else if (foundName >= 0 && (command == COMMAND_ADD_FIRST || command == COMMAND_ADD_LAST)) {
            throw invalid("there is an existing portgroup entry in network '" + def.name()
                    + "' that matches \"<portgroup name='" + pg.name() + "'>\"");
        }
        if (command != COMMAND_DELETE && pg.isDefault() && foundDefault >= 0 && foundDefault != foundName) {
            throw invalid("a different portgroup entry in network '" + def.name()
                    + "' is already set as the default. Only one default is allowed.");
        }
        switch (command) {
            case COMMAND_MODIFY -> groups.set(foundName, pg);
            case COMMAND_ADD_FIRST, COMMAND_ADD_LAST -> groups.add(command == COMMAND_ADD_FIRST ? 0 : groups.size(), pg);
            case COMMAND_DELETE -> groups.remove(foundName);
            default -> throw unknownCommand(command);
        }
        return def.withPortGroups(groups);
    }

    private static NetworkDef dnsHost(NetworkDef def, int command, XmlNode node) {
        boolean isAdd = command == COMMAND_ADD_FIRST || command == COMMAND_ADD_LAST;
        if (command == COMMAND_MODIFY) {
            throw VirException.of(ErrorNumber.OPERATION_UNSUPPORTED, ErrorDomain.NETWORK,
                    "DNS HOST records cannot be modified, only added or deleted");
        }
        checkName(def, node, "host");
        DnsHost host = NetworkDefParser.parseDnsHost(def.name(), node, !isAdd);
        List<DnsHost> hosts = new ArrayList<>(def.dns().hosts());
        int foundCt = 0;
        int foundIdx = -1;
        for (int i = 0; i < hosts.size(); i++) {
            boolean found = Objects.equals(host.ip(), hosts.get(i).ip());
            if (!isAdd && !found) {
                for (String n : host.hostnames()) {
                    found |= hosts.get(i).hostnames().contains(n);
                }
            }
            if (found) {
                foundCt++;
                foundIdx = i;
            }
        }
        if (isAdd) {
            if (foundCt > 0) {
                throw invalid("there is already at least one DNS HOST record with a matching field in network "
                        + def.name());
            }
            hosts.add(command == COMMAND_ADD_FIRST ? 0 : hosts.size(), host);
        } else if (command == COMMAND_DELETE) {
            if (foundCt == 0) {
                throw invalid("couldn't locate a matching DNS HOST record in network " + def.name());
            }
            if (foundCt > 1) {
                throw invalid("multiple matching DNS HOST records were found in network " + def.name());
            }
            hosts.remove(foundIdx);
        } else {
            throw unknownCommand(command);
        }
        return def.withDns(def.dns().withHosts(hosts));
    }

    private static NetworkDef dnsSrv(NetworkDef def, int command, XmlNode node) {
        boolean isAdd = command == COMMAND_ADD_FIRST || command == COMMAND_ADD_LAST;
        if (command == COMMAND_MODIFY) {
            throw VirException.of(ErrorNumber.OPERATION_UNSUPPORTED, ErrorDomain.NETWORK,
                    "DNS SRV records cannot be modified, only added or deleted");
        }
        checkName(def, node, "srv");
        DnsSrv srv = NetworkDefParser.parseDnsSrv(def.name(), node, !isAdd);
        List<DnsSrv> srvs = new ArrayList<>(def.dns().srvs());
        int foundCt = 0;
        int foundIdx = -1;
        for (int i = 0; i < srvs.size(); i++) {
            DnsSrv s = srvs.get(i);
            if ((srv.domain() == null || srv.domain().equals(s.domain()))
                    && (srv.service() == null || srv.service().equals(s.service()))
                    && (srv.protocol() == null || srv.protocol().equals(s.protocol()))
                    && (srv.target() == null || srv.target().equals(s.target()))) {
                foundCt++;
                foundIdx = i;
            }
        }
        if (isAdd) {
            if (foundCt > 0) {
                throw invalid("there is already at least one DNS SRV record matching all specified fields in network "
                        + def.name());
            }
            srvs.add(command == COMMAND_ADD_FIRST ? 0 : srvs.size(), srv);
        } else if (command == COMMAND_DELETE) {
            if (foundCt == 0) {
                throw invalid("couldn't locate a matching DNS SRV record in network " + def.name());
            }
            if (foundCt > 1) {
                throw invalid("multiple DNS SRV records matching all specified fields were found in network "
                        + def.name());
            }
            srvs.remove(foundIdx);
        } else {
            throw unknownCommand(command);
        }
        return def.withDns(def.dns().withSrvs(srvs));
    }

    private static NetworkDef dnsTxt(NetworkDef def, int command, XmlNode node) {
        boolean isAdd = command == COMMAND_ADD_FIRST || command == COMMAND_ADD_LAST;
        if (command == COMMAND_MODIFY) {
            throw VirException.of(ErrorNumber.OPERATION_UNSUPPORTED, ErrorDomain.NETWORK,
                    "DNS TXT records cannot be modified, only added or deleted");
        }
        checkName(def, node, "txt");
        DnsTxt txt = NetworkDefParser.parseDnsTxt(def.name(), node, !isAdd);
        List<DnsTxt> txts = new ArrayList<>(def.dns().txts());
        int i = 0;
        for (; i < txts.size(); i++) {
            if (txt.name().equals(txts.get(i).name())) {
                break;
            }
        }
        if (isAdd) {
            if (i < txts.size()) {
                throw invalid("there is already a DNS TXT record with name '" + txt.name() + "' in network "
                        + def.name());
            }
            txts.add(command == COMMAND_ADD_FIRST ? 0 : txts.size(), txt);
        } else if (command == COMMAND_DELETE) {
            if (i == txts.size()) {
                throw invalid("couldn't locate a matching DNS TXT record in network " + def.name());
            }
            txts.remove(i);
        } else {
            throw unknownCommand(command);
        }
        return def.withDns(def.dns().withTxts(txts));
    }

    /** glibc's printf of a NULL %s. */
    private static String nullText(String s) {
        return s == null ? "(null)" : s;
    }

    private static NetworkDef withIp(NetworkDef def, int index, Ip ip) {
        List<Ip> ips = new ArrayList<>(def.ips());
        ips.set(index, ip);
        return def.withIps(ips);
    }

    private static VirException noSupport(NetworkDef def, String section) {
        return VirException.of(ErrorNumber.OPERATION_UNSUPPORTED, ErrorDomain.NETWORK,
                "can't update '" + section + "' section of network '" + def.name() + "'");
    }

    private static VirException unknownCommand(int command) {
        return VirException.of(ErrorNumber.OPERATION_UNSUPPORTED, ErrorDomain.NETWORK,
                "unrecognized network update command code " + command);
    }

    private static VirException invalid(String detail) {
        return VirException.of(ErrorNumber.OPERATION_INVALID, ErrorDomain.NETWORK, detail);
    }
}
