package org.jvirt.model.domain;

import org.jvirt.model.xml.XmlWriter;

/** Writes one device, applying the format flags (live-only data, secrets). */
final class DeviceFormatter {
    private DeviceFormatter() {
    }

    static void format(DomainDevice d, XmlWriter w, int flags) {
        XmlElem x = d.xml();
        if ((flags & DomainDefFormatter.INACTIVE) != 0) {
            x = stripLive(x);
            if (d.kind() == DeviceKind.INTERFACE && InactiveParse.isGeneratedIfname(x)) {
                // virDomainNetDefFormat skips generated target names in inactive XML, as the inactive parse drops them.
                XmlElem t = x.child("target").withAttr("dev", null);
                x = x.withChild("target", t.attrs().isEmpty() ? null : t);
            }
        }
        if ((flags & DomainDefFormatter.SECURE) == 0 && d.kind() == DeviceKind.GRAPHICS) {
            x = x.withAttr("passwd", null);
        }
        if ((flags & DomainDefFormatter.SECURE) == 0 && d.kind() == DeviceKind.DISK) {
            x = withoutCookies(x);
        }
        x.format(w);
    }

    /** HTTP cookies of network disk sources are secrets: printed only with VIR_DOMAIN_XML_SECURE. */
    private static XmlElem withoutCookies(XmlElem x) {
        if (x.name().equals("source") && x.child("cookies") != null) {
            x = x.withoutChildren("cookies");
        }
        if (x.children().isEmpty()) {
            return x;
        }
        return x.withChildren(x.children().stream().map(DeviceFormatter::withoutCookies).toList());
    }

    /** libvirt prints a device alias only in live XML, unless the user chose it ("ua-" prefix). */
    private static XmlElem stripLive(XmlElem x) {
        XmlElem alias = x.child("alias");
        if (alias != null && !String.valueOf(alias.attr("name")).startsWith("ua-")) {
            x = x.withChild("alias", null);
        }
        return x;
    }
}
