package org.jvirt.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jvirt.core.ErrorNumber;
import org.jvirt.host.Command;
import org.jvirt.host.CommandResult;
import org.jvirt.model.storage.StoragePoolDef;

/**
 * The {@code fs} pool backend (storage_backend_fs.c): a dir pool whose directory is the mount point of a block
 * device's file system. Build can make the file system (mkfs, with libvirt's overwrite rules), start mounts it,
 * destroy unmounts it; volumes are files, exactly as in a dir pool.
 */
class FsBackend extends DirBackend {
    FsBackend(org.jvirt.host.CommandRunner host) {
        super(host);
    }

    private static String device(StoragePoolDef def) {
        List<StoragePoolDef.Device> devices = def.source().devices();
        return devices.isEmpty() ? null : devices.getFirst().path();
    }

    private static String format(StoragePoolDef def) {
        return def.source().format() == null ? "auto" : def.source().format();
    }

    /** virStorageBackendFileSystemIsValid. */
    private static String validDevice(StoragePoolDef def) {
        String dev = device(def);
        if (dev == null) {
            throw StorageErrors.internal("missing source device");
        }
        return dev;
    }

    /** virStorageBackendFileSystemIsMounted: the target is a mount point in /proc/mounts. */
    boolean isMounted(StoragePoolDef def) {
        String target = StoragePools.sanitize(def.targetPath());
        try {
            for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
                String[] f = line.split(" ");
                if (f.length > 1 && f[1].replace("\\040", " ").equals(target)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw StorageErrors.system("cannot read mount list '/proc/mounts'", e);
        }
    }

    @Override
    boolean isStarted(StoragePoolDef def) {
        return isMounted(def);
    }

    /** virStorageBackendFileSystemMount: libvirt's mount command ({@link MountCommand}) unless already mounted. */
    @Override
    void startPool(StoragePoolDef def) {
        checkSource(def);
        if (isMounted(def)) {
            return;
        }
        host.run(MountCommand.of(def));
    }

    /** virStorageBackendFileSystemIsValid for an fs pool: a source device. */
    void checkSource(StoragePoolDef def) {
        validDevice(def);
    }

    /** virStorageBackendFileSystemStop: {@code umount TARGET} when mounted. */
    @Override
    void stopPool(StoragePoolDef def) {
        if (isMounted(def)) {
            host.run(Command.of("umount", def.targetPath()));
        }
    }

    /**
     * virStorageBackendMakeFileSystem: with NO_OVERWRITE a device that already holds a file system is refused
     * (probed with blkid); otherwise mkfs, forced as libvirt forces each tool.
     */
    @Override
    void makeFileSystem(StoragePoolDef def, int flags) {
        String dev = device(def);
        if (dev == null) {
            throw StorageErrors.operationInvalid("No source device specified when formatting pool '" + def.name()
                    + "'");
        }
        if (!Files.exists(Path.of(dev))) {
            throw StorageErrors.operationInvalid("Source device does not exist when formatting pool '"
                    + def.name() + "'");
        }
        String format = format(def);
        if ((flags & BUILD_NO_OVERWRITE) != 0) {
            CommandResult probe = host.run(Command.of("blkid", "-p", "-o", "value", "-s", "TYPE", dev)
                    .allowingFailure());
            String existing = probe.stdout().strip();
            if (probe.succeeded() && !existing.isEmpty()) {
                throw StorageErrors.of(ErrorNumber.STORAGE_POOL_BUILT, "Device '" + dev
                        + "' already formatted using '" + existing + "'");
            }
        }
        Command mkfs = Command.of("mkfs", "-t", format);
        switch (format) {
            case "xfs" -> mkfs = mkfs.withArgs("-f");
            case "ext2", "ext3", "ext4" -> mkfs = mkfs.withArgs("-F");
            case "vfat" -> mkfs = mkfs.withArgs("-I");
            default -> { }
        }
        host.run(mkfs.withArgs(dev));
    }
}
