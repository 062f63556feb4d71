package org.jvirt.model.nodedev;

import java.util.List;
import org.jvirt.model.nodedev.NodeDevCap.CcwAddr;
import org.jvirt.model.nodedev.NodeDevCap.MdevType;
import org.jvirt.model.nodedev.NodeDevCap.PciAddr;
import org.jvirt.model.xml.XmlWriter;

/** Formats a node device exactly as libvirt's virNodeDeviceDefFormat. */
public final class NodeDeviceFormatter {

    public String format(NodeDeviceDef def) {
        XmlWriter w = new XmlWriter();
        w.open("device");
        w.text("name", def.name());
        w.text("path", def.sysfsPath());
        w.text("devnode", def.devnode(), "type", "dev");
        for (String l : def.devlinks()) {
            w.text("devnode", l, "type", "link");
        }
        w.text("parent", def.parent());
        if (def.driver() != null) {
            w.open("driver");
            w.text("name", def.driver());
            w.close("driver");
        }
        for (NodeDevCap c : def.caps()) {
            w.open("capability", "type", c.typeName());
            formatCap(w, c);
            w.close("capability");
        }
        w.close("device");
        return w.toString();
    }

    private static void formatCap(XmlWriter w, NodeDevCap cap) {
        switch (cap) {
            case NodeDevCap.System s -> {
                w.text("product", s.product());
                w.open("hardware");
                w.text("vendor", s.hwVendor());
                w.text("version", s.hwVersion());
                w.text("serial", s.hwSerial());
                w.text("uuid", s.hwUuid().toString());
                w.close("hardware");
                w.open("firmware");
                w.text("vendor", s.fwVendor());
                w.text("version", s.fwVersion());
                w.text("release_date", s.fwReleaseDate());
                w.close("firmware");
            }
            case NodeDevCap.Pci p -> formatPci(w, p);
            case NodeDevCap.UsbDevice u -> {
                w.text("bus", Long.toString(u.bus()));
                w.text("device", Long.toString(u.device()));
                idElement(w, "product", u.product(), u.productName());
                idElement(w, "vendor", u.vendor(), u.vendorName());
            }
            case NodeDevCap.UsbInterface u -> {
                w.text("number", Long.toString(u.number()));
                w.text("class", Long.toString(u.klass()));
                w.text("subclass", Long.toString(u.subclass()));
                w.text("protocol", Long.toString(u.protocol()));
                w.text("description", u.description());
            }
            case NodeDevCap.Net n -> {
                w.text("interface", n.ifname());
                w.text("address", n.address());
                if (n.linkSpeed() != 0 || n.linkState() != null) {
                    w.empty("link", "speed", n.linkSpeed() != 0 ? Long.toString(n.linkSpeed()) : null, "state",
                            n.linkState());
                }
                for (String f : NodeDeviceParser.NET_FEATURES) {
                    if (n.features().contains(f)) {
                        w.empty("feature", "name", f);
                    }
                }
                if (n.subtype() != null) {
                    w.empty("capability", "type", n.subtype());
                }
            }
            case NodeDevCap.ScsiHost h -> {
                w.text("host", Long.toString(h.host()));
                if (h.uniqueId() != -1) {
                    w.text("unique_id", Integer.toString(h.uniqueId()));
                }
                if (h.fcHost()) {
                    w.open("capability", "type", "fc_host");
                    w.text("wwnn", h.wwnn());
                    w.text("wwpn", h.wwpn());
                    w.text("fabric_wwn", h.fabricWwn());
                    w.close("capability");
                }
                if (h.vportOps()) {
                    w.open("capability", "type", "vport_ops");
                    w.text("max_vports", Integer.toString(h.maxVports()));
                    w.text("vports", Integer.toString(h.vports()));
                    w.close("capability");
                }
            }
            case NodeDevCap.ScsiTarget t -> {
                w.text("target", t.target());
                if (t.rport() != null) {
                    w.open("capability", "type", "fc_remote_port");
                    w.text("rport", t.rport());
                    w.text("wwpn", t.wwpn());
                    w.close("capability");
                }
            }
            case NodeDevCap.Scsi s -> {
                w.text("host", Long.toString(s.host()));
                w.text("bus", Long.toString(s.bus()));
                w.text("target", Long.toString(s.target()));
                w.text("lun", Long.toString(s.lun()));
                w.text("type", s.type());
            }
            case NodeDevCap.Storage s -> formatStorage(w, s);
            case NodeDevCap.ScsiGeneric g -> w.text("char", g.path());
            case NodeDevCap.Drm d -> w.text("type", d.type());
            case NodeDevCap.Mdev m -> {
                w.empty("type", "id", m.type());
                w.text("uuid", m.uuid());
                w.text("parent_addr", m.parentAddr());
                w.empty("iommuGroup", "number", Long.toString(m.iommuGroup()));
                for (NodeDevCap.MdevAttr a : m.attrs()) {
                    w.empty("attr", "name", a.name(), "value", a.value());
                }
            }
            case NodeDevCap.Ccw c -> ccw(w, c.addr());
            case NodeDevCap.Css c -> {
                ccw(w, c.addr());
                if (c.channelDevAddr() != null) {
                    w.open("channel_dev_addr");
                    ccw(w, c.channelDevAddr());
                    w.close("channel_dev_addr");
                }
                mdevTypes(w, c.mdevTypes());
            }
            case NodeDevCap.Vdpa v -> w.text("chardev", v.chardev());
            case NodeDevCap.ApCard a -> w.text("ap-adapter", String.format("0x%02x", a.adapter()));
            case NodeDevCap.ApQueue a -> {
                w.text("ap-adapter", String.format("0x%02x", a.adapter()));
                w.text("ap-domain", String.format("0x%04x", a.domain()));
            }
            case NodeDevCap.ApMatrix a -> mdevTypes(w, a.mdevTypes());
        }
    }

    /** {@code <product id='0x%04x'>name</product>}, or {@code <product id='0x%04x' />} without a name. */
    private static void idElement(XmlWriter w, String el, long id, String name) {
        String idText = String.format("0x%04x", id);
        if (name != null) {
            w.text(el, name, "id", idText);
        } else {
            // libvirt writes " />" here, with a space
            w.raw("<" + el + " id='" + idText + "' />");
        }
    }

    private static void formatPci(XmlWriter w, NodeDevCap.Pci p) {
        if (p.klass() >= 0) {
            w.text("class", String.format("0x%06x", p.klass()));
        }
        w.text("domain", Long.toString(p.domain()));
        w.text("bus", Long.toString(p.bus()));
        w.text("slot", Long.toString(p.slot()));
        w.text("function", Long.toString(p.function()));
        idElement(w, "product", p.product(), p.productName());
        idElement(w, "vendor", p.vendor(), p.vendorName());
        if (p.physFunction() != null) {
            w.open("capability", "type", "phys_function");
            pciAddr(w, p.physFunction());
            w.close("capability");
        }
        if (p.virtFunctionsCap()) {
            String max = p.maxVirtualFunctions() != 0 ? Long.toString(p.maxVirtualFunctions()) : null;
            if (p.virtFunctions().isEmpty()) {
                w.empty("capability", "type", "virt_functions", "maxCount", max);
            } else {
                w.open("capability", "type", "virt_functions", "maxCount", max);
                for (PciAddr a : p.virtFunctions()) {
                    pciAddr(w, a);
                }
                w.close("capability");
            }
        }
        if (p.headerType() != null) {
            w.empty("capability", "type", p.headerType());
        }
        mdevTypes(w, p.mdevTypes());
        if (!p.iommuGroupDevices().isEmpty()) {
            w.open("iommuGroup", "number", Long.toString(p.iommuGroup()));
            for (PciAddr a : p.iommuGroupDevices()) {
                pciAddr(w, a);
            }
            w.close("iommuGroup");
        }
        if (p.numaNode() >= 0) {
            w.empty("numa", "node", Integer.toString(p.numaNode()));
        }
        if (p.pciExpress() != null) {
            NodeDevCap.PciExpress e = p.pciExpress();
            if (e.cap() == null && e.sta() == null) {
                w.empty("pci-express");
            } else {
                w.open("pci-express");
                link(w, e.cap(), "cap");
                link(w, e.sta(), "sta");
                w.close("pci-express");
            }
        }
    }

    private static void link(XmlWriter w, NodeDevCap.PciLink l, String validity) {
        if (l == null) {
            return;
        }
        w.empty("link", "validity", validity, "port", l.port() >= 0 ? Integer.toString(l.port()) : null, "speed",
                l.speed().isEmpty() ? null : l.speed(), "width", Integer.toString(l.width()));
    }

    private static void pciAddr(XmlWriter w, PciAddr a) {
        w.empty("address", "domain", String.format("0x%04x", a.domain()), "bus", String.format("0x%02x", a.bus()),
                "slot", String.format("0x%02x", a.slot()), "function", "0x" + a.function());
    }

    private static void mdevTypes(XmlWriter w, List<MdevType> types) {
        if (types == null || types.isEmpty()) {
            return;
        }
        w.open("capability", "type", "mdev_types");
        for (MdevType t : types) {
            w.open("type", "id", t.id());
            w.text("name", t.name());
            w.text("deviceAPI", t.deviceApi());
            w.text("availableInstances", Long.toString(t.availableInstances()));
            w.close("type");
        }
        w.close("capability");
    }

    private static void ccw(XmlWriter w, CcwAddr a) {
        w.text("cssid", "0x" + Long.toHexString(a.cssid()));
        w.text("ssid", "0x" + Long.toHexString(a.ssid()));
        w.text("devno", String.format("0x%04x", a.devno()));
    }

    private static void formatStorage(XmlWriter w, NodeDevCap.Storage s) {
        w.text("block", s.block());
        w.text("bus", s.bus());
        w.text("drive_type", s.driveType());
        w.text("model", s.model());
        w.text("vendor", s.vendor());
        w.text("serial", s.serial());
        if (s.removable()) {
            w.open("capability", "type", "removable");
            w.text("media_available", s.mediaAvailable() ? "1" : "0");
            w.text("media_size", Long.toUnsignedString(s.removableMediaSize()));
            w.text("media_label", s.mediaLabel());
            blocks(w, s);
            w.close("capability");
        } else {
            w.text("size", Long.toUnsignedString(s.size()));
            blocks(w, s);
        }
        if (s.hotpluggable()) {
            w.empty("capability", "type", "hotpluggable");
        }
    }

    private static void blocks(XmlWriter w, NodeDevCap.Storage s) {
        if (s.logicalBlockSize() > 0) {
            w.text("logical_block_size", Long.toUnsignedString(s.logicalBlockSize()));
        }
        if (s.numBlocks() > 0) {
            w.text("num_blocks", Long.toUnsignedString(s.numBlocks()));
        }
    }
}
