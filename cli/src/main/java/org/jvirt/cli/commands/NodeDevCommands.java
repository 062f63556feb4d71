package org.jvirt.cli.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jvirt.api.NodeDevice;
import org.jvirt.cli.Cmd;
import org.jvirt.cli.Ctl;
import org.jvirt.cli.Escapes;
import org.jvirt.cli.Handler;
import org.jvirt.cli.Options;
import org.jvirt.core.VirException;

/** The "Node Device" group (virsh-nodedev.c). */
final class NodeDevCommands {
    static final List<String> CAPS = List.of("system", "pci", "usb_device", "usb", "net", "scsi_host", "scsi_target",
            "scsi", "storage", "fc_host", "vports", "scsi_generic", "drm", "mdev_types", "mdev", "ccw", "css",
            "vdpa", "ap_card", "ap_queue", "ap_matrix", "vpd");
    static final int LIST_INACTIVE = 1 << 30;
    static final int LIST_ACTIVE = 1 << 31;

    private NodeDevCommands() {}

    static void register(Map<String, Handler> m) {
        m.put("nodedev-create", NodeDevCommands::create);
        m.put("nodedev-define", NodeDevCommands::define);
        m.put("nodedev-destroy", NodeDevCommands::destroy);
        m.put("nodedev-undefine", NodeDevCommands::undefine);
        m.put("nodedev-dumpxml", NodeDevCommands::dumpxml);
        m.put("nodedev-list", NodeDevCommands::list);
        m.put("nodedev-info", NodeDevCommands::info);
        m.put("nodedev-start", simple(d -> d.create(0), "Device %s started\n", "Failed to start device %s"));
        m.put("nodedev-detach", NodeDevCommands::detach);
        m.put("nodedev-reattach", simple(NodeDevice::reAttach, "Device %s re-attached\n",
                "Failed to re-attach device %s"));
        m.put("nodedev-reset", simple(NodeDevice::reset, "Device %s reset\n", "Failed to reset device %s"));
        m.put("nodedev-autostart", NodeDevCommands::autostart);
    }

    /** vshFindNodeDevice: by name, or by "wwnn,wwpn" for a SCSI host. */
    private static NodeDevice find(Ctl ctl, String value) {
        NodeDevice dev = null;
        try {
            if (value.indexOf(',') >= 0) {
                List<String> arr = Escapes.splitCommas(value);
                if (arr.size() != 2) {
                    ctl.errorf("Malformed device value '%s'", value);
                    return null;
                }
                dev = ctl.conn().nodeDeviceLookupSCSIHostByWWN(arr.get(0), arr.get(1), 0);
            } else {
                dev = ctl.conn().nodeDeviceLookupByName(value);
            }
        } catch (VirException e) {
            ctl.setLastError(e);
        }
        if (dev == null) {
            ctl.errorf("%s '%s'", "Could not find matching device", value);
        }
        return dev;
    }

    private interface DevAction {
        void apply(NodeDevice d);
    }

    private static Handler simple(DevAction a, String ok, String failed) {
        return (ctl, cmd) -> {
            String name = Options.string(ctl, cmd, "device");
            NodeDevice dev;
            try {
                dev = ctl.conn().nodeDeviceLookupByName(name);
            } catch (VirException e) {
                return Util.fail(ctl, e, "Could not find matching device '%s'", name);
            }
            try {
                a.apply(dev);
            } catch (VirException e) {
                return Util.fail(ctl, e, failed, name);
            }
            ctl.printExtra(String.format(ok, name));
            return true;
        };
    }

    private static boolean create(Ctl ctl, Cmd cmd) {
        String from = Options.string(ctl, cmd, "file");
        String xml = Util.readFile(ctl, from);
        NodeDevice dev;
        try {
            dev = ctl.conn().nodeDeviceCreateXML(xml, cmd.has("validate") ? 1 : 0);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to create node device from %s", from);
        }
        ctl.printExtra(String.format("Node device %s created from %s\n", dev.getName(), from));
        return true;
    }

    private static boolean define(Ctl ctl, Cmd cmd) {
        String from = Options.string(ctl, cmd, "file");
        String xml = Util.readFile(ctl, from);
        NodeDevice dev;
        try {
            dev = ctl.conn().nodeDeviceDefineXML(xml, cmd.has("validate") ? 1 : 0);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to define node device from '%s'", from);
        }
        ctl.printExtra(String.format("Node device '%s' defined from '%s'\n", dev.getName(), from));
        return true;
    }

    private static boolean destroy(Ctl ctl, Cmd cmd) {
        String value = Options.string(ctl, cmd, "device");
        NodeDevice dev = find(ctl, value);
        if (dev == null) {
            return false;
        }
        try {
            dev.destroy();
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to destroy node device '%s'", value);
        }
        ctl.printExtra(String.format("Destroyed node device '%s'\n", value));
        return true;
    }

    private static boolean undefine(Ctl ctl, Cmd cmd) {
        String value = Options.string(ctl, cmd, "device");
        NodeDevice dev = find(ctl, value);
        if (dev == null) {
            return false;
        }
        try {
            dev.undefine(0);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to undefine node device '%s'", value);
        }
        ctl.printExtra(String.format("Undefined node device '%s'\n", value));
        return true;
    }

    private static boolean dumpxml(Ctl ctl, Cmd cmd) {
        NodeDevice dev = find(ctl, Options.string(ctl, cmd, "device"));
        if (dev == null) {
            return false;
        }
        return XPathOutput.print(ctl, cmd, dev.getXMLDesc(0));
    }

    private static boolean list(Ctl ctl, Cmd cmd) {
        boolean tree = cmd.has("tree");
        boolean inactive = cmd.has("inactive");
        boolean all = cmd.has("all");
        if (!Options.exclusive(ctl, cmd, "tree", "cap") || !Options.exclusive(ctl, cmd, "inactive", "all")) {
            return false;
        }
        int flags = 0;
        String cap = Options.string(ctl, cmd, "cap");
        if (cap != null) {
            for (String c : Escapes.splitCommas(cap)) {
                int i = CAPS.indexOf(c);
                if (i < 0) {
                    ctl.errorf("Invalid capability type '%s'", c);
                    return false;
                }
                flags |= 1 << i;
            }
        }
        if (inactive) {
            flags |= LIST_INACTIVE;
        } else if (!all) {
            flags |= LIST_ACTIVE;
        }
        List<NodeDevice> devs;
        try {
            devs = new ArrayList<>(ctl.conn().listAllNodeDevices(flags));
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to list node devices");
        }
        devs.sort((a, b) -> String.CASE_INSENSITIVE_ORDER.compare(a.getName(), b.getName()));
        StringBuilder sb = new StringBuilder();
        if (tree) {
            List<String> names = devs.stream().map(NodeDevice::getName).toList();
            List<String> parents = new ArrayList<>();
            for (NodeDevice d : devs) {
                String p = d.getParent();
                parents.add(p == null || p.isEmpty() ? null : p);
            }
            for (int i = 0; i < devs.size(); i++) {
                if (parents.get(i) == null) {
                    TreePrinter.print(sb, names, parents, i);
                }
            }
        } else {
            for (NodeDevice d : devs) {
                sb.append(d.getName()).append('\n');
            }
        }
        ctl.print(sb.toString());
        return true;
    }

    private static boolean info(Ctl ctl, Cmd cmd) {
        NodeDevice dev = find(ctl, Options.string(ctl, cmd, "device"));
        if (dev == null) {
            return false;
        }
        String parent;
        try {
            parent = dev.getParent();
        } catch (VirException e) {
            parent = null;
        }
        ctl.printf("%-15s %s\n", "Name:", dev.getName());
        ctl.printf("%-15s %s\n", "Parent:", parent == null ? "" : parent);
        // virsh tests the C return value, so a failing call (-1) reads as "yes"; keep that
        ctl.printf("%-15s %s\n", "Active:", yesUnlessFalse(dev::isActive) ? "yes" : "no");
        ctl.printf("%-15s %s\n", "Persistent:", yesUnlessFalse(dev::isPersistent) ? "yes" : "no");
        try {
            ctl.printf("%-15s %s\n", "Autostart:", dev.getAutostart() ? "yes" : "no");
        } catch (VirException e) {
            ctl.printf("%-15s %s\n", "Autostart:", "no autostart");
        }
        return true;
    }

    private static boolean yesUnlessFalse(java.util.function.BooleanSupplier call) {
        try {
            return call.getAsBoolean();
        } catch (VirException e) {
            return true;
        }
    }

    private static boolean detach(Ctl ctl, Cmd cmd) {
        String name = Options.string(ctl, cmd, "device");
        String driver = Options.string(ctl, cmd, "driver");
        NodeDevice dev;
        try {
            dev = ctl.conn().nodeDeviceLookupByName(name);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Could not find matching device '%s'", name);
        }
        try {
            if (driver != null) {
                dev.detachFlags(driver, 0);
            } else {
                dev.dettach();
            }
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to detach device %s", name);
        }
        ctl.printExtra(String.format("Device %s detached\n", name));
        return true;
    }

    private static boolean autostart(Ctl ctl, Cmd cmd) {
        NodeDevice dev = find(ctl, Options.string(ctl, cmd, "device"));
        if (dev == null) {
            return false;
        }
        boolean enable = !cmd.has("disable");
        String name = dev.getName();
        try {
            dev.setAutostart(enable);
        } catch (VirException e) {
            return Util.fail(ctl, e, enable ? "failed to mark device %s as autostarted"
                    : "failed to unmark device %s as autostarted", name);
        }
        ctl.printExtra(String.format(enable ? "Device %s marked as autostarted\n"
                : "Device %s unmarked as autostarted\n", name));
        return true;
    }
}
