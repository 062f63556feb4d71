package org.jvirt.spi.support;

/** libvirt's virDomainState, the reason enums and the lifecycle event/detail numbers (libvirt-domain.h). */
public final class DomainStates {
    private DomainStates() {}

    public static final int NOSTATE = 0;
    public static final int RUNNING = 1;
    public static final int BLOCKED = 2;
    public static final int PAUSED = 3;
    public static final int SHUTDOWN = 4;
    public static final int SHUTOFF = 5;
    public static final int CRASHED = 6;
    public static final int PMSUSPENDED = 7;

    public static final int RUNNING_UNKNOWN = 0;
    public static final int RUNNING_BOOTED = 1;
    public static final int RUNNING_RESTORED = 3;
    public static final int RUNNING_FROM_SNAPSHOT = 4;
    public static final int RUNNING_UNPAUSED = 5;
    public static final int RUNNING_MIGRATION_CANCELED = 6;
    public static final int RUNNING_SAVE_CANCELED = 7;
    public static final int RUNNING_CRASHED = 9;
    public static final int RUNNING_WAKEUP = 8;

    public static final int PAUSED_UNKNOWN = 0;
    public static final int PAUSED_USER = 1;
    public static final int PAUSED_SAVE = 3;
    public static final int PAUSED_DUMP = 4;
    public static final int PAUSED_SHUTTING_DOWN = 8;
    public static final int PAUSED_SNAPSHOT = 9;
    public static final int PAUSED_CRASHED = 10;
    public static final int PAUSED_STARTING_UP = 11;
    public static final int PAUSED_FROM_SNAPSHOT = 7;

    public static final int SHUTDOWN_UNKNOWN = 0;
    public static final int SHUTDOWN_USER = 1;

    public static final int SHUTOFF_UNKNOWN = 0;
    public static final int SHUTOFF_SHUTDOWN = 1;
    public static final int SHUTOFF_DESTROYED = 2;
    public static final int SHUTOFF_CRASHED = 3;
    public static final int SHUTOFF_SAVED = 5;
    public static final int SHUTOFF_FAILED = 6;
    public static final int SHUTOFF_DAEMON = 8;
    public static final int CRASHED_UNKNOWN = 0;
    public static final int CRASHED_PANICKED = 1;
    public static final int SHUTOFF_FROM_SNAPSHOT = 7;

    public static final int PMSUSPENDED_UNKNOWN = 0;

    // virDomainEventType and details
    public static final int EVENT_DEFINED = 0;
    public static final int EVENT_UNDEFINED = 1;
    public static final int EVENT_STARTED = 2;
    public static final int EVENT_SUSPENDED = 3;
    public static final int EVENT_RESUMED = 4;
    public static final int EVENT_STOPPED = 5;
    public static final int EVENT_SHUTDOWN = 6;
    public static final int EVENT_PMSUSPENDED = 7;
    public static final int EVENT_CRASHED = 8;

    public static final int DEFINED_ADDED = 0;
    public static final int DEFINED_UPDATED = 1;
    public static final int DEFINED_RENAMED = 2;
    public static final int DEFINED_FROM_SNAPSHOT = 3;
    public static final int UNDEFINED_REMOVED = 0;
    public static final int UNDEFINED_RENAMED = 1;
    public static final int STARTED_BOOTED = 0;
    public static final int STARTED_RESTORED = 2;
    public static final int STARTED_FROM_SNAPSHOT = 3;
    public static final int STARTED_WAKEUP = 4;
    public static final int SUSPENDED_PAUSED = 0;
    public static final int SUSPENDED_API_ERROR = 6;
    public static final int SUSPENDED_FROM_SNAPSHOT = 5;
    public static final int RESUMED_UNPAUSED = 0;
    public static final int RESUMED_FROM_SNAPSHOT = 2;
    public static final int STOPPED_SHUTDOWN = 0;
    public static final int STOPPED_DESTROYED = 1;
    public static final int STOPPED_CRASHED = 2;
    public static final int STOPPED_SAVED = 4;
    public static final int STOPPED_FAILED = 5;
    public static final int SHUTDOWN_FINISHED = 0;
    public static final int SHUTDOWN_GUEST = 1;
    public static final int SHUTDOWN_HOST = 2;
    public static final int CRASHED_EVENT_PANICKED = 0;
    public static final int STOPPED_FROM_SNAPSHOT = 6;
    public static final int PMSUSPENDED_MEMORY = 0;

    // virDomainModificationImpact
    public static final int AFFECT_CURRENT = 0;
    public static final int AFFECT_LIVE = 1;
    public static final int AFFECT_CONFIG = 2;
}
