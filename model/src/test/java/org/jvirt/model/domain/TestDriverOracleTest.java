package org.jvirt.model.domain;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.jvirt.core.VirException;

/**
 * Real libvirt's test driver as the oracle: each domain XML input of qemuxml2argvdata and qemuxml2xmloutdata is
 * defined with {@code virsh -c test:///default} and dumped; our parse (test-driver options) + format must print the
 * same text. The test driver accepts the inputs' own virt types (kvm, qemu), so the files are fed unchanged; inputs
 * virsh rejects are counted separately. virsh output is cached under target/domain-oracle.
 */
class TestDriverOracleTest {
    private static final int FLOOR = 1110;
    private static final Path VIRSH = Path.of("/usr/bin/virsh");
    private static final Pattern NAME = Pattern.compile("<name>([^<]+)</name>");

    @Test
    void testDriverDumpsMatchRealVirsh() throws Exception {
        Path corpora = CorpusSupport.corpora();
        Assumptions.assumeTrue(Files.isExecutable(VIRSH), "virsh is not installed");
        List<Path> inputs = new ArrayList<>();
        for (String dir : List.of("qemuxml2argvdata", "qemuxml2xmloutdata", "genericxml2xmlindata")) {
            try (Stream<Path> s = Files.list(corpora.resolve(dir))) {
                s.filter(p -> p.toString().endsWith(".xml")).sorted().forEach(inputs::add);
            }
        }
        Path examples = corpora.resolveSibling("reference/libvirt-9.0.0/examples/xml/test");
        for (String f : List.of("testdomfc4.xml", "testdomfc5.xml", "testdomfv0.xml")) {
            if (Files.exists(examples.resolve(f))) {
                inputs.add(examples.resolve(f));
            }
        }
        Path cache = Path.of("target/domain-oracle");
        Files.createDirectories(cache);
        fillCache(inputs, cache);
        DomainDefParser parser = new DomainDefParser();
        int accepted = 0;
        int matched = 0;
        int rejected = 0;
        int rejectedToo = 0;
        List<String> report = new ArrayList<>();
        for (Path in : inputs) {
            String key = key(in);
            String xml = Files.readString(in);
            Path outFile = cache.resolve(key + ".out");
            String expected = Files.exists(outFile) ? Files.readString(outFile) : null;
            String actual;
            String error = null;
            try {
                DomainDef def = parser.parse(xml, ParseOptions.forTestDriver().withRandom(CorpusSupport.seeded()));
                actual = DomainDefFormatter.format(def, 0, -1);
            } catch (VirException | IllegalArgumentException e) {
                actual = null;
                error = e.getMessage();
            }
            if (expected == null) {
                rejected++;
                if (actual == null) {
                    rejectedToo++;
                } else {
                    report.add("ACCEPTED-BUT-VIRSH-REJECTS " + key);
                }
                continue;
            }
            accepted++;
            if (actual == null) {
                report.add("REJECTED " + key + ": " + error);
                continue;
            }
            String e = CorpusSupport.normalize(expected, xml);
            String a = CorpusSupport.normalize(actual, xml);
            if (e.equals(a)) {
                matched++;
            } else {
                report.add("DIFF " + key + "\n" + diff(e, a));
            }
        }
        String summary = "test-driver oracle: " + matched + "/" + accepted + " match (virsh rejected " + rejected
                + " further inputs, " + rejectedToo + " of them rejected by us too)";
        report.addFirst(summary);
        CorpusSupport.writeReport("domain-oracle-report.txt", report);
        System.out.println(summary);
        assertTrue(matched >= FLOOR, summary + "; floor " + FLOOR);
    }

    private static String key(Path in) {
        String dir = in.getParent().getFileName().toString();
        String prefix = switch (dir) {
            case "qemuxml2argvdata" -> "argv__";
            case "qemuxml2xmloutdata" -> "xout__";
            case "genericxml2xmlindata" -> "generic__";
            default -> "example__";
        };
        return prefix + in.getFileName().toString();
    }

    /** Runs virsh once for all inputs without a cached answer: define, dumpxml, undefine, between markers. */
    private static void fillCache(List<Path> inputs, Path cache) throws IOException, InterruptedException {
        List<Path> todo = inputs.stream().filter(p -> !Files.exists(cache.resolve(key(p) + ".done"))).toList();
        if (todo.isEmpty()) {
            return;
        }
        StringBuilder cmds = new StringBuilder("destroy test\nundefine test\n");
        for (Path p : todo) {
            Matcher m = NAME.matcher(Files.readString(p));
            String name = m.find() ? m.group(1) : "";
            cmds.append("echo @@BEGIN ").append(key(p)).append('\n');
            cmds.append("define ").append(p.toAbsolutePath()).append('\n');
            cmds.append("dumpxml '").append(name).append("'\n");
            cmds.append("undefine '").append(name).append("'\n");
            cmds.append("echo @@END\n");
        }
        Process proc = new ProcessBuilder(VIRSH.toString(), "-q", "-c", "test:///default")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        // Feed stdin from its own thread: virsh's output would fill the pipe while we are still writing.
        Thread feeder = Thread.ofVirtual().start(() -> {
            try (var in = proc.getOutputStream()) {
                in.write(cmds.toString().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        proc.waitFor();
        feeder.join();
        int pos = 0;
        while ((pos = out.indexOf("@@BEGIN ", pos)) >= 0) {
            int eol = out.indexOf('\n', pos);
            String k = out.substring(pos + 8, eol);
            int end = out.indexOf("@@END", eol);
            String body = out.substring(eol + 1, end);
            int start = body.indexOf("<domain");
            int stop = body.indexOf("</domain>\n");
            if (start >= 0 && stop > start) {
                Files.writeString(cache.resolve(k + ".out"), body.substring(start, stop + 10));
            }
            Files.writeString(cache.resolve(k + ".done"), "");
            pos = end;
        }
    }

    /** The first differing line with a little context. */
    static String diff(String expected, String actual) {
        String[] e = expected.split("\n", -1);
        String[] a = actual.split("\n", -1);
        int i = 0;
        while (i < e.length && i < a.length && e[i].equals(a[i])) {
            i++;
        }
        StringBuilder b = new StringBuilder();
        for (int j = Math.max(0, i - 2); j < Math.min(e.length, i + 4); j++) {
            b.append("  -").append(e[j]).append('\n');
        }
        for (int j = Math.max(0, i - 2); j < Math.min(a.length, i + 4); j++) {
            b.append("  +").append(a[j]).append('\n');
        }
        return b.toString();
    }
}
