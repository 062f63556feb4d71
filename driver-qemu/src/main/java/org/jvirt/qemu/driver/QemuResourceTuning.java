package org.jvirt.qemu.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.VirException;
import org.jvirt.core.param.TypedParam;
import org.jvirt.core.param.TypedParams;
import org.jvirt.host.cgroup.Cgroup;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.qemu.cgroup.CgroupTuning;
import org.jvirt.qemu.cgroup.QemuCgroupParams;
import org.jvirt.qemu.cgroup.TuneXml;

/**
 * Memory, scheduler and blkio parameters (virDomain{Get,Set}{Memory,Scheduler,Blkio}Parameters): live values are
 * the guest's cgroup, config values the persistent definition's {@code <memtune>}, {@code <cputune>} and
 * {@code <blkiotune>}, as libvirt's QEMU driver keeps them.
 */
final class QemuResourceTuning {
    static final int AFFECT_LIVE = 1;
    static final int AFFECT_CONFIG = 2;
    /** The {@code <cputune>} element of each scheduler parameter. */
    private static final Map<String, String> CPUTUNE = Map.of(QemuCgroupParams.CPU_SHARES, "shares",
            QemuCgroupParams.VCPU_PERIOD, "period", QemuCgroupParams.VCPU_QUOTA, "quota",
            QemuCgroupParams.EMULATOR_PERIOD, "emulator_period", QemuCgroupParams.EMULATOR_QUOTA, "emulator_quota",
            QemuCgroupParams.GLOBAL_PERIOD, "global_period", QemuCgroupParams.GLOBAL_QUOTA, "global_quota",
            QemuCgroupParams.IOTHREAD_PERIOD, "iothread_period", QemuCgroupParams.IOTHREAD_QUOTA, "iothread_quota");

    private final QemuDriver driver;

    QemuResourceTuning(QemuDriver driver) {
        this.driver = driver;
    }

    enum Kind { MEMORY, SCHEDULER, BLKIO }

    /** True for the live values: AFFECT_LIVE, or AFFECT_CURRENT of a running domain. */
    private static boolean live(QemuDomainObj obj, int flags) {
        boolean active = obj.isActive();
        boolean live = (flags & AFFECT_LIVE) != 0 || (flags & AFFECT_CONFIG) == 0 && active;
        if (live && !active) {
            throw QemuErrors.notRunning();
        }
        return live;
    }

    private static Cgroup cgroup(QemuDomainObj obj, Kind kind) {
        synchronized (obj) {
            if (obj.cgroup instanceof Cgroup g) {
                return g;
            }
        }
        throw VirException.operationInvalid(ErrorDomain.QEMU, switch (kind) {
            case MEMORY -> "cgroup memory controller is not mounted";
            case SCHEDULER -> "cgroup CPU controller is not mounted";
            case BLKIO -> "blkio cgroup isn't mounted";
        });
    }

    TypedParams get(QemuDomainObj obj, Kind kind, int flags) {
        if (live(obj, flags)) {
            Cgroup g = cgroup(obj, kind);
            DomainDef def = obj.current();
            return new TypedParams(switch (kind) {
                case MEMORY -> QemuCgroupParams.getMemoryParameters(g);
                case SCHEDULER -> QemuCgroupParams.getSchedulerParameters(g, def);
                case BLKIO -> QemuCgroupParams.getBlkioParameters(g);
            });
        }
        DomainDef def;
        synchronized (obj) {
            def = obj.newDef != null ? obj.newDef : obj.def;
        }
        CgroupTuning t = CgroupTuning.of(def);
        List<TypedParam> out = new ArrayList<>();
        switch (kind) {
            case MEMORY -> {
                out.add(new TypedParam.ULLongParam(QemuCgroupParams.HARD_LIMIT, t.hardLimit()));
                out.add(new TypedParam.ULLongParam(QemuCgroupParams.SOFT_LIMIT, t.softLimit()));
                out.add(new TypedParam.ULLongParam(QemuCgroupParams.SWAP_HARD_LIMIT, t.swapHardLimit()));
            }
            case SCHEDULER -> {
                out.add(new TypedParam.ULLongParam(QemuCgroupParams.CPU_SHARES, t.shares()));
                out.add(new TypedParam.ULLongParam(QemuCgroupParams.VCPU_PERIOD, t.period()));
                out.add(new TypedParam.LLongParam(QemuCgroupParams.VCPU_QUOTA, t.quota()));
                out.add(new TypedParam.ULLongParam(QemuCgroupParams.EMULATOR_PERIOD, t.emulatorPeriod()));
                out.add(new TypedParam.LLongParam(QemuCgroupParams.EMULATOR_QUOTA, t.emulatorQuota()));
                out.add(new TypedParam.ULLongParam(QemuCgroupParams.GLOBAL_PERIOD, t.globalPeriod()));
                out.add(new TypedParam.LLongParam(QemuCgroupParams.GLOBAL_QUOTA, t.globalQuota()));
                out.add(new TypedParam.ULLongParam(QemuCgroupParams.IOTHREAD_PERIOD, t.iothreadPeriod()));
                out.add(new TypedParam.LLongParam(QemuCgroupParams.IOTHREAD_QUOTA, t.iothreadQuota()));
            }
            case BLKIO -> out.add(new TypedParam.UIntParam(QemuCgroupParams.WEIGHT, t.blkioWeight()));
        }
        return new TypedParams(out);
    }

    void set(QemuDomainObj obj, Kind kind, TypedParams params, int flags) {
        obj.beginJob();
        try {
            boolean active = obj.isActive();
            boolean config = (flags & AFFECT_CONFIG) != 0 || (flags & AFFECT_LIVE) == 0 && !active;
            if (config && !obj.persistent) {
                throw QemuErrors.operationInvalid("cannot change persistent config of a transient domain");
            }
            if ((flags & AFFECT_LIVE) != 0 || (flags & AFFECT_CONFIG) == 0 && active) {
                if (!active) {
                    throw QemuErrors.notRunning();
                }
                Cgroup g = cgroup(obj, kind);
                DomainDef live = obj.current();
                DomainDef updated = switch (kind) {
                    case MEMORY -> QemuCgroupParams.setMemoryParameters(g, live, params);
                    case SCHEDULER -> QemuCgroupParams.setSchedulerParameters(g, live, params);
                    case BLKIO -> QemuCgroupParams.setBlkioParameters(g, live, params);
                };
                synchronized (obj) {
                    obj.live = updated;
                }
                driver.process.writeStatusQuietly(obj);
            }
            if (config) {
                params.validate(switch (kind) {
                    case MEMORY -> QemuCgroupParams.MEMORY_PARAMS;
                    case SCHEDULER -> QemuCgroupParams.SCHED_PARAMS;
                    case BLKIO -> Map.of(QemuCgroupParams.WEIGHT, TypedParam.TYPE_UINT);
                });
                DomainDef def;
                synchronized (obj) {
                    def = obj.newDef != null ? obj.newDef : obj.def;
                }
                for (TypedParam p : params.asList()) {
                    long v = Long.parseLong(p.valueString());
                    def = switch (kind) {
                        case MEMORY -> TuneXml.withMemtune(def, p.field(), v);
                        case SCHEDULER -> TuneXml.withCputune(def, CPUTUNE.get(p.field()), v);
                        case BLKIO -> TuneXml.withBlkioWeight(def, (int) v);
                    };
                }
                driver.saveConfig(def);
                synchronized (obj) {
                    if (obj.isActive()) {
                        obj.newDef = def;
                    } else {
                        obj.def = def;
                    }
                }
            }
        } finally {
            obj.endJob();
        }
    }
}
