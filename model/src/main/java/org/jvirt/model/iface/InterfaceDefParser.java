package org.jvirt.model.iface;

import java.util.ArrayList;
import java.util.List;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorLevel;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.iface.InterfaceDef.Bond;
import org.jvirt.model.iface.InterfaceDef.Bridge;
import org.jvirt.model.iface.InterfaceDef.Ethernet;
import org.jvirt.model.iface.InterfaceDef.IpAddr;
import org.jvirt.model.iface.InterfaceDef.Kind;
import org.jvirt.model.iface.InterfaceDef.Protocol;
import org.jvirt.model.iface.InterfaceDef.Vlan;
import org.jvirt.model.network.XmlProps;
import org.jvirt.model.xml.XmlNode;
import org.jvirt.model.xml.XmlParser;

/** Parses host interface XML as libvirt 9.0's virInterfaceDefParseString does. */
public final class InterfaceDefParser {
    static final List<String> TYPES = List.of("ethernet", "bridge", "bond", "vlan");
    static final List<String> BOND_MODES =
            List.of("balance-rr", "active-backup", "balance-xor", "broadcast", "802.3ad", "balance-tlb", "balance-alb");
    static final List<String> LINK_STATES =
            List.of("", "unknown", "notpresent", "down", "lowerlayerdown", "testing", "dormant", "up");

    private final XmlParser xml = new XmlParser();

    public InterfaceDef parse(String xmlText) {
        return parseNode(XmlProps.parseRoot(xml, xmlText, "interface_definition", "interface", ErrorDomain.INTERFACE),
                null);
    }

    /** virInterfaceDefParseXML; {@code parentType} is null for the top level, else "bridge" or "bond". */
    public InterfaceDef parseNode(XmlNode node, String parentType) {
        String typeText = node.attr("type");
        if (typeText == null) {
            throw XmlProps.missingAttr(node, "type");
        }
        if (!TYPES.contains(typeText)) {
            throw XmlProps.invalidValue(node, "type", typeText);
        }
        boolean allowed = parentType == null
                || (parentType.equals("bond") && typeText.equals("ethernet"))
                || (parentType.equals("bridge") && !typeText.equals("bridge"));
        if (!allowed) {
            throw error("interface has unsupported type '" + typeText + "'");
        }
        String name = node.attr("name");
        if (name == null) {
            throw error("interface has no name");
        }
        String startMode = null;
        int mtu = 0;
        List<Protocol> protocols = new ArrayList<>();
        if (parentType == null) {
            XmlNode start = node.child("start");
            String mode = start == null ? null : empty(start.attr("mode"));
            if (mode != null) {
                if (!List.of("onboot", "hotplug", "none").contains(mode)) {
                    throw error("unknown interface startmode " + mode);
                }
                startMode = mode;
            }
            XmlNode mtuNode = node.child("mtu");
            String size = mtuNode == null ? null : empty(mtuNode.attr("size"));
            if (size != null) {
                long v = XmlProps.parseUnsigned(size, 10, 0xffffffffL);
                if (v < 0) {
                    // libvirt returns failure here without reporting an error of its own
                    String msg = "An error occurred, but the cause is unknown";
                    throw new VirException(ErrorNumber.INTERNAL_ERROR, ErrorDomain.NONE, ErrorLevel.ERROR, msg, msg,
                            null, null, 0, 0);
                }
                if (v > 100000) {
                    throw error("value of the 'size' attribute of 'mtu' element must be at most 100000");
                }
                mtu = (int) v;
            }
            for (XmlNode p : node.children("protocol")) {
                protocols.add(parseProtocol(p));
            }
        }
        int linkSpeed = 0;
        String linkState = null;
        if (!typeText.equals("bridge")) {
            XmlNode link = node.child("link");
            if (link != null) {
                int st = XmlProps.enumValue(link, "state", LINK_STATES, false);
                linkState = st > 0 ? LINK_STATES.get(st) : null;
                long sp = XmlProps.uint(link, "speed", 10);
                linkSpeed = sp > 0 ? (int) sp : 0;
            }
        }
        Kind kind = switch (typeText) {
            case "ethernet" -> {
                XmlNode mac = node.child("mac");
                yield new Ethernet(mac == null ? null : empty(mac.attr("address")));
            }
            case "bridge" -> {
                XmlNode b = node.child("bridge");
                if (b == null) {
                    throw error("bridge interface misses the bridge element");
                }
                yield parseBridge(b);
            }
            case "bond" -> {
                XmlNode b = node.child("bond");
                if (b == null) {
                    throw error("bond interface misses the bond element");
                }
                yield parseBond(b);
            }
            default -> {
                XmlNode v = node.child("vlan");
                if (v == null) {
                    throw error("vlan interface misses the vlan element");
                }
                String tag = empty(v.attr("tag"));
                if (tag == null) {
                    throw error("vlan interface misses the tag attribute");
                }
                XmlNode dev = v.child("interface");
                String devName = dev == null ? null : empty(dev.attr("name"));
                if (devName == null) {
                    throw error("vlan interface misses name attribute");
                }
                yield new Vlan(tag, devName);
            }
        };
        return new InterfaceDef(name, startMode, mtu, protocols, linkSpeed, linkState, kind);
    }

    private Protocol parseProtocol(XmlNode p) {
        String family = p.attr("family");
        if (family == null) {
            throw error("protocol misses the family attribute");
        }
        if (!family.equals("ipv4") && !family.equals("ipv6")) {
            throw error("unsupported protocol family '" + family + "'");
        }
        XmlNode route = p.child("route");
        String gateway = route == null ? null : empty(route.attr("gateway"));
        boolean autoconf = family.equals("ipv6") && p.child("autoconf") != null;
        XmlNode dhcp = p.child("dhcp");
        Boolean peerDns = dhcp == null ? null : XmlProps.tristate(dhcp, "peerdns");
        List<IpAddr> ips = new ArrayList<>();
        for (XmlNode ip : p.children("ip")) {
            String address = ip.attr("address");
            int prefix = 0;
            if (address != null && ip.attr("prefix") != null) {
                String v = ip.attr("prefix");
                long n = parseSigned(v, 0);
                if (n == Long.MIN_VALUE) {
                    throw VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.XML, "Invalid value for attribute 'prefix'"
                            + " in element 'ip': '" + v + "'. Expected integer value");
                }
                prefix = (int) n;
            }
            ips.add(new IpAddr(address, prefix));
        }
        return new Protocol(family, autoconf, dhcp != null, peerDns, ips, gateway);
    }

    private Bridge parseBridge(XmlNode b) {
        Boolean stp = null;
        String stpText = b.attr("stp");
        // libvirt reports a bad stp value but still succeeds (it returns 0), leaving stp unset
        if ("on".equals(stpText)) {
            stp = Boolean.TRUE;
        } else if ("off".equals(stpText)) {
            stp = Boolean.FALSE;
        } else if (stpText != null) {
            return new Bridge(null, null, List.of());
        }
        String delay = b.attr("delay");
        List<InterfaceDef> itfs = new ArrayList<>();
        for (XmlNode i : b.children("interface")) {
            itfs.add(parseNode(i, "bridge"));
        }
        return new Bridge(stp, delay, itfs);
    }

    private Bond parseBond(XmlNode b) {
        String mode = empty(b.attr("mode"));
        if (mode != null && !BOND_MODES.contains(mode)) {
            throw error("unknown bonding mode " + mode);
        }
        List<InterfaceDef> itfs = new ArrayList<>();
        for (XmlNode i : b.children("interface")) {
            itfs.add(parseNode(i, "bond"));
        }
        XmlNode mii = b.child("miimon");
        XmlNode arp = b.child("arpmon");
        if (mii != null) {
            long freq = xpathInt(mii.attr("freq"));
            if (freq == ABSENT || freq == INVALID) {
                throw error("bond interface miimon freq missing or invalid");
            }
            long down = xpathInt(mii.attr("downdelay"));
            if (down == INVALID) {
                throw error("bond interface miimon downdelay invalid");
            }
            long up = xpathInt(mii.attr("updelay"));
            if (up == INVALID) {
                throw error("bond interface miimon updelay invalid");
            }
            String carrier = empty(mii.attr("carrier"));
            if (carrier != null && !carrier.equals("ioctl") && !carrier.equals("netif")) {
                throw error("unknown mii bonding carrier " + carrier);
            }
            return new Bond(mode, "mii", (int) freq, down == ABSENT ? 0 : (int) down, up == ABSENT ? 0 : (int) up,
                    carrier, 0, null, null, itfs);
        }
        if (arp != null) {
            long interval = xpathInt(arp.attr("interval"));
            if (interval == ABSENT || interval == INVALID) {
                throw error("bond interface arpmon interval missing or invalid");
            }
            String target = empty(arp.attr("target"));
            if (target == null) {
                throw error("bond interface arpmon target missing");
            }
            String validate = empty(arp.attr("validate"));
            if (validate != null && !List.of("active", "backup", "all").contains(validate)) {
                throw error("unknown arp bonding validate " + validate);
            }
            return new Bond(mode, "arp", 0, 0, 0, null, (int) interval, target, validate, itfs);
        }
        return new Bond(mode, null, 0, 0, 0, null, 0, null, null, itfs);
    }

    private static final long ABSENT = Long.MIN_VALUE;
    private static final long INVALID = Long.MIN_VALUE + 1;

    /** virXPathInt("string(./@x)"): ABSENT for a missing or empty value, INVALID when not an int. */
    private static long xpathInt(String v) {
        if (v == null || v.isEmpty()) {
            return ABSENT;
        }
        long n = parseSigned(v, 10);
        return n == Long.MIN_VALUE ? INVALID : n;
    }

    /** virStrToLong_i in {@code base} (0: C's 0x / leading-0 detection): MIN_VALUE when invalid. */
    private static long parseSigned(String v, int base) {
        String s = v.stripLeading();
        boolean neg = s.startsWith("-");
        if (neg || s.startsWith("+")) {
            s = s.substring(1);
        }
        long n = XmlProps.parseUnsigned(s, base, 0x80000000L);
        if (n < 0 || (!neg && n > Integer.MAX_VALUE)) {
            return Long.MIN_VALUE;
        }
        return neg ? -n : n;
    }

    private static String empty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static VirException error(String detail) {
        return VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.INTERFACE, detail);
    }
}
