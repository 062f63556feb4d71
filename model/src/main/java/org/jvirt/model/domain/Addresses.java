package org.jvirt.model.domain;

import java.util.List;
import java.util.Map;

/**
 * Device addresses written the way libvirt's virDomainDeviceInfoFormat/virPCIDeviceAddressFormat print them: PCI
 * parts in fixed-width hex, CCW and spapr-vio in hex, the rest as given.
 */
final class Addresses {
    /** attribute → printf width of its hex form, per address type. */
    private static final Map<String, Map<String, Integer>> HEX = Map.of(
            "pci", Map.of("domain", 4, "bus", 2, "slot", 2, "function", 1),
            "ccw", Map.of("cssid", 1, "ssid", 1, "devno", 4),
            "spapr-vio", Map.of("reg", 8));

    private Addresses() {
    }

    /** Normalises every {@code <address>} in the device tree (the device's own and hostdev sources). */
    static XmlElem normalizeTree(XmlElem x) {
        if (x.name().equals("address")) {
            x = normalize(x);
        }
        if (x.children().isEmpty()) {
            return x;
        }
        List<XmlElem> kids = x.children().stream().map(Addresses::normalizeTree).toList();
        return kids.equals(x.children()) ? x : x.withChildren(kids);
    }

    static XmlElem normalize(XmlElem a) {
        String type = a.attr("type");
        Map<String, Integer> widths = HEX.get(type == null ? "pci" : type);
        if (widths == null || (type == null && a.attr("domain") == null && a.attr("slot") == null)) {
            return a;
        }
        if (widths == HEX.get("pci") && (a.attr("bus") != null || a.attr("slot") != null)) {
            // virPCIDeviceAddressFormat prints all four parts.
            a = a.withDefaultAttr("domain", "0", "type").withDefaultAttr("bus", "0", "type", "domain")
                    .withDefaultAttr("slot", "0", "type", "domain", "bus")
                    .withDefaultAttr("function", "0", "type", "domain", "bus", "slot");
        }
        if (widths == HEX.get("pci")) {
            Long bus = a.attr("bus") == null ? Long.valueOf(0) : parseNumber(a.attr("bus"));
            Long slot = a.attr("slot") == null ? Long.valueOf(0) : parseNumber(a.attr("slot"));
            Long fn = a.attr("function") == null ? Long.valueOf(0) : parseNumber(a.attr("function"));
            if (bus != null && slot != null && fn != null) {
                DomainValidate.pciAddress(bus, slot, fn);
            }
        }
        for (Map.Entry<String, Integer> e : widths.entrySet()) {
            String v = a.attr(e.getKey());
            if (v == null) {
                continue;
            }
            Long n = parseNumber(v);
            if (n != null) {
                a = a.withAttr(e.getKey(), "0x" + String.format("%0" + e.getValue() + "x", n));
            }
        }
        return a;
    }

    /** virStrToLong_uip with base 0: decimal, 0x hex or 0 octal. */
    private static Long parseNumber(String v) {
        try {
            String s = v.strip();
            if (s.startsWith("0x") || s.startsWith("0X")) {
                return Long.parseLong(s.substring(2), 16);
            }
            if (s.length() > 1 && s.startsWith("0")) {
                return Long.parseLong(s.substring(1), 8);
            }
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
