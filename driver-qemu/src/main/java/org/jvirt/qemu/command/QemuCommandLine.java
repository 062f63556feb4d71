package org.jvirt.qemu.command;

import java.util.List;

/** A built command: environment assignments, then argv (binary first). */
public record QemuCommandLine(List<String> env, List<String> argv) {

    public QemuCommandLine {
        env = List.copyOf(env);
        argv = List.copyOf(argv);
    }

    /**
     * The text form libvirt's tests compare against (virCommandToString): env, binary, then each option with its
     * value on one line, lines joined by " \" newline, values shell-quoted where needed.
     */
    public String toArgsText() {
        StringBuilder sb = new StringBuilder();
        for (String e : env) {
            sb.append(e).append(" \\\n");
        }
        sb.append(shellQuote(argv.get(0)));
        for (int i = 1; i < argv.size(); i++) {
            String a = argv.get(i);
            sb.append(" \\\n").append(shellQuote(a));
            if (a.startsWith("-") && i + 1 < argv.size() && !argv.get(i + 1).startsWith("-")) {
                sb.append(' ').append(shellQuote(argv.get(++i)));
            }
        }
        return sb.toString();
    }

    /** virBufferEscapeShell: single-quote a word containing shell metacharacters. */
    static String shellQuote(String s) {
        if (s.isEmpty()) {
            return "''";
        }
        boolean plain = true;
        for (char c : s.toCharArray()) {
            if ("|&;<>()$`\\\"' \t\n*?[#~".indexOf(c) >= 0) {
                plain = false;
                break;
            }
        }
        return plain ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
