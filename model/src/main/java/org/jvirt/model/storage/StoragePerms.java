package org.jvirt.model.storage;

/**
 * {@code <permissions>} of a pool target or a volume: mode -1, uid -1 and gid -1 mean "not set" (libvirt's
 * {@code (mode_t)-1}); uid and gid keep the 32-bit value as libvirt's uid_t does.
 */
public record StoragePerms(int mode, long uid, long gid, String label) {
    public static final StoragePerms UNSET = new StoragePerms(-1, -1, -1, null);

    public boolean isUnset() {
        return mode == -1 && uid == -1 && gid == -1 && label == null;
    }
}
