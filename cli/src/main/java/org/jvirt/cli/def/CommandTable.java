package org.jvirt.cli.def;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Every virsh 9.0.0 command, grouped in virsh's order, with lookups by command and group name. */
public final class CommandTable {
    private final List<CmdGroup> groups;
    private final Map<String, CmdDef> byName = new HashMap<>();
    private final Map<String, CmdGroup> groupOf = new HashMap<>();

    private CommandTable(List<CmdGroup> groups) {
        this.groups = List.copyOf(groups);
        for (CmdGroup g : this.groups) {
            for (CmdDef c : g.commands()) {
                byName.put(c.name(), c);
                groupOf.put(c.name(), g);
            }
        }
    }

    /** The table virsh 9.0.0 has. */
    public static CommandTable virsh() {
        return new CommandTable(List.of(
            new CmdGroup("Domain Management", "domain", concat(DomainADefs.COMMANDS, DomainBDefs.COMMANDS)),
            new CmdGroup("Domain Monitoring", "monitor", DomainMonitorDefs.COMMANDS),
            new CmdGroup("Domain Events", "events", DomainEventDefs.COMMANDS),
            new CmdGroup("Host and Hypervisor", "host", HostDefs.COMMANDS),
            new CmdGroup("Checkpoint", "checkpoint", CheckpointDefs.COMMANDS),
            new CmdGroup("Interface", "interface", InterfaceDefs.COMMANDS),
            new CmdGroup("Network Filter", "filter", NwFilterDefs.COMMANDS),
            new CmdGroup("Networking", "network", NetworkDefs.COMMANDS),
            new CmdGroup("Node Device", "nodedev", NodeDevDefs.COMMANDS),
            new CmdGroup("Secret", "secret", SecretDefs.COMMANDS),
            new CmdGroup("Snapshot", "snapshot", SnapshotDefs.COMMANDS),
            new CmdGroup("Backup", "backup", BackupDefs.COMMANDS),
            new CmdGroup("Storage Pool", "pool", PoolDefs.COMMANDS),
            new CmdGroup("Storage Volume", "volume", VolumeDefs.COMMANDS),
            new CmdGroup("Virsh itself", "virsh", VirshDefs.COMMANDS)));
    }

    public List<CmdGroup> groups() {
        return groups;
    }

    /** The command called {@code name} (aliases included, unresolved), or null (virsh's vshCmddefSearch). */
    public CmdDef command(String name) {
        return byName.get(name);
    }

    /** The group whose keyword or title is {@code name}, or null (virsh's vshCmdGrpSearch). */
    public CmdGroup group(String name) {
        for (CmdGroup g : groups) {
            if (g.keyword().equals(name) || g.name().equals(name)) {
                return g;
            }
        }
        return null;
    }

    /** The group a command belongs to. */
    public CmdGroup groupOf(String commandName) {
        return groupOf.get(commandName);
    }

    private static List<CmdDef> concat(List<CmdDef> a, List<CmdDef> b) {
        List<CmdDef> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
