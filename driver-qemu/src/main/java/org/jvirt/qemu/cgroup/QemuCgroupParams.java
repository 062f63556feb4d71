package org.jvirt.qemu.cgroup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.param.TypedParam;
import org.jvirt.core.param.TypedParams;
import org.jvirt.host.cgroup.Cgroup;
import org.jvirt.model.domain.DomainDef;

/**
 * The live half of virDomain{Get,Set}{Memory,Scheduler,Blkio}Parameters for a running QEMU guest (qemu_driver.c and
 * domain_cgroup.c): typed parameters in libvirt's names and types, read from and written to the guest's cgroups.
 * Setters return the live definition with the new values, as libvirt updates {@code vm->def}. Flag handling,
 * the persistent definition and access checks stay with the caller.
 */
public final class QemuCgroupParams {
    /** VIR_DOMAIN_MEMORY_*. */
    public static final String HARD_LIMIT = "hard_limit";
    public static final String SOFT_LIMIT = "soft_limit";
    public static final String SWAP_HARD_LIMIT = "swap_hard_limit";
    /** VIR_DOMAIN_SCHEDULER_*. */
    public static final String CPU_SHARES = "cpu_shares";
    public static final String VCPU_PERIOD = "vcpu_period";
    public static final String VCPU_QUOTA = "vcpu_quota";
    public static final String EMULATOR_PERIOD = "emulator_period";
    public static final String EMULATOR_QUOTA = "emulator_quota";
    public static final String GLOBAL_PERIOD = "global_period";
    public static final String GLOBAL_QUOTA = "global_quota";
    public static final String IOTHREAD_PERIOD = "iothread_period";
    public static final String IOTHREAD_QUOTA = "iothread_quota";
    /** VIR_DOMAIN_BLKIO_WEIGHT. */
    public static final String WEIGHT = "weight";

    /** QEMU_SCHED_MIN/MAX_PERIOD and QEMU_SCHED_MIN/MAX_QUOTA (qemu_driver.c). */
    public static final long SCHED_MIN_PERIOD = 1000L;
    public static final long SCHED_MAX_PERIOD = 1000000L;
    public static final long SCHED_MIN_QUOTA = 1000L;
    public static final long SCHED_MAX_QUOTA = 18446744073709551L;

    /** The parameters qemuDomainSetMemoryParameters accepts. */
    public static final Map<String, Integer> MEMORY_PARAMS = Map.of(HARD_LIMIT, TypedParam.TYPE_ULLONG,
            SOFT_LIMIT, TypedParam.TYPE_ULLONG, SWAP_HARD_LIMIT, TypedParam.TYPE_ULLONG);
    /** The parameters qemuDomainSetSchedulerParametersFlags accepts. */
    public static final Map<String, Integer> SCHED_PARAMS = Map.of(CPU_SHARES, TypedParam.TYPE_ULLONG,
            VCPU_PERIOD, TypedParam.TYPE_ULLONG, VCPU_QUOTA, TypedParam.TYPE_LLONG,
            EMULATOR_PERIOD, TypedParam.TYPE_ULLONG, EMULATOR_QUOTA, TypedParam.TYPE_LLONG,
            GLOBAL_PERIOD, TypedParam.TYPE_ULLONG, GLOBAL_QUOTA, TypedParam.TYPE_LLONG,
            IOTHREAD_PERIOD, TypedParam.TYPE_ULLONG, IOTHREAD_QUOTA, TypedParam.TYPE_LLONG);

    private QemuCgroupParams() {
    }

    // ---------------------------------------------------------------- memory

    private static void needMemory(Cgroup g) {
        if (!g.hasController("memory")) {
            throw VirException.operationInvalid(ErrorDomain.QEMU, "cgroup memory controller is not mounted");
        }
    }

    /** Live virDomainGetMemoryParameters: hard_limit, soft_limit, swap_hard_limit (ULLONG, KiB). */
    public static List<TypedParam> getMemoryParameters(Cgroup g) {
        needMemory(g);
        return List.of(new TypedParam.ULLongParam(HARD_LIMIT, g.memoryHardLimit()),
                new TypedParam.ULLongParam(SOFT_LIMIT, g.memorySoftLimit()),
                new TypedParam.ULLongParam(SWAP_HARD_LIMIT, g.memSwapHardLimit()));
    }

    /**
     * Live virDomainSetMemoryParameters (virDomainCgroupSetMemoryLimitParameters): values above unlimited are
     * truncated to it; hard_limit must not exceed swap_hard_limit (the other taken from {@code live}); the swap
     * limit goes first when it grows, last otherwise, so that the kernel's memsw ≥ memory rule holds throughout.
     */
    public static DomainDef setMemoryParameters(Cgroup g, DomainDef live, TypedParams params) {
        params.validate(MEMORY_PARAMS);
        needMemory(g);
        Long hard = limit(params, HARD_LIMIT);
        Long soft = limit(params, SOFT_LIMIT);
        Long swap = limit(params, SWAP_HARD_LIMIT);
        CgroupTuning cur = CgroupTuning.of(live);
        if (hard != null || swap != null) {
            long memLimit = hard != null ? hard : cur.hardLimit();
            long swapLimit = swap != null ? swap : cur.swapHardLimit();
            if (Long.compareUnsigned(memLimit, swapLimit) > 0) {
                throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.DOMAIN,
                        "memory hard_limit tunable value must be lower than or equal to swap_hard_limit");
            }
        }
        DomainDef out = live;
        boolean swapLater = swap != null;
        if (swap != null && Long.compareUnsigned(swap, g.memSwapHardLimit()) > 0) {
            g.setMemSwapHardLimit(swap);
            out = TuneXml.withMemtune(out, SWAP_HARD_LIMIT, swap);
            swapLater = false;
        }
        if (hard != null) {
            g.setMemoryHardLimit(hard);
            out = TuneXml.withMemtune(out, HARD_LIMIT, hard);
        }
        if (soft != null) {
            g.setMemorySoftLimit(soft);
            out = TuneXml.withMemtune(out, SOFT_LIMIT, soft);
        }
        if (swapLater) {
            g.setMemSwapHardLimit(swap);
            out = TuneXml.withMemtune(out, SWAP_HARD_LIMIT, swap);
        }
        return out;
    }

    private static Long limit(TypedParams params, String name) {
        return params.get(name).map(p -> {
            long v = ((TypedParam.ULLongParam) p).value();
            return Long.compareUnsigned(v, Cgroup.MEMORY_UNLIMITED) >= 0 ? Cgroup.MEMORY_UNLIMITED : v;
        }).orElse(null);
    }

    // ---------------------------------------------------------------- scheduler

    private static void needCpu(Cgroup g) {
        if (!g.hasController("cpu")) {
            throw VirException.operationInvalid(ErrorDomain.QEMU, "cgroup CPU controller is not mounted");
        }
    }

    /**
     * Live virDomainGetSchedulerParameters: cpu_shares, then, when CFS bandwidth is supported, vcpu_period/quota
     * (from vcpu0, or the domain group divided by the vCPU count when there are no vCPU groups),
     * emulator_period/quota, global_period/quota and iothread_period/quota (0 without I/O thread groups).
     */
    public static List<TypedParam> getSchedulerParameters(Cgroup g, DomainDef live) {
        needCpu(g);
        List<TypedParam> out = new ArrayList<>();
        out.add(new TypedParam.ULLongParam(CPU_SHARES, g.cpuShares()));
        if (!g.supportsCpuBandwidth()) {
            return out;
        }
        Cgroup vcpu0 = g.newThread(Cgroup.ThreadKind.VCPU, 0, false);
        long vPeriod;
        long vQuota;
        if (vcpu0.exists()) {
            vPeriod = vcpu0.cpuCfsPeriod();
            vQuota = vcpu0.cpuCfsQuota();
        } else {
            vPeriod = g.cpuCfsPeriod();
            vQuota = g.cpuCfsQuota();
            int n = Math.max(1, live.currentVcpus());
            if (vQuota > 0) {
                vQuota /= n;
            }
        }
        Cgroup emu = g.newThread(Cgroup.ThreadKind.EMULATOR, 0, false);
        Cgroup emuSrc = emu.exists() ? emu : g;
        Cgroup io = firstIOThread(g, live);
        out.add(new TypedParam.ULLongParam(VCPU_PERIOD, vPeriod));
        out.add(new TypedParam.LLongParam(VCPU_QUOTA, vQuota));
        out.add(new TypedParam.ULLongParam(EMULATOR_PERIOD, emuSrc.cpuCfsPeriod()));
        out.add(new TypedParam.LLongParam(EMULATOR_QUOTA, emuSrc.cpuCfsQuota()));
        out.add(new TypedParam.ULLongParam(GLOBAL_PERIOD, g.cpuCfsPeriod()));
        out.add(new TypedParam.LLongParam(GLOBAL_QUOTA, g.cpuCfsQuota()));
        out.add(new TypedParam.ULLongParam(IOTHREAD_PERIOD, io == null ? 0 : io.cpuCfsPeriod()));
        out.add(new TypedParam.LLongParam(IOTHREAD_QUOTA, io == null ? 0 : io.cpuCfsQuota()));
        return out;
    }

    private static Cgroup firstIOThread(Cgroup g, DomainDef def) {
        for (int id : ioThreadIds(def)) {
            Cgroup io = g.newThread(Cgroup.ThreadKind.IOTHREAD, id, false);
            if (io.exists()) {
                return io;
            }
        }
        return null;
    }

    /** {@code <iothreadids>} ids, else 1..{@code <iothreads>}. */
    static List<Integer> ioThreadIds(DomainDef def) {
        List<Integer> ids = new ArrayList<>();
        def.section("iothreadids").ifPresent(s -> s.children("iothread")
                .forEach(t -> ids.add(Integer.parseInt(t.attr("id").strip()))));
        if (ids.isEmpty()) {
            int n = def.section("iothreads").map(s -> Integer.parseInt(s.text().strip())).orElse(0);
            for (int i = 1; i <= n; i++) {
                ids.add(i);
            }
        }
        return ids;
    }

    /**
     * Live virDomainSetSchedulerParametersFlags: cpu_shares on the domain group (the value read back from the
     * kernel goes into the definition); periods and quotas on every vCPU group, the emulator group, the domain
     * group (global) or every I/O thread group, 0 meaning "leave alone"; ranges checked as qemu_driver.c does.
     */
    public static DomainDef setSchedulerParameters(Cgroup g, DomainDef live, TypedParams params) {
        params.validate(SCHED_PARAMS);
        needCpu(g);
        DomainDef out = live;
        for (TypedParam p : params.list()) {
            switch (p.field()) {
                case CPU_SHARES -> {
                    g.setCpuShares(((TypedParam.ULLongParam) p).value());
                    out = TuneXml.withCputune(out, "shares", g.cpuShares());
                }
                case VCPU_PERIOD, EMULATOR_PERIOD, GLOBAL_PERIOD, IOTHREAD_PERIOD -> {
                    long v = ((TypedParam.ULLongParam) p).value();
                    rangeCheck(p.field(), v, SCHED_MIN_PERIOD, SCHED_MAX_PERIOD);
                    if (v != 0) {
                        for (Cgroup t : targets(g, live, p.field())) {
                            QemuCgroups.setupBandwidth(t, v, 0);
                        }
                        out = TuneXml.withCputune(out, xmlName(p.field()), v);
                    }
                }
                default -> {
                    long v = ((TypedParam.LLongParam) p).value();
                    rangeCheck(p.field(), v, SCHED_MIN_QUOTA, SCHED_MAX_QUOTA);
                    if (v != 0) {
                        for (Cgroup t : targets(g, live, p.field())) {
                            QemuCgroups.setupBandwidth(t, 0, v);
                        }
                        out = TuneXml.withCputune(out, xmlName(p.field()), v);
                    }
                }
            }
        }
        return out;
    }

    /** SCHED_RANGE_CHECK: positive values below MIN and anything above MAX are refused. */
    private static void rangeCheck(String name, long v, long min, long max) {
        boolean tooBig = name.endsWith("_period") ? Long.compareUnsigned(v, max) > 0 : v > max;
        if ((v > 0 && v < min) || tooBig) {
            throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU,
                    "value of '" + name + "' is out of range [" + min + ", " + max + "]");
        }
    }

    private static String xmlName(String param) {
        return switch (param) {
            case VCPU_PERIOD -> "period";
            case VCPU_QUOTA -> "quota";
            default -> param;
        };
    }

    /** The groups a bandwidth parameter applies to; vCPU/I/O thread groups only where they exist. */
    private static List<Cgroup> targets(Cgroup g, DomainDef live, String param) {
        List<Cgroup> out = new ArrayList<>();
        if (param.startsWith("global_")) {
            out.add(g);
        } else if (param.startsWith("emulator_")) {
            out.add(g.newThread(Cgroup.ThreadKind.EMULATOR, 0, false));
        } else if (param.startsWith("vcpu_")) {
            for (int i = 0; i < live.maxVcpus(); i++) {
                Cgroup v = g.newThread(Cgroup.ThreadKind.VCPU, i, false);
                if (v.exists()) {
                    out.add(v);
                }
            }
        } else {
            for (int id : ioThreadIds(live)) {
                Cgroup io = g.newThread(Cgroup.ThreadKind.IOTHREAD, id, false);
                if (io.exists()) {
                    out.add(io);
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- blkio

    private static void needBlkio(Cgroup g) {
        if (!g.hasController("blkio")) {
            throw VirException.operationInvalid(ErrorDomain.QEMU, "blkio cgroup isn't mounted");
        }
    }

    /** Live virDomainGetBlkioParameters, the weight (UINT) only; per-device values are not read here. */
    public static List<TypedParam> getBlkioParameters(Cgroup g) {
        needBlkio(g);
        return List.of(new TypedParam.UIntParam(WEIGHT, g.blkioWeight()));
    }

    /** Live virDomainSetBlkioParameters for the weight; per-device parameters are refused. */
    public static DomainDef setBlkioParameters(Cgroup g, DomainDef live, TypedParams params) {
        params.validate(Map.of(WEIGHT, TypedParam.TYPE_UINT, "device_weight", TypedParam.TYPE_STRING,
                "device_read_iops_sec", TypedParam.TYPE_STRING, "device_write_iops_sec", TypedParam.TYPE_STRING,
                "device_read_bytes_sec", TypedParam.TYPE_STRING, "device_write_bytes_sec",
                TypedParam.TYPE_STRING));
        needBlkio(g);
        DomainDef out = live;
        for (TypedParam p : params.list()) {
            if (!p.field().equals(WEIGHT)) {
                throw VirException.of(ErrorNumber.ARGUMENT_UNSUPPORTED, ErrorDomain.QEMU,
                        "blkio parameter '" + p.field() + "' is not supported for live guests yet");
            }
            int w = ((TypedParam.UIntParam) p).value();
            g.setBlkioWeight(w);
            out = TuneXml.withBlkioWeight(out, w);
        }
        return out;
    }
}
