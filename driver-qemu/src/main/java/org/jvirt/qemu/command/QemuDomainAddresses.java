package org.jvirt.qemu.command;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.jvirt.model.domain.DeviceKind;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDevice;
import org.jvirt.model.domain.XmlElem;

/**
 * PCI address assignment for x86 "pc" (i440fx) and "q35" guests, after libvirt's qemuDomainAssignPCIAddresses
 * (src/qemu/qemu_domain_address.c). The result is the definition as libvirt records it in the persistent and live
 * XML: the implicit controllers and balloon the qemu driver adds, an {@code <address type='pci'/>} on every device
 * that sits on a PCI bus, and the pcie-root-port / pcie-to-pci-bridge / pci-bridge controllers auto-added to hold
 * them (with their {@code <model name>} and {@code <target chassis port>}).
 *
 * <p>Like libvirt this runs twice: a dry run that grows the bus set whenever a device finds no free slot (and
 * reserves one spare hotplug slot), then the real assignment over the grown controller list. Devices whose PCI
 * needs are not modelled here raise CONFIG_UNSUPPORTED rather than get an address libvirt would not give.
 */
public final class QemuDomainAddresses {

    // virDomainPCIConnectFlags
    static final int PCI_DEVICE = 1;
    static final int PCIE_DEVICE = 2;
    static final int PCIE_ROOT_PORT = 4;
    static final int DMI_TO_PCI_BRIDGE = 8;
    static final int PCI_BRIDGE = 16;
    static final int PCIE_TO_PCI_BRIDGE = 32;
    static final int HOTPLUGGABLE = 64;
    static final int AGGREGATE_SLOT = 128;
    static final int PCIE_SWITCH_UPSTREAM_PORT = 256;
    static final int PCIE_SWITCH_DOWNSTREAM_PORT = 512;
    private static final int TYPES = PCI_DEVICE | PCIE_DEVICE | PCIE_ROOT_PORT | DMI_TO_PCI_BRIDGE | PCI_BRIDGE
            | PCIE_TO_PCI_BRIDGE | PCIE_SWITCH_UPSTREAM_PORT | PCIE_SWITCH_DOWNSTREAM_PORT;

    private QemuDomainAddresses() {}

    /** A PCI address on domain 0; {@code multi} is the multifunction switch (null when absent). */
    public record PciAddr(int bus, int slot, int function, Boolean multi) {
        XmlElem toXml() {
            XmlElem x = XmlElem.of("address", "type", "pci", "domain", "0x0000", "bus", String.format("0x%02x", bus),
                    "slot", String.format("0x%02x", slot), "function", "0x" + Integer.toHexString(function));
            return multi == null ? x : x.withAttr("multifunction", multi ? "on" : "off");
        }

        /** QEMU's addr= form: 0x3, or 0x1.0x2 for a non-zero function. */
        public String qemuAddr() {
            return "0x" + Integer.toHexString(slot) + (function != 0 ? ".0x" + Integer.toHexString(function) : "");
        }
    }

    public static boolean isQ35(DomainDef def) {
        String m = def.osMachine();
        return m != null && (m.equals("q35") || m.startsWith("pc-q35-"));
    }

    public static boolean isI440fx(DomainDef def) {
        String m = def.osMachine();
        return m != null && (m.equals("pc") || m.startsWith("pc-i440fx-") || m.matches("pc-\\d.*"));
    }

    /** The {@code <address type='pci'>} recorded on a device, or null. Only PCI domain 0 is handled. */
    public static PciAddr pciAddress(XmlElem x) {
        XmlElem a = x.child("address");
        if (a == null || !"pci".equals(a.attr("type"))) {
            return null;
        }
        if (num(a.attr("domain")) != 0) {
            throw QemuCommandBuilder.unsupported("pci domain");
        }
        String mf = a.attr("multifunction");
        return new PciAddr(num(a.attr("bus")), num(a.attr("slot")), num(a.attr("function")),
                mf == null ? null : mf.equals("on"));
    }

    private static int num(String v) {
        return v == null ? 0 : Integer.decode(v);
    }

    /**
     * The definition with PCI addresses assigned and recorded, as libvirt stores it after define/start. Existing
     * addresses are kept, so the function is idempotent.
     */
    public static DomainDef assign(DomainDef def, QemuBuildContext ctx) {
        boolean q35 = isQ35(def);
        if (!q35 && !isI440fx(def)) {
            throw QemuCommandBuilder.unsupported("machine " + def.osArch() + "/" + def.osMachine());
        }
        List<DomainDevice> devs = withImplicitDevices(def, q35);
        // 1st pass: how many buses are needed
        Pass dry = new Pass(devs, q35, true);
        dry.run();
        int existing = dry.initialBuses;
        for (int i = existing; i < dry.buses.size(); i++) {
            devs.add(new DomainDevice(DeviceKind.CONTROLLER, XmlElem.of("controller", "type", "pci", "index",
                    Integer.toString(i), "model", dry.buses.get(i).model)));
        }
        Pass real = new Pass(devs, q35, false);
        real.run();
        real.setAllMulti();
        List<DomainDevice> out = new ArrayList<>();
        for (int i = 0; i < devs.size(); i++) {
            DomainDevice d = devs.get(i);
            XmlElem x = d.xml();
            PciAddr a = real.addr.get(i);
            if (a != null && real.assigned[i]) {
                x = withAddress(x, a.toXml());
            }
            if (d.kind() == DeviceKind.CONTROLLER && "pci".equals(x.attr("type"))) {
                x = pciControllerDetails(x, a);
            }
            out.add(d.withXml(x));
        }
        return def.withDevices(out);
    }

    private static XmlElem withAddress(XmlElem x, XmlElem address) {
        List<XmlElem> ch = new ArrayList<>(x.children());
        ch.removeIf(c -> c.name().equals("address"));
        ch.add(address);
        return x.withChildren(ch);
    }

    /** libvirt fills in the QEMU device model name and, for ports and bridges, the chassis/port numbers. */
    private static XmlElem pciControllerDetails(XmlElem x, PciAddr a) {
        String model = x.attr("model");
        String name = switch (model) {
            case "pcie-root-port" -> "pcie-root-port";
            case "pci-bridge" -> "pci-bridge";
            case "dmi-to-pci-bridge" -> "i82801b11-bridge";
            case "pcie-to-pci-bridge" -> "pcie-pci-bridge";
            case "pcie-switch-upstream-port" -> "x3130-upstream";
            case "pcie-switch-downstream-port" -> "xio3130-downstream";
            default -> null;
        };
        if (name == null) {
            return x;
        }
        List<XmlElem> ch = new ArrayList<>(x.children());
        if (x.child("model") == null) {
            ch.add(0, XmlElem.of("model", "name", name));
        }
        int idx = Integer.parseInt(x.attr("index"));
        XmlElem target = x.child("target");
        int tpos = ch.indexOf(target);
        if (model.equals("pcie-root-port") || model.equals("pcie-switch-downstream-port")) {
            XmlElem t = target == null ? XmlElem.of("target") : target;
            if (t.attr("chassis") == null) {
                t = t.withAttr("chassis", Integer.toString(idx));
            }
            if (t.attr("port") == null && a != null) {
                // a root port is numbered by slot and function, a switch's port by its slot on the switch
                int port = model.equals("pcie-root-port") ? (a.slot() << 3) + a.function() : a.slot();
                t = t.withAttr("port", "0x" + Integer.toHexString(port));
            }
            t = orderAttrs(t, "chassis", "port", "hotplug");
            if (target == null) {
                ch.add(1, t);
            } else {
                ch.set(tpos, t);
            }
        } else if (model.equals("pci-bridge")) {
            XmlElem t = target == null ? XmlElem.of("target") : target;
            if (t.attr("chassisNr") == null) {
                t = t.withAttr("chassisNr", Integer.toString(idx));
            }
            if (target == null) {
                ch.add(1, t);
            } else {
                ch.set(tpos, t);
            }
        }
        return x.withChildren(ch);
    }

    private static XmlElem orderAttrs(XmlElem t, String... order) {
        List<XmlElem.Attr> attrs = new ArrayList<>(t.attrs());
        List<String> o = List.of(order);
        attrs.sort(Comparator.comparingInt(at -> o.indexOf(at.name()) < 0 ? 99 : o.indexOf(at.name())));
        return t.withAttrs(attrs);
    }

    /**
     * The devices the qemu driver's post-parse adds: pci-root (pc) or pcie-root and the ICH9 SATA controller
     * (q35), a USB controller at index 0 (PIIX3 UHCI on pc, qemu-xhci on q35), and a virtio balloon.
     */
    static List<DomainDevice> withImplicitDevices(DomainDef def, boolean q35) {
        List<DomainDevice> devs = new ArrayList<>(def.devices());
        if (controllers(devs, "usb").isEmpty()) {
            devs.add(new DomainDevice(DeviceKind.CONTROLLER, XmlElem.of("controller", "type", "usb", "index", "0",
                    "model", q35 ? "qemu-xhci" : "piix3-uhci")));
        } else {
            for (int i = 0; i < devs.size(); i++) {
                XmlElem x = devs.get(i).xml();
                if (devs.get(i).kind() == DeviceKind.CONTROLLER && "usb".equals(x.attr("type"))
                        && x.attr("model") == null) {
                    devs.set(i, devs.get(i).withXml(x.withAttrAfter("model", q35 ? "qemu-xhci" : "piix3-uhci",
                            "index")));
                }
            }
        }
        if (q35 && controllers(devs, "sata").stream().noneMatch(x -> "0".equals(x.attr("index")))) {
            devs.add(new DomainDevice(DeviceKind.CONTROLLER, XmlElem.of("controller", "type", "sata", "index",
                    "0")));
        }
        if (controllers(devs, "pci").stream().noneMatch(x -> "0".equals(x.attr("index")))) {
            devs.add(new DomainDevice(DeviceKind.CONTROLLER, XmlElem.of("controller", "type", "pci", "index", "0",
                    "model", q35 ? "pcie-root" : "pci-root")));
        }
        if (devs.stream().noneMatch(d -> d.kind() == DeviceKind.MEMBALLOON)) {
            devs.add(new DomainDevice(DeviceKind.MEMBALLOON, XmlElem.of("memballoon", "model", "virtio")));
        }
        return devs;
    }

    private static List<XmlElem> controllers(List<DomainDevice> devs, String type) {
        return devs.stream().filter(d -> d.kind() == DeviceKind.CONTROLLER && type.equals(d.xml().attr("type")))
                .map(DomainDevice::xml).toList();
    }

    /** One PCI bus: which connections it accepts and which slot functions are taken. */
    private static final class Bus {
        final String model;
        final int flags;
        final int minSlot;
        final int maxSlot;
        final int[] functions = new int[32];
        final boolean[] aggregate = new boolean[32];

        Bus(String model, boolean hotplug) {
            this.model = model;
            int hp = hotplug ? HOTPLUGGABLE : 0;
            switch (model) {
                case "pci-root" -> {
                    flags = PCI_DEVICE | PCI_BRIDGE | HOTPLUGGABLE;
                    minSlot = 1;
                    maxSlot = 31;
                }
                case "pcie-root" -> {
                    flags = PCIE_DEVICE | PCIE_ROOT_PORT | DMI_TO_PCI_BRIDGE;
                    minSlot = 1;
                    maxSlot = 31;
                }
                case "pcie-root-port", "pcie-switch-downstream-port" -> {
                    // one slot, for a PCIe device, a PCIe-to-PCI bridge or a switch; hotplug='off' only tells
                    // QEMU, libvirt still places hot-pluggable devices there
                    flags = PCIE_DEVICE | PCIE_TO_PCI_BRIDGE | PCIE_SWITCH_UPSTREAM_PORT | HOTPLUGGABLE;
                    minSlot = 0;
                    maxSlot = 0;
                }
                case "pcie-switch-upstream-port" -> {
                    flags = PCIE_SWITCH_DOWNSTREAM_PORT; // the switch's internal bus holds only its ports
                    minSlot = 0;
                    maxSlot = 31;
                }
                case "pci-bridge", "pcie-to-pci-bridge" -> {
                    flags = PCI_DEVICE | PCI_BRIDGE | hp;
                    minSlot = 1;
                    maxSlot = 31;
                }
                case "dmi-to-pci-bridge" -> {
                    flags = PCI_DEVICE | PCI_BRIDGE;
                    minSlot = 0;
                    maxSlot = 31;
                }
                default -> throw QemuCommandBuilder.unsupported("pci controller " + model);
            }
        }

        boolean accepts(int devFlags) {
            return (flags & devFlags & TYPES) != 0 && ((devFlags & HOTPLUGGABLE) == 0 || (flags & HOTPLUGGABLE) != 0);
        }

        boolean fullyReserved() {
            for (int s = minSlot; s <= maxSlot; s++) {
                if (functions[s] != 0xff) {
                    return false;
                }
            }
            return true;
        }
    }

    /** One assignment pass over the device list (libvirt's virDomainPCIAddressSet plus its dryRun mode). */
    private static final class Pass {
        final List<DomainDevice> devs;
        final boolean q35;
        final boolean dryRun;
        final List<Bus> buses = new ArrayList<>();
        final List<PciAddr> addr = new ArrayList<>();
        final boolean[] assigned;
        int initialBuses;

        Pass(List<DomainDevice> devs, boolean q35, boolean dryRun) {
            this.devs = devs;
            this.q35 = q35;
            this.dryRun = dryRun;
            this.assigned = new boolean[devs.size()];
        }

        void run() {
            List<XmlElem> pcis = new ArrayList<>(controllers(devs, "pci"));
            pcis.sort(Comparator.comparingInt(x -> Integer.parseInt(x.attr("index"))));
            for (int i = 0; i < pcis.size(); i++) {
                XmlElem c = pcis.get(i);
                if (Integer.parseInt(c.attr("index")) != i) {
                    throw QemuCommandBuilder.unsupported("pci controller indexes");
                }
                XmlElem t = c.child("target");
                buses.add(new Bus(c.attr("model"), t == null || !"off".equals(t.attr("hotplug"))));
            }
            if (buses.isEmpty() || !buses.get(0).model.equals(q35 ? "pcie-root" : "pci-root")) {
                throw QemuCommandBuilder.unsupported("pci root");
            }
            initialBuses = buses.size();
            for (DomainDevice d : devs) {
                PciAddr a = pciAddress(d.xml());
                if (a != null && a.slot() == 0 && a.bus() == 0 && a.function() == 0) {
                    a = null; // an empty <address type='pci'/> asks for assignment
                }
                addr.add(a);
                if (a != null) {
                    reserve(a, 0, false);
                }
            }
            if (q35) {
                validateQ35();
            } else {
                validatePiix3();
            }
            for (int i : order()) {
                int flags = connectFlags(devs.get(i));
                if (q35 && devs.get(i).kind() == DeviceKind.SOUND && "ich9".equals(devs.get(i).xml().attr("model"))
                        && addr.get(i) == null && !hasOtherAddress(devs.get(i).xml())) {
                    // the ICH9 HDA is integrated: 00:1b.0, as on real hardware
                    if (slotInUse(0x1b)) {
                        throw QemuCommandBuilder.unsupported("ich9 sound address");
                    }
                    PciAddr a = new PciAddr(0, 0x1b, 0, null);
                    reserve(a, 0, true);
                    setAddr(i, a);
                    continue;
                }
                if (flags == 0 || addr.get(i) != null || hasOtherAddress(devs.get(i).xml())) {
                    continue;
                }
                PciAddr a = next(flags);
                reserve(a, flags, true);
                addr.set(i, a);
                assigned[i] = true;
            }
            if (dryRun) {
                // pc keeps a free slot for a future bridge; q35 gets one spare hotplug root port once any
                // had to be added
                boolean spare = q35 ? buses.size() > initialBuses : !buses.stream().allMatch(Bus::fullyReserved);
                if (spare) {
                    int flags = (q35 ? PCIE_DEVICE : PCI_DEVICE) | HOTPLUGGABLE;
                    reserve(next(flags), flags, true);
                }
            }
        }

        private static boolean hasOtherAddress(XmlElem x) {
            XmlElem a = x.child("address");
            return a != null && !"pci".equals(a.attr("type"));
        }

        private void reserve(PciAddr a, int flags, boolean auto) {
            if (a.bus() >= buses.size() || a.slot() > 31 || a.function() > 7) {
                throw QemuCommandBuilder.unsupported("pci address on a missing bus");
            }
            Bus b = buses.get(a.bus());
            if ((b.functions[a.slot()] & (1 << a.function())) != 0) {
                throw QemuCommandBuilder.unsupported("pci address in use");
            }
            b.functions[a.slot()] |= 1 << a.function();
            if ((flags & AGGREGATE_SLOT) != 0 && a.function() == 0) {
                b.aggregate[a.slot()] = true;
            }
        }

        private void reserveSlot(int bus, int slot) {
            buses.get(bus).functions[slot] = 0xff;
        }

        private boolean slotInUse(int slot) {
            return buses.get(0).functions[slot] != 0;
        }

        /** virDomainPCIAddressGetNextAddr: first fit over all buses, growing the set in a dry run. */
        private PciAddr next(int flags) {
            for (int bi = 0; bi < buses.size(); bi++) {
                Bus b = buses.get(bi);
                if (!b.accepts(flags)) {
                    continue;
                }
                int slot = b.minSlot;
                int fn = 0;
                while (slot <= b.maxSlot) {
                    if (b.functions[slot] == 0) {
                        return new PciAddr(bi, slot, 0, null);
                    }
                    if ((flags & AGGREGATE_SLOT) != 0 && b.aggregate[slot]) {
                        if ((b.functions[slot] & (1 << fn)) == 0) {
                            return new PciAddr(bi, slot, fn, null);
                        }
                        if (fn < 7) {
                            fn++;
                            continue;
                        }
                    }
                    slot++;
                    fn = 0;
                }
            }
            if (!dryRun) {
                throw QemuCommandBuilder.unsupported("no free PCI slot");
            }
            return grow(flags);
        }

        /** virDomainPCIAddressSetGrow: add the controller(s) a device with these flags can plug into. */
        private PciAddr grow(int flags) {
            if ((flags & PCI_DEVICE) != 0) {
                boolean havePciBridgeSlot = buses.stream().anyMatch(b -> (b.flags & PCI_BRIDGE) != 0);
                if (q35 && !havePciBridgeSlot) {
                    boolean haveRootPort = buses.stream().anyMatch(b -> (b.flags & PCIE_TO_PCI_BRIDGE) != 0);
                    if (haveRootPort) {
                        // where the dry run would count the bridge is not pinned down by the corpus
                        throw QemuCommandBuilder.unsupported("pcie-to-pci-bridge on an existing root port");
                    }
                    Bus port = new Bus("pcie-root-port", true);
                    port.functions[0] = 1; // taken by the bridge added below
                    buses.add(port);
                    buses.add(new Bus("pcie-to-pci-bridge", true));
                } else {
                    buses.add(new Bus("pci-bridge", true));
                }
            } else if ((flags & PCIE_DEVICE) != 0) {
                buses.add(new Bus("pcie-root-port", true));
            } else {
                throw QemuCommandBuilder.unsupported("pci topology");
            }
            Bus b = buses.getLast();
            return new PciAddr(buses.size() - 1, b.minSlot, 0, null);
        }

        private void setAddr(int i, PciAddr a) {
            addr.set(i, a);
            assigned[i] = true;
        }

        /** qemuDomainValidateDevicePCISlotsPIIX3: PIIX3 functions on slot 1, primary video on slot 2. */
        private void validatePiix3() {
            for (int i = 0; i < devs.size(); i++) {
                DomainDevice d = devs.get(i);
                XmlElem x = d.xml();
                if (d.kind() != DeviceKind.CONTROLLER || !"0".equals(x.attr("index")) || addr.get(i) != null) {
                    continue;
                }
                if ("ide".equals(x.attr("type"))) {
                    setAddr(i, new PciAddr(0, 1, 1, null));
                } else if ("usb".equals(x.attr("type")) && "piix3-uhci".equals(x.attr("model"))) {
                    setAddr(i, new PciAddr(0, 1, 2, null));
                }
            }
            reserveSlot(0, 1);
            List<Integer> videos = indexes(DeviceKind.VIDEO);
            if (!videos.isEmpty()) {
                int v = videos.get(0);
                if (addr.get(v) == null && !hasOtherAddress(devs.get(v).xml())
                        && connectFlags(devs.get(v)) != 0) {
                    if (slotInUse(2)) {
                        throw QemuCommandBuilder.unsupported("primary video address");
                    }
                    PciAddr a = new PciAddr(0, 2, 0, null);
                    reserve(a, 0, true);
                    setAddr(v, a);
                }
            }
        }

        /** qemuDomainValidateDevicePCISlotsQ35: SATA at 1f.2, LPC/SMBus on slot 0x1f, primary video on slot 1. */
        private void validateQ35() {
            for (int i = 0; i < devs.size(); i++) {
                DomainDevice d = devs.get(i);
                XmlElem x = d.xml();
                if (d.kind() != DeviceKind.CONTROLLER) {
                    continue;
                }
                String type = x.attr("type");
                if ("sata".equals(type) && "0".equals(x.attr("index"))) {
                    PciAddr want = new PciAddr(0, 0x1f, 2, null);
                    PciAddr a = addr.get(i);
                    if (a == null) {
                        setAddr(i, want);
                        reserve(want, 0, true);
                    } else if (a.slot() != 0x1f || a.function() != 2 || a.bus() != 0) {
                        throw QemuCommandBuilder.unsupported("primary SATA address");
                    }
                } else if ("usb".equals(type) && x.attr("model") != null && x.attr("model").startsWith("ich9-")
                        && addr.get(i) == null) {
                    throw QemuCommandBuilder.unsupported("ich9 usb companions");
                } else if ("pci".equals(type) && "dmi-to-pci-bridge".equals(x.attr("model"))
                        && addr.get(i) == null && !slotInUse(0x1e)) {
                    PciAddr a = new PciAddr(0, 0x1e, 0, null);
                    reserve(a, 0, true);
                    setAddr(i, a);
                }
            }
            Bus root = buses.get(0);
            if ((root.functions[0x1f] & 0b1001) != 0) {
                throw QemuCommandBuilder.unsupported("slot 0x1f in use");
            }
            root.functions[0x1f] |= 0b1001;
            List<Integer> videos = indexes(DeviceKind.VIDEO);
            if (!videos.isEmpty() && connectFlags(devs.get(videos.get(0))) != 0) {
                int v = videos.get(0);
                if (addr.get(v) == null && !hasOtherAddress(devs.get(v).xml())) {
                    if (slotInUse(1)) {
                        throw QemuCommandBuilder.unsupported("primary video address");
                    }
                    PciAddr a = new PciAddr(0, 1, 0, null);
                    reserve(a, 0, true);
                    setAddr(v, a);
                }
            }
        }

        private List<Integer> indexes(DeviceKind kind) {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < devs.size(); i++) {
                if (devs.get(i).kind() == kind) {
                    out.add(i);
                }
            }
            return out;
        }

        /** qemuDomainAssignDevicePCISlots' order. */
        private List<Integer> order() {
            List<Integer> out = new ArrayList<>();
            List<Integer> ctrls = indexes(DeviceKind.CONTROLLER);
            List<Integer> pci = new ArrayList<>(ctrls.stream()
                    .filter(i -> "pci".equals(devs.get(i).xml().attr("type"))).toList());
            pci.sort(Comparator.comparingInt(i -> Integer.parseInt(devs.get(i).xml().attr("index"))));
            out.addAll(pci);
            out.addAll(indexes(DeviceKind.FILESYSTEM));
            out.addAll(indexes(DeviceKind.INTERFACE));
            out.addAll(indexes(DeviceKind.SOUND));
            out.addAll(ctrls.stream().filter(i -> !"pci".equals(devs.get(i).xml().attr("type"))).toList());
            out.addAll(indexes(DeviceKind.DISK));
            out.addAll(indexes(DeviceKind.HOSTDEV));
            out.addAll(indexes(DeviceKind.MEMBALLOON));
            out.addAll(indexes(DeviceKind.RNG));
            out.addAll(indexes(DeviceKind.WATCHDOG));
            out.addAll(indexes(DeviceKind.VIDEO));
            out.addAll(indexes(DeviceKind.SHMEM));
            out.addAll(indexes(DeviceKind.INPUT));
            out.addAll(indexes(DeviceKind.SERIAL));
            out.addAll(indexes(DeviceKind.VSOCK));
            out.addAll(indexes(DeviceKind.MEMORY));
            out.addAll(indexes(DeviceKind.IOMMU));
            for (int i = 0; i < devs.size(); i++) {
                if (!out.contains(i) && connectFlags(devs.get(i)) != 0) {
                    throw QemuCommandBuilder.unsupported("pci device " + devs.get(i).kind().element());
                }
            }
            return out;
        }

        /** qemuDomainDeviceCalculatePCIConnectFlags for the devices modelled here; 0 when not on PCI. */
        int connectFlags(DomainDevice d) {
            int pcie = (q35 ? PCIE_DEVICE : PCI_DEVICE) | HOTPLUGGABLE;
            int pci = PCI_DEVICE | HOTPLUGGABLE;
            XmlElem x = d.xml();
            return switch (d.kind()) {
                case CONTROLLER -> controllerFlags(x, pcie, pci);
                case INTERFACE -> {
                    if ("hostdev".equals(x.attr("type"))) {
                        throw QemuCommandBuilder.unsupported("hostdev interface");
                    }
                    XmlElem m = x.child("model");
                    String model = m == null ? "rtl8139" : m.attr("type");
                    yield switch (model) {
                        case "virtio", "virtio-non-transitional" -> pcie;
                        case "e1000e" -> pcie;
                        case "virtio-transitional", "e1000", "rtl8139", "ne2k_pci", "pcnet", "i82551",
                             "i82557b", "i82559er", "vmxnet3" -> pci;
                        default -> throw QemuCommandBuilder.unsupported("net model " + model);
                    };
                }
                case DISK -> {
                    XmlElem t = x.child("target");
                    yield t != null && "virtio".equals(t.attr("bus")) ? virtio(x.attr("model"), pcie, pci) : 0;
                }
                case MEMBALLOON, RNG, VSOCK -> "none".equals(x.attr("model")) || d.kind() == DeviceKind.RNG
                        && !x.attr("model").startsWith("virtio") ? 0 : virtio(x.attr("model"), pcie, pci);
                case FILESYSTEM -> {
                    if (x.attr("type") != null && !"mount".equals(x.attr("type"))) {
                        throw QemuCommandBuilder.unsupported("filesystem type");
                    }
                    yield virtio(x.attr("model"), pcie, pci);
                }
                case VIDEO -> {
                    XmlElem m = x.child("model");
                    String type = m == null ? "cirrus" : m.attr("type");
                    yield switch (type) {
                        case "virtio" -> pcie;
                        case "vga", "cirrus", "qxl" -> pci;
                        case "bochs" -> pcie;
                        case "none", "ramfb" -> 0;
                        default -> throw QemuCommandBuilder.unsupported("video model " + type);
                    };
                }
                case INPUT -> "virtio".equals(x.attr("bus")) ? virtio(x.attr("model"), pcie, pci) : 0;
                case WATCHDOG -> "i6300esb".equals(x.attr("model")) ? pci : 0;
                case SOUND -> switch (x.attr("model")) {
                    case "ich6", "ac97", "es1370" -> pci;
                    case "ich9" -> pcie;
                    case "pcspk", "sb16", "usb" -> 0;
                    default -> throw QemuCommandBuilder.unsupported("sound model");
                };
                case SERIAL -> {
                    XmlElem t = x.child("target");
                    if (t != null && "pci-serial".equals(t.attr("type"))) {
                        yield pci;
                    }
                    yield 0;
                }
                case HOSTDEV, SHMEM, MEMORY, IOMMU, CRYPTO -> {
                    if (d.kind() == DeviceKind.HOSTDEV && "mdev".equals(x.attr("type"))
                            && "vfio-pci".equals(x.attr("model"))) {
                        // a vfio-pci mdev counts as PCIe; with ramfb it cannot be hot-unplugged
                        yield "on".equals(x.attr("ramfb")) ? pcie & ~HOTPLUGGABLE : pcie;
                    }
                    if (d.kind() == DeviceKind.HOSTDEV && "usb".equals(x.attr("type"))) {
                        yield 0;
                    }
                    if (d.kind() == DeviceKind.HOSTDEV && "scsi".equals(x.attr("type"))) {
                        yield 0;
                    }
                    if (d.kind() == DeviceKind.HOSTDEV && "scsi_host".equals(x.attr("type"))) {
                        yield virtio(x.attr("model"), pcie, pci); // vhost-scsi is a virtio device
                    }
                    if (d.kind() == DeviceKind.MEMORY && Set.of("dimm", "nvdimm").contains(x.attr("model"))) {
                        yield 0;
                    }
                    if (d.kind() == DeviceKind.MEMORY && "virtio-pmem".equals(x.attr("model"))) {
                        yield pcie;
                    }
                    if (d.kind() == DeviceKind.IOMMU && "intel".equals(x.attr("model"))) {
                        yield 0;
                    }
                    throw QemuCommandBuilder.unsupported("pci placement of " + d.kind().element());
                }
                default -> 0;
            };
        }

        private static int virtio(String model, int pcie, int pci) {
            return "virtio-transitional".equals(model) ? pci : pcie;
        }

        private int controllerFlags(XmlElem x, int pcie, int pci) {
            String type = x.attr("type");
            String model = x.attr("model");
            return switch (type) {
                case "pci" -> switch (model) {
                    case "pci-root", "pcie-root" -> 0;
                    case "pcie-root-port" -> PCIE_ROOT_PORT | AGGREGATE_SLOT;
                    case "pci-bridge" -> PCI_BRIDGE;
                    case "dmi-to-pci-bridge" -> DMI_TO_PCI_BRIDGE;
                    case "pcie-to-pci-bridge" -> PCIE_TO_PCI_BRIDGE;
                    case "pcie-switch-upstream-port" -> PCIE_SWITCH_UPSTREAM_PORT;
                    case "pcie-switch-downstream-port" -> PCIE_SWITCH_DOWNSTREAM_PORT;
                    default -> throw QemuCommandBuilder.unsupported("pci controller " + model);
                };
                case "usb" -> switch (model) {
                    case "none" -> 0;
                    case "qemu-xhci", "nec-xhci" -> pcie;
                    case "piix3-uhci", "piix4-uhci", "ehci", "vt82c686b-uhci", "pci-ohci" -> pci;
                    case "ich9-ehci1", "ich9-uhci1", "ich9-uhci2", "ich9-uhci3" -> {
                        if (pciAddress(x) == null) {
                            // a USB2 set shares one slot (function 7 for EHCI): not modelled
                            throw QemuCommandBuilder.unsupported("usb companions without addresses");
                        }
                        yield pci;
                    }
                    default -> throw QemuCommandBuilder.unsupported("usb model " + model);
                };
                case "virtio-serial" -> virtio(model, pcie, pci);
                case "scsi" -> {
                    if (model == null || model.equals("lsilogic")) {
                        yield pci;
                    }
                    yield switch (model) {
                        case "virtio-scsi", "virtio-non-transitional" -> pcie;
                        case "virtio-transitional" -> pci;
                        case "lsisas1068", "lsisas1078", "vmpvscsi", "am53c974", "dc390" -> pci;
                        default -> throw QemuCommandBuilder.unsupported("scsi model " + model);
                    };
                }
                case "sata" -> pcie;
                case "ide" -> {
                    if (q35 || !"0".equals(x.attr("index"))) {
                        throw QemuCommandBuilder.unsupported("ide controller");
                    }
                    yield 0;
                }
                case "fdc", "ccid", "xenbus", "isa" -> 0;
                default -> throw QemuCommandBuilder.unsupported("controller " + type);
            };
        }

        /** virDomainPCIAddressSetAllMulti: function 0 of a slot with other functions in use becomes multifunction. */
        void setAllMulti() {
            for (int i = 0; i < devs.size(); i++) {
                PciAddr a = addr.get(i);
                if (a == null || a.function() != 0 || a.multi() != null) {
                    continue;
                }
                if ((buses.get(a.bus()).functions[a.slot()] & ~1) != 0) {
                    addr.set(i, new PciAddr(a.bus(), a.slot(), 0, true));
                    assigned[i] = true;
                }
            }
        }
    }
}
