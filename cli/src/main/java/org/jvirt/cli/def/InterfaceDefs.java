package org.jvirt.cli.def;

import static org.jvirt.cli.def.CmdDef.cmd;
import static org.jvirt.cli.def.OptDef.*;

import java.util.List;

/**
 * Definitions of virsh's "Interface" group (tools/virsh-interface.c):
 * names, options in virsh's order, flags and help texts, as virsh 9.0.0 declares them.
 * Option order matters: positional arguments fill the non-boolean options in this order.
 */
final class InterfaceDefs {
    private InterfaceDefs() {}

    static final List<CmdDef> COMMANDS = List.of(
        cmd("iface-begin", 0, "create a snapshot of current interfaces settings, which can be later committed (iface-commit) or restored (iface-rollback)",
            "Create a restore point for interfaces settings"),
        cmd("iface-bridge", 0, "create a bridge device and attach an existing network device to it",
            "bridge an existing network device",
            data("interface", REQ | COMPLETER, "existing interface name"),
            data("bridge", REQ, "new bridge device name"),
            bool("no-stp", "do not enable STP for this bridge"),
            integer("delay", 0, "number of seconds to squelch traffic on newly connected ports"),
            bool("no-start", "don't start the bridge immediately")),
        cmd("iface-commit", 0, "commit changes made since iface-begin and free restore point",
            "commit changes and free restore point"),
        cmd("iface-define", 0, "define an inactive persistent physical host interface or modify an existing persistent one from an XML file",
            "Define or modify a persistent physical host interface.",
            data("file", REQ | COMPLETER, "file containing an XML interface description"),
            bool("validate", "validate the XML against the schema")),
        cmd("iface-destroy", 0, "destroy a physical host interface (disable it / \"if-down\")",
            "forcefully stop a physical host interface.",
            data("interface", REQ | COMPLETER, "interface name or MAC address")),
        cmd("iface-dumpxml", 0, "interface information in XML",
            "Output the physical host interface information as an XML dump to stdout.",
            data("interface", REQ | COMPLETER, "interface name or MAC address"),
            bool("inactive", "show inactive defined XML"),
            string("xpath", REQ_OPT | COMPLETER, "xpath expression to filter the XML document"),
            bool("wrap", "wrap xpath results in an common root element")),
        cmd("iface-edit", 0, "edit XML configuration for a physical host interface",
            "Edit the XML configuration for a physical host interface.",
            data("interface", REQ | COMPLETER, "interface name or MAC address")),
        cmd("iface-list", 0, "list physical host interfaces", "Returns list of physical host interfaces.",
            bool("inactive", "list inactive interfaces"),
            bool("all", "list inactive & active interfaces")),
        cmd("iface-mac", 0, "convert an interface name to interface MAC address", "",
            data("interface", REQ | COMPLETER, "interface name")),
        cmd("iface-name", 0, "convert an interface MAC address to interface name", "",
            data("interface", REQ | COMPLETER, "interface mac")),
        cmd("iface-rollback", 0, "rollback to previous saved configuration created via iface-begin",
            "rollback to previous restore point"),
        cmd("iface-start", 0, "start a physical host interface (enable it / \"if-up\")",
            "start a physical host interface.",
            data("interface", REQ | COMPLETER, "interface name or MAC address")),
        cmd("iface-unbridge", 0, "undefine a bridge device after detaching its device(s)",
            "unbridge a network device",
            data("bridge", REQ, "current bridge device name"),
            bool("no-start", "don't start the detached interface immediately (not recommended)")),
        cmd("iface-undefine", 0, "undefine a physical host interface (remove it from configuration)",
            "undefine an interface.",
            data("interface", REQ | COMPLETER, "interface name or MAC address")));
}
