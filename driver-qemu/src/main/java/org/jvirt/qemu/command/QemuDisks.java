package org.jvirt.qemu.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

import org.jvirt.model.domain.DeviceKind;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDevice;
import org.jvirt.model.domain.XmlElem;

/**
 * Disks as -blockdev storage/format node pairs plus their front-end -device, after libvirt's
 * qemuBuildDisksCommandLine: IDE, SATA (q35's built-in AHCI), SCSI (LSI, virtio-scsi), virtio-blk and floppies,
 * on local files, block devices and NBD. Node names count down from the number of disks, as libvirt assigns them.
 */
final class QemuDisks {
    private final DomainDef def;
    private final List<String> args;
    private final Map<DomainDevice, Integer> bootIndex;
    private final boolean q35;
    private final BiFunction<Json, DomainDevice, Json> pci;

    QemuDisks(DomainDef def, List<String> args, Map<DomainDevice, Integer> bootIndex, boolean q35,
              BiFunction<Json, DomainDevice, Json> pci) {
        this.def = def;
        this.args = args;
        this.bootIndex = bootIndex;
        this.q35 = q35;
        this.pci = pci;
    }

    private void add(String... a) {
        args.addAll(List.of(a));
    }

    private static String orDefault(String v, String d) {
        return v == null ? d : v;
    }

    // ---- disks -------------------------------------------------------------------------------------

    void build() {
        List<DomainDevice> disks = def.devices(DeviceKind.DISK);
        List<DomainDevice> emptyCdroms = new ArrayList<>();
        int node = disks.size();
        // the floppy controller is built into the board; its boot indexes are board properties
        // q35 has no built-in floppy controller: it is added as a device carrying the boot indexes
        Json fdc = Json.obj().put("driver", "isa-fdc");
        boolean floppies = false;
        for (DomainDevice d : disks) {
            if ("floppy".equals(d.xml().attr("device"))) {
                floppies = true;
                if (!bootIndex.containsKey(d)) {
                    continue;
                }
                String drive = "1".equals(floppyUnit(d.xml())) ? "B" : "A";
                if (q35) {
                    fdc.put("bootindex" + drive, bootIndex.get(d));
                } else {
                    add("-global", "isa-fdc.bootindex" + drive + "=" + bootIndex.get(d));
                }
            }
        }
        if (q35 && floppies) {
            add("-device", fdc.toString());
        }
        for (DomainDevice d : disks) {
            XmlElem x = d.xml();
            String type = x.attr("type");
            String device = orDefault(x.attr("device"), "disk");
            XmlElem src = x.child("source");
            XmlElem tgt = x.child("target");
            String bus = tgt.attr("bus");
            String dev = tgt.attr("dev");
            for (XmlElem c : x.children()) {
                switch (c.name()) {
                    case "source", "target", "readonly", "boot", "address", "driver", "shareable", "serial",
                         "geometry", "wwn", "acpi" -> { }
                    default -> throw QemuCommandBuilder.unsupported("disk child " + c.name());
                }
            }
            boolean network = "network".equals(type);
            if (src == null && device.equals("cdrom") && !network && tgt.attrs().size() == 2) {
                emptyCdroms.add(d);
                continue;
            }
            if (!emptyCdroms.isEmpty()) {
                // node-name numbering around empty drives is not pinned down by the corpus yet
                throw QemuCommandBuilder.unsupported("empty cdrom before a disk");
            }
            if (tgt.attrs().size() != 2 || src == null || !network && (src.attrs().size() != 1
                    || !src.children().isEmpty())
                    || !Set.of("disk", "cdrom", "floppy").contains(device)) {
                throw QemuCommandBuilder.unsupported("disk");
            }
            XmlElem drv = x.child("driver");
            String fmt = "raw";
            if (drv != null) {
                for (XmlElem.Attr a : drv.attrs()) {
                    if (!(a.name().equals("name") && a.value().equals("qemu") || Set.of("type", "cache", "io",
                            "error_policy", "rerror_policy", "queues", "queue_size", "ioeventfd", "discard",
                            "detect_zeroes", "iommu", "ats", "packed").contains(a.name()))) {
                        throw QemuCommandBuilder.unsupported("disk driver " + a.name());
                    }
                }
                fmt = orDefault(drv.attr("type"), "raw");
            }
            if (!(fmt.equals("raw") || fmt.equals("qcow2"))) {
                throw QemuCommandBuilder.unsupported("format " + fmt);
            }
            boolean ro = x.child("readonly") != null;
            String storage = "libvirt-" + node + "-storage";
            Json storageProps;
            if (network) {
                storageProps = nbdSource(src);
            } else {
                String path;
                String backend;
                if ("file".equals(type)) {
                    path = src.attr("file");
                    backend = "file";
                } else if ("block".equals(type)) {
                    path = src.attr("dev");
                    // libvirt probes the node (virFileIsCDROM); the test harness mocks only /dev/cdrom as a drive
                    backend = device.equals("cdrom") && "/dev/cdrom".equals(path) ? "host_cdrom" : "host_device";
                } else {
                    throw QemuCommandBuilder.unsupported("disk type " + type);
                }
                if (path == null) {
                    throw QemuCommandBuilder.unsupported("disk source");
                }
                storageProps = Json.obj().put("driver", backend).put("filename", path);
            }
            String format = "libvirt-" + node + "-format";
            node--;
            String io = drv == null ? null : drv.attr("io");
            if (io != null) {
                if (network || !Set.of("native", "threads", "io_uring").contains(io)) {
                    throw QemuCommandBuilder.unsupported("disk io " + io);
                }
                storageProps.put("aio", io);
            }
            Boolean[] cache = cacheFlags(drv);
            if (cache == null && x.child("shareable") != null && !ro) {
                // a disk written by several guests must bypass the host cache (qemuDomainDiskDefPostParse)
                cache = new Boolean[] {true, true, false};
            }
            Json cacheJson = cache == null ? null
                    : Json.obj().put("direct", cache[1]).put("no-flush", cache[2]);
            Object cacheRaw = cacheJson == null ? null : new AudioProps.Raw(cacheJson.toString());
            add("-blockdev", storageProps.put("node-name", storage).put("cache", cacheRaw)
                    .put("auto-read-only", true).put("discard", "unmap").toString());
            String discard = drv == null ? null : drv.attr("discard");
            String zeroes = drv == null ? null : drv.attr("detect_zeroes");
            if ((discard != null || zeroes != null) && cache != null) {
                throw QemuCommandBuilder.unsupported("discard with cache"); // property order not pinned down
            }
            if (zeroes != null && zeroes.equals("unmap") && !"unmap".equals(discard)) {
                zeroes = "on"; // unmapping zeroes needs discard=unmap
            }
            add("-blockdev", Json.obj().put("node-name", format).put("read-only", ro).put("cache", cacheRaw)
                    .put("discard", discard).put("detect-zeroes", zeroes).put("driver", fmt)
                    .put("file", storage).toString());
            Json j;
            String id;
            if ("sata".equals(bus) && !device.equals("floppy")) {
                XmlElem a = x.child("address");
                if (a == null || !"drive".equals(a.attr("type")) || a.attr("controller") == null
                        || !"0".equals(a.attr("target")) || !"0".equals(a.attr("bus"))) {
                    throw QemuCommandBuilder.unsupported("sata address");
                }
                String c = a.attr("controller");
                String u = a.attr("unit");
                if (def.devices(DeviceKind.CONTROLLER).stream().noneMatch(cx -> "sata".equals(cx.xml().attr("type"))
                        && c.equals(cx.xml().attr("index")))) {
                    throw QemuCommandBuilder.unsupported("sata disk without its controller");
                }
                // the ICH9 AHCI built into q35 names its ports ide.N; an added AHCI sataN.N
                String port = q35 && c.equals("0") ? "ide." + u : "sata" + c + "." + u;
                j = Json.obj().put("driver", device.equals("cdrom") ? "ide-cd" : "ide-hd").put("bus", port);
                id = "sata" + c + "-0-" + u;
            } else if ("scsi".equals(bus) && !device.equals("floppy")) {
                j = scsiDisk(x, device);
                id = scsiTag(x);
            } else if ("ide".equals(bus) && !device.equals("floppy") && !q35) {
                XmlElem a = x.child("address");
                if (a == null || !"drive".equals(a.attr("type")) || !"0".equals(a.attr("controller"))
                        || !"0".equals(a.attr("target"))) {
                    throw QemuCommandBuilder.unsupported("ide address");
                }
                String b = a.attr("bus");
                String u = a.attr("unit");
                j = Json.obj().put("driver", device.equals("cdrom") ? "ide-cd" : "ide-hd")
                        .put("bus", "ide." + b).put("unit", Integer.parseInt(u));
                id = "ide0-" + b + "-" + u;
            } else if ("fdc".equals(bus) && device.equals("floppy")) {
                if (cache != null || !frontEndPlain(x)) {
                    throw QemuCommandBuilder.unsupported("floppy options");
                }
                String u = floppyUnit(x);
                add("-device", Json.obj().put("driver", "floppy").put("unit", Integer.parseInt(u))
                        .put("drive", format).put("id", "fdc0-0-" + u).toString());
                continue;
            } else if ("virtio".equals(bus) && device.equals("disk")) {
                j = Json.obj().put("driver", "virtio-blk-pci");
                if (VirtioOptions.any(drv) && (drv.attr("ioeventfd") != null || drv.attr("queues") != null
                        || drv.attr("queue_size") != null)) {
                    throw QemuCommandBuilder.unsupported("virtio options with blk tunables"); // order unknown
                }
                if (VirtioOptions.any(drv)) {
                    j.put("iommu_platform", drv.attr("iommu") == null ? null : drv.attr("iommu").equals("on"))
                            .put("ats", drv.attr("ats") == null ? null : drv.attr("ats").equals("on"))
                            .put("packed", drv.attr("packed") == null ? null : drv.attr("packed").equals("on"));
                }
                if (drv != null && drv.attr("ioeventfd") != null) {
                    j.put("ioeventfd", drv.attr("ioeventfd").equals("on"));
                }
                if (drv != null && drv.attr("queues") != null) {
                    j.put("num-queues", Integer.parseInt(drv.attr("queues")));
                }
                if (drv != null && drv.attr("queue_size") != null) {
                    j.put("queue-size", Integer.parseInt(drv.attr("queue_size")));
                }
                pci.apply(j, d);
                XmlElem acpi = x.child("acpi");
                if (acpi != null) {
                    if (acpi.attrs().size() != 1 || acpi.attr("index") == null) {
                        throw QemuCommandBuilder.unsupported("disk acpi");
                    }
                    j.put("acpi-index", Integer.parseInt(acpi.attr("index")));
                }
                id = "virtio-disk" + diskIndex(dev, "vd");
            } else {
                throw QemuCommandBuilder.unsupported("disk bus " + bus);
            }
            if (drv != null && !"virtio".equals(bus) && (drv.attr("ioeventfd") != null || drv.attr("queues") != null
                    || drv.attr("queue_size") != null || VirtioOptions.any(drv))) {
                throw QemuCommandBuilder.unsupported("virtio disk options on bus " + bus);
            }
            if (x.child("shareable") != null) {
                j.put("share-rw", true);
            }
            j.put("drive", format).put("id", id);
            if (x.child("acpi") != null && !"virtio".equals(bus)) {
                throw QemuCommandBuilder.unsupported("disk acpi index on bus " + bus);
            }
            j.put("bootindex", bootIndex.get(d));
            String wwn = x.childText("wwn");
            if (wwn != null) {
                if (cacheFlags(drv) != null || x.child("geometry") != null) {
                    throw QemuCommandBuilder.unsupported("wwn with cache or geometry"); // order not pinned down
                }
                j.put("wwn", new AudioProps.Raw(new java.math.BigInteger(wwn.strip().replaceFirst("^0[xX]", ""), 16).toString()));
            }
            XmlElem geo = x.child("geometry");
            if (geo != null) {
                if (geo.attr("cyls") == null || geo.attr("heads") == null || geo.attr("secs") == null) {
                    throw QemuCommandBuilder.unsupported("disk geometry");
                }
                j.put("cyls", Integer.parseInt(geo.attr("cyls"))).put("heads", Integer.parseInt(geo.attr("heads")))
                        .put("secs", Integer.parseInt(geo.attr("secs"))).put("bios-chs-trans", geo.attr("trans"));
            }
            if (cache != null) {
                j.put("write-cache", cache[0] ? "on" : "off");
            }
            String serial = x.childText("serial");
            if (serial != null) {
                // libvirt escapes blanks in the serial (qemuBuildDiskDeviceProps)
                j.put("serial", serial.replace(" ", "\\ "));
            }
            String wpol = drv == null ? null : drv.attr("error_policy");
            String rpol = drv == null ? null : drv.attr("rerror_policy");
            if (wpol != null) {
                j.put("werror", wpol.equals("enospace") ? "enospc" : wpol);
            }
            if (rpol != null || wpol != null && !wpol.equals("enospace")) {
                j.put("rerror", rpol != null ? rpol : wpol);
            }
            add("-device", j.toString());
        }
        for (DomainDevice d : emptyCdroms) {
            XmlElem x = d.xml();
            XmlElem a = x.child("address");
            if (!"ide".equals(x.child("target").attr("bus")) || a == null || !"drive".equals(a.attr("type"))
                    || !"0".equals(a.attr("controller")) || !"0".equals(a.attr("target"))) {
                throw QemuCommandBuilder.unsupported("empty cdrom");
            }
            XmlElem drv = x.child("driver");
            if (drv != null && !Set.of("name", "type", "cache").containsAll(drv.attrs().stream()
                    .map(XmlElem.Attr::name).toList())) {
                throw QemuCommandBuilder.unsupported("empty cdrom driver options");
            }
            for (XmlElem c : x.children()) {
                switch (c.name()) {
                    case "target", "readonly", "boot", "address", "driver" -> { }
                    default -> throw QemuCommandBuilder.unsupported("disk child " + c.name());
                }
            }
            Boolean[] cache = cacheFlags(drv);
            add("-device", Json.obj().put("driver", "ide-cd").put("bus", "ide." + a.attr("bus"))
                    .put("unit", Integer.parseInt(a.attr("unit"))).put("id", "ide0-" + a.attr("bus") + "-"
                    + a.attr("unit")).put("bootindex", bootIndex.get(d))
                    .put("write-cache", cache == null ? null : cache[0] ? "on" : "off").toString());
        }
    }

    /** The SCSI disk's id: scsiC-B-U on LSI, scsiC-B-T-U on virtio-scsi. */
    private String scsiTag(XmlElem x) {
        return scsiDisk(x, "disk", true).toString();
    }

    private Json scsiDisk(XmlElem x, String device) {
        return (Json) scsiDisk(x, device, false);
    }

    /**
     * scsi-hd/scsi-cd on an LSI (scsi-id only) or virtio-scsi (channel/scsi-id/lun) controller; the device_id is
     * the disk's serial when it has one. With {@code tagOnly} the id string is returned instead.
     */
    private Object scsiDisk(XmlElem x, String device, boolean tagOnly) {
        XmlElem a = x.child("address");
        if (a == null || !"drive".equals(a.attr("type"))) {
            throw QemuCommandBuilder.unsupported("scsi address");
        }
        String c = orDefault(a.attr("controller"), "0");
        String b = orDefault(a.attr("bus"), "0");
        String t = orDefault(a.attr("target"), "0");
        String u = orDefault(a.attr("unit"), "0");
        XmlElem ctrl = def.devices(DeviceKind.CONTROLLER).stream().map(DomainDevice::xml)
                .filter(cx -> "scsi".equals(cx.attr("type")) && c.equals(cx.attr("index"))).findFirst()
                .orElseThrow(() -> QemuCommandBuilder.unsupported("scsi disk without its controller"));
        String model = orDefault(ctrl.attr("model"), "lsilogic");
        Json j = Json.obj().put("driver", device.equals("cdrom") ? "scsi-cd" : "scsi-hd")
                .put("bus", "scsi" + c + ".0");
        if (model.equals("lsilogic")) {
            if (!t.equals("0") || !b.equals("0")) {
                throw QemuCommandBuilder.unsupported("lsi disk address");
            }
            String tag = "scsi" + c + "-" + b + "-" + u;
            return tagOnly ? tag : j.put("scsi-id", Integer.parseInt(u)).put("device_id", deviceId(x, tag));
        }
        String tag = "scsi" + c + "-" + b + "-" + t + "-" + u;
        return tagOnly ? tag : j.put("channel", Integer.parseInt(b)).put("scsi-id", Integer.parseInt(t))
                .put("lun", Integer.parseInt(u)).put("device_id", deviceId(x, tag));
    }

    private static String deviceId(XmlElem x, String tag) {
        String serial = x.childText("serial");
        if (serial != null && serial.contains(" ")) {
            throw QemuCommandBuilder.unsupported("scsi serial with blanks"); // escaping as device_id unknown
        }
        return serial != null ? serial : "drive-" + tag;
    }

    /** True when the disk has none of the front-end options handled only for the other buses. */
    private static boolean frontEndPlain(XmlElem x) {
        XmlElem drv = x.child("driver");
        return x.child("shareable") == null && x.child("serial") == null && x.child("geometry") == null
                && x.child("wwn") == null && x.child("acpi") == null
                && (drv == null || drv.attr("error_policy") == null && drv.attr("rerror_policy") == null
                && drv.attr("ioeventfd") == null && drv.attr("queues") == null && drv.attr("queue_size") == null
                && !VirtioOptions.any(drv));
    }

    /** qemuBlockStorageSourceGetNBDProps for one inet or unix server. */
    private static Json nbdSource(XmlElem src) {
        List<XmlElem> hosts = src.children("host");
        for (XmlElem.Attr a : src.attrs()) {
            if (!a.name().equals("protocol") && !a.name().equals("name")) {
                throw QemuCommandBuilder.unsupported("disk source " + a.name());
            }
        }
        if (!"nbd".equals(src.attr("protocol")) || hosts.size() != 1 || src.children().size() != 1) {
            throw QemuCommandBuilder.unsupported("network disk");
        }
        XmlElem h = hosts.get(0);
        String transport = orDefault(h.attr("transport"), "tcp");
        Json server;
        if (transport.equals("tcp") && h.attr("name") != null && h.attr("port") != null
                && h.attrs().size() == (h.attr("transport") == null ? 2 : 3)) {
            server = Json.obj().put("type", "inet").put("host", h.attr("name")).put("port", h.attr("port"));
        } else if (transport.equals("unix") && h.attr("socket") != null && h.attrs().size() == 2) {
            server = Json.obj().put("type", "unix").put("path", h.attr("socket"));
        } else {
            throw QemuCommandBuilder.unsupported("nbd host");
        }
        return Json.obj().put("driver", "nbd").put("server", new AudioProps.Raw(server.toString()))
                .put("export", src.attr("name"));
    }

    private static String floppyUnit(XmlElem x) {
        XmlElem a = x.child("address");
        if (a == null || !"drive".equals(a.attr("type")) || !"0".equals(a.attr("controller"))
                || !"0".equals(a.attr("bus")) || !"0".equals(a.attr("target"))
                || !("0".equals(a.attr("unit")) || "1".equals(a.attr("unit")))) {
            throw QemuCommandBuilder.unsupported("floppy address");
        }
        return a.attr("unit");
    }

    /** qemuDomainDiskCachemodeFlags: {writeback, direct, no-flush}, or null when no cache mode is set. */
    private static Boolean[] cacheFlags(XmlElem drv) {
        String mode = drv == null ? null : drv.attr("cache");
        if (mode == null || mode.equals("default")) {
            return null;
        }
        return switch (mode) {
            case "none" -> new Boolean[] {true, true, false};
            case "writethrough" -> new Boolean[] {false, false, false};
            case "writeback" -> new Boolean[] {true, false, false};
            case "directsync" -> new Boolean[] {false, true, false};
            case "unsafe" -> new Boolean[] {true, false, true};
            default -> throw QemuCommandBuilder.unsupported("disk cache " + mode);
        };
    }

    /** virDiskNameToIndex for a two-letter prefix: "vda" is 0, "vdz" 25, "vdaa" 26. */
    private static int diskIndex(String dev, String prefix) {
        if (dev == null || !dev.startsWith(prefix) || dev.length() < 3) {
            throw QemuCommandBuilder.unsupported("disk target " + dev);
        }
        int idx = 0;
        for (char c : dev.substring(prefix.length()).toCharArray()) {
            if (c < 'a' || c > 'z') {
                throw QemuCommandBuilder.unsupported("disk target " + dev);
            }
            idx = idx * 26 + (c - 'a' + 1);
        }
        return idx - 1;
    }
}
