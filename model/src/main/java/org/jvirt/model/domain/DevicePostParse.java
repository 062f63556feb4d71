package org.jvirt.model.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/**
 * Device defaults of virDomainDeviceDefPostParse and the implicit devices of virDomainDefAddImplicitDevices, as
 * the test driver shows them: disk buses and drive addresses, controller indexes and implicit controllers,
 * serial/console pairing, graphics ports and listens, video models, hostdev managed flags.
 */
final class DevicePostParse {
    /** virDomainNetModel names. */
    private static final Set<String> NET_MODELS = Set.of("virtio", "virtio-transitional", "virtio-non-transitional",
            "e1000", "e1000e", "igb", "rtl8139", "ne2k_pci", "pcnet", "usb-net", "spapr-vlan", "lan9118",
            "smc91c111", "vmxnet", "vmxnet2", "vmxnet3", "am79c970a", "am79c973", "82540em", "82545em", "82543gc",
            "netfront");
    /** Children of character devices in virDomainChrDefFormat's order. */
    private static final List<String> CHARDEV_ORDER = List.of("source", "log", "protocol", "target", "alias",
            "address");
    /** Children of {@code <disk>} in virDomainDiskDefFormat's order. */
    private static final List<String> DISK_ORDER = List.of("driver", "auth", "source", "backingStore",
            "backenddomain", "geometry", "blockio", "mirror", "target", "iotune", "readonly", "shareable",
            "transient", "serial", "wwn", "vendor", "product", "encryption", "boot", "alias", "acpi", "address");
    private static final List<String> GRAPHICS_ORDER = List.of("listen", "channel", "image", "jpeg", "zlib",
            "playback", "streaming", "clipboard", "mouse", "filetransfer", "gl", "rendernode", "audio");

    private DevicePostParse() {
    }

    static DomainDef apply(DomainDef def, ParseOptions o) {
        String osType = def.osType();
        List<DomainDevice> devs = new ArrayList<>();
        int smartcards = 0;
        boolean firstVideo = def.devices(DeviceKind.VIDEO).stream()
                .noneMatch(v -> v.xml().child("model") != null && "yes".equals(v.xml().child("model").attr("primary")));
        for (DomainDevice d : def.devices()) {
            XmlElem x = d.xml();
            switch (d.kind()) {
                case DISK -> x = disk(x);
                case GRAPHICS -> x = graphics(x);
                case VIDEO -> {
                    x = video(x, firstVideo, def.type());
                    firstVideo = false;
                }
                case SERIAL, PARALLEL, CONSOLE, CHANNEL -> {
                    x = ChardevSources.apply(x, x.attr("type"), false);
                    List<XmlElem> kids = new ArrayList<>(x.children());
                    kids.sort(Comparator.comparingInt(c -> rank(CHARDEV_ORDER, c.name())));
                    x = x.withChildren(kids);
                    XmlElem src = x.child("source");
                    if (src != null && src.child("clipboard") != null && src.child("mouse") != null) {
                        XmlElem clip = src.child("clipboard");
                        src = src.withChild("clipboard", null).insertChild(clip, 0);
                        x = x.withChild("source", src);
                    }
                }
                case REDIRDEV -> x = ChardevSources.apply(x, x.attr("type"), true);
                case REDIRFILTER -> x = x.mapChildren("usbdev", u -> u.withAttrs(u.attrs().stream()
                        .filter(a -> !"-1".equals(a.value())).toList()));
                case INTERFACE -> {
                    XmlElem model = x.child("model");
                    if (model != null && model.attr("type") != null
                            && NET_MODELS.contains(model.attr("type").toLowerCase(java.util.Locale.ROOT))) {
                        // Known NIC models are parsed case-insensitively and printed in lower case.
                        x = x.withChild("model", model.withAttr("type",
                                model.attr("type").toLowerCase(java.util.Locale.ROOT)));
                    }
                    int mac = x.indexOf("mac");
                    if (mac > 0) {
                        XmlElem m = x.child("mac");
                        x = x.withChild("mac", null).insertChild(m, 0);
                    }
                }
                case SMARTCARD -> {
                    if ("passthrough".equals(x.attr("mode"))) {
                        x = ChardevSources.apply(x, x.attr("type"), false);
                    }
                    if (x.child("address") == null) {
                        x = x.insertChild(XmlElem.of("address", "type", "ccid", "controller", "0", "slot",
                                Integer.toString(smartcards++)), x.children().size());
                    }
                }
                case RNG -> {
                    XmlElem b = x.child("backend");
                    if (b != null && "egd".equals(b.attr("model"))) {
                        x = x.withChild("backend", ChardevSources.apply(b, b.attr("type"), true));
                    }
                }
                case SHMEM -> {
                    if (x.child("model") == null) {
                        x = x.insertChild(XmlElem.of("model", "type", "ivshmem"), 0);
                    }
                }
                case FILESYSTEM -> {
                    if (x.attr("type") == null) {
                        x = x.withAttrAfter("type", "mount");
                    }
                    XmlElem drv = x.child("driver");
                    if (drv == null || !"virtiofs".equals(drv.attr("type"))) {
                        x = x.withDefaultAttr("accessmode", "passthrough", "type");
                    }
                }
                case HOSTDEV -> {
                    if ("subsystem".equals(x.attr("mode")) && x.attr("managed") == null) {
                        x = x.withDefaultAttr("managed", "no", "mode", "type");
                    }
                }
                default -> {
                }
            }
            XmlElem addr = x.child("address");
            if (addr != null && "virtio-serial".equals(addr.attr("type"))) {
                x = x.withChild("address", addr.withDefaultAttr("controller", "0", "type")
                        .withDefaultAttr("bus", "0", "type", "controller")
                        .withDefaultAttr("port", "0", "type", "controller", "bus"));
            }
            if (d.kind() == DeviceKind.DISK) {
                List<XmlElem> kids = new ArrayList<>(x.children());
                kids.sort(Comparator.comparingInt(c -> rank(DISK_ORDER, c.name())));
                x = x.withChildren(kids);
            }
            devs.add(d.withXml(Addresses.normalizeTree(x)));
        }
        devs = primaryVideoFirst(devs);
        devs = diskOrder(devs);
        if (devs.stream().noneMatch(d -> d.kind() == DeviceKind.VIDEO)
                && devs.stream().anyMatch(d -> d.kind() == DeviceKind.GRAPHICS)) {
            devs.add(new DomainDevice(DeviceKind.VIDEO, video(XmlElem.of("video"), true, def.type())));
        }
        devs = Chardevs.apply(devs, osType);

        devs = Controllers.apply(devs);
        return def.withDevices(devs);
    }

    /**
     * virDomainDiskInsert: a disk goes before the first disk on its bus with a higher device index, else after the
     * last disk on its bus, else at the end.
     */
    private static List<DomainDevice> diskOrder(List<DomainDevice> devs) {
        List<DomainDevice> sorted = new ArrayList<>();
        for (DomainDevice d : devs) {
            if (d.kind() != DeviceKind.DISK) {
                continue;
            }
            XmlElem t = d.xml().child("target");
            String bus = t == null ? null : t.attr("bus");
            int idx = t == null || t.attr("dev") == null ? -1 : diskIndex(t.attr("dev"));
            int insertAt = -1;
            for (int i = sorted.size() - 1; i >= 0; i--) {
                XmlElem ot = sorted.get(i).xml().child("target");
                if (ot == null || !java.util.Objects.equals(bus, ot.attr("bus"))) {
                    continue;
                }
                int oidx = ot.attr("dev") == null ? -1 : diskIndex(ot.attr("dev"));
                if (oidx > idx) {
                    insertAt = i;
                } else if (insertAt == -1) {
                    insertAt = i + 1;
                }
            }
            sorted.add(insertAt < 0 ? sorted.size() : insertAt, d);
        }
        List<DomainDevice> out = new ArrayList<>();
        int next = 0;
        for (DomainDevice d : devs) {
            out.add(d.kind() == DeviceKind.DISK ? sorted.get(next++) : d);
        }
        return out;
    }

    /** libvirt keeps the primary video device first among the videos. */
    private static List<DomainDevice> primaryVideoFirst(List<DomainDevice> devs) {
        int first = -1;
        int primary = -1;
        for (int i = 0; i < devs.size(); i++) {
            if (devs.get(i).kind() == DeviceKind.VIDEO) {
                first = first < 0 ? i : first;
                XmlElem m = devs.get(i).xml().child("model");
                if (primary < 0 && m != null && "yes".equals(m.attr("primary"))) {
                    primary = i;
                }
            }
        }
        if (primary <= first) {
            return devs;
        }
        List<DomainDevice> out = new ArrayList<>(devs);
        DomainDevice p = out.remove(primary);
        out.add(first, p);
        return out;
    }

    /** Target bus from the device name prefix (virDomainDiskDefAssignAddress's input). */
    static String busFromDev(String dev) {
        if (dev == null) {
            return null;
        }
        if (dev.startsWith("hd")) {
            return "ide";
        } else if (dev.startsWith("sd")) {
            return "scsi";
        } else if (dev.startsWith("vd")) {
            return "virtio";
        } else if (dev.startsWith("xvd")) {
            return "xen";
        } else if (dev.startsWith("fd")) {
            return "fdc";
        } else if (dev.startsWith("ubd")) {
            return "uml";
        }
        return null;
    }

    /** virDiskNameToIndex: "sda" → 0, "sdaa" → 26; -1 when the name has no such suffix. */
    static int diskIndex(String dev) {
        int i = 0;
        for (String p : List.of("fd", "hd", "vd", "sd", "xvd", "ubd")) {
            if (dev.startsWith(p)) {
                i = p.length();
                break;
            }
        }
        if (i == 0 || i >= dev.length()) {
            return -1;
        }
        int idx = 0;
        for (int n = 0; i < dev.length(); i++, n++) {
            char c = dev.charAt(i);
            if (c >= '0' && c <= '9' && n > 0 && dev.substring(i).chars().allMatch(Character::isDigit)) {
                break;
            }
            if (c < 'a' || c > 'z') {
                return -1;
            }
            if (idx > (Integer.MAX_VALUE - 26) / 26) {
                return -1;
            }
            idx = (idx + (n < 1 ? 0 : 1)) * 26 + (c - 'a');
        }
        return idx;
    }

    /** virStorageSourceNetworkDefaultPort. */
    private static final java.util.Map<String, String> DEFAULT_PORTS = java.util.Map.ofEntries(
            java.util.Map.entry("nbd", "10809"), java.util.Map.entry("gluster", "24007"),
            java.util.Map.entry("iscsi", "3260"), java.util.Map.entry("sheepdog", "7000"),
            java.util.Map.entry("http", "80"), java.util.Map.entry("https", "443"),
            java.util.Map.entry("ftp", "21"), java.util.Map.entry("ftps", "990"),
            java.util.Map.entry("tftp", "69"), java.util.Map.entry("ssh", "22"),
            java.util.Map.entry("vxhs", "9999"));

    private static XmlElem networkSource(XmlElem src) {
        String protocol = src.attr("protocol");
        if (protocol == null) {
            return src;
        }
        if (protocol.equals("iscsi") && src.attr("name") != null && src.attr("name").indexOf('/') < 0) {
            src = src.withAttr("name", src.attr("name") + "/0");
        }
        String port = DEFAULT_PORTS.get(protocol);
        if (port != null) {
            src = src.mapChildren("host", h -> h.attr("name") != null && h.attr("port") == null
                    && (h.attr("transport") == null || "tcp".equals(h.attr("transport")))
                    ? h.withAttrAfter("port", port, "name", "transport") : h);
        }
        return src.mapChildren("backingStore", DevicePostParse::backingSources);
    }

    /** A backing store prints its format before its source. */
    private static XmlElem backingOrder(XmlElem bs) {
        List<XmlElem> kids = new ArrayList<>(bs.children());
        kids.sort(Comparator.comparingInt(c -> rank(List.of("format", "source", "backingStore"), c.name())));
        return bs.withChildren(kids).mapChildren("backingStore", DevicePostParse::backingOrder);
    }

    private static XmlElem backingSources(XmlElem bs) {
        XmlElem src = bs.child("source");
        bs = src == null ? bs : bs.withChild("source", networkSource(src));
        return bs.mapChildren("backingStore", DevicePostParse::backingSources);
    }

    private static XmlElem disk(XmlElem x) {
        x = x.withDefaultAttr("device", "disk", "type");
        String device = x.attr("device");
        if (("cdrom".equals(device) || "floppy".equals(device))
                && ("network".equals(x.attr("type")) || "volume".equals(x.attr("type"))) && x.child("source") == null) {
            x = x.withAttr("type", "file");
        }
        XmlElem tgt = x.child("target");
        if (tgt != null && "closed".equals(tgt.attr("tray"))) {
            x = x.withChild("target", tgt.withAttr("tray", null));
        }
        x = x.mapChildren("backingStore", DevicePostParse::backingOrder);
        if ("cdrom".equals(x.attr("device")) && x.child("readonly") == null) {
            x = x.insertChild(XmlElem.of("readonly"), x.children().size());
        }
        if ("network".equals(x.attr("type")) && x.child("source") != null) {
            x = x.withChild("source", networkSource(x.child("source")));
        }
        XmlElem t = x.child("target");
        if (t == null) {
            return x;
        }
        String bus = t.attr("bus");
        if (bus == null) {
            bus = busFromDev(t.attr("dev"));
            if ("fdc".equals(bus) || "floppy".equals(x.attr("device"))) {
                bus = "fdc";
            }
            if (bus != null) {
                x = x.withChild("target", t.withAttrAfter("bus", bus, "dev"));
            }
        }
        XmlElem addr = x.child("address");
        if (addr != null && "drive".equals(addr.attr("type"))) {
            x = x.withChild("address", driveAddress(addr));
        }
        if (addr == null && bus != null && t.attr("dev") != null) {
            int idx = diskIndex(t.attr("dev"));
            String[] a = switch (bus) {
                case "ide" -> new String[]{"" + idx / 4, "" + (idx % 4) / 2, "" + idx % 2};
                case "scsi" -> new String[]{"" + idx / 7, "0", "" + idx % 7};
                case "fdc" -> new String[]{"0", "0", "" + idx};
                case "sata" -> new String[]{"" + idx / 6, "0", "" + idx % 6};
                default -> null;
            };
            if (a != null && idx < 0) {
                throw VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.DOMAIN, "Unknown disk name '"
                        + t.attr("dev") + "' and no address specified");
            }
            if (a != null) {
                x = x.insertChild(XmlElem.of("address", "type", "drive", "controller", a[0], "bus", a[1],
                        "target", "0", "unit", a[2]), x.children().size());
            }
        }
        return x;
    }

    /** A drive address prints all of controller, bus, target and unit (0 when not given). */
    static XmlElem driveAddress(XmlElem a) {
        return a.withDefaultAttr("controller", "0", "type").withDefaultAttr("bus", "0", "type", "controller")
                .withDefaultAttr("target", "0", "type", "controller", "bus")
                .withDefaultAttr("unit", "0", "type", "controller", "bus", "target");
    }

    private static XmlElem graphics(XmlElem x) {
        String type = x.attr("type");
        if (!"vnc".equals(type) && !"spice".equals(type)) {
            return x;
        }
        String socketAttr = x.attr("socket");
        List<XmlElem> listens = x.children("listen");
        if (socketAttr != null && !listens.isEmpty() && "socket".equals(listens.getFirst().attr("type"))
                && listens.getFirst().attr("socket") != null && !socketAttr.equals(listens.getFirst().attr("socket"))) {
            throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN, "graphics 'socket' attribute '"
                    + socketAttr + "' must match 'socket' attribute of first listen element (found '"
                    + listens.getFirst().attr("socket") + "')");
        }
        if (socketAttr != null && (listens.isEmpty() || "address".equals(listens.getFirst().attr("type")))) {
            XmlElem sock = XmlElem.of("listen", "type", "socket", "socket", socketAttr);
            x = listens.isEmpty() ? x.insertChild(sock, 0) : x.withChild("listen", sock);
        }
        listens = x.children("listen");
        boolean socket = !listens.isEmpty() && !"address".equals(listens.getFirst().attr("type"))
                && !"network".equals(listens.getFirst().attr("type"));
        if ("spice".equals(type)) {
            return spice(x, listens);
        }
        if (!socket && x.attr("port") == null && x.attr("autoport") == null) {
            x = x.withAttrAfter("port", "-1", "type").withAttrAfter("autoport", "yes", "port", "tlsPort");
        } else if (x.attr("port") != null && x.attr("autoport") == null) {
            boolean auto = "-1".equals(x.attr("port"));
            x = x.withAttrAfter("autoport", auto ? "yes" : "no", "port", "tlsPort");
        } else if ("yes".equals(x.attr("autoport")) && (x.attr("port") != null || !socket)) {
            x = x.withAttrAfter("port", "-1", "type");
        }
        if (!listens.isEmpty() && "socket".equals(listens.getFirst().attr("type"))
                && listens.getFirst().attr("socket") != null && x.attr("socket") == null) {
            x = x.withAttrAfter("socket", listens.getFirst().attr("socket"), "type");
        }
        if (listens.isEmpty()) {
            x = x.insertChild(XmlElem.of("listen", "type", "address", "address", x.attr("listen")), 0);
        } else {
            XmlElem first = listens.getFirst();
            String addr = first.attr("address");
            if ("address".equals(first.attr("type")) && addr != null && x.attr("listen") == null) {
                x = x.withAttrAfter("listen", addr, "type", "port", "tlsPort", "autoport", "websocket",
                        "websocketGenerated");
            }
        }
        List<XmlElem> kids = new ArrayList<>(x.children());
        kids.sort(Comparator.comparingInt(c -> rank(GRAPHICS_ORDER, c.name())));
        return x.withChildren(kids);
    }

    private static XmlElem spice(XmlElem x, List<XmlElem> listens) {
        if ("yes".equals(x.attr("autoport"))) {
            x = x.withAttr("port", null).withAttr("tlsPort", null);
        } else if (x.attr("port") == null && x.attr("tlsPort") == null) {
            x = x.withAttr("autoport", null);
        }
        if (listens.isEmpty()) {
            boolean none = x.attr("port") == null && x.attr("tlsPort") == null && x.attr("autoport") == null
                    && x.attr("listen") == null;
            x = x.insertChild(none ? XmlElem.of("listen", "type", "none")
                    : XmlElem.of("listen", "type", "address", "address", x.attr("listen")), 0);
        } else {
            XmlElem first = listens.getFirst();
            String addr = first.attr("address");
            if ("address".equals(first.attr("type")) && addr != null && x.attr("listen") == null) {
                x = x.withAttrAfter("listen", addr, "type", "port", "tlsPort", "autoport");
            }
        }
        List<XmlElem> kids = new ArrayList<>(x.children());
        kids.sort(Comparator.comparingInt(c -> rank(GRAPHICS_ORDER, c.name())));
        return x.withChildren(kids);
    }

    static int rank(List<String> order, String name) {
        int i = order.indexOf(name);
        return i < 0 ? order.size() : i;
    }

    private static XmlElem video(XmlElem x, boolean primary, String virtType) {
        XmlElem m = x.child("model");
        if (m == null) {
            m = XmlElem.of("model", "type", "cirrus");
        }
        String type = m.attr("type");
        if (type == null) {
            m = m.withAttrAfter("type", "cirrus");
            type = "cirrus";
        }
        if ("no".equals(m.attr("primary"))) {
            m = m.withAttr("primary", null);
        }
        if (!type.equals("none")) {
            switch (type) {
                case "vga", "cirrus", "vmvga", "xen", "bochs" -> m = m.withDefaultAttr("vram", "16384", "type", "ram");
                case "qxl" -> m = m.withDefaultAttr("ram", "65536", "type")
                        .withDefaultAttr("vram", "65536", "type", "ram");
                default -> {
                }
            }
            m = m.withDefaultAttr("heads", "1", "type", "ram", "vram", "vram64", "vgamem");
            if (primary && m.attr("primary") == null) {
                m = m.withAttrAfter("primary", "yes", "type", "ram", "vram", "vram64", "vgamem", "heads");
            }
        }
        return x.child("model") == null ? x.insertChild(m, 0) : x.withChild("model", m);
    }

    static Set<String> names(List<XmlElem> l) {
        Set<String> s = new HashSet<>();
        l.forEach(e -> s.add(e.name()));
        return s;
    }
}
