package org.jvirt.spi;

import org.jvirt.api.Records.DomainControlInfo;
import org.jvirt.api.Records.DomainInfo;
import org.jvirt.api.Records.DomainJobInfo;
import org.jvirt.api.Records.DomainState;
import org.jvirt.core.param.TypedParams;
import org.jvirt.spi.Refs.DomainRef;

/** Starting, stopping and the run state of domains, and jobs. Only the most general variant of each call. */
public interface DomainLifecycle {
    /** {@code virDomainCreateWithFlags}: returns the domain with its new id. */
    default DomainRef create(DomainRef dom, int flags) { throw Unsupported.of("virDomainCreateWithFlags"); }

    default void suspend(DomainRef dom) { throw Unsupported.of("virDomainSuspend"); }

    default void resume(DomainRef dom) { throw Unsupported.of("virDomainResume"); }

    default void shutdown(DomainRef dom, int flags) { throw Unsupported.of("virDomainShutdownFlags"); }

    default void reboot(DomainRef dom, int flags) { throw Unsupported.of("virDomainReboot"); }

    default void reset(DomainRef dom, int flags) { throw Unsupported.of("virDomainReset"); }

    default void destroy(DomainRef dom, int flags) { throw Unsupported.of("virDomainDestroyFlags"); }

    default DomainInfo getInfo(DomainRef dom) { throw Unsupported.of("virDomainGetInfo"); }

    default DomainState getState(DomainRef dom, int flags) { throw Unsupported.of("virDomainGetState"); }

    default DomainControlInfo getControlInfo(DomainRef dom, int flags) {
        throw Unsupported.of("virDomainGetControlInfo");
    }

    default void pmSuspendForDuration(DomainRef dom, int target, long duration, int flags) {
        throw Unsupported.of("virDomainPMSuspendForDuration");
    }

    default void pmWakeup(DomainRef dom, int flags) { throw Unsupported.of("virDomainPMWakeup"); }

    default void sendProcessSignal(DomainRef dom, long pid, int signum, int flags) {
        throw Unsupported.of("virDomainSendProcessSignal");
    }

    default void injectNMI(DomainRef dom, int flags) { throw Unsupported.of("virDomainInjectNMI"); }

    default void sendKey(DomainRef dom, int codeset, int holdtime, int[] keycodes, int flags) {
        throw Unsupported.of("virDomainSendKey");
    }

    default void abortJob(DomainRef dom) { throw Unsupported.of("virDomainAbortJob"); }

    default DomainJobInfo getJobInfo(DomainRef dom) { throw Unsupported.of("virDomainGetJobInfo"); }

    /** {@code virDomainGetJobStats}: the job type and its statistics. */
    default JobStats getJobStats(DomainRef dom, int flags) { throw Unsupported.of("virDomainGetJobStats"); }

    record JobStats(int type, TypedParams params) {}

    default void setLifecycleAction(DomainRef dom, int type, int action, int flags) {
        throw Unsupported.of("virDomainSetLifecycleAction");
    }

    default void coreDump(DomainRef dom, String to, int dumpformat, int flags) {
        throw Unsupported.of("virDomainCoreDumpWithFormat");
    }
}
