package org.jvirt.dist.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A PENDING file with the golden suite's semantics: it lists, sorted, the case ids that do not match yet. A
 * listed case that fails is tolerated, an unlisted case that fails is an error, a listed case that passes is an
 * error too (so fixed behaviour cannot regress unnoticed), and a line naming no case is an error.
 * {@code -Djvirt.interop.update=true} rewrites the file from the results instead.
 */
record InteropRatchet(Path file, boolean update) {

    /** The ratchet for {@code file}, in update mode when {@code -Djvirt.interop.update=true} is given. */
    static InteropRatchet of(Path file) {
        return new InteropRatchet(file, Boolean.getBoolean("jvirt.interop.update"));
    }

    Set<String> read() throws IOException {
        Set<String> ids = new TreeSet<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    ids.add(line.strip());
                }
            }
        }
        return ids;
    }

    /**
     * Checks {@code passed} (case id to whether it matched) against the file, or rewrites the file when updating;
     * returns the problems, empty when the ratchet holds (always empty when updating).
     */
    List<String> check(Map<String, Boolean> passed) throws IOException {
        Set<String> failing = new TreeSet<>();
        passed.forEach((id, ok) -> {
            if (!ok) {
                failing.add(id);
            }
        });
        if (update) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, failing.isEmpty() ? "" : String.join("\n", failing) + "\n");
            return List.of();
        }
        Set<String> pending = read();
        List<String> problems = new ArrayList<>();
        for (String id : pending) {
            if (!passed.containsKey(id)) {
                problems.add(id + ": listed in " + file.getFileName() + " but no such case");
            } else if (passed.get(id)) {
                problems.add(id + ": now passes: remove it from " + file.getFileName());
            }
        }
        for (String id : failing) {
            if (!pending.contains(id)) {
                problems.add(id + ": fails and is not in " + file.getFileName());
            }
        }
        return problems;
    }
}
