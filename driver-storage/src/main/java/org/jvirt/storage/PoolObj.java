package org.jvirt.storage;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jvirt.model.storage.StoragePoolDef;
import org.jvirt.model.storage.StorageVolDef;
import org.jvirt.spi.Refs.StoragePoolRef;

/**
 * One pool (libvirt's virStoragePoolObj): its live definition with the sizes of the last refresh, the definition
 * that takes effect at the next start when it was redefined while running, and its volumes by name. Guarded by
 * the driver's lock.
 */
final class PoolObj {
    StoragePoolDef def;
    StoragePoolDef newDef;
    boolean active;
    boolean persistent;
    boolean autostart;
    final Map<String, StorageVolDef> volumes = new LinkedHashMap<>();
    /** Volumes whose files are still being made (libvirt's voldef->building). */
    final java.util.Set<String> building = new java.util.HashSet<>();
    /** Volumes a running job reads or wipes, with how many (voldef->in_use). */
    final Map<String, Integer> inUse = new java.util.HashMap<>();
    /** Jobs running without the driver's lock (virStoragePoolObjGetAsyncjobs): the pool must stay up. */
    int asyncJobs;

    PoolObj(StoragePoolDef def) {
        this.def = def;
    }

    String name() {
        return def.name();
    }

    StoragePoolRef ref() {
        return new StoragePoolRef(def.name(), def.uuid());
    }

    /** The definition persisted in the config file. */
    StoragePoolDef configDef() {
        return newDef != null ? newDef : def;
    }
}
