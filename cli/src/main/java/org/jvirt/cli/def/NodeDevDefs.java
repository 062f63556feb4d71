package org.jvirt.cli.def;

import static org.jvirt.cli.def.CmdDef.aliasOf;
import static org.jvirt.cli.def.CmdDef.cmd;
import static org.jvirt.cli.def.OptDef.*;

import java.util.List;

/**
 * Definitions of virsh's "Node Device" group (tools/virsh-nodedev.c):
 * names, options in virsh's order, flags and help texts, as virsh 9.0.0 declares them.
 * Option order matters: positional arguments fill the non-boolean options in this order.
 */
final class NodeDevDefs {
    private NodeDevDefs() {}

    static final List<CmdDef> COMMANDS = List.of(
        cmd("nodedev-create", 0, "create a device defined by an XML file on the node",
            "Create a device on the node.  Note that this command creates devices on the physical host that can then be assigned to a virtual machine.",
            data("file", REQ | COMPLETER, "file containing an XML description of the device"),
            bool("validate", "validate the XML against the schema")),
        cmd("nodedev-destroy", 0, "destroy (stop) a device on the node",
            "Destroy a device on the node.  Note that this command destroys devices on the physical host",
            alias("name", "device"),
            data("device", REQ | COMPLETER, "device name or wwn pair in 'wwnn,wwpn' format")),
        cmd("nodedev-detach", 0, "detach node device from its device driver",
            "Detach node device from its device driver before assigning to a domain.",
            data("device", REQ | COMPLETER, "device key"),
            string("driver", COMPLETER, "pci device assignment backend driver (e.g. 'vfio' or 'xen')")),
        aliasOf("nodedev-dettach", "nodedev-detach"),
        cmd("nodedev-dumpxml", 0, "node device details in XML",
            "Output the node device details as an XML dump to stdout.",
            data("device", REQ | COMPLETER, "device name or wwn pair in 'wwnn,wwpn' format"),
            string("xpath", REQ_OPT | COMPLETER, "xpath expression to filter the XML document"),
            bool("wrap", "wrap xpath results in an common root element")),
        cmd("nodedev-list", 0, "enumerate devices on this host", "",
            bool("tree", "list devices in a tree"),
            string("cap", COMPLETER, "capability names, separated by comma"),
            bool("inactive", "list inactive devices"),
            bool("all", "list inactive & active devices")),
        cmd("nodedev-reattach", 0, "reattach node device to its device driver",
            "Reattach node device to its device driver once released by the domain.",
            data("device", REQ | COMPLETER, "device key")),
        cmd("nodedev-reset", 0, "reset node device", "Reset node device before or after assigning to a domain.",
            data("device", REQ | COMPLETER, "device key")),
        cmd("nodedev-event", 0, "Node Device Events", "List event types, or wait for node device events to occur",
            string("device", COMPLETER, "filter by node device name"),
            string("event", COMPLETER, "which event type to wait for"),
            bool("loop", "loop until timeout or interrupt, rather than one-shot"),
            integer("timeout", 0, "timeout seconds"),
            bool("list", "list valid event types"),
            bool("timestamp", "show timestamp for each printed event")),
        cmd("nodedev-define", 0, "Define a device by an xml file on a node",
            "Defines a persistent device on the node that can be assigned to a domain. The device must be started before it can be assigned to a domain.",
            data("file", REQ | COMPLETER, "file containing an XML description of the device"),
            bool("validate", "validate the XML against the schema")),
        cmd("nodedev-undefine", 0, "Undefine an inactive node device",
            "Undefines the configuration for an inactive node device",
            data("device", REQ | COMPLETER, "device name or wwn pair in 'wwnn,wwpn' format")),
        cmd("nodedev-start", 0, "Start an inactive node device",
            "Starts an inactive node device that was previously defined",
            data("device", REQ | COMPLETER, "device name")),
        cmd("nodedev-autostart", 0, "autostart a defined node device",
            "Configure a node device to be automatically started at boot.",
            data("device", REQ | COMPLETER, "device name or wwn pair in 'wwnn,wwpn' format"),
            bool("disable", "disable autostarting")),
        cmd("nodedev-info", 0, "node device information", "Returns basic information about the node device",
            data("device", REQ | COMPLETER, "device name or wwn pair in 'wwnn,wwpn' format")));
}
