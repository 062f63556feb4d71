package org.jvirt.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jvirt.core.VirException;

/**
 * The per-object XML files stateful drivers keep (definitions in a config directory, live status in a state
 * directory) and read back at daemon start, as libvirt's vir*ObjListLoadAllConfigs do: every {@code *.xml} in name
 * order; a file that cannot be read or parsed, or whose object name is not its file name, is logged and skipped so
 * that one bad file never keeps the driver from starting.
 */
public final class DefinitionFiles {
    private static final System.Logger LOG = System.getLogger(DefinitionFiles.class.getName());

    private DefinitionFiles() {}

    /** The regular {@code *.xml} files of {@code dir}, sorted; none when it does not exist or cannot be read. */
    public static List<Path> xmlFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".xml") && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot read dir '" + dir + "': " + e);
            return List.of();
        }
    }

    /**
     * Reads and parses {@code file}; null (after logging why) when it is unreadable, unparsable, or names another
     * object than its file name. {@code what} names the file in the log ("network file"); {@code mismatch} words the
     * name check's message from the file and the name found in it.
     */
    public static <D> D load(Path file, Function<String, D> parse, Function<D, String> nameOf, String what,
                             BiFunction<Path, String, String> mismatch) {
        D def;
        try {
            def = parse.apply(Files.readString(file));
        } catch (IOException | VirException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot load " + what + " " + file + ": " + e.getMessage());
            return null;
        }
        String fileName = file.getFileName().toString();
        String base = fileName.substring(0, fileName.length() - ".xml".length());
        if (!nameOf.apply(def).equals(base)) {
            LOG.log(System.Logger.Level.ERROR, mismatch.apply(file, nameOf.apply(def)));
            return null;
        }
        return def;
    }
}
