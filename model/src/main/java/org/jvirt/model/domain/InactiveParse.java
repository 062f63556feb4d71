package org.jvirt.model.domain;

import java.util.List;

/**
 * What VIR_DOMAIN_DEF_PARSE_INACTIVE ignores: live-only data such as disk source indexes, resctrl ids and
 * generated device aliases.
 */
final class InactiveParse {
    private InactiveParse() {
    }

    static DomainDef apply(DomainDef def) {
        XmlElem ct = def.section("cputune").orElse(null);
        if (ct != null) {
            def = def.withSection("cputune", ct.withChildren(ct.children().stream()
                    .map(c -> c.name().equals("cachetune") || c.name().equals("memorytune") ? c.withAttr("id", null)
                            : c).toList()));
        }
        return def.withDevices(def.devices().stream().map(InactiveParse::device).toList());
    }

    private static DomainDevice device(DomainDevice d) {
        XmlElem x = d.xml();
        if (d.kind() == DeviceKind.DISK) {
            return d.withXml(stripIndex(x));
        }
        XmlElem t = x.child("target");
        if (d.kind() == DeviceKind.INTERFACE && isGeneratedIfname(x)) {
            // virDomainNetDefParseXML: a vnet/macvtap/macvlan name in an inactive config was generated for an earlier
            // run; dropping it makes the next start generate a fresh one instead of taking over a device that now
            // belongs to someone else.
            t = t.withAttr("dev", null);
            return d.withXml(t.attrs().isEmpty() ? x.withChild("target", null) : x.withChild("target", t));
        }
        if (d.kind() == DeviceKind.CHANNEL && t != null && t.attr("state") != null) {
            // The virtio channel's connection state is live-only.
            return d.withXml(x.withChild("target", t.withAttr("state", null)));
        }
        return d;
    }

    /**
     * True when an {@code <interface>}'s target dev carries one of libvirt's reserved prefixes (vnet, macvtap,
     * macvlan), i.e. a name libvirt generated, which inactive parse and inactive format leave out. A type='ethernet'
     * interface with managed='no' is exempt: its name points at a device the user made (libvirt commit d6a8b9eef7).
     */
    static boolean isGeneratedIfname(XmlElem iface) {
        XmlElem t = iface.child("target");
        String dev = t == null ? null : t.attr("dev");
        if (dev == null || !(dev.startsWith("vnet") || dev.startsWith("macvtap") || dev.startsWith("macvlan"))) {
            return false;
        }
        return !("ethernet".equals(iface.attr("type")) && "no".equals(t.attr("managed")));
    }

    private static XmlElem stripIndex(XmlElem e) {
        if (e.name().equals("source") || e.name().equals("backingStore")) {
            e = e.withAttr("index", null);
        }
        if (e.children().isEmpty()) {
            return e;
        }
        List<XmlElem> kids = e.children().stream().map(InactiveParse::stripIndex).toList();
        return e.withChildren(kids);
    }
}
