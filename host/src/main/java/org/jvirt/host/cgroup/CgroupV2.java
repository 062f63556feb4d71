package org.jvirt.host.cgroup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jvirt.core.ErrorNumber;

/**
 * A group in the unified hierarchy (libvirt's vircgroupv2.c): one directory under the cgroup2 mount. Per-thread
 * sub-groups are "threaded" groups, so that vCPU threads of one process can sit in different groups.
 */
public final class CgroupV2 implements Cgroup {
    /** VIR_CGROUPV2_WEIGHT_MIN / MAX, the cpu.weight range. */
    static final long WEIGHT_MIN = 1;
    static final long WEIGHT_MAX = 10000;
    /** Controllers a threaded group can have. */
    private static final Set<String> THREAD_CONTROLLERS = Set.of("cpu", "cpuacct", "cpuset");

    private final CgroupFiles files;
    private final Path mount;
    private final String path;
    private final Set<String> controllers;
    private final boolean threaded;

    /**
     * @param controllers libvirt's names (cpu, cpuacct, cpuset, memory, blkio, pids); "blkio" is the "io"
     *                    controller and "cpuacct" comes with "cpu"
     */
    CgroupV2(CgroupFs fs, Path mount, String path, Set<String> controllers, boolean threaded) {
        this.files = new CgroupFiles(fs);
        this.mount = mount;
        this.path = path;
        this.controllers = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(controllers));
        this.threaded = threaded;
    }

    @Override
    public String backendName() {
        return "cgroup V2";
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public Set<String> controllers() {
        return controllers;
    }

    /** The group's directory. */
    public Path dir() {
        return path.equals("/") ? mount : mount.resolve(path.substring(1));
    }

    private Path file(String controller, String key) {
        if (!controllers.contains(controller)) {
            throw CgroupErrors.of(ErrorNumber.OPERATION_INVALID,
                    "v2 controller '" + controller + "' is not available");
        }
        return dir().resolve(key);
    }

    /** The kernel's name of a libvirt controller name. */
    static String kernelName(String controller) {
        return controller.equals("blkio") ? "io" : controller;
    }

    @Override
    public boolean exists() {
        return files.fs().isDirectory(dir());
    }

    @Override
    public void create(boolean threadGroup) {
        Path dir = dir();
        if (!files.fs().isDirectory(dir)) {
            try {
                files.fs().mkdir(dir);
            } catch (IOException e) {
                throw CgroupErrors.system("Failed to create v2 cgroup '" + dir + "'", e);
            }
        }
        if (threadGroup) {
            Path type = dir.resolve("cgroup.type");
            if (!files.readLine(type).strip().equals("threaded")) {
                files.write(type, "threaded");
            }
        }
        enableInParent(dir.getParent(), threadGroup);
    }

    /** Turns this group's controllers on in the parent's cgroup.subtree_control (virCgroupV2EnableController). */
    private void enableInParent(Path parent, boolean threadGroup) {
        Path available = parent.resolve("cgroup.controllers");
        Set<String> there = new LinkedHashSet<>(List.of(files.readLine(available).strip().split("\\s+")));
        Path subtree = parent.resolve("cgroup.subtree_control");
        Set<String> enabled = new LinkedHashSet<>(List.of(files.readLine(subtree).strip().split("\\s+")));
        for (String c : controllers) {
            if (c.equals("cpuacct") || (threadGroup && !THREAD_CONTROLLERS.contains(c))) {
                continue; // cpuacct is part of cpu in v2
            }
            String k = kernelName(c);
            if (!there.contains(k) || enabled.contains(k)) {
                continue;
            }
            try {
                files.fs().write(subtree, "+" + k);
            } catch (IOException e) {
                throw CgroupErrors.system("Failed to enable controller '" + k + "' for '" + parent + "'", e);
            }
        }
    }

    @Override
    public Cgroup newThread(ThreadKind kind, int id, boolean create) {
        Set<String> sub = new LinkedHashSet<>(controllers);
        sub.retainAll(THREAD_CONTROLLERS);
        CgroupV2 g = new CgroupV2(files.fs(), mount, CgroupV1.join(path, kind.groupName(id)), sub, true);
        if (create) {
            g.create(true);
        }
        return g;
    }

    @Override
    public Cgroup child(String name) {
        return new CgroupV2(files.fs(), mount, CgroupV1.join(path, name), controllers, threaded);
    }

    @Override
    public void addProcess(long pid) {
        if (!threaded) {
            files.write(dir().resolve("cgroup.procs"), Long.toString(pid));
            return;
        }
        // a threaded group takes threads only: move each thread of the process
        try {
            for (long tid : files.fs().threadsOf(pid)) {
                addThread(tid);
            }
        } catch (IOException e) {
            throw CgroupErrors.system("Unable to read from '/proc/" + pid + "/task'", e);
        }
    }

    @Override
    public void addThread(long tid) {
        files.write(dir().resolve("cgroup.threads"), Long.toString(tid));
    }

    @Override
    public List<Long> processes() {
        return files.readIds(dir().resolve("cgroup.procs"));
    }

    @Override
    public List<Long> threads() {
        return files.readIds(dir().resolve("cgroup.threads"));
    }

    // --- memory ---

    private void setMemoryFile(String key, long kib) {
        CgroupFiles.checkMemory(kib);
        files.write(file("memory", key), kib == MEMORY_UNLIMITED ? "max" : Long.toString(kib << 10));
    }

    private long memoryFile(String key) {
        String text = files.readLine(file("memory", key)).strip();
        if (text.equals("max")) {
            return MEMORY_UNLIMITED;
        }
        long kib = Long.divideUnsigned(CgroupFiles.parseLong(text), 1024);
        return Long.compareUnsigned(kib, MEMORY_UNLIMITED) >= 0 ? MEMORY_UNLIMITED : kib;
    }

    @Override
    public void setMemoryHardLimit(long kib) {
        setMemoryFile("memory.max", kib);
    }

    @Override
    public long memoryHardLimit() {
        return memoryFile("memory.max");
    }

    @Override
    public void setMemorySoftLimit(long kib) {
        setMemoryFile("memory.high", kib);
    }

    @Override
    public long memorySoftLimit() {
        return memoryFile("memory.high");
    }

    @Override
    public void setMemSwapHardLimit(long kib) {
        setMemoryFile("memory.swap.max", kib);
    }

    @Override
    public long memSwapHardLimit() {
        return memoryFile("memory.swap.max");
    }

    @Override
    public long memoryUsage() {
        return Long.divideUnsigned(files.readLong(file("memory", "memory.current")), 1024);
    }

    // --- cpu ---

    @Override
    public void setCpuShares(long shares) {
        CgroupFiles.checkShares(shares, WEIGHT_MIN, WEIGHT_MAX);
        files.write(file("cpu", "cpu.weight"), Long.toString(shares));
    }

    @Override
    public long cpuShares() {
        return files.readLong(file("cpu", "cpu.weight"));
    }

    /** cpu.max is "QUOTA PERIOD" with QUOTA "max" when unlimited. */
    private String[] cpuMax() {
        String text = files.readLine(file("cpu", "cpu.max")).strip();
        String[] f = text.split(" ");
        if (f.length != 2) {
            throw CgroupErrors.of(ErrorNumber.INTERNAL_ERROR, "Invalid 'cpu.max' data.");
        }
        return f;
    }

    @Override
    public void setCpuCfsPeriod(long periodUs) {
        CgroupFiles.checkPeriod(periodUs);
        String quota = cpuMax()[0];
        files.write(file("cpu", "cpu.max"), quota + " " + periodUs);
    }

    @Override
    public long cpuCfsPeriod() {
        String p = cpuMax()[1];
        try {
            return Long.parseUnsignedLong(p);
        } catch (NumberFormatException e) {
            throw CgroupErrors.of(ErrorNumber.INTERNAL_ERROR, "Failed to parse value '" + p + "' from cpu.max.");
        }
    }

    @Override
    public void setCpuCfsQuota(long quotaUs) {
        CgroupFiles.checkQuota(quotaUs);
        files.write(file("cpu", "cpu.max"), quotaUs < 0 ? "max" : Long.toString(quotaUs));
    }

    @Override
    public long cpuCfsQuota() {
        String q = cpuMax()[0];
        if (q.equals("max")) {
            return -1;
        }
        try {
            return Long.parseLong(q);
        } catch (NumberFormatException e) {
            throw CgroupErrors.of(ErrorNumber.INTERNAL_ERROR, "Failed to parse value '" + q + "' as number.");
        }
    }

    @Override
    public boolean supportsCpuBandwidth() {
        return controllers.contains("cpu") && files.fs().exists(dir().resolve("cpu.max"));
    }

    // --- cpuset ---

    @Override
    public void setCpusetCpus(String cpus) {
        files.write(file("cpuset", "cpuset.cpus"), cpus);
    }

    @Override
    public String cpusetCpus() {
        return files.readLine(file("cpuset", "cpuset.cpus")).strip();
    }

    @Override
    public void setCpusetMems(String mems) {
        files.write(file("cpuset", "cpuset.mems"), mems);
    }

    @Override
    public String cpusetMems() {
        return files.readLine(file("cpuset", "cpuset.mems")).strip();
    }

    @Override
    public void setCpusetMemoryMigrate(boolean migrate) {
        // v2 always migrates memory with cpuset.mems; libvirt's v2 backend does nothing here either
    }

    // --- io ---

    @Override
    public void setBlkioWeight(int weight) {
        Path bfq = file("blkio", "io.bfq.weight");
        Path plain = dir().resolve("io.weight");
        if (files.fs().exists(bfq)) {
            files.write(bfq, Integer.toUnsignedString(weight));
        } else if (files.fs().exists(plain)) {
            files.write(plain, "default " + Integer.toUnsignedString(weight));
        } else {
            throw CgroupErrors.of(ErrorNumber.OPERATION_INVALID,
                    "blkio weight is valid only for bfq or cfq scheduler");
        }
    }

    @Override
    public int blkioWeight() {
        Path bfq = file("blkio", "io.bfq.weight");
        Path p = files.fs().exists(bfq) ? bfq : dir().resolve("io.weight");
        if (!files.fs().exists(p)) {
            throw CgroupErrors.of(ErrorNumber.OPERATION_INVALID,
                    "blkio weight is valid only for bfq or cfq scheduler");
        }
        String text = files.readLine(p).strip();
        if (text.startsWith("default ")) {
            text = text.substring("default ".length()).strip();
        }
        return (int) CgroupFiles.parseLong(text);
    }

    // --- cpu accounting (cpu.stat, µs) ---

    private long cpuStat(String key) {
        for (String line : files.read(file("cpu", "cpu.stat")).split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 2 && f[0].equals(key)) {
                return CgroupFiles.parseLong(f[1]) * 1000;
            }
        }
        String what = switch (key) {
            case "user_usec" -> "user";
            case "system_usec" -> "sys";
            default -> "usage";
        };
        throw CgroupErrors.of(ErrorNumber.INTERNAL_ERROR, "cannot parse cpu " + what + " stat '" + key + "'");
    }

    @Override
    public long cpuacctUsage() {
        return cpuStat("usage_usec");
    }

    @Override
    public List<Long> cpuacctPercpuUsage() {
        throw CgroupErrors.of(ErrorNumber.OPERATION_UNSUPPORTED,
                "operation 'getCpuacctPercpuUsage' not supported for backend '" + backendName() + "'");
    }

    @Override
    public CpuTimes cpuacctStat() {
        return new CpuTimes(cpuStat("user_usec"), cpuStat("system_usec"));
    }

    // --- removal ---

    @Override
    public void remove() {
        // A thread group hands its threads to the parent one by one; a domain group moves whole processes, which
        // takes their threads out of threaded children as well.
        String key = threaded ? "cgroup.threads" : "cgroup.procs";
        Path refuge = dir().getParent().resolve(key);
        files.removeTree(dir(), g -> files.moveIds(files.readIdsQuietly(g.resolve(key)), refuge));
    }

    @Override
    public String toString() {
        return "CgroupV2" + controllers + path;
    }
}
