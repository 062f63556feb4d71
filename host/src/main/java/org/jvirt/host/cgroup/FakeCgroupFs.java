package org.jvirt.host.cgroup;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.stream.Stream;

/**
 * A fake cgroup file system in a temporary directory: mkdir fills a new group with the control files its
 * hierarchy's template lists (as the kernel does), writes to task lists append, "+ctrl" to subtree_control adds,
 * cpu.max keeps its period when only a quota is written, rmdir refuses a group that still has tasks or children,
 * and chosen writes fail with EINVAL. A named test double (like {@code RecordingCommandRunner}), kept in main so
 * that the drivers' tests can use it too.
 */
public final class FakeCgroupFs implements CgroupFs {
    private final KernelCgroupFs real = new KernelCgroupFs();
    /** mount point → control files (name → initial content) of every new group in that hierarchy. */
    private final Map<Path, Map<String, String>> templates = new LinkedHashMap<>();
    private final Map<Long, List<Long>> threads = new HashMap<>();
    private final List<String> writes = new ArrayList<>();
    private BiPredicate<Path, String> einval = (p, v) -> false;

    /** Registers a hierarchy: creates its root with {@code rootFiles}, new groups get {@code groupFiles}. */
    public FakeCgroupFs hierarchy(Path mount, Map<String, String> rootFiles, Map<String, String> groupFiles)
            throws IOException {
        Files.createDirectories(mount);
        for (var e : rootFiles.entrySet()) {
            Files.writeString(mount.resolve(e.getKey()), e.getValue());
        }
        templates.put(mount, new LinkedHashMap<>(groupFiles));
        return this;
    }

    public FakeCgroupFs process(long pid, List<Long> tids) {
        threads.put(pid, List.copyOf(tids));
        return this;
    }

    public FakeCgroupFs rejectWrites(BiPredicate<Path, String> einval) {
        this.einval = einval;
        return this;
    }

    /** Every write done, as "PATH=VALUE", in order. */
    public List<String> writes() {
        return List.copyOf(writes);
    }

    @Override
    public boolean exists(Path path) {
        return Files.exists(path);
    }

    @Override
    public boolean isDirectory(Path path) {
        return Files.isDirectory(path);
    }

    @Override
    public String read(Path path) throws IOException {
        return real.read(path);
    }

    @Override
    public void write(Path path, String value) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(path.toString());
        }
        if (einval.test(path, value)) {
            throw new IOException("Invalid argument");
        }
        writes.add(path + "=" + value);
        String name = path.getFileName().toString();
        if (List.of("cgroup.procs", "tasks", "cgroup.threads").contains(name)) {
            move(path, Long.parseLong(value.strip()));
            return;
        }
        String old = Files.readString(path);
        String now = switch (name) {
            case "cgroup.subtree_control" -> (old.strip() + " " + value.substring(1)).strip() + "\n";
            case "cpu.max" -> value.contains(" ") || old.isBlank() ? value + "\n"
                    : value + " " + old.strip().split(" ")[1] + "\n";
            default -> value + "\n";
        };
        Files.writeString(path, now);
    }

    /**
     * A task joins a group: its thread ids leave every other group of the hierarchy (a process brings all its
     * threads), and each group's cgroup.procs is recomputed from the threads it holds, as the kernel shows it.
     */
    private void move(Path target, long id) throws IOException {
        Path mount = mountOf(target);
        List<Long> ids = target.getFileName().toString().equals("cgroup.procs")
                ? threads.getOrDefault(id, List.of(id)) : List.of(id);
        List<Path> threadFiles;
        try (Stream<Path> s = Files.walk(mount)) {
            threadFiles = s.filter(f -> f.getFileName().toString().equals("tasks")
                    || f.getFileName().toString().equals("cgroup.threads")).toList();
        }
        Path dir = target.getParent();
        for (Path f : threadFiles) {
            List<Long> keep = new ArrayList<>(ids(f));
            keep.removeAll(ids);
            if (f.getParent().equals(dir)) {
                keep.addAll(ids);
            }
            Files.writeString(f, lines(keep));
            List<Long> procs = keep.stream().map(this::tgid).distinct().toList();
            Files.writeString(f.resolveSibling("cgroup.procs"), lines(procs));
        }
    }

    private long tgid(long tid) {
        return threads.entrySet().stream().filter(e -> e.getValue().contains(tid)).map(Map.Entry::getKey)
                .findFirst().orElse(tid);
    }

    private static List<Long> ids(Path f) throws IOException {
        return Files.readAllLines(f).stream().filter(l -> !l.isBlank()).map(Long::parseLong).toList();
    }

    private static String lines(List<Long> ids) {
        StringBuilder b = new StringBuilder();
        ids.forEach(i -> b.append(i).append('\n'));
        return b.toString();
    }

    private Path mountOf(Path path) throws IOException {
        return templates.keySet().stream().filter(path::startsWith).findFirst()
                .orElseThrow(() -> new IOException("not a fake hierarchy: " + path));
    }

    @Override
    public void mkdir(Path path) throws IOException {
        Files.createDirectory(path);
        Path mount = mountOf(path);
        for (var e : templates.get(mount).entrySet()) {
            Files.writeString(path.resolve(e.getKey()), e.getValue());
        }
    }

    @Override
    public void rmdir(Path path) throws IOException {
        if (!subdirs(path).isEmpty()) {
            throw new java.nio.file.DirectoryNotEmptyException(path.toString());
        }
        for (String tasks : List.of("cgroup.procs", "tasks", "cgroup.threads")) {
            Path t = path.resolve(tasks);
            if (Files.exists(t) && !Files.readString(t).isBlank()) {
                throw new FileSystemException(path.toString(), null, "Device or resource busy");
            }
        }
        try (Stream<Path> s = Files.list(path)) {
            for (Path f : s.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(path);
    }

    @Override
    public List<Path> subdirs(Path path) throws IOException {
        return real.subdirs(path);
    }

    @Override
    public List<Long> threadsOf(long pid) {
        return threads.getOrDefault(pid, List.of());
    }
}
