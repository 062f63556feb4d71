package org.jvirt.cli;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.jvirt.cli.def.CmdDef;
import org.jvirt.cli.def.CmdGroup;
import org.jvirt.cli.def.CommandTable;
import org.jvirt.cli.def.OptDef;
import org.jvirt.cli.def.OptType;

/**
 * Tab completion like virsh's readline completer: command names first, then the current command's options that
 * were not given yet (ARGV options may repeat).
 */
final class ShellCompleter implements Completer {
    private final CommandTable table;

    ShellCompleter(CommandTable table) {
        this.table = table;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words().subList(0, line.wordIndex());
        // Only the words of the current command (after the last ';') matter.
        int start = 0;
        for (int i = 0; i < words.size(); i++) {
            if (words.get(i).equals(";") || words.get(i).endsWith(";")) {
                start = i + 1;
            }
        }
        words = words.subList(start, words.size());
        candidates.addAll(candidatesFor(words, line.word()));
    }

    /** Completions for the word being typed, given the words of the command before it. */
    List<Candidate> candidatesFor(List<String> before, String current) {
        if (before.isEmpty()) {
            return commandNames(current);
        }
        CmdDef def = table.command(before.getFirst());
        if (def == null) {
            return List.of();
        }
        if (def.isAlias()) {
            def = table.command(def.aliasTarget());
        }
        Set<String> used = new HashSet<>();
        for (String w : before.subList(1, before.size())) {
            if (w.startsWith("--")) {
                int eq = w.indexOf('=');
                used.add(eq < 0 ? w.substring(2) : w.substring(2, eq));
            }
        }
        if (!current.isEmpty() && !current.startsWith("-")) {
            return List.of();
        }
        return def.opts().stream()
                .filter(o -> o.type() != OptType.ALIAS)
                .filter(o -> o.type() == OptType.ARGV || !used.contains(o.name()))
                .map(OptDef::name)
                .map(n -> "--" + n)
                .filter(n -> n.startsWith(current))
                .map(n -> new Candidate(n, n, null, null, null, null, true))
                .toList();
    }

    private List<Candidate> commandNames(String prefix) {
        return table.groups().stream()
                .flatMap(g -> g.commands().stream().map(c -> c))
                .filter(Help::listed)
                .map(CmdDef::name)
                .filter(n -> n.startsWith(prefix))
                .map(n -> new Candidate(n, n, null, null, null, null, true))
                .toList();
    }

    static List<String> groupKeywords(CommandTable table) {
        return table.groups().stream().map(CmdGroup::keyword).toList();
    }
}
