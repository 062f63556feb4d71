package org.jvirt.qemu.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

import org.jvirt.model.domain.DeviceKind;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDevice;
import org.jvirt.model.domain.XmlElem;

/**
 * Sound cards (qemuBuildSoundCommandLine), the watchdog (qemuBuildWatchdogCommandLine), the ISA pvpanic device
 * (qemuBuildPanicCommandLine), USB redirection, vsock and the Hyper-V enlightenments that go on -cpu.
 */
final class QemuMiscDevices {

    private QemuMiscDevices() {}

    /** The Hyper-V switches libvirt knows as plain on/off flags, in its order (virDomainHyperv). */
    private static final List<String> HYPERV_FLAGS = List.of("relaxed", "vapic", "spinlocks", "vpindex", "runtime",
            "synic", "stimer", "reset", "vendor_id", "frequencies", "reenlightenment", "tlbflush", "ipi", "evmcs");

    static List<String> sounds(DomainDef def, BiFunction<Json, DomainDevice, Json> pci) {
        List<String> out = new ArrayList<>();
        List<DomainDevice> sounds = def.devices(DeviceKind.SOUND);
        List<DomainDevice> audios = def.devices(DeviceKind.AUDIO);
        for (int i = 0; i < sounds.size(); i++) {
            DomainDevice d = sounds.get(i);
            XmlElem x = d.xml();
            XmlElem audio = x.child("audio");
            for (XmlElem c : x.children()) {
                if (!c.name().equals("audio") && !c.name().equals("address")) {
                    throw QemuCommandBuilder.unsupported("sound child " + c.name());
                }
            }
            String audiodev = "audio" + (audio != null ? audio.attr("id")
                    : audios.isEmpty() ? "1" : audios.get(0).xml().attr("id"));
            String id = "sound" + i;
            String model = x.attr("model");
            switch (model) {
                case "ac97", "es1370" -> out.addAll(List.of("-device", pci.apply(Json.obj()
                        .put("driver", model.equals("ac97") ? "AC97" : "ES1370").put("id", id)
                        .put("audiodev", audiodev), d).toString()));
                case "ich6", "ich9" -> {
                    out.addAll(List.of("-device", pci.apply(Json.obj()
                            .put("driver", model.equals("ich6") ? "intel-hda" : "ich9-intel-hda").put("id", id), d)
                            .toString()));
                    out.addAll(List.of("-device", Json.obj().put("driver", "hda-duplex").put("id", id + "-codec0")
                            .put("bus", id + ".0").put("cad", 0).put("audiodev", audiodev).toString()));
                }
                default -> throw QemuCommandBuilder.unsupported("sound model " + model);
            }
        }
        return out;
    }

    static List<String> watchdogs(DomainDef def, BiFunction<Json, DomainDevice, Json> pci) {
        List<DomainDevice> dogs = def.devices(DeviceKind.WATCHDOG);
        if (dogs.isEmpty()) {
            return List.of();
        }
        if (dogs.size() > 1) {
            throw QemuCommandBuilder.unsupported("several watchdogs");
        }
        DomainDevice d = dogs.get(0);
        XmlElem x = d.xml();
        String action = x.attr("action");
        if (action == null || !Set.of("model", "action").containsAll(x.attrs().stream().map(XmlElem.Attr::name)
                .toList()) || x.children().size() > (x.child("address") == null ? 0 : 1)) {
            throw QemuCommandBuilder.unsupported("watchdog");
        }
        Json j = Json.obj().put("driver", x.attr("model")).put("id", "watchdog0");
        switch (x.attr("model")) {
            case "ib700" -> { }
            case "i6300esb" -> pci.apply(j, d);
            default -> throw QemuCommandBuilder.unsupported("watchdog model");
        }
        // libvirt takes the dump itself after QEMU pauses the guest
        String qemuAction = switch (action) {
            case "dump" -> "pause";
            case "reset", "shutdown", "poweroff", "pause", "none", "inject-nmi" -> action;
            default -> throw QemuCommandBuilder.unsupported("watchdog action");
        };
        return List.of("-device", j.toString(), "-watchdog-action", qemuAction);
    }

    /** The ISA pvpanic device; Hyper-V panics are a -cpu flag ({@link #cpuFlags}). */
    static List<String> panics(DomainDef def) {
        List<String> out = new ArrayList<>();
        for (DomainDevice d : def.devices(DeviceKind.PANIC)) {
            XmlElem x = d.xml();
            String model = x.attr("model") == null ? "isa" : x.attr("model");
            if (model.equals("hyperv") && x.children().isEmpty()) {
                continue;
            }
            XmlElem a = x.child("address");
            if (!model.equals("isa") || x.children().size() > (a == null ? 0 : 1)
                    || a != null && (!"isa".equals(a.attr("type")) || a.attr("iobase") == null
                    || a.attrs().size() != 2)) {
                throw QemuCommandBuilder.unsupported("panic");
            }
            Json j = Json.obj().put("driver", "pvpanic");
            if (a != null) {
                j.put("ioport", Integer.decode(a.attr("iobase")));
            }
            out.addAll(List.of("-device", j.toString()));
        }
        return out;
    }

    /** The -cpu suffix for Hyper-V enlightenments and a Hyper-V panic device. */
    static String cpuFlags(DomainDef def) {
        StringBuilder sb = new StringBuilder();
        XmlElem hv = def.section("features").map(f -> f.child("hyperv")).orElse(null);
        boolean hvPanic = def.devices(DeviceKind.PANIC).stream().anyMatch(p -> "hyperv".equals(p.xml().attr("model")));
        if (hv != null) {
            String mode = hv.attr("mode") == null ? "custom" : hv.attr("mode");
            if (mode.equals("passthrough") && hv.children().isEmpty() && hv.attrs().size() == 1) {
                sb.append(",hv-passthrough=on");
            } else if (mode.equals("custom")) {
                for (XmlElem c : hv.children()) {
                    String state = c.attr("state");
                    boolean direct = c.name().equals("stimer") && c.children().size() == 1
                            && c.child("direct") != null && c.child("direct").attrs().size() == 1;
                    if (!HYPERV_FLAGS.contains(c.name()) || c.attrs().size() != 1 || state == null
                            || !c.children().isEmpty() && !direct) {
                        throw QemuCommandBuilder.unsupported("hyperv " + c.name());
                    }
                    if (state.equals("on") && Set.of("spinlocks", "vendor_id").contains(c.name())) {
                        throw QemuCommandBuilder.unsupported("hyperv " + c.name() + " value");
                    }
                }
                for (String flag : HYPERV_FLAGS) {
                    XmlElem c = hv.child(flag);
                    if (c != null && "on".equals(c.attr("state"))) {
                        sb.append(",hv-").append(flag).append("=on");
                        if (c.child("direct") != null && "on".equals(c.child("direct").attr("state"))) {
                            sb.append(",hv-stimer-direct=on");
                        }
                    }
                }
            } else {
                throw QemuCommandBuilder.unsupported("hyperv mode");
            }
        }
        if (hvPanic) {
            if (sb.length() > 0) {
                throw QemuCommandBuilder.unsupported("hyperv panic with enlightenments"); // order not pinned down
            }
            sb.append(",hv-crash");
        }
        return sb.toString();
    }

    /**
     * qemuBuildRedirdevCommandLine: USB redirection over a SPICE channel or a plain chardev, each a usb-redir
     * device on the USB bus.
     */
    static void redirdevs(DomainDef def, QemuBuildContext ctx, List<String> args) {
        int i = 0;
        for (DomainDevice d : def.devices(DeviceKind.REDIRDEV)) {
            XmlElem x = d.xml();
            String type = x.attr("type");
            String id = "charredir" + i;
            if (!"usb".equals(x.attr("bus")) || x.children().stream().anyMatch(c ->
                    !Set.of("source", "protocol", "address").contains(c.name()))) {
                throw QemuCommandBuilder.unsupported("device redirdev");
            }
            if ("spicevmc".equals(type)) {
                if (def.devices(DeviceKind.GRAPHICS).stream().noneMatch(g -> "spice".equals(g.xml().attr("type")))
                        || !x.children().stream().allMatch(c -> c.name().equals("address"))) {
                    throw QemuCommandBuilder.unsupported("spicevmc redirdev without spice");
                }
                args.addAll(List.of("-chardev", "spicevmc,id=" + id + ",name=usbredir"));
            } else {
                String backend = new QemuChardevs(def, ctx, args).chardevBackend(x.withAttrs(x.attrs().stream()
                        .filter(a -> a.name().equals("type")).toList()), id);
                args.addAll(List.of("-chardev", backend));
            }
            args.addAll(List.of("-device", Json.obj().put("driver", "usb-redir").put("chardev", id)
                    .put("id", "redir" + i).put("bus", "usb.0").put("port", QemuPassthrough.usbPort(def, d))
                    .toString()));
            i++;
        }
    }

    /**
     * qemuBuildVsockCommandLine: a vhost-vsock device with a fixed guest CID. libvirt opens /dev/vhost-vsock and
     * passes the descriptor (shown as 6789 by its test harness); a start here cannot pass one, and an automatic
     * CID would need libvirt's host-wide allocation, so both are declined.
     */
    static List<String> vsocks(DomainDef def, boolean live, BiFunction<Json, DomainDevice, Json> pci) {
        List<String> out = new ArrayList<>();
        for (DomainDevice d : def.devices(DeviceKind.VSOCK)) {
            XmlElem x = d.xml();
            XmlElem cid = x.child("cid");
            String model = x.attr("model") == null ? "virtio" : x.attr("model");
            if (live || cid == null || !"no".equals(cid.attr("auto")) || cid.attr("address") == null
                    || x.children().stream().anyMatch(c -> !Set.of("cid", "address", "driver").contains(c.name()))
                    || !x.attrs().stream().allMatch(a -> a.name().equals("model"))) {
                throw QemuCommandBuilder.unsupported("device vsock");
            }
            String driver = switch (model) {
                case "virtio" -> "vhost-vsock-pci";
                case "virtio-transitional" -> "vhost-vsock-pci-transitional";
                case "virtio-non-transitional" -> "vhost-vsock-pci-non-transitional";
                default -> throw QemuCommandBuilder.unsupported("vsock model " + model);
            };
            out.add("-device");
            out.add(pci.apply(VirtioOptions.add(Json.obj().put("driver", driver), x.child("driver"), Set.of())
                    .put("id", "vsock0").put("guest-cid", Long.parseLong(cid.attr("address")))
                    .put("vhostfd", "6789"), d).toString());
        }
        return out;
    }
}
