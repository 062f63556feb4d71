package org.jvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The golden suite: every case under {@code src/test/resources/golden} replayed through jvirsh and compared
 * with what real virsh 9.0.0 printed for it (stdout, stderr, exit code; see README.md there).
 *
 * <p>A ratchet keeps the build green while jvirsh grows: cases listed in {@code golden/PENDING} may fail
 * (they are reported as skipped), every other case must match, and a PENDING case that matches fails the
 * build until it is removed from the list, so that a fixed case cannot silently break again.
 * {@code -Djvirt.golden.update=true} rewrites PENDING from the results instead of failing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GoldenSuiteTest {
    private static final System.Logger LOG = System.getLogger(GoldenSuiteTest.class.getName());
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Path root = goldenRoot();
    private final Path pendingFile = root.resolve("PENDING");
    private final boolean update = Boolean.getBoolean("jvirt.golden.update");
    private final Set<String> pending = readPending(pendingFile);
    /** Case id to whether it matched; filled by the dynamic tests, read once they have all run. */
    private final Map<String, Boolean> results = new ConcurrentSkipListMap<>();
    /** Every case id found on disk, so that an update drops PENDING lines of removed or renamed cases. */
    private final Set<String> allIds = new ConcurrentSkipListSet<>();

    @TestFactory
    Stream<DynamicNode> golden() throws IOException {
        List<GoldenCase> cases = GoldenCase.loadAll(root);
        Map<String, List<GoldenCase>> byGroup = new LinkedHashMap<>();
        cases.forEach(c -> byGroup.computeIfAbsent(c.group(), g -> new ArrayList<>()).add(c));
        List<DynamicNode> nodes = new ArrayList<>();
        byGroup.forEach((group, groupCases) -> nodes.add(DynamicContainer.dynamicContainer(group,
                groupCases.stream().map(c -> DynamicTest.dynamicTest(c.name(), c.argsFile().toUri(), () -> check(c))))));
        Set<String> ids = cases.stream().map(GoldenCase::id).collect(Collectors.toSet());
        allIds.addAll(ids);
        nodes.add(DynamicTest.dynamicTest("PENDING names only existing cases, sorted", pendingFile.toUri(),
                () -> checkPendingFile(ids)));
        return nodes.stream();
    }

    private void check(GoldenCase c) throws Exception {
        GoldenRun run = GoldenRun.replay(c, TIMEOUT);
        String differences = run.differences(c);
        boolean passed = differences.isEmpty();
        results.put(c.id(), passed);
        boolean isPending = pending.contains(c.id());
        if (passed && isPending && !update) {
            fail("golden case " + c.id() + " now passes: remove it from " + pendingFile
                    + " (or run with -Djvirt.golden.update=true)");
        }
        if (!passed) {
            if (isPending || update) {
                Assumptions.abort("pending: " + c.id() + " does not match virsh yet");
            }
            fail("golden case " + c.id() + " differs from virsh (args: " + c.argsFile() + ")\n" + differences);
        }
    }

    private void checkPendingFile(Set<String> ids) throws IOException {
        Assumptions.assumeFalse(update, "PENDING is being rewritten");
        List<String> lines = Files.exists(pendingFile) ? Files.readAllLines(pendingFile) : List.of();
        List<String> stale = lines.stream().filter(l -> !l.isBlank() && !ids.contains(l.strip())).toList();
        assertEquals(List.of(), stale, "PENDING names cases that do not exist: remove them");
        assertEquals(lines.stream().sorted().toList(), lines, "PENDING must be sorted (LC_ALL=C sort)");
    }

    @AfterAll
    void summarise() throws IOException {
        long passed = results.values().stream().filter(Boolean::booleanValue).count();
        long failedPending = results.entrySet().stream()
                .filter(e -> !e.getValue() && pending.contains(e.getKey())).count();
        long failedOther = results.size() - passed - failedPending;
        if (update) {
            // Cases that did not run this time (a filtered run) keep their PENDING status.
            Set<String> next = new TreeSet<>(pending);
            next.retainAll(allIds);
            next.removeAll(results.keySet());
            results.forEach((id, ok) -> {
                if (!ok) {
                    next.add(id);
                }
            });
            Files.writeString(pendingFile, next.stream().map(id -> id + "\n").collect(Collectors.joining()),
                    StandardCharsets.UTF_8);
            System.out.println("golden: PENDING rewritten with " + next.size() + " cases");
            failedPending += failedOther;
            failedOther = 0;
        }
        System.out.println("golden: " + passed + " passed, " + failedPending + " pending of " + results.size());
        if (failedOther > 0) {
            System.out.println("golden: " + failedOther + " failed that are not in PENDING");
        }
        LOG.log(System.Logger.Level.DEBUG, "golden results: {0}", results);
    }

    /** {@code src/test/resources/golden} of this module: PENDING is rewritten there, not in target/. */
    private static Path goldenRoot() {
        String base = System.getProperty("basedir", System.getProperty("user.dir"));
        return Path.of(base).resolve("src/test/resources/golden").toAbsolutePath();
    }

    private static Set<String> readPending(Path file) {
        try {
            if (!Files.exists(file)) {
                return Set.of();
            }
            try (Stream<String> lines = Files.lines(file)) {
                return lines.map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.toUnmodifiableSet());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
