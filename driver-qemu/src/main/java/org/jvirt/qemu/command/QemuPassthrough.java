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
 * Host resources handed to the guest: virtio-9p shared directories (qemuBuildFilesystemCommandLine) and USB host
 * devices named by bus/device number (qemuBuildHostdevCommandLine). PCI host devices are not built: whether
 * libvirt treats one as PCIe depends on the host's sysfs, which a pure builder cannot see.
 */
final class QemuPassthrough {

    private QemuPassthrough() {}

    /** -fsdev plus virtio-9p-pci for each {@code <filesystem>}. */
    static List<String> filesystems(DomainDef def, BiFunction<Json, DomainDevice, Json> pci) {
        List<String> out = new ArrayList<>();
        int i = 0;
        for (DomainDevice d : def.devices(DeviceKind.FILESYSTEM)) {
            XmlElem x = d.xml();
            for (XmlElem c : x.children()) {
                if (!Set.of("driver", "source", "target", "address").contains(c.name())) {
                    throw QemuCommandBuilder.unsupported("filesystem child " + c.name());
                }
            }
            if (!Set.of("type", "accessmode").containsAll(names(x))
                    || !"mount".equals(x.attr("type") == null ? "mount" : x.attr("type"))) {
                throw QemuCommandBuilder.unsupported("filesystem");
            }
            XmlElem drv = x.child("driver");
            XmlElem src = x.child("source");
            XmlElem tgt = x.child("target");
            if (src == null || src.attr("dir") == null || src.attrs().size() != 1 || tgt == null
                    || tgt.attr("dir") == null || tgt.attrs().size() != 1
                    || drv != null && !Set.of("type", "wrpolicy", "iommu", "ats", "packed").containsAll(names(drv))) {
                throw QemuCommandBuilder.unsupported("filesystem");
            }
            String type = drv == null || drv.attr("type") == null ? "path" : drv.attr("type");
            String access = x.attr("accessmode") == null ? "passthrough" : x.attr("accessmode");
            StringBuilder fs = new StringBuilder();
            switch (type) {
                case "path" -> {
                    fs.append("local,security_model=").append(switch (access) {
                        case "passthrough", "mapped" -> access;
                        case "squash" -> "none";
                        default -> throw QemuCommandBuilder.unsupported("filesystem accessmode");
                    });
                }
                case "handle" -> {
                    if (!access.equals("passthrough")) {
                        throw QemuCommandBuilder.unsupported("handle accessmode");
                    }
                    fs.append("handle");
                }
                default -> throw QemuCommandBuilder.unsupported("filesystem driver " + type);
            }
            String wr = drv == null ? null : drv.attr("wrpolicy");
            if (wr != null) {
                if (!wr.equals("immediate")) {
                    throw QemuCommandBuilder.unsupported("wrpolicy");
                }
                fs.append(",writeout=immediate");
            }
            String id = "fs" + i++;
            fs.append(",id=fsdev-").append(id).append(",path=").append(src.attr("dir").replace(",", ",,"));
            out.add("-fsdev");
            out.add(fs.toString());
            out.add("-device");
            Json dev = VirtioOptions.add(Json.obj().put("driver", "virtio-9p-pci"), drv, Set.of("type", "wrpolicy"));
            out.add(pci.apply(dev.put("id", id).put("fsdev", "fsdev-" + id)
                    .put("mount_tag", tgt.attr("dir")), d).toString());
        }
        return out;
    }

    /** usb-host devices for USB hostdevs given by host bus and device number. */
    static List<String> hostdevs(DomainDef def, java.util.Map<DomainDevice, Integer> bootIndex,
                                 BiFunction<Json, DomainDevice, Json> pci) {
        List<String> out = new ArrayList<>();
        int i = 0;
        for (DomainDevice d : def.devices(DeviceKind.HOSTDEV)) {
            XmlElem x = d.xml();
            if ("mdev".equals(x.attr("type"))) {
                out.addAll(List.of("-device", mdev(def, d, "hostdev" + i++, bootIndex, pci).toString()));
                continue;
            }
            if (!"subsystem".equals(x.attr("mode")) || !"usb".equals(x.attr("type"))
                    || !Set.of("mode", "type", "managed").containsAll(names(x))) {
                throw QemuCommandBuilder.unsupported("hostdev");
            }
            for (XmlElem c : x.children()) {
                if (!Set.of("source", "boot", "address").contains(c.name())) {
                    throw QemuCommandBuilder.unsupported("hostdev child " + c.name());
                }
            }
            XmlElem src = x.child("source");
            XmlElem a = src == null ? null : src.child("address");
            if (a == null || src.children().size() != 1 || !src.attrs().isEmpty() || a.attr("bus") == null
                    || a.attr("device") == null || a.attrs().size() != 2) {
                // vendor/product ids need a lookup on the host
                throw QemuCommandBuilder.unsupported("usb hostdev source");
            }
            String path = String.format("/dev/bus/usb/%03d/%03d", Integer.decode(a.attr("bus")),
                    Integer.decode(a.attr("device")));
            out.add("-device");
            out.add(Json.obj().put("driver", "usb-host").put("hostdevice", path).put("id", "hostdev" + i++)
                    .put("bootindex", bootIndex.get(d)).put("bus", "usb.0").put("port", usbPort(def, d))
                    .toString());
        }
        return out;
    }

    /** A mediated device (vGPU) handed to the guest through VFIO by its sysfs path. */
    private static Json mdev(DomainDef def, DomainDevice d, String id, java.util.Map<DomainDevice, Integer> bootIndex,
                             BiFunction<Json, DomainDevice, Json> pci) {
        XmlElem x = d.xml();
        XmlElem src = x.child("source");
        XmlElem a = src == null ? null : src.child("address");
        if (!"subsystem".equals(x.attr("mode")) || !"vfio-pci".equals(x.attr("model"))
                || !Set.of("mode", "type", "model", "display", "ramfb", "managed").containsAll(names(x))
                || a == null || a.attr("uuid") == null || a.attrs().size() != 1 || src.children().size() != 1
                || bootIndex.containsKey(d)
                || !x.children().stream().allMatch(c -> Set.of("source", "address").contains(c.name()))) {
            throw QemuCommandBuilder.unsupported("mdev hostdev");
        }
        boolean ramfb = "on".equals(x.attr("ramfb"));
        if (ramfb && QemuDomainAddresses.isQ35(def)) {
            throw QemuCommandBuilder.unsupported("ramfb mdev on q35"); // non-hotplug placement not modelled
        }
        Json j = Json.obj().put("driver", ramfb ? "vfio-pci-nohotplug" : "vfio-pci").put("id", id)
                .put("sysfsdev", "/sys/bus/mdev/devices/" + a.attr("uuid")).put("display", x.attr("display"));
        if (ramfb) {
            j.put("ramfb", true);
        }
        return pci.apply(j, d);
    }

    /**
     * The USB port of a device on USB bus 0: its {@code <address type='usb'>}, or port 1 when it is the only USB
     * device (libvirt's USB address assignment for anything more, hubs included, is not modelled).
     */
    static String usbPort(DomainDef def, DomainDevice d) {
        boolean controller = def.devices(DeviceKind.CONTROLLER).stream().anyMatch(c ->
                "usb".equals(c.xml().attr("type")) && "0".equals(c.xml().attr("index"))
                        && !"none".equals(c.xml().attr("model")));
        if (!controller) {
            throw QemuCommandBuilder.unsupported("usb device without a USB controller");
        }
        XmlElem a = d.xml().child("address");
        if (a != null) {
            if ("usb".equals(a.attr("type")) && "0".equals(a.attr("bus")) && a.attr("port") != null
                    && a.attrs().size() == 3 && a.attr("port").matches("[1-9]")) {
                return a.attr("port");
            }
            throw QemuCommandBuilder.unsupported("usb address");
        }
        long usbDevices = def.devices().stream().filter(QemuPassthrough::onUsb).count();
        if (usbDevices != 1) {
            throw QemuCommandBuilder.unsupported("usb port assignment");
        }
        return "1";
    }

    private static boolean onUsb(DomainDevice d) {
        XmlElem x = d.xml();
        return switch (d.kind()) {
            case INPUT -> "usb".equals(x.attr("bus"));
            case HOSTDEV -> "usb".equals(x.attr("type"));
            case DISK -> x.child("target") != null && "usb".equals(x.child("target").attr("bus"));
            case HUB, REDIRDEV, SMARTCARD -> true;
            case SOUND -> "usb".equals(x.attr("model"));
            case CONTROLLER -> "ccid".equals(x.attr("type"));
            default -> false;
        };
    }

    private static List<String> names(XmlElem x) {
        return x.attrs().stream().map(XmlElem.Attr::name).toList();
    }
}
