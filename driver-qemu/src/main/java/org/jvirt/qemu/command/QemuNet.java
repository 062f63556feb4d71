package org.jvirt.qemu.command;

import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.XmlElem;

/**
 * One {@code <interface>} as a -netdev backend plus its NIC -device, after qemuBuildInterfaceCommandLine.
 *
 * <p>TAP-backed interfaces (ethernet, bridge, network) differ between the two callers. libvirt creates the TAP
 * itself and hands QEMU the open descriptor, which its test harness shows as {@code "fd":"3"} (and the
 * /dev/vhost-net descriptor as {@code "vhostfd":"44"}). The JDK cannot pass descriptors to a child, so a real start
 * ({@link QemuBuildContext#live()}) names the TAP device, which the driver has created and recorded in the live
 * definition's {@code <target dev>}, and tells QEMU not to run any ifup/ifdown script.
 */
final class QemuNet {

    private QemuNet() {}

    /** Test-harness descriptors (qemuxml2argvmock). */
    private static final String TEST_TAP_FD = "3";
    private static final String TEST_VHOST_FD = "44";

    /**
     * The -netdev and -device arguments of interface number {@code index}.
     *
     * @param pci adds the device's PCI bus/addr properties
     */
    static List<String> args(DomainDef def, XmlElem x, int index, QemuBuildContext ctx, Integer bootIndex,
                             UnaryOperator<Json> pci) {
        String type = x.attr("type");
        for (XmlElem c : x.children()) {
            switch (c.name()) {
                case "mac", "model", "boot", "address", "alias", "acpi", "driver" -> { }
                case "source" -> {
                    if (!Set.of("bridge", "network", "server", "client").contains(type)) {
                        throw QemuCommandBuilder.unsupported("interface source");
                    }
                }
                case "target" -> {
                    // managed='no' (ethernet) only says who made the TAP; the command line is the same.
                    boolean unmanaged = "ethernet".equals(type) && c.attrs().size() == 2
                            && "no".equals(c.attr("managed"));
                    if (c.attr("dev") == null || c.attrs().size() != 1 && !unmanaged) {
                        throw QemuCommandBuilder.unsupported("interface target");
                    }
                }
                default -> throw QemuCommandBuilder.unsupported("interface child " + c.name());
            }
        }
        XmlElem mac = x.child("mac");
        if (mac == null || mac.attrs().size() != 1) {
            throw QemuCommandBuilder.unsupported("interface mac");
        }
        XmlElem alias = x.child("alias");
        String id = alias != null && alias.attr("name") != null && alias.attr("name").startsWith("ua-")
                ? alias.attr("name") : "net" + index;
        String netdevId = "host" + id;
        XmlElem modelElem = x.child("model");
        String model = modelElem == null ? "rtl8139" : modelElem.attr("type");
        String driver = switch (model) {
            case "virtio" -> "virtio-net-pci";
            case "virtio-transitional" -> "virtio-net-pci-transitional";
            case "virtio-non-transitional" -> "virtio-net-pci-non-transitional";
            case "e1000", "e1000e", "rtl8139" -> model;
            default -> throw QemuCommandBuilder.unsupported("interface model " + model);
        };
        boolean virtio = model.startsWith("virtio");
        XmlElem drv = x.child("driver");
        Json netdev = switch (type) {
            case "user" -> Json.obj().put("type", "user");
            case "ethernet", "bridge", "network" -> tap(def, x, virtio && (drv == null
                    || !"qemu".equals(drv.attr("name"))), virtio && drv != null && "vhost".equals(drv.attr("name")),
                    ctx);
            case "server", "client" -> {
                XmlElem src = x.child("source");
                if (src == null || src.attr("port") == null || src.children().size() > 0
                        || !Set.of("address", "port").containsAll(src.attrs().stream().map(XmlElem.Attr::name)
                        .toList())) {
                    throw QemuCommandBuilder.unsupported("socket interface");
                }
                String where = (src.attr("address") == null ? "" : src.attr("address")) + ":" + src.attr("port");
                yield Json.obj().put("type", "socket").put(type.equals("server") ? "listen" : "connect", where);
            }
            default -> throw QemuCommandBuilder.unsupported("interface type " + type);
        };
        netdev.put("id", netdevId);
        if (drv != null && !virtio) {
            throw QemuCommandBuilder.unsupported("interface driver");
        }
        Json dev = Json.obj().put("driver", driver);
        if (drv != null && (drv.attr("txmode") != null || drv.attr("ioeventfd") != null
                || drv.attr("event_idx") != null)) {
            if (VirtioOptions.any(drv)) {
                throw QemuCommandBuilder.unsupported("virtio options with net tunables"); // order not pinned down
            }
            if (drv.attr("txmode") != null) {
                dev.put("tx", switch (drv.attr("txmode")) {
                    case "iothread" -> "bh";
                    case "timer" -> "timer";
                    default -> throw QemuCommandBuilder.unsupported("txmode");
                });
            }
            if (drv.attr("ioeventfd") != null) {
                dev.put("ioeventfd", drv.attr("ioeventfd").equals("on"));
            }
            if (drv.attr("event_idx") != null) {
                dev.put("event_idx", drv.attr("event_idx").equals("on"));
            }
        }
        if (drv != null && drv.attr("name") != null && !Set.of("qemu", "vhost").contains(drv.attr("name"))) {
            throw QemuCommandBuilder.unsupported("interface driver name");
        }
        VirtioOptions.add(dev, drv, Set.of("name", "txmode", "ioeventfd", "event_idx"));
        dev.put("netdev", netdevId).put("id", id)
                .put("mac", mac.attr("address")).put("bootindex", bootIndex);
        pci.apply(dev);
        XmlElem acpi = x.child("acpi");
        if (acpi != null) {
            if (acpi.attrs().size() != 1 || acpi.attr("index") == null) {
                throw QemuCommandBuilder.unsupported("interface acpi");
            }
            dev.put("acpi-index", Integer.parseInt(acpi.attr("index")));
        }
        return List.of("-netdev", netdev.toString(), "-device", dev.toString());
    }

    /** The TAP backend: a passed descriptor in libvirt's test harness, the named device in a real start. */
    private static Json tap(DomainDef def, XmlElem x, boolean virtio, boolean explicitVhost,
                            QemuBuildContext ctx) {
        XmlElem src = x.child("source");
        String type = x.attr("type");
        if (type.equals("ethernet") && src != null
                || type.equals("bridge") && (src == null || src.attr("bridge") == null || src.attrs().size() != 1)
                || type.equals("network") && (src == null || src.attr("network") == null
                        // a live definition also names the bridge the network driver resolved
                        || src.attrs().size() != (ctx.live() && src.attr("bridge") != null ? 2 : 1))) {
            throw QemuCommandBuilder.unsupported("tap source");
        }
        if (ctx.live()) {
            XmlElem target = x.child("target");
            if (target == null) {
                throw QemuCommandBuilder.unsupported("tap device name missing from the live definition");
            }
            // QEMU opens /dev/vhost-net itself only when asked explicitly; libvirt's silent fallback to
            // userspace virtio cannot be had without passing the descriptor
            return Json.obj().put("type", "tap").put("ifname", target.attr("dev")).put("script", "no")
                    .put("downscript", "no").put("vhost", explicitVhost ? Boolean.TRUE : null);
        }
        long taps = def.devices(org.jvirt.model.domain.DeviceKind.INTERFACE).stream()
                .filter(d -> Set.of("ethernet", "bridge", "network").contains(d.xml().attr("type"))).count();
        if (taps > 1 || !"kvm".equals(def.type()) && virtio) {
            // descriptor numbering for several TAPs, and vhost without KVM, are not pinned down by the corpus
            throw QemuCommandBuilder.unsupported("tap descriptors");
        }
        Json j = Json.obj().put("type", "tap").put("fd", TEST_TAP_FD);
        if (virtio) {
            j.put("vhost", true).put("vhostfd", TEST_VHOST_FD);
        }
        return j;
    }
}
