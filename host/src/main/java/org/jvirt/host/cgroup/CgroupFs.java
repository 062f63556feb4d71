package org.jvirt.host.cgroup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The file operations a cgroup needs, as one small edge so that tests can run against a fake tree in a temporary
 * directory ({@code FakeCgroupFs} in the tests, which creates a controller's files on mkdir the way the kernel does).
 * {@link KernelCgroupFs} is the real one.
 */
public interface CgroupFs {

    boolean exists(Path path);

    boolean isDirectory(Path path);

    /** The whole content of a cgroup file. */
    String read(Path path) throws IOException;

    /** One write(2) of {@code value} to an existing file (cgroup files take one value per write). */
    void write(Path path, String value) throws IOException;

    void mkdir(Path path) throws IOException;

    /** Removes a cgroup directory (its control files go with it). */
    void rmdir(Path path) throws IOException;

    /** The sub-directories (child cgroups) of a cgroup directory, sorted by name. */
    List<Path> subdirs(Path path) throws IOException;

    /** The thread ids of a process ({@code /proc/PID/task}); empty when the process is gone. */
    List<Long> threadsOf(long pid) throws IOException;
}
