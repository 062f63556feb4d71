package org.jvirt.qemu.command;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.domain.DeviceKind;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDevice;
import org.jvirt.model.domain.XmlElem;

/**
 * Domain definition to QEMU command line, after libvirt's qemuBuildCommandLine (src/qemu/qemu_command.c) for a
 * QEMU 7.2-class binary (-blockdev, JSON -device, -audiodev). Pure: the same inputs give the same argv.
 *
 * <p>Covered: x86_64/i686 "pc"/"pc-i440fx-*" and "q35"/"pc-q35-*" TCG or KVM guests with a plain custom CPU
 * model, PCI(e) topology and addresses from {@link QemuDomainAddresses}, guest RAM and NUMA ({@link QemuMemory}),
 * manual pflash firmware ({@link QemuFirmware}), controllers ({@link QemuControllers}), disks ({@link QemuDisks}),
 * virtio-9p and virtiofs shares ({@link QemuFilesystems}), USB host devices ({@link QemuPassthrough}), interfaces
 * ({@link QemuNet}), serial/parallel/channel chardevs ({@link QemuChardevs}), TPMs ({@link QemuTpmArgs}), inputs,
 * audio, VNC/SPICE ({@link QemuSpice})/egl-headless, video,
 * sound/watchdog/panic ({@link QemuMiscDevices}), balloon and RNG. Anything else raises CONFIG_UNSUPPORTED rather
 * than produce a command line libvirt would not.
 *
 * <p>With {@link QemuBuildContext#live()} the builder never relies on descriptors passed by the parent: the
 * monitor, listening UNIX chardevs and TAP devices are named by path instead (see {@link QemuNet}).
 */
public final class QemuCommandBuilder {

    private QemuCommandBuilder() {}

    public static QemuCommandLine build(DomainDef def, QemuBuildContext ctx) {
        return new Run(def, ctx).build();
    }

    static VirException unsupported(String what) {
        return VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.QEMU, what);
    }

    /** Per-build state (PCI slot allocation, counters); never shared. */
    private static final class Run {
        private final DomainDef def;
        private final QemuBuildContext ctx;
        private final List<String> args = new ArrayList<>();
        private final Map<DomainDevice, Integer> bootIndex = new HashMap<>();
        private final boolean q35;

        Run(DomainDef def, QemuBuildContext ctx) {
            this.q35 = QemuDomainAddresses.isQ35(def);
            this.def = QemuDomainAddresses.assign(def, ctx);
            this.ctx = ctx;
        }

        private void add(String... a) {
            args.addAll(List.of(a));
        }

        QemuCommandLine build() {
            checkTopLevel();
            QemuFilesystems.validate(def);
            String dir = ctx.domainDir(def.name());
            List<String> env = new ArrayList<>(List.of("LC_ALL=C", "PATH=/bin", "HOME=" + dir, "USER=test",
                    "LOGNAME=test", "XDG_DATA_HOME=" + dir + "/.local/share", "XDG_CACHE_HOME=" + dir + "/.cache",
                    "XDG_CONFIG_HOME=" + dir + "/.config"));
            if ((ctx.conf().vncSasl() || ctx.conf().spiceSasl()) && !def.devices(DeviceKind.GRAPHICS).isEmpty()) {
                env.add("SASL_CONF_PATH=" + QemuConf.SASL_CONF_PATH);
            }
            assignBoot();
            add(def.emulator() != null ? def.emulator() : ctx.emulator());
            add("-name", "guest=" + def.name().replace(",", ",,") + ",debug-threads=on");
            add("-S");
            add("-object", Json.obj().put("qom-type", "secret").put("id", "masterKey0").put("format", "raw")
                    .put("file", dir + "/master-key.aes").toString());
            XmlElem features = def.section("features").orElse(null);
            QemuMemory mem = new QemuMemory(def, ctx);
            QemuFirmware firmware = new QemuFirmware(def, ctx);
            args.addAll(firmware.blockdevs());
            if (firmware.smm() && !machineFeatures().isEmpty()) {
                throw unsupported("machine features with firmware smm"); // merge and order not pinned down
            }
            String machine = def.osMachine() + ",usb=off" + machineFeatures() + (firmware.smm() ? ",smm=on" : "")
                    + ",dump-guest-core=off"
                    + (mem.numa() ? "" : ",memory-backend=pc.ram") + (mem.nvdimm() ? ",nvdimm=on" : "")
                    + firmware.machineProps();
            if (mem.nvdimm() && !firmware.machineProps().isEmpty()) {
                throw unsupported("nvdimm with pflash"); // property order not pinned down
            }
            if (timerPresent("hpet") == Boolean.FALSE) {
                if (!firmware.machineProps().isEmpty()) {
                    throw unsupported("hpet with pflash"); // property order not pinned down
                }
                machine += ",hpet=off";
            }
            add("-machine", machine);
            add("-accel", def.type().equals("kvm") ? "kvm" : "tcg" + tbSize(features));
            XmlElem smm = features == null ? null : features.child("smm");
            if (smm != null && smm.child("tseg") != null) {
                if (!q35 || !"on".equals(smm.attr("state"))) {
                    throw unsupported("tseg");
                }
                add("-global", "mch.extended-tseg-mbytes=" + smm.child("tseg").text().strip());
            }
            String eoi = features == null || features.child("apic") == null ? null
                    : features.child("apic").attr("eoi");
            XmlElem pvspin = features == null ? null : features.child("pvspinlock");
            if (eoi != null && pvspin != null) {
                throw unsupported("kvm-pv-eoi with pvspinlock"); // property order not pinned down
            }
            String hv = QemuMiscDevices.cpuFlags(def);
            if (!hv.isEmpty() && (eoi != null || pvspin != null)) {
                throw unsupported("hyperv with kvm cpu flags"); // property order not pinned down
            }
            add("-cpu", cpuModel() + (eoi == null ? "" : ",kvm-pv-eoi=" + eoi)
                    + (pvspin == null ? "" : ",kvm-pv-unhalt=" + pvspin.attr("state")) + hv);
            if (firmware.bios() != null) {
                add("-bios", firmware.bios());
            }
            if (firmware.smm()) {
                add("-global", "driver=cfi.pflash01,property=secure,value=on"); // only SMM code writes the store
            }
            add("-m", mem.memoryOption());
            if (!mem.numa()) {
                add(mem.pcRamArgs());
            }
            add("-overcommit", "mem-lock=off");
            add("-smp", QemuVcpus.smp(def));
            for (String o : QemuIOThreads.objects(def)) {
                add("-object", o);
            }
            for (String[] a : mem.numaArgs()) {
                add(a);
            }
            add("-uuid", def.uuid().toString());
            def.section("genid").ifPresent(g -> {
                String guid = g.text() == null ? "" : g.text().strip();
                if (guid.isEmpty() || !g.attrs().isEmpty()) {
                    throw unsupported("<genid> to generate"); // libvirt makes one up
                }
                add("-device", Json.obj().put("driver", "vmgenid").put("guid", guid).put("id", "vmgenid0").toString());
            });
            if (def.devices(DeviceKind.GRAPHICS).isEmpty()) {
                add("-display", "none");
            }
            add("-no-user-config");
            add("-nodefaults");
            add("-chardev", "socket,id=charmonitor," + (ctx.live() ? "path=" + ctx.monitorSocket() : "fd=1729")
                    + ",server=on,wait=off");
            add("-mon", "chardev=charmonitor,id=monitor,mode=control");
            clock();
            add("-no-shutdown");
            if (features == null || features.child("acpi") == null) {
                add("-no-acpi");
            }
            pm();
            XmlElem menu = def.section("os").orElseThrow().child("bootmenu");
            add("-boot", (menu == null ? "" : "yes".equals(menu.attr("enable")) ? "menu=on," : "menu=off,")
                    + "strict=on");
            directKernelBoot();
            iommu();
            controllers();
            disks();
            args.addAll(QemuFilesystems.build(def, ctx, this::pci));
            nets();
            chardevs();
            audio();
            graphics();
            eglHeadless();
            video();
            args.addAll(QemuMiscDevices.sounds(def, this::pci));
            args.addAll(QemuMiscDevices.watchdogs(def, this::pci));
            QemuMiscDevices.redirdevs(def, ctx, args);
            args.addAll(QemuPassthrough.hostdevs(def, bootIndex, this::pci, ctx.live()));
            balloon();
            rngs();
            add("-sandbox", "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny");
            args.addAll(QemuMiscDevices.panics(def));
            args.addAll(QemuMiscDevices.vsocks(def, ctx.live(), this::pci));
            add("-msg", "timestamp=on");
            return new QemuCommandLine(env, args);
        }

        // ---- validation of what this builder knows -------------------------------------------------------

        // <idmap> maps container user ids: the QEMU driver has no use for it
        private static final Set<String> KNOWN_SECTIONS = Set.of("os", "features", "clock", "on_poweroff",
                "on_reboot", "on_crash", "pm", "cpu", "memoryBacking", "genid", "numatune", "idmap", "iothreads",
                "iothreadids");

        /** qemuBuildIOMMUCommandLine for the Intel IOMMU on q35. */
        private void iommu() {
            for (DomainDevice d : def.devices(DeviceKind.IOMMU)) {
                XmlElem x = d.xml();
                XmlElem drv = x.child("driver");
                if (!q35 || !"intel".equals(x.attr("model")) || x.attrs().size() != 1
                        || x.children().size() > (drv == null ? 0 : 1)) {
                    throw unsupported("iommu");
                }
                Json j = Json.obj().put("driver", "intel-iommu").put("id", "iommu0");
                if (drv != null) {
                    String[][] props = {{"intremap", "intremap", "s"}, {"caching_mode", "caching-mode", "b"},
                        {"eim", "eim", "s"}, {"iotlb", "device-iotlb", "b"}, {"aw_bits", "aw-bits", "i"}};
                    int others = 0;
                    for (String[] p : props) {
                        String v = drv.attr(p[0]);
                        if (v == null) {
                            continue;
                        }
                        others += p[0].equals("intremap") ? 0 : 1;
                        j.put(p[1], switch (p[2]) {
                            case "b" -> (Object) v.equals("on");
                            case "i" -> (Object) Integer.parseInt(v);
                            default -> v;
                        });
                    }
                    if (others > 1 || drv.attrs().size() != others + (drv.attr("intremap") == null ? 0 : 1)) {
                        throw unsupported("iommu driver options"); // relative order not pinned down
                    }
                }
                add("-device", j.toString());
            }
        }

        /** The TCG translation block cache size ({@code <features><tcg><tb-cache>}), in MiB as -accel takes it. */
        private String tbSize(XmlElem features) {
            XmlElem tcg = features == null ? null : features.child("tcg");
            if (tcg == null) {
                return "";
            }
            XmlElem tb = tcg.child("tb-cache");
            if (tb == null || tcg.children().size() != 1 || !tcg.attrs().isEmpty()
                    || tb.attrs().stream().anyMatch(a -> !a.name().equals("unit"))) {
                throw unsupported("feature tcg");
            }
            long kib = Long.parseLong(tb.text().strip());
            String unit = orDefault(tb.attr("unit"), "KiB");
            long k = switch (unit) {
                case "KiB", "k", "K" -> kib;
                case "MiB", "M", "m" -> kib * 1024;
                case "GiB", "G", "g" -> kib * 1024 * 1024;
                default -> throw unsupported("tb-cache unit " + unit);
            };
            return ",tb-size=" + k / 1024;
        }

        /** qemuBuildMachineCommandLine's switches between usb=off and dump-guest-core. */
        private String machineFeatures() {
            XmlElem f = def.section("features").orElse(null);
            if (f == null) {
                return "";
            }
            StringBuilder sb = new StringBuilder();
            XmlElem vmport = f.child("vmport");
            XmlElem smm = f.child("smm");
            XmlElem ioapic = f.child("ioapic");
            if (Stream.of(vmport, smm, ioapic).filter(java.util.Objects::nonNull).count() > 1) {
                throw unsupported("machine feature combination"); // relative order not pinned down
            }
            if (vmport != null) {
                sb.append(",vmport=").append(vmport.attr("state"));
            }
            if (smm != null) {
                sb.append(",smm=").append(smm.attr("state"));
            }
            if (ioapic != null) {
                if (!q35) {
                    throw unsupported("ioapic on i440fx");
                }
                sb.append(",kernel_irqchip=split");
            }
            return sb.toString();
        }

        /** qemuBuildBootCommandLine: a kernel, initrd and command line given in {@code <os>} boot directly. */
        private void directKernelBoot() {
            XmlElem os = def.section("os").orElseThrow();
            for (String[] opt : new String[][] {{"kernel", "-kernel"}, {"initrd", "-initrd"}, {"cmdline", "-append"}}) {
                String v = os.childText(opt[0]);
                if (v != null) {
                    add(opt[1], v);
                }
            }
        }

        private void checkTopLevel() {
            if (!"qemu".equals(def.type()) && !"kvm".equals(def.type())) {
                throw unsupported("domain type " + def.type());
            }
            String m = def.osMachine();
            boolean i440fx = QemuDomainAddresses.isI440fx(def) || q35;
            if (!("x86_64".equals(def.osArch()) || "i686".equals(def.osArch())) || !i440fx
                    || !"hvm".equals(def.osType())) {
                throw unsupported("machine " + def.osArch() + "/" + def.osMachine());
            }
            for (XmlElem s : def.sections()) {
                if (!KNOWN_SECTIONS.contains(s.name())) {
                    throw unsupported("<" + s.name() + ">");
                }
            }
            XmlElem os = def.section("os").orElseThrow();
            if (!os.attrs().stream().allMatch(a -> a.name().equals("firmware"))) {
                throw unsupported("<os> attribute");
            }
            for (XmlElem c : os.children()) {
                if (c.name().equals("bootmenu") && c.attrs().size() == 1 && c.attr("enable") != null) {
                    continue;
                }
                if (!Set.of("type", "boot", "kernel", "initrd", "cmdline", "loader", "nvram", "firmware")
                        .contains(c.name()) || c.name().equals("firmware") && os.attr("firmware") == null) {
                    throw unsupported("<os><" + c.name() + ">");
                }
            }
            def.section("features").ifPresent(f -> {
                for (XmlElem c : f.children()) {
                    boolean eoiOnly = c.name().equals("apic") && c.attrs().size() == 1
                            && Set.of("on", "off").contains(orDefault(c.attr("eoi"), ""));
                    boolean state = Set.of("vmport", "pvspinlock").contains(c.name()) && c.attrs().size() == 1
                            && Set.of("on", "off").contains(orDefault(c.attr("state"), "")) && c.children().isEmpty();
                    boolean smm = c.name().equals("smm") && c.attrs().size() == 1
                            && Set.of("on", "off").contains(orDefault(c.attr("state"), ""))
                            && c.children().stream().allMatch(t -> t.name().equals("tseg") && t.attrs().stream()
                                    .allMatch(a -> a.name().equals("unit") && a.value().equals("MiB")));
                    boolean hyperv = c.name().equals("hyperv"); // checked by QemuMiscDevices.cpuFlags
                    if (c.name().equals("tcg") && "qemu".equals(def.type())) {
                        continue; // checked by tbSize
                    }
                    boolean ioapic = c.name().equals("ioapic") && c.attrs().size() == 1
                            && "qemu".equals(c.attr("driver"));
                    if (!(Set.of("acpi", "apic", "pae").contains(c.name()) && (c.attrs().isEmpty() || eoiOnly)
                            || state || smm || ioapic || hyperv) || !c.children().isEmpty() && !smm && !hyperv) {
                        throw unsupported("feature " + c.name());
                    }
                }
            });
            if (!"destroy".equals(orDefault(def.lifecycleAction("on_poweroff"), "destroy"))
                    || !Set.of("destroy", "restart").contains(orDefault(def.lifecycleAction("on_crash"), "destroy"))) {
                throw unsupported("lifecycle action");
            }
            if (def.currentMemory() > def.totalMemory() && def.memory().maxMemory() <= 0) {
                throw unsupported("memory hotplug");
            }
            // a vcpu cpuset is applied to the threads by libvirt, not passed to QEMU; current < maximum is -smp's
            // maxcpus (QemuVcpus)
            if (def.memory().dumpCore() != null) {
                throw unsupported("dumpCore");
            }
            for (DomainDevice d : def.devices()) {
                switch (d.kind()) {
                    case DISK, CONTROLLER, INTERFACE, SERIAL, CONSOLE, CHANNEL, INPUT, MEMBALLOON, AUDIO, GRAPHICS,
                         VIDEO, RNG, FILESYSTEM, HOSTDEV, TPM, IOMMU, SOUND, WATCHDOG, PANIC, PARALLEL, MEMORY,
                         VSOCK, REDIRDEV -> { }
                    default -> throw unsupported("device " + d.kind().element());
                }
            }
        }

        /** Only a plain custom model without features/topology is handled: it is passed through as is. */
        private String cpuModel() {
            XmlElem cpu = def.section("cpu").orElse(null);
            if (cpu == null) {
                return "qemu64";
            }
            cpu = cpu.withoutChildren("numa").withoutChildren("topology"); // QemuMemory's and QemuVcpus's
            if (cpu.attrs().isEmpty() && cpu.children().isEmpty()) {
                return "qemu64";
            }
            XmlElem model = cpu.child("model");
            boolean plain = "custom".equals(cpu.attr("mode")) && "exact".equals(cpu.attr("match"))
                    && (cpu.attr("check") == null || "none".equals(cpu.attr("check")))
                    && cpu.attrs().size() == (cpu.attr("check") == null ? 2 : 3)
                    && cpu.children().size() == 1 && model != null && model.children().isEmpty()
                    && model.attrs().stream().allMatch(a -> a.name().equals("fallback"));
            String name = model == null || model.text() == null ? null : model.text().strip();
            if (!plain || !("qemu64".equals(name) || "qemu32".equals(name))) {
                throw unsupported("<cpu>");
            }
            return name;
        }

        private static String orDefault(String v, String d) {
            return v == null ? d : v;
        }

        // ---- clock / pm ------------------------------------------------------------------------------------

        private Boolean timerPresent(String name) {
            XmlElem clock = def.section("clock").orElse(null);
            if (clock == null) {
                return null;
            }
            for (XmlElem t : clock.children("timer")) {
                if (name.equals(t.attr("name")) && t.attr("present") != null) {
                    return "yes".equals(t.attr("present"));
                }
            }
            return null;
        }

        private void clock() {
            XmlElem clock = def.section("clock").orElse(XmlElem.of("clock", "offset", "utc"));
            String offset = orDefault(clock.attr("offset"), "utc");
            if (!(offset.equals("utc") || offset.equals("localtime")) || clock.attrs().size() > 1) {
                throw unsupported("clock offset");
            }
            String rtc = "base=" + offset;
            List<String> globals = new ArrayList<>();
            for (XmlElem t : clock.children()) {
                String name = t.attr("name");
                String tick = t.attr("tickpolicy");
                String present = t.attr("present");
                int nattrs = t.attrs().size();
                if (!t.name().equals("timer") || !t.children().isEmpty()) {
                    throw unsupported("clock child");
                }
                if ("rtc".equals(name) && "catchup".equals(tick) && nattrs == 2) {
                    rtc += ",driftfix=slew";
                } else if ("pit".equals(name) && "delay".equals(tick) && nattrs == 2) {
                    globals.add("kvm-pit.lost_tick_policy=delay");
                } else if ("hpet".equals(name) && "no".equals(present) && nattrs == 2) {
                    continue;
                } else {
                    throw unsupported("timer " + name);
                }
            }
            add("-rtc", rtc);
            for (String g : globals) {
                add("-global", g);
            }
        }

        private void pm() {
            XmlElem pm = def.section("pm").orElse(null);
            if (pm == null) {
                return;
            }
            for (XmlElem c : pm.children()) {
                String en = c.attr("enabled");
                String v = "yes".equals(en) ? "0" : "1";
                switch (c.name()) {
                    case "suspend-to-mem" -> add("-global", (q35 ? "ICH9-LPC" : "PIIX4_PM") + ".disable_s3=" + v);
                    case "suspend-to-disk" -> add("-global", (q35 ? "ICH9-LPC" : "PIIX4_PM") + ".disable_s4=" + v);
                    default -> throw unsupported("pm " + c.name());
                }
            }
        }

        // ---- PCI addressing (assigned by QemuDomainAddresses) --------------------------------------

        /** qemuBuildDeviceAddressProps: bus alias, multifunction, addr. */
        private Json pci(Json j, DomainDevice d) {
            QemuDomainAddresses.PciAddr a = QemuDomainAddresses.pciAddress(d.xml());
            if (a == null) {
                throw unsupported("device without a PCI address");
            }
            String bus = a.bus() == 0 ? (q35 ? "pcie.0" : "pci.0") : "pci." + a.bus();
            j.put("bus", bus);
            if (a.multi() != null) {
                j.put("multifunction", a.multi());
            }
            return j.put("addr", a.qemuAddr());
        }

        // ---- boot order --------------------------------------------------------------------------------

        private void assignBoot() {
            boolean perDevice = false;
            for (DomainDevice d : def.devices()) {
                XmlElem b = d.xml().child("boot");
                if (b != null) {
                    perDevice = true;
                    bootIndex.put(d, Integer.parseInt(b.attr("order")));
                }
            }
            if (perDevice) {
                return;
            }
            int idx = 1;
            for (String dev : def.bootDevices()) {
                DomainDevice target = switch (dev) {
                    case "hd" -> firstDisk("disk");
                    case "cdrom" -> firstDisk("cdrom");
                    case "fd" -> firstDisk("floppy");
                    case "network" -> def.devices(DeviceKind.INTERFACE).stream().findFirst().orElse(null);
                    default -> throw unsupported("boot dev " + dev);
                };
                if (target != null && bootIndex.containsKey(target)) {
                    throw unsupported("boot dev twice");
                }
                if (target != null) {
                    bootIndex.put(target, idx);
                }
                idx++; // the index is the place in <os><boot> even when nothing matched (PrepareDomainDiskBootorder)
            }
        }

        private DomainDevice firstDisk(String device) {
            // a LUN boots as a hard disk (qemuProcessPrepareDomainDiskBootorder)
            return def.devices(DeviceKind.DISK).stream()
                    .filter(d -> device.equals(orDefault(d.xml().attr("device"), "disk").replace("lun", "disk")))
                    .findFirst().orElse(null);
        }

        // ---- controllers (QemuControllers) ------------------------------------------------------------

        private void controllers() {
            new QemuControllers(def, args, q35, this::pci).build(def.devices(DeviceKind.CONTROLLER));
            args.addAll(new QemuMemory(def, ctx).dimmArgs(this::pci));
        }

        // ---- disks (QemuDisks) ------------------------------------------------------------------------

        private void disks() {
            new QemuDisks(def, args, bootIndex, q35, this::pci, ctx).build();
        }

        // ---- network -----------------------------------------------------------------------------------

        private void nets() {
            int i = 0;
            for (DomainDevice d : def.devices(DeviceKind.INTERFACE)) {
                List<String> a = QemuNet.args(def, d.xml(), i++, ctx, bootIndex.get(d), j -> pci(j, d));
                args.addAll(a);
            }
        }

        // ---- serials / channels / consoles (QemuChardevs) --------------------------------------------

        private void chardevs() {
            new QemuChardevs(def, ctx, args).build();
            inputs();
        }

        /**
         * qemuBuildInputCommandLine: PS/2 devices are built into the board; USB tablets/mice/keyboards and
         * virtio inputs become devices named after their place in the input list.
         */
        private void inputs() {
            List<DomainDevice> inputs = def.devices(DeviceKind.INPUT);
            boolean seenPs2 = false;
            for (DomainDevice d : inputs) {
                boolean ps2 = "ps2".equals(d.xml().attr("bus"));
                if (!ps2 && seenPs2) {
                    throw unsupported("input order"); // explicit PS/2 devices before others: aliases not pinned down
                }
                seenPs2 |= ps2;
            }
            for (int i = 0; i < inputs.size(); i++) {
                DomainDevice d = inputs.get(i);
                XmlElem x = d.xml();
                String bus = x.attr("bus");
                String type = x.attr("type");
                if ("ps2".equals(bus)) {
                    if (!x.children().isEmpty() || !Set.of("mouse", "keyboard").contains(type)) {
                        throw unsupported("input");
                    }
                    continue;
                }
                if ("passthrough".equals(type) && "virtio".equals(bus)) {
                    XmlElem src = x.child("source");
                    if (src == null || src.attr("evdev") == null || src.attrs().size() != 1
                            || x.children().size() > (x.child("address") == null ? 1 : 2) || x.attrs().size() != 2) {
                        throw unsupported("input passthrough");
                    }
                    add("-device", pci(Json.obj().put("driver", "virtio-input-host-pci").put("id", "input" + i)
                            .put("evdev", src.attr("evdev")), d).toString());
                    continue;
                }
                if ("evdev".equals(type)) {
                    XmlElem src = x.child("source");
                    if (src == null || src.attr("dev") == null || x.children().size() != 1 || x.attrs().size() != 1
                            || !Set.of("dev", "grab", "grabToggle", "repeat").containsAll(src.attrs().stream()
                            .map(XmlElem.Attr::name).toList())) {
                        throw unsupported("input evdev");
                    }
                    Json j = Json.obj().put("qom-type", "input-linux").put("id", "input" + i)
                            .put("evdev", src.attr("dev"));
                    if (src.attr("repeat") != null) {
                        j.put("repeat", src.attr("repeat").equals("on"));
                    }
                    if (src.attr("grab") != null) {
                        if (!src.attr("grab").equals("all")) {
                            throw unsupported("input evdev grab");
                        }
                        j.put("grab_all", true);
                    }
                    j.put("grab-toggle", src.attr("grabToggle"));
                    add("-object", j.toString());
                    continue;
                }
                String kind = switch (orDefault(type, "")) {
                    case "mouse", "keyboard", "tablet" -> type;
                    default -> throw unsupported("input type " + type);
                };
                Json j;
                if ("usb".equals(bus)) {
                    if (x.children().size() > (x.child("address") == null ? 0 : 1)) {
                        throw unsupported("usb input options");
                    }
                    String port = QemuPassthrough.usbPort(def, d);
                    j = Json.obj().put("driver", "usb-" + kind).put("id", "input" + i).put("bus", "usb.0")
                            .put("port", port);
                } else if ("virtio".equals(bus)) {
                    for (XmlElem c : x.children()) {
                        if (!c.name().equals("address") && !c.name().equals("driver")) {
                            throw unsupported("input child " + c.name());
                        }
                    }
                    if (x.attrs().size() != 2) {
                        throw unsupported("virtio input model");
                    }
                    j = pci(VirtioOptions.add(Json.obj().put("driver", "virtio-" + kind + "-pci"), x.child("driver"),
                            Set.of()).put("id", "input" + i), d);
                } else {
                    throw unsupported("input bus " + bus);
                }
                add("-device", j.toString());
            }
        }

        /** qemuBuildGraphicsVNCCommandLine: one VNC server on an address, a UNIX socket, or none. */
        private void graphics() {
            List<DomainDevice> gs = new ArrayList<>(def.devices(DeviceKind.GRAPHICS));
            List<DomainDevice> egl = gs.stream().filter(g -> "egl-headless".equals(g.xml().attr("type"))).toList();
            gs.removeAll(egl);
            if (gs.size() > 1 || egl.size() > 1) {
                throw unsupported("several graphics");
            }
            for (DomainDevice d : gs) {
                XmlElem x = d.xml();
                if ("spice".equals(x.attr("type"))) {
                    XmlElem plain = x.withAttrs(x.attrs().stream().filter(a -> !a.name().equals("socket")
                            || x.children("listen").stream().noneMatch(l -> a.value().equals(l.attr("socket"))))
                            .toList());
                    add("-spice", QemuSpice.option(def, plain, ctx));
                    continue;
                }
                if (!"vnc".equals(x.attr("type"))) {
                    throw unsupported("graphics " + x.attr("type"));
                }
                for (XmlElem.Attr a : x.attrs()) {
                    // the parser mirrors a socket <listen> into a socket attribute; on its own it may be one
                    // libvirt generated and drops, which is not modelled
                    boolean mirroredSocket = a.name().equals("socket") && x.children("listen").stream()
                            .anyMatch(l -> a.value().equals(l.attr("socket")));
                    if (!Set.of("type", "port", "autoport", "listen", "websocket", "sharePolicy", "powerControl")
                            .contains(a.name()) && !mirroredSocket) {
                        throw unsupported("graphics " + a.name());
                    }
                }
                XmlElem listen = null;
                for (XmlElem c : x.children()) {
                    if (!c.name().equals("listen") || listen != null) {
                        throw unsupported("graphics child " + c.name());
                    }
                    listen = c;
                }
                String ltype = listen == null ? "address" : orDefault(listen.attr("type"), "address");
                String v;
                switch (ltype) {
                    case "none" -> v = "none";
                    case "socket" -> {
                        if (listen.attrs().size() != 2 || listen.attr("socket") == null) {
                            throw unsupported("graphics listen");
                        }
                        if (listen.attr("socket").startsWith(ctx.libDir() + "/")) {
                            // a socket under the state dir is one libvirt generated and drops on parse
                            throw unsupported("generated vnc socket");
                        }
                        v = "vnc=unix:" + listen.attr("socket").replace(",", ",,");
                    }
                    case "address" -> {
                        String addr = x.attr("listen");
                        if (listen != null) {
                            if (!listen.attrs().stream().allMatch(a -> a.name().equals("type")
                                    || a.name().equals("address"))) {
                                throw unsupported("graphics listen");
                            }
                            addr = orDefault(listen.attr("address"), addr);
                        }
                        addr = orDefault(addr, "127.0.0.1"); // qemu.conf vnc_listen
                        v = (addr.contains(":") ? "[" + addr + "]" : addr) + ":" + (vncPort(x) - 5900);
                        String ws = x.attr("websocket");
                        if (ws != null) {
                            int wsPort = Integer.parseInt(ws);
                            if (wsPort == -1 && ctx.live() || wsPort < -1) {
                                throw unsupported("vnc websocket port");
                            }
                            // libvirt's port allocator hands out 5700 first
                            v += ",websocket=" + (wsPort == -1 ? 5700 : wsPort);
                        }
                    }
                    default -> throw unsupported("graphics listen " + ltype);
                }
                if (x.attr("sharePolicy") != null) {
                    v += ",share=" + x.attr("sharePolicy");
                }
                if (ctx.conf().vncTlsSecret()) {
                    throw unsupported("vnc tls secret");
                }
                if (ctx.conf().vncTls()) {
                    add("-object", Json.obj().put("qom-type", "tls-creds-x509").put("id", "vnc-tls-creds0")
                            .put("dir", QemuConf.VNC_TLS_DIR).put("endpoint", "server").put("verify-peer", true)
                            .toString());
                    v += ",tls-creds=vnc-tls-creds0";
                }
                if (ctx.conf().vncSasl()) {
                    v += ",sasl=on";
                }
                if ("yes".equals(x.attr("powerControl"))) {
                    v += ",power-control=on";
                }
                List<DomainDevice> audios = def.devices(DeviceKind.AUDIO);
                v += ",audiodev=audio" + (audios.isEmpty() ? "1" : audios.get(0).xml().attr("id"));
                add("-vnc", v);
            }
        }

        /** egl-headless: a DRM render node for the guest's OpenGL, with no display of its own. */
        private void eglHeadless() {
            for (DomainDevice d : def.devices(DeviceKind.GRAPHICS)) {
                XmlElem x = d.xml();
                if (!"egl-headless".equals(x.attr("type"))) {
                    continue;
                }
                XmlElem gl = x.child("gl");
                String node = gl == null ? null : gl.attr("rendernode");
                if (x.attrs().size() != 1 || x.children().size() > (gl == null ? 0 : 1)
                        || gl != null && gl.attrs().size() != 1 || node == null && ctx.live()) {
                    throw unsupported("egl-headless");
                }
                add("-display", "egl-headless,rendernode=" + (node == null ? QemuSpice.TEST_RENDER_NODE : node));
            }
        }

        /**
         * The VNC port: a fixed one, or for autoport the one libvirt's allocator picks (5900 first, as in its test
         * harness); a real start must have recorded the allocated port in the live definition.
         */
        private int vncPort(XmlElem x) {
            int port = Integer.parseInt(orDefault(x.attr("port"), "-1"));
            boolean auto = "yes".equals(x.attr("autoport")) || port == -1 && !"no".equals(x.attr("autoport"));
            if (auto && ctx.live() && port >= 5900) {
                return port;
            }
            if (auto && !ctx.live()) {
                return 5900;
            }
            if (auto || port < 5900) {
                throw unsupported("vnc port");
            }
            return port;
        }

        /** qemuBuildVideoCommandLine: the primary (first) video gets the VGA-compatible model variant. */
        private void video() {
            List<DomainDevice> videos = def.devices(DeviceKind.VIDEO);
            for (int i = 0; i < videos.size(); i++) {
                DomainDevice d = videos.get(i);
                XmlElem x = d.xml();
                XmlElem m = x.child("model");
                for (XmlElem c : x.children()) {
                    if (!Set.of("model", "address", "acpi", "driver").contains(c.name())) {
                        throw unsupported("video child " + c.name());
                    }
                }
                XmlElem drv = x.child("driver");
                boolean vhostUser = drv != null && "vhostuser".equals(drv.attr("name"));
                XmlElem accel = m == null ? null : m.child("acceleration");
                boolean gl = accel != null && "yes".equals(accel.attr("accel3d"));
                if (drv != null && (!"virtio".equals(m == null ? null : m.attr("type")) || !drv.children().isEmpty()
                        || drv.attr("name") != null && !vhostUser)) {
                    throw unsupported("video driver");
                }
                if (vhostUser && ctx.live()) {
                    throw unsupported("vhost-user video at start"); // needs a vhost-user-gpu helper process
                }
                if (accel != null && (!"virtio".equals(m.attr("type")) || m.children().size() != 1
                        || !accel.attrs().stream().allMatch(a -> a.name().equals("accel3d")
                        || a.name().equals("rendernode") && vhostUser)
                        || gl && ctx.live() && !vhostUser)) {
                    // 3D without vhost-user needs a GL display (SPICE gl or egl-headless) to render to
                    throw unsupported("video acceleration");
                }
                if (m == null || m.children().size() > (accel == null ? 0 : 1) || m.attr("type") == null
                        || "yes".equals(orDefault(m.attr("primary"), i == 0 ? "yes" : "no")) != (i == 0)) {
                    throw unsupported("video");
                }
                for (XmlElem.Attr a : m.attrs()) {
                    if (!Set.of("type", "vram", "heads", "primary", "ram", "vgamem", "vram64").contains(a.name())) {
                        throw unsupported("video " + a.name());
                    }
                }
                boolean primary = i == 0;
                int heads = Integer.parseInt(orDefault(m.attr("heads"), "1"));
                String type = m.attr("type");
                String id = "video" + i;
                Json j;
                switch (type) {
                    case "cirrus" -> {
                        if (!primary || heads != 1 || !"16384".equals(orDefault(m.attr("vram"), "16384"))
                                || m.attrs().size() > 4 - (m.attr("primary") == null ? 1 : 0)) {
                            throw unsupported("video cirrus");
                        }
                        j = Json.obj().put("driver", "cirrus-vga").put("id", id);
                    }
                    case "qxl" -> j = Json.obj().put("driver", primary ? "qxl-vga" : "qxl").put("id", id)
                            .put("max_outputs", heads)
                            .put("ram_size", kib(m, "ram", 65536) * 1024)
                            .put("vram_size", kib(m, "vram", 65536) * 1024)
                            .put("vram64_size_mb", kib(m, "vram64", 0) / 1024)
                            .put("vgamem_mb", kib(m, "vgamem", 16384) / 1024);
                    case "virtio" -> {
                        if (m.attr("vram") != null || m.attr("ram") != null || m.attr("vgamem") != null) {
                            throw unsupported("video virtio sizes");
                        }
                        // qemuBuildVirtioDevGetConfigDev: only the non-VGA variant takes the virtio options;
                        // vhost-user renders in its helper, so it has no -gl variant
                        String base = vhostUser ? (primary ? "vhost-user-vga" : "vhost-user-gpu")
                                : (primary ? "virtio-vga" : "virtio-gpu") + (gl ? "-gl" : "");
                        j = Json.obj().put("driver", primary ? base : base + "-pci");
                        if (!primary) {
                            VirtioOptions.add(j, drv == null ? null : drv.withAttrs(drv.attrs().stream()
                                    .filter(a -> !a.name().equals("name")).toList()), Set.of());
                        }
                        j.put("id", id).put("max_outputs", heads);
                        if (vhostUser) {
                            add("-chardev", "socket,id=chr-vu-" + id + ",fd=1729");
                            j.put("chardev", "chr-vu-" + id);
                        }
                    }
                    case "bochs" -> {
                        if (heads != 1 || m.attr("ram") != null || m.attr("vgamem") != null) {
                            throw unsupported("video bochs");
                        }
                        j = Json.obj().put("driver", "bochs-display").put("id", id)
                                .put("vgamem", kib(m, "vram", 16384) * 1024);
                    }
                    case "ramfb" -> {
                        if (x.child("acpi") != null || x.child("address") != null) {
                            throw unsupported("ramfb options");
                        }
                        add("-device", Json.obj().put("driver", "ramfb").put("id", id).toString());
                        continue;
                    }
                    case "none" -> {
                        if (x.child("acpi") != null) {
                            throw unsupported("video none options");
                        }
                        continue;
                    }
                    default -> throw unsupported("video model " + type);
                }
                pci(j, d);
                XmlElem acpi = x.child("acpi");
                if (acpi != null) {
                    if (acpi.attrs().size() != 1 || acpi.attr("index") == null) {
                        throw unsupported("video acpi");
                    }
                    j.put("acpi-index", Integer.parseInt(acpi.attr("index")));
                }
                add("-device", j.toString());
            }
        }

        private static long kib(XmlElem m, String attr, long dflt) {
            return Long.parseLong(orDefault(m.attr(attr), Long.toString(dflt)));
        }

        /** qemuBuildAudioCommandLine; no audio device at all means one "none" backend. */
        private void audio() {
            List<DomainDevice> audios = def.devices(DeviceKind.AUDIO);
            if (audios.isEmpty()) {
                // qemuDomainDefAddDefaultAudioBackend: VNC passes host audio through only when qemu.conf allows it
                boolean vnc = def.devices(DeviceKind.GRAPHICS).stream().anyMatch(g -> "vnc".equals(g.xml().attr("type")));
                boolean spice = def.devices(DeviceKind.GRAPHICS).stream()
                        .anyMatch(g -> "spice".equals(g.xml().attr("type")));
                String drv = spice ? "spice" : vnc && ctx.conf().vncHostAudio() != null ? ctx.conf().vncHostAudio()
                        : "none";
                if (spice && vnc) {
                    throw unsupported("default audio for vnc and spice");
                }
                if (!spice && !vnc && !def.devices(DeviceKind.GRAPHICS).isEmpty()) {
                    return; // a display without audio support (egl-headless) gets no default backend
                }
                add("-audiodev", Json.obj().put("id", "audio1").put("driver", drv).toString());
                return;
            }
            for (DomainDevice d : audios) {
                add("-audiodev", AudioProps.json(d.xml()));
            }
        }

        private void balloon() {
            for (DomainDevice d : def.devices(DeviceKind.MEMBALLOON)) {
                XmlElem x = d.xml();
                String model = x.attr("model");
                if ("none".equals(model)) {
                    continue;
                }
                String driver = switch (model == null ? "" : model) {
                    case "virtio" -> "virtio-balloon-pci";
                    case "virtio-transitional" -> "virtio-balloon-pci-transitional";
                    case "virtio-non-transitional" -> "virtio-balloon-pci-non-transitional";
                    default -> throw unsupported("memballoon");
                };
                if (!Set.of("model", "autodeflate", "freePageReporting").containsAll(
                        x.attrs().stream().map(XmlElem.Attr::name).toList())) {
                    throw unsupported("memballoon");
                }
                for (XmlElem c : x.children()) {
                    if (!c.name().equals("address") && !c.name().equals("driver")) {
                        throw unsupported("memballoon child");
                    }
                }
                add("-device", pci(VirtioOptions.add(Json.obj().put("driver", driver),
                        x.child("driver"), Set.of()).put("id", "balloon0")
                        .put("deflate-on-oom", onOff(x.attr("autodeflate")))
                        .put("free-page-reporting", onOff(x.attr("freePageReporting"))), d).toString());
            }
        }

        private static Boolean onOff(String v) {
            return v == null ? null : switch (v) {
                case "on" -> true;
                case "off" -> false;
                default -> throw unsupported("switch value " + v);
            };
        }

        /** qemuBuildRNGCommandLine: the backend object, then the virtio-rng device. */
        private void rngs() {
            int i = 0;
            for (DomainDevice d : def.devices(DeviceKind.RNG)) {
                XmlElem x = d.xml();
                XmlElem backend = x.child("backend");
                XmlElem rate = x.child("rate");
                for (XmlElem c : x.children()) {
                    if (!Set.of("backend", "rate", "address", "driver").contains(c.name())) {
                        throw unsupported("rng child " + c.name());
                    }
                }
                String driver = switch (x.attr("model")) {
                    case "virtio" -> "virtio-rng-pci";
                    case "virtio-transitional" -> "virtio-rng-pci-transitional";
                    case "virtio-non-transitional" -> "virtio-rng-pci-non-transitional";
                    default -> throw unsupported("rng model");
                };
                String obj = "objrng" + i;
                String bmodel = backend == null ? null : backend.attr("model");
                if ("random".equals(bmodel) && backend.attrs().size() == 1 && backend.text() != null
                        && !backend.text().isBlank()) {
                    add("-object", Json.obj().put("qom-type", "rng-random").put("id", obj)
                            .put("filename", backend.text().strip()).toString());
                } else if ("builtin".equals(bmodel) && backend.attrs().size() == 1) {
                    add("-object", Json.obj().put("qom-type", "rng-builtin").put("id", obj).toString());
                } else if ("egd".equals(bmodel) && backend.text() != null && backend.text().isBlank()
                        || "egd".equals(bmodel) && backend.text() == null) {
                    // the EGD daemon is reached through a chardev of the backend's type
                    add("-chardev", new QemuChardevs(def, ctx, args).chardevBackend(backend.withAttrs(
                            backend.attrs().stream().filter(a -> !a.name().equals("model")).toList()), "charrng" + i));
                    add("-object", Json.obj().put("qom-type", "rng-egd").put("id", obj).put("chardev", "charrng" + i)
                            .toString());
                } else {
                    throw unsupported("rng backend");
                }
                Json j = VirtioOptions.add(Json.obj().put("driver", driver), x.child("driver"), Set.of())
                        .put("rng", obj).put("id", "rng" + i);
                if (rate != null) {
                    if (rate.attr("bytes") == null || !Set.of("bytes", "period").containsAll(
                            rate.attrs().stream().map(XmlElem.Attr::name).toList())) {
                        throw unsupported("rng rate");
                    }
                    j.put("max-bytes", Long.parseLong(rate.attr("bytes")));
                    // libvirt's default period is one second
                    j.put("period", Long.parseLong(orDefault(rate.attr("period"), "1000")));
                }
                add("-device", pci(j, d).toString());
                i++;
            }
        }
    }
}
