package org.jvirt.cli.def;

import static org.jvirt.cli.def.CmdDef.cmd;
import static org.jvirt.cli.def.OptDef.*;

import java.util.List;

/**
 * Definitions of virsh's "Networking" group (tools/virsh-network.c):
 * names, options in virsh's order, flags and help texts, as virsh 9.0.0 declares them.
 * Option order matters: positional arguments fill the non-boolean options in this order.
 */
final class NetworkDefs {
    private NetworkDefs() {}

    static final List<CmdDef> COMMANDS = List.of(
        cmd("net-autostart", 0, "autostart a network", "Configure a network to be automatically started at boot.",
            data("network", REQ | COMPLETER, "network name or uuid"),
            bool("disable", "disable autostarting")),
        cmd("net-create", 0, "create a network from an XML file", "Create a network.",
            data("file", REQ | COMPLETER, "file containing an XML network description"),
            bool("validate", "validate the XML against the schema")),
        cmd("net-define", 0, "define an inactive persistent virtual network or modify an existing persistent one from an XML file",
            "Define or modify a persistent virtual network.",
            data("file", REQ | COMPLETER, "file containing an XML network description"),
            bool("validate", "validate the XML against the schema")),
        cmd("net-destroy", 0, "destroy (stop) a network", "Forcefully stop a given network.",
            data("network", REQ | COMPLETER, "network name or uuid")),
        cmd("net-dhcp-leases", 0, "print lease info for a given network", "Print lease info for a given network",
            data("network", REQ | COMPLETER, "network name or uuid"),
            string("mac", COMPLETER, "MAC address")),
        cmd("net-dumpxml", 0, "network information in XML",
            "Output the network information as an XML dump to stdout.",
            data("network", REQ | COMPLETER, "network name or uuid"),
            bool("inactive", "show inactive defined XML"),
            string("xpath", REQ_OPT | COMPLETER, "xpath expression to filter the XML document"),
            bool("wrap", "wrap xpath results in an common root element")),
        cmd("net-edit", 0, "edit XML configuration for a network", "Edit the XML configuration for a network.",
            data("network", REQ | COMPLETER, "network name or uuid")),
        cmd("net-event", 0, "Network Events", "List event types, or wait for network events to occur",
            string("network", COMPLETER, "filter by network name or uuid"),
            string("event", COMPLETER, "which event type to wait for"),
            bool("loop", "loop until timeout or interrupt, rather than one-shot"),
            integer("timeout", 0, "timeout seconds"),
            bool("list", "list valid event types"),
            bool("timestamp", "show timestamp for each printed event")),
        cmd("net-info", 0, "network information", "Returns basic information about the network",
            data("network", REQ | COMPLETER, "network name or uuid")),
        cmd("net-list", 0, "list networks", "Returns list of networks.",
            bool("inactive", "list inactive networks"),
            bool("all", "list inactive & active networks"),
            bool("persistent", "list persistent networks"),
            bool("transient", "list transient networks"),
            bool("autostart", "list networks with autostart enabled"),
            bool("no-autostart", "list networks with autostart disabled"),
            bool("uuid", "list uuid's only"),
            bool("name", "list network names only"),
            bool("table", "list table (default)")),
        cmd("net-name", 0, "convert a network UUID to network name", "",
            data("network", REQ | COMPLETER, "network uuid")),
        cmd("net-start", 0, "start a (previously defined) inactive network", "Start a network.",
            data("network", REQ | COMPLETER, "network name or uuid")),
        cmd("net-undefine", 0, "undefine a persistent network",
            "Undefine the configuration for a persistent network.",
            data("network", REQ | COMPLETER, "network name or uuid")),
        cmd("net-update", 0, "update parts of an existing network's configuration", "",
            data("network", REQ | COMPLETER, "network name or uuid"),
            data("command", REQ | COMPLETER, "type of update (add-first, add-last (add), delete, or modify)"),
            data("section", REQ | COMPLETER, "which section of network configuration to update"),
            data("xml", REQ | COMPLETER, "name of file containing xml (or, if it starts with '<', the complete xml element itself) to add/modify, or to be matched for search"),
            integer("parent-index", 0, "which parent object to search through"),
            bool("config", "affect next network startup"),
            bool("live", "affect running network"),
            bool("current", "affect current state of network")),
        cmd("net-uuid", 0, "convert a network name to network UUID", "",
            data("network", REQ | COMPLETER, "network name")),
        cmd("net-port-list", 0, "list network ports", "Returns list of network ports.",
            data("network", REQ | COMPLETER, "network name or uuid"),
            bool("uuid", "list uuid's only"),
            bool("table", "list table (default)")),
        cmd("net-port-create", 0, "create a network port from an XML file", "Create a network port.",
            data("network", REQ | COMPLETER, "network name or uuid"),
            data("file", REQ | COMPLETER, "file containing an XML network port description"),
            bool("validate", "validate the XML against the schema")),
        cmd("net-port-dumpxml", 0, "network port information in XML",
            "Output the network port information as an XML dump to stdout.",
            data("network", REQ | COMPLETER, "network name or uuid"),
            data("port", REQ | COMPLETER, "port UUID"),
            string("xpath", REQ_OPT | COMPLETER, "xpath expression to filter the XML document"),
            bool("wrap", "wrap xpath results in an common root element")),
        cmd("net-port-delete", 0, "delete the specified network port", "Delete the specified network port.",
            data("network", REQ | COMPLETER, "network name or uuid"),
            data("port", REQ | COMPLETER, "port UUID")));
}
