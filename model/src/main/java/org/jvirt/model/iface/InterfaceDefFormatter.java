package org.jvirt.model.iface;

import org.jvirt.model.iface.InterfaceDef.Bond;
import org.jvirt.model.iface.InterfaceDef.Bridge;
import org.jvirt.model.iface.InterfaceDef.Ethernet;
import org.jvirt.model.iface.InterfaceDef.IpAddr;
import org.jvirt.model.iface.InterfaceDef.Protocol;
import org.jvirt.model.iface.InterfaceDef.Vlan;
import org.jvirt.model.xml.XmlWriter;

/**
 * Formats an {@link InterfaceDef} byte for byte as libvirt 9.0's virInterfaceDefFormat does. libvirt's format has
 * no live/inactive difference; VIR_INTERFACE_XML_INACTIVE only chooses which definition a driver formats.
 */
public final class InterfaceDefFormatter {
    /** VIR_INTERFACE_XML_INACTIVE. */
    public static final int INACTIVE = 1;

    private InterfaceDefFormatter() {}

    public static String format(InterfaceDef def, int flags) {
        XmlWriter w = new XmlWriter();
        formatDev(w, def, true);
        return w.toString();
    }

    private static void formatDev(XmlWriter w, InterfaceDef def, boolean top) {
        w.open("interface", "type", def.type(), "name", def.name());
        if (top) {
            if (def.startMode() != null) {
                w.empty("start", "mode", def.startMode());
            }
            if (def.mtu() != 0) {
                w.empty("mtu", "size", Integer.toString(def.mtu()));
            }
            for (Protocol p : def.protocols()) {
                w.open("protocol", "family", p.family());
                if (p.autoconf()) {
                    w.empty("autoconf");
                }
                if (p.dhcp()) {
                    w.empty("dhcp", "peerdns", p.peerDns() == null ? null : p.peerDns() ? "yes" : "no");
                }
                for (IpAddr ip : p.ips()) {
                    if (ip.address() != null) {
                        w.empty("ip", "address", ip.address(), "prefix", ip.prefix() != 0 ? Integer.toString(ip.prefix()) : null);
                    }
                }
                if (p.gateway() != null) {
                    w.empty("route", "gateway", p.gateway());
                }
                w.close("protocol");
            }
        }
        if (!(def.kind() instanceof Bridge) && (def.linkSpeed() != 0 || def.linkState() != null)) {
            w.empty("link", "speed", def.linkSpeed() != 0 ? Integer.toUnsignedString(def.linkSpeed()) : null,
                    "state", def.linkState());
        }
        switch (def.kind()) {
            case Ethernet e -> {
                if (e.mac() != null) {
                    w.empty("mac", "address", e.mac());
                }
            }
            case Bridge b -> {
                w.open("bridge", "stp", b.stp() == null ? null : b.stp() ? "on" : "off", "delay", b.delay());
                for (InterfaceDef i : b.interfaces()) {
                    formatDev(w, i, false);
                }
                w.close("bridge");
            }
            case Bond b -> {
                w.open("bond", "mode", b.mode());
                if ("mii".equals(b.monitor())) {
                    w.empty("miimon", "freq", Integer.toString(b.frequency()),
                            "downdelay", b.downDelay() > 0 ? Integer.toString(b.downDelay()) : null,
                            "updelay", b.upDelay() > 0 ? Integer.toString(b.upDelay()) : null,
                            "carrier", b.carrier());
                } else if ("arp".equals(b.monitor())) {
                    w.empty("arpmon", "interval", Integer.toString(b.interval()), "target", b.target(),
                            "validate", b.validate());
                }
                for (InterfaceDef i : b.interfaces()) {
                    formatDev(w, i, false);
                }
                w.close("bond");
            }
            case Vlan v -> {
                w.open("vlan", "tag", v.tag());
                w.empty("interface", "name", v.device());
                w.close("vlan");
            }
        }
        w.close("interface");
    }
}
