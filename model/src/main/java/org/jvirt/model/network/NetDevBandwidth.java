package org.jvirt.model.network;

import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.xml.XmlNode;
import org.jvirt.model.xml.XmlWriter;

/** {@code <bandwidth>}: libvirt's virNetDevBandwidth; each rate is null when its element is absent. */
public record NetDevBandwidth(Rate in, Rate out) {

    /** One direction; 0 means unset, as in libvirt. */
    public record Rate(long average, long peak, long burst, long floor) {}

    /**
     * virNetDevBandwidthParse: null when neither inbound nor outbound is given. {@code classId} is never
     * accepted here (it is only valid in a network port), {@code allowFloor} says whether inbound floor is.
     */
    public static NetDevBandwidth parse(XmlNode node, boolean allowFloor) {
        if (node.attr("classID") != null) {
            XmlProps.uint(node, "classID", 10);
            throw VirException.of(ErrorNumber.XML_DETAIL, ErrorDomain.NONE,
                    "classID attribute not supported on <bandwidth> in this usage context");
        }
        XmlNode in = node.child("inbound");
        XmlNode out = node.child("outbound");
        Rate r1 = in == null ? null : rateOf(in, allowFloor);
        Rate r2 = out == null ? null : rateOf(out, false);
        return r1 == null && r2 == null ? null : new NetDevBandwidth(r1, r2);
    }

    /** virNetDevBandwidthParseRate for one {@code <inbound>}/{@code <outbound>} element. */
    public static Rate rateOf(XmlNode n, boolean allowFloor) {
        long average = XmlProps.ulong(n, "average", 10);
        long peak = XmlProps.ulong(n, "peak", 10);
        long burst = XmlProps.ulong(n, "burst", 10);
        long floor = XmlProps.ulong(n, "floor", 10);
        if (average < 0 && floor < 0) {
            throw VirException.of(ErrorNumber.XML_DETAIL, ErrorDomain.NONE, "Missing mandatory average or floor attributes");
        }
        if ((peak >= 0 || burst >= 0) && average < 0) {
            throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.NONE,
                    "'peak' and 'burst' require 'average' attribute");
        }
        if (floor >= 0 && !allowFloor) {
            throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.NONE,
                    "floor attribute is not supported for this config");
        }
        return new Rate(Math.max(average, 0), Math.max(peak, 0), Math.max(burst, 0), Math.max(floor, 0));
    }

    /** virNetDevBandwidthFormat with class id 0. */
    public void format(XmlWriter w) {
        format(w, 0);
    }

    /** virNetDevBandwidthFormat; a non-zero {@code classId} is written as classID. */
    public void format(XmlWriter w, int classId) {
        w.open("bandwidth", "classID", classId != 0 ? Integer.toUnsignedString(classId) : null);
        formatRate(w, in, "inbound");
        formatRate(w, out, "outbound");
        w.close("bandwidth");
    }

    private static void formatRate(XmlWriter w, Rate r, String name) {
        if (r == null || (r.average == 0 && r.floor == 0)) {
            return;
        }
        w.empty(name, "average", nz(r.average), "peak", nz(r.peak), "floor", nz(r.floor), "burst", nz(r.burst));
    }

    private static String nz(long v) {
        return v == 0 ? null : Long.toString(v);
    }
}
