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
    private final QemuBuildContext ctx;

    QemuDisks(DomainDef def, List<String> args, Map<DomainDevice, Integer> bootIndex, boolean q35,
              BiFunction<Json, DomainDevice, Json> pci, QemuBuildContext ctx) {
        this.ctx = ctx;
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

    /**
     * One image of a disk's chain, top first: the disk itself ({@code formatElem} is its {@code <driver>}) or a
     * {@code <backingStore>} ({@code formatElem} is its {@code <format>}); {@code backing} is the next
     * {@code <backingStore>} element, empty when the chain is known to end there, null when it is not known.
     */
    private record Layer(String type, String format, XmlElem source, XmlElem formatElem, XmlElem backing) {}

    void build() {
        List<DomainDevice> disks = def.devices(DeviceKind.DISK);
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
        // libvirt names the nodes libvirt-N-storage/-format walking the disks from the last one, each chain from
        // its top image down; a disk without media still uses up one number
        List<List<Layer>> chains = new ArrayList<>();
        for (DomainDevice d : disks) {
            chains.add(chain(d.xml()));
        }
        int[] topNode = new int[disks.size()];
        int counter = 0;
        for (int i = disks.size() - 1; i >= 0; i--) {
            topNode[i] = counter + 1;
            counter += Math.max(1, chains.get(i).size());
        }
        for (int i = 0; i < disks.size(); i++) {
            disk(disks.get(i), chains.get(i), topNode[i]);
        }
    }

    private static final Set<String> DISK_CHILDREN = Set.of("source", "target", "readonly", "boot", "address",
            "driver", "shareable", "serial", "geometry", "wwn", "acpi", "backingStore", "vendor", "product",
            "blockio", "iotune", "auth", "encryption");

    private void disk(DomainDevice d, List<Layer> chain, int topNode) {
        XmlElem x = d.xml();
        String device = orDefault(x.attr("device"), "disk");
        XmlElem tgt = x.child("target");
        String bus = tgt.attr("bus");
        String dev = tgt.attr("dev");
        for (XmlElem c : x.children()) {
            if (!DISK_CHILDREN.contains(c.name())) {
                throw QemuCommandBuilder.unsupported("disk child " + c.name());
            }
        }
        if (x.child("iotune") != null && ctx.live()) {
            // libvirt applies <iotune> over QMP once QEMU runs (block_set_io_throttle), which a start here lacks
            throw QemuCommandBuilder.unsupported("disk iotune at start");
        }
        if (x.attr("sgio") != null && ctx.live()) {
            throw QemuCommandBuilder.unsupported("disk sgio at start"); // a host sysfs setting libvirt makes
        }
        for (XmlElem.Attr a : tgt.attrs()) {
            boolean ok = switch (a.name()) {
                case "dev", "bus" -> true;
                case "tray" -> device.equals("cdrom") || device.equals("floppy");
                case "removable" -> "usb".equals(bus);
                case "rotation_rate" -> true;
                default -> false;
            };
            if (!ok) {
                throw QemuCommandBuilder.unsupported("disk target " + a.name());
            }
        }
        if (!Set.of("disk", "cdrom", "floppy", "lun").contains(device)) {
            throw QemuCommandBuilder.unsupported("disk");
        }
        for (XmlElem.Attr a : x.attrs()) {
            if (!Set.of("type", "device", "model", "sgio", "snapshot", "rawio").contains(a.name())) {
                throw QemuCommandBuilder.unsupported("disk attribute " + a.name());
            }
        }
        String model = x.attr("model");
        if (model != null && !("virtio".equals(bus) && Set.of("virtio", "virtio-transitional",
                "virtio-non-transitional").contains(model))) {
            throw QemuCommandBuilder.unsupported("disk model " + model);
        }
        boolean lun = device.equals("lun");
        boolean iscsi = "network".equals(x.attr("type")) && x.child("source") != null
                && "iscsi".equals(x.child("source").attr("protocol"));
        if (lun && !(Set.of("scsi", "virtio").contains(bus) && ("block".equals(x.attr("type")) || iscsi))) {
            throw QemuCommandBuilder.unsupported("disk lun on " + bus);
        }
        XmlElem drv = x.child("driver");
        if (drv != null) {
            for (XmlElem.Attr a : drv.attrs()) {
                if (!(a.name().equals("name") && a.value().equals("qemu") || Set.of("type", "cache", "io",
                        "error_policy", "rerror_policy", "queues", "queue_size", "ioeventfd", "event_idx", "discard",
                        "detect_zeroes", "iommu", "ats", "packed", "iothread").contains(a.name()))) {
                    throw QemuCommandBuilder.unsupported("disk driver " + a.name());
                }
            }
        }
        boolean ro = x.child("readonly") != null;
        Boolean[] cache = cacheFlags(drv);
        if (cache == null && x.child("shareable") != null && !ro) {
            // a disk written by several guests must bypass the host cache (qemuDomainDiskDefPostParse)
            cache = new Boolean[] {true, true, false};
        }
        String format = chain.isEmpty() ? null : "libvirt-" + topNode + "-format";
        for (int k = chain.size() - 1; k >= 0; k--) {
            blockdevs(chain.get(k), topNode + k, k, k + 1 < chain.size(), device, drv, cache, ro,
                    k == 0 ? x.child("auth") : null, k == 0 ? x.child("encryption") : null);
        }
        Json j;
        String id;
        String deviceId = null;
        Boolean removable = null;
        if ("sata".equals(bus) && !device.equals("floppy") && !lun) {
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
            if (!lun) {
                // QEMU used the -drive name as the VPD device id; libvirt keeps that guest-visible value
                String serial = x.childText("serial");
                deviceId = serial != null ? serial : "drive-" + id;
            }
        } else if ("ide".equals(bus) && !device.equals("floppy") && !lun && !q35) {
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
            j = Json.obj().put("driver", "floppy").put("unit", Integer.parseInt(u));
            id = "fdc0-0-" + u;
        } else if ("virtio".equals(bus) && (device.equals("disk") || lun)) {
            // qemuBuildVirtioDevGetConfig: the disk's model picks the (non-)transitional variant
            j = Json.obj().put("driver", "virtio-blk-pci" + (model == null || model.equals("virtio") ? ""
                    : model.substring("virtio".length())));
            if (VirtioOptions.any(drv)) {
                j.put("iommu_platform", drv.attr("iommu") == null ? null : drv.attr("iommu").equals("on"))
                        .put("ats", drv.attr("ats") == null ? null : drv.attr("ats").equals("on"))
                        .put("packed", drv.attr("packed") == null ? null : drv.attr("packed").equals("on"));
            }
            j.put("iothread", QemuIOThreads.alias(def, drv));
            if (drv != null && drv.attr("ioeventfd") != null) {
                j.put("ioeventfd", drv.attr("ioeventfd").equals("on"));
            }
            if (drv != null && drv.attr("event_idx") != null) {
                j.put("event_idx", drv.attr("event_idx").equals("on"));
            }
            if (lun) {
                j.put("scsi", true); // SG_IO passthrough; QEMU leaves it off for plain disks
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
        } else if ("usb".equals(bus) && (device.equals("disk") || device.equals("cdrom"))) {
            j = Json.obj().put("driver", "usb-storage").put("bus", "usb.0")
                    .put("port", QemuUsbAddresses.assign(def).get(d));
            id = "usb-disk" + diskIndex(dev, "sd");
            removable = "on".equals(tgt.attr("removable"));
        } else {
            throw QemuCommandBuilder.unsupported("disk bus " + bus);
        }
        if (drv != null && !"virtio".equals(bus) && drv.attr("iothread") != null) {
            // libvirt: "IOThreads only available for virtio pci and virtio ccw disk"
            throw QemuCommandBuilder.unsupported("iothread on a " + bus + " disk");
        }
        if (drv != null && !"virtio".equals(bus) && (drv.attr("ioeventfd") != null || drv.attr("queues") != null
                || drv.attr("queue_size") != null || drv.attr("event_idx") != null || VirtioOptions.any(drv))) {
            throw QemuCommandBuilder.unsupported("virtio disk options on bus " + bus);
        }
        if (x.child("acpi") != null && !"virtio".equals(bus)) {
            throw QemuCommandBuilder.unsupported("disk acpi index on bus " + bus);
        }
        // the rest in qemuBuildDiskDeviceProps's order
        j.put("device_id", deviceId);
        if (x.child("shareable") != null) {
            j.put("share-rw", true);
        }
        j.put("drive", format).put("id", id);
        if (!device.equals("floppy")) {
            j.put("bootindex", bootIndex.get(d)); // floppies boot through the controller
        }
        XmlElem blockio = x.child("blockio");
        if (blockio != null) {
            for (XmlElem.Attr a : blockio.attrs()) {
                if (!Set.of("logical_block_size", "physical_block_size").contains(a.name())) {
                    throw QemuCommandBuilder.unsupported("disk blockio " + a.name());
                }
            }
            j.put("logical_block_size", intAttr(blockio, "logical_block_size"))
                    .put("physical_block_size", intAttr(blockio, "physical_block_size"));
        }
        String wwn = x.childText("wwn");
        if (wwn != null) {
            j.put("wwn", new AudioProps.Raw(new java.math.BigInteger(wwn.strip().replaceFirst("^0[xX]", ""), 16)
                    .toString()));
        }
        j.put("rotation_rate", intAttr(tgt, "rotation_rate"));
        j.put("vendor", x.childText("vendor")).put("product", x.childText("product"));
        j.put("removable", removable);
        if (cache != null && !lun) {
            // scsi-block passes commands through: a cache mode means nothing to it
            j.put("write-cache", cache[0] ? "on" : "off");
        }
        XmlElem geo = x.child("geometry");
        if (geo != null) {
            if (geo.attr("cyls") == null || geo.attr("heads") == null || geo.attr("secs") == null) {
                throw QemuCommandBuilder.unsupported("disk geometry");
            }
            j.put("cyls", Integer.parseInt(geo.attr("cyls"))).put("heads", Integer.parseInt(geo.attr("heads")))
                    .put("secs", Integer.parseInt(geo.attr("secs"))).put("bios-chs-trans", geo.attr("trans"));
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

    private static Integer intAttr(XmlElem x, String name) {
        return x.attr(name) == null ? null : Integer.parseInt(x.attr(name));
    }

    /**
     * The disk's chain as its XML gives it: the source, then each non-empty {@code <backingStore>}. Empty for a
     * removable drive without media.
     */
    private List<Layer> chain(XmlElem x) {
        String type = x.attr("type");
        String device = orDefault(x.attr("device"), "disk");
        XmlElem src = x.child("source");
        XmlElem drv = x.child("driver");
        List<Layer> out = new ArrayList<>();
        boolean network = "network".equals(type) || "nvme".equals(type); // sources that are no host path
        if (!network && (src == null || path(type, src) == null)) {
            if (!device.equals("cdrom") && !device.equals("floppy") || src != null && !src.attrs().isEmpty()
                    || src != null && !src.children().isEmpty() || x.child("backingStore") != null) {
                throw QemuCommandBuilder.unsupported("disk");
            }
            return out;
        }
        if (src == null) {
            throw QemuCommandBuilder.unsupported("network disk without source");
        }
        if (drv != null) {
            for (XmlElem c : drv.children()) {
                if (!c.name().equals("metadata_cache")) {
                    throw QemuCommandBuilder.unsupported("disk driver child " + c.name());
                }
            }
        }
        out.add(new Layer(type, drv == null ? "raw" : orDefault(drv.attr("type"), "raw"), src, drv,
                x.child("backingStore")));
        for (XmlElem bs = x.child("backingStore"); bs != null && !(bs.attrs().isEmpty() && bs.children().isEmpty());
             bs = bs.child("backingStore")) {
            for (XmlElem c : bs.children()) {
                if (!Set.of("format", "source", "backingStore").contains(c.name())) {
                    throw QemuCommandBuilder.unsupported("backingStore child " + c.name());
                }
            }
            XmlElem f = bs.child("format");
            if (f == null || f.attr("type") == null || bs.child("source") == null || bs.attr("type") == null) {
                throw QemuCommandBuilder.unsupported("backingStore");
            }
            for (XmlElem c : f.children()) {
                if (!c.name().equals("metadata_cache")) {
                    throw QemuCommandBuilder.unsupported("backingStore format child " + c.name());
                }
            }
            out.add(new Layer(bs.attr("type"), f.attr("type"), bs.child("source"), f, bs.child("backingStore")));
        }
        return out;
    }

    private static String path(String type, XmlElem src) {
        return switch (orDefault(type, "")) {
            case "file" -> src.attr("file");
            case "block" -> src.attr("dev");
            default -> throw QemuCommandBuilder.unsupported("disk type " + type);
        };
    }

    /** Formats whose images can name a backing file: only they take a "backing" link. */
    private static final Set<String> BACKING_FORMATS = Set.of("qcow2", "qed", "vmdk");

    /**
     * The storage node (plus a raw slice node when a non-raw image sits at an offset) and the format node of one
     * layer. Cache mode, I/O mode and discard apply to the whole chain, detect-zeroes to its top only
     * (qemuDomainPrepareDiskSourceData); backing images are read-only.
     */
    private void blockdevs(Layer layer, int node, int depth, boolean hasBelow, String device, XmlElem drv,
                           Boolean[] cache, boolean ro, XmlElem diskAuth, XmlElem diskEncryption) {
        String fmt = layer.format();
        if (!Set.of("raw", "qcow2", "qed", "vmdk").contains(fmt) || hasBelow && !BACKING_FORMATS.contains(fmt)) {
            throw QemuCommandBuilder.unsupported("format " + fmt);
        }
        XmlElem src = layer.source();
        XmlElem encryption = src.child("encryption") != null ? src.child("encryption") : diskEncryption;
        String keySecret = null;
        if (encryption != null) {
            if (src.child("encryption") != null && diskEncryption != null || src.child("auth") != null
                    || diskAuth != null) {
                throw QemuCommandBuilder.unsupported("disk encryption with auth"); // object order not pinned down
            }
            keySecret = encryptionSecret(encryption, "libvirt-" + node + "-format");
        }
        // a raw image encrypted with LUKS is opened by QEMU's luks driver; qcow2 carries LUKS inside
        String driver = keySecret != null && fmt.equals("raw") ? "luks" : fmt;
        boolean network = "network".equals(layer.type());
        String storage = "libvirt-" + node + "-storage";
        for (XmlElem c : "nvme".equals(layer.type()) ? src.children() : List.<XmlElem>of()) {
            if (!Set.of("address", "slices", "encryption").contains(c.name())) {
                throw QemuCommandBuilder.unsupported("nvme source " + c.name());
            }
        }
        if ("nvme".equals(layer.type())) {
            src = src.withoutChildren("address"); // the controller's address, read by nvme()
        }
        Json storageProps;
        XmlElem slice = null;
        for (XmlElem c : src.children()) {
            switch (c.name()) {
                case "encryption" -> { }
                case "host", "identity", "snapshot", "config", "auth", "initiator" -> {
                    if (!network) {
                        throw QemuCommandBuilder.unsupported("disk source " + c.name());
                    }
                }
                case "slices" -> {
                    if (c.children().size() != 1 || !"storage".equals(c.children().get(0).attr("type"))) {
                        throw QemuCommandBuilder.unsupported("disk slices");
                    }
                    slice = c.children().get(0);
                }
                case "seclabel" -> {
                    if (ctx.live()) {
                        throw QemuCommandBuilder.unsupported("disk source seclabel at start");
                    }
                }
                default -> throw QemuCommandBuilder.unsupported("disk source child " + c.name());
            }
        }
        if ("nvme".equals(layer.type())) {
            storageProps = nvme(layer.source());
        } else if (network) {
            storageProps = QemuNetworkDisks.storage(src, diskAuth, storage, ctx.secrets(), args);
        } else {
            for (XmlElem.Attr a : src.attrs()) {
                if (!Set.of("file", "dev", "index").contains(a.name())) {
                    throw QemuCommandBuilder.unsupported("disk source " + a.name());
                }
            }
            String path = path(layer.type(), src);
            if (path == null || src.attrs().size() != (src.attr("index") == null ? 1 : 2)) {
                throw QemuCommandBuilder.unsupported("disk source");
            }
            String backend = "file";
            if ("block".equals(layer.type())) {
                // libvirt probes the node (virFileIsCDROM); the test harness mocks only /dev/cdrom as a drive
                boolean cdrom = depth == 0 && "cdrom".equals(device);
                backend = cdrom && "/dev/cdrom".equals(path) ? "host_cdrom" : "host_device";
            }
            storageProps = Json.obj().put("driver", backend).put("filename", path);
        }
        String io = drv == null ? null : drv.attr("io");
        if (io != null) {
            if (network || !Set.of("native", "threads", "io_uring").contains(io)) {
                throw QemuCommandBuilder.unsupported("disk io " + io);
            }
            storageProps.put("aio", io);
        }
        Json cacheJson = cache == null ? null : Json.obj().put("direct", cache[1]).put("no-flush", cache[2]);
        add("-blockdev", storageProps.put("node-name", storage).put("cache", cacheJson)
                .put("auto-read-only", true).put("discard", "unmap").toString());
        String discard = drv == null ? null : drv.attr("discard");
        String zeroes = depth > 0 || drv == null ? null : drv.attr("detect_zeroes");
        if ((discard != null || zeroes != null) && cache != null) {
            throw QemuCommandBuilder.unsupported("discard with cache"); // property order not pinned down
        }
        if (zeroes != null && zeroes.equals("unmap") && !"unmap".equals(discard)) {
            zeroes = "on"; // unmapping zeroes needs discard=unmap
        }
        String file = storage;
        Long offset = null;
        Long size = null;
        if (slice != null) {
            if (slice.attr("offset") == null || slice.attr("size") == null || slice.attrs().size() != 3) {
                throw QemuCommandBuilder.unsupported("disk slice");
            }
            offset = Long.parseLong(slice.attr("offset"));
            size = Long.parseLong(slice.attr("size"));
            if (!driver.equals("raw")) {
                // an image format cannot take an offset: a raw node cuts the slice out beneath it
                file = "libvirt-" + node + "-slice-sto";
                add("-blockdev", Json.obj().put("driver", "raw").put("node-name", file).put("offset", offset)
                        .put("size", size).put("file", storage).put("auto-read-only", true).put("discard", "unmap")
                        .put("cache", cacheJson).toString());
                offset = null;
                size = null;
            }
        }
        Json f = Json.obj().put("node-name", "libvirt-" + node + "-format").put("read-only", depth > 0 || ro)
                .put("cache", cacheJson).put("discard", discard).put("detect-zeroes", zeroes).put("driver", driver)
                .put("offset", offset).put("size", size);
        if (keySecret != null) {
            if (driver.equals("luks")) {
                f.put("key-secret", keySecret);
            } else if (fmt.equals("qcow2")) {
                f.put("encrypt", Json.obj().put("format", "luks").put("key-secret", keySecret));
            } else {
                throw QemuCommandBuilder.unsupported("encryption of " + fmt);
            }
        }
        XmlElem mc = layer.formatElem() == null ? null : layer.formatElem().child("metadata_cache");
        if (mc != null && keySecret != null) {
            throw QemuCommandBuilder.unsupported("metadata_cache with encryption"); // order not pinned down
        }
        if (mc != null) {
            XmlElem max = mc.child("max_size");
            if (!fmt.equals("qcow2") || max == null || mc.children().size() != 1) {
                throw QemuCommandBuilder.unsupported("metadata_cache");
            }
            f.put("cache-size", scaled(max));
        }
        f.put("file", file);
        if (BACKING_FORMATS.contains(fmt) && layer.backing() != null) {
            // an empty <backingStore/> says the image has none; no element leaves it to the image header
            f.put("backing", hasBelow ? "libvirt-" + (node + 1) + "-format" : new AudioProps.Raw("null"));
        }
        add("-blockdev", f.toString());
    }

    /**
     * A namespace of a host NVMe controller driven by QEMU's userspace driver. The controller must first be bound to
     * vfio-pci, which libvirt does at start and a start here does not: declined there.
     */
    private Json nvme(XmlElem src) {
        XmlElem a = src.child("address");
        if (ctx.live()) {
            throw QemuCommandBuilder.unsupported("nvme disk at start");
        }
        if (!"pci".equals(src.attr("type")) || src.attr("namespace") == null || a == null
                || !Set.of("type", "managed", "namespace", "index").containsAll(src.attrs().stream()
                        .map(XmlElem.Attr::name).toList())
                || a.attr("domain") == null || a.attr("bus") == null || a.attr("slot") == null
                || a.attr("function") == null) {
            throw QemuCommandBuilder.unsupported("nvme source");
        }
        String dev = String.format("%04x:%02x:%02x.%x", Integer.decode(a.attr("domain")), Integer.decode(a.attr("bus")),
                Integer.decode(a.attr("slot")), Integer.decode(a.attr("function")));
        return Json.obj().put("driver", "nvme").put("device", dev)
                .put("namespace", Long.parseLong(src.attr("namespace")));
    }

    /**
     * qemuBuildSecretInfoProps for {@code <encryption format='luks'>}: the passphrase as an encrypted secret object
     * "NODE-encryption-secret0", added before the layer's nodes.
     */
    private String encryptionSecret(XmlElem enc, String formatNode) {
        XmlElem ref = enc.child("secret");
        if (!"luks".equals(enc.attr("format")) || !"qemu".equals(orDefault(enc.attr("engine"), "qemu"))
                || ref == null || enc.children().size() != 1 || !"passphrase".equals(ref.attr("type"))
                || !Set.of("format", "engine").containsAll(enc.attrs().stream().map(XmlElem.Attr::name).toList())) {
            throw QemuCommandBuilder.unsupported("disk encryption");
        }
        if (ctx.secrets() == null) {
            throw QemuCommandBuilder.unsupported("disk encryption secret"); // no master-key cipher for this build
        }
        QemuSecrets.Encrypted e = ctx.secrets().encrypt(ref);
        String id = formatNode + "-encryption-secret0";
        add("-object", Json.obj().put("qom-type", "secret").put("id", id).put("data", e.data())
                .put("keyid", "masterKey0").put("iv", e.iv()).put("format", "base64").toString());
        return id;
    }

    /** virScaleInteger with a byte default: b/bytes, k/KiB (1024) or KB (1000), and so on up to E. */
    private static long scaled(XmlElem e) {
        long v = Long.parseLong(e.text().strip());
        String unit = e.attr("unit");
        if (unit == null || unit.equalsIgnoreCase("b") || unit.equalsIgnoreCase("bytes")
                || unit.equalsIgnoreCase("byte")) {
            return v;
        }
        int pow = "kmgtpe".indexOf(Character.toLowerCase(unit.charAt(0))) + 1;
        String rest = unit.substring(1);
        long base = rest.isEmpty() || rest.equalsIgnoreCase("iB") ? 1024 : rest.equalsIgnoreCase("B") ? 1000 : -1;
        if (pow == 0 || base < 0) {
            throw QemuCommandBuilder.unsupported("unit " + unit);
        }
        for (int i = 0; i < pow; i++) {
            v = Math.multiplyExact(v, base);
        }
        return v;
    }

    /** The SCSI disk's id: scsiC-B-U on LSI, scsiC-B-T-U on virtio-scsi. */
    private String scsiTag(XmlElem x) {
        return scsiDisk(x, "disk", true).toString();
    }

    private Json scsiDisk(XmlElem x, String device) {
        return (Json) scsiDisk(x, device, false);
    }

    /**
     * scsi-hd/scsi-cd/scsi-block on an LSI (scsi-id only) or virtio-scsi (channel/scsi-id/lun) controller. With
     * {@code tagOnly} the id string is returned instead.
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
        String driver = switch (device) {
            case "lun" -> "scsi-block";
            case "cdrom" -> "scsi-cd";
            default -> "scsi-hd";
        };
        Json j = Json.obj().put("driver", driver).put("bus", "scsi" + c + ".0");
        if (model.equals("lsilogic")) {
            if (!t.equals("0") || !b.equals("0")) {
                throw QemuCommandBuilder.unsupported("lsi disk address");
            }
            String tag = "scsi" + c + "-" + b + "-" + u;
            return tagOnly ? tag : j.put("scsi-id", Integer.parseInt(u));
        }
        String tag = "scsi" + c + "-" + b + "-" + t + "-" + u;
        return tagOnly ? tag : j.put("channel", Integer.parseInt(b)).put("scsi-id", Integer.parseInt(t))
                .put("lun", Integer.parseInt(u));
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
