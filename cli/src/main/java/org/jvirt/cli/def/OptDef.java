package org.jvirt.cli.def;

/**
 * One option of a virsh command (virsh's vshCmdOptDef).
 *
 * @param name option name without the leading {@code --}
 * @param type how the option takes its value
 * @param flags {@link #REQ}, {@link #EMPTY_OK}, {@link #REQ_OPT}, {@link #COMPLETER}
 * @param help help text; for {@link OptType#ALIAS} the target option name, optionally {@code name=value}
 */
public record OptDef(String name, OptType type, int flags, String help) {
    /** The option must be given (VSH_OFLAG_REQ). */
    public static final int REQ = 1;
    /** An empty string value is acceptable (VSH_OFLAG_EMPTY_OK). */
    public static final int EMPTY_OK = 1 << 1;
    /** The option must be given by name, never positionally (VSH_OFLAG_REQ_OPT). */
    public static final int REQ_OPT = 1 << 2;
    /** virsh has a tab-completer for the option's value (ours completes from the same source when it can). */
    public static final int COMPLETER = 1 << 8;

    /** virsh's implicit {@code --help} option accepted by every command. */
    public static final OptDef HELP = new OptDef("help", OptType.BOOL, 0, "print help for this function");

    public boolean required() {
        return (flags & REQ) != 0;
    }

    public boolean requiresName() {
        return (flags & REQ_OPT) != 0;
    }

    public boolean emptyOk() {
        return (flags & EMPTY_OK) != 0;
    }

    public boolean hasCompleter() {
        return (flags & COMPLETER) != 0;
    }

    static OptDef bool(String name, String help) {
        return new OptDef(name, OptType.BOOL, 0, help);
    }

    static OptDef bool(String name, int flags, String help) {
        return new OptDef(name, OptType.BOOL, flags, help);
    }

    static OptDef string(String name, int flags, String help) {
        return new OptDef(name, OptType.STRING, flags, help);
    }

    static OptDef integer(String name, int flags, String help) {
        return new OptDef(name, OptType.INT, flags, help);
    }

    static OptDef data(String name, int flags, String help) {
        return new OptDef(name, OptType.DATA, flags, help);
    }

    static OptDef argv(String name, int flags, String help) {
        return new OptDef(name, OptType.ARGV, flags, help);
    }

    static OptDef alias(String name, String target) {
        return new OptDef(name, OptType.ALIAS, 0, target);
    }
}
