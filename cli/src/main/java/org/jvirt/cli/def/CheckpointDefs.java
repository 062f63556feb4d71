package org.jvirt.cli.def;

import static org.jvirt.cli.def.CmdDef.cmd;
import static org.jvirt.cli.def.OptDef.*;

import java.util.List;

/**
 * Definitions of virsh's "Checkpoint" group (tools/virsh-checkpoint.c):
 * names, options in virsh's order, flags and help texts, as virsh 9.0.0 declares them.
 * Option order matters: positional arguments fill the non-boolean options in this order.
 */
final class CheckpointDefs {
    private CheckpointDefs() {}

    static final List<CmdDef> COMMANDS = List.of(
        cmd("checkpoint-create", 0, "Create a checkpoint from XML",
            "Create a checkpoint from XML for use in future incremental backups",
            data("domain", REQ | COMPLETER, "domain name, id or uuid"),
            string("xmlfile", COMPLETER, "domain checkpoint XML"),
            bool("redefine", "redefine metadata for existing checkpoint"),
            bool("redefine-validate", "validate the redefined checkpoint"),
            bool("quiesce", "quiesce guest's file systems")),
        cmd("checkpoint-create-as", 0, "Create a checkpoint from a set of args",
            "Create a checkpoint from arguments for use in future incremental backups",
            data("domain", REQ | COMPLETER, "domain name, id or uuid"),
            string("name", COMPLETER, "name of checkpoint"),
            string("description", COMPLETER, "description of checkpoint"),
            bool("print-xml", "print XML document rather than create"),
            bool("quiesce", "quiesce guest's file systems"),
            argv("diskspec", 0, "disk attributes: disk[,checkpoint=type][,bitmap=name]")),
        cmd("checkpoint-delete", 0, "Delete a domain checkpoint", "Checkpoint Delete",
            data("domain", REQ | COMPLETER, "domain name, id or uuid"),
            string("checkpointname", COMPLETER, "checkpoint name"),
            bool("children", "delete checkpoint and all children"),
            bool("children-only", "delete children but not checkpoint"),
            bool("metadata", "delete only libvirt metadata, leaving checkpoint contents behind")),
        cmd("checkpoint-dumpxml", 0, "Dump XML for a domain checkpoint", "Checkpoint Dump XML",
            data("domain", REQ | COMPLETER, "domain name, id or uuid"),
            string("checkpointname", COMPLETER, "checkpoint name"),
            bool("security-info", "include security sensitive information in XML dump"),
            bool("no-domain", "exclude <domain> from XML"),
            bool("size", "include backup size estimate in XML dump"),
            string("xpath", REQ_OPT | COMPLETER, "xpath expression to filter the XML document"),
            bool("wrap", "wrap xpath results in an common root element")),
        cmd("checkpoint-edit", 0, "edit XML for a checkpoint",
            "Edit the domain checkpoint XML for a named checkpoint",
            data("domain", REQ | COMPLETER, "domain name, id or uuid"),
            string("checkpointname", COMPLETER, "checkpoint name")),
        cmd("checkpoint-info", 0, "checkpoint information", "Returns basic information about a checkpoint.",
            data("domain", REQ | COMPLETER, "domain name, id or uuid"),
            string("checkpointname", COMPLETER, "checkpoint name")),
        cmd("checkpoint-list", 0, "List checkpoints for a domain", "Checkpoint List",
            data("domain", REQ | COMPLETER, "domain name, id or uuid"),
            bool("parent", "add a column showing parent checkpoint"),
            bool("roots", "list only checkpoints without parents"),
            bool("leaves", "list only checkpoints without children"),
            bool("no-leaves", "list only checkpoints that are not leaves (with children)"),
            bool("tree", "list checkpoints in a tree"),
            string("from", COMPLETER, "limit list to children of given checkpoint"),
            bool("descendants", "with --from, list all descendants"),
            bool("name", "list checkpoint names only"),
            bool("topological", "sort list topologically rather than by name")),
        cmd("checkpoint-parent", 0, "Get the name of the parent of a checkpoint",
            "Extract the checkpoint's parent, if any",
            data("domain", REQ | COMPLETER, "domain name, id or uuid"),
            string("checkpointname", COMPLETER, "find parent of checkpoint name")));
}
