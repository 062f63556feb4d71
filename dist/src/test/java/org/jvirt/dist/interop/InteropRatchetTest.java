package org.jvirt.dist.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InteropRatchetTest {
    @TempDir
    Path dir;

    @Test
    void listedFailuresPassUnlistedFailuresAndListedPassesFail() throws Exception {
        Path file = dir.resolve("PENDING-x");
        Files.writeString(file, "g/fixed\ng/gone\ng/known\n");
        Map<String, Boolean> results = new LinkedHashMap<>();
        results.put("g/fixed", true);
        results.put("g/known", false);
        results.put("g/new", false);
        results.put("g/ok", true);
        assertEquals(List.of("g/fixed: now passes: remove it from PENDING-x",
                "g/gone: listed in PENDING-x but no such case",
                "g/new: fails and is not in PENDING-x"), new InteropRatchet(file, false).check(results));
        results.put("g/fixed", false);
        results.remove("g/new");
        Files.writeString(file, "g/fixed\ng/known\n");
        assertEquals(List.of(), new InteropRatchet(file, false).check(results));
    }

    @Test
    void updateRewritesTheFileWithTheFailingCasesSorted() throws Exception {
        Path file = dir.resolve("PENDING-y");
        Files.writeString(file, "g/old\n");
        Map<String, Boolean> results = new LinkedHashMap<>();
        results.put("g/z", false);
        results.put("g/a", false);
        results.put("g/ok", true);
        assertEquals(List.of(), new InteropRatchet(file, true).check(results));
        assertEquals("g/a\ng/z\n", Files.readString(file));
    }
}
