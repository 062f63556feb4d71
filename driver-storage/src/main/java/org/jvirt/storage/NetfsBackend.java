package org.jvirt.storage;

import org.jvirt.host.CommandRunner;
import org.jvirt.model.storage.StoragePoolDef;

/**
 * The {@code netfs} pool backend (storage_backend_fs.c with a network source): an NFS, CIFS or GlusterFS export
 * mounted on the target directory by libvirt's mount command ({@link MountCommand}), unmounted at destroy; volumes are
 * files as in a dir pool. Build makes the directory; asked to format, it refuses as libvirt does (no source device).
 */
final class NetfsBackend extends FsBackend {
    NetfsBackend(CommandRunner host) {
        super(host);
    }

    /** virStorageBackendFileSystemIsValid for netfs: one host and a source directory (libvirt's texts). */
    @Override
    void checkSource(StoragePoolDef def) {
        if (def.source().hosts().size() != 1) {
            throw StorageErrors.invalidArg("expected exactly 1 host for the storage pool");
        }
        if (def.source().hosts().getFirst().name() == null) {
            throw StorageErrors.internal("missing source host");
        }
        if (def.source().dir() == null) {
            throw StorageErrors.internal("missing source path");
        }
    }
}
