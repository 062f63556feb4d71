package org.jvirt.host.cgroup;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jvirt.core.ErrorNumber;

/** Reading and writing cgroup control files with libvirt's error texts (vircgroup.c virCgroupSetValueRaw & co). */
final class CgroupFiles {
    private static final System.Logger LOG = System.getLogger("org.jvirt.host.cgroup");

    private final CgroupFs fs;

    CgroupFiles(CgroupFs fs) {
        this.fs = fs;
    }

    CgroupFs fs() {
        return fs;
    }

    String read(Path file) {
        try {
            return fs.read(file);
        } catch (IOException e) {
            throw CgroupErrors.system("Unable to read from '" + file + "'", e);
        }
    }

    /** The first line of a file, without its newline. */
    String readLine(Path file) {
        String s = read(file);
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    void write(Path file, String value) {
        LOG.log(Level.DEBUG, "Set value ''{0}'' to ''{1}''", file, value);
        try {
            fs.write(file, value);
        } catch (IOException e) {
            if (CgroupErrors.isEinval(e)) {
                throw CgroupErrors.system("Invalid value '" + value + "' for '" + file.getFileName() + "'", e);
            }
            throw CgroupErrors.system("Unable to write to '" + file + "'", e);
        }
    }

    long readLong(Path file) {
        return parseLong(readLine(file).strip());
    }

    /** virStrToLong_ll/ull as virCgroupGetValueI64/U64 use them; unsigned values above INT64_MAX wrap. */
    static long parseLong(String text) {
        try {
            return text.startsWith("-") ? Long.parseLong(text) : Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            throw CgroupErrors.of(ErrorNumber.INTERNAL_ERROR, "Unable to parse '" + text + "' as an integer");
        }
    }

    /** A list of ids, one per line (cgroup.procs, tasks, cgroup.threads). */
    List<Long> readIds(Path file) {
        List<Long> ids = new ArrayList<>();
        for (String line : read(file).split("\n")) {
            if (!line.isBlank()) {
                ids.add(parseLong(line.strip()));
            }
        }
        return ids;
    }

    /** virCgroupSetMemory & co: a limit must not exceed VIR_DOMAIN_MEMORY_PARAM_UNLIMITED. */
    static void checkMemory(long kib) {
        if (Long.compareUnsigned(kib, Cgroup.MEMORY_UNLIMITED) > 0) {
            throw CgroupErrors.of(ErrorNumber.INVALID_ARG, "Memory '" + Long.toUnsignedString(kib)
                    + "' must be less than " + Cgroup.MEMORY_UNLIMITED);
        }
    }

    static void checkPeriod(long periodUs) {
        if (periodUs < Cgroup.CPU_PERIOD_MIN || periodUs > Cgroup.CPU_PERIOD_MAX) {
            throw CgroupErrors.of(ErrorNumber.INVALID_ARG, "cfs_period '" + Long.toUnsignedString(periodUs)
                    + "' must be in range (" + Cgroup.CPU_PERIOD_MIN + ", " + Cgroup.CPU_PERIOD_MAX + ")");
        }
    }

    static void checkQuota(long quotaUs) {
        if (quotaUs >= 0 && (quotaUs < Cgroup.CPU_QUOTA_MIN || quotaUs > Cgroup.CPU_QUOTA_MAX)) {
            throw CgroupErrors.of(ErrorNumber.INVALID_ARG, "cfs_quota '" + quotaUs + "' must be in range ("
                    + Cgroup.CPU_QUOTA_MIN + ", " + Cgroup.CPU_QUOTA_MAX + ")");
        }
    }

    static void checkShares(long shares, long min, long max) {
        if (shares < min || shares > max) {
            throw CgroupErrors.of(ErrorNumber.INVALID_ARG, "shares '" + Long.toUnsignedString(shares)
                    + "' must be in range [" + min + ", " + max + "]");
        }
    }

    /**
     * Removes {@code dir} and everything below it, children first. Tasks left in a group are moved to
     * {@code refuge} with {@code mover} before its rmdir. Every directory is tried; the first failure is raised at
     * the end.
     */
    void removeTree(Path dir, TaskMover mover) {
        IOException first = null;
        Path firstPath = null;
        List<Path> order = new ArrayList<>();
        try {
            collectPostOrder(dir, order);
        } catch (IOException e) {
            throw CgroupErrors.system("Unable to remove " + dir, e);
        }
        for (Path p : order) {
            try {
                mover.evacuate(p);
                fs.rmdir(p);
                LOG.log(Level.DEBUG, "Removed cgroup {0}", p);
            } catch (IOException e) {
                LOG.log(Level.ERROR, "Unable to remove {0}: {1}", p, CgroupErrors.strerror(e));
                if (first == null) {
                    first = e;
                    firstPath = p;
                }
            }
        }
        if (first != null) {
            throw CgroupErrors.system("Unable to remove " + firstPath, first);
        }
    }

    private void collectPostOrder(Path dir, List<Path> out) throws IOException {
        if (!fs.isDirectory(dir)) {
            return;
        }
        for (Path sub : fs.subdirs(dir)) {
            collectPostOrder(sub, out);
        }
        out.add(dir);
    }

    /** Moves the tasks of one group out of it before it is removed. */
    @FunctionalInterface
    interface TaskMover {
        void evacuate(Path groupDir) throws IOException;
    }

    /** Writes each id to {@code target}, ignoring tasks that exited meanwhile. */
    void moveIds(List<Long> ids, Path target) throws IOException {
        for (long id : ids) {
            try {
                fs.write(target, Long.toString(id));
            } catch (IOException e) {
                if (!CgroupErrors.isEsrch(e)) {
                    throw e;
                }
            }
        }
    }

    List<Long> readIdsQuietly(Path file) throws IOException {
        if (!fs.exists(file)) {
            return List.of();
        }
        List<Long> ids = new ArrayList<>();
        for (String line : fs.read(file).split("\n")) {
            if (!line.isBlank()) {
                ids.add(Long.parseLong(line.strip()));
            }
        }
        return ids;
    }
}
