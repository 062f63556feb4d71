package org.jvirt.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A case's {@code .norm} rules: each line {@code REGEX<TAB>REPLACEMENT}, applied line by line to stdout and
 * stderr, recorded and actual alike, before they are compared. They exist only for what libvirt itself makes
 * non-deterministic (CPU time derived from the clock, generated UUIDs, creation times, the host name).
 * {@code $1}..{@code $9} in a replacement name the regex's groups, as in {@link Matcher#replaceAll(String)};
 * {@code tools/golden/record --check} applies the same rules with Perl, so keep to the common regex subset.
 */
record GoldenNorm(List<Rule> rules) {

    /** One substitution. */
    record Rule(Pattern pattern, String replacement) {}

    static final GoldenNorm NONE = new GoldenNorm(List.of());

    GoldenNorm {
        rules = List.copyOf(rules);
    }

    /** Reads a {@code .norm} file; a missing file means no rules. */
    static GoldenNorm load(Path file) throws IOException {
        if (!Files.exists(file)) {
            return NONE;
        }
        return parse(Files.readString(file), file.toString());
    }

    static GoldenNorm parse(String text, String source) {
        List<Rule> rules = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.isEmpty()) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab <= 0) {
                throw new IllegalArgumentException(source + ":" + lineNo + ": expected REGEX<TAB>REPLACEMENT");
            }
            try {
                rules.add(new Rule(Pattern.compile(line.substring(0, tab)), line.substring(tab + 1)));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(source + ":" + lineNo + ": bad regex: " + e.getMessage(), e);
            }
        }
        return new GoldenNorm(rules);
    }

    /** Applies every rule, in order, to each line of {@code text} (line ends are kept as they are). */
    String apply(String text) {
        if (rules.isEmpty()) {
            return text;
        }
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            for (Rule rule : rules) {
                line = rule.pattern().matcher(line).replaceAll(rule.replacement());
            }
            lines[i] = line;
        }
        return String.join("\n", lines);
    }
}
