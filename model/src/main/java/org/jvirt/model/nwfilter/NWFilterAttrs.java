package org.jvirt.model.nwfilter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** libvirt's per-protocol attribute tables (virXMLAttr2Struct arrays in nwfilter_conf.c), in their order. */
final class NWFilterAttrs {
    private NWFilterAttrs() {}

    static final int UINT16 = 1;
    static final int UINT8 = 1 << 1;
    static final int UINT16_HEX = 1 << 2;
    static final int UINT8_HEX = 1 << 3;
    static final int MACADDR = 1 << 4;
    static final int MACMASK = 1 << 5;
    static final int IPADDR = 1 << 6;
    static final int IPMASK = 1 << 7;
    static final int STRING = 1 << 8;
    static final int IPV6ADDR = 1 << 9;
    static final int IPV6MASK = 1 << 10;
    static final int STRINGCOPY = 1 << 11;
    static final int BOOLEAN = 1 << 12;
    static final int UINT32 = 1 << 13;
    static final int UINT32_HEX = 1 << 14;
    static final int IPSETNAME = 1 << 15;
    static final int IPSETFLAGS = 1 << 16;
    static final int LAST = 1 << 17;

    /** The beyond-standard validators/formatters libvirt attaches to some attributes. */
    enum Special { NONE, MAC_PROTO, VLAN_ID, VLAN_PROTO, ARP_OPCODE, IP_PROTO, DSCP, STATE, TCP_FLAGS, IPSET, IPSET_FLAGS }

    record Attr(String name, int datatypes, Special special) {}

    private static Attr a(String name, int types) {
        return new Attr(name, types, Special.NONE);
    }

    private static Attr a(String name, int types, Special s) {
        return new Attr(name, types, s);
    }

    private static List<Attr> macProps() {
        return List.of(a("srcmacaddr", MACADDR), a("srcmacmask", MACMASK), a("dstmacaddr", MACADDR),
                a("dstmacmask", MACMASK));
    }

    private static final Attr COMMENT = a("comment", STRINGCOPY);

    private static List<Attr> commonIp(int addr, int mask) {
        return List.of(a("srcmacaddr", MACADDR), a("srcipaddr", addr), a("srcipmask", mask), a("dstipaddr", addr),
                a("dstipmask", mask), a("srcipfrom", addr), a("srcipto", addr), a("dstipfrom", addr),
                // libvirt declares dstipto as an IPv4 address even for the -ipv6 protocols
                a("dstipto", IPADDR),
                a("dscp", UINT8 | UINT8_HEX, Special.DSCP), a("connlimit-above", UINT16),
                a("state", STRING, Special.STATE), a("ipset", IPSETNAME, Special.IPSET),
                a("ipsetflags", IPSETFLAGS, Special.IPSET_FLAGS));
    }

    private static List<Attr> ports() {
        return List.of(a("srcportstart", UINT16 | UINT16_HEX), a("srcportend", UINT16 | UINT16_HEX),
                a("dstportstart", UINT16 | UINT16_HEX), a("dstportend", UINT16 | UINT16_HEX));
    }

    @SafeVarargs
    private static List<Attr> join(List<Attr>... parts) {
        List<Attr> out = new ArrayList<>();
        for (List<Attr> p : parts) {
            out.addAll(p);
        }
        return List.copyOf(out);
    }

    private static final int U8 = UINT8 | UINT8_HEX;
    private static final int U16 = UINT16 | UINT16_HEX;
    private static final int U32 = UINT32 | UINT32_HEX;

    private static final List<Attr> MAC = join(macProps(),
            List.of(a("protocolid", U16 | STRING, Special.MAC_PROTO), COMMENT));
    private static final List<Attr> VLAN = join(macProps(), List.of(a("vlanid", U16, Special.VLAN_ID),
            a("encap-protocol", U16 | STRING, Special.VLAN_PROTO), COMMENT));
    private static final List<Attr> STP = List.of(a("srcmacaddr", MACADDR), a("srcmacmask", MACMASK),
            a("type", U8), a("flags", U8), a("root-priority", U16), a("root-priority-hi", U16),
            a("root-address", MACADDR), a("root-address-mask", MACMASK), a("root-cost", U32),
            a("root-cost-hi", U32), a("sender-priority", U16), a("sender-priority-hi", U16),
            a("sender-address", MACADDR), a("sender-address-mask", MACMASK), a("port", U16), a("port-hi", U16),
            a("age", U16), a("age-hi", U16), a("max-age", U16), a("max-age-hi", U16), a("hello-time", U16),
            a("hello-time-hi", U16), a("forward-delay", U16), a("forward-delay-hi", U16), COMMENT);
    private static final List<Attr> ARP = join(macProps(), List.of(a("hwtype", U16), a("protocoltype", U16),
            a("opcode", U16 | STRING, Special.ARP_OPCODE), a("arpsrcmacaddr", MACADDR), a("arpdstmacaddr", MACADDR),
            a("arpsrcipaddr", IPADDR), a("arpsrcipmask", IPMASK), a("arpdstipaddr", IPADDR),
            a("arpdstipmask", IPMASK), a("gratuitous", BOOLEAN), COMMENT));
    private static final List<Attr> IP = join(macProps(), List.of(a("srcipaddr", IPADDR), a("srcipmask", IPMASK),
            a("dstipaddr", IPADDR), a("dstipmask", IPMASK), a("protocol", STRING | U8, Special.IP_PROTO)), ports(),
            List.of(a("dscp", U8, Special.DSCP), COMMENT));
    private static final List<Attr> IPV6 = join(macProps(), List.of(a("srcipaddr", IPV6ADDR),
            a("srcipmask", IPV6MASK), a("dstipaddr", IPV6ADDR), a("dstipmask", IPV6MASK),
            a("protocol", STRING | U8, Special.IP_PROTO)), ports(),
            List.of(a("type", U8), a("typeend", U8), a("code", U8), a("codeend", U8), COMMENT));

    private static List<Attr> l4(int addr, int mask, String kind) {
        List<Attr> ip = commonIp(addr, mask);
        return switch (kind) {
            case "tcp" -> join(ip, ports(), List.of(a("option", U8), a("flags", STRING, Special.TCP_FLAGS), COMMENT));
            case "udp", "sctp" -> join(ip, ports(), List.of(COMMENT));
            case "icmp" -> join(ip, List.of(a("type", U8), a("code", U8), COMMENT));
            default -> join(ip, List.of(COMMENT));
        };
    }

    /** Protocol element name to attribute table, in libvirt's virAttr order (which also decides format order). */
    static final Map<String, List<Attr>> PROTOCOLS;

    static {
        Map<String, List<Attr>> m = new LinkedHashMap<>();
        m.put("arp", ARP);
        m.put("rarp", ARP);
        m.put("mac", MAC);
        m.put("vlan", VLAN);
        m.put("stp", STP);
        m.put("ip", IP);
        m.put("ipv6", IPV6);
        m.put("tcp", l4(IPADDR, IPMASK, "tcp"));
        m.put("udp", l4(IPADDR, IPMASK, "udp"));
        m.put("udplite", l4(IPADDR, IPMASK, "udplite"));
        m.put("esp", l4(IPADDR, IPMASK, "esp"));
        m.put("ah", l4(IPADDR, IPMASK, "ah"));
        m.put("sctp", l4(IPADDR, IPMASK, "sctp"));
        m.put("icmp", l4(IPADDR, IPMASK, "icmp"));
        m.put("all", l4(IPADDR, IPMASK, "all"));
        m.put("igmp", l4(IPADDR, IPMASK, "igmp"));
        m.put("tcp-ipv6", l4(IPV6ADDR, IPV6MASK, "tcp"));
        m.put("udp-ipv6", l4(IPV6ADDR, IPV6MASK, "udp"));
        m.put("udplite-ipv6", l4(IPV6ADDR, IPV6MASK, "udplite"));
        m.put("esp-ipv6", l4(IPV6ADDR, IPV6MASK, "esp"));
        m.put("ah-ipv6", l4(IPV6ADDR, IPV6MASK, "ah"));
        m.put("sctp-ipv6", l4(IPV6ADDR, IPV6MASK, "sctp"));
        m.put("icmpv6", l4(IPV6ADDR, IPV6MASK, "icmp"));
        m.put("all-ipv6", l4(IPV6ADDR, IPV6MASK, "all"));
        PROTOCOLS = java.util.Collections.unmodifiableMap(m);
    }

    static final Map<String, Integer> MAC_PROTO = Map.of("arp", 0x0806, "rarp", 0x8035, "ipv4", 0x0800,
            "ipv6", 0x86dd, "vlan", 0x8100);
    /** Reverse lookup in libvirt's table order. */
    static final List<Map.Entry<Integer, String>> MAC_PROTO_ORDER = List.of(Map.entry(0x0806, "arp"),
            Map.entry(0x8035, "rarp"), Map.entry(0x0800, "ipv4"), Map.entry(0x86dd, "ipv6"), Map.entry(0x8100, "vlan"));
    static final List<String> ARP_OPCODES = List.of("Request", "Reply", "Request_Reverse", "Reply_Reverse",
            "DRARP_Request", "DRARP_Reply", "DRARP_Error", "InARP_Request", "ARP_NAK");
    static final List<Map.Entry<Integer, String>> IP_PROTO = List.of(Map.entry(6, "tcp"), Map.entry(17, "udp"),
            Map.entry(136, "udplite"), Map.entry(50, "esp"), Map.entry(51, "ah"), Map.entry(1, "icmp"),
            Map.entry(2, "igmp"), Map.entry(132, "sctp"), Map.entry(58, "icmpv6"));
    /** state names by flag bit (RULE_FLAG_STATE_*). */
    static final List<Map.Entry<Integer, String>> STATES = List.of(Map.entry(2, "NEW"), Map.entry(4, "ESTABLISHED"),
            Map.entry(8, "RELATED"), Map.entry(16, "INVALID"), Map.entry(32, "NONE"));
    static final List<Map.Entry<Integer, String>> TCP_FLAG_NAMES = List.of(Map.entry(0x1, "FIN"),
            Map.entry(0x2, "SYN"), Map.entry(0x4, "RST"), Map.entry(0x8, "PSH"), Map.entry(0x10, "ACK"),
            Map.entry(0x20, "URG"), Map.entry(0x3F, "ALL"), Map.entry(0x0, "NONE"));

    /** Which attribute's match='no' each attribute inherits after parsing (virNWFilterRuleDefFixup). */
    static List<String[]> negCopies(String protocol) {
        List<String[]> l = new ArrayList<>();
        switch (protocol) {
            case "mac", "vlan" -> {
                l.add(new String[] {"srcmacmask", "srcmacaddr"});
                l.add(new String[] {"dstmacmask", "dstmacaddr"});
            }
            case "stp" -> {
                l.add(new String[] {"srcmacmask", "srcmacaddr"});
                l.add(new String[] {"root-priority-hi", "root-priority"});
                l.add(new String[] {"root-address-mask", "root-address"});
                l.add(new String[] {"root-cost-hi", "root-cost"});
                l.add(new String[] {"sender-priority-hi", "sender-priority"});
                l.add(new String[] {"sender-address-mask", "sender-address"});
                l.add(new String[] {"port-hi", "port"});
                l.add(new String[] {"age-hi", "age"});
                l.add(new String[] {"max-age-hi", "max-age"});
                l.add(new String[] {"hello-time-hi", "hello-time"});
                l.add(new String[] {"forward-delay-hi", "forward-delay"});
            }
            case "ip" -> {
                l.add(new String[] {"srcipmask", "srcipaddr"});
                l.add(new String[] {"dstipmask", "dstipaddr"});
            }
            case "ipv6" -> {
                l.add(new String[] {"srcipmask", "srcipaddr"});
                l.add(new String[] {"dstipmask", "dstipaddr"});
                l.add(new String[] {"typeend", "type"});
                l.add(new String[] {"code", "type"});
                l.add(new String[] {"codeend", "type"});
            }
            case "arp", "rarp" -> { }
            default -> {
                l.add(new String[] {"srcipmask", "srcipaddr"});
                l.add(new String[] {"dstipmask", "dstipaddr"});
                l.add(new String[] {"srcipto", "srcipfrom"});
                l.add(new String[] {"dstipto", "dstipfrom"});
                String base = protocol.replace("-ipv6", "");
                if (base.equals("tcp") || base.equals("udp") || base.equals("sctp")) {
                    l.add(new String[] {"srcportend", "srcportstart"});
                    l.add(new String[] {"dstportstart", "srcportstart"});
                    l.add(new String[] {"dstportend", "srcportstart"});
                }
                if (base.equals("icmp") || base.equals("icmpv6")) {
                    l.add(new String[] {"code", "type"});
                }
            }
        }
        return l;
    }

    /** Whether libvirt's fixup applies its ipset rule (all protocols but mac/vlan/stp/arp/rarp/all/all-ipv6). */
    static boolean fixesIpset(String protocol) {
        return !List.of("mac", "vlan", "stp", "arp", "rarp", "all", "all-ipv6").contains(protocol);
    }
}
