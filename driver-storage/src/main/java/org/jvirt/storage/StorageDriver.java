package org.jvirt.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jvirt.api.event.ObjectEvent;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.util.Uuids;
import org.jvirt.host.AtomicFile;
import org.jvirt.host.DefinitionFiles;
import org.jvirt.model.storage.StoragePoolDef;
import org.jvirt.model.storage.StoragePoolFormatter;
import org.jvirt.model.storage.StoragePoolParser;
import org.jvirt.model.storage.StoragePoolType;
import org.jvirt.spi.support.DriverEventBus;

/**
 * The storage driver's state (libvirt's virStorageDriverState): the pools by name, their config and status files,
 * and the one lock every operation takes. Pool and volume functions are {@link StoragePools} and
 * {@link StorageVols}; the on-disk work is the backend's ({@link DirBackend}).
 */
final class StorageDriver {
    private static final System.Logger LOG = System.getLogger("org.jvirt.storage");

    final StorageConfig config;
    final DirBackend dir;
    final FsBackend fs;
    final NetfsBackend netfs;
    final StoragePools pools;
    final StorageVols vols;
    private final ReentrantLock lock = new ReentrantLock();
    final Map<String, PoolObj> objects = new LinkedHashMap<>();
    /** The driver's own event state: pool lifecycle and refresh events (libvirt's storage driver has one too). */
    final DriverEventBus events = new DriverEventBus("storage");

    /** virStoragePoolEventLifecycleType. */
    static final int EVENT_DEFINED = 0;
    static final int EVENT_UNDEFINED = 1;
    static final int EVENT_STARTED = 2;
    static final int EVENT_STOPPED = 3;
    static final int EVENT_CREATED = 4;
    static final int EVENT_DELETED = 5;

    StorageDriver(StorageConfig config) {
        this.config = config;
        this.dir = new DirBackend(config.host());
        this.fs = new FsBackend(config.host());
        this.netfs = new NetfsBackend(config.host());
        this.pools = new StoragePools(this);
        this.vols = new StorageVols(this);
    }

    <T> T locked(Supplier<T> body) {
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    void lockedRun(Runnable body) {
        locked(() -> {
            body.run();
            return null;
        });
    }

    void emit(PoolObj p, int event) {
        events.emit(new ObjectEvent.StoragePoolLifecycle(p.ref(), event, 0));
    }

    void close() {
        events.close();
    }

    /** The parser the real driver uses: backend namespaces (fs mount options) registered. */
    static StoragePoolDef parsePool(String xml) {
        return new StoragePoolParser(true, Uuids::generate).parse(xml);
    }

    static String format(StoragePoolDef def) {
        return new StoragePoolFormatter().format(def);
    }

    /** dir, fs and netfs have backends; other types answer as libvirt does for a backend it was built without. */
    DirBackend backend(StoragePoolDef def) {
        if (def.type() == StoragePoolType.DIR) {
            return dir;
        }
        if (def.type() == StoragePoolType.FS) {
            return fs;
        }
        if (def.type() == StoragePoolType.NETFS) {
            return netfs;
        }
        // the enum follows virStoragePoolType, so the ordinal is libvirt's number
        throw VirException.of(ErrorNumber.INTERNAL_ERROR, StorageErrors.DOM, "missing backend for pool type "
                + def.type().ordinal() + " (" + def.type().xmlName() + ")");
    }

    // ---- files ----

    Path configFile(String name) {
        return config.configDir().resolve(name + ".xml");
    }

    Path autostartLink(String name) {
        return config.autostartDir().resolve(name + ".xml");
    }

    Path statusFile(String name) {
        return config.stateDir().resolve(name + ".xml");
    }

    void saveConfig(StoragePoolDef def) {
        try {
            Files.createDirectories(config.configDir());
        } catch (IOException e) {
            throw StorageErrors.system("cannot create config directory '" + config.configDir() + "'", e);
        }
        AtomicFile.write(configFile(def.name()), format(def));
    }

    void saveStatus(PoolObj p) {
        try {
            Files.createDirectories(config.stateDir());
        } catch (IOException e) {
            throw StorageErrors.system("cannot create directory " + config.stateDir(), e);
        }
        AtomicFile.write(statusFile(p.name()), format(p.def));
    }

    void deleteStatus(String name) {
        try {
            Files.deleteIfExists(statusFile(name));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot remove status file of pool " + name + ": " + e);
        }
    }

    // ---- start-up: virStorageStateInitialize ----

    /** Loads definitions, picks up pools a previous daemon left active, then autostarts. */
    void initialize() {
        lockedRun(() -> {
            for (Path f : DefinitionFiles.xmlFiles(config.configDir())) {
                load(f, true);
            }
            for (Path f : DefinitionFiles.xmlFiles(config.stateDir())) {
                load(f, false);
            }
            for (PoolObj p : new ArrayList<>(objects.values())) {
                p.autostart = p.persistent && Files.exists(autostartLink(p.name()));
                if (p.autostart && !p.active) {
                    try {
                        start(p);
                        emit(p, EVENT_STARTED);
                    } catch (VirException e) {
                        LOG.log(System.Logger.Level.ERROR, "Failed to autostart storage pool '" + p.name() + "': "
                                + e.getMessage());
                    }
                }
            }
        });
    }

    private void load(Path file, boolean persistent) {
        StoragePoolDef def = DefinitionFiles.load(file, StorageDriver::parsePool, StoragePoolDef::name,
                "storage pool file", (f, name) -> (persistent ? "Storage pool config filename '"
                        : "Storage pool state file '") + f + "' does not match pool name '" + name + "'");
        if (def == null) {
            return;
        }
        if (persistent) {
            PoolObj p = new PoolObj(def);
            p.persistent = true;
            objects.put(def.name(), p);
            return;
        }
        // A status file: the pool was active when the previous daemon stopped; a refresh confirms it still is.
        PoolObj p = objects.get(def.name());
        if (p == null) {
            p = new PoolObj(def);
            objects.put(def.name(), p);
        }
        try {
            if (!backend(p.def).isStarted(p.def)) {
                throw StorageErrors.operationInvalid("storage pool '" + def.name() + "' is not active");
            }
            p.active = true;
            refresh(p);
        } catch (VirException e) {
            LOG.log(System.Logger.Level.ERROR, "Failed to restart storage pool '" + def.name() + "': "
                    + e.getMessage());
            p.active = false;
            p.volumes.clear();
            deleteStatus(def.name());
            if (!p.persistent) {
                objects.remove(def.name());
            }
        }
    }

    // ---- shared pool steps ----

    /** storagePoolCreate's core: check the backend can start it, mark it active, refresh, write the status. */
    void start(PoolObj p) {
        if (p.newDef != null) {
            p.def = p.newDef;
            p.newDef = null;
        }
        DirBackend backend = backend(p.def);
        backend.startPool(p.def);
        p.active = true;
        try {
            refresh(p);
        } catch (VirException e) {
            p.active = false;
            p.volumes.clear();
            backend.stopPool(p.def);
            throw e;
        }
    }

    void refresh(PoolObj p) {
        DirBackend.Scan scan = backend(p.def).refreshPool(p.def);
        p.def = scan.def();
        p.volumes.clear();
        p.volumes.putAll(scan.volumes());
        saveStatus(p);
    }

    /** After a volume changed: the pool's statvfs sizes move too. */
    void refreshSizes(PoolObj p) {
        p.def = backend(p.def).withStat(p.def);
    }

    void stop(PoolObj p) {
        backend(p.def).stopPool(p.def);
        emit(p, EVENT_STOPPED);
        p.active = false;
        p.volumes.clear();
        deleteStatus(p.name());
        if (p.newDef != null) {
            p.def = p.newDef;
            p.newDef = null;
        }
        if (!p.persistent) {
            objects.remove(p.name());
        }
    }
}
