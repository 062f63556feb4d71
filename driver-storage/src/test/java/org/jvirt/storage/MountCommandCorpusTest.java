package org.jvirt.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.jvirt.model.storage.StoragePoolDef;
import org.jvirt.model.storage.StoragePoolType;

/**
 * libvirt's storagepoolxml2argv corpus, Linux variants: the mount command of every fs/netfs pool must be the one
 * libvirt's test expects, byte for byte in virCommandToString's layout. Reads ../shared when present, skips otherwise.
 */
class MountCommandCorpusTest {
    private static final Path CORPUS = Path.of("../../shared/corpora");

    /** virCommandToString: the program, then each argument on its own line, an option together with its value. */
    static String layout(List<String> argv) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            if (i > 0 && a.startsWith("-") && i + 1 < argv.size() && !argv.get(i + 1).startsWith("-")) {
                lines.add(a + " " + argv.get(++i));
            } else {
                lines.add(a);
            }
        }
        return String.join(" \\\n", lines) + "\n";
    }

    @Test
    void linuxMountCommandsMatchLibvirt() throws Exception {
        Path args = CORPUS.resolve("storagepoolxml2argvdata");
        assumeTrue(Files.isDirectory(args), "unavailable: ../shared/corpora not present");
        List<String> matched = new ArrayList<>();
        try (Stream<Path> files = Files.list(args)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("-linux.argv")).sorted().toList()) {
                String name = f.getFileName().toString().replace("-linux.argv", "");
                Path xml = CORPUS.resolve("storagepoolxml2xmlin").resolve(name + ".xml");
                StoragePoolDef def = StorageDriver.parsePool(Files.readString(xml));
                assertTrue(def.type() == StoragePoolType.NETFS || def.type() == StoragePoolType.FS, name);
                assertEquals(Files.readString(f), layout(MountCommand.argv(def)), name);
                matched.add(name);
            }
        }
        System.out.println("storagepoolxml2argv (linux mount): " + matched.size() + " identical: " + matched);
        assertEquals(3, matched.size(), "every Linux mount case of the corpus is compared");
    }
}
