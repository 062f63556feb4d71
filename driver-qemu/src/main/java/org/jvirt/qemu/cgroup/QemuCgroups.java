package org.jvirt.qemu.cgroup;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.param.TypedParam;
import org.jvirt.host.cgroup.Cgroup;
import org.jvirt.host.cgroup.CgroupManager;
import org.jvirt.model.domain.DomainDef;

/**
 * A QEMU guest's cgroups at start and stop (libvirt's qemu_cgroup.c and the cgroup parts of qemu_process.c):
 * the domain group {@code /machine/qemu-ID-NAME.libvirt-qemu} with the QEMU process in it and the memtune,
 * blkiotune and cputune shares applied; an {@code emulator} sub-group holding QEMU's threads with the emulator
 * pinning and bandwidth; one {@code vcpuN} sub-group per vCPU thread with its pinning and the vCPU bandwidth; the
 * global bandwidth on the domain group. Live tuning is {@link QemuCgroupParams}.
 *
 * <p>Pinning here is the cgroup half only: the caller still sets the threads' affinity (sched_setaffinity), as
 * libvirt does both.
 */
public final class QemuCgroups {
    private static final System.Logger LOG = System.getLogger("org.jvirt.qemu.cgroup");
    /** The driver name in group names ("….libvirt-qemu"). */
    public static final String DRIVER = "qemu";

    private final CgroupManager manager;
    private final String partition;

    /**
     * @param partition the resource partition ({@code <resource><partition>} or {@link
     *                  CgroupManager#DEFAULT_PARTITION}); only the default one is created when missing
     */
    public QemuCgroups(CgroupManager manager, String partition) {
        this.manager = manager;
        this.partition = partition;
    }

    public CgroupManager manager() {
        return manager;
    }

    /** Whether cgroups can be used at all on this host (else a guest runs without, as libvirt allows). */
    public boolean available() {
        return manager.available();
    }

    /** The partition of {@code def}: its {@code <resource><partition>} when given, else this driver's default. */
    public String partitionOf(DomainDef def) {
        return def.section("resource").map(r -> r.childText("partition")).map(String::strip)
                .filter(s -> !s.isEmpty()).orElse(partition);
    }

    /**
     * Everything at guest start, in libvirt's order: {@link #setupDomain}, {@link #setupEmulator}, one {@link
     * #setupVcpu} per known vCPU thread, then {@link #setupGlobalCpu}. On failure the group is removed again (the
     * process is moved out, not killed) and the error raised.
     *
     * @param vcpuThreads vCPU id → thread id (QMP query-cpus-fast "thread-id"); empty when unknown, in which case
     *                    no vcpuN groups are made and the vCPU bandwidth is not applied
     */
    public Cgroup start(DomainDef def, int id, long pid, Map<Integer, Long> vcpuThreads) {
        Cgroup group = setupDomain(def, id, pid);
        try {
            setupEmulator(group, def, pid);
            for (var e : vcpuThreads.entrySet()) {
                setupVcpu(group, def, e.getKey(), e.getValue());
            }
            setupGlobalCpu(group, def);
            return group;
        } catch (VirException e) {
            remove(group);
            throw e;
        }
    }

    /**
     * qemuSetupCgroup: creates the domain group, moves {@code pid} in, then applies blkiotune weight, memtune
     * limits, cputune shares and cpuset.memory_migrate.
     */
    public Cgroup setupDomain(DomainDef def, int id, long pid) {
        CgroupTuning t = CgroupTuning.of(def);
        String machine = CgroupManager.machineName(DRIVER, id, def.name());
        Cgroup g = manager.newMachine(machine, DRIVER, checkPartition(partitionOf(def)), pid);
        try {
            if (t.blkioWeight() != 0) {
                if (!g.hasController("blkio")) {
                    throw VirException.operationInvalid(ErrorDomain.DOMAIN,
                            "Block I/O tuning is not available on this host");
                }
                g.setBlkioWeight(t.blkioWeight());
            }
            if (t.hasMemoryLimits()) {
                if (!g.hasController("memory")) {
                    throw VirException.operationInvalid(ErrorDomain.DOMAIN,
                            "Memory cgroup is not available on this host");
                }
                // virDomainCgroupSetupMemtune's order; each only when set
                if (t.hardLimit() < Cgroup.MEMORY_UNLIMITED) {
                    g.setMemoryHardLimit(t.hardLimit());
                }
                if (t.softLimit() < Cgroup.MEMORY_UNLIMITED) {
                    g.setMemorySoftLimit(t.softLimit());
                }
                if (t.swapHardLimit() < Cgroup.MEMORY_UNLIMITED) {
                    g.setMemSwapHardLimit(t.swapHardLimit());
                }
            }
            if (t.shares() != 0) {
                if (!g.hasController("cpu")) {
                    throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                            "CPU tuning is not available on this host");
                }
                g.setCpuShares(t.shares());
            }
            if (g.hasController("cpuset")) {
                g.setCpusetMemoryMigrate(true);
            }
        } catch (VirException e) {
            remove(g);
            throw e;
        }
        return g;
    }

    private static String checkPartition(String p) {
        if (!p.startsWith("/")) {
            throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                    "Resource partition '" + p + "' must start with '/'");
        }
        return p;
    }

    /**
     * qemuProcessSetupEmulator: the {@code emulator} sub-group with emulatorpin (else {@code <vcpu cpuset>}), the
     * strict numatune nodeset and emulator_period/quota, then every thread of {@code pid} moved in.
     */
    public Cgroup setupEmulator(Cgroup domain, DomainDef def, long pid) {
        CgroupTuning t = CgroupTuning.of(def);
        return setupThread(domain, Cgroup.ThreadKind.EMULATOR, 0, t.emulatorCpus(), t.strictNodeset(),
                t.emulatorPeriod(), t.emulatorQuota(), pid, true);
    }

    /** qemuProcessSetupVcpu: the {@code vcpuN} sub-group with its pinning, nodeset and period/quota; the thread in. */
    public Cgroup setupVcpu(Cgroup domain, DomainDef def, int vcpu, long tid) {
        CgroupTuning t = CgroupTuning.of(def);
        return setupThread(domain, Cgroup.ThreadKind.VCPU, vcpu, t.vcpuCpus(vcpu), t.strictNodeset(), t.period(),
                t.quota(), tid, false);
    }

    /** qemuProcessSetupIOThread's cgroup part, for callers that know I/O thread ids. */
    public Cgroup setupIOThread(Cgroup domain, DomainDef def, int iothread, String cpus, long tid) {
        CgroupTuning t = CgroupTuning.of(def);
        return setupThread(domain, Cgroup.ThreadKind.IOTHREAD, iothread, cpus, t.strictNodeset(),
                t.iothreadPeriod(), t.iothreadQuota(), tid, false);
    }

    /** qemuProcessSetupPid: settings first, then the task moves in. */
    private Cgroup setupThread(Cgroup domain, Cgroup.ThreadKind kind, int id, String cpus, String mems,
                               long period, long quota, long task, boolean wholeProcess) {
        if (!domain.hasController("cpu") && !domain.hasController("cpuset")) {
            return domain;
        }
        if ((period != 0 || quota != 0) && !domain.hasController("cpu")) {
            throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.QEMU,
                    "cgroup cpu is required for scheduler tuning");
        }
        Cgroup g = domain.newThread(kind, id, true);
        if (g.hasController("cpuset")) {
            if (!cpus.isEmpty()) {
                g.setCpusetCpus(cpus);
            }
            if (!mems.isEmpty()) {
                g.setCpusetMems(mems);
            }
        }
        setupBandwidth(g, period, quota);
        if (wholeProcess) {
            g.addProcess(task);
        } else {
            g.addThread(task);
        }
        return g;
    }

    /** qemuSetupGlobalCpuCgroup: global_period/quota on the domain group. */
    public void setupGlobalCpu(Cgroup domain, DomainDef def) {
        CgroupTuning t = CgroupTuning.of(def);
        if ((t.globalPeriod() != 0 || t.globalQuota() != 0) && !domain.hasController("cpu")) {
            throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.QEMU,
                    "cgroup cpu is required for scheduler tuning");
        }
        setupBandwidth(domain, t.globalPeriod(), t.globalQuota());
    }

    /**
     * virCgroupSetupCpuPeriodQuota: 0 means "leave alone"; the period is set first and put back if the quota is
     * refused.
     */
    static void setupBandwidth(Cgroup g, long period, long quota) {
        if (period == 0 && quota == 0) {
            return;
        }
        long oldPeriod = 0;
        if (period != 0) {
            oldPeriod = g.cpuCfsPeriod();
            g.setCpuCfsPeriod(period);
        }
        if (quota != 0) {
            try {
                g.setCpuCfsQuota(quota);
            } catch (VirException e) {
                if (period != 0) {
                    try {
                        g.setCpuCfsPeriod(oldPeriod);
                    } catch (VirException again) {
                        LOG.log(Level.WARNING, "Could not restore the CFS period of {0}: {1}", g,
                                again.getMessage());
                    }
                }
                throw e;
            }
        }
    }

    /** The existing group of a running guest (after a daemon restart), if it is there. */
    public Optional<Cgroup> reconnect(DomainDef def, int id) {
        if (!available()) {
            return Optional.empty();
        }
        Cgroup g = manager.machine(CgroupManager.machineName(DRIVER, id, def.name()), DRIVER, partitionOf(def));
        return g.exists() ? Optional.of(g) : Optional.empty();
    }

    /** qemuRemoveCgroup: removes the guest's groups; a failure is logged, as libvirt only warns. */
    public void remove(Cgroup group) {
        try {
            group.remove();
        } catch (VirException e) {
            LOG.log(Level.WARNING, "Failed to remove cgroup {0}: {1}", group.path(), e.getMessage());
        }
    }

    /** qemuDomainPinVcpuLive's cgroup half: the vCPU group's cpuset.cpus (when there is a cpuset controller). */
    public void pinVcpu(Cgroup domain, int vcpu, BitSet cpus) {
        if (domain.hasController("cpuset")) {
            domain.newThread(Cgroup.ThreadKind.VCPU, vcpu, false).setCpusetCpus(CpuList.format(cpus));
        }
    }

    /** qemuDomainPinEmulator's cgroup half: the emulator group's cpuset.cpus. */
    public void pinEmulator(Cgroup domain, BitSet cpus) {
        if (domain.hasController("cpuset")) {
            domain.newThread(Cgroup.ThreadKind.EMULATOR, 0, false).setCpusetCpus(CpuList.format(cpus));
        }
    }

    /** qemuDomainPinIOThread's cgroup half. */
    public void pinIOThread(Cgroup domain, int iothread, BitSet cpus) {
        if (domain.hasController("cpuset")) {
            domain.newThread(Cgroup.ThreadKind.IOTHREAD, iothread, false).setCpusetCpus(CpuList.format(cpus));
        }
    }

    /**
     * virDomainGetCPUStats with start_cpu -1: "cpu_time", "user_time", "system_time" (ULLONG, ns) from the
     * domain group's accounting.
     */
    public List<TypedParam> totalCpuStats(Cgroup domain) {
        if (!domain.hasController("cpuacct")) {
            throw VirException.operationInvalid(ErrorDomain.QEMU, "cgroup CPUACCT controller is not mounted");
        }
        Cgroup.CpuTimes times = domain.cpuacctStat();
        return List.of(new TypedParam.ULLongParam("cpu_time", domain.cpuacctUsage()),
                new TypedParam.ULLongParam("user_time", times.userNs()),
                new TypedParam.ULLongParam("system_time", times.systemNs()));
    }

    /**
     * virCgroupGetPercpuStats: for each host CPU, "cpu_time" of the whole guest and "vcpu_time" summed over its
     * {@code vcpuN} groups (ns).
     */
    public List<List<TypedParam>> perCpuStats(Cgroup domain, int vcpus) {
        if (!domain.hasController("cpuacct")) {
            throw VirException.operationInvalid(ErrorDomain.QEMU, "cgroup CPUACCT controller is not mounted");
        }
        List<Long> total = domain.cpuacctPercpuUsage();
        long[] vcpuSum = new long[total.size()];
        for (int v = 0; v < vcpus; v++) {
            Cgroup g = domain.newThread(Cgroup.ThreadKind.VCPU, v, false);
            if (!g.exists()) {
                continue;
            }
            List<Long> per = g.cpuacctPercpuUsage();
            for (int c = 0; c < per.size() && c < vcpuSum.length; c++) {
                vcpuSum[c] += per.get(c);
            }
        }
        List<List<TypedParam>> out = new ArrayList<>();
        for (int c = 0; c < total.size(); c++) {
            out.add(List.of(new TypedParam.ULLongParam("cpu_time", total.get(c)),
                    new TypedParam.ULLongParam("vcpu_time", vcpuSum[c])));
        }
        return out;
    }
}
