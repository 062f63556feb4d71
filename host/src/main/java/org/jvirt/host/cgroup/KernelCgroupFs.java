package org.jvirt.host.cgroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** {@link CgroupFs} on the real kernel files. Stateless. */
public final class KernelCgroupFs implements CgroupFs {

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
        return Files.readString(path, StandardCharsets.UTF_8);
    }

    @Override
    public void write(Path path, String value) throws IOException {
        // No CREATE: a missing control file must fail with ENOENT, as libvirt's virFileWriteStr does on cgroupfs.
        Files.write(path, value.getBytes(StandardCharsets.UTF_8), StandardOpenOption.WRITE);
    }

    @Override
    public void mkdir(Path path) throws IOException {
        Files.createDirectory(path);
    }

    @Override
    public void rmdir(Path path) throws IOException {
        // cgroupfs lets rmdir(2) remove a directory that still lists its control files
        Files.delete(path);
    }

    @Override
    public List<Path> subdirs(Path path) throws IOException {
        try (Stream<Path> s = Files.list(path)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    @Override
    public List<Long> threadsOf(long pid) throws IOException {
        List<Long> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            s.forEach(p -> out.add(Long.parseLong(p.getFileName().toString())));
        } catch (NoSuchFileException e) {
            return List.of();
        }
        out.sort(null);
        return out;
    }
}
