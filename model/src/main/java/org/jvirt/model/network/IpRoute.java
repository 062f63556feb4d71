package org.jvirt.model.network;

import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.xml.XmlNode;
import org.jvirt.model.xml.XmlWriter;

/**
 * {@code <route>}: libvirt's virNetDevIPRoute (networkcommon_conf.c). {@code prefix}/{@code metric} are null when
 * not given.
 */
public record IpRoute(String family, IpAddress address, IpAddress netmask, Integer prefix, IpAddress gateway,
                      Integer metric) {

    /** virNetDevIPRouteParseXML; {@code errorDetail} prefixes every message (the network name). */
    public static IpRoute parse(String errorDetail, XmlNode node) {
        String family = node.attr("family");
        String address = node.attr("address");
        String netmask = node.attr("netmask");
        String gateway = node.attr("gateway");
        long prefix = XmlProps.uint(node, "prefix", 10);
        long metric = XmlProps.uintNonZero(node, "metric", 10);
        String d = errorDetail + ": ";
        if (address == null) {
            throw err(d + "Missing required address attribute in route definition");
        }
        if (gateway == null) {
            throw err(d + "Missing required gateway attribute in route definition");
        }
        IpAddress addr = IpAddress.tryParse(address);
        if (addr == null) {
            throw err(d + "Bad network address '" + address + "' in route definition");
        }
        IpAddress gw = IpAddress.tryParse(gateway);
        if (gw == null) {
            throw err(d + "Bad gateway address '" + gateway + "' in route definition");
        }
        IpAddress mask = null;
        long pfx = Math.max(prefix, 0);
        if (family == null || family.equals("ipv4")) {
            if (!addr.isIpv4()) {
                throw err(d + (family == null ? "No family specified for non-IPv4 address '"
                        : "IPv4 family specified for non-IPv4 address '") + address + "' in route definition");
            }
            if (!gw.isIpv4()) {
                throw err(d + (family == null ? "No family specified for non-IPv4 gateway '"
                        : "IPv4 family specified for non-IPv4 gateway '") + address + "' in route definition");
            }
            if (netmask != null) {
                mask = IpAddress.tryParse(netmask);
                if (mask == null) {
                    throw err(d + "Bad netmask address '" + netmask + "' in route definition");
                }
                if (!mask.isIpv4()) {
                    throw err(d + "Invalid netmask '" + netmask + "' for address '" + address + "' (both must be IPv4)");
                }
                if (prefix >= 0) {
                    throw err(d + "Route definition cannot have both a prefix and a netmask");
                }
            }
            if (pfx > 32) {
                throw err(d + "Invalid prefix " + pfx + " specified in route definition, must be 0 - 32");
            }
        } else if (family.equals("ipv6")) {
            if (!addr.isIpv6()) {
                throw err(d + "ipv6 family specified for non-IPv6 address '" + address + "' in route definition");
            }
            if (netmask != null) {
                throw err(d + "Specifying netmask invalid for IPv6 address '" + address + "' in route definition");
            }
            if (!gw.isIpv6()) {
                throw err(d + "ipv6 specified for non-IPv6 gateway address '" + gateway + "' in route definition");
            }
            if (pfx > 128) {
                throw err(d + "Invalid prefix " + pfx + " specified in route definition, must be 0 - 128");
            }
        } else {
            throw err(d + "Unrecognized family '" + family + "' in route definition");
        }
        int bits = mask != null ? mask.netmaskBits() : (int) pfx;
        if (bits < 0 || !addr.maskByPrefix(bits).equals(addr)) {
            throw err(d + "Address '" + address + "' in route definition is not a network address");
        }
        return new IpRoute(family, addr, mask, prefix >= 0 ? (int) prefix : null, gw,
                metric > 0 ? (int) metric : null);
    }

    private static VirException err(String detail) {
        return VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.NETWORK, detail);
    }

    /** virNetDevIPRouteFormat. */
    public void format(XmlWriter w) {
        w.empty("route", "family", family, "address", address.toString(),
                "netmask", netmask == null ? null : netmask.toString(),
                "prefix", prefix == null ? null : prefix.toString(),
                "gateway", gateway.toString(),
                "metric", metric == null ? null : metric.toString());
    }
}
