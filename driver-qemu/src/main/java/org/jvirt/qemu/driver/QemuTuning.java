package org.jvirt.qemu.driver;

import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.qemu.monitor.Json;
import org.jvirt.spi.DomainTuning;
import org.jvirt.spi.Refs.DomainRef;

/**
 * Memory and vCPU counts (qemuDomainSetMemoryFlags through the balloon, qemuDomainSetVcpusFlags for the
 * persistent definition and, live, through vCPU hot-plug: QemuVcpuHotplug).
 */
final class QemuTuning implements DomainTuning {
    static final int MEM_MAXIMUM = 4;
    static final int VCPU_MAXIMUM = 4;
    static final int VCPU_GUEST = 8;

    private final QemuDriver driver;
    private final QemuResourceTuning resources;

    QemuTuning(QemuDriver driver) {
        this.driver = driver;
        this.resources = new QemuResourceTuning(driver);
    }

    @Override
    public long getMaxMemory(DomainRef dom) {
        QemuDomainObj obj = driver.find(dom);
        synchronized (obj) {
            return obj.current().totalMemory();
        }
    }

    @Override
    public void setMaxMemory(DomainRef dom, long kib) {
        setMemory(dom, kib, MEM_MAXIMUM);
    }

    @Override
    public void setMemory(DomainRef dom, long kib, int flags) {
        QemuErrors.checkFlags(flags, QemuDevices.AFFECT_LIVE | QemuDevices.AFFECT_CONFIG | MEM_MAXIMUM,
                "qemuDomainSetMemoryFlags");
        QemuDomainObj obj = driver.find(dom);
        obj.beginJob();
        try {
            QemuDevices.Impact imp;
            DomainDef live;
            DomainDef persistent;
            synchronized (obj) {
                imp = QemuDevices.impact(flags, obj.isActive(), obj.persistent);
                live = obj.live;
                persistent = obj.isActive() && obj.newDef != null ? obj.newDef : obj.def;
            }
            if ((flags & MEM_MAXIMUM) != 0) {
                if (imp.live()) {
                    throw VirException.of(ErrorNumber.OPERATION_INVALID, ErrorDomain.QEMU,
                            "cannot resize the maximum memory on an active domain");
                }
                DomainDef d = persistent.withTotalMemory(kib);
                if (d.currentMemory() > kib) {
                    d = d.withCurrentMemory(kib);
                }
                save(obj, d);
                return;
            }
            long max = imp.live() ? live.totalMemory() : persistent.totalMemory();
            if (kib > max || imp.config() && kib > persistent.totalMemory()) {
                throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU,
                        "cannot set memory higher than max memory");
            }
            if (imp.live()) {
                if (!QemuStats.hasBalloon(live)) {
                    throw VirException.of(ErrorNumber.OPERATION_INVALID, ErrorDomain.QEMU,
                            "Unable to change memory of active domain without the balloon device and guest OS "
                                    + "balloon driver");
                }
                QemuLifecycle.qmp(obj, "balloon", Json.object("value", kib * 1024));
                synchronized (obj) {
                    obj.live = obj.live.withCurrentMemory(kib);
                }
                driver.process.writeStatusQuietly(obj);
            }
            if (imp.config()) {
                save(obj, persistent.withCurrentMemory(kib));
            }
        } finally {
            obj.endJob();
        }
    }

    private void save(QemuDomainObj obj, DomainDef def) {
        driver.saveConfig(def);
        synchronized (obj) {
            if (obj.isActive()) {
                obj.newDef = def;
            } else {
                obj.def = def;
            }
        }
    }

    @Override
    public int getVcpusFlags(DomainRef dom, int flags) {
        QemuErrors.checkFlags(flags, QemuDevices.AFFECT_LIVE | QemuDevices.AFFECT_CONFIG | VCPU_MAXIMUM
                | VCPU_GUEST, "qemuDomainGetVcpusFlags");
        if ((flags & VCPU_GUEST) != 0) {
            if ((flags & QemuDevices.AFFECT_CONFIG) != 0) {
                throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU,
                        "vCPU count provided by the guest agent can only be requested for live domains");
            }
            return QemuGuestAgentOps.guestVcpuCount(driver.find(dom), (flags & VCPU_MAXIMUM) != 0);
        }
        QemuDomainObj obj = driver.find(dom);
        synchronized (obj) {
            QemuDevices.Impact imp = QemuDevices.impact(flags & 3, obj.isActive(), true);
            DomainDef d = imp.live() ? obj.live : obj.isActive() && obj.newDef != null ? obj.newDef : obj.def;
            return (flags & VCPU_MAXIMUM) != 0 ? d.maxVcpus() : d.currentVcpus();
        }
    }

    @Override
    public int getMaxVcpus(DomainRef dom) {
        return getVcpusFlags(dom, QemuDevices.AFFECT_LIVE | VCPU_MAXIMUM);
    }

    @Override
    public void setVcpus(DomainRef dom, int nvcpus, int flags) {
        QemuErrors.checkFlags(flags, QemuDevices.AFFECT_LIVE | QemuDevices.AFFECT_CONFIG | VCPU_MAXIMUM
                | VCPU_GUEST | 16, "qemuDomainSetVcpusFlags");
        if (nvcpus < 1) {
            throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU, "Invalid number of vCPUs: "
                    + nvcpus);
        }
        QemuDomainObj obj = driver.find(dom);
        if ((flags & VCPU_GUEST) != 0) {
            // the agent's own job, not the domain's (libvirt's qemuDomainSetVcpusAgent)
            QemuGuestAgentOps.setGuestVcpuCount(obj, nvcpus);
            return;
        }
        obj.beginJob();
        try {
            QemuDevices.Impact imp;
            DomainDef live;
            DomainDef persistent;
            synchronized (obj) {
                imp = QemuDevices.impact(flags & 3, obj.isActive(), obj.persistent);
                live = obj.live;
                persistent = obj.isActive() && obj.newDef != null ? obj.newDef : obj.def;
            }
            if ((flags & VCPU_MAXIMUM) != 0) {
                if (imp.live()) {
                    throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU,
                            "maximum vcpu count of a live domain can't be modified");
                }
                save(obj, persistent.withVcpus(nvcpus, Math.min(nvcpus, persistent.currentVcpus())));
                return;
            }
            if (imp.live()) {
                if (nvcpus > live.maxVcpus()) {
                    throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU,
                            "requested vcpus is greater than max allowable vcpus for the live domain: " + nvcpus
                                    + " > " + live.maxVcpus());
                }
                new QemuVcpuHotplug(driver).setLive(obj, nvcpus);
            }
            if (imp.config()) {
                if (nvcpus > persistent.maxVcpus()) {
                    throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU,
                            "requested vcpus is greater than max allowable vcpus for the persistent domain: "
                                    + nvcpus + " > " + persistent.maxVcpus());
                }
                save(obj, persistent.withVcpus(persistent.maxVcpus(), nvcpus));
            }
        } finally {
            obj.endJob();
        }
    }

    // ---- cgroup-backed parameters (QemuResourceTuning) ----

    @Override
    public String getSchedulerType(DomainRef dom) {
        QemuDomainObj obj = driver.find(dom);
        synchronized (obj) {
            if (obj.isActive() && !(obj.cgroup instanceof org.jvirt.host.cgroup.Cgroup)) {
                throw org.jvirt.core.VirException.operationInvalid(org.jvirt.core.ErrorDomain.QEMU,
                        "cgroup CPU controller is not mounted");
            }
        }
        return "posix";
    }

    @Override
    public org.jvirt.core.param.TypedParams getSchedulerParameters(DomainRef dom, int flags) {
        QemuErrors.checkFlags(flags, 3 | 4, "qemuDomainGetSchedulerParametersFlags");
        return resources.get(driver.find(dom), QemuResourceTuning.Kind.SCHEDULER, flags);
    }

    @Override
    public void setSchedulerParameters(DomainRef dom, org.jvirt.core.param.TypedParams params, int flags) {
        QemuErrors.checkFlags(flags, 3, "qemuDomainSetSchedulerParametersFlags");
        resources.set(driver.find(dom), QemuResourceTuning.Kind.SCHEDULER, params, flags);
    }

    @Override
    public org.jvirt.core.param.TypedParams getMemoryParameters(DomainRef dom, int flags) {
        QemuErrors.checkFlags(flags, 3 | 4, "qemuDomainGetMemoryParameters");
        return resources.get(driver.find(dom), QemuResourceTuning.Kind.MEMORY, flags);
    }

    @Override
    public void setMemoryParameters(DomainRef dom, org.jvirt.core.param.TypedParams params, int flags) {
        QemuErrors.checkFlags(flags, 3, "qemuDomainSetMemoryParameters");
        resources.set(driver.find(dom), QemuResourceTuning.Kind.MEMORY, params, flags);
    }

    @Override
    public org.jvirt.core.param.TypedParams getBlkioParameters(DomainRef dom, int flags) {
        QemuErrors.checkFlags(flags, 3 | 4, "qemuDomainGetBlkioParameters");
        return resources.get(driver.find(dom), QemuResourceTuning.Kind.BLKIO, flags);
    }

    @Override
    public void setBlkioParameters(DomainRef dom, org.jvirt.core.param.TypedParams params, int flags) {
        QemuErrors.checkFlags(flags, 3, "qemuDomainSetBlkioParameters");
        resources.set(driver.find(dom), QemuResourceTuning.Kind.BLKIO, params, flags);
    }

    /**
     * qemuDomainGetVcpus: each vCPU thread's state, CPU time, the host CPU it last ran on and its affinity, read
     * from /proc for the thread ids QEMU reports (query-cpus-fast).
     */
    @Override
    public java.util.List<org.jvirt.api.Records.VcpuInfo> getVcpus(DomainRef dom) {
        QemuDomainObj obj = driver.find(dom);
        long pid;
        synchronized (obj) {
            if (!obj.isActive() || obj.process == null) {
                throw QemuErrors.operationInvalid("cannot retrieve vcpu information for inactive domain");
            }
            pid = obj.process.pid();
        }
        int hostCpus = Runtime.getRuntime().availableProcessors();
        java.util.List<org.jvirt.api.Records.VcpuInfo> out = new java.util.ArrayList<>();
        for (var e : QemuProcess.vcpuThreads(QemuLifecycle.monitor(obj)).entrySet()) {
            VcpuThreadStat t = VcpuThreadStat.read(pid, e.getValue());
            out.add(new org.jvirt.api.Records.VcpuInfo(e.getKey(), 1, t.cpuTimeNs(), t.cpu(),
                    VcpuThreadStat.affinity(pid, e.getValue(), hostCpus)));
        }
        return out;
    }
}
