package org.jvirt.api.event;

import org.jvirt.core.param.TypedParams;
import org.jvirt.spi.Refs.DomainRef;

/**
 * A domain event, one record per {@code VIR_DOMAIN_EVENT_ID_*} with that callback's arguments. The record's
 * {@link #eventId()} is the libvirt number it is registered and sent under.
 */
public sealed interface DomainEvent {
    int ID_LIFECYCLE = 0;
    int ID_REBOOT = 1;
    int ID_RTC_CHANGE = 2;
    int ID_WATCHDOG = 3;
    int ID_IO_ERROR = 4;
    int ID_GRAPHICS = 5;
    int ID_IO_ERROR_REASON = 6;
    int ID_CONTROL_ERROR = 7;
    int ID_BLOCK_JOB = 8;
    int ID_DISK_CHANGE = 9;
    int ID_TRAY_CHANGE = 10;
    int ID_PMWAKEUP = 11;
    int ID_PMSUSPEND = 12;
    int ID_BALLOON_CHANGE = 13;
    int ID_PMSUSPEND_DISK = 14;
    int ID_DEVICE_REMOVED = 15;
    int ID_BLOCK_JOB_2 = 16;
    int ID_TUNABLE = 17;
    int ID_AGENT_LIFECYCLE = 18;
    int ID_DEVICE_ADDED = 19;
    int ID_MIGRATION_ITERATION = 20;
    int ID_JOB_COMPLETED = 21;
    int ID_DEVICE_REMOVAL_FAILED = 22;
    int ID_METADATA_CHANGE = 23;
    int ID_BLOCK_THRESHOLD = 24;
    int ID_MEMORY_FAILURE = 25;
    int ID_MEMORY_DEVICE_SIZE_CHANGE = 26;
    /** One past the last id libvirt 9.0.0 defines. */
    int ID_LAST = 27;

    DomainRef dom();

    int eventId();

    /** {@code event} is VIR_DOMAIN_EVENT_* (DEFINED, STARTED...), {@code detail} its reason enum. */
    record Lifecycle(DomainRef dom, int event, int detail) implements DomainEvent {
        public int eventId() { return ID_LIFECYCLE; }
    }

    record Reboot(DomainRef dom) implements DomainEvent {
        public int eventId() { return ID_REBOOT; }
    }

    record RtcChange(DomainRef dom, long utcoffset) implements DomainEvent {
        public int eventId() { return ID_RTC_CHANGE; }
    }

    record Watchdog(DomainRef dom, int action) implements DomainEvent {
        public int eventId() { return ID_WATCHDOG; }
    }

    /** IO_ERROR and IO_ERROR_REASON: the reason is null for the former. */
    record IOError(DomainRef dom, String srcPath, String devAlias, int action, String reason) implements DomainEvent {
        public int eventId() { return reason == null ? ID_IO_ERROR : ID_IO_ERROR_REASON; }
    }

    record ControlError(DomainRef dom) implements DomainEvent {
        public int eventId() { return ID_CONTROL_ERROR; }
    }

    /** BLOCK_JOB (disk is a path) and BLOCK_JOB_2 (disk is a target name). */
    record BlockJob(DomainRef dom, String disk, int type, int status, boolean byTarget) implements DomainEvent {
        public int eventId() { return byTarget ? ID_BLOCK_JOB_2 : ID_BLOCK_JOB; }
    }

    record DiskChange(DomainRef dom, String oldSrcPath, String newSrcPath, String devAlias, int reason)
            implements DomainEvent {
        public int eventId() { return ID_DISK_CHANGE; }
    }

    record TrayChange(DomainRef dom, String devAlias, int reason) implements DomainEvent {
        public int eventId() { return ID_TRAY_CHANGE; }
    }

    record PMWakeup(DomainRef dom, int reason) implements DomainEvent {
        public int eventId() { return ID_PMWAKEUP; }
    }

    record PMSuspend(DomainRef dom, int reason, boolean toDisk) implements DomainEvent {
        public int eventId() { return toDisk ? ID_PMSUSPEND_DISK : ID_PMSUSPEND; }
    }

    record BalloonChange(DomainRef dom, long actual) implements DomainEvent {
        public int eventId() { return ID_BALLOON_CHANGE; }
    }

    record DeviceRemoved(DomainRef dom, String devAlias) implements DomainEvent {
        public int eventId() { return ID_DEVICE_REMOVED; }
    }

    record DeviceAdded(DomainRef dom, String devAlias) implements DomainEvent {
        public int eventId() { return ID_DEVICE_ADDED; }
    }

    record DeviceRemovalFailed(DomainRef dom, String devAlias) implements DomainEvent {
        public int eventId() { return ID_DEVICE_REMOVAL_FAILED; }
    }

    record Tunable(DomainRef dom, TypedParams params) implements DomainEvent {
        public int eventId() { return ID_TUNABLE; }
    }

    record AgentLifecycle(DomainRef dom, int state, int reason) implements DomainEvent {
        public int eventId() { return ID_AGENT_LIFECYCLE; }
    }

    record MigrationIteration(DomainRef dom, int iteration) implements DomainEvent {
        public int eventId() { return ID_MIGRATION_ITERATION; }
    }

    record JobCompleted(DomainRef dom, TypedParams params) implements DomainEvent {
        public int eventId() { return ID_JOB_COMPLETED; }
    }

    record MetadataChange(DomainRef dom, int type, String nsuri) implements DomainEvent {
        public int eventId() { return ID_METADATA_CHANGE; }
    }

    record BlockThreshold(DomainRef dom, String dev, String path, long threshold, long excess)
            implements DomainEvent {
        public int eventId() { return ID_BLOCK_THRESHOLD; }
    }

    record MemoryFailure(DomainRef dom, int recipient, int action, int flags) implements DomainEvent {
        public int eventId() { return ID_MEMORY_FAILURE; }
    }

    record MemoryDeviceSizeChange(DomainRef dom, String alias, long size) implements DomainEvent {
        public int eventId() { return ID_MEMORY_DEVICE_SIZE_CHANGE; }
    }

    /** GRAPHICS: phase, local and remote address records and the subject are kept as strings for now. */
    record Graphics(DomainRef dom, int phase, String localAddress, String remoteAddress, String authScheme)
            implements DomainEvent {
        public int eventId() { return ID_GRAPHICS; }
    }
}
