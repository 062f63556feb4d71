package org.jvirt.qemu.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jvirt.api.Records.DomainControlInfo;
import org.jvirt.api.Records.DomainInfo;
import org.jvirt.api.Records.DomainState;
import org.jvirt.api.event.DomainEvent;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.qemu.monitor.Json;
import org.jvirt.qemu.monitor.QmpConnection;
import org.jvirt.qemu.monitor.QmpException;
import org.jvirt.spi.DomainLifecycle;
import org.jvirt.spi.Refs.DomainRef;
import org.jvirt.spi.support.DomainStates;

/** Start, stop and the run states of a domain (qemuDomainCreateWithFlags, qemuDomainShutdownFlags, ...). */
final class QemuLifecycle implements DomainLifecycle {
    static final int SHUTDOWN_ACPI = 1;
    static final int SHUTDOWN_AGENT = 2;
    static final int DESTROY_GRACEFUL = 1;
    static final int DUMP_CRASH = 1;
    static final int DUMP_LIVE = 2;
    static final int DUMP_BYPASS_CACHE = 4;
    static final int DUMP_RESET = 8;
    static final int DUMP_MEMORY_ONLY = 16;

    private final QemuDriver driver;

    QemuLifecycle(QemuDriver driver) {
        this.driver = driver;
    }

    @Override
    public DomainRef create(DomainRef dom, int flags) {
        QemuErrors.checkFlags(flags, QemuProcess.START_PAUSED | 2 | 4 | 8 | 0x10, "qemuDomainCreateWithFlags");
        QemuDomainObj obj = driver.find(dom);
        obj.beginJob();
        try {
            // a managed save image is restored (and deleted) instead of booting (libvirt's qemuDomainObjStart)
            if (!new QemuSaveRestore(driver).startManaged(obj, flags)) {
                driver.process.start(obj, flags, DomainStates.RUNNING_BOOTED,
                        DomainStates.STARTED_BOOTED);
            }
        } finally {
            obj.endJob();
        }
        return obj.ref();
    }

    /** The monitor of a running domain, or libvirt's "domain is not running". */
    static QmpConnection monitor(QemuDomainObj obj) {
        synchronized (obj) {
            if (!obj.isActive() || obj.monitor == null) {
                throw QemuErrors.notRunning();
            }
            return obj.monitor;
        }
    }

    static Json qmp(QemuDomainObj obj, String command, Json.Obj args) {
        try {
            return monitor(obj).execute(command, args, QemuProcess.QMP_TIMEOUT);
        } catch (QmpException e) {
            throw e.toVirException();
        }
    }

    @Override
    public void suspend(DomainRef dom) {
        QemuDomainObj obj = driver.find(dom);
        obj.beginJob();
        try {
            synchronized (obj) {
                if (!obj.isActive()) {
                    throw QemuErrors.notRunning();
                }
                if (obj.state == DomainStates.PMSUSPENDED) {
                    throw QemuErrors.operationInvalid("domain is pmsuspended");
                }
                if (obj.state == DomainStates.PAUSED) {
                    return;
                }
                obj.pausedReason = DomainStates.PAUSED_USER;
            }
            boolean emit = false;
            try {
                qmp(obj, "stop", null);
            } finally {
                synchronized (obj) {
                    obj.pausedReason = DomainStates.PAUSED_UNKNOWN;
                }
            }
            synchronized (obj) {
                if (obj.state == DomainStates.RUNNING) {
                    obj.setState(DomainStates.PAUSED, DomainStates.PAUSED_USER);
                    emit = true;
                }
            }
            driver.process.writeStatusQuietly(obj);
            if (emit) {
                driver.emit(new DomainEvent.Lifecycle(obj.ref(), DomainStates.EVENT_SUSPENDED,
                        DomainStates.SUSPENDED_PAUSED));
            }
        } finally {
            obj.endJob();
        }
    }

    @Override
    public void resume(DomainRef dom) {
        QemuDomainObj obj = driver.find(dom);
        obj.beginJob();
        try {
            synchronized (obj) {
                if (!obj.isActive()) {
                    throw QemuErrors.notRunning();
                }
                if (obj.state == DomainStates.PMSUSPENDED) {
                    throw QemuErrors.operationInvalid("domain is pmsuspended");
                }
                if (obj.state == DomainStates.RUNNING) {
                    return;
                }
            }
            qmp(obj, "cont", null);
            boolean emit = false;
            synchronized (obj) {
                if (obj.state == DomainStates.PAUSED) {
                    obj.setState(DomainStates.RUNNING, DomainStates.RUNNING_UNPAUSED);
                    emit = true;
                }
            }
            driver.process.writeStatusQuietly(obj);
            if (emit) {
                driver.emit(new DomainEvent.Lifecycle(obj.ref(), DomainStates.EVENT_RESUMED,
                        DomainStates.RESUMED_UNPAUSED));
            }
        } finally {
            obj.endJob();
        }
    }

    @Override
    public void shutdown(DomainRef dom, int flags) {
        QemuErrors.checkFlags(flags, SHUTDOWN_ACPI | SHUTDOWN_AGENT, "qemuDomainShutdownFlags");
        QemuDomainObj obj = driver.find(dom);
        powerButton(obj, flags, false);
    }

    @Override
    public void reboot(DomainRef dom, int flags) {
        QemuErrors.checkFlags(flags, SHUTDOWN_ACPI | SHUTDOWN_AGENT, "qemuDomainReboot");
        QemuDomainObj obj = driver.find(dom);
        powerButton(obj, flags, true);
    }

    /**
     * qemuDomainShutdownFlags / qemuDomainReboot: the guest agent when asked, or by default when it is connected;
     * then the ACPI power button unless the agent alone was asked for (an agent failure falls back to ACPI only
     * when ACPI was asked too or no flag was given). A reboot through ACPI is libvirt's fake reboot: the guest
     * powers off, and the SHUTDOWN handler resets and continues it instead of ending QEMU.
     */
    private void powerButton(QemuDomainObj obj, int flags, boolean reboot) {
        boolean agentRequested = (flags & SHUTDOWN_AGENT) != 0;
        boolean acpiRequested = (flags & SHUTDOWN_ACPI) != 0;
        boolean agentForced = agentRequested && !acpiRequested;
        boolean useAgent = agentRequested || flags == 0 && QemuAgents.connected(obj);
        if (useAgent) {
            try {
                QemuGuestAgentOps.shutdown(obj, reboot);
                return;
            } catch (VirException e) {
                if (agentForced) {
                    throw e;
                }
            }
        }
        obj.beginJob();
        try {
            synchronized (obj) {
                if (!obj.isActive() || obj.state != DomainStates.RUNNING) {
                    throw QemuErrors.operationInvalid("domain is not running");
                }
                obj.fakeReboot = reboot;
            }
            try {
                qmp(obj, "system_powerdown", null);
            } catch (RuntimeException e) {
                synchronized (obj) {
                    obj.fakeReboot = false;
                }
                throw e;
            }
        } finally {
            obj.endJob();
        }
    }

    @Override
    public void reset(DomainRef dom, int flags) {
        QemuErrors.checkFlags(flags, 0, "qemuDomainReset");
        QemuDomainObj obj = driver.find(dom);
        obj.beginJob();
        try {
            qmp(obj, "system_reset", null);
            synchronized (obj) {
                if (obj.state == DomainStates.CRASHED) {
                    obj.setState(DomainStates.PAUSED, DomainStates.PAUSED_CRASHED);
                }
            }
        } finally {
            obj.endJob();
        }
    }

    @Override
    public void destroy(DomainRef dom, int flags) {
        QemuErrors.checkFlags(flags, DESTROY_GRACEFUL | 2, "qemuDomainDestroyFlags");
        driver.process.destroy(driver.find(dom), (flags & DESTROY_GRACEFUL) != 0);
    }

    @Override
    public DomainInfo getInfo(DomainRef dom) {
        QemuDomainObj obj = driver.find(dom);
        synchronized (obj) {
            DomainDef d = obj.current();
            long cpuTime = obj.process != null ? cpuTimeNs(obj.process.pid()) : 0;
            long mem = obj.isActive() ? d.currentMemory() : d.totalMemory();
            return new DomainInfo(obj.state, d.totalMemory(), mem, d.currentVcpus(), cpuTime);
        }
    }

    /** utime + stime of the QEMU process (/proc/PID/stat, in clock ticks of 1/100 s) in nanoseconds. */
    static long cpuTimeNs(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    @Override
    public DomainState getState(DomainRef dom, int flags) {
        QemuErrors.checkFlags(flags, 0, "qemuDomainGetState");
        QemuDomainObj obj = driver.find(dom);
        synchronized (obj) {
            return new DomainState(obj.state, obj.reason);
        }
    }

    @Override
    public DomainControlInfo getControlInfo(DomainRef dom, int flags) {
        QemuErrors.checkFlags(flags, 0, "qemuDomainGetControlInfo");
        QemuDomainObj obj = driver.find(dom);
        synchronized (obj) {
            if (!obj.isActive()) {
                throw QemuErrors.notRunning();
            }
            return new DomainControlInfo(obj.holdsJob() ? 1 : 0, 0, 0);
        }
    }

    @Override
    public void injectNMI(DomainRef dom, int flags) {
        QemuErrors.checkFlags(flags, 0, "qemuDomainInjectNMI");
        qmp(driver.find(dom), "inject-nmi", null);
    }

    @Override
    public void sendKey(DomainRef dom, int codeset, int holdtime, int[] keycodes, int flags) {
        QemuErrors.checkFlags(flags, 0, "qemuDomainSendKey");
        QemuDomainObj obj = driver.find(dom);
        java.util.List<Json> keys = new java.util.ArrayList<>();
        for (int k : keycodes) {
            keys.add(Json.object("type", "number", "data", Json.of(KeyCodes.toQnum(codeset, k))));
        }
        Json.Obj args = holdtime > 0 ? Json.object("keys", new Json.Arr(keys), "hold-time", Json.of(holdtime))
                : Json.object("keys", new Json.Arr(keys));
        qmp(obj, "send-key", args);
    }

    @Override
    public void coreDump(DomainRef dom, String to, int dumpformat, int flags) {
        QemuErrors.checkFlags(flags, DUMP_CRASH | DUMP_LIVE | DUMP_BYPASS_CACHE | DUMP_RESET | DUMP_MEMORY_ONLY,
                "qemuDomainCoreDumpWithFormat");
        QemuDomainObj obj = driver.find(dom);
        String format = switch (dumpformat) {
            case 0 -> "elf";
            case 1 -> "kdump-zlib";
            case 2 -> "kdump-lzo";
            case 3 -> "kdump-snappy";
            case 4 -> "win-dmp";
            default -> throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU,
                    "unknown dumpformat '" + dumpformat + "'");
        };
        obj.beginJob();
        try {
            boolean wasRunning;
            synchronized (obj) {
                if (!obj.isActive()) {
                    throw QemuErrors.notRunning();
                }
                wasRunning = obj.state == DomainStates.RUNNING;
            }
            if (wasRunning && (flags & DUMP_LIVE) == 0) {
                synchronized (obj) {
                    obj.pausedReason = DomainStates.PAUSED_DUMP;
                }
                qmp(obj, "stop", null);
            }
            try {
                // dump-guest-memory writes the ELF itself; paging=false as libvirt's memory-only dump.
                qmp(obj, "dump-guest-memory", Json.object("paging", Json.FALSE, "protocol",
                        Json.of("file:" + Path.of(to).toAbsolutePath()), "format", Json.of(format)));
            } finally {
                if ((flags & DUMP_CRASH) != 0) {
                    driver.process.stop(obj, DomainStates.SHUTOFF_CRASHED, DomainStates.STOPPED_CRASHED);
                } else if ((flags & DUMP_RESET) != 0) {
                    qmp(obj, "system_reset", null);
                }
                if (wasRunning && (flags & DUMP_LIVE) == 0 && (flags & DUMP_CRASH) == 0) {
                    qmp(obj, "cont", null);
                    synchronized (obj) {
                        obj.pausedReason = DomainStates.PAUSED_UNKNOWN;
                        obj.setState(DomainStates.RUNNING, DomainStates.RUNNING_UNPAUSED);
                    }
                }
            }
        } finally {
            obj.endJob();
        }
    }

    /** qemuDomainGetJobInfo: jvirt runs no long asynchronous job a caller could watch, so there is none. */
    @Override
    public org.jvirt.api.Records.DomainJobInfo getJobInfo(DomainRef dom) {
        QemuDomainObj obj = driver.find(dom);
        if (!obj.isActive()) {
            throw QemuErrors.notRunning();
        }
        return new org.jvirt.api.Records.DomainJobInfo(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
