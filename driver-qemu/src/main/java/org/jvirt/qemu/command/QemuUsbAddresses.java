package org.jvirt.qemu.command;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.jvirt.model.domain.DeviceKind;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDevice;
import org.jvirt.model.domain.XmlElem;

/**
 * USB ports on the root hub of controller 0, after libvirt's qemuDomainAssignUSBAddresses: explicit
 * {@code <address type='usb' bus='0' port='N'/>} are reserved first, then every other USB device takes the lowest
 * free port in virDomainUSBDeviceDefForeach's order (host devices, disks, smartcard readers, inputs, serials,
 * sounds, redirected devices). Hubs, other buses and more devices than root ports (where libvirt adds a hub) are
 * declined.
 */
final class QemuUsbAddresses {

    private QemuUsbAddresses() {}

    /** The port of every USB device of {@code def}, by identity. */
    static Map<DomainDevice, String> assign(DomainDef def) {
        Map<DomainDevice, String> out = new IdentityHashMap<>();
        List<DomainDevice> ordered = new ArrayList<>();
        for (DeviceKind k : new DeviceKind[] {DeviceKind.HOSTDEV, DeviceKind.DISK, DeviceKind.CONTROLLER,
                DeviceKind.INPUT, DeviceKind.SERIAL, DeviceKind.SOUND, DeviceKind.REDIRDEV}) {
            for (DomainDevice d : def.devices(k)) {
                if (onUsb(d)) {
                    ordered.add(d);
                }
            }
        }
        if (def.devices().stream().anyMatch(d -> d.kind() == DeviceKind.HUB)) {
            throw QemuCommandBuilder.unsupported("usb hub");
        }
        if (ordered.isEmpty()) {
            return out;
        }
        XmlElem ctrl = def.devices(DeviceKind.CONTROLLER).stream().map(DomainDevice::xml)
                .filter(c -> "usb".equals(c.attr("type")) && "0".equals(c.attr("index"))
                        && !"none".equals(c.attr("model"))).findFirst()
                .orElseThrow(() -> QemuCommandBuilder.unsupported("usb device without a USB controller"));
        int ports = ports(ctrl, QemuDomainAddresses.isQ35(def));
        TreeSet<Integer> used = new TreeSet<>();
        for (DomainDevice d : ordered) {
            XmlElem a = d.xml().child("address");
            if (a == null) {
                continue;
            }
            if (!"usb".equals(a.attr("type")) || !"0".equals(a.attr("bus")) || a.attr("port") == null
                    || a.attrs().size() != 3 || !a.attr("port").matches("[1-9][0-9]?")) {
                throw QemuCommandBuilder.unsupported("usb address");
            }
            int p = Integer.parseInt(a.attr("port"));
            if (p > ports || !used.add(p)) {
                throw QemuCommandBuilder.unsupported("usb address");
            }
            out.put(d, a.attr("port"));
        }
        int next = 1;
        for (DomainDevice d : ordered) {
            if (out.containsKey(d)) {
                continue;
            }
            while (used.contains(next)) {
                next++;
            }
            if (next > ports) {
                throw QemuCommandBuilder.unsupported("usb port assignment with a hub"); // libvirt adds a hub
            }
            used.add(next);
            out.put(d, Integer.toString(next));
        }
        return out;
    }

    /** virDomainUSBAddressControllerModelToPorts: the root hub's port count. */
    private static int ports(XmlElem ctrl, boolean q35) {
        String model = ctrl.attr("model") != null ? ctrl.attr("model") : q35 ? "qemu-xhci" : "piix3-uhci";
        return switch (model) {
            case "piix3-uhci", "piix4-uhci", "vt82c686b-uhci", "ich9-uhci1", "ich9-uhci2", "ich9-uhci3" -> 2;
            case "ehci", "ich9-ehci1" -> 6;
            case "pci-ohci" -> 3;
            case "nec-xhci", "qemu-xhci" -> {
                XmlElem ports = ctrl.attr("ports") != null ? ctrl : null;
                yield ports == null ? 4 : Integer.parseInt(ports.attr("ports"));
            }
            default -> throw QemuCommandBuilder.unsupported("usb model " + model + " ports");
        };
    }

    static boolean onUsb(DomainDevice d) {
        XmlElem x = d.xml();
        return switch (d.kind()) {
            case INPUT -> "usb".equals(x.attr("bus"));
            case HOSTDEV -> "usb".equals(x.attr("type"));
            case DISK -> x.child("target") != null && "usb".equals(x.child("target").attr("bus"));
            case HUB, REDIRDEV, SMARTCARD -> true;
            case SOUND -> "usb".equals(x.attr("model"));
            case SERIAL -> x.child("target") != null && "usb-serial".equals(x.child("target").attr("type"));
            case CONTROLLER -> "ccid".equals(x.attr("type"));
            default -> false;
        };
    }
}
