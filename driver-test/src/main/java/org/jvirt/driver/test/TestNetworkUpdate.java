package org.jvirt.driver.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.network.NetworkDef;
import org.jvirt.model.network.NetworkDefParser;
import org.jvirt.model.xml.XmlNode;
import org.jvirt.model.xml.XmlParser;

/**
 * virNetworkDefUpdateSection as the test driver reaches it: DHCP hosts and ranges and DNS hosts can be added or
 * deleted (DHCP hosts also modified); the other sections are refused with libvirt's message.
 */
final class TestNetworkUpdate {
    static final int MODIFY = 1;
    static final int DELETE = 2;
    static final int ADD_LAST = 3;
    static final int ADD_FIRST = 4;
    static final int SECTION_IP_DHCP_HOST = 4;
    static final int SECTION_IP_DHCP_RANGE = 5;
    static final int SECTION_DNS_HOST = 10;
    private static final List<String> SECTIONS = List.of("none", "bridge", "domain", "ip", "ip-dhcp-host",
            "ip-dhcp-range", "forward", "forward-interface", "forward-pf", "portgroup", "dns-host", "dns-txt",
            "dns-srv");

    private final XmlParser parser = new XmlParser();

    NetworkDef apply(NetworkDef def, int command, int section, int parentIndex, String xml) {
        if (command < MODIFY || command > ADD_FIRST) {
            throw error(ErrorNumber.OPERATION_UNSUPPORTED, "unrecognized network update command code " + command);
        }
        XmlNode node = parser.parseRoot(xml, "network_update_xml", rootOf(xml));
        return switch (section) {
            case SECTION_IP_DHCP_HOST -> dhcpHost(def, command, parentIndex, expect(node, "host", def));
            case SECTION_IP_DHCP_RANGE -> dhcpRange(def, command, parentIndex, expect(node, "range", def));
            case SECTION_DNS_HOST -> dnsHost(def, command, expect(node, "host", def));
            default -> {
                if (section <= 0 || section >= SECTIONS.size()) {
                    throw error(ErrorNumber.OPERATION_UNSUPPORTED, "can't update unrecognized section of network");
                }
                throw error(ErrorNumber.OPERATION_UNSUPPORTED, "can't update '" + SECTIONS.get(section)
                        + "' section of network '" + def.name() + "'");
            }
        };
    }

    private static String rootOf(String xml) {
        String s = xml.strip();
        int i = 1;
        while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && s.charAt(i) != '>' && s.charAt(i) != '/') {
            i++;
        }
        return s.substring(1, Math.max(1, i));
    }

    private static XmlNode expect(XmlNode node, String name, NetworkDef def) {
        if (!node.name().equals(name)) {
            throw error(ErrorNumber.XML_ERROR, "unexpected element <" + node.name() + ">, expecting <" + name
                    + ">, while updating network '" + def.name() + "'");
        }
        return node;
    }

    private static VirException error(int code, String detail) {
        return VirException.of(code, ErrorDomain.NETWORK, detail);
    }

    /** virNetworkIPDefByIndex: the IP at {@code index}, or the first IPv4 one for a negative index. */
    private static int ipIndex(NetworkDef def, int index) {
        if (index >= 0) {
            if (index >= def.ips().size()) {
                throw error(ErrorNumber.OPERATION_INVALID, "couldn't update dhcp host entry - no <ip> element "
                        + "found at index " + index + " in network '" + def.name() + "'");
            }
            return index;
        }
        for (int i = 0; i < def.ips().size(); i++) {
            if (!def.ips().get(i).address().isIpv6()) {
                return i;
            }
        }
        throw error(ErrorNumber.OPERATION_INVALID, "couldn't update dhcp host entry - no <ip> element found in "
                + "network '" + def.name() + "'");
    }

    private static NetworkDef withIp(NetworkDef def, int index, NetworkDef.Ip ip) {
        List<NetworkDef.Ip> ips = new ArrayList<>(def.ips());
        ips.set(index, ip);
        return def.withIps(ips);
    }

    private static String text(Object o) {
        return o == null ? null : o.toString();
    }

    private static NetworkDef dhcpHost(NetworkDef def, int command, int parentIndex, XmlNode node) {
        int idx = ipIndex(def, parentIndex);
        NetworkDef.Ip ip = def.ips().get(idx);
        NetworkDef.DhcpHost host = NetworkDefParser.parseDhcpHost(def.name(), ip, node, command == DELETE);
        List<NetworkDef.DhcpHost> hosts = new ArrayList<>(ip.hosts());
        switch (command) {
            case MODIFY -> {
                int at = -1;
                for (int i = 0; i < hosts.size(); i++) {
                    NetworkDef.DhcpHost h = hosts.get(i);
                    if ((host.mac() != null && host.mac().equalsIgnoreCase(String.valueOf(h.mac())))
                            || (host.mac() == null && Objects.equals(host.name(), h.name()))) {
                        at = i;
                        break;
                    }
                }
                if (at < 0) {
                    throw error(ErrorNumber.OPERATION_INVALID, "couldn't locate an existing dhcp host entry with "
                            + "\"mac='" + host.mac() + "'\" \"name='" + nullText(host.name()) + "'\" \"ip='"
                            + text(host.ip()) + "'\" in network '" + def.name() + "'");
                }
                hosts.set(at, host);
            }
            case DELETE -> {
                int at = -1;
                for (int i = 0; i < hosts.size(); i++) {
                    NetworkDef.DhcpHost h = hosts.get(i);
                    if ((host.mac() == null || host.mac().equalsIgnoreCase(String.valueOf(h.mac())))
                            && (host.name() == null || host.name().equals(h.name()))
                            && (host.ip() == null || Objects.equals(text(host.ip()), text(h.ip())))) {
                        at = i;
                        break;
                    }
                }
                if (at < 0) {
                    throw error(ErrorNumber.OPERATION_INVALID, "couldn't locate a matching dhcp host entry in "
                            + "network '" + def.name() + "'");
                }
                hosts.remove(at);
            }
            default -> {
                for (NetworkDef.DhcpHost h : hosts) {
                    boolean clash = (host.mac() != null && host.mac().equalsIgnoreCase(String.valueOf(h.mac())))
                            || (host.name() != null && host.name().equals(h.name()))
                            || (host.ip() != null && Objects.equals(text(host.ip()), text(h.ip())));
                    if (clash) {
                        throw error(ErrorNumber.OPERATION_INVALID, "there is an existing dhcp host entry in "
                                + "network '" + def.name() + "' that matches \"<host mac='" + nullText(host.mac())
                                + "' name='" + nullText(host.name()) + "' ip='" + text(host.ip()) + "'/>\"");
                    }
                }
                hosts.add(command == ADD_FIRST ? 0 : hosts.size(), host);
            }
        }
        return withIp(def, idx, ip.withHosts(hosts));
    }

    private static String nullText(String s) {
        return s == null ? "(null)" : s;
    }

    private static NetworkDef dhcpRange(NetworkDef def, int command, int parentIndex, XmlNode node) {
        int idx = ipIndex(def, parentIndex);
        NetworkDef.Ip ip = def.ips().get(idx);
        if (command == MODIFY) {
            throw error(ErrorNumber.OPERATION_UNSUPPORTED, "dhcp ranges cannot be modified, only added or deleted");
        }
        NetworkDef.DhcpRange range = NetworkDefParser.parseDhcpRange(def.name(), ip, node);
        List<NetworkDef.DhcpRange> ranges = new ArrayList<>(ip.ranges());
        int at = -1;
        for (int i = 0; i < ranges.size(); i++) {
            if (text(ranges.get(i).start()).equals(text(range.start()))
                    && text(ranges.get(i).end()).equals(text(range.end()))) {
                at = i;
            }
        }
        if (command == DELETE) {
            if (at < 0) {
                throw error(ErrorNumber.OPERATION_INVALID, "couldn't locate a matching dhcp range entry in network '"
                        + def.name() + "'");
            }
            ranges.remove(at);
        } else {
            if (at >= 0) {
                throw error(ErrorNumber.OPERATION_INVALID, "there is an existing dhcp range entry in network '"
                        + def.name() + "' that matches \"<range start='" + text(range.start()) + "' end='"
                        + text(range.end()) + "'/>\"");
            }
            ranges.add(command == ADD_FIRST ? 0 : ranges.size(), range);
        }
        return withIp(def, idx, ip.withRanges(ranges));
    }

    private static NetworkDef dnsHost(NetworkDef def, int command, XmlNode node) {
        if (command == MODIFY) {
            throw error(ErrorNumber.OPERATION_UNSUPPORTED,
                    "DNS HOST records cannot be modified, only added or deleted");
        }
        NetworkDef.DnsHost host = NetworkDefParser.parseDnsHost(def.name(), node, command == DELETE);
        NetworkDef.Dns dns = def.dns() == null ? NetworkDef.Dns.EMPTY : def.dns();
        List<NetworkDef.DnsHost> hosts = new ArrayList<>(dns.hosts());
        List<Integer> matches = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            NetworkDef.DnsHost h = hosts.get(i);
            boolean ipMatch = host.ip() != null && Objects.equals(text(host.ip()), text(h.ip()));
            boolean nameMatch = host.hostnames().stream().anyMatch(h.hostnames()::contains);
            if (ipMatch || nameMatch) {
                matches.add(i);
            }
        }
        if (command == DELETE) {
            if (matches.isEmpty()) {
                throw error(ErrorNumber.OPERATION_INVALID, "couldn't locate a matching DNS HOST record in network "
                        + def.name());
            }
            if (matches.size() > 1) {
                throw error(ErrorNumber.OPERATION_INVALID, "multiple matching DNS HOST records were found in "
                        + "network " + def.name());
            }
            hosts.remove((int) matches.get(0));
        } else {
            if (!matches.isEmpty()) {
                throw error(ErrorNumber.OPERATION_INVALID, "there is already at least one DNS HOST record with a "
                        + "matching field in network " + def.name());
            }
            hosts.add(command == ADD_FIRST ? 0 : hosts.size(), host);
        }
        return def.withDns(dns.withHosts(hosts));
    }
}
