package org.jvirt.qemu.caps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.xml.XmlWriter;

/**
 * {@code virsh domcapabilities} for one binary, machine and virt type (libvirt's virQEMUCapsFillDomainCaps and
 * virDomainCapsFormat, formatdomaincaps.rst), derived only from the probe: QOM types, query-commands, the QMP schema,
 * TPM queries, CPU definitions, plus firmware descriptors on disk. Formatted straight to XML here until the model
 * module grows a DomainCapabilities record.
 */
public final class DomainCapsBuilder {

    /** Host facts that are not QEMU's: firmware descriptors, whether VFIO exists. */
    public record HostEnv(List<Firmware> firmware, boolean vfio) {
        public static HostEnv system() {
            String home = System.getProperty("user.home");
            return new HostEnv(Firmware.load(List.of(Path.of("/usr/share/qemu/firmware"), Path.of("/etc/qemu/firmware"),
                    Path.of(home, ".config/qemu/firmware"))), Files.exists(Path.of("/dev/vfio/vfio")));
        }
    }

    private DomainCapsBuilder() {}

    /**
     * @param machine null for the default machine
     * @param virtType "qemu" or "kvm"
     */
    public static String build(QemuCaps q, String machine, String virtType, HostEnv env) {
        QemuCaps.AccelCaps accel = q.accel(virtType).orElseThrow(() -> VirException.of(ErrorNumber.INVALID_ARG,
                ErrorDomain.QEMU, "the accel '" + virtType + "' is not supported by '" + q.binary() + "' on this host"));
        QemuCaps.Machine m = (machine == null ? accel.defaultMachine() : accel.machine(machine)).orElseThrow(() ->
                VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU, "the machine '" + machine
                        + "' is not supported by emulator '" + q.binary() + "'"));
        boolean q35 = m.name().startsWith("pc-q35") || m.name().equals("q35");
        boolean i440fx = m.name().startsWith("pc-i440fx") || m.name().equals("pc");
        XmlWriter w = new XmlWriter();
        w.open("domainCapabilities");
        w.text("path", q.binary().toString());
        w.text("domain", virtType);
        w.text("machine", m.name());
        w.text("arch", q.arch());
        w.empty("vcpu", "max", Integer.toString(m.maxCpus()));
        w.empty("iothreads", "supported", yes(q.hasType("iothread")));
        os(w, q, m.name(), q35, env);
        cpu(w, q, accel, virtType);
        w.open("memoryBacking", "supported", "yes");
        enumOf(w, "sourceType", values("file", true, "anonymous", true, "memfd", q.hasType("memory-backend-memfd")));
        w.close("memoryBacking");
        w.open("devices");
        devices(w, q, i440fx, q35, env);
        w.close("devices");
        features(w, q);
        w.close("domainCapabilities");
        return w.toString();
    }

    private static void os(XmlWriter w, QemuCaps q, String machine, boolean q35, HostEnv env) {
        List<String> loaders = new ArrayList<>();
        Set<String> secure = new LinkedHashSet<>();
        boolean efi = false;
        for (Firmware f : env.firmware()) {
            if (!f.supports(q.arch(), machine)) {
                continue;
            }
            boolean smm = f.features().contains("requires-smm");
            if (smm && !q35) {
                continue; // SMM needs q35: libvirt ignores such firmware for other machines
            }
            if (f.interfaces().contains("uefi")) {
                efi = true;
            }
            if ("flash".equals(f.device()) && f.executable() != null && !loaders.contains(f.executable())) {
                loaders.add(f.executable());
                secure.add(f.features().contains("secure-boot") ? "yes" : "no");
            }
        }
        w.open("os", "supported", "yes");
        enumOf(w, "firmware", efi ? List.of("efi") : List.of());
        w.open("loader", "supported", "yes");
        for (String l : loaders) {
            w.text("value", l);
        }
        enumOf(w, "type", List.of("rom", "pflash"));
        enumOf(w, "readonly", List.of("yes", "no"));
        List<String> sec = new ArrayList<>();
        for (String s : List.of("yes", "no")) {
            if (secure.contains(s)) {
                sec.add(s);
            }
        }
        enumOf(w, "secure", sec);
        w.close("loader");
        w.close("os");
    }

    private static void cpu(XmlWriter w, QemuCaps q, QemuCaps.AccelCaps accel, String virtType) {
        w.open("cpu");
        if (virtType.equals("kvm")) {
            w.open("mode", "name", "host-passthrough", "supported", "yes");
            enumOf(w, "hostPassthroughMigratable", List.of("on", "off"));
            w.close("mode");
        } else {
            w.empty("mode", "name", "host-passthrough", "supported", "no");
        }
        w.open("mode", "name", "maximum", "supported", "yes");
        enumOf(w, "maximumMigratable", List.of("on", "off"));
        w.close("mode");
        // host-model needs libvirt's CPU driver (CPUID → named model + feature delta): not in jvirt yet.
        w.empty("mode", "name", "host-model", "supported", "no");
        List<QemuCaps.CpuModel> models = accel.cpuModels().stream()
                .filter(c -> X86CpuMap.vendor(c.name()).isPresent()).toList();
        w.open("mode", "name", "custom", "supported", yes(!models.isEmpty()));
        for (QemuCaps.CpuModel c : models) {
            w.text("model", c.name(), "usable", yes(c.usable()), "vendor", X86CpuMap.vendor(c.name()).orElseThrow());
        }
        w.close("mode");
        w.close("cpu");
    }

    private static void devices(XmlWriter w, QemuCaps q, boolean i440fx, boolean q35, HostEnv env) {
        boolean transitional = q.hasType("virtio-blk-pci-transitional");
        w.open("disk", "supported", "yes");
        enumOf(w, "diskDevice", values("disk", true, "cdrom", true, "floppy", true, "lun", true));
        enumOf(w, "bus", values("ide", i440fx, "fdc", i440fx || q35 && q.hasType("isa-fdc"), "scsi", true,
                "virtio", true, "usb", q.hasType("usb-storage"), "sata", q.hasType("ich9-ahci")));
        enumOf(w, "model", values("virtio", true, "virtio-transitional", transitional, "virtio-non-transitional",
                transitional));
        w.close("disk");
        w.open("graphics", "supported", "yes");
        enumOf(w, "type", values("sdl", q.schema().has("query-display-options/ret-type/+sdl"),
                "vnc", q.commands().contains("query-vnc"), "spice", q.commands().contains("query-spice"),
                "egl-headless", q.schema().has("query-display-options/ret-type/+egl-headless"),
                "dbus", q.hasType("dbus-display")));
        w.close("graphics");
        w.open("video", "supported", "yes");
        enumOf(w, "modelType", values("vga", q.hasType("VGA"), "cirrus", q.hasType("cirrus-vga"),
                "vmvga", q.hasType("vmware-svga"), "qxl", q.hasType("qxl-vga"),
                "virtio", q.hasType("virtio-vga") || q.hasType("virtio-gpu-pci"), "none", true,
                "bochs", q.hasType("bochs-display"), "ramfb", q.hasType("ramfb")));
        w.close("video");
        w.open("hostdev", "supported", "yes");
        enumOf(w, "mode", List.of("subsystem"));
        enumOf(w, "startupPolicy", List.of("default", "mandatory", "requisite", "optional"));
        enumOf(w, "subsysType", values("usb", true, "pci", true, "scsi", q.hasType("scsi-generic")));
        enumOf(w, "capsType", List.of());
        enumOf(w, "pciBackend", env.vfio() && q.hasType("vfio-pci") ? List.of("default", "vfio") : List.of());
        w.close("hostdev");
        boolean rngTransitional = q.hasType("virtio-rng-pci-transitional");
        w.open("rng", "supported", yes(q.hasType("virtio-rng-pci")));
        enumOf(w, "model", values("virtio", true, "virtio-transitional", rngTransitional, "virtio-non-transitional",
                rngTransitional));
        enumOf(w, "backendModel", values("random", q.hasType("rng-random"), "egd", q.hasType("rng-egd"),
                "builtin", q.hasType("rng-builtin")));
        w.close("rng");
        w.open("filesystem", "supported", "yes");
        enumOf(w, "driverType", values("path", true, "handle", true, "virtiofs", q.hasType("vhost-user-fs-pci")));
        w.close("filesystem");
        boolean tpm = !q.tpmModels().isEmpty();
        w.open("tpm", "supported", yes(tpm));
        enumOf(w, "model", values("tpm-tis", q.tpmModels().contains("tpm-tis"), "tpm-crb",
                q.tpmModels().contains("tpm-crb"), "tpm-spapr", q.tpmModels().contains("tpm-spapr")));
        boolean emulator = q.tpmTypes().contains("emulator");
        enumOf(w, "backendModel", values("passthrough", q.tpmTypes().contains("passthrough"), "emulator", emulator,
                "external", emulator));
        enumOf(w, "backendVersion", emulator ? List.of("1.2", "2.0") : List.of());
        w.close("tpm");
        w.open("redirdev", "supported", yes(q.hasType("usb-redir")));
        enumOf(w, "bus", List.of("usb"));
        w.close("redirdev");
        w.open("channel", "supported", "yes");
        enumOf(w, "type", values("pty", true, "unix", true, "spicevmc", q.commands().contains("query-spice")));
        w.close("channel");
    }

    private static void features(XmlWriter w, QemuCaps q) {
        w.open("features");
        w.empty("gic", "supported", "no");
        w.empty("vmcoreinfo", "supported", yes(q.hasType("vmcoreinfo")));
        w.empty("genid", "supported", yes(q.hasType("vmgenid")));
        w.empty("backingStoreInput", "supported", "yes");
        w.empty("backup", "supported", yes(q.commands().contains("blockdev-backup")));
        w.empty("sev", "supported", yes(q.sev()));
        w.empty("sgx", "supported", yes(q.sgx()));
        w.open("hyperv", "supported", "yes");
        enumOf(w, "features", List.of("spinlocks", "vendor_id"));
        w.close("hyperv");
        w.close("features");
    }

    private static String yes(boolean b) {
        return b ? "yes" : "no";
    }

    /** Pairs of (value, present) in libvirt's enum order → the present values. */
    private static List<String> values(Object... pairs) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if ((Boolean) pairs[i + 1]) {
                out.add((String) pairs[i]);
            }
        }
        return out;
    }

    /** {@code <enum name='x'/>} when empty, as libvirt prints it. */
    private static void enumOf(XmlWriter w, String name, List<String> values) {
        if (values.isEmpty()) {
            w.empty("enum", "name", name);
            return;
        }
        w.open("enum", "name", name);
        for (String v : values) {
            w.text("value", v);
        }
        w.close("enum");
    }
}
