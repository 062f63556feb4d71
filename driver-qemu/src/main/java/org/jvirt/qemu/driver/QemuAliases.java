package org.jvirt.qemu.driver;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jvirt.model.domain.DeviceKind;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDevice;
import org.jvirt.model.domain.XmlElem;

/**
 * libvirt's qemuAssignDeviceAliases: every device of a running domain gets the {@code <alias name>} that equals the
 * QEMU id the command builder gave it, so hot-unplug, stats and events can name it. A user alias ("ua-...") is kept.
 */
final class QemuAliases {
    /** Children that virDomainDeviceInfoFormat writes after the alias: it goes before the first of them. */
    private static final Set<String> AFTER_ALIAS = Set.of("master", "rom", "acpi", "address");

    private QemuAliases() {}

    /** The definition with an alias on every device that QEMU knows by an id. */
    static DomainDef assign(DomainDef def) {
        Map<DeviceKind, Integer> counters = new EnumMap<>(DeviceKind.class);
        boolean q35 = def.osMachine() != null && def.osMachine().contains("q35");
        List<DomainDevice> out = new ArrayList<>();
        boolean consoleSeen = false;
        for (DomainDevice d : def.devices()) {
            int n = counters.merge(d.kind(), 1, Integer::sum) - 1;
            String alias = d.alias() != null ? null : switch (d.kind()) {
                case DISK -> diskAlias(def, d.xml(), n);
                case CONTROLLER -> controllerAlias(d.xml(), q35);
                case INTERFACE -> "hostdev".equals(d.type()) ? "hostdev" + n : "net" + n;
                case SERIAL -> "serial" + n;
                case PARALLEL -> "parallel" + n;
                case CHANNEL -> "channel" + n;
                case CONSOLE -> {
                    // the first console of a serial target is the serial itself (qemuAssignDeviceChrAlias)
                    boolean first = !consoleSeen;
                    consoleSeen = true;
                    XmlElem t = d.xml().child("target");
                    String tt = t == null ? null : t.attr("type");
                    yield first && (tt == null || "serial".equals(tt)) ? "serial0" : "console" + n;
                }
                case INPUT -> "input" + n;
                case VIDEO -> "video" + n;
                case SOUND -> "sound" + n;
                case HOSTDEV -> "hostdev" + n;
                case REDIRDEV -> "redir" + n;
                case SMARTCARD -> "smartcard" + n;
                case WATCHDOG -> "watchdog" + n;
                case MEMBALLOON -> "none".equals(d.xml().attr("model")) ? null : "balloon" + n;
                case RNG -> "rng" + n;
                case TPM -> "tpm" + n;
                case FILESYSTEM -> "fs" + n;
                case SHMEM -> "shmem" + n;
                case HUB -> "hub" + n;
                case VSOCK -> "vsock" + n;
                case MEMORY -> memoryAlias(d.xml(), n);
                case CRYPTO -> "crypto" + n;
                case NVRAM -> "nvram";
                default -> null;
            };
            out.add(alias == null ? d : d.withXml(withAlias(d.xml(), alias)));
        }
        return def.withDevices(out);
    }

    static XmlElem withAlias(XmlElem x, String alias) {
        XmlElem a = XmlElem.of("alias", "name", alias);
        List<XmlElem> kids = x.children();
        for (int i = 0; i < kids.size(); i++) {
            if (AFTER_ALIAS.contains(kids.get(i).name())) {
                return x.insertChild(a, i);
            }
        }
        return x.insertChild(a, kids.size());
    }

    /** qemuAssignDeviceDiskAlias: by bus and drive address, or by target index on virtio/usb. */
    static String diskAlias(DomainDef def, XmlElem x, int n) {
        XmlElem t = x.child("target");
        String bus = t == null ? null : t.attr("bus");
        String dev = t == null ? null : t.attr("dev");
        XmlElem a = x.child("address");
        boolean drive = a != null && "drive".equals(a.attr("type"));
        String c = drive ? orZero(a.attr("controller")) : "0";
        String b = drive ? orZero(a.attr("bus")) : "0";
        String u = drive ? orZero(a.attr("unit")) : "0";
        if (bus == null) {
            return "disk" + n;
        }
        return switch (bus) {
            case "virtio" -> "virtio-disk" + diskIndex(dev, n);
            case "usb" -> "usb-disk" + diskIndex(dev, n);
            case "ide", "sata" -> bus + c + "-" + b + "-" + u;
            case "fdc" -> "fdc0-" + b + "-" + u;
            case "scsi" -> lsi(def, c) ? "scsi" + c + "-" + b + "-" + u
                    : "scsi" + c + "-" + b + "-" + (drive ? orZero(a.attr("target")) : "0") + "-" + u;
            default -> bus + "-disk" + diskIndex(dev, n);
        };
    }

    private static boolean lsi(DomainDef def, String index) {
        return def.devices(DeviceKind.CONTROLLER).stream().anyMatch(c -> "scsi".equals(c.type())
                && index.equals(c.xml().attr("index")) && "lsilogic".equals(c.xml().attr("model")));
    }

    /** qemuAssignDeviceControllerAlias: the built-in buses keep QEMU's own names. */
    static String controllerAlias(XmlElem x, boolean q35) {
        String type = x.attr("type");
        String idx = orZero(x.attr("index"));
        String model = x.attr("model");
        boolean zero = idx.equals("0");
        return switch (type == null ? "" : type) {
            case "pci" -> zero && "pcie-root".equals(model) ? "pcie.0" : "pci." + idx;
            case "ide" -> zero && !q35 ? "ide" : "ide" + idx;
            case "sata" -> zero && q35 ? "ide" : "sata" + idx;
            case "usb" -> zero ? "usb" : "usb" + idx;
            case "fdc" -> "fdc" + idx;
            default -> type + idx;
        };
    }

    private static String memoryAlias(XmlElem x, int n) {
        XmlElem a = x.child("address");
        return a != null && a.attr("slot") != null ? "dimm" + a.attr("slot") : "dimm" + n;
    }

    /** virDiskNameToIndex of "vdb"-style names (1 or 2-letter prefix + letters); the position when unparsable. */
    static int diskIndex(String dev, int fallback) {
        if (dev == null) {
            return fallback;
        }
        int start = dev.startsWith("vd") || dev.startsWith("sd") || dev.startsWith("hd") || dev.startsWith("xvd")
                ? (dev.startsWith("xvd") ? 3 : 2) : -1;
        if (start < 0 || dev.length() <= start) {
            return fallback;
        }
        int idx = 0;
        for (char ch : dev.substring(start).toCharArray()) {
            if (ch < 'a' || ch > 'z') {
                return fallback;
            }
            idx = idx * 26 + (ch - 'a' + 1);
        }
        return idx - 1;
    }

    private static String orZero(String s) {
        return s == null ? "0" : s;
    }
}
