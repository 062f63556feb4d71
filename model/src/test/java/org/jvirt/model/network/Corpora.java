package org.jvirt.model.network;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Access to libvirt's test corpora under {@code ${jvirt.shared}/corpora} and a mismatch report writer. */
public final class Corpora {
    private Corpora() {}

    /** One line of corpora/cases.tsv. */
    public record Case(String corpus, String name, List<String> files, String invocation) {}

    public static Path root() {
        String shared = System.getProperty("jvirt.shared");
        Path p = shared == null ? null : Path.of(shared, "corpora");
        assumeTrue(p != null && Files.isRegularFile(p.resolve("cases.tsv")),
                "libvirt corpora not available (jvirt.shared=" + shared + ")");
        return p;
    }

    public static List<Case> cases(String corpus) {
        Path root = root();
        List<Case> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(root.resolve("cases.tsv"))) {
                String[] f = line.split("\t");
                if (f.length >= 6 && f[0].equals(corpus)) {
                    out.add(new Case(f[0], f[1], List.of(f[3].split(" ")), f[5]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public static String read(String relative) {
        try {
            return Files.readString(root().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** libvirt's comparison: exact, except that an expected trailing newline may be missing in the actual text. */
    public static boolean sameOutput(String expected, String actual) {
        return expected.equals(actual) || (expected.endsWith("\n") && expected.equals(actual + "\n"));
    }

    /** Writes a report under target/ (never committed). */
    public static void report(String fileName, String text) {
        try {
            Path dir = Path.of("target", "corpus-reports");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(fileName), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
