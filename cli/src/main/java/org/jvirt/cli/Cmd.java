package org.jvirt.cli;

import java.util.ArrayList;
import java.util.List;
import org.jvirt.cli.def.CmdDef;
import org.jvirt.cli.def.OptType;

/**
 * A parsed command ready to run (virsh's vshCmd): its definition and options in the order given.
 * The typed getters mirror virsh's vshCommandOpt* helpers, including their error texts.
 */
public record Cmd(CmdDef def, List<Opt> opts) {
    public Cmd {
        opts = List.copyOf(opts);
    }

    public String name() {
        return def.name();
    }

    /** Whether the option was given (virsh's vshCommandOptBool). */
    public boolean has(String optName) {
        return find(optName) != null;
    }

    /** The first occurrence of the option, or null. */
    public Opt find(String optName) {
        for (Opt o : opts) {
            if (o.def().name().equals(optName)) {
                return o;
            }
        }
        return null;
    }

    /** Raw value of the option (null when absent), without any emptiness check. */
    public String raw(String optName) {
        Opt o = find(optName);
        return o == null ? null : o.data();
    }

    /** Every value of an ARGV option, in order (virsh's vshCommandOptArgv loop). */
    public List<String> argv(String optName) {
        List<String> values = new ArrayList<>();
        for (Opt o : opts) {
            if (o.def().name().equals(optName) && o.def().type() == OptType.ARGV) {
                values.add(o.data());
            }
        }
        return values;
    }
}
