package org.jvirt.cli.def;

/** virsh's vshCmdOptType: how an option takes its value. */
public enum OptType {
    /** A flag: present or absent, never takes a value. */
    BOOL,
    /** An optional string, given as {@code --name value}; also positional unless {@code REQ_OPT}. */
    STRING,
    /** An integer; positional unless {@code REQ_OPT}. */
    INT,
    /** A string that may be given without its option name (positional). */
    DATA,
    /** All remaining arguments; may repeat. */
    ARGV,
    /** Another spelling of a later option; its help text names the target, optionally {@code target=value}. */
    ALIAS
}
