package org.jvirt.driver.test;

/** libvirt's virDomainState, the reason enums and the lifecycle event/detail numbers (libvirt-domain.h). */
final class DomainStates {
    private DomainStates() {}

    static final int NOSTATE = 0;
    static final int RUNNING = 1;
    static final int BLOCKED = 2;
    static final int PAUSED = 3;
    static final int SHUTDOWN = 4;
    static final int SHUTOFF = 5;
    static final int CRASHED = 6;
    static final int PMSUSPENDED = 7;

    static final int RUNNING_UNKNOWN = 0;
    static final int RUNNING_BOOTED = 1;
    static final int RUNNING_RESTORED = 3;
    static final int RUNNING_FROM_SNAPSHOT = 4;
    static final int RUNNING_UNPAUSED = 5;
    static final int RUNNING_WAKEUP = 8;

    static final int PAUSED_USER = 1;
    static final int PAUSED_FROM_SNAPSHOT = 7;

    static final int SHUTDOWN_USER = 1;

    static final int SHUTOFF_UNKNOWN = 0;
    static final int SHUTOFF_SHUTDOWN = 1;
    static final int SHUTOFF_DESTROYED = 2;
    static final int SHUTOFF_CRASHED = 3;
    static final int SHUTOFF_SAVED = 5;
    static final int SHUTOFF_FROM_SNAPSHOT = 7;

    static final int PMSUSPENDED_UNKNOWN = 0;

    // virDomainEventType and details
    static final int EVENT_DEFINED = 0;
    static final int EVENT_UNDEFINED = 1;
    static final int EVENT_STARTED = 2;
    static final int EVENT_SUSPENDED = 3;
    static final int EVENT_RESUMED = 4;
    static final int EVENT_STOPPED = 5;
    static final int EVENT_SHUTDOWN = 6;
    static final int EVENT_PMSUSPENDED = 7;

    static final int DEFINED_ADDED = 0;
    static final int DEFINED_UPDATED = 1;
    static final int DEFINED_RENAMED = 2;
    static final int DEFINED_FROM_SNAPSHOT = 3;
    static final int UNDEFINED_REMOVED = 0;
    static final int UNDEFINED_RENAMED = 1;
    static final int STARTED_BOOTED = 0;
    static final int STARTED_RESTORED = 2;
    static final int STARTED_FROM_SNAPSHOT = 3;
    static final int STARTED_WAKEUP = 4;
    static final int SUSPENDED_PAUSED = 0;
    static final int SUSPENDED_FROM_SNAPSHOT = 5;
    static final int RESUMED_UNPAUSED = 0;
    static final int RESUMED_FROM_SNAPSHOT = 2;
    static final int STOPPED_SHUTDOWN = 0;
    static final int STOPPED_DESTROYED = 1;
    static final int STOPPED_CRASHED = 2;
    static final int STOPPED_SAVED = 4;
    static final int STOPPED_FROM_SNAPSHOT = 6;
    static final int PMSUSPENDED_MEMORY = 0;

    // virDomainModificationImpact
    static final int AFFECT_CURRENT = 0;
    static final int AFFECT_LIVE = 1;
    static final int AFFECT_CONFIG = 2;
}
