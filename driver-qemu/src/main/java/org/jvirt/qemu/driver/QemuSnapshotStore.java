package org.jvirt.qemu.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jvirt.host.AtomicFile;
import org.jvirt.host.DefinitionFiles;
import org.jvirt.host.PathGuard;
import org.jvirt.model.snapshot.DomainSnapshotDef;
import org.jvirt.model.snapshot.DomainSnapshotFormatter;
import org.jvirt.model.snapshot.DomainSnapshotParser;

/**
 * Snapshot metadata of every domain, as libvirt keeps it: one {@code <domainsnapshot>} file per snapshot in
 * {@code libDir/snapshot/DOMAIN/NAME.xml}, in the internal form with {@code <active>} marking the current one, and
 * the tree rebuilt from the parent names at driver start. A tree is guarded by its own monitor; changes run under
 * the domain's job.
 */
final class QemuSnapshotStore {
    private static final System.Logger LOG = System.getLogger("org.jvirt.qemu.driver");

    /** One domain's snapshots in creation order, and the current one. */
    static final class Tree {
        final Map<String, DomainSnapshotDef> moments = new LinkedHashMap<>();
        String current;

        List<DomainSnapshotDef> children(String name) {
            return moments.values().stream().filter(m -> name.equals(m.parentName())).toList();
        }

        /** Descendants of {@code name} (not itself), parents before children. */
        List<DomainSnapshotDef> descendants(String name) {
            List<DomainSnapshotDef> out = new ArrayList<>();
            Deque<String> todo = new ArrayDeque<>(List.of(name));
            while (!todo.isEmpty()) {
                for (DomainSnapshotDef c : children(todo.poll())) {
                    out.add(c);
                    todo.add(c.name());
                }
            }
            return out;
        }
    }

    private final QemuDriver driver;
    private final Map<UUID, Tree> trees = new ConcurrentHashMap<>();
    private final DomainSnapshotFormatter formatter = new DomainSnapshotFormatter();

    QemuSnapshotStore(QemuDriver driver) {
        this.driver = driver;
    }

    Path root() {
        return driver.config.libDir().resolve("snapshot");
    }

    Tree tree(QemuDomainObj obj) {
        return trees.computeIfAbsent(obj.ref().uuid(), u -> new Tree());
    }

    /** The domain's snapshot metadata is gone with it (undefine): the tree and its directory. */
    void forget(QemuDomainObj obj) {
        trees.remove(obj.ref().uuid());
        QemuProcess.deleteTree(root().resolve(obj.name()));
    }

    /** Reads every domain's snapshot files (libvirt's qemuDomainSnapshotLoad); broken files are skipped. */
    void load() {
        Path root = root();
        if (!Files.isDirectory(root)) {
            return;
        }
        DomainSnapshotParser parser = new DomainSnapshotParser();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                QemuDomainObj obj;
                try {
                    obj = driver.byName(dir.getFileName().toString());
                } catch (RuntimeException e) {
                    continue;
                }
                Tree t = tree(obj);
                synchronized (t) {
                    for (Path f : DefinitionFiles.xmlFiles(dir)) {
                        try {
                            DomainSnapshotParser.Result r = parser.parseFull(Files.readString(f),
                                    DomainSnapshotParser.PARSE_REDEFINE | DomainSnapshotParser.PARSE_DISKS
                                            | DomainSnapshotParser.PARSE_INTERNAL);
                            t.moments.put(r.def().name(), r.def());
                            if (r.current()) {
                                t.current = r.def().name();
                            }
                        } catch (IOException | RuntimeException e) {
                            LOG.log(System.Logger.Level.WARNING, "skipping snapshot {0}: {1}", f, e.getMessage());
                        }
                    }
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read {0}: {1}", root, e.getMessage());
        }
    }

    String format(QemuDomainObj obj, DomainSnapshotDef def, boolean internal, boolean current) {
        return formatter.format(def, obj.ref().uuid().toString(), internal
                ? DomainSnapshotFormatter.FORMAT_INTERNAL | (current ? DomainSnapshotFormatter.FORMAT_CURRENT : 0)
                : 0);
    }

    /** Writes one snapshot's file (atomically); the caller holds the tree's monitor. */
    void persist(QemuDomainObj obj, Tree t, DomainSnapshotDef def) {
        Path dir = PathGuard.resolve(root(), obj.name(), "");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw org.jvirt.core.VirException.of(org.jvirt.core.ErrorNumber.SYSTEM_ERROR,
                    org.jvirt.core.ErrorDomain.QEMU, "cannot create directory '" + dir + "': " + e.getMessage());
        }
        AtomicFile.write(PathGuard.resolve(dir, def.name(), ".xml"), format(obj, def, true,
                def.name().equals(t.current)));
    }

    void deleteFile(QemuDomainObj obj, String name) {
        QemuProcess.deleteQuietly(PathGuard.resolve(PathGuard.resolve(root(), obj.name(), ""), name, ".xml"));
    }
}
