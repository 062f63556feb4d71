package org.jvirt.qemu.driver;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.domain.DeviceKind;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDefFormatter;
import org.jvirt.model.domain.DomainDevice;
import org.jvirt.model.domain.XmlElem;
import org.jvirt.qemu.monitor.Json;
import org.jvirt.spi.DomainDevices;
import org.jvirt.spi.Refs.DomainRef;

/**
 * Device hot-plug and persistent device edits (qemuDomainAttachDeviceFlags, qemuDomainDetachDeviceFlags,
 * qemuDomainUpdateDeviceFlags, qemuDomainDetachDeviceAlias). Live: file-backed raw/qcow2 virtio disks, user-mode
 * interfaces, cdrom media change; config: disks and interfaces.
 */
final class QemuDevices implements DomainDevices {
    private static final System.Logger LOG = System.getLogger("org.jvirt.qemu.driver");

    static final int AFFECT_LIVE = 1;
    static final int AFFECT_CONFIG = 2;
    static final int UPDATE_FORCE = 4;
    /** libvirt's qemuDomainRemoveDeviceWaitTime: after it the unplug finishes asynchronously on DEVICE_DELETED. */
    static final Duration REMOVAL_WAIT = Duration.ofSeconds(5);

    private final QemuDriver driver;

    QemuDevices(QemuDriver driver) {
        this.driver = driver;
    }

    /** Which definitions a call changes (virDomainObjUpdateModificationImpact). */
    record Impact(boolean live, boolean config) {}

    static Impact impact(int flags, boolean active, boolean persistent) {
        boolean live = (flags & AFFECT_LIVE) != 0;
        boolean config = (flags & AFFECT_CONFIG) != 0;
        if (!live && !config) {
            live = active;
            config = !active;
        }
        if (live && !active) {
            throw VirException.of(ErrorNumber.OPERATION_INVALID, ErrorDomain.DOMAIN, "domain is not running");
        }
        if (config && !persistent) {
            throw VirException.of(ErrorNumber.OPERATION_INVALID, ErrorDomain.DOMAIN,
                    "cannot change persistent config of a transient domain");
        }
        return new Impact(live, config);
    }

    // ---- the facet ----

    @Override
    public void attachDevice(DomainRef dom, String xml, int flags) {
        QemuErrors.checkFlags(flags, AFFECT_LIVE | AFFECT_CONFIG, "qemuDomainAttachDeviceFlags");
        QemuDomainObj obj = driver.find(dom);
        obj.beginJob();
        try {
            Impact imp = impactOf(obj, flags);
            DomainDevice dev = parseDevice(xml);
            if (imp.config) {
                DomainDef persistent = persistentDef(obj);
                checkAttachConfig(persistent, dev);
                savePersistent(obj, normalize(persistent.addDevice(dev)));
            }
            if (imp.live) {
                attachLive(obj, dev);
            }
        } finally {
            obj.endJob();
        }
    }

    @Override
    public void detachDevice(DomainRef dom, String xml, int flags) {
        QemuErrors.checkFlags(flags, AFFECT_LIVE | AFFECT_CONFIG, "qemuDomainDetachDeviceFlags");
        QemuDomainObj obj = driver.find(dom);
        obj.beginJob();
        try {
            Impact imp = impactOf(obj, flags);
            DomainDevice dev = parseDevice(xml);
            DomainDevice liveMatch = null;
            if (imp.live) {
                DomainDef live;
                synchronized (obj) {
                    live = obj.live;
                }
                liveMatch = findLive(live, dev);
            }
            if (imp.config) {
                DomainDef persistent = persistentDef(obj);
                DomainDevice match = findConfig(persistent, dev);
                savePersistent(obj, persistent.removeDevice(match));
            }
            if (liveMatch != null) {
                detachLive(obj, liveMatch);
            }
        } finally {
            obj.endJob();
        }
    }

    @Override
    public void detachDeviceAlias(DomainRef dom, String alias, int flags) {
        QemuErrors.checkFlags(flags, AFFECT_LIVE | AFFECT_CONFIG, "qemuDomainDetachDeviceAlias");
        QemuDomainObj obj = driver.find(dom);
        obj.beginJob();
        try {
            Impact imp = impactOf(obj, flags);
            DomainDevice liveMatch = null;
            if (imp.live) {
                DomainDef live;
                synchronized (obj) {
                    live = obj.live;
                }
                liveMatch = live.findByAlias(alias).orElseThrow(() -> noAlias(alias));
            }
            if (imp.config) {
                DomainDef persistent = persistentDef(obj);
                DomainDevice match = persistent.findByAlias(alias).orElseThrow(() -> noAlias(alias));
                savePersistent(obj, persistent.removeDevice(match));
            }
            if (liveMatch != null) {
                detachLive(obj, liveMatch);
            }
        } finally {
            obj.endJob();
        }
    }

    @Override
    public void updateDevice(DomainRef dom, String xml, int flags) {
        QemuErrors.checkFlags(flags, AFFECT_LIVE | AFFECT_CONFIG | UPDATE_FORCE, "qemuDomainUpdateDeviceFlags");
        QemuDomainObj obj = driver.find(dom);
        obj.beginJob();
        try {
            Impact imp = impactOf(obj, flags);
            DomainDevice dev = parseDevice(xml);
            if (dev.kind() != DeviceKind.DISK || !isRemovable(dev)) {
                if (imp.config) {
                    throw QemuErrors.unsupported("persistent update of device '" + dev.kind().element()
                            + "' is not supported");
                }
                throw QemuErrors.unsupported("live update of device '" + dev.kind().element()
                        + "' is not supported");
            }
            if (imp.config) {
                DomainDef persistent = persistentDef(obj);
                DomainDevice old = persistent.findByTarget(dev.targetDev()).orElseThrow(() -> VirException.of(
                        ErrorNumber.INVALID_ARG, ErrorDomain.QEMU, "target " + dev.targetDev() + " doesn't exist."));
                savePersistent(obj, persistent.replaceDevice(old, dev.withXml(withSource(old.xml(),
                        dev.xml().child("source")))));
            }
            if (imp.live) {
                changeMedia(obj, dev, (flags & UPDATE_FORCE) != 0);
            }
        } finally {
            obj.endJob();
        }
    }

    // ---- parsing and the persistent side ----

    private static Impact impactOf(QemuDomainObj obj, int flags) {
        synchronized (obj) {
            return impact(flags, obj.isActive(), obj.persistent);
        }
    }

    /**
     * One device element parsed with the domain parser and the driver's post-parse: there is no device-level entry
     * point, so the element is wrapped in a minimal domain and taken back out.
     */
    DomainDevice parseDevice(String xml) {
        String trimmed = xml.strip();
        if (trimmed.startsWith("<?xml")) {
            trimmed = trimmed.substring(trimmed.indexOf("?>") + 2).strip();
        }
        int end = 1;
        while (end < trimmed.length() && !Character.isWhitespace(trimmed.charAt(end))
                && trimmed.charAt(end) != '>' && trimmed.charAt(end) != '/') {
            end++;
        }
        DeviceKind kind = DeviceKind.ofElement(trimmed.substring(1, end));
        if (!trimmed.startsWith("<") || kind == null) {
            throw VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.DOMAIN, "unknown device type '"
                    + trimmed.substring(1, end) + "'");
        }
        String wrapped = "<domain type='qemu'><name>jvirt-device-parse</name><memory>65536</memory>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os><devices>" + trimmed
                + "</devices></domain>";
        DomainDef def = driver.parse(wrapped, true);
        List<DomainDevice> found = def.devices(kind);
        if (found.isEmpty()) {
            throw VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.DOMAIN, "unknown device type '"
                    + kind.element() + "'");
        }
        if (kind == DeviceKind.CONTROLLER) {
            // post-parse adds implicit controllers (usb, pci-root) and sorts them by type: ours is the one of the
            // given type (and index, when given)
            String head = trimmed.substring(0, Math.max(trimmed.indexOf('>'), 0));
            String type = attrOf(head, "type");
            String index = attrOf(head, "index");
            return found.stream().filter(c -> java.util.Objects.equals(type, c.xml().attr("type"))
                    && (index == null || index.equals(c.xml().attr("index")))).findFirst().orElse(found.get(0));
        }
        // the post-parse may add implicit devices of the same kind (an IDE controller...): ours comes first
        return found.get(0);
    }

    private static DomainDef persistentDef(QemuDomainObj obj) {
        synchronized (obj) {
            return obj.isActive() && obj.newDef != null ? obj.newDef : obj.def;
        }
    }

    private void savePersistent(QemuDomainObj obj, DomainDef def) {
        driver.saveConfig(def);
        synchronized (obj) {
            if (obj.isActive()) {
                obj.newDef = def;
            } else {
                obj.def = def;
            }
        }
    }

    /** The whole definition through the driver's post-parse again, so an added device gets its address. */
    private DomainDef normalize(DomainDef def) {
        return driver.parse(driver.format(def, DomainDefFormatter.INACTIVE | DomainDefFormatter.SECURE, -1), true);
    }

    private static void checkAttachConfig(DomainDef def, DomainDevice dev) {
        switch (dev.kind()) {
            case DISK -> {
                if (def.findByTarget(dev.targetDev()).isPresent()) {
                    throw VirException.of(ErrorNumber.OPERATION_INVALID, ErrorDomain.QEMU, "target "
                            + dev.targetDev() + " already exists");
                }
            }
            case INTERFACE, CONTROLLER, HOSTDEV, CHANNEL, SERIAL, CONSOLE, INPUT, RNG, WATCHDOG, SOUND, VIDEO,
                 FILESYSTEM, REDIRDEV, SHMEM, MEMORY, VSOCK, TPM -> { }
            default -> throw QemuErrors.unsupported("persistent attach of device '" + dev.kind().element()
                    + "' is not supported");
        }
    }

    private static DomainDevice findConfig(DomainDef def, DomainDevice dev) {
        return switch (dev.kind()) {
            case DISK -> def.findByTarget(dev.targetDev()).orElseThrow(() -> VirException.of(
                    ErrorNumber.DEVICE_MISSING, ErrorDomain.QEMU, "no target device " + dev.targetDev()));
            case INTERFACE -> findNet(def, dev);
            default -> throw QemuErrors.unsupported("persistent detach of device '" + dev.kind().element()
                    + "' is not supported");
        };
    }

    private static DomainDevice findLive(DomainDef live, DomainDevice dev) {
        return switch (dev.kind()) {
            case DISK -> live.findByTarget(dev.targetDev()).orElseThrow(() -> VirException.of(
                    ErrorNumber.DEVICE_MISSING, ErrorDomain.QEMU, "disk " + dev.targetDev() + " not found"));
            case INTERFACE -> findNet(live, dev);
            case CONTROLLER -> findController(live, dev.xml().attr("type"), dev.xml().attr("index"))
                    .orElseThrow(() -> VirException.of(ErrorNumber.DEVICE_MISSING, ErrorDomain.QEMU,
                            "controller " + dev.xml().attr("type") + ":" + dev.xml().attr("index") + " not found"));
            default -> throw QemuErrors.unsupported("live detach of device '" + dev.kind().element()
                    + "' is not supported");
        };
    }

    /** An attribute of a start tag's text ({@code <controller type='scsi' index='1'}), or null. */
    private static String attrOf(String startTag, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s" + name + "\\s*=\\s*(['\"])([^'\"]*)\\1")
                .matcher(startTag);
        return m.find() ? m.group(2) : null;
    }

    private static java.util.Optional<DomainDevice> findController(DomainDef def, String type, String index) {
        return def.devices(DeviceKind.CONTROLLER).stream().filter(c -> java.util.Objects.equals(type,
                c.xml().attr("type")) && java.util.Objects.equals(index == null ? "0" : index, c.xml().attr("index")))
                .findFirst();
    }

    /**
     * qemuDomainAttachControllerDevice: only SCSI controllers hot-plug (libvirt's rule); the index is the first unused
     * one when not given, the model libvirt's default for QEMU (lsilogic), the alias scsiN; QEMU places it on the
     * PCI bus.
     */
    private DomainDevice attachController(QemuDomainObj obj, DomainDef live, DomainDevice dev) {
        XmlElem x = dev.xml();
        String type = x.attr("type");
        if (!"scsi".equals(type)) {
            throw VirException.of(ErrorNumber.OPERATION_UNSUPPORTED, ErrorDomain.QEMU, "'" + type
                    + "' controller cannot be hot plugged.");
        }
        String model = x.attr("model") == null ? "lsilogic" : x.attr("model");
        String driverName = switch (model) {
            case "lsilogic" -> "lsi";
            case "virtio-scsi" -> "virtio-scsi-pci";
            case "virtio-transitional" -> "virtio-scsi-pci-transitional";
            case "virtio-non-transitional" -> "virtio-scsi-pci-non-transitional";
            default -> throw QemuErrors.unsupported("live attach of scsi controller model '" + model + "'");
        };
        int index = 0;
        if (x.attr("index") != null) {
            index = Integer.parseInt(x.attr("index"));
        } else {
            while (findController(live, "scsi", Integer.toString(index)).isPresent()) {
                index++;
            }
        }
        if (findController(live, "scsi", Integer.toString(index)).isPresent()) {
            throw VirException.of(ErrorNumber.OPERATION_FAILED, ErrorDomain.QEMU, "target scsi:" + index
                    + " already exists");
        }
        String alias = "scsi" + index;
        QemuLifecycle.qmp(obj, "device_add", Json.object("driver", driverName, "id", alias));
        XmlElem placed = x.withAttr("index", Integer.toString(index)).withAttr("model", model);
        return dev.withXml(QemuAliases.withAlias(placed, alias));
    }

    /** virDomainNetFindIdx by MAC (the only key the parsed XML is sure to carry). */
    static DomainDevice findNet(DomainDef def, DomainDevice dev) {
        String mac = dev.mac();
        List<DomainDevice> m = def.devices(DeviceKind.INTERFACE).stream()
                .filter(d -> mac != null && mac.equalsIgnoreCase(d.mac())).toList();
        if (m.size() > 1) {
            throw VirException.of(ErrorNumber.OPERATION_FAILED, ErrorDomain.DOMAIN,
                    "multiple devices matching MAC address " + mac + " found");
        }
        if (m.isEmpty()) {
            throw VirException.of(ErrorNumber.DEVICE_MISSING, ErrorDomain.DOMAIN, "no device found at address '"
                    + "' matching MAC address '" + (mac == null ? "" : mac) + "' and alias '"
                    + (dev.alias() == null ? "" : dev.alias()) + "'");
        }
        return m.get(0);
    }

    private static VirException noAlias(String alias) {
        return VirException.of(ErrorNumber.DEVICE_MISSING, ErrorDomain.DOMAIN, "no device found with alias "
                + alias);
    }

    // ---- live attach ----

    private void attachLive(QemuDomainObj obj, DomainDevice dev) {
        DomainDef live;
        synchronized (obj) {
            live = obj.live;
        }
        DomainDevice added = switch (dev.kind()) {
            case DISK -> attachDisk(obj, live, dev);
            case INTERFACE -> attachNet(obj, live, dev);
            case CONTROLLER -> attachController(obj, live, dev);
            default -> throw QemuErrors.unsupported("live attach of device '" + dev.kind().element()
                    + "' is not supported");
        };
        synchronized (obj) {
            obj.live = obj.live.addDevice(added);
        }
        driver.process.writeStatusQuietly(obj);
    }

    private DomainDevice attachDisk(QemuDomainObj obj, DomainDef live, DomainDevice dev) {
        XmlElem x = dev.xml();
        String target = dev.targetDev();
        if (live.findByTarget(target).isPresent()) {
            throw VirException.of(ErrorNumber.OPERATION_FAILED, ErrorDomain.QEMU, "target " + target
                    + " already exists");
        }
        XmlElem t = x.child("target");
        XmlElem src = x.child("source");
        XmlElem drv = x.child("driver");
        String fmt = drv == null || drv.attr("type") == null ? "raw" : drv.attr("type");
        if (!"virtio".equals(t.attr("bus")) || !"disk".equals(x.attr("device")) || !"file".equals(dev.type())
                || src == null || src.attr("file") == null || !(fmt.equals("raw") || fmt.equals("qcow2"))) {
            throw QemuErrors.unsupported("live attach of disk '" + target
                    + "' is supported only for file-backed raw/qcow2 disks on the virtio bus");
        }
        String alias = QemuAliases.diskAlias(live, x, 0);
        int node = nextNodeIndex(obj);
        String storage = "libvirt-" + node + "-storage";
        String format = "libvirt-" + node + "-format";
        boolean ro = x.child("readonly") != null;
        QemuLifecycle.qmp(obj, "blockdev-add", Json.object("driver", "file", "filename", src.attr("file"),
                "node-name", storage, "auto-read-only", true, "discard", "unmap"));
        try {
            QemuLifecycle.qmp(obj, "blockdev-add", Json.object("node-name", format, "read-only", ro,
                    "driver", fmt, "file", storage));
            try {
                QemuLifecycle.qmp(obj, "device_add", Json.object("driver", "virtio-blk-pci", "drive", format,
                        "id", alias));
            } catch (RuntimeException e) {
                quietly(obj, "blockdev-del", Json.object("node-name", format));
                throw e;
            }
        } catch (RuntimeException e) {
            quietly(obj, "blockdev-del", Json.object("node-name", storage));
            throw e;
        }
        return dev.withXml(QemuAliases.withAlias(x, alias));
    }

    /** libvirt's per-domain node-name counter, recovered from the nodes QEMU has. */
    private static int nextNodeIndex(QemuDomainObj obj) {
        int max = 0;
        if (QemuLifecycle.qmp(obj, "query-named-block-nodes", null) instanceof Json.Arr a) {
            for (Json j : a.items()) {
                String n = j instanceof Json.Obj o ? o.str("node-name") : null;
                if (n != null && n.startsWith("libvirt-")) {
                    String num = n.substring(8, n.indexOf('-', 8) < 0 ? n.length() : n.indexOf('-', 8));
                    try {
                        max = Math.max(max, Integer.parseInt(num));
                    } catch (NumberFormatException e) {
                        // a node name of another scheme
                    }
                }
            }
        }
        return max + 1;
    }

    /**
     * qemuDomainAttachNetDevice: user-mode, or a TAP made under the start's rules (bridge, network, managed ethernet;
     * an existing target dev is refused untouched), then netdev_add and device_add; a failure unwinds all three.
     */
    private DomainDevice attachNet(QemuDomainObj obj, DomainDef live, DomainDevice dev) {
        XmlElem x = dev.xml();
        String mac = dev.mac();
        if (mac != null && live.devices(DeviceKind.INTERFACE).stream().anyMatch(d -> mac.equalsIgnoreCase(d.mac()))) {
            throw VirException.of(ErrorNumber.OPERATION_FAILED, ErrorDomain.QEMU, "target " + mac
                    + " already exists");
        }
        XmlElem m = x.child("model");
        String model = m == null ? "rtl8139" : m.attr("type");
        String driverName = switch (model) {
            case "virtio" -> "virtio-net-pci";
            case "e1000", "e1000e", "rtl8139" -> model;
            default -> throw QemuErrors.unsupported("interface model " + model);
        };
        int n = 0;
        while (live.findByAlias("net" + n).isPresent()) {
            n++;
        }
        String alias = "net" + n;
        XmlElem connected = driver.hostNet().attach(obj, x);
        String tap = connected.child("target") == null ? null : connected.child("target").attr("dev");
        boolean netdevAdded = false;
        try {
            QemuLifecycle.qmp(obj, "netdev_add", "user".equals(dev.type())
                    ? Json.object("type", "user", "id", "host" + alias)
                    : Json.object("type", "tap", "ifname", tap, "script", "no", "downscript", "no",
                            "id", "host" + alias));
            netdevAdded = true;
            QemuLifecycle.qmp(obj, "device_add", Json.object("driver", driverName, "netdev", "host" + alias,
                    "id", alias, "mac", mac));
        } catch (RuntimeException e) {
            if (netdevAdded) {
                quietly(obj, "netdev_del", Json.object("id", "host" + alias));
            }
            driver.hostNet().detach(obj, connected);
            throw e;
        }
        return dev.withXml(QemuAliases.withAlias(connected, alias));
    }

    // ---- live detach ----

    private static boolean controllerBusy(QemuDomainObj obj, String index) {
        DomainDef live;
        synchronized (obj) {
            live = obj.live;
        }
        return live.devices(DeviceKind.DISK).stream().anyMatch(d -> {
            XmlElem t = d.xml().child("target");
            XmlElem a = d.xml().child("address");
            return t != null && "scsi".equals(t.attr("bus")) && (a == null && "0".equals(index)
                    || a != null && "drive".equals(a.attr("type"))
                    && java.util.Objects.equals(index, a.attr("controller") == null ? "0" : a.attr("controller")));
        });
    }

    private void detachLive(QemuDomainObj obj, DomainDevice dev) {
        String alias = dev.alias();
        boolean scsiController = dev.kind() == DeviceKind.CONTROLLER && "scsi".equals(dev.xml().attr("type"));
        if (alias == null || !(dev.kind() == DeviceKind.DISK && "virtio".equals(bus(dev))
                || dev.kind() == DeviceKind.INTERFACE && java.util.Set.of("user", "bridge", "network", "ethernet")
                        .contains(String.valueOf(dev.type())) || scsiController)) {
            throw QemuErrors.unsupported("live detach of device '" + dev.kind().element() + "' is not supported");
        }
        if (scsiController && controllerBusy(obj, dev.xml().attr("index"))) {
            // qemuDomainControllerIsBusy: a disk still sits on it
            throw VirException.of(ErrorNumber.OPERATION_FAILED, ErrorDomain.QEMU,
                    "device cannot be detached: device is busy");
        }
        String formatNode = dev.kind() == DeviceKind.DISK ? formatNodeOf(obj, alias) : null;
        CompletableFuture<Void> gone = obj.awaitRemoval(alias);
        QemuLifecycle.qmp(obj, "device_del", Json.object("id", alias));
        Runnable finish = () -> {
            if (formatNode != null) {
                quietly(obj, "blockdev-del", Json.object("node-name", formatNode));
                if (formatNode.endsWith("-format")) {
                    quietly(obj, "blockdev-del", Json.object("node-name",
                            formatNode.substring(0, formatNode.length() - 7) + "-storage"));
                }
            } else if (dev.kind() == DeviceKind.INTERFACE) {
                quietly(obj, "netdev_del", Json.object("id", "host" + alias));
                driver.hostNet().detach(obj, dev.xml()); // the TAP goes once QEMU let go of it
            }
            synchronized (obj) {
                if (obj.live != null) {
                    obj.live.findByAlias(alias).ifPresent(d -> obj.live = obj.live.removeDevice(d));
                }
            }
            driver.process.writeStatusQuietly(obj);
        };
        try {
            gone.get(REMOVAL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            finish.run();
        } catch (TimeoutException e) {
            // libvirt returns success here: the guest finishes the unplug later and DEVICE_DELETED completes it
            gone.thenRun(finish);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            gone.thenRun(finish);
        } catch (ExecutionException e) {
            throw VirException.internal(ErrorDomain.QEMU, "device removal failed: " + e.getCause());
        }
    }

    private static String bus(DomainDevice d) {
        XmlElem t = d.xml().child("target");
        return t == null ? null : t.attr("bus");
    }

    /** The format node behind a disk front-end, from query-block's qdev path. */
    private static String formatNodeOf(QemuDomainObj obj, String alias) {
        if (QemuLifecycle.qmp(obj, "query-block", null) instanceof Json.Arr a) {
            for (Json j : a.items()) {
                if (j instanceof Json.Obj o && o.str("qdev") != null
                        && (o.str("qdev").equals(alias) || o.str("qdev").contains("/" + alias + "/"))
                        && o.obj("inserted") != null) {
                    return o.obj("inserted").str("node-name");
                }
            }
        }
        return null;
    }

    // ---- media change ----

    private static boolean isRemovable(DomainDevice d) {
        String device = d.xml().attr("device");
        return "cdrom".equals(device) || "floppy".equals(device);
    }

    private static XmlElem withSource(XmlElem old, XmlElem source) {
        if (source != null && old.child("source") == null) {
            return old.insertChild(source, Math.max(0, old.indexOf("target")));
        }
        return old.withChild("source", source);
    }

    /** qemuDomainChangeEjectableMedia: eject, then insert the new file (blockdev-change-medium) if one is given. */
    private void changeMedia(QemuDomainObj obj, DomainDevice dev, boolean force) {
        DomainDef live;
        synchronized (obj) {
            live = obj.live;
        }
        DomainDevice old = live.findByTarget(dev.targetDev()).orElseThrow(() -> VirException.of(
                ErrorNumber.DEVICE_MISSING, ErrorDomain.QEMU, "disk " + dev.targetDev() + " not found"));
        String alias = old.alias();
        XmlElem src = dev.xml().child("source");
        String file = src == null ? null : src.attr("file");
        if (file == null) {
            QemuLifecycle.qmp(obj, "eject", Json.object("id", alias, "force", force));
        } else {
            XmlElem drv = dev.xml().child("driver");
            String fmt = drv == null || drv.attr("type") == null ? "raw" : drv.attr("type");
            QemuLifecycle.qmp(obj, "blockdev-change-medium", Json.object("id", alias, "filename", file,
                    "format", fmt, "read-only-mode", "read-only"));
        }
        synchronized (obj) {
            obj.live = obj.live.replaceDevice(old, old.withXml(withSource(old.xml(), src)));
        }
        driver.process.writeStatusQuietly(obj);
    }

    private static void quietly(QemuDomainObj obj, String cmd, Json.Obj args) {
        try {
            QemuLifecycle.qmp(obj, cmd, args);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "{0} failed during cleanup: {1}", cmd, e.getMessage());
        }
    }
}
