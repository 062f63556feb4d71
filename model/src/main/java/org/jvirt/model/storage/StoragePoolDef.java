package org.jvirt.model.storage;

import java.util.List;
import java.util.UUID;

/**
 * A storage pool definition ({@code <pool>}, libvirt's virStoragePoolDef). The size fields are the ones a driver
 * updates on refresh; use {@link #withSizes}. {@code cow} is null when {@code <features>} does not say;
 * {@code refreshVolumeAllocation} is null or "default"/"capacity"; {@code namespace} holds the fs/rbd backend
 * extensions (only when the parser was told to register them, as the storage driver does).
 */
public record StoragePoolDef(StoragePoolType type, String name, UUID uuid, long capacity, long allocation,
                             long available, Boolean cow, Source source, String targetPath, StoragePerms targetPerms,
                             String refreshVolumeAllocation, PoolNamespace namespace) {

    /** {@code <source>}. {@code format} is null for types without formats; {@code protocolVer} is kept as text. */
    public record Source(List<Host> hosts, List<Device> devices, String dir, StorageAdapter adapter, String name,
                         String initiatorIqn, String format, StorageAuth auth, String protocolVer, String vendor,
                         String product) {
        public Source {
            hosts = List.copyOf(hosts);
            devices = List.copyOf(devices);
        }
    }

    /** {@code <host name port/>}; port 0 means none. */
    public record Host(String name, int port) {}

    /** {@code <device path part_separator>} with the free extents a disk backend reports. */
    public record Device(String path, Boolean partSeparator, List<FreeExtent> freeExtents) {
        public Device {
            freeExtents = List.copyOf(freeExtents);
        }
    }

    public record FreeExtent(long start, long end) {}

    /** Backend XML namespaces: fs mount options, rbd config options. */
    public sealed interface PoolNamespace {
        String FS_URI = "http://libvirt.org/schemas/storagepool/fs/1.0";
        String RBD_URI = "http://libvirt.org/schemas/storagepool/rbd/1.0";

        record FsMountOpts(List<String> options) implements PoolNamespace {}

        record RbdConfigOpts(List<RbdOption> options) implements PoolNamespace {}

        record RbdOption(String name, String value) {}
    }

    public StoragePoolDef withSizes(long newCapacity, long newAllocation, long newAvailable) {
        return new StoragePoolDef(type, name, uuid, newCapacity, newAllocation, newAvailable, cow, source, targetPath,
                targetPerms, refreshVolumeAllocation, namespace);
    }

    public StoragePoolDef withName(String newName) {
        return new StoragePoolDef(type, newName, uuid, capacity, allocation, available, cow, source, targetPath,
                targetPerms, refreshVolumeAllocation, namespace);
    }

    public StoragePoolDef withUuid(UUID newUuid) {
        return new StoragePoolDef(type, name, newUuid, capacity, allocation, available, cow, source, targetPath,
                targetPerms, refreshVolumeAllocation, namespace);
    }
}
