package org.jvirt.cli;

import org.jvirt.cli.def.CmdDef;
import org.jvirt.cli.def.CmdGroup;
import org.jvirt.cli.def.CommandTable;
import org.jvirt.cli.def.OptDef;

/** virsh's help texts: the grouped command list, one group (vshCmdGrpHelp) and one command (vshCmddefHelp). */
public final class Help {
    /** Commands virsh keeps out of every listing (its self-test and completion helpers). */
    private static final String INTERNAL = "internal use only";

    private Help() {}

    static boolean listed(CmdDef def) {
        return !def.isAlias() && !INTERNAL.equals(def.desc());
    }

    /** {@code help} without arguments. */
    public static String all(CommandTable table) {
        StringBuilder sb = new StringBuilder("Grouped commands:\n\n");
        for (CmdGroup g : table.groups()) {
            sb.append(group(g)).append('\n');
        }
        return sb.toString();
    }

    /** {@code help GROUP}. */
    public static String group(CmdGroup g) {
        StringBuilder sb = new StringBuilder();
        sb.append(' ').append(g.name()).append(" (help keyword '").append(g.keyword()).append("'):\n");
        appendCommands(sb, g);
        return sb.toString();
    }

    static void appendCommands(StringBuilder sb, CmdGroup g) {
        for (CmdDef c : g.commands()) {
            if (listed(c)) {
                sb.append(String.format("    %-30s %s\n", c.name(), c.help()));
            }
        }
    }

    /** The usage text of {@code virsh -h}. */
    public static String usage(CommandTable table) {
        StringBuilder sb = new StringBuilder();
        sb.append("""

                virsh [options]... [<command_string>]
                virsh [options]... <command> [args...]

                  options:
                    -c | --connect=URI      hypervisor connection URI
                    -d | --debug=NUM        debug level [0-4]
                    -e | --escape <char>    set escape sequence for console
                    -h | --help             this help
                    -k | --keepalive-interval=NUM
                                            keepalive interval in seconds, 0 for disable
                    -K | --keepalive-count=NUM
                                            number of possible missed keepalive messages
                    -l | --log=FILE         output logging to file
                    -q | --quiet            quiet mode
                    -r | --readonly         connect readonly
                    -t | --timing           print timing information
                    -v                      short version
                    -V                      long version
                         --version[=TYPE]   version, TYPE is short or long (default short)
                  commands (non interactive mode):

                """);
        for (CmdGroup g : table.groups()) {
            sb.append(' ').append(g.name()).append(" (help keyword '").append(g.keyword()).append("')\n");
            appendCommands(sb, g);
            sb.append('\n');
        }
        sb.append("""

                  (specify help <group> for details about the commands in the group)

                  (specify help <command> for details about the command)

                """);
        return sb.toString();
    }

    /** {@code help COMMAND}: name, synopsis, description and options, formatted as virsh's vshCmddefHelp. */
    public static String command(CmdDef def) {
        StringBuilder sb = new StringBuilder();
        sb.append("  NAME\n");
        sb.append("    ").append(def.name()).append(" - ").append(def.help()).append('\n');
        sb.append("\n  SYNOPSIS\n");
        sb.append("    ").append(def.name());
        // Once an option can be given positionally, an ARGV option after it is shown with its optional name.
        boolean shortopt = false;
        for (OptDef opt : def.opts()) {
            String text;
            switch (opt.type()) {
                case BOOL -> text = "[--" + opt.name() + "]";
                case INT -> {
                    text = opt.required() ? "<" + opt.name() + ">" : "[--" + opt.name() + " <number>]";
                    shortopt |= !opt.requiresName();
                }
                case STRING -> {
                    text = "[--" + opt.name() + " <string>]";
                    shortopt |= !opt.requiresName();
                }
                case DATA -> {
                    text = opt.required() ? "<" + opt.name() + ">" : "[<" + opt.name() + ">]";
                    shortopt |= !opt.requiresName();
                }
                case ARGV -> {
                    if (shortopt) {
                        text = opt.required() ? "{[--" + opt.name() + "] <string>}..."
                                : "[[--" + opt.name() + "] <string>]...";
                    } else {
                        text = opt.required() ? "<" + opt.name() + ">..." : "[<" + opt.name() + ">]...";
                    }
                }
                case ALIAS -> text = null;
                default -> throw new IllegalStateException();
            }
            if (text != null) {
                sb.append(' ').append(text);
            }
        }
        sb.append('\n');
        if (def.desc() != null && !def.desc().isEmpty()) {
            sb.append("\n  DESCRIPTION\n");
            sb.append("    ").append(def.desc()).append('\n');
        }
        if (!def.opts().isEmpty()) {
            sb.append("\n  OPTIONS\n");
            for (OptDef opt : def.opts()) {
                String text = switch (opt.type()) {
                    case BOOL -> "--" + opt.name();
                    case INT -> opt.required() ? "[--" + opt.name() + "] <number>" : "--" + opt.name() + " <number>";
                    case STRING -> "--" + opt.name() + " <string>";
                    case DATA -> "[--" + opt.name() + "] <string>";
                    case ARGV -> shortopt ? "[--" + opt.name() + "] <string>" : "<" + opt.name() + ">";
                    case ALIAS -> null;
                };
                if (text != null) {
                    sb.append(String.format("    %-15s  %s\n", text, opt.help()));
                }
            }
        }
        sb.append('\n');
        return sb.toString();
    }
}
