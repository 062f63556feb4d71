package org.jvirt.model.nwfilter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorLevel;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.util.MacAddress;
import org.jvirt.core.util.Uuids;
import org.jvirt.model.network.IpAddress;
import org.jvirt.model.nwfilter.NWFilterAttrs.Attr;
import org.jvirt.model.nwfilter.NWFilterDef.Entry;
import org.jvirt.model.nwfilter.NWFilterDef.FilterRef;
import org.jvirt.model.nwfilter.NWFilterDef.IpsetFlags;
import org.jvirt.model.nwfilter.NWFilterDef.Item;
import org.jvirt.model.nwfilter.NWFilterDef.Rule;
import org.jvirt.model.nwfilter.NWFilterDef.TcpFlags;
import org.jvirt.model.nwfilter.NWFilterDef.VarAccess;
import org.jvirt.model.xml.XmlNode;
import org.jvirt.model.xml.XmlParser;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Parses {@code <filter>} XML as libvirt 9.0's virNWFilterDefParse does, quirks included. */
public final class NWFilterDefParser {
    static final String VALID_VARNAME = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_0123456789";
    static final String VALID_VARVALUE = VALID_VARNAME + ".:";
    static final String VALID_CHAINNAME = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:-";
    static final String VALID_IPSETNAME = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:-+ ";
    static final int MAX_CHAIN_SUFFIX_SIZE = 12;
    static final int MAX_COMMENT_LENGTH = 256;
    static final int MAX_IPSET_NAME_LENGTH = 32;
    static final int MAX_ITERID = 1000;
    static final List<String> ACTIONS = List.of("drop", "accept", "reject", "return", "continue");
    static final List<String> DIRECTIONS = List.of("in", "out", "inout");
    static final List<String> CHAIN_SUFFIXES = List.of("root", "mac", "vlan", "stp", "arp", "rarp", "ipv4", "ipv6");
    static final Map<String, Integer> CHAIN_PRIORITIES = Map.of("root", 0, "mac", -800, "vlan", -750,
            "ipv4", -700, "ipv6", -600, "arp", -500, "rarp", -400);

    private final XmlParser xml = new XmlParser();

    public NWFilterDef parse(String xmlText) {
        return parseNode(org.jvirt.model.network.XmlProps.parseRoot(xml, xmlText, "nwfilter_definition", "filter",
                ErrorDomain.NWFILTER));
    }

    /** virNWFilterDefParseXML. */
    public NWFilterDef parseNode(XmlNode root) {
        String name = empty(root.attr("name"));
        if (name == null) {
            throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.NWFILTER, "filter has no name");
        }
        String prioText = empty(root.attr("priority"));
        long prio = 0;
        if (prioText != null) {
            prio = CNum.strToL(prioText, 10, Integer.MIN_VALUE, Integer.MAX_VALUE);
            if (prio == CNum.ERROR) {
                throw invalidArg("Could not parse chain priority '" + prioText + "'");
            }
            if (prio < -1000 || prio > 1000) {
                throw invalidArg("Priority '" + prio + "' is outside valid range of [-1000,1000]");
            }
        }
        String chain = empty(root.attr("chain"));
        String chainSuffix;
        int chainPriority = 0;
        if (chain != null) {
            String prefix = allowedChain(chain);
            chainSuffix = chain;
            if (prioText != null) {
                chainPriority = (int) prio;
            } else {
                chainPriority = CHAIN_PRIORITIES.getOrDefault(prefix, 0);
            }
        } else {
            chainSuffix = "root";
        }
        String uuidText = root.child("uuid") == null ? null : empty(root.child("uuid").text());
        UUID uuid;
        if (uuidText == null) {
            uuid = Uuids.generate();
        } else {
            uuid = Uuids.parse(uuidText).orElseThrow(() ->
                    VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.NWFILTER, "malformed uuid element"));
        }
        List<Entry> entries = new ArrayList<>();
        for (XmlNode c : root.children()) {
            if (c.name().equals("rule")) {
                entries.add(parseRule(c));
            } else if (c.name().equals("filterref")) {
                entries.add(parseFilterRef(c));
            }
        }
        return new NWFilterDef(name, uuid, uuidText != null, chainSuffix, chainPriority, entries);
    }

    /** virNWFilterIsAllowedChain: the matching chain suffix, or an error. */
    private static String allowedChain(String chain) {
        if (chain.length() > MAX_CHAIN_SUFFIX_SIZE) {
            throw invalidArg("Name of chain is longer than " + MAX_CHAIN_SUFFIX_SIZE + " characters");
        }
        for (char c : chain.toCharArray()) {
            if (VALID_CHAINNAME.indexOf(c) < 0) {
                throw invalidArg("Chain name contains invalid characters");
            }
        }
        for (String s : CHAIN_SUFFIXES) {
            if (s.equals("root")) {
                if (chain.equals(s)) {
                    return s;
                }
                if (chain.startsWith(s)) {
                    // libvirt fails here without reporting an error of its own
                    String msg = "An error occurred, but the cause is unknown";
                    throw new VirException(ErrorNumber.INTERNAL_ERROR, ErrorDomain.NONE, ErrorLevel.ERROR, msg, msg,
                            null, null, 0, 0);
                }
            }
            if (chain.startsWith(s)) {
                return s;
            }
        }
        throw invalidArg("Invalid chain name '" + chain + "'. Please use a chain name called 'root' or any of the "
                + "following prefixes: mac, vlan, stp, arp, rarp, ipv4, ipv6");
    }

    private static FilterRef parseFilterRef(XmlNode node) {
        String filter = node.attr("filter");
        if (filter == null) {
            // libvirt reuses the rule's message here
            throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.NWFILTER, "rule node requires action attribute");
        }
        return new FilterRef(filter, parseParams(node));
    }

    /** virNWFilterParseParamAttributes: invalid names or values are skipped silently. */
    public static TreeMap<String, List<String>> parseParams(XmlNode node) {
        TreeMap<String, List<String>> params = new TreeMap<>();
        for (XmlNode p : node.children("parameter")) {
            String n = p.attr("name");
            String v = p.attr("value");
            if (n == null || !only(n, VALID_VARNAME) || v == null || v.isEmpty() || !only(v, VALID_VARVALUE)) {
                continue;
            }
            params.computeIfAbsent(n, k -> new ArrayList<>()).add(v);
        }
        params.replaceAll((k, v) -> List.copyOf(v));
        return params;
    }

    // ---- rules ----

    private static Rule parseRule(XmlNode node) {
        String action = node.attr("action");
        String direction = node.attr("direction");
        String prio = node.attr("priority");
        String statematch = node.attr("statematch");
        if (action == null) {
            throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.NWFILTER, "rule node requires action attribute");
        }
        if (!ACTIONS.contains(action)) {
            throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.NWFILTER,
                    "unknown rule action attribute value");
        }
        if (direction == null) {
            throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.NWFILTER,
                    "rule node requires direction attribute");
        }
        if (!DIRECTIONS.contains(direction)) {
            throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.NWFILTER,
                    "unknown rule direction attribute value");
        }
        int priority = 500;
        if (prio != null) {
            long p = CNum.strToL(prio, 10, Integer.MIN_VALUE, Integer.MAX_VALUE);
            if (p != CNum.ERROR && p <= 1000 && p >= -1000) {
                priority = (int) p;
            }
        }
        int flags = 0;
        if (statematch != null && (statematch.equals("0") || statematch.equalsIgnoreCase("false"))) {
            flags |= Rule.NO_STATEMATCH;
        }
        String protocol = null;
        Map<String, Item> items = new LinkedHashMap<>();
        int[] ruleFlags = {flags};
        for (Node n = node.element().getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element e)) {
                continue;
            }
            String en = e.getLocalName() != null ? e.getLocalName() : e.getNodeName();
            // after the first protocol element only further elements of that same protocol are read
            if (protocol == null ? NWFilterAttrs.PROTOCOLS.containsKey(en) : protocol.equals(en)) {
                protocol = en;
                parseDetails(new XmlNode(e), NWFilterAttrs.PROTOCOLS.get(en), items, ruleFlags);
                validate(protocol, items);
            }
        }
        if (protocol != null) {
            fixup(protocol, items);
        }
        Map<String, Item> ordered = new LinkedHashMap<>();
        if (protocol != null) {
            for (Attr a : NWFilterAttrs.PROTOCOLS.get(protocol)) {
                Item it = items.get(a.name());
                if (it != null) {
                    ordered.put(a.name(), it);
                }
            }
        }
        return new Rule(action, direction, priority, ruleFlags[0], protocol, java.util.Collections.unmodifiableMap(ordered));
    }

    /** virNWFilterRuleDetailsParse: every attribute is tried; the last failure is the error raised. */
    private static void parseDetails(XmlNode node, List<Attr> attrs, Map<String, Item> items, int[] ruleFlags) {
        int matchFlag = "no".equals(node.attr("match")) ? Item.IS_NEG : 0;
        VirException failure = null;
        for (Attr att : attrs) {
            String prop = node.attr(att.name());
            if (prop == null) {
                continue;
            }
            int flagsSet = matchFlag;
            boolean found = false;
            boolean bad = false;
            VarAccess var = null;
            if (prop.startsWith("$")) {
                flagsSet |= Item.HAS_VAR;
                try {
                    var = parseVarAccess(prop.substring(1));
                } catch (VirException e) {
                    bad = true;
                }
                found = true;
            }
            Object value = null;
            int matched = 0;
            NWFilterAttrs.Special validator = NWFilterAttrs.Special.NONE;
            int remaining = att.datatypes();
            for (int dt = 1; dt <= NWFilterAttrs.LAST && !found && !bad; dt <<= 1) {
                if ((remaining & dt) == 0) {
                    continue;
                }
                remaining ^= dt;
                validator = att.special();
                Object v = readValue(dt, prop);
                if (v == null) {
                    bad = true;
                } else {
                    found = true;
                    value = v;
                    matched = dt;
                    if (dt == NWFilterAttrs.MACMASK) {
                        validator = null; // checkMACMask, applied below
                    }
                }
                if (bad && remaining != 0) {
                    bad = false;
                    found = false;
                }
            }
            Item item = null;
            if (found && !bad) {
                item = new Item(Item.EXISTS | flagsSet, matched, value, var);
                if (validator == null) {
                    if (!validMask(((MacAddress) value).bytes())) {
                        bad = true;
                    }
                } else if (var == null && validator != NWFilterAttrs.Special.NONE) {
                    Object v = validate(validator, matched, value, item);
                    if (v == null) {
                        bad = true;
                    } else {
                        item = (Item) v;
                        if (validator == NWFilterAttrs.Special.STATE) {
                            ruleFlags[0] |= ((Long) item.value()).intValue();
                        }
                    }
                }
            }
            if (!found || bad) {
                failure = VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.NWFILTER,
                        att.name() + " has illegal value " + prop);
                items.remove(att.name());
                continue;
            }
            items.put(att.name(), item);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Reads {@code prop} as one datatype; null when it does not parse (libvirt's rc = -1). */
    private static Object readValue(int dt, String prop) {
        switch (dt) {
            case NWFilterAttrs.UINT8, NWFilterAttrs.UINT8_HEX, NWFilterAttrs.UINT16, NWFilterAttrs.UINT16_HEX,
                 NWFilterAttrs.UINT32, NWFilterAttrs.UINT32_HEX -> {
                int base = (dt == NWFilterAttrs.UINT8_HEX || dt == NWFilterAttrs.UINT16_HEX
                        || dt == NWFilterAttrs.UINT32_HEX) ? 16 : 10;
                long v = CNum.strToUi(prop, base);
                long max = (dt == NWFilterAttrs.UINT8 || dt == NWFilterAttrs.UINT8_HEX) ? 0xff
                        : (dt == NWFilterAttrs.UINT16 || dt == NWFilterAttrs.UINT16_HEX) ? 0xffff : 0xffffffffL;
                return v < 0 || v > max ? null : (Object) v;
            }
            case NWFilterAttrs.IPADDR -> {
                IpAddress a = prop.indexOf(':') >= 0 ? null : IpAddress.tryParse(prop);
                return a;
            }
            case NWFilterAttrs.IPV6ADDR -> {
                return prop.indexOf(':') >= 0 ? IpAddress.tryParse(prop) : null;
            }
            case NWFilterAttrs.IPMASK, NWFilterAttrs.IPV6MASK -> {
                boolean v6 = dt == NWFilterAttrs.IPV6MASK;
                long v = CNum.strToUi(prop, 10);
                if (v >= 0) {
                    return v <= (v6 ? 128 : 32) ? (Object) v : null;
                }
                IpAddress a = IpAddress.tryParse(prop);
                if (a == null || a.isIpv6() != v6) {
                    return null;
                }
                int bits = a.netmaskBits();
                return bits < 0 ? null : (Object) (long) bits;
            }
            case NWFilterAttrs.MACADDR, NWFilterAttrs.MACMASK -> {
                return MacAddress.parse(prop).orElse(null);
            }
            case NWFilterAttrs.STRING, NWFilterAttrs.IPSETFLAGS, NWFilterAttrs.IPSETNAME -> {
                return prop;
            }
            case NWFilterAttrs.STRINGCOPY -> {
                return prop.length() > MAX_COMMENT_LENGTH ? prop.substring(0, MAX_COMMENT_LENGTH) : prop;
            }
            case NWFilterAttrs.BOOLEAN -> {
                return prop.equals("true") || prop.equals("1") || prop.equals("yes");
            }
            default -> {
                return null;
            }
        }
    }

    /** The beyond-standard validators; returns the (possibly rewritten) item or null when invalid. */
    private static Object validate(NWFilterAttrs.Special s, int dt, Object value, Item item) {
        switch (s) {
            case MAC_PROTO, VLAN_PROTO -> {
                long res = -1;
                int datatype = dt;
                if (dt == NWFilterAttrs.STRING) {
                    Integer v = lookupCase(NWFilterAttrs.MAC_PROTO_ORDER, (String) value);
                    res = v == null ? -1 : v;
                    datatype = NWFilterAttrs.UINT16;
                } else {
                    res = (Long) value;
                    if (res < (s == NWFilterAttrs.Special.MAC_PROTO ? 0x600 : 0x3c)) {
                        res = -1;
                    }
                }
                return res == -1 ? null : new Item(item.flags(), datatype, res, null);
            }
            case VLAN_ID -> {
                long v = (Long) value;
                return v > 4095 ? null : item;
            }
            case ARP_OPCODE -> {
                if (dt == NWFilterAttrs.STRING) {
                    int i = indexCase(NWFilterAttrs.ARP_OPCODES, (String) value);
                    return i < 0 ? null : new Item(item.flags(), NWFilterAttrs.UINT16, (long) (i + 1), null);
                }
                return item;
            }
            case IP_PROTO -> {
                if (dt == NWFilterAttrs.STRING) {
                    Integer v = lookupCase(NWFilterAttrs.IP_PROTO, (String) value);
                    return v == null ? null : new Item(item.flags(), NWFilterAttrs.UINT8_HEX, (long) v, null);
                }
                return item;
            }
            case DSCP -> {
                return (Long) value > 63 ? null : item;
            }
            case STATE -> {
                int flags = parseItems(NWFilterAttrs.STATES, (String) value, ',');
                if (flags < 0) {
                    return null;
                }
                if ((flags & 32) != 0) {
                    flags = 32;
                }
                return new Item(item.flags(), NWFilterAttrs.UINT16, (long) flags, null);
            }
            case TCP_FLAGS -> {
                String v = (String) value;
                int sep = v.indexOf('/');
                if (sep < 0) {
                    return null;
                }
                int mask = parseItems(NWFilterAttrs.TCP_FLAG_NAMES, v.substring(0, sep), ',');
                int flags = parseItems(NWFilterAttrs.TCP_FLAG_NAMES, v.substring(sep + 1), ',');
                if (mask < 0 || flags < 0) {
                    return null;
                }
                return new Item(item.flags(), dt, new TcpFlags(mask & 0x3f, flags & 0x3f), null);
            }
            case IPSET -> {
                String v = (String) value;
                if (v.length() >= MAX_IPSET_NAME_LENGTH || !only(v, VALID_IPSETNAME)) {
                    return null;
                }
                return item;
            }
            case IPSET_FLAGS -> {
                String v = (String) value;
                int count = 0;
                int flags = 0;
                int idx = 0;
                while (count < 6) {
                    if (v.regionMatches(true, idx, "src", 0, 3)) {
                        flags |= 1 << count;
                    } else if (!v.regionMatches(true, idx, "dst", 0, 3)) {
                        return null;
                    }
                    count++;
                    idx += 3;
                    if (idx >= v.length() || v.charAt(idx) != ',') {
                        break;
                    }
                    idx++;
                }
                if (idx != v.length()) {
                    return null;
                }
                return new Item(item.flags(), dt, new IpsetFlags(count, flags), null);
            }
            default -> {
                return item;
            }
        }
    }

    /** libvirt's parseStringItems: case-insensitive prefixes separated by blanks or {@code sep}; -1 when unknown. */
    static int parseItems(List<Map.Entry<Integer, String>> map, String input, char sep) {
        int flags = 0;
        int i = 0;
        while (i < input.length()) {
            while (i < input.length() && (Character.isWhitespace(input.charAt(i)) || input.charAt(i) == sep)) {
                i++;
            }
            if (i >= input.length()) {
                break;
            }
            boolean found = false;
            for (Map.Entry<Integer, String> e : map) {
                String n = e.getValue();
                if (input.regionMatches(true, i, n, 0, n.length())) {
                    flags |= e.getKey();
                    i += n.length();
                    found = true;
                    break;
                }
            }
            if (!found) {
                return -1;
            }
        }
        return flags;
    }

    private static Integer lookupCase(List<Map.Entry<Integer, String>> map, String s) {
        for (Map.Entry<Integer, String> e : map) {
            if (e.getValue().equalsIgnoreCase(s)) {
                return e.getKey();
            }
        }
        return null;
    }

    private static int indexCase(List<String> names, String s) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(s)) {
                return i;
            }
        }
        return -1;
    }

    /** checkValidMask: ones then zeros. */
    private static boolean validMask(byte[] data) {
        boolean ones = true;
        for (byte b : data) {
            for (int bit = 7; bit >= 0; bit--) {
                boolean set = (b & (1 << bit)) != 0;
                if (ones) {
                    if (!set) {
                        ones = false;
                    }
                } else if (set) {
                    return false;
                }
            }
        }
        return true;
    }

    /** virNWFilterRuleValidate: ports on ip/ipv6 rules need a port-carrying protocol. */
    private static void validate(String protocol, Map<String, Item> items) {
        if (!protocol.equals("ip") && !protocol.equals("ipv6")) {
            return;
        }
        boolean ports = false;
        for (String p : List.of("srcportstart", "dstportstart", "srcportend", "dstportend")) {
            ports |= items.containsKey(p) && items.get(p).exists();
        }
        if (!ports) {
            return;
        }
        Item proto = items.get("protocol");
        boolean ok = false;
        if (proto != null && proto.exists()) {
            long v = proto.value() instanceof Long l ? l & 0xff : 0;
            ok = v == 6 || v == 17 || v == 33 || v == 132;
        }
        if (!ok) {
            throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.NWFILTER, (protocol.equals("ip") ? "IP" : "IPv6")
                    + " rule with port specification requires protocol specification with protocol to be either "
                    + "one of tcp(6), udp(17), dccp(33), or sctp(132)");
        }
    }

    /** virNWFilterRuleDefFixup: match='no' propagation and the ipset flag defaults. */
    private static void fixup(String protocol, Map<String, Item> items) {
        for (String[] c : NWFilterAttrs.negCopies(protocol)) {
            Item a = items.get(c[0]);
            if (a == null) {
                continue;
            }
            Item b = items.get(c[1]);
            int neg = b == null ? 0 : b.flags() & Item.IS_NEG;
            items.put(c[0], a.withFlags((a.flags() & ~Item.IS_NEG) | neg));
        }
        if (NWFilterAttrs.fixesIpset(protocol)) {
            Item set = items.get("ipset");
            Item setFlags = items.get("ipsetflags");
            if (set != null && setFlags == null) {
                items.put("ipsetflags", new Item(Item.EXISTS, NWFilterAttrs.IPSETFLAGS, new IpsetFlags(1, 1), null));
            } else {
                items.remove("ipset");
                items.remove("ipsetflags");
            }
        }
    }

    /** virNWFilterVarAccessParse: NAME, NAME[@iter] or NAME[index]. */
    public static VarAccess parseVarAccess(String input) {
        int idx = 0;
        while (idx < input.length() && VALID_VARNAME.indexOf(input.charAt(idx)) >= 0) {
            idx++;
        }
        if (idx == input.length()) {
            return new VarAccess(input, true, 0);
        }
        if (input.charAt(idx) != '[') {
            throw invalidArg("Malformatted variable");
        }
        String name = input.substring(0, idx);
        int i = idx + 1;
        while (i < input.length() && Character.isWhitespace(input.charAt(i))) {
            i++;
        }
        boolean iterator = i < input.length() && input.charAt(i) == '@';
        if (iterator) {
            i++;
        }
        // strtoul with an end pointer: blanks, optional sign, digits; then blanks and ']'
        int j = i;
        while (j < input.length() && Character.isWhitespace(input.charAt(j))) {
            j++;
        }
        if (j < input.length() && (input.charAt(j) == '+' || input.charAt(j) == '-')) {
            j++;
        }
        int digits = j;
        while (j < input.length() && Character.isDigit(input.charAt(j))) {
            j++;
        }
        long n = j == digits ? -1 : CNum.strToUi(input.substring(i, j), 10);
        while (j < input.length() && Character.isWhitespace(input.charAt(j))) {
            j++;
        }
        if (n < 0 || j >= input.length() || input.charAt(j) != ']') {
            throw invalidArg(iterator ? "Malformatted iterator id" : "Malformatted array index");
        }
        if (iterator && n > MAX_ITERID) {
            throw invalidArg("Iterator ID exceeds maximum ID of " + MAX_ITERID);
        }
        return new VarAccess(name, iterator, n);
    }

    private static boolean only(String s, String allowed) {
        for (char c : s.toCharArray()) {
            if (allowed.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static String empty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static VirException invalidArg(String detail) {
        return VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.NWFILTER, detail);
    }
}
