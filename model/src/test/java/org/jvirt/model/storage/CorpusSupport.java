package org.jvirt.model.storage;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Access to ../shared/corpora for the model's corpus tests; every test skips cleanly when it is absent. */
public final class CorpusSupport {
    private CorpusSupport() {}

    /** One line of corpora/cases.tsv. */
    public record Case(String corpus, String name, List<String> files, String otherInputs, String invocation) {}

    public static Path corpora() {
        String shared = System.getProperty("jvirt.shared");
        Path dir = shared == null ? null : Path.of(shared, "corpora");
        assumeTrue(dir != null && Files.isDirectory(dir), "corpora not available (jvirt.shared)");
        return dir;
    }

    public static List<Case> cases(String corpus) {
        Path tsv = corpora().resolve("cases.tsv");
        List<Case> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(tsv)) {
                String[] f = line.split("\t");
                if (f.length >= 6 && f[0].equals(corpus)) {
                    out.add(new Case(f[0], f[1], List.of(f[3].split(" ")), f[4], f[5]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** libvirt's comparison: exact, except that an expected text ending in a newline matches output without it. */
    public static boolean matches(String expected, String actual) {
        return expected.equals(actual) || (expected.endsWith("\n") && expected.equals(actual + "\n"));
    }

    /** Writes a mismatch report under target/ so a failing ratchet shows what changed. */
    public static void report(String name, List<String> lines) {
        try {
            Path dir = Path.of("target", "corpus-reports");
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".txt"), lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
