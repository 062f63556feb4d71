package org.jvirt.dist.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs interop/api_cases.py (python3-libvirt, one JSON line per API case) twice: against libvirt's own test
 * driver in-process ({@code test:///default}) and against an in-process jvirtd hosting jvirt's test driver
 * ({@code test+unix:///default?socket=...}), and compares the two case by case. Cases that differ are listed in
 * interop/PENDING-python with the golden suite's ratchet semantics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InteropPythonTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Pattern CASE = Pattern.compile("^\\{\"case\": \"([^\"]+)\", \"result\": ");

    @TempDir
    Path tmp;

    private InteropDaemon daemon;

    @BeforeAll
    void startDaemon() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "interop: " + PYTHON + " is absent, skipping");
        Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import libvirt")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assumeTrue(probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0,
                "interop: python3 has no libvirt module (python3-libvirt), skipping");
        // Unix socket paths are limited to 108 bytes: keep them short rather than under surefire's @TempDir.
        Path sockDir = Files.createDirectories(Path.of("/tmp/jvirt-interop-py-" + ProcessHandle.current().pid()));
        daemon = InteropDaemon.start(sockDir);
    }

    @AfterAll
    void stopDaemon() throws IOException {
        if (daemon != null) {
            daemon.close();
            try (Stream<Path> s = Files.list(daemon.dir())) {
                for (Path p : s.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(daemon.dir());
        }
    }

    @Test
    void apiCasesMatchLibvirtsTestDriver() throws Exception {
        Map<String, String> reference = run("test:///default", "test:///default", "reference");
        Map<String, String> jvirt = run(daemon.uri("test:///default", false), daemon.uri("test:///default", true),
                "jvirtd");
        assertTrue(reference.size() >= 40, "only " + reference.size() + " cases ran against test:///default");
        for (Map.Entry<String, String> e : reference.entrySet()) {
            // A case the reference run could not complete is a bug in the script, not a jvirt difference.
            assertTrue(!e.getValue().contains("\"exception\": "), "script failed: " + e.getValue());
        }
        assertEquals(List.copyOf(reference.keySet()), List.copyOf(jvirt.keySet()), "the runs printed other cases");

        Map<String, Boolean> passed = new LinkedHashMap<>();
        StringBuilder diffs = new StringBuilder();
        for (Map.Entry<String, String> e : reference.entrySet()) {
            String other = jvirt.get(e.getKey());
            boolean same = e.getValue().equals(other);
            passed.put(e.getKey(), same);
            if (!same) {
                diffs.append(e.getKey()).append("\n  libvirt: ").append(e.getValue())
                        .append("\n  jvirtd:  ").append(other).append('\n');
            }
        }
        Files.writeString(Files.createDirectories(Path.of("target")).resolve("interop-python-diffs.txt"),
                diffs.toString());
        long ok = passed.values().stream().filter(b -> b).count();
        System.out.println("interop python: " + ok + " equal, " + (passed.size() - ok) + " pending of "
                + passed.size());
        InteropRatchet ratchet = InteropRatchet.of(
                InteropVirshTest.root().resolve("dist/src/test/resources/interop/PENDING-python"));
        List<String> problems = ratchet.check(passed);
        assertTrue(problems.isEmpty(), String.join("\n", problems) + "\n" + diffs);
    }

    /** Runs the script; returns case name to its whole JSON line, in the script's order. */
    private Map<String, String> run(String uri, String roUri, String label) throws Exception {
        Path script = InteropVirshTest.root().resolve("dist/src/test/resources/interop/api_cases.py");
        Path scratch = Files.createDirectories(tmp.resolve(label));
        Path out = tmp.resolve(label + ".out");
        Path err = tmp.resolve(label + ".err");
        ProcessBuilder pb = new ProcessBuilder(PYTHON.toString(), script.toString(), uri, roUri, scratch.toString())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().clear();
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(label + " run timed out; stdout so far:\n" + Files.readString(out));
        }
        assertEquals(0, p.exitValue(), label + " run failed:\n" + Files.readString(err));
        Map<String, String> cases = new LinkedHashMap<>();
        List<String> bad = new ArrayList<>();
        for (String line : Files.readAllLines(out)) {
            Matcher m = CASE.matcher(line);
            if (m.find()) {
                cases.put(m.group(1), line);
            } else if (!line.isBlank()) {
                bad.add(line);
            }
        }
        assertTrue(bad.isEmpty(), label + " printed lines that are no case: " + bad);
        return cases;
    }
}
