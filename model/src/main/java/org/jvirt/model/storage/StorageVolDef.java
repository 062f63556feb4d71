package org.jvirt.model.storage;

import java.util.List;
import java.util.Set;

/**
 * A storage volume ({@code <volume>}, libvirt's virStorageVolDef). {@code type} is the volume type name ("file",
 * "block", "dir", "network", "netdir", "ploop"). Capacity, allocation, physical and the key are what a driver
 * fills or updates ({@link #withSizes}, {@link #withKeyAndPath}); {@code extents} are what a backend reports.
 * {@code backingStore} is null without {@code <backingStore>}.
 */
public record StorageVolDef(String name, String key, String type, List<Extent> extents, long capacity,
                            long allocation, boolean hasAllocation, long physical, Target target,
                            Target backingStore) {

    public StorageVolDef {
        extents = List.copyOf(extents);
    }

    public static final List<String> TYPES = List.of("file", "block", "dir", "network", "netdir", "ploop");

    /** An extent of a block volume on device {@code path}. */
    public record Extent(String path, long start, long end) {}

    /**
     * {@code <target>} or {@code <backingStore>}: {@code format} null when the pool type has no volume formats;
     * {@code features} null without {@code <features>}, else the set feature names ("lazy_refcounts",
     * "extended_l2"); {@code clusterSize} 0 when unset; {@code timestamps} null unless a backend filled them.
     */
    public record Target(String path, String format, StoragePerms perms, Timestamps timestamps,
                         StorageEncryption encryption, String compat, long clusterSize, boolean nocow,
                         Set<String> features) {}

    /** atime, mtime, ctime, btime; an entry with a negative nanosecond field is not printed. */
    public record Timestamps(Time atime, Time mtime, Time ctime, Time btime) {}

    public record Time(long sec, long nsec) {}

    public StorageVolDef withSizes(long newCapacity, long newAllocation) {
        return new StorageVolDef(name, key, type, extents, newCapacity, newAllocation, true, physical, target,
                backingStore);
    }

    /** What the test driver does on create: key and target path become {@code path}. */
    public StorageVolDef withKeyAndPath(String newKey, String path) {
        Target t = new Target(path, target.format(), target.perms(), target.timestamps(), target.encryption(),
                target.compat(), target.clusterSize(), target.nocow(), target.features());
        return new StorageVolDef(name, newKey, type, extents, capacity, allocation, hasAllocation, physical, t,
                backingStore);
    }

    public StorageVolDef withName(String newName) {
        return new StorageVolDef(newName, key, type, extents, capacity, allocation, hasAllocation, physical, target,
                backingStore);
    }
}
