package org.jvirt.cli.def;

import static org.jvirt.cli.def.CmdDef.cmd;
import static org.jvirt.cli.def.OptDef.*;

import java.util.List;

/**
 * Definitions of virsh's "Network Filter" group (tools/virsh-nwfilter.c):
 * names, options in virsh's order, flags and help texts, as virsh 9.0.0 declares them.
 * Option order matters: positional arguments fill the non-boolean options in this order.
 */
final class NwFilterDefs {
    private NwFilterDefs() {}

    static final List<CmdDef> COMMANDS = List.of(
        cmd("nwfilter-define", 0, "define or update a network filter from an XML file",
            "Define a new network filter or update an existing one.",
            data("file", REQ | COMPLETER, "file containing an XML network filter description"),
            bool("validate", "validate the XML against the schema")),
        cmd("nwfilter-dumpxml", 0, "network filter information in XML",
            "Output the network filter information as an XML dump to stdout.",
            data("nwfilter", REQ | COMPLETER, "network filter name or uuid"),
            string("xpath", REQ_OPT | COMPLETER, "xpath expression to filter the XML document"),
            bool("wrap", "wrap xpath results in an common root element")),
        cmd("nwfilter-edit", 0, "edit XML configuration for a network filter",
            "Edit the XML configuration for a network filter.",
            data("nwfilter", REQ | COMPLETER, "network filter name or uuid")),
        cmd("nwfilter-list", 0, "list network filters", "Returns list of network filters."),
        cmd("nwfilter-undefine", 0, "undefine a network filter", "Undefine a given network filter.",
            data("nwfilter", REQ | COMPLETER, "network filter name or uuid")),
        cmd("nwfilter-binding-create", 0, "create a network filter binding from an XML file",
            "Create a new network filter binding.",
            data("file", REQ | COMPLETER, "file containing an XML network filter binding description"),
            bool("validate", "validate the XML against the schema")),
        cmd("nwfilter-binding-delete", 0, "delete a network filter binding",
            "Delete a given network filter binding.",
            data("binding", REQ | COMPLETER, "network filter binding port dev")),
        cmd("nwfilter-binding-dumpxml", 0, "network filter information in XML",
            "Output the network filter information as an XML dump to stdout.",
            data("binding", REQ | COMPLETER, "network filter binding portdev"),
            string("xpath", REQ_OPT | COMPLETER, "xpath expression to filter the XML document"),
            bool("wrap", "wrap xpath results in an common root element")),
        cmd("nwfilter-binding-list", 0, "list network filter bindings", "Returns list of network filter bindings."));
}
