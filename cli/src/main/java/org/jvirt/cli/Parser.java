package org.jvirt.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jvirt.cli.def.CmdDef;
import org.jvirt.cli.def.CommandTable;
import org.jvirt.cli.def.OptDef;
import org.jvirt.cli.def.OptType;

/**
 * virsh's command parser (vshCommandParse with its two tokenizers, vshCommandStringGetArg and
 * vshCommandArgvGetArg). A whole line is parsed before anything runs: one syntax error anywhere means no command
 * of the line runs, exactly as in virsh.
 */
public final class Parser {
    private enum Kind { ARG, SUBCMD_END, END, ERROR }

    private record Token(Kind kind, String text) {}

    /** Where tokens come from: a command string to split, or argv words taken verbatim. */
    private interface Tokenizer {
        Token next(boolean report);
    }

    private final CommandTable table;
    private final Consumer<String> errors;

    /**
     * @param table the command definitions
     * @param errors receives each error message, without virsh's "error: " prefix
     */
    public Parser(CommandTable table, Consumer<String> errors) {
        this.table = table;
        this.errors = errors;
    }

    /** Parses a command string such as {@code "list --all; dominfo 1"}; empty when a syntax error was reported. */
    public Optional<List<Cmd>> parseString(String line) {
        if (line.isEmpty()) {
            // virsh refuses an empty command string outright, silently.
            return Optional.empty();
        }
        return parse(new StringTokenizer(line));
    }

    /** Parses one command given as separate words (virsh's argv mode: no quoting, no {@code ;}). */
    public Optional<List<Cmd>> parseArgv(List<String> words) {
        return parse(new ArgvTokenizer(words));
    }

    private Optional<List<Cmd>> parse(Tokenizer tokens) {
        List<Cmd> cmds = new ArrayList<>();
        while (true) {
            CmdDef cmd = null;
            List<Opt> opts = new ArrayList<>();
            boolean dataOnly = false;
            long needArg = 0;
            long required = 0;
            long[] seen = {0};
            Token tk;
            while (true) {
                tk = tokens.next(true);
                if (tk.kind() == Kind.ERROR) {
                    return Optional.empty();
                }
                if (tk.kind() != Kind.ARG) {
                    break;
                }
                String tkdata = tk.text();
                OptDef opt = null;
                String value = null;
                if (cmd == null) {
                    if (tkdata.startsWith("#")) {
                        // A comment: skip the rest of this command.
                        do {
                            tk = tokens.next(false);
                        } while (tk.kind() == Kind.ARG);
                        break;
                    }
                    cmd = table.command(tkdata);
                    if (cmd == null) {
                        errors.accept("unknown command: '" + tkdata + "'");
                        return Optional.empty();
                    }
                    if (cmd.isAlias()) {
                        cmd = table.command(cmd.aliasTarget());
                    }
                    long[] masks = optMasks(cmd);
                    needArg = masks[0];
                    required = masks[1];
                    continue;
                } else if (!dataOnly && tkdata.length() > 2 && tkdata.startsWith("--")
                        && isAsciiAlnum(tkdata.charAt(2))) {
                    String optName = tkdata.substring(2);
                    String optstr = null;
                    int eq = optName.indexOf('=');
                    if (eq >= 0) {
                        optstr = optName.substring(eq + 1);
                        optName = optName.substring(0, eq);
                    }
                    OptionLookup found = lookupOption(cmd, optName, optstr, seen);
                    if (found == null) {
                        if (cmd.name().equals("help")) {
                            continue;
                        }
                        return Optional.empty();
                    }
                    opt = found.def();
                    optstr = found.value();
                    if (opt.type() != OptType.BOOL) {
                        if (optstr != null) {
                            value = optstr;
                        } else {
                            tk = tokens.next(true);
                            if (tk.kind() == Kind.ERROR) {
                                return Optional.empty();
                            }
                            if (tk.kind() != Kind.ARG) {
                                errors.accept("expected syntax: --" + opt.name() + " <"
                                        + (opt.type() == OptType.INT ? "number" : "string") + ">");
                                return Optional.empty();
                            }
                            value = tk.text();
                        }
                        if (opt.type() != OptType.ARGV) {
                            needArg &= ~(1L << found.index());
                        }
                    } else if (optstr != null) {
                        errors.accept("invalid '=' after option --" + opt.name());
                        return Optional.empty();
                    }
                } else if (!dataOnly && tkdata.equals("--")) {
                    dataOnly = true;
                    continue;
                } else {
                    int i = Long.numberOfTrailingZeros(needArg);
                    if (needArg == 0) {
                        if (!cmd.name().equals("help")) {
                            errors.accept("unexpected data '" + tkdata + "'");
                            return Optional.empty();
                        }
                    } else {
                        opt = cmd.opts().get(i);
                        if (opt.type() != OptType.ARGV) {
                            needArg &= ~(1L << i);
                        }
                        seen[0] |= 1L << i;
                        value = tkdata;
                    }
                }
                if (opt != null) {
                    opts.add(new Opt(opt, value));
                }
            }
            if (cmd != null) {
                // "--help" anywhere turns the command into "help <command>".
                for (Opt o : opts) {
                    if (o.def().name().equals("help")) {
                        CmdDef help = table.command("help");
                        opts = new ArrayList<>(List.of(new Opt(help.opts().getFirst(), cmd.name())));
                        cmd = help;
                        required = 0;
                        seen[0] = 0;
                        break;
                    }
                }
                if (!checkRequired(cmd, required, seen[0])) {
                    return Optional.empty();
                }
                cmds.add(new Cmd(cmd, opts));
            }
            if (tk.kind() == Kind.END) {
                break;
            }
        }
        return Optional.of(cmds);
    }

    private record OptionLookup(OptDef def, int index, String value) {}

    /** virsh's vshCmddefGetOption: resolves aliases and reports unknown or repeated options. */
    private OptionLookup lookupOption(CmdDef cmd, String name, String optstr, long[] seen) {
        if (name.equals("help")) {
            return new OptionLookup(OptDef.HELP, -1, optstr);
        }
        List<OptDef> defs = cmd.opts();
        for (int i = 0; i < defs.size(); i++) {
            OptDef opt = defs.get(i);
            if (!opt.name().equals(name)) {
                continue;
            }
            if (opt.type() == OptType.ALIAS) {
                String target = opt.help();
                int eq = target.indexOf('=');
                if (eq >= 0) {
                    if (optstr != null) {
                        errors.accept("invalid '=' after option --" + opt.name());
                        return null;
                    }
                    optstr = target.substring(eq + 1);
                    target = target.substring(0, eq);
                }
                name = target;
                continue;
            }
            if ((seen[0] & (1L << i)) != 0 && opt.type() != OptType.ARGV) {
                errors.accept("option --" + name + " already seen");
                return null;
            }
            seen[0] |= 1L << i;
            return new OptionLookup(opt, i, optstr);
        }
        if (!cmd.name().equals("help")) {
            errors.accept("command '" + cmd.name() + "' doesn't support option --" + name);
        }
        return null;
    }

    /**
     * virsh's vshCmddefOptParse: bit i of [0] is set when option i can be filled positionally, bit i of [1] when
     * option i is required.
     */
    static long[] optMasks(CmdDef cmd) {
        long needArg = 0;
        long required = 0;
        List<OptDef> defs = cmd.opts();
        for (int i = 0; i < defs.size(); i++) {
            OptDef opt = defs.get(i);
            if (opt.type() == OptType.BOOL || opt.type() == OptType.ALIAS) {
                continue;
            }
            if (opt.requiresName()) {
                if (opt.required()) {
                    required |= 1L << i;
                }
                continue;
            }
            needArg |= 1L << i;
            if (opt.required()) {
                required |= 1L << i;
            }
        }
        return new long[] {needArg, required};
    }

    private boolean checkRequired(CmdDef cmd, long required, long seen) {
        long missing = required & ~seen;
        if (missing == 0) {
            return true;
        }
        for (int i = 0; i < cmd.opts().size(); i++) {
            if ((missing & (1L << i)) != 0) {
                OptDef opt = cmd.opts().get(i);
                boolean positional = opt.type() == OptType.DATA || opt.type() == OptType.ARGV;
                errors.accept("command '" + cmd.name() + "' requires " + (positional ? "<" + opt.name() + ">"
                        : "--" + opt.name()) + " option");
            }
        }
        return false;
    }

    private static boolean isAsciiAlnum(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static final class ArgvTokenizer implements Tokenizer {
        private final List<String> words;
        private int pos;

        ArgvTokenizer(List<String> words) {
            this.words = words;
        }

        @Override
        public Token next(boolean report) {
            if (pos == words.size()) {
                return new Token(Kind.END, null);
            }
            return new Token(Kind.ARG, words.get(pos++));
        }
    }

    /** Shell-like splitting: blanks separate words, {@code ;} and newline end a command, quotes and backslash. */
    private final class StringTokenizer implements Tokenizer {
        private final String s;
        private int pos;

        StringTokenizer(String s) {
            this.s = s;
        }

        private char at(int i) {
            return i < s.length() ? s.charAt(i) : '\0';
        }

        @Override
        public Token next(boolean report) {
            int p = pos;
            while (at(p) == ' ' || at(p) == '\t' || (at(p) == '\\' && at(p + 1) == '\n')) {
                p += at(p) == '\\' ? 2 : 1;
            }
            if (p >= s.length()) {
                pos = p;
                return new Token(Kind.END, null);
            }
            char c = s.charAt(p);
            if (c == ';' || c == '\n') {
                pos = p + 1;
                return new Token(Kind.SUBCMD_END, null);
            }
            if (c == '#') {
                while (p < s.length() && s.charAt(p) != '\n') {
                    p++;
                }
                pos = p < s.length() ? p + 1 : p;
                return new Token(Kind.SUBCMD_END, null);
            }
            StringBuilder q = new StringBuilder();
            boolean single = false;
            boolean dbl = false;
            while (p < s.length()) {
                c = s.charAt(p);
                if (!dbl && !single && (c == ' ' || c == '\t' || c == ';' || c == '\n')) {
                    break;
                }
                if (!dbl && c == '\'') {
                    single = !single;
                    p++;
                    continue;
                } else if (!single && c == '\\') {
                    p++;
                    if (p >= s.length()) {
                        if (report) {
                            errors.accept("dangling \\");
                        }
                        return new Token(Kind.ERROR, null);
                    } else if (s.charAt(p) == '\n') {
                        p++;
                        continue;
                    }
                } else if (!single && c == '"') {
                    dbl = !dbl;
                    p++;
                    continue;
                }
                q.append(s.charAt(p++));
            }
            if (dbl) {
                if (report) {
                    errors.accept("missing \"");
                }
                return new Token(Kind.ERROR, null);
            }
            pos = p;
            return new Token(Kind.ARG, q.toString());
        }
    }
}
