package org.jvirt.model.nwfilter;

import java.util.List;
import java.util.Map;
import org.jvirt.core.util.MacAddress;
import org.jvirt.model.network.IpAddress;
import org.jvirt.model.nwfilter.NWFilterAttrs.Attr;
import org.jvirt.model.nwfilter.NWFilterDef.Entry;
import org.jvirt.model.nwfilter.NWFilterDef.FilterRef;
import org.jvirt.model.nwfilter.NWFilterDef.IpsetFlags;
import org.jvirt.model.nwfilter.NWFilterDef.Item;
import org.jvirt.model.nwfilter.NWFilterDef.Rule;
import org.jvirt.model.nwfilter.NWFilterDef.TcpFlags;
import org.jvirt.model.xml.XmlWriter;

/** Formats an {@link NWFilterDef} byte for byte as libvirt 9.0's virNWFilterDefFormat does. */
public final class NWFilterDefFormatter {
    private NWFilterDefFormatter() {}

    /** virNWFilterDefFormat; {@code flags} is unused (libvirt has none). */
    public static String format(NWFilterDef def, int flags) {
        StringBuilder b = new StringBuilder();
        // name and chain are printed unescaped, as libvirt does
        b.append("<filter name='").append(def.name()).append("' chain='").append(def.chainSuffix()).append('\'');
        if (def.chainPriority() != 0) {
            b.append(" priority='").append(def.chainPriority()).append('\'');
        }
        b.append(">\n");
        b.append("  <uuid>").append(def.uuid()).append("</uuid>\n");
        for (Entry e : def.entries()) {
            switch (e) {
                case Rule r -> formatRule(b, r);
                case FilterRef f -> formatFilterRef(b, f, "  ");
            }
        }
        b.append("</filter>\n");
        return b.toString();
    }

    /** virNWFilterFormatParamAttributes, also used by the domain's {@code <filterref>} and filter bindings. */
    public static void formatFilterRef(StringBuilder b, FilterRef f, String indent) {
        b.append(indent).append("<filterref filter='").append(f.filter()).append('\'');
        if (f.params().isEmpty()) {
            b.append("/>\n");
            return;
        }
        b.append(">\n");
        for (Map.Entry<String, List<String>> p : f.params().entrySet()) {
            for (String v : p.getValue()) {
                b.append(indent).append("  <parameter name='").append(p.getKey()).append("' value='").append(v)
                        .append("'/>\n");
            }
        }
        b.append(indent).append("</filterref>\n");
    }

    private static void formatRule(StringBuilder b, Rule r) {
        b.append("  <rule action='").append(r.action()).append("' direction='").append(r.direction())
                .append("' priority='").append(r.priority()).append('\'');
        if ((r.flags() & Rule.NO_STATEMATCH) != 0) {
            b.append(" statematch='false'");
        }
        if (r.protocol() == null) {
            b.append("/>\n");
            return;
        }
        b.append(">\n");
        formatDetails(b, r.protocol(), NWFilterAttrs.PROTOCOLS.get(r.protocol()), r.items());
        b.append("  </rule>\n");
    }

    /** virNWFilterRuleDefDetailsFormat: a new element starts whenever match='no' switches on or off. */
    private static void formatDetails(StringBuilder b, String type, List<Attr> attrs, Map<String, Item> items) {
        final String indent = "    ";
        boolean typeShown = false;
        boolean neverShown = true;
        int matchShown = 0; // 0 none, 1 yes, 2 no
        int i = 0;
        while (i < attrs.size()) {
            Attr att = attrs.get(i);
            Item item = items.get(att.name());
            if (item != null && item.exists()) {
                if (!typeShown) {
                    b.append(indent).append('<').append(type);
                    typeShown = true;
                    neverShown = false;
                }
                if ((item.flags() & Item.IS_NEG) != 0) {
                    if (matchShown == 0) {
                        b.append(" match='no'");
                        matchShown = 2;
                    } else if (matchShown == 1) {
                        b.append("/>\n");
                        typeShown = false;
                        matchShown = 0;
                        continue;
                    }
                } else {
                    if (matchShown == 2) {
                        b.append("/>\n");
                        typeShown = false;
                        matchShown = 0;
                        continue;
                    }
                    matchShown = 1;
                }
                b.append(' ').append(att.name()).append("='");
                if ((item.flags() & Item.HAS_VAR) != 0) {
                    b.append('$').append(item.var());
                } else if (att.special() != NWFilterAttrs.Special.NONE && hasFormatter(att.special())) {
                    special(b, att.special(), item);
                } else {
                    plain(b, item);
                }
                b.append('\'');
            }
            i++;
        }
        if (typeShown) {
            b.append("/>\n");
        }
        if (neverShown) {
            b.append(indent).append('<').append(type).append("/>\n");
        }
    }

    private static boolean hasFormatter(NWFilterAttrs.Special s) {
        return switch (s) {
            case MAC_PROTO, VLAN_PROTO, ARP_OPCODE, IP_PROTO, STATE, TCP_FLAGS, IPSET, IPSET_FLAGS -> true;
            default -> false;
        };
    }

    private static void special(StringBuilder b, NWFilterAttrs.Special s, Item item) {
        switch (s) {
            case MAC_PROTO, VLAN_PROTO -> {
                long v = (Long) item.value() & 0xffff;
                String name = name(NWFilterAttrs.MAC_PROTO_ORDER, v);
                if (name != null) {
                    b.append(name);
                } else {
                    b.append(item.datatype() == NWFilterAttrs.UINT16 ? Long.toString(v) : "0x" + Long.toHexString(v));
                }
            }
            case ARP_OPCODE -> {
                long v = (Long) item.value() & 0xffff;
                b.append(v >= 1 && v <= 9 ? NWFilterAttrs.ARP_OPCODES.get((int) v - 1) : Long.toString(v));
            }
            case IP_PROTO -> {
                long v = (Long) item.value() & 0xff;
                String name = name(NWFilterAttrs.IP_PROTO, v);
                if (name != null) {
                    b.append(name);
                } else {
                    b.append(item.datatype() == NWFilterAttrs.UINT8 ? Long.toString(v) : "0x" + Long.toHexString(v));
                }
            }
            case STATE -> printItems(b, NWFilterAttrs.STATES, ((Long) item.value()).intValue(), ",");
            case TCP_FLAGS -> {
                TcpFlags t = (TcpFlags) item.value();
                tcpFlags(b, t.mask());
                b.append('/');
                tcpFlags(b, t.flags());
            }
            case IPSET -> b.append((String) item.value());
            case IPSET_FLAGS -> {
                IpsetFlags f = (IpsetFlags) item.value();
                for (int c = 0; c < f.count(); c++) {
                    if (c != 0) {
                        b.append(',');
                    }
                    b.append((f.flags() & (1 << c)) != 0 ? "src" : "dst");
                }
            }
            default -> plain(b, item);
        }
    }

    private static void tcpFlags(StringBuilder b, int flags) {
        if (flags == 0) {
            b.append("NONE");
        } else if (flags == 0x3f) {
            b.append("ALL");
        } else {
            printItems(b, NWFilterAttrs.TCP_FLAG_NAMES, flags, ",");
        }
    }

    /** libvirt's printStringItems: names of the single bits set, lowest first. */
    private static void printItems(StringBuilder b, List<Map.Entry<Integer, String>> map, int flags, String sep) {
        int count = 0;
        for (int mask = 1; mask != 0 && flags != 0; mask <<= 1) {
            if ((mask & flags) != 0) {
                for (Map.Entry<Integer, String> e : map) {
                    if (e.getKey() == mask) {
                        if (count >= 1) {
                            b.append(sep);
                        }
                        b.append(e.getValue());
                        count++;
                    }
                }
                flags ^= mask;
            }
        }
    }

    private static String name(List<Map.Entry<Integer, String>> map, long v) {
        for (Map.Entry<Integer, String> e : map) {
            if (e.getKey() == v) {
                return e.getValue();
            }
        }
        return null;
    }

    private static void plain(StringBuilder b, Item item) {
        Object v = item.value();
        switch (item.datatype()) {
            case NWFilterAttrs.UINT8_HEX -> b.append("0x").append(Long.toHexString((Long) v & 0xff));
            case NWFilterAttrs.IPMASK, NWFilterAttrs.IPV6MASK, NWFilterAttrs.UINT8 -> b.append((Long) v & 0xff);
            case NWFilterAttrs.UINT16_HEX -> b.append("0x").append(Long.toHexString((Long) v & 0xffff));
            case NWFilterAttrs.UINT16 -> b.append((Long) v & 0xffff);
            case NWFilterAttrs.UINT32_HEX -> b.append("0x").append(Long.toHexString((Long) v));
            case NWFilterAttrs.UINT32 -> b.append((long) (Long) v);
            case NWFilterAttrs.IPADDR, NWFilterAttrs.IPV6ADDR -> b.append((IpAddress) v);
            case NWFilterAttrs.MACADDR, NWFilterAttrs.MACMASK -> b.append((MacAddress) v);
            case NWFilterAttrs.STRINGCOPY -> b.append(XmlWriter.escape((String) v));
            case NWFilterAttrs.BOOLEAN -> b.append((Boolean) v ? "true" : "false");
            default -> b.append(String.format("UNSUPPORTED DATATYPE 0x%02x\n", item.datatype()));
        }
    }
}
