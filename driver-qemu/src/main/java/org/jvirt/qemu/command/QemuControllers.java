package org.jvirt.qemu.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDevice;
import org.jvirt.model.domain.XmlElem;

/**
 * Controllers on the command line, after qemuBuildControllersCommandLine: PCI root ports and bridges, USB, SCSI
 * and virtio-serial. The PIIX3/ICH9 functions (IDE, primary SATA, FDC) are part of the board and print nothing.
 */
final class QemuControllers {
    private final DomainDef def;
    private final List<String> args;
    private final boolean q35;
    private final BiFunction<Json, DomainDevice, Json> pci;

    QemuControllers(DomainDef def, List<String> args, boolean q35, BiFunction<Json, DomainDevice, Json> pci) {
        this.def = def;
        this.args = args;
        this.q35 = q35;
        this.pci = pci;
    }

    private void add(String... a) {
        args.addAll(List.of(a));
    }

    private static String orDefault(String v, String d) {
        return v == null ? d : v;
    }

    // ---- controllers -------------------------------------------------------------------------------

    /** qemuBuildControllersCommandLine: by type (pci, usb, scsi, ide, sata, virtio-serial), then index. */
    void build(List<DomainDevice> controllers) {
        // qemuBuildGlobalControllerCommandLine: root-bus ACPI hotplug is a PIIX4 power-management property
        for (DomainDevice d : controllers) {
            XmlElem x = d.xml();
            XmlElem t = x.child("target");
            if ("pci".equals(x.attr("type")) && "pci-root".equals(x.attr("model")) && t != null
                    && t.attr("hotplug") != null) {
                add("-global", "PIIX4_PM.acpi-root-pci-hotplug=" + t.attr("hotplug"));
            }
        }
        List<String> typeOrder = List.of("pci", "usb", "scsi", "ide", "sata", "virtio-serial");
        List<DomainDevice> ctrls = new ArrayList<>(controllers);
        for (DomainDevice d : ctrls) {
            String type = d.xml().attr("type");
            if (!typeOrder.contains(type) && !type.equals("fdc")) {
                throw QemuCommandBuilder.unsupported("controller " + type);
            }
        }
        ctrls.removeIf(d -> !typeOrder.contains(d.xml().attr("type")));
        ctrls.sort(java.util.Comparator.<DomainDevice>comparingInt(d -> typeOrder.indexOf(d.xml().attr("type")))
                .thenComparingInt(d -> Integer.parseInt(orDefault(d.xml().attr("index"), "0")))
                // a USB2 set prints its EHCI master before the UHCI companions
                .thenComparingInt(d -> orDefault(d.xml().attr("model"), "").startsWith("ich9-ehci") ? 0 : 1));
        for (DomainDevice d : ctrls) {
            XmlElem x = d.xml();
            String type = x.attr("type");
            String model = x.attr("model");
            String idx = orDefault(x.attr("index"), "0");
            for (XmlElem c : x.children()) {
                boolean pciDetail = type.equals("pci") && (c.name().equals("model") || c.name().equals("target"))
                        || Set.of("scsi", "virtio-serial").contains(type) && c.name().equals("driver")
                        || type.equals("usb") && c.name().equals("master");
                if (!c.name().equals("address") && !pciDetail) {
                    throw QemuCommandBuilder.unsupported("controller child " + c.name());
                }
            }
            switch (type) {
                case "pci" -> pciController(d);
                case "ide" -> {
                    if (!idx.equals("0") || q35) {
                        throw QemuCommandBuilder.unsupported(type + " controller");
                    }
                }
                case "sata" -> {
                    if (x.attrs().size() != 2 || x.children().size() > (x.child("address") == null ? 0 : 1)) {
                        throw QemuCommandBuilder.unsupported("sata controller options");
                    }
                    // q35's first AHCI is part of the board; others are added devices
                    if (!q35 || !idx.equals("0")) {
                        add("-device", pci.apply(Json.obj().put("driver", "ahci").put("id", "sata" + idx), d)
                                .toString());
                    }
                }
                case "usb" -> {
                    String usbId = idx.equals("0") ? "usb" : "usb" + idx;
                    XmlElem master = x.child("master");
                    if (model.matches("ich9-uhci[123]")) {
                        if (master == null || master.attr("startport") == null || x.attr("ports") != null) {
                            throw QemuCommandBuilder.unsupported("usb companion");
                        }
                        // companions hang off the EHCI master's bus and have no id of their own
                        add("-device", pci.apply(Json.obj().put("driver", "ich9-usb-" + model.substring(5))
                                .put("masterbus", usbId + ".0")
                                .put("firstport", Integer.parseInt(master.attr("startport"))), d).toString());
                    } else if (master != null) {
                        throw QemuCommandBuilder.unsupported("usb master");
                    } else if (model.equals("ich9-ehci1")) {
                        if (x.attr("ports") != null) {
                            throw QemuCommandBuilder.unsupported("usb ports");
                        }
                        add("-device", pci.apply(Json.obj().put("driver", "ich9-usb-ehci1").put("id", usbId), d)
                                .toString());
                    } else if (!idx.equals("0") && !model.endsWith("xhci")) {
                        throw QemuCommandBuilder.unsupported("usb index");
                    } else if (model.equals("piix3-uhci")) {
                        if (x.attr("ports") != null) {
                            throw QemuCommandBuilder.unsupported("usb ports");
                        }
                        add("-device", pci.apply(Json.obj().put("driver", "piix3-usb-uhci").put("id", "usb"), d)
                                .toString());
                    } else if (model.equals("qemu-xhci") || model.equals("nec-xhci")) {
                        Json j = Json.obj().put("driver", model.equals("qemu-xhci") ? "qemu-xhci" : "nec-usb-xhci");
                        if (x.attr("ports") != null) {
                            int p = Integer.parseInt(x.attr("ports"));
                            j.put("p2", p).put("p3", p);
                        }
                        add("-device", pci.apply(j.put("id", usbId), d).toString());
                    } else if (!model.equals("none")) {
                        throw QemuCommandBuilder.unsupported("usb model " + model);
                    }
                }
                case "scsi" -> add("-device", pci.apply(scsiController(def, x), d).toString());
                case "virtio-serial" -> {
                    if (!Set.of("type", "index", "model", "ports", "vectors").containsAll(
                            x.attrs().stream().map(XmlElem.Attr::name).toList())) {
                        throw QemuCommandBuilder.unsupported("virtio-serial options");
                    }
                    String driver = switch (orDefault(x.attr("model"), "virtio")) {
                        case "virtio" -> "virtio-serial-pci";
                        case "virtio-transitional" -> "virtio-serial-pci-transitional";
                        case "virtio-non-transitional" -> "virtio-serial-pci-non-transitional";
                        default -> throw QemuCommandBuilder.unsupported("virtio-serial model " + x.attr("model"));
                    };
                    add("-device", pci.apply(VirtioOptions.add(Json.obj().put("driver", driver),
                            x.child("driver"), Set.of()).put("id", "virtio-serial" + idx)
                            .put("max_ports", x.attr("ports") == null ? null : Integer.parseInt(x.attr("ports")))
                            .put("vectors", x.attr("vectors") == null ? null : Integer.parseInt(x.attr("vectors"))),
                            d).toString());
                }
                default -> throw QemuCommandBuilder.unsupported("controller " + type);
            }
        }
    }

    /** qemuBuildControllerSCSIProps for LSI and virtio-scsi HBAs, with virtio-scsi's driver tunables. */
    private static Json scsiController(DomainDef def, XmlElem x) {
        String model = orDefault(x.attr("model"), "lsilogic");
        String driver = switch (model) {
            case "lsilogic" -> "lsi";
            case "virtio-scsi" -> "virtio-scsi-pci";
            case "virtio-transitional" -> "virtio-scsi-pci-transitional";
            case "virtio-non-transitional" -> "virtio-scsi-pci-non-transitional";
            default -> throw QemuCommandBuilder.unsupported("scsi model " + model);
        };
        XmlElem drv = x.child("driver");
        Json j = Json.obj().put("driver", driver);
        if (model.startsWith("virtio")) {
            j.put("iothread", QemuIOThreads.alias(def, drv));
            VirtioOptions.add(j, drv, Set.of("queues", "cmd_per_lun", "max_sectors", "ioeventfd", "iothread"));
            if (VirtioOptions.any(drv) && drv.attrs().size() > 1) {
                throw QemuCommandBuilder.unsupported("virtio options with scsi tunables"); // order not pinned down
            }
        }
        j.put("id", "scsi" + x.attr("index"));
        if (drv != null) {
            if (!model.startsWith("virtio")) {
                throw QemuCommandBuilder.unsupported("scsi driver options");
            }
            for (XmlElem.Attr a : drv.attrs()) {
                if (!Set.of("queues", "cmd_per_lun", "max_sectors", "ioeventfd", "iommu", "ats", "packed", "iothread")
                        .contains(a.name())) {
                    throw QemuCommandBuilder.unsupported("scsi driver " + a.name());
                }
            }
            if (drv.attr("queues") != null) {
                j.put("num_queues", Integer.parseInt(drv.attr("queues")));
            }
            if (drv.attr("cmd_per_lun") != null) {
                j.put("cmd_per_lun", Integer.parseInt(drv.attr("cmd_per_lun")));
            }
            if (drv.attr("max_sectors") != null) {
                j.put("max_sectors", Integer.parseInt(drv.attr("max_sectors")));
            }
            if (drv.attr("ioeventfd") != null) {
                j.put("ioeventfd", drv.attr("ioeventfd").equals("on"));
            }
        }
        if (x.attrs().size() > (x.attr("model") == null ? 2 : 3)) {
            throw QemuCommandBuilder.unsupported("scsi controller options");
        }
        return j;
    }

    /** qemuBuildControllerPCIProps for the root ports and bridges libvirt adds itself. */
    private void pciController(DomainDevice d) {
        XmlElem x = d.xml();
        String model = x.attr("model");
        String idx = x.attr("index");
        XmlElem t = x.child("target");
        XmlElem m = x.child("model");
        String name = m == null ? null : m.attr("name");
        switch (model) {
            case "pci-root", "pcie-root" -> {
                boolean hotplugOnly = model.equals("pci-root") && t != null && t.attrs().size() == 1
                        && t.attr("hotplug") != null && x.children().size() == 1;
                if (!x.children().isEmpty() && !hotplugOnly) {
                    throw QemuCommandBuilder.unsupported("root bus options");
                }
            }
            case "pcie-root-port", "pcie-switch-downstream-port" -> {
                boolean root = model.equals("pcie-root-port");
                if (!(root ? Set.of("pcie-root-port", "ioh3420") : Set.of("xio3130-downstream")).contains(name)
                        || t == null || t.attr("busNr") != null) {
                    throw QemuCommandBuilder.unsupported(model);
                }
                Json j = Json.obj().put("driver", name).put("port", Integer.decode(t.attr("port")))
                        .put("chassis", Integer.parseInt(t.attr("chassis"))).put("id", "pci." + idx);
                if (t.attr("hotplug") != null) {
                    j.put("hotplug", t.attr("hotplug").equals("on"));
                }
                add("-device", pci.apply(j, d).toString());
            }
            case "pci-bridge" -> {
                if (!"pci-bridge".equals(name) || t == null || t.attrs().size() != 1) {
                    throw QemuCommandBuilder.unsupported("pci-bridge");
                }
                add("-device", pci.apply(Json.obj().put("driver", name)
                        .put("chassis_nr", Integer.parseInt(t.attr("chassisNr"))).put("id", "pci." + idx), d)
                        .toString());
            }
            case "pcie-switch-upstream-port" -> {
                if (!"x3130-upstream".equals(name) || t != null) {
                    throw QemuCommandBuilder.unsupported(model);
                }
                add("-device", pci.apply(Json.obj().put("driver", name).put("id", "pci." + idx), d).toString());
            }
            case "dmi-to-pci-bridge", "pcie-to-pci-bridge" -> {
                if (t != null || name == null) {
                    throw QemuCommandBuilder.unsupported(model);
                }
                add("-device", pci.apply(Json.obj().put("driver", name).put("id", "pci." + idx), d).toString());
            }
            default -> throw QemuCommandBuilder.unsupported("pci controller " + model);
        }
    }
}
