package org.jvirt.cli;

import org.jvirt.cli.def.OptDef;

/**
 * One option as given on the command line (virsh's vshCmdOpt).
 *
 * @param def the option's definition (aliases already resolved)
 * @param data its value, null for a bool option
 */
public record Opt(OptDef def, String data) {}
