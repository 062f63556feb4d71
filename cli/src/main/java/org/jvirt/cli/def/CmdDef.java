package org.jvirt.cli.def;

import java.util.List;

/**
 * One virsh command (virsh's vshCmdDef) without its implementation: implementations are bound by name, so the
 * table can describe every command of virsh while jvirsh implements them group by group.
 *
 * @param name the command name
 * @param flags {@link #NOCONNECT}, {@link #ALIAS}
 * @param help one-line summary shown by {@code help} (null for aliases)
 * @param desc longer description shown by {@code help COMMAND} (may be empty)
 * @param opts options in declaration order
 * @param aliasTarget for an alias, the name of the real command
 */
public record CmdDef(String name, int flags, String help, String desc, List<OptDef> opts, String aliasTarget) {
    /** The command runs without a hypervisor connection (VSH_CMD_FLAG_NOCONNECT). */
    public static final int NOCONNECT = 1;
    /** The command is a hidden alias of {@link #aliasTarget} (VSH_CMD_FLAG_ALIAS). */
    public static final int ALIAS = 1 << 1;

    public CmdDef {
        opts = List.copyOf(opts);
    }

    public boolean isAlias() {
        return (flags & ALIAS) != 0;
    }

    public boolean needsConnection() {
        return (flags & NOCONNECT) == 0;
    }

    /** The option called {@code optName}, or null. */
    public OptDef option(String optName) {
        for (OptDef o : opts) {
            if (o.name().equals(optName)) {
                return o;
            }
        }
        return null;
    }

    static CmdDef cmd(String name, int flags, String help, String desc, OptDef... opts) {
        return new CmdDef(name, flags, help, desc, List.of(opts), null);
    }

    static CmdDef aliasOf(String name, String target) {
        return new CmdDef(name, ALIAS, null, null, List.of(), target);
    }
}
