package org.jvirt.host.cgroup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jvirt.core.ErrorNumber;

/**
 * A group in the v1 hierarchies (libvirt's vircgroupv1.c): one directory per controller mount, e.g.
 * {@code /sys/fs/cgroup/memory/machine/qemu-1-demo.libvirt-qemu}; co-mounted controllers share a directory.
 */
public final class CgroupV1 implements Cgroup {
    /** virCgroupV1SetCpuShares limits. */
    static final long SHARES_MIN = 2;
    static final long SHARES_MAX = 262144;
    /** USER_HZ, the unit of cpuacct.stat; 100 on every architecture Linux runs QEMU on. */
    static final long USER_HZ = 100;
    /** v1 thread groups only get these controllers (libvirt never mkdirs others for a thread). */
    private static final Set<String> THREAD_CONTROLLERS = Set.of("cpu", "cpuacct", "cpuset");

    private final CgroupFiles files;
    private final Map<String, Path> mounts;
    private final String path;

    /**
     * @param mounts controller → its mount point, only the controllers this group uses
     * @param path   the group's path relative to each mount, starting with '/'
     */
    CgroupV1(CgroupFs fs, Map<String, Path> mounts, String path) {
        this.files = new CgroupFiles(fs);
        this.mounts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(mounts));
        this.path = path;
    }

    @Override
    public String backendName() {
        return "cgroup V1";
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public Set<String> controllers() {
        return mounts.keySet();
    }

    /** The group's directory for one controller. */
    public Path dir(String controller) {
        Path mount = mounts.get(controller);
        if (mount == null) {
            throw CgroupErrors.of(ErrorNumber.OPERATION_INVALID,
                    "v1 controller '" + controller + "' is not enabled for group");
        }
        return path.equals("/") ? mount : mount.resolve(path.substring(1));
    }

    private Path file(String controller, String key) {
        return dir(controller).resolve(key);
    }

    /** Each distinct directory once, for co-mounted controllers. */
    private List<Path> dirs() {
        Set<Path> out = new LinkedHashSet<>();
        for (String c : mounts.keySet()) {
            out.add(dir(c));
        }
        return List.copyOf(out);
    }

    @Override
    public boolean exists() {
        return dirs().stream().allMatch(files.fs()::isDirectory);
    }

    @Override
    public void create(boolean threadGroup) {
        Set<Path> done = new LinkedHashSet<>();
        for (String c : mounts.keySet()) {
            Path dir = dir(c);
            if (!done.add(dir)) {
                continue;
            }
            boolean created = false;
            if (!files.fs().isDirectory(dir)) {
                try {
                    files.fs().mkdir(dir);
                    created = true;
                } catch (IOException e) {
                    throw CgroupErrors.system("Failed to create v1 controller " + c + " for group", e);
                }
            }
            if (created && coMounted(c, "cpuset")) {
                // a new cpuset group starts with empty cpus/mems and refuses tasks until they are filled
                for (String key : List.of("cpuset.cpus", "cpuset.mems", "cpuset.memory_migrate")) {
                    Path from = dir.getParent().resolve(key);
                    if (files.fs().exists(from)) {
                        files.write(dir.resolve(key), files.readLine(from).strip());
                    }
                }
            }
            if (!threadGroup && coMounted(c, "memory")) {
                Path hier = dir.resolve("memory.use_hierarchy");
                if (files.fs().exists(hier) && !files.readLine(hier).strip().equals("1")) {
                    files.write(hier, "1");
                }
            }
        }
    }

    /** Whether {@code wanted} lives in the same directory as {@code controller}. */
    private boolean coMounted(String controller, String wanted) {
        return mounts.containsKey(wanted) && mounts.get(wanted).equals(mounts.get(controller));
    }

    @Override
    public Cgroup newThread(ThreadKind kind, int id, boolean create) {
        Map<String, Path> sub = new LinkedHashMap<>();
        mounts.forEach((c, m) -> {
            if (THREAD_CONTROLLERS.contains(c)) {
                sub.put(c, m);
            }
        });
        CgroupV1 g = new CgroupV1(files.fs(), sub, join(path, kind.groupName(id)));
        if (create) {
            g.create(true);
        }
        return g;
    }

    @Override
    public Cgroup child(String name) {
        return new CgroupV1(files.fs(), mounts, join(path, name));
    }

    static String join(String parent, String name) {
        return parent.equals("/") ? "/" + name : parent + "/" + name;
    }

    @Override
    public void addProcess(long pid) {
        for (Path d : dirs()) {
            files.write(d.resolve("cgroup.procs"), Long.toString(pid));
        }
    }

    @Override
    public void addThread(long tid) {
        for (Path d : dirs()) {
            files.write(d.resolve("tasks"), Long.toString(tid));
        }
    }

    @Override
    public List<Long> processes() {
        return files.readIds(dirs().getFirst().resolve("cgroup.procs"));
    }

    @Override
    public List<Long> threads() {
        return files.readIds(dirs().getFirst().resolve("tasks"));
    }

    // --- memory ---

    /** virCgroupV1GetMemoryUnlimitedKB: what the root group (always unlimited) reports, in KiB. */
    private long unlimitedKib() {
        Path root = mounts.get("memory").resolve("memory.limit_in_bytes");
        long bytes = files.fs().exists(root) ? files.readLong(root) : Long.MAX_VALUE & ~4095L;
        return Long.divideUnsigned(bytes, 1024);
    }

    private void setMemoryFile(String key, long kib) {
        CgroupFiles.checkMemory(kib);
        String value = kib == MEMORY_UNLIMITED ? "-1" : Long.toString(kib << 10);
        files.write(file("memory", key), value);
    }

    private long memoryFile(String key) {
        long kib = Long.divideUnsigned(files.readLong(file("memory", key)), 1024);
        return Long.compareUnsigned(kib, unlimitedKib()) >= 0 || Long.compareUnsigned(kib, MEMORY_UNLIMITED) >= 0
                ? MEMORY_UNLIMITED : kib;
    }

    @Override
    public void setMemoryHardLimit(long kib) {
        setMemoryFile("memory.limit_in_bytes", kib);
    }

    @Override
    public long memoryHardLimit() {
        return memoryFile("memory.limit_in_bytes");
    }

    @Override
    public void setMemorySoftLimit(long kib) {
        setMemoryFile("memory.soft_limit_in_bytes", kib);
    }

    @Override
    public long memorySoftLimit() {
        return memoryFile("memory.soft_limit_in_bytes");
    }

    @Override
    public void setMemSwapHardLimit(long kib) {
        setMemoryFile("memory.memsw.limit_in_bytes", kib);
    }

    @Override
    public long memSwapHardLimit() {
        return memoryFile("memory.memsw.limit_in_bytes");
    }

    @Override
    public long memoryUsage() {
        return Long.divideUnsigned(files.readLong(file("memory", "memory.usage_in_bytes")), 1024);
    }

    // --- cpu ---

    @Override
    public void setCpuShares(long shares) {
        CgroupFiles.checkShares(shares, SHARES_MIN, SHARES_MAX);
        files.write(file("cpu", "cpu.shares"), Long.toString(shares));
    }

    @Override
    public long cpuShares() {
        return files.readLong(file("cpu", "cpu.shares"));
    }

    @Override
    public void setCpuCfsPeriod(long periodUs) {
        CgroupFiles.checkPeriod(periodUs);
        files.write(file("cpu", "cpu.cfs_period_us"), Long.toString(periodUs));
    }

    @Override
    public long cpuCfsPeriod() {
        return files.readLong(file("cpu", "cpu.cfs_period_us"));
    }

    @Override
    public void setCpuCfsQuota(long quotaUs) {
        CgroupFiles.checkQuota(quotaUs);
        files.write(file("cpu", "cpu.cfs_quota_us"), Long.toString(quotaUs < 0 ? -1 : quotaUs));
    }

    @Override
    public long cpuCfsQuota() {
        long q = files.readLong(file("cpu", "cpu.cfs_quota_us"));
        return q < 0 ? -1 : q;
    }

    @Override
    public boolean supportsCpuBandwidth() {
        return mounts.containsKey("cpu") && files.fs().exists(file("cpu", "cpu.cfs_period_us"));
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
        files.write(file("cpuset", "cpuset.memory_migrate"), migrate ? "1" : "0");
    }

    // --- blkio ---

    private Path weightFile() {
        for (String key : List.of("blkio.bfq.weight", "blkio.weight")) {
            Path p = file("blkio", key);
            if (files.fs().exists(p)) {
                return p;
            }
        }
        throw CgroupErrors.of(ErrorNumber.OPERATION_INVALID, "blkio weight is valid only for bfq or cfq scheduler");
    }

    @Override
    public void setBlkioWeight(int weight) {
        Path p = weightFile();
        try {
            files.fs().write(p, Integer.toUnsignedString(weight));
        } catch (IOException e) {
            // libvirt writes this one with virFileWriteStr directly, so no "Invalid value" variant
            throw CgroupErrors.system("Unable to write to '" + p + "'", e);
        }
    }

    @Override
    public int blkioWeight() {
        String text = files.readLine(weightFile()).strip();
        // blkio.bfq.weight may read "default N" on some kernels
        if (text.startsWith("default ")) {
            text = text.substring("default ".length()).strip();
        }
        return (int) CgroupFiles.parseLong(text);
    }

    // --- cpuacct ---

    @Override
    public long cpuacctUsage() {
        return files.readLong(file("cpuacct", "cpuacct.usage"));
    }

    @Override
    public List<Long> cpuacctPercpuUsage() {
        List<Long> out = new ArrayList<>();
        for (String f : files.readLine(file("cpuacct", "cpuacct.usage_percpu")).strip().split("\\s+")) {
            if (!f.isEmpty()) {
                out.add(CgroupFiles.parseLong(f));
            }
        }
        return out;
    }

    @Override
    public CpuTimes cpuacctStat() {
        Long user = null;
        Long sys = null;
        for (String line : files.read(file("cpuacct", "cpuacct.stat")).split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length != 2) {
                continue;
            }
            try {
                if (f[0].equals("user")) {
                    user = Long.parseUnsignedLong(f[1]);
                } else if (f[0].equals("system")) {
                    sys = Long.parseUnsignedLong(f[1]);
                }
            } catch (NumberFormatException e) {
                throw CgroupErrors.of(ErrorNumber.INTERNAL_ERROR, "Cannot parse " + (f[0].equals("user")
                        ? "user" : "sys") + " stat '" + line.strip() + "'");
            }
        }
        if (user == null || sys == null) {
            throw CgroupErrors.of(ErrorNumber.INTERNAL_ERROR, "cpuacct parse error");
        }
        long scale = 1_000_000_000L / USER_HZ;
        return new CpuTimes(user * scale, sys * scale);
    }

    // --- removal ---

    @Override
    public void remove() {
        // every hierarchy is tried even when one fails; the first failure is raised at the end
        org.jvirt.core.VirException first = null;
        for (Path d : dirs()) {
            Path refuge = d.getParent().resolve("tasks");
            try {
                files.removeTree(d, g -> files.moveIds(files.readIdsQuietly(g.resolve("tasks")), refuge));
            } catch (org.jvirt.core.VirException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return "CgroupV1" + mounts.keySet() + path;
    }
}
