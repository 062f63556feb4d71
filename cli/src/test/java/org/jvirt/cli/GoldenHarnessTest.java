package org.jvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The golden suite's own pieces: .norm rules, the diff, case loading and placeholder handling. */
class GoldenHarnessTest {

    @Test
    void normRewritesEachLineWithGroupReferences() {
        GoldenNorm norm = GoldenNorm.parse("^(CPU time: +)\\d+\\.\\ds$\t$1<cpu-time>s\n", "test");
        assertEquals("Name: x\nCPU time:       <cpu-time>s\nCPU time: 1.5 s\n",
                norm.apply("Name: x\nCPU time:       1795566504.1s\nCPU time: 1.5 s\n"));
    }

    @Test
    void normRejectsLineWithoutTab() {
        assertThrows(IllegalArgumentException.class, () -> GoldenNorm.parse("no tab here\n", "test"));
    }

    @Test
    void diffIsEmptyForEqualTexts() {
        assertEquals("", GoldenDiff.unified("a", "x\ny\n", "b", "x\ny\n"));
    }

    @Test
    void diffShowsChangedLineWithContext() {
        String diff = GoldenDiff.unified("virsh", "1\n2\n3\n4\n5\n6\n7\n8\n", "jvirsh", "1\n2\n3\n4\nfive\n6\n7\n8\n");
        assertEquals("""
                --- virsh
                +++ jvirsh
                @@ -2,7 +2,7 @@
                 2
                 3
                 4
                -5
                +five
                 6
                 7
                 8
                """, diff);
    }

    @Test
    void diffShowsMissingTrailingNewline() {
        String diff = GoldenDiff.unified("virsh", "a\n", "jvirsh", "a");
        assertTrue(diff.contains("-a\n") && diff.contains("+a\\ No newline at end of file\n"), diff);
    }

    @Test
    void caseLoadsAndSubstitutesPlaceholders(@TempDir Path root) throws IOException {
        Path group = Files.createDirectories(root.resolve("grp"));
        Files.writeString(group.resolve("one.args"), "-c\ntest:///default\ndefine @FILES@/d.xml; save x @TMP@/s\n");
        Files.writeString(group.resolve("one.out"), "Domain defined from @FILES@/d.xml\n");
        Files.writeString(group.resolve("one.err"), "");
        Files.writeString(group.resolve("one.rc"), "0\n");
        List<GoldenCase> cases = GoldenCase.loadAll(root);
        assertEquals(1, cases.size());
        GoldenCase c = cases.getFirst();
        assertEquals("grp/one", c.id());
        assertEquals(0, c.rc());
        Path tmp = root.resolve("scratch");
        String files = group.resolve("files").toAbsolutePath().toString();
        String[] argv = c.argv(tmp);
        assertEquals("define " + files + "/d.xml; save x " + tmp.toAbsolutePath() + "/s", argv[2]);
        assertEquals("Domain defined from @FILES@/d.xml\n@TMP@/s\n",
                c.unsubstitute("Domain defined from " + files + "/d.xml\n" + tmp.toAbsolutePath() + "/s\n", tmp));
    }

    @Test
    void caseWithoutRecordingFailsToLoad(@TempDir Path root) throws IOException {
        Path group = Files.createDirectories(root.resolve("grp"));
        Files.writeString(group.resolve("unrecorded.args"), "uri\n");
        assertThrows(IOException.class, () -> GoldenCase.loadAll(root));
    }

    @Test
    void mismatchIsReportedWithExitCodeAndDiff(@TempDir Path root) throws IOException {
        GoldenCase c = new GoldenCase("grp", "one", root, List.of("uri"), "test:///default\n\n", "", 0, GoldenNorm.NONE);
        GoldenRun run = new GoldenRun("", "error: nope\n", 1, null);
        String report = run.differences(c);
        assertTrue(report.startsWith("exit code: expected 0, got 1\n"), report);
        assertTrue(report.contains("-test:///default\n") && report.contains("+error: nope\n"), report);
        assertEquals("", new GoldenRun("test:///default\n\n", "", 0, null).differences(c));
    }
}
