package org.jvirt.host.cgroup;

import java.util.List;
import java.util.Set;

/**
 * One control group, in whichever hierarchy manages its controllers (libvirt's virCgroup with its v1 and v2
 * backends, vircgroupv1.c / vircgroupv2.c). A handle names a path relative to the hierarchy's mount, e.g.
 * {@code /machine/qemu-1-demo.libvirt-qemu}; {@link CgroupManager} creates handles for partitions and machines,
 * {@link #newThread} for libvirt's per-thread sub-groups ({@code emulator}, {@code vcpuN}, {@code iothreadN}).
 *
 * <p>Units follow libvirt: memory in KiB ({@link #MEMORY_UNLIMITED} means no limit), CPU times in nanoseconds,
 * CFS period/quota in microseconds (a negative quota means unlimited). Failures raise {@code VirException} with
 * libvirt's texts in domain VIR_FROM_CGROUP.
 */
public sealed interface Cgroup permits CgroupV1, CgroupV2 {

    /** VIR_DOMAIN_MEMORY_PARAM_UNLIMITED: INT64_MAX >> 10 KiB. */
    long MEMORY_UNLIMITED = 9007199254740991L;
    /** VIR_CGROUP_CPU_PERIOD_MIN / MAX (µs). */
    long CPU_PERIOD_MIN = 1000L;
    long CPU_PERIOD_MAX = 1000000L;
    /** VIR_CGROUP_CPU_QUOTA_MIN / MAX (µs). */
    long CPU_QUOTA_MIN = 1000L;
    long CPU_QUOTA_MAX = 17592186044415L;

    /** The kinds of libvirt's per-thread sub-groups (virCgroupThreadName). */
    enum ThreadKind {
        VCPU("vcpu%d"), EMULATOR("emulator"), IOTHREAD("iothread%d");

        private final String pattern;

        ThreadKind(String pattern) {
            this.pattern = pattern;
        }

        /** The sub-group's directory name, e.g. "vcpu0" or "emulator". */
        public String groupName(int id) {
            return this == EMULATOR ? pattern : String.format(pattern, id);
        }
    }

    /** User and system CPU time, in nanoseconds. */
    record CpuTimes(long userNs, long systemNs) {
    }

    /** "cgroup V1" or "cgroup V2", libvirt's backend names. */
    String backendName();

    /** The path relative to the hierarchy root, starting with '/'. */
    String path();

    /** The controllers this group has (libvirt's names: cpu, cpuacct, cpuset, memory, blkio, devices, pids). */
    Set<String> controllers();

    default boolean hasController(String controller) {
        return controllers().contains(controller);
    }

    /** Whether the group's directory exists (for every controller in v1). */
    boolean exists();

    /**
     * Creates the directories of this group (parents must exist), doing what the hierarchy needs before tasks can
     * join: v1 copies cpuset.cpus/mems/memory_migrate from the parent and turns on memory.use_hierarchy; v2 enables
     * the controllers in the parent's cgroup.subtree_control and, for a thread group, sets cgroup.type "threaded".
     * An existing directory is kept.
     */
    void create(boolean threadGroup);

    /**
     * libvirt's virCgroupNewThread: the handle of the sub-group {@code kind}/{@code id} of this (domain) group,
     * created when {@code create}. In v1 a thread group only has cpu, cpuacct and cpuset, as libvirt's.
     */
    Cgroup newThread(ThreadKind kind, int id, boolean create);

    /** A handle to a direct child group (not created), keeping this group's controllers. */
    Cgroup child(String name);

    /** Moves a whole process, all of its threads, into this group (cgroup.procs; per thread in a v2 thread group). */
    void addProcess(long pid);

    /** Moves one thread into this group (v1 "tasks", v2 "cgroup.threads"). */
    void addThread(long tid);

    /** The processes (thread-group ids) in this group, read from the first controller's cgroup.procs. */
    List<Long> processes();

    /** The threads in this group (v1 "tasks", v2 "cgroup.threads"). */
    List<Long> threads();

    // --- memory (KiB) ---

    void setMemoryHardLimit(long kib);

    long memoryHardLimit();

    void setMemorySoftLimit(long kib);

    long memorySoftLimit();

    /** v1: memory.memsw.limit_in_bytes (memory plus swap); v2: memory.swap.max. */
    void setMemSwapHardLimit(long kib);

    long memSwapHardLimit();

    /** Memory in use, in KiB (v1 memory.usage_in_bytes, v2 memory.current). */
    long memoryUsage();

    // --- cpu ---

    /** v1 cpu.shares in [2, 262144]; v2 cpu.weight in [1, 10000], written as given, as libvirt does. */
    void setCpuShares(long shares);

    long cpuShares();

    void setCpuCfsPeriod(long periodUs);

    long cpuCfsPeriod();

    /** A negative quota removes the limit (v1 -1, v2 "max"). */
    void setCpuCfsQuota(long quotaUs);

    /** The quota in µs, -1 when unlimited. */
    long cpuCfsQuota();

    /** Whether CFS bandwidth control is there (virCgroupSupportsCpuBW). */
    boolean supportsCpuBandwidth();

    // --- cpuset ---

    /** The kernel's list format, e.g. "0-2,5". */
    void setCpusetCpus(String cpus);

    String cpusetCpus();

    void setCpusetMems(String mems);

    String cpusetMems();

    /** v1 cpuset.memory_migrate; v2 has no such knob (memory always follows), so it is a no-op there. */
    void setCpusetMemoryMigrate(boolean migrate);

    // --- blkio ---

    /** v1 blkio.bfq.weight or blkio.weight; v2 io.bfq.weight or io.weight ("default N"). */
    void setBlkioWeight(int weight);

    int blkioWeight();

    // --- cpu accounting ---

    /** Total CPU time used by the group's tasks, ns. */
    long cpuacctUsage();

    /** CPU time per host CPU, ns (v1 only: v2 has no per-CPU accounting). */
    List<Long> cpuacctPercpuUsage();

    /** User and system time, ns. */
    CpuTimes cpuacctStat();

    /**
     * Removes this group and every group below it, children first (libvirt's virCgroupRemove). Tasks still inside
     * are not killed: they are moved to this group's parent first, so that rmdir can succeed.
     */
    void remove();
}
