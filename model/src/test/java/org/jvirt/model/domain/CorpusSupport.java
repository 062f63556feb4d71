package org.jvirt.model.domain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/** Locating the shared corpora and normalising randomly generated values (UUIDs, MACs) before comparing. */
final class CorpusSupport {
    private static final Pattern ID = Pattern.compile("<domain[^>]*\\sid=['\"](-?\\d+)['\"]");
    private static final Pattern UUID_LINE = Pattern.compile("<uuid>[^<]*</uuid>");
    private static final Pattern MAC = Pattern.compile("address='(52:54:00:[0-9a-f:]{8})'");

    private CorpusSupport() {
    }

    static Path corpora() {
        String shared = System.getProperty("jvirt.shared");
        Assumptions.assumeTrue(shared != null, "jvirt.shared is not set");
        Path p = Path.of(shared, "corpora");
        Assumptions.assumeTrue(Files.isDirectory(p), "no corpora at " + p);
        return p;
    }

    /** The id attribute of the root element, or -1. */
    static int liveId(String xml) {
        Matcher m = ID.matcher(xml);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** Replaces values the parser generates (absent from {@code input}) by placeholders. */
    static String normalize(String out, String input) {
        if (input.contains("<genid/>")) {
            out = out.replaceFirst("<genid>[^<]*</genid>", "<genid>GENERATED</genid>");
        }
        if (!input.contains("<uuid>")) {
            out = UUID_LINE.matcher(out).replaceFirst("<uuid>GENERATED</uuid>");
        }
        Matcher m = MAC.matcher(out);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String mac = m.group(1);
            boolean given = input.toLowerCase().contains(mac);
            m.appendReplacement(b, given ? m.group() : "address='GENERATED-MAC'");
        }
        m.appendTail(b);
        return b.toString();
    }

    static RandomGenerator seeded() {
        return RandomGenerator.of("L64X128MixRandom");
    }

    static void writeReport(String fileName, List<String> lines) throws IOException {
        Path dir = Path.of("target");
        Files.createDirectories(dir);
        Files.write(dir.resolve(fileName), lines);
    }

    /** libvirt's test compare: an expected file ending in a newline also matches output without it. */
    static boolean sameText(String expected, String actual) {
        return expected.equals(actual) || expected.equals(actual + "\n")
                || expected.replace("\\\n", "").equals(actual.replace("\\\n", ""));
    }
}
