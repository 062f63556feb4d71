package org.jvirt.spi;

import java.util.UUID;

/**
 * Handle records that cross the SPI, like libvirt's {@code remote_nonnull_*} structs: enough to find the object
 * again. A driver re-looks-up the object on every call, so a stale handle gives a "not found" error, never stale data.
 */
public final class Refs {
    private Refs() {}

    /** A domain: name, UUID and id ({@code -1} when inactive). */
    public record DomainRef(String name, UUID uuid, int id) {}

    public record NetworkRef(String name, UUID uuid) {}

    public record NetworkPortRef(NetworkRef network, UUID uuid) {}

    public record StoragePoolRef(String name, UUID uuid) {}

    /** A volume: its pool's name, its own name and its key. */
    public record StorageVolRef(String pool, String name, String key) {}

    public record SecretRef(UUID uuid, int usageType, String usageId) {}

    public record InterfaceRef(String name, String mac) {}

    public record NodeDeviceRef(String name) {}

    public record NWFilterRef(String name, UUID uuid) {}

    public record NWFilterBindingRef(String portdev, String filtername) {}

    public record SnapshotRef(DomainRef domain, String name) {}

    public record CheckpointRef(DomainRef domain, String name) {}
}
