package org.jvirt.driver.test;

import org.jvirt.api.Records.DomainControlInfo;
import org.jvirt.api.Records.DomainInfo;
import org.jvirt.api.Records.DomainState;
import org.jvirt.api.event.DomainEvent;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.spi.DomainLifecycle;
import org.jvirt.spi.Refs.DomainRef;

/** Starting, stopping and pausing domains, with the test driver's states, reasons and events. */
final class TestLifecycle implements DomainLifecycle {
    private final TestDriver driver;

    TestLifecycle(TestDriver driver) {
        this.driver = driver;
    }

    /** testDomainStartState: running with a fresh id; a persistent domain keeps its config aside. */
    static void startState(TestDriver driver, TestDomainObj obj, int reason) {
        obj.setState(DomainStates.RUNNING, reason);
        obj.id = driver.nextDomainId();
        if (obj.persistent && obj.newDef == null) {
            obj.newDef = obj.def;
        }
    }

    /** testDomainShutdownState: back to the persistent config, shut off, no id; a transient domain vanishes. */
    static void shutdownState(TestDriver driver, TestDomainObj obj, int reason) {
        if (obj.newDef != null) {
            obj.def = obj.newDef;
            obj.newDef = null;
        }
        obj.setState(DomainStates.SHUTOFF, reason);
        obj.id = -1;
        if (!obj.persistent) {
            driver.removeDomain(obj);
        }
    }

    /** Stops {@code obj} with {@code reason} and queues STOPPED/{@code detail}, naming it as it ran. */
    static void stop(TestDriver driver, TestDomainObj obj, int reason, int detail) {
        DomainRef ran = obj.ref();
        shutdownState(driver, obj, reason);
        driver.events.emit(new DomainEvent.Lifecycle(ran, DomainStates.EVENT_STOPPED, detail));
    }

    static void requireActive(TestDomainObj obj) {
        if (!obj.isActive()) {
            throw Errors.domainNotRunning();
        }
    }

    @Override
    public DomainRef create(DomainRef dom, int flags) {
        Errors.checkFlags(flags, 0, "testDomainCreateWithFlags");
        return driver.locked(() -> {
            TestDomainObj obj = driver.domain(dom);
            if (obj.state != DomainStates.SHUTOFF) {
                throw Errors.internal("Domain '" + obj.name() + "' is already running");
            }
            startState(driver, obj, DomainStates.RUNNING_BOOTED);
            obj.hasManagedSave = false;
            driver.events.emit(new DomainEvent.Lifecycle(obj.ref(), DomainStates.EVENT_STARTED,
                    DomainStates.STARTED_BOOTED));
            return obj.ref();
        });
    }

    @Override
    public void suspend(DomainRef dom) {
        driver.lockedRun(() -> {
            TestDomainObj obj = driver.domain(dom);
            if (obj.state == DomainStates.SHUTOFF || obj.state == DomainStates.PAUSED) {
                throw Errors.internal("domain '" + obj.name() + "' not running");
            }
            obj.setState(DomainStates.PAUSED, DomainStates.PAUSED_USER);
            driver.events.emit(new DomainEvent.Lifecycle(obj.ref(), DomainStates.EVENT_SUSPENDED,
                    DomainStates.SUSPENDED_PAUSED));
        });
    }

    @Override
    public void resume(DomainRef dom) {
        driver.lockedRun(() -> {
            TestDomainObj obj = driver.domain(dom);
            if (obj.state != DomainStates.PAUSED) {
                throw Errors.internal("domain '" + obj.name() + "' not paused");
            }
            obj.setState(DomainStates.RUNNING, DomainStates.RUNNING_UNPAUSED);
            driver.events.emit(new DomainEvent.Lifecycle(obj.ref(), DomainStates.EVENT_RESUMED,
                    DomainStates.RESUMED_UNPAUSED));
        });
    }

    @Override
    public void shutdown(DomainRef dom, int flags) {
        Errors.checkFlags(flags, 0, "testDomainShutdownFlags");
        driver.lockedRun(() -> {
            TestDomainObj obj = driver.domain(dom);
            if (obj.state == DomainStates.SHUTOFF) {
                throw Errors.internal("domain '" + obj.name() + "' not running");
            }
            stop(driver, obj, DomainStates.SHUTOFF_SHUTDOWN, DomainStates.STOPPED_SHUTDOWN);
        });
    }

    @Override
    public void reboot(DomainRef dom, int flags) {
        Errors.checkFlags(flags, 0x1f, "testDomainReboot");
        driver.lockedRun(() -> {
            TestDomainObj obj = driver.domain(dom);
            requireActive(obj);
            obj.setState(DomainStates.SHUTDOWN, DomainStates.SHUTDOWN_USER);
            String action = obj.def.lifecycleAction("on_reboot");
            if (action == null) {
                action = "restart";
            }
            switch (action) {
                case "destroy" -> stop(driver, obj, DomainStates.SHUTOFF_SHUTDOWN, DomainStates.STOPPED_SHUTDOWN);
                case "preserve" -> { }
                default -> obj.setState(DomainStates.RUNNING, DomainStates.RUNNING_BOOTED);
            }
        });
    }

    @Override
    public void reset(DomainRef dom, int flags) {
        Errors.checkFlags(flags, 0, "testDomainReset");
        driver.lockedRun(() -> requireActive(driver.domain(dom)));
    }

    @Override
    public void destroy(DomainRef dom, int flags) {
        Errors.checkFlags(flags, 1, "testDomainDestroyFlags");
        driver.lockedRun(() -> {
            TestDomainObj obj = driver.domain(dom);
            requireActive(obj);
            stop(driver, obj, DomainStates.SHUTOFF_DESTROYED, DomainStates.STOPPED_DESTROYED);
        });
    }

    @Override
    public DomainInfo getInfo(DomainRef dom) {
        return driver.locked(() -> {
            TestDomainObj obj = driver.domain(dom);
            return new DomainInfo(obj.state, obj.def.totalMemory(), obj.def.currentMemory(), obj.def.currentVcpus(), cpuTime());
        });
    }

    /** The test driver reports the wall clock, in nanoseconds, as CPU time. */
    static long cpuTime() {
        long now = System.currentTimeMillis();
        return now * 1000L * 1000L + (System.nanoTime() / 1000 % 1000) * 1000L;
    }

    @Override
    public DomainState getState(DomainRef dom, int flags) {
        Errors.checkFlags(flags, 0, "testDomainGetState");
        return driver.locked(() -> {
            TestDomainObj obj = driver.domain(dom);
            return new DomainState(obj.state, obj.reason);
        });
    }

    @Override
    public DomainControlInfo getControlInfo(DomainRef dom, int flags) {
        Errors.checkFlags(flags, 0, "testDomainGetControlInfo");
        return driver.locked(() -> {
            TestDomainObj obj = driver.domain(dom);
            requireActive(obj);
            return new DomainControlInfo(0, 0, 0);
        });
    }

    @Override
    public void injectNMI(DomainRef dom, int flags) {
        Errors.checkFlags(flags, 0, "testDomainInjectNMI");
        driver.lockedRun(() -> requireActive(driver.domain(dom)));
    }

    @Override
    public void sendProcessSignal(DomainRef dom, long pid, int signum, int flags) {
        Errors.checkFlags(flags, 0, "testDomainSendProcessSignal");
        driver.lockedRun(() -> {
            if (pid != 1) {
                throw Errors.of(org.jvirt.core.ErrorNumber.INVALID_ARG,
                        "only sending a signal to pid 1 is supported");
            }
            if (signum < 0 || signum >= 65) {
                throw Errors.of(org.jvirt.core.ErrorNumber.INVALID_ARG,
                        "signum value " + signum + " is out of range");
            }
            driver.domain(dom);
        });
    }

    @Override
    public void sendKey(DomainRef dom, int codeset, int holdtime, int[] keycodes, int flags) {
        Errors.checkFlags(flags, 0, "testDomainSendKey");
        driver.lockedRun(() -> requireActive(driver.domain(dom)));
    }

    @Override
    public void setLifecycleAction(DomainRef dom, int type, int action, int flags) {
        Errors.checkFlags(flags, DomainStates.AFFECT_LIVE | DomainStates.AFFECT_CONFIG,
                "testDomainSetLifecycleAction");
        String[] types = {"poweroff", "reboot", "crash"};
        String[] actions = {"destroy", "restart", "rename-restart", "preserve", "coredump-destroy",
            "coredump-restart"};
        if (type < 0 || type >= types.length || action < 0 || action >= actions.length) {
            // libvirt-domain.c checks these before the driver sees them
            throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.DOMAIN, "invalid lifecycle " + (type < 0 || type >= types.length
                    ? "type '" + type + "'" : "action '" + action + "'"));
        }
        // virDomainDefLifecycleActionAllowed: only a crash can dump core
        if (type != 2 && action >= 4) {
            throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                    "Lifecycle event '" + types[type] + "' doesn't support '" + actions[action] + "' action");
        }
        String element = "on_" + types[type];
        driver.lockedRun(() -> {
            TestDomainObj obj = driver.domain(dom);
            TestTuning.update(obj, TestTuning.affect(obj, flags),
                    d -> d.withLifecycleAction(element, actions[action]));
        });
    }

    @Override
    public void coreDump(DomainRef dom, String to, int dumpformat, int flags) {
        new TestSaveRestore(driver).coreDump(dom, to, dumpformat, flags);
    }
}
