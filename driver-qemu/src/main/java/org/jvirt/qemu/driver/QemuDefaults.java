package org.jvirt.qemu.driver;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jvirt.model.domain.DeviceKind;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDevice;
import org.jvirt.model.domain.XmlElem;
import org.jvirt.qemu.caps.QemuCaps;

/**
 * The defaults libvirt's QEMU driver fills in at define time, before addresses are assigned (qemuDomainDefPostParse,
 * qemuDomainDefAddDefaultDevices, qemuDomainDefSetDefaultCPU, qemuDomainDefCPUPostParse,
 * qemuDomainDefAddDefaultAudioBackend, qemuDomainDefAddImplicitInputDevice and the per-device post-parse callbacks),
 * plus the virtio-serial port assignment of qemuDomainAssignVirtioSerialAddresses. Every choice that depends on the
 * binary (default CPU model, USB/SCSI controller models) comes from the probed capabilities. These are QEMU-only
 * rules: the generic model post-parse (shared with the test driver) does none of them.
 */
final class QemuDefaults {
    private QemuDefaults() {}

    /** Controller types the generic post-parse adds implicitly (for disks, channels, smartcards) at the end. */
    private static final Set<String> IMPLICIT_CONTROLLER_TYPES = Set.of("virtio-serial", "ide", "fdc", "scsi",
            "sata", "ccid");

    static DomainDef apply(DomainDef def, QemuCaps caps) {
        String arch = def.osArch() == null ? caps.arch() : def.osArch();
        boolean x86 = arch.equals("x86_64") || arch.equals("i686");
        if (!x86 || !"hvm".equals(def.osType())) {
            return def;
        }
        String machine = def.osMachine() == null ? "" : def.osMachine();
        DomainDef out = defaultControllers(def, machine, caps);
        out = cpu(out, caps);
        out = numaCpus(out);
        out = firmwareFeatures(out);
        out = devices(out, caps);
        out = inputs(out, machine);
        out = audio(out);
        return virtioSerialAddresses(out);
    }

    static boolean isQ35(String machine) {
        return machine.equals("q35") || machine.startsWith("pc-q35");
    }

    static boolean isI440fx(String machine) {
        return machine.equals("pc") || machine.startsWith("pc-i440fx") || machine.startsWith("pc-0")
                || machine.startsWith("pc-1");
    }

    // ---- qemuDomainDefAddDefaultDevices ---------------------------------------------------------------------

    private static DomainDef defaultControllers(DomainDef def, String machine, QemuCaps caps) {
        if (machine.equals("isapc") || machine.equals("microvm")) {
            return def;
        }
        boolean q35 = isQ35(machine);
        List<DomainDevice> devs = new ArrayList<>(def.devices());
        int end = parsedEnd(devs);
        if (!hasController(devs, "usb", "0")) {
            String model = null;
            boolean add = true;
            if (q35) {
                model = caps.hasType("qemu-xhci") ? "qemu-xhci" : caps.hasType("nec-usb-xhci") ? "nec-xhci"
                        : caps.hasType("ich9-usb-ehci1") ? "ich9-ehci1" : null;
                add = model != null;
            }
            if (add) {
                end = insertController(devs, controller("usb", "0", model), end);
            }
        }
        if (q35 && !hasController(devs, "sata", "0")) {
            end = insertController(devs, controller("sata", "0", null), end);
        }
        if (!hasController(devs, "pci", "0")) {
            if (q35) {
                insertController(devs, controller("pci", "0", "pcie-root"), end);
            } else if (isI440fx(machine)) {
                insertController(devs, controller("pci", "0", "pci-root"), end);
            }
        }
        if (devs.stream().noneMatch(d -> d.kind() == DeviceKind.MEMBALLOON)) {
            devs.add(new DomainDevice(DeviceKind.MEMBALLOON, XmlElem.of("memballoon", "model", "virtio")));
        }
        return def.withDevices(devs);
    }

    private static boolean hasController(List<DomainDevice> devs, String type, String index) {
        return devs.stream().anyMatch(d -> d.kind() == DeviceKind.CONTROLLER && type.equals(d.xml().attr("type"))
                && index.equals(d.xml().attr("index")));
    }

    private static DomainDevice controller(String type, String index, String model) {
        return new DomainDevice(DeviceKind.CONTROLLER, XmlElem.of("controller", "type", type, "index", index,
                "model", model));
    }

    /**
     * virDomainControllerInsertPreAlloced, run as libvirt runs it: before the generic implicit controllers exist.
     * Those were already appended by the model's post-parse here, so they are left out of the search: {@code end}
     * is where the parsed controllers stop. Returns the new end.
     */
    private static int insertController(List<DomainDevice> devs, DomainDevice c, int end) {
        String type = c.xml().attr("type");
        int idx = Integer.parseInt(c.xml().attr("index"));
        int insertAt = -1;
        for (int i = end - 1; i >= 0; i--) {
            DomainDevice cur = devs.get(i);
            if (cur.kind() != DeviceKind.CONTROLLER || !type.equals(cur.xml().attr("type"))) {
                continue;
            }
            if (parseIndex(cur.xml().attr("index")) > idx) {
                insertAt = i;
            } else {
                if (insertAt == -1) {
                    insertAt = i + 1;
                }
                break;
            }
        }
        devs.add(insertAt >= 0 ? insertAt : end, c);
        return end + 1;
    }

    /** Where the parsed controllers end: before a trailing run of bare controllers the generic post-parse adds. */
    private static int parsedEnd(List<DomainDevice> devs) {
        int end = devs.size();
        while (end > 0 && isImplicit(devs.get(end - 1))) {
            end--;
        }
        if (end == devs.size() || devs.get(end).kind() != DeviceKind.CONTROLLER) {
            end = lastControllerEnd(devs);
        }
        return end;
    }

    private static int lastControllerEnd(List<DomainDevice> devs) {
        int end = 0;
        for (int i = 0; i < devs.size(); i++) {
            if (devs.get(i).kind() == DeviceKind.CONTROLLER) {
                end = i + 1;
            }
        }
        return end == 0 ? devs.size() : end;
    }

    private static boolean isImplicit(DomainDevice d) {
        XmlElem x = d.xml();
        return d.kind() == DeviceKind.CONTROLLER && IMPLICIT_CONTROLLER_TYPES.contains(x.attr("type"))
                && x.children().isEmpty() && x.attrs().size() == 2 && x.hasAttr("index");
    }

    private static int parseIndex(String s) {
        try {
            return s == null ? -1 : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // ---- CPU: qemuDomainDefSetDefaultCPU and qemuDomainDefCPUPostParse ---------------------------------------

    private static DomainDef cpu(DomainDef def, QemuCaps caps) {
        XmlElem cpu = def.section("cpu").orElse(null);
        String mode = cpu == null ? null : cpu.attr("mode");
        boolean custom = mode == null || mode.equals("custom");
        if (cpu == null || custom && cpu.child("model") == null) {
            String model = defaultCpuModel(def, caps);
            if (model == null) {
                return def;
            }
            XmlElem base = cpu == null ? XmlElem.of("cpu") : cpu;
            XmlElem m = XmlElem.of("model", "fallback", "forbid").withText(model);
            List<XmlElem.Attr> attrs = new ArrayList<>();
            attrs.add(new XmlElem.Attr("mode", "custom"));
            attrs.add(new XmlElem.Attr("match", "exact"));
            attrs.add(new XmlElem.Attr("check", base.hasAttr("check") ? base.attr("check") : "none"));
            for (XmlElem.Attr a : base.attrs()) {
                if (!Set.of("mode", "match", "check").contains(a.name())) {
                    attrs.add(a);
                }
            }
            return def.withSection("cpu", base.withAttrs(attrs).insertChild(m, 0));
        }
        if (cpu.hasAttr("check") || custom && cpu.child("model") == null) {
            return def;
        }
        String check = switch (mode == null ? "custom" : mode) {
            case "host-passthrough", "maximum" -> "none";
            case "host-model" -> "partial";
            default -> "qemu".equals(def.type()) ? "none" : "partial";
        };
        XmlElem c = cpu.withAttrAfter("check", check, "mode", "match");
        if ((mode != null && (mode.equals("host-passthrough") || mode.equals("maximum")))) {
            c = c.withDefaultAttr("migratable", "on", "mode", "match", "check");
        }
        return def.withSection("cpu", c);
    }

    /** virQEMUCapsGetMachineDefaultCPU: the machine's default-cpu-type mapped back to a model name. */
    private static String defaultCpuModel(DomainDef def, QemuCaps caps) {
        QemuCaps.AccelCaps accel = caps.accel(def.type()).orElse(null);
        if (accel == null || def.osMachine() == null) {
            return null;
        }
        String type = accel.machine(def.osMachine()).map(QemuCaps.Machine::defaultCpuType).orElse(null);
        if (type == null) {
            return null;
        }
        for (QemuCaps.CpuModel m : accel.cpuModels()) {
            if (type.equals(m.typename())) {
                return m.name().equals("host") ? null : m.name();
            }
        }
        String suffix = "-" + caps.arch() + "-cpu";
        String name = type.endsWith(suffix) ? type.substring(0, type.length() - suffix.length()) : null;
        return "host".equals(name) ? null : name;
    }

    // ---- qemuDomainDefNumaCPUsRectify ---------------------------------------------------------------------------

    /**
     * When the NUMA cells name fewer vCPUs than the domain has, the missing ones go to cell 0
     * (virDomainNumaFillCPUsInNode): cell 0 becomes every vCPU no other cell claims.
     */
    private static DomainDef numaCpus(DomainDef def) {
        XmlElem cpu = def.section("cpu").orElse(null);
        XmlElem numa = cpu == null ? null : cpu.child("numa");
        if (numa == null || numa.children("cell").isEmpty()) {
            return def;
        }
        int max = def.maxVcpus();
        List<XmlElem> cells = numa.children("cell");
        int total = 0;
        BitSet others = new BitSet();
        for (int i = 0; i < cells.size(); i++) {
            BitSet set = parseCpus(cells.get(i).attr("cpus"));
            if (set == null) {
                return def;
            }
            total += set.cardinality();
            if (i > 0) {
                others.or(set);
            }
        }
        if (total >= max) {
            return def;
        }
        BitSet first = new BitSet();
        first.set(0, max);
        first.andNot(others);
        if (first.equals(parseCpus(cells.get(0).attr("cpus")))) {
            return def;
        }
        XmlElem cell0 = cells.get(0).withAttr("cpus", formatCpus(first));
        List<XmlElem> children = new ArrayList<>(numa.children());
        children.set(children.indexOf(cells.get(0)), cell0);
        return def.withSection("cpu", cpu.withChild("numa", numa.withChildren(children)));
    }

    private static BitSet parseCpus(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        BitSet set = new BitSet();
        for (String part : text.split(",")) {
            String p = part.strip();
            if (p.startsWith("^")) {
                return null; // exclusions never occur in cells libvirt writes; leave such input untouched
            }
            try {
                int dash = p.indexOf('-');
                int lo = Integer.parseInt(dash < 0 ? p : p.substring(0, dash).strip());
                int hi = dash < 0 ? lo : Integer.parseInt(p.substring(dash + 1).strip());
                set.set(lo, hi + 1);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return set;
    }

    /** virBitmapFormat: ascending ranges, "a-b" for runs longer than one. */
    private static String formatCpus(BitSet set) {
        StringBuilder sb = new StringBuilder();
        for (int i = set.nextSetBit(0); i >= 0; ) {
            int end = set.nextClearBit(i) - 1;
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(i);
            if (end > i) {
                sb.append('-').append(end);
            }
            i = set.nextSetBit(end + 1);
        }
        return sb.toString();
    }

    // ---- firmware features ------------------------------------------------------------------------------------

    /** Enrolled keys only make sense with Secure Boot, so asking for them turns Secure Boot on unless stated. */
    private static DomainDef firmwareFeatures(DomainDef def) {
        XmlElem os = def.section("os").orElse(null);
        XmlElem fw = os == null ? null : os.child("firmware");
        if (fw == null) {
            return def;
        }
        List<XmlElem> feats = fw.children("feature");
        boolean enrolled = feats.stream().anyMatch(f -> "enrolled-keys".equals(f.attr("name"))
                && "yes".equals(f.attr("enabled")));
        boolean secure = feats.stream().anyMatch(f -> "secure-boot".equals(f.attr("name")));
        if (!enrolled || secure) {
            return def;
        }
        int at = 0;
        for (int i = 0; i < fw.children().size(); i++) {
            if ("enrolled-keys".equals(fw.children().get(i).attr("name"))) {
                at = i + 1;
            }
        }
        XmlElem f = fw.insertChild(XmlElem.of("feature", "enabled", "yes", "name", "secure-boot"), at);
        return def.withSection("os", os.withChild("firmware", f));
    }

    // ---- per-device post-parse ----------------------------------------------------------------------------------

    private static DomainDef devices(DomainDef def, QemuCaps caps) {
        List<DomainDevice> out = new ArrayList<>();
        for (DomainDevice d : def.devices()) {
            XmlElem x = d.xml();
            XmlElem n = switch (d.kind()) {
                case CONTROLLER -> controllerModel(x, caps);
                case SERIAL -> serialTarget(x);
                case DISK -> disk(x);
                case VIDEO -> video(x);
                default -> x;
            };
            out.add(n == x ? d : d.withXml(n));
        }
        return def.withDevices(out);
    }

    /** qemuDomainControllerDefPostParse: the USB and SCSI models the binary offers when none is named. */
    private static XmlElem controllerModel(XmlElem x, QemuCaps caps) {
        if (x.hasAttr("model")) {
            return x;
        }
        String model = switch (x.attr("type") == null ? "" : x.attr("type")) {
            case "usb" -> caps.hasType("piix3-usb-uhci") ? "piix3-uhci" : null;
            case "scsi" -> caps.hasType("lsi53c895a") ? "lsilogic"
                    : caps.hasType("virtio-scsi-pci") ? "virtio-scsi" : null;
            default -> null;
        };
        return model == null ? x : x.withAttrAfter("model", model, "type", "index");
    }

    /** qemuDomainChrDefPostParse: x86 serial ports are isa-serial, and the target model follows the type. */
    private static XmlElem serialTarget(XmlElem x) {
        XmlElem t = x.child("target");
        if (t == null) {
            t = XmlElem.of("target");
        }
        String type = t.attr("type");
        if (type == null) {
            type = "isa-serial";
            t = t.withAttrAfter("type", type);
        }
        if (t.child("model") == null) {
            String model = switch (type) {
                case "isa-serial" -> "isa-serial";
                case "usb-serial" -> "usb-serial";
                case "pci-serial" -> "pci-serial";
                default -> null;
            };
            if (model != null) {
                t = t.withChild("model", XmlElem.of("model", "name", model));
            }
        }
        return x.withChild("target", t);
    }

    /** qemuDomainDeviceDiskDefPostParse: the qemu driver, raw format, LUKS through qemu, no vhost-user snapshots. */
    private static XmlElem disk(XmlElem x) {
        XmlElem out = x;
        if ("vhostuser".equals(x.attr("type"))) {
            out = out.withDefaultAttr("snapshot", "no", "type", "device", "model", "rawio", "sgio");
        }
        XmlElem driver = out.child("driver");
        if (driver == null) {
            out = out.insertChild(XmlElem.of("driver", "name", "qemu"), 0);
            driver = out.child("driver");
        }
        XmlElem d = driver.withDefaultAttr("name", "qemu");
        if (!"volume".equals(x.attr("type"))) {
            d = d.withDefaultAttr("type", "raw", "name");
        }
        out = out.withChild("driver", d);
        out = luksEngine(out);
        XmlElem enc = out.child("encryption");
        if (enc != null && "luks".equals(enc.attr("format"))) {
            out = out.withChild("encryption", enc.withDefaultAttr("engine", "qemu", "format"));
        }
        return out;
    }

    /** LUKS encryption of the disk's source and of every image of its backing chain is done by QEMU. */
    private static XmlElem luksEngine(XmlElem x) {
        XmlElem out = x;
        XmlElem src = out.child("source");
        if (src != null) {
            XmlElem enc = src.child("encryption");
            if (enc != null && "luks".equals(enc.attr("format"))) {
                out = out.withChild("source", src.withChild("encryption",
                        enc.withDefaultAttr("engine", "qemu", "format")));
            }
        }
        XmlElem backing = out.child("backingStore");
        if (backing != null && !backing.children().isEmpty()) {
            out = out.withChild("backingStore", luksEngine(backing));
        }
        return out;
    }

    /** qemuDomainDeviceVideoDefPostParse: QXL's VGA memory defaults to 16 MiB. */
    private static XmlElem video(XmlElem x) {
        XmlElem m = x.child("model");
        if (m == null || !"qxl".equals(m.attr("type")) || m.hasAttr("vgamem")) {
            return x;
        }
        return x.withChild("model", m.withAttrAfter("vgamem", "16384", "type", "ram", "vram", "vram64"));
    }

    // ---- qemuDomainDefAddImplicitInputDevice --------------------------------------------------------------------

    private static DomainDef inputs(DomainDef def, String machine) {
        if (machine.equals("microvm")) {
            return def;
        }
        XmlElem features = def.section("features").orElse(null);
        XmlElem ps2 = features == null ? null : features.child("ps2");
        if (ps2 != null && "off".equals(ps2.attr("state"))) {
            return def;
        }
        DomainDef out = def;
        for (String type : List.of("mouse", "keyboard")) {
            boolean present = out.devices(DeviceKind.INPUT).stream()
                    .anyMatch(d -> type.equals(d.xml().attr("type")) && "ps2".equals(d.xml().attr("bus")));
            if (!present) {
                out = out.addDevice(new DomainDevice(DeviceKind.INPUT, XmlElem.of("input", "type", type,
                        "bus", "ps2")));
            }
        }
        return out;
    }

    // ---- qemuDomainDefAddDefaultAudioBackend --------------------------------------------------------------------

    /**
     * With qemu.conf's defaults (vnc_allow_host_audio and nogfx_allow_host_audio off): no display or VNC gets the
     * "none" backend, SPICE its own; SDL would pass host audio through, which with no QEMU_AUDIO_DRV adds nothing.
     */
    private static DomainDef audio(DomainDef def) {
        if (!def.devices(DeviceKind.AUDIO).isEmpty()) {
            return def;
        }
        List<DomainDevice> graphics = def.devices(DeviceKind.GRAPHICS);
        boolean add = graphics.isEmpty();
        boolean passthrough = false;
        String backend = "none";
        for (DomainDevice g : graphics) {
            switch (g.xml().attr("type") == null ? "" : g.xml().attr("type")) {
                case "vnc" -> {
                    passthrough = false;
                    add = true;
                }
                case "spice" -> {
                    passthrough = false;
                    backend = "spice";
                    add = true;
                }
                case "sdl" -> {
                    passthrough = true;
                    add = true;
                }
                default -> { }
            }
        }
        if (!add || passthrough) {
            return def;
        }
        return def.addDevice(new DomainDevice(DeviceKind.AUDIO, XmlElem.of("audio", "id", "1", "type", backend)));
    }

    // ---- qemuDomainAssignVirtioSerialAddresses ------------------------------------------------------------------

    private static DomainDef virtioSerialAddresses(DomainDef def) {
        List<DomainDevice> ctrls = def.devices(DeviceKind.CONTROLLER).stream()
                .filter(d -> "virtio-serial".equals(d.xml().attr("type"))).toList();
        if (ctrls.isEmpty()) {
            return def;
        }
        Set<String> used = new HashSet<>();
        for (DomainDevice d : def.devices()) {
            XmlElem a = d.xml().child("address");
            if (a != null && "virtio-serial".equals(a.attr("type")) && a.hasAttr("port")) {
                used.add(a.attr("controller") + ":" + a.attr("port"));
            }
        }
        List<DomainDevice> out = new ArrayList<>(def.devices());
        for (DeviceKind kind : List.of(DeviceKind.CONSOLE, DeviceKind.CHANNEL)) {
            for (int i = 0; i < out.size(); i++) {
                DomainDevice d = out.get(i);
                XmlElem x = d.xml();
                XmlElem t = x.child("target");
                if (d.kind() != kind || t == null || !"virtio".equals(t.attr("type"))) {
                    continue;
                }
                XmlElem a = x.child("address");
                if (a != null && (!"virtio-serial".equals(a.attr("type")) || a.hasAttr("port"))) {
                    continue;
                }
                XmlElem addr = freePort(ctrls, used, a, kind == DeviceKind.CONSOLE);
                if (addr != null) {
                    out.set(i, d.withXml(x.withChild("address", addr)));
                }
            }
        }
        return def.withDevices(out);
    }

    private static XmlElem freePort(List<DomainDevice> ctrls, Set<String> used, XmlElem partial, boolean allowZero) {
        String wanted = partial == null ? null : partial.attr("controller");
        for (DomainDevice c : ctrls) {
            String idx = c.xml().attr("index");
            if (wanted != null && !wanted.equals(idx)) {
                continue;
            }
            int ports = parseIndex(c.xml().attr("ports"));
            int max = ports > 0 ? ports : 31;
            for (int p = allowZero ? 0 : 1; p < max; p++) {
                if (used.add(idx + ":" + p)) {
                    return XmlElem.of("address", "type", "virtio-serial", "controller", idx, "bus", "0",
                            "port", Integer.toString(p));
                }
            }
        }
        return null;
    }
}
