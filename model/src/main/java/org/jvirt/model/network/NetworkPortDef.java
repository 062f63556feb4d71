package org.jvirt.model.network;

import java.util.List;
import java.util.UUID;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.util.MacAddress;
import org.jvirt.core.util.Uuids;
import org.jvirt.model.network.NetworkDef.PciIf;
import org.jvirt.model.xml.XmlNode;
import org.jvirt.model.xml.XmlParser;
import org.jvirt.model.xml.XmlWriter;

/**
 * A network port ({@code <networkport>}, formatnetworkport.rst): libvirt's virNetworkPortDef, with its parser
 * ({@link #parse}) and formatter ({@link #format}) as in virnetworkportdef.c.
 *
 * @param classId the bandwidth class id (0 when none)
 * @param plug how the port is plugged, null for no {@code <plug>}
 */
public record NetworkPortDef(UUID uuid, String ownerName, UUID ownerUuid, String group, MacAddress mac,
                             VirtualPortProfile virtualPort, NetDevBandwidth bandwidth, int classId,
                             NetDevVlan vlan, Boolean isolatedPort, Boolean trustGuestRxFilters, Plug plug) {

    /** virNetDevMacVLanMode names. */
    public static final List<String> DIRECT_MODES = List.of("vepa", "private", "bridge", "passthrough");

    /** The {@code <plug>} variants. */
    public sealed interface Plug permits BridgePlug, DirectPlug, HostdevPciPlug {}

    /** type='network' (a libvirt-managed bridge) or type='bridge'; macTableManager null when not given. */
    public record BridgePlug(boolean managedNetwork, String bridge, String macTableManager) implements Plug {}

    /** type='direct' (macvtap). */
    public record DirectPlug(String dev, String mode) implements Plug {}

    /** type='hostdev-pci'; managed null when not given, driver null for the default. */
    public record HostdevPciPlug(Boolean managed, String driver, PciIf address) implements Plug {}

    /** virNetworkPortDefParse on a string. */
    public static NetworkPortDef parse(String xmlText) {
        XmlNode root = XmlProps.parseRoot(new XmlParser(), xmlText, "networkport_definition", "networkport",
                ErrorDomain.NETWORK);
        String uuidText = text(root.child("uuid"));
        if (uuidText == null) {
            throw internal("network port has no uuid");
        }
        UUID uuid = Uuids.parse(uuidText).orElseThrow(() -> internal("Unable to parse UUID '" + uuidText + "'"));
        XmlNode owner = root.child("owner");
        String ownerName = owner == null ? null : text(owner.child("name"));
        if (ownerName == null) {
            throw internal("network port has no owner name");
        }
        String ownerUuidText = text(owner.child("uuid"));
        if (ownerUuidText == null) {
            throw internal("network port has no owner UUID");
        }
        UUID ownerUuid = Uuids.parse(ownerUuidText).orElseThrow(() ->
                internal("Unable to parse UUID '" + ownerUuidText + "'"));
        String group = text(root.child("group"));
        XmlNode vp = root.child("virtualport");
        VirtualPortProfile virtualPort = vp == null ? null : VirtualPortProfile.parse(vp, false);
        XmlNode macNode = root.child("mac");
        String macText = macNode == null ? null : NetworkDefParser.empty(macNode.attr("address"));
        if (macText == null) {
            throw internal("network port has no mac");
        }
        MacAddress mac = MacAddress.parse(macText).orElseThrow(() -> internal("Unable to parse MAC '" + macText + "'"));
        XmlNode bw = root.child("bandwidth");
        NetDevBandwidth bandwidth = null;
        int classId = 0;
        if (bw != null) {
            long cid = XmlProps.uint(bw, "classID", 10);
            classId = cid > 0 ? (int) cid : 0;
            XmlNode in = bw.child("inbound");
            XmlNode out = bw.child("outbound");
            // a port may carry a class id and an inbound floor, unlike a network
            bandwidth = in == null && out == null ? null
                    : new NetDevBandwidth(in == null ? null : NetDevBandwidth.rateOf(in, true),
                            out == null ? null : NetDevBandwidth.rateOf(out, false));
        }
        XmlNode vl = root.child("vlan");
        NetDevVlan vlan = vl == null ? null : NetDevVlan.parse(vl);
        Boolean isolated = XmlProps.tristate(root.child("port"), "isolated");
        Boolean trust = XmlProps.tristate(root.child("rxfilters"), "trustGuest");
        XmlNode plugNode = root.child("plug");
        int type = XmlProps.enumValue(plugNode, "type",
                List.of("none", "network", "bridge", "direct", "hostdev-pci"), false);
        Plug plug = switch (type) {
            case 1, 2 -> {
                String br = plugNode.attr("bridge");
                if (br == null) {
                    throw xmlError("Missing network port bridge name");
                }
                String mtm = plugNode.attr("macTableManager");
                if (mtm != null && !mtm.equals("kernel") && !mtm.equals("libvirt")) {
                    throw xmlError("Invalid macTableManager setting '" + mtm + "' in network port");
                }
                yield new BridgePlug(type == 1, br, mtm);
            }
            case 3 -> {
                String dev = plugNode.attr("dev");
                if (dev == null) {
                    throw xmlError("Missing network port link device name");
                }
                String mode = plugNode.attr("mode");
                if (mode != null && !DIRECT_MODES.contains(mode)) {
                    throw xmlError("Invalid mode setting '" + mode + "' in network port");
                }
                yield new DirectPlug(dev, mode == null ? "vepa" : mode);
            }
            case 4 -> {
                Boolean managed = XmlProps.tristate(plugNode, "managed");
                XmlNode d = plugNode.child("driver");
                String driver = d == null ? null : NetworkDefParser.empty(d.attr("name"));
                if (driver != null && !driver.equals("kvm") && !driver.equals("vfio")) {
                    throw xmlError("Missing network port driver name");
                }
                XmlNode addr = plugNode.child("address");
                if (addr == null) {
                    throw xmlError("Missing network port PCI address");
                }
                yield new HostdevPciPlug(managed, driver, NetworkDefParser.parsePci(addr));
            }
            default -> null;
        };
        return new NetworkPortDef(uuid, ownerName, ownerUuid, group, mac, virtualPort, bandwidth, classId, vlan,
                isolated, trust, plug);
    }

    /** virNetworkPortDefFormat. */
    public static String format(NetworkPortDef def) {
        XmlWriter w = new XmlWriter();
        w.open("networkport");
        w.text("uuid", def.uuid().toString());
        w.open("owner");
        w.text("name", def.ownerName());
        w.text("uuid", def.ownerUuid().toString());
        w.close("owner");
        w.text("group", def.group());
        w.empty("mac", "address", def.mac().toString());
        if (def.virtualPort() != null) {
            def.virtualPort().format(w);
        }
        if (def.bandwidth() != null) {
            def.bandwidth().format(w, def.classId());
        }
        if (def.vlan() != null) {
            def.vlan().format(w);
        }
        if (def.isolatedPort() != null) {
            w.empty("port", "isolated", XmlProps.yesNo(def.isolatedPort()));
        }
        if (def.trustGuestRxFilters() != null) {
            w.empty("rxfilters", "trustGuest", XmlProps.yesNo(def.trustGuestRxFilters()));
        }
        switch (def.plug()) {
            case null -> { }
            case BridgePlug b -> w.empty("plug", "type", b.managedNetwork() ? "network" : "bridge",
                    "bridge", b.bridge(), "macTableManager", b.macTableManager());
            case DirectPlug d -> w.empty("plug", "type", "direct", "dev", d.dev(), "mode", d.mode());
            case HostdevPciPlug h -> {
                w.open("plug", "type", "hostdev-pci", "managed", XmlProps.yesNo(h.managed()));
                if (h.driver() != null) {
                    w.empty("driver", "name", h.driver());
                }
                PciIf p = h.address();
                w.empty("address", "domain", String.format("0x%04x", Integer.toUnsignedLong(p.domain())), "bus", String.format("0x%02x", p.bus()),
                        "slot", String.format("0x%02x", p.slot()), "function", String.format("0x%x", p.function()));
                w.close("plug");
            }
        }
        w.close("networkport");
        return w.toString();
    }

    private static String text(XmlNode n) {
        return n == null ? null : NetworkDefParser.empty(n.text());
    }

    private static VirException internal(String detail) {
        return VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.NETWORK, detail);
    }

    private static VirException xmlError(String detail) {
        return VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.NETWORK, detail);
    }
}
