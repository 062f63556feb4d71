package org.jvirt.model.nodedev;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.util.Uuids;
import org.jvirt.model.nodedev.NodeDevCap.CcwAddr;
import org.jvirt.model.nodedev.NodeDevCap.MdevType;
import org.jvirt.model.nodedev.NodeDevCap.PciAddr;
import org.jvirt.model.storage.ConfXml;
import org.jvirt.model.xml.XmlNode;
import org.jvirt.model.xml.XmlParser;

/**
 * Parses {@code <device>} XML as libvirt's virNodeDeviceDefParseXML. {@link #parseExisting} reads a device as a
 * host driver reports it (name required); {@link #parseForCreate} reads nodedev-create input: the name becomes
 * "new device" and scsi_host numbers are not read.
 */
public final class NodeDeviceParser {
    private static final int DOM = ErrorDomain.NODEDEV;
    static final List<String> NET_FEATURES = List.of("rx", "tx", "sg", "tso", "gso", "gro", "lro", "rxvlan",
            "txvlan", "ntuple", "rxhash", "rdma", "txudptnl", "switchdev");
    static final List<String> LINK_STATES = List.of("unknown", "notpresent", "down", "lowerlayerdown", "testing",
            "dormant", "up");
    private static final List<String> PCIE_SPEEDS = List.of("2.5", "5", "8", "16", "32", "64");
    private static final List<String> CAP_TYPES = List.of("system", "pci", "usb_device", "usb", "net", "scsi_host",
            "scsi_target", "scsi", "storage", "fc_host", "vports", "scsi_generic", "drm", "mdev_types", "mdev", "ccw",
            "css", "vdpa", "ap_card", "ap_queue", "ap_matrix", "vpd");

    private final XmlParser xml = new XmlParser();

    public NodeDeviceDef parseExisting(String text) {
        return parseNode(xml.parseRoot(text, "node_device_definition", "device", org.jvirt.core.ErrorDomain.NODEDEV), false);
    }

    public NodeDeviceDef parseForCreate(String text) {
        return parseNode(xml.parseRoot(text, "node_device_definition", "device", org.jvirt.core.ErrorDomain.NODEDEV), true);
    }

    public NodeDeviceDef parseNode(XmlNode root, boolean create) {
        String name;
        if (!create) {
            name = ConfXml.childString(root, "name");
            if (name == null) {
                throw VirException.of(ErrorNumber.NO_NAME, DOM, null);
            }
        } else {
            name = "new device";
        }
        String path = ConfXml.childString(root, "path");
        String devnode = null;
        List<String> links = new ArrayList<>();
        for (XmlNode d : root.children("devnode")) {
            String type = d.attr("type");
            if (type == null) {
                throw ConfXml.xmlError(ErrorDomain.XML, "Missing required attribute 'type' in element 'devnode'");
            }
            switch (type) {
                case "dev" -> devnode = d.text();
                case "link" -> links.add(d.text());
                default -> throw ConfXml.xmlError(ErrorDomain.XML,
                        "Invalid value for attribute 'type' in element 'devnode': '" + type + "'.");
            }
        }
        String parent = ConfXml.childString(root, "parent");
        String pWwnn = ConfXml.pathAttr(root, "wwnn", "parent");
        String pWwpn = ConfXml.pathAttr(root, "wwpn", "parent");
        if (pWwnn != null && pWwpn == null) {
            throw ConfXml.xmlError(DOM, "when providing parent wwnn='" + pWwnn + "', the wwpn must also be provided");
        }
        if (pWwpn != null && pWwnn == null) {
            throw ConfXml.xmlError(DOM, "when providing parent wwpn='" + pWwpn + "', the wwnn must also be provided");
        }
        String pFabric = ConfXml.pathAttr(root, "fabric_wwn", "parent");
        List<XmlNode> capNodes = root.children("capability");
        if (capNodes.isEmpty()) {
            throw VirException.internal(DOM, "no device capabilities for '" + name + "'");
        }
        List<NodeDevCap> caps = new ArrayList<>();
        for (XmlNode c : capNodes) {
            caps.add(parseCap(c, name, create));
        }
        return new NodeDeviceDef(name, path, devnode, links, parent, pWwnn, pWwpn, pFabric, null, caps);
    }

    private NodeDevCap parseCap(XmlNode c, String dev, boolean create) {
        String type = c.attr("type");
        if (type == null) {
            throw ConfXml.xmlError(ErrorDomain.XML, "Missing required attribute 'type' in element 'capability'");
        }
        if (!CAP_TYPES.contains(type)) {
            throw ConfXml.xmlError(ErrorDomain.XML, "Invalid value for attribute 'type' in element 'capability': '"
                    + type + "'.");
        }
        return switch (type) {
            case "system" -> parseSystem(c, dev);
            case "pci" -> parsePci(c, dev);
            case "usb_device" -> new NodeDevCap.UsbDevice(
                    num(c, "bus", dev, "no USB bus number supplied for '%s'",
                            "invalid USB bus number supplied for '%s'"),
                    num(c, "device", dev, "no USB device number supplied for '%s'",
                            "invalid USB device number supplied for '%s'"),
                    hexId(c, "product", dev, "no USB product ID supplied for '%s'",
                            "invalid USB product ID supplied for '%s'"),
                    ConfXml.childString(c, "product"),
                    hexId(c, "vendor", dev, "no USB vendor ID supplied for '%s'",
                            "invalid USB vendor ID supplied for '%s'"),
                    ConfXml.childString(c, "vendor"));
            case "usb" -> new NodeDevCap.UsbInterface(
                    num(c, "number", dev, "no USB interface number supplied for '%s'",
                            "invalid USB interface number supplied for '%s'"),
                    num(c, "class", dev, "no USB interface class supplied for '%s'",
                            "invalid USB interface class supplied for '%s'"),
                    num(c, "subclass", dev, "no USB interface subclass supplied for '%s'",
                            "invalid USB interface subclass supplied for '%s'"),
                    num(c, "protocol", dev, "no USB interface protocol supplied for '%s'",
                            "invalid USB interface protocol supplied for '%s'"),
                    ConfXml.childString(c, "description"));
            case "net" -> parseNet(c, dev);
            case "scsi_host" -> parseScsiHost(c, dev, create);
            case "scsi_target" -> parseScsiTarget(c, dev);
            case "scsi" -> new NodeDevCap.Scsi(
                    num(c, "host", dev, "no SCSI host ID supplied for '%s'", "invalid SCSI host ID supplied for '%s'"),
                    num(c, "bus", dev, "no SCSI bus ID supplied for '%s'", "invalid SCSI bus ID supplied for '%s'"),
                    num(c, "target", dev, "no SCSI target ID supplied for '%s'",
                            "invalid SCSI target ID supplied for '%s'"),
                    num(c, "lun", dev, "no SCSI LUN ID supplied for '%s'", "invalid SCSI LUN ID supplied for '%s'"),
                    ConfXml.childString(c, "type"));
            case "storage" -> parseStorage(c, dev);
            case "scsi_generic" -> new NodeDevCap.ScsiGeneric(ConfXml.childString(c, "char"));
            case "drm" -> {
                String t = ConfXml.childString(c, "type");
                if (t == null || !List.of("primary", "control", "render").contains(t)) {
                    throw unsupported("unknown drm type '" + t + "' for '" + dev + "'");
                }
                yield new NodeDevCap.Drm(t);
            }
            case "mdev" -> parseMdev(c, dev);
            case "ccw" -> new NodeDevCap.Ccw(parseCcwAddr(c, dev));
            case "css" -> parseCss(c, dev);
            case "vdpa" -> new NodeDevCap.Vdpa(ConfXml.childString(c, "chardev"));
            case "ap_card" -> new NodeDevCap.ApCard(apAdapter(c, dev));
            case "ap_queue" -> {
                long adapter = apAdapter(c, dev);
                String d = ConfXml.childString(c, "ap-domain");
                if (d == null) {
                    throw unsupported("missing ap-domain value for '" + dev + "'");
                }
                long dom = ConfXml.parseLong(d, 0).filter(v -> v >= 0 && v <= 0xffffffffL).orElseThrow(() ->
                        unsupported("invalid ap-domain value '" + d + "' for '" + dev + "'"));
                if (dom > 255) {
                    throw unsupported("ap-domain value '" + d + "' is out of range for '" + dev + "'");
                }
                yield new NodeDevCap.ApQueue(adapter, dom);
            }
            case "ap_matrix" -> {
                List<MdevType> types = null;
                for (XmlNode sub : c.children("capability")) {
                    if ("mdev_types".equals(sub.attr("type"))) {
                        types = parseMdevTypes(sub);
                    }
                }
                yield new NodeDevCap.ApMatrix(types);
            }
            default -> throw VirException.internal(DOM, "unknown capability type '"
                    + CAP_TYPES.indexOf(type) + "' for '" + dev + "'");
        };
    }

    private static VirException unsupported(String detail) {
        return VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, DOM, detail);
    }

    /** virNodeDevCapsDefParseULong over number(./name[1]): NaN is "missing", a fraction is "invalid". */
    private static long num(XmlNode c, String child, String dev, String missing, String invalid) {
        XmlNode n = c.child(child);
        double d = Double.NaN;
        if (n != null) {
            try {
                d = Double.parseDouble(n.text().strip());
            } catch (NumberFormatException e) {
                d = Double.NaN;
            }
        }
        if (Double.isNaN(d)) {
            throw VirException.internal(DOM, missing.replace("%s", dev));
        }
        long v = (long) d;
        if (v != d || v < 0) {
            throw VirException.internal(DOM, invalid.replace("%s", dev));
        }
        return v;
    }

    /** virNodeDevCapsDefParseULongHex over string(./name[1]/@id). */
    private static long hexId(XmlNode c, String child, String dev, String missing, String invalid) {
        String s = ConfXml.pathAttr(c, "id", child);
        if (s == null) {
            throw VirException.internal(DOM, missing.replace("%s", dev));
        }
        String h = s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
        return ConfXml.parseLong(h, 16).filter(v -> v >= 0)
                .orElseThrow(() -> VirException.internal(DOM, invalid.replace("%s", dev)));
    }

    private static NodeDevCap.System parseSystem(XmlNode c, String dev) {
        String uuidText = ConfXml.pathString(c, "hardware", "uuid");
        if (uuidText == null) {
            throw VirException.internal(DOM, "no system UUID supplied for '" + dev + "'");
        }
        UUID uuid = Uuids.parse(uuidText).orElseThrow(() ->
                VirException.internal(DOM, "malformed uuid element for '" + dev + "'"));
        return new NodeDevCap.System(ConfXml.childString(c, "product"), ConfXml.pathString(c, "hardware", "vendor"),
                ConfXml.pathString(c, "hardware", "version"), ConfXml.pathString(c, "hardware", "serial"), uuid,
                ConfXml.pathString(c, "firmware", "vendor"), ConfXml.pathString(c, "firmware", "version"),
                ConfXml.pathString(c, "firmware", "release_date"));
    }

    private static NodeDevCap.Pci parsePci(XmlNode c, String dev) {
        int klass = -1;
        String k = ConfXml.childString(c, "class");
        if (k != null) {
            String h = k.startsWith("0x") || k.startsWith("0X") ? k.substring(2) : k;
            klass = ConfXml.parseLong(h, 16).filter(v -> v >= Integer.MIN_VALUE && v <= 0xffffff)
                    .orElseThrow(() -> VirException.internal(DOM, "invalid PCI class supplied for '" + dev + "'"))
                    .intValue();
        }
        long domain = num(c, "domain", dev, "no PCI domain ID supplied for '%s'",
                "invalid PCI domain ID supplied for '%s'");
        long bus = num(c, "bus", dev, "no PCI bus ID supplied for '%s'", "invalid PCI bus ID supplied for '%s'");
        long slot = num(c, "slot", dev, "no PCI slot ID supplied for '%s'", "invalid PCI slot ID supplied for '%s'");
        long function = num(c, "function", dev, "no PCI function ID supplied for '%s'",
                "invalid PCI function ID supplied for '%s'");
        long vendor = hexId(c, "vendor", dev, "no PCI vendor ID supplied for '%s'",
                "invalid PCI vendor ID supplied for '%s'");
        long product = hexId(c, "product", dev, "no PCI product ID supplied for '%s'",
                "invalid PCI product ID supplied for '%s'");
        PciAddr phys = null;
        boolean vfCap = false;
        long maxVf = 0;
        List<PciAddr> vfs = new ArrayList<>();
        String header = null;
        List<MdevType> mdevTypes = null;
        for (XmlNode sub : c.children("capability")) {
            String t = sub.attr("type");
            if (t == null) {
                throw ConfXml.xmlError(DOM, "Missing capability type");
            }
            switch (t) {
                case "phys_function" -> {
                    XmlNode a = sub.child("address");
                    if (a == null) {
                        throw ConfXml.xmlError(DOM, "Missing address in 'phys_function' capability");
                    }
                    phys = pciAddr(a);
                }
                case "virt_functions" -> {
                    vfCap = true;
                    String mc = sub.attr("maxCount");
                    if (mc != null) {
                        maxVf = ConfXml.parseUnsignedInt(mc).orElseThrow(() ->
                                ConfXml.xmlError(DOM, "Malformed 'maxCount' parameter"));
                    }
                    for (XmlNode a : sub.children("address")) {
                        vfs.add(pciAddr(a));
                    }
                }
                case "mdev_types" -> mdevTypes = parseMdevTypes(sub);
                case "pci-bridge", "cardbus-bridge" -> {
                    if (header == null) {
                        header = t;
                    }
                }
                default -> { }
            }
        }
        long group = 0;
        List<PciAddr> groupDevs = new ArrayList<>();
        XmlNode ig = c.child("iommuGroup");
        if (ig != null) {
            String n = ig.attr("number");
            if (n == null) {
                throw ConfXml.xmlError(ErrorDomain.XML, "Missing required attribute 'number' in element 'iommuGroup'");
            }
            group = ConfXml.parseUnsignedInt(n).orElseThrow(() -> ConfXml.xmlError(ErrorDomain.XML,
                    "Invalid value for attribute 'number' in element 'iommuGroup': '" + n
                            + "'. Expected non-negative integer value"));
            for (XmlNode a : ig.children("address")) {
                groupDevs.add(pciAddr(a));
            }
        }
        int numa = -1;
        String numaText = ConfXml.pathAttr(c, "node", "numa");
        if (numaText != null) {
            try {
                double d = Double.parseDouble(numaText.strip());
                if (d != (int) d) {
                    throw VirException.internal(DOM, "invalid NUMA node ID supplied for '" + dev + "'");
                }
                numa = (int) d;
            } catch (NumberFormatException e) {
                numa = -1;
            }
        }
        NodeDevCap.PciExpress pcie = null;
        XmlNode pe = c.child("pci-express");
        if (pe != null) {
            NodeDevCap.PciLink cap = null;
            NodeDevCap.PciLink sta = null;
            for (XmlNode l : pe.children("link")) {
                NodeDevCap.PciLink link = parseLink(l);
                if ("cap".equals(l.attr("validity"))) {
                    cap = link;
                } else if ("sta".equals(l.attr("validity"))) {
                    sta = link;
                }
            }
            pcie = new NodeDevCap.PciExpress(cap, sta);
        }
        return new NodeDevCap.Pci(klass, domain, bus, slot, function, product, ConfXml.childString(c, "product"),
                vendor, ConfXml.childString(c, "vendor"), phys, vfCap, maxVf, vfs, header, mdevTypes, group,
                groupDevs, numa, pcie);
    }

    private static NodeDevCap.PciLink parseLink(XmlNode l) {
        // virXMLProp* semantics: width required, speed an enum, port optional
        String w = l.attr("width");
        if (w == null) {
            throw ConfXml.xmlError(ErrorDomain.XML, "Missing required attribute 'width' in element 'link'");
        }
        Optional<Long> width = ConfXml.parseLong(w, 10).filter(v -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE);
        if (width.isEmpty()) {
            throw ConfXml.xmlError(ErrorDomain.XML, "Invalid value for attribute 'width' in element 'link': '" + w
                    + "'. Expected integer value");
        }
        String speed = "";
        String s = l.attr("speed");
        if (s != null) {
            if (!PCIE_SPEEDS.contains(s)) {
                throw ConfXml.xmlError(ErrorDomain.XML, "Invalid value for attribute 'speed' in element 'link': '"
                        + s + "'.");
            }
            speed = s;
        }
        int port = -1;
        String p = l.attr("port");
        if (p != null) {
            port = ConfXml.parseLong(p, 10).filter(v -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE)
                    .orElseThrow(() -> ConfXml.xmlError(ErrorDomain.XML, "Invalid value for attribute 'port' in "
                            + "element 'link': '" + p + "'. Expected integer value")).intValue();
        }
        return new NodeDevCap.PciLink(port, speed, width.get().intValue());
    }

    /** virPCIDeviceAddressParseXML: each part in C notation (0x.. hex). */
    private static PciAddr pciAddr(XmlNode a) {
        return new PciAddr(addrPart(a, "domain"), addrPart(a, "bus"), addrPart(a, "slot"), addrPart(a, "function"));
    }

    private static long addrPart(XmlNode a, String attr) {
        String v = a.attr(attr);
        if (v == null) {
            return 0;
        }
        return ConfXml.parseLong(v, 0).filter(x -> x >= 0 && x <= 0xffffffffL).orElseThrow(() ->
                VirException.internal(ErrorDomain.DOMAIN, "Cannot parse <address> '" + attr + "' attribute"));
    }

    private static List<MdevType> parseMdevTypes(XmlNode cap) {
        List<MdevType> out = new ArrayList<>();
        for (XmlNode t : cap.children("type")) {
            String id = t.attr("id");
            if (id == null) {
                throw ConfXml.xmlError(DOM, "missing 'id' attribute for mediated device's <type> element");
            }
            String api = ConfXml.childString(t, "deviceAPI");
            if (api == null) {
                throw ConfXml.xmlError(DOM, "missing device API for mediated device type '" + id + "'");
            }
            long avail = ConfXml.parseUnsignedInt(ConfXml.childString(t, "availableInstances")).orElseThrow(() ->
                    ConfXml.xmlError(DOM, "missing number of available instances for mediated device type '" + id
                            + "'"));
            out.add(new MdevType(id, ConfXml.childString(t, "name"), api, avail));
        }
        return List.copyOf(out);
    }

    private static NodeDevCap.Net parseNet(XmlNode c, String dev) {
        String ifname = ConfXml.childString(c, "interface");
        if (ifname == null) {
            throw VirException.internal(DOM, "no network interface supplied for '" + dev + "'");
        }
        Set<String> features = new LinkedHashSet<>();
        for (XmlNode f : c.children("feature")) {
            String n = f.attr("name");
            if (n == null) {
                throw ConfXml.xmlError(DOM, "missing network device feature name");
            }
            if (!NET_FEATURES.contains(n)) {
                throw ConfXml.xmlError(DOM, "unknown network device feature '" + n + "'");
            }
            features.add(n);
        }
        String subtype = ConfXml.pathAttr(c, "type", "capability");
        if (subtype != null && !subtype.equals("80203") && !subtype.equals("80211")) {
            throw unsupported("invalid network type supplied for '" + dev + "'");
        }
        long speed = 0;
        String state = null;
        XmlNode link = c.child("link");
        if (link != null) {
            String st = link.attr("state");
            if (st != null) {
                if (!LINK_STATES.contains(st)) {
                    throw ConfXml.xmlError(ErrorDomain.NONE, "unknown link state: " + st);
                }
                state = st;
            }
            String sp = link.attr("speed");
            if (sp != null) {
                speed = ConfXml.parseUnsignedInt(sp).orElseThrow(() ->
                        ConfXml.xmlError(ErrorDomain.NONE, "Unable to parse link speed: " + sp));
            }
        }
        return new NodeDevCap.Net(ifname, ConfXml.childString(c, "address"), speed, state, Set.copyOf(features),
                subtype);
    }

    private static NodeDevCap.ScsiHost parseScsiHost(XmlNode c, String dev, boolean create) {
        long host = 0;
        int uniqueId = -1;
        if (!create) {
            host = num(c, "host", dev, "no SCSI host ID supplied for '%s'", "invalid SCSI host ID supplied for '%s'");
            XmlNode u = c.child("unique_id");
            if (u != null) {
                double d;
                try {
                    d = Double.parseDouble(u.text().strip());
                } catch (NumberFormatException e) {
                    d = Double.NaN;
                }
                if (!Double.isNaN(d)) {
                    if (d != (int) d) {
                        throw VirException.internal(DOM, "invalid unique_id supplied for '" + dev + "'");
                    }
                    uniqueId = (int) d;
                }
            }
        }
        boolean fc = false;
        boolean vport = false;
        String wwnn = null;
        String wwpn = null;
        String fabric = null;
        for (XmlNode sub : c.children("capability")) {
            String t = sub.attr("type");
            if (t == null) {
                throw VirException.internal(DOM, "missing SCSI host capability type for '" + dev + "'");
            }
            switch (t) {
                case "fc_host" -> {
                    fc = true;
                    wwnn = ConfXml.childString(sub, "wwnn");
                    if (wwnn == null) {
                        throw VirException.internal(DOM, "no WWNN supplied for '" + dev
                                + "', and auto-generation failed");
                    }
                    wwpn = ConfXml.childString(sub, "wwpn");
                    if (wwpn == null) {
                        throw VirException.internal(DOM, "no WWPN supplied for '" + dev
                                + "', and auto-generation failed");
                    }
                    fabric = ConfXml.childString(sub, "fabric_wwn");
                }
                case "vport_ops" -> vport = true;
                default -> throw VirException.internal(DOM, "unknown SCSI host capability type '" + t + "' for '"
                        + dev + "'");
            }
        }
        return new NodeDevCap.ScsiHost(host, uniqueId, fc, wwnn, wwpn, fabric, vport, 0, 0);
    }

    private static NodeDevCap.ScsiTarget parseScsiTarget(XmlNode c, String dev) {
        String target = ConfXml.childString(c, "target");
        if (target == null) {
            throw VirException.internal(DOM, "no target name supplied for '" + dev + "'");
        }
        String rport = null;
        String wwpn = null;
        for (XmlNode sub : c.children("capability")) {
            String t = sub.attr("type");
            if (t == null) {
                throw VirException.internal(DOM, "missing type for SCSI target capability for '" + dev + "'");
            }
            if (!t.equals("fc_remote_port")) {
                throw VirException.internal(DOM, "unknown SCSI target capability type '" + t + "' for '" + dev
                        + "'");
            }
            rport = ConfXml.childString(sub, "rport");
            if (rport == null) {
                throw VirException.internal(DOM, "missing rport name for '" + dev + "'");
            }
            wwpn = ConfXml.childString(sub, "wwpn");
            if (wwpn == null) {
                throw VirException.internal(DOM, "missing wwpn identifier for '" + dev + "'");
            }
        }
        return new NodeDevCap.ScsiTarget(target, rport, wwpn);
    }

    private static NodeDevCap.Storage parseStorage(XmlNode c, String dev) {
        String block = ConfXml.childString(c, "block");
        if (block == null) {
            throw VirException.internal(DOM, "no block device path supplied for '" + dev + "'");
        }
        boolean removable = false;
        boolean media = false;
        boolean hotplug = false;
        long mediaSize = 0;
        String label = null;
        for (XmlNode sub : c.children("capability")) {
            String t = sub.attr("type");
            if (t == null) {
                throw VirException.internal(DOM, "missing storage capability type for '" + dev + "'");
            }
            switch (t) {
                case "hotpluggable" -> hotplug = true;
                case "removable" -> {
                    removable = true;
                    for (XmlNode m : sub.children("media_available")) {
                        if (m.text().equals("1")) {
                            media = true;
                        }
                    }
                    label = ConfXml.childString(sub, "media_label");
                    mediaSize = num(sub, "media_size", dev, "no removable media size supplied for '%s'",
                            "invalid removable media size supplied for '%s'");
                }
                default -> throw VirException.internal(DOM, "unknown storage capability type '" + t + "' for '"
                        + dev + "'");
            }
        }
        long size = 0;
        if (!removable) {
            size = num(c, "size", dev, "no size supplied for '%s'", "invalid size supplied for '%s'");
        }
        return new NodeDevCap.Storage(block, ConfXml.childString(c, "bus"), ConfXml.childString(c, "drive_type"),
                ConfXml.childString(c, "model"), ConfXml.childString(c, "vendor"), ConfXml.childString(c, "serial"),
                removable, media, mediaSize, label, size, 0, 0, hotplug);
    }

    private static NodeDevCap.Mdev parseMdev(XmlNode c, String dev) {
        String type = ConfXml.pathAttr(c, "id", "type");
        if (type == null) {
            throw unsupported("missing type id attribute for '" + dev + "'");
        }
        String uuid = ConfXml.childString(c, "uuid");
        if (uuid != null) {
            String u = uuid;
            uuid = Uuids.parse(uuid).orElseThrow(() ->
                    VirException.internal(DOM, "Invalid uuid '" + u + "' for new mdev device")).toString();
        }
        long group = 0;
        String g = ConfXml.pathAttr(c, "number", "iommuGroup");
        if (g != null) {
            try {
                double d = Double.parseDouble(g.strip());
                if (!Double.isNaN(d)) {
                    if (d != (long) d || d < 0 || d > 0xffffffffL) {
                        throw VirException.internal(DOM, "invalid iommuGroup number attribute for '" + dev + "'");
                    }
                    group = (long) d;
                }
            } catch (NumberFormatException e) {
                group = 0;
            }
        }
        List<NodeDevCap.MdevAttr> attrs = new ArrayList<>();
        for (XmlNode a : c.children("attr")) {
            String n = a.attr("name");
            String v = a.attr("value");
            if (n == null) {
                // libvirt accepts an attribute without value here (test:///default shows it)
                throw ConfXml.xmlError(DOM, "mdev attribute missing name or value");
            }
            attrs.add(new NodeDevCap.MdevAttr(n, v));
        }
        return new NodeDevCap.Mdev(type, uuid, ConfXml.childString(c, "parent_addr"), group, List.copyOf(attrs));
    }

    private static CcwAddr parseCcwAddr(XmlNode c, String dev) {
        // libvirt reads the parts as unsigned ints; ranges are the driver's concern
        return new CcwAddr(ccwPart(c, "cssid", dev, 0xffffffffL), ccwPart(c, "ssid", dev, 0xffffffffL),
                ccwPart(c, "devno", dev, 0xffffffffL));
    }

    private static long ccwPart(XmlNode c, String child, String dev, long max) {
        String s = ConfXml.childString(c, child);
        if (s == null) {
            throw unsupported("missing " + child + " value for '" + dev + "'");
        }
        return ConfXml.parseLong(s, 0).filter(v -> v >= 0 && v <= max).orElseThrow(() ->
                unsupported("invalid " + child + " value '" + s + "' for '" + dev + "'"));
    }

    private static NodeDevCap.Css parseCss(XmlNode c, String dev) {
        CcwAddr addr = parseCcwAddr(c, dev);
        CcwAddr channel = null;
        XmlNode ch = c.child("channel_dev_addr");
        if (ch != null) {
            channel = parseCcwAddr(ch, dev);
        }
        List<MdevType> types = null;
        for (XmlNode sub : c.children("capability")) {
            if ("mdev_types".equals(sub.attr("type"))) {
                types = parseMdevTypes(sub);
            }
        }
        return new NodeDevCap.Css(addr, channel, types);
    }

    private static long apAdapter(XmlNode c, String dev) {
        String a = ConfXml.childString(c, "ap-adapter");
        if (a == null) {
            throw unsupported("missing ap-adapter value for '" + dev + "'");
        }
        return ConfXml.parseLong(a, 0).filter(v -> v >= 0 && v <= 255).orElseThrow(() ->
                unsupported("invalid ap-adapter value '" + a + "' for '" + dev + "'"));
    }
}
