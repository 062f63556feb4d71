package org.jvirt.cli.def;

import static org.jvirt.cli.def.CmdDef.cmd;
import static org.jvirt.cli.def.OptDef.*;

import java.util.List;

/**
 * Definitions of virsh's "Backup" group (tools/virsh-backup.c):
 * names, options in virsh's order, flags and help texts, as virsh 9.0.0 declares them.
 * Option order matters: positional arguments fill the non-boolean options in this order.
 */
final class BackupDefs {
    private BackupDefs() {}

    static final List<CmdDef> COMMANDS = List.of(
        cmd("backup-begin", 0, "Start a disk backup of a live domain",
            "Use XML to start a full or incremental disk backup of a live domain, optionally creating a checkpoint",
            data("domain", REQ | COMPLETER, "domain name, id or uuid"),
            string("backupxml", COMPLETER, "domain backup XML"),
            string("checkpointxml", COMPLETER, "domain checkpoint XML"),
            bool("reuse-external", "reuse files provided by caller")),
        cmd("backup-dumpxml", 0, "Dump XML for an ongoing domain block backup job", "Backup Dump XML",
            data("domain", REQ | COMPLETER, "domain name, id or uuid"),
            string("xpath", REQ_OPT | COMPLETER, "xpath expression to filter the XML document"),
            bool("wrap", "wrap xpath results in an common root element")));
}
