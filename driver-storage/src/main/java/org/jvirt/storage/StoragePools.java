package org.jvirt.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.jvirt.api.Records.StoragePoolInfo;
import org.jvirt.core.ErrorNumber;
import org.jvirt.model.storage.StoragePoolDef;
import org.jvirt.spi.Refs.StoragePoolRef;
import org.jvirt.spi.StoragePoolOps;

/** Pool functions of the storage driver (storage_driver.c's storagePool*), on {@link StorageDriver}'s state. */
final class StoragePools implements StoragePoolOps {
    /** virStoragePoolState. */
    static final int STATE_INACTIVE = 0;
    static final int STATE_RUNNING = 2;
    /** VIR_STORAGE_POOL_CREATE_WITH_BUILD, _OVERWRITE, _NO_OVERWRITE (also virStoragePoolBuildFlags). */
    private static final int BUILD_FLAGS = 0x7;

    /** The order of the VIR_CONNECT_LIST_STORAGE_POOLS_DIR (1 << 6) ... type bits. */
    private static final List<String> LIST_TYPES = List.of("dir", "fs", "netfs", "logical", "disk", "iscsi",
            "scsi", "mpath", "rbd", "sheepdog", "gluster", "zfs", "vstorage", "iscsi-direct");

    private final StorageDriver driver;

    StoragePools(StorageDriver driver) {
        this.driver = driver;
    }

    PoolObj find(StoragePoolRef ref) {
        PoolObj p = driver.objects.get(ref.name());
        if (p == null || (ref.uuid() != null && !p.def.uuid().equals(ref.uuid()))) {
            throw StorageErrors.noPool(ref.name());
        }
        return p;
    }

    PoolObj findActive(StoragePoolRef ref) {
        PoolObj p = find(ref);
        if (!p.active) {
            throw StorageErrors.notActive(p.name());
        }
        return p;
    }

    /** Destroy and refresh wait for no one: libvirt refuses them while volumes are being built or wiped. */
    private static PoolObj noJobs(PoolObj p) {
        if (p.asyncJobs > 0) {
            throw StorageErrors.operationInvalid("pool '" + p.name() + "' has asynchronous jobs running.");
        }
        return p;
    }

    private PoolObj findInactive(StoragePoolRef ref, String wording) {
        PoolObj p = find(ref);
        if (p.active) {
            throw StorageErrors.operationInvalid("storage pool '" + p.name() + "' is " + wording);
        }
        return p;
    }

    // ---- listing ----

    @Override
    public List<StoragePoolRef> listAll(int flags) {
        StorageErrors.checkFlags(flags, 0xFFFFF, "storageConnectListAllStoragePools");
        return driver.locked(() -> driver.objects.values().stream().filter(p -> matches(p, flags))
                .map(PoolObj::ref).toList());
    }

    /** virStoragePoolObjMatch: active/inactive, persistent/transient, autostart/not, then the type bits. */
    private static boolean matches(PoolObj p, int f) {
        if (!pair(f, 2, 1, p.active) || !pair(f, 4, 8, p.persistent) || !pair(f, 16, 32, p.autostart)) {
            return false;
        }
        int types = f >>> 6;
        return types == 0 || (types & (1 << LIST_TYPES.indexOf(p.def.type().xmlName()))) != 0;
    }

    /** Both or neither of a yes/no flag pair mean "don't filter". */
    private static boolean pair(int flags, int yes, int no, boolean value) {
        boolean y = (flags & yes) != 0;
        boolean n = (flags & no) != 0;
        return y == n || (y ? value : !value);
    }

    @Override
    public int numOfPools() {
        return driver.locked(() -> (int) driver.objects.values().stream().filter(p -> p.active).count());
    }

    @Override
    public List<String> listPools(int maxnames) {
        return driver.locked(() -> driver.objects.values().stream().filter(p -> p.active).map(PoolObj::name)
                .limit(Math.max(0, maxnames)).toList());
    }

    @Override
    public int numOfDefinedPools() {
        return driver.locked(() -> (int) driver.objects.values().stream().filter(p -> !p.active).count());
    }

    @Override
    public List<String> listDefinedPools(int maxnames) {
        return driver.locked(() -> driver.objects.values().stream().filter(p -> !p.active).map(PoolObj::name)
                .limit(Math.max(0, maxnames)).toList());
    }

    // ---- lookups ----

    @Override
    public StoragePoolRef lookupByName(String name) {
        return driver.locked(() -> find(new StoragePoolRef(name, null)).ref());
    }

    @Override
    public StoragePoolRef lookupByUUID(UUID uuid) {
        return driver.locked(() -> driver.objects.values().stream().filter(p -> p.def.uuid().equals(uuid))
                .findFirst().map(PoolObj::ref).orElseThrow(() -> StorageErrors.of(ErrorNumber.NO_STORAGE_POOL,
                        "no storage pool with matching uuid '" + uuid + "'")));
    }

    @Override
    public StoragePoolRef lookupByTargetPath(String path) {
        String clean = sanitize(path);
        return driver.locked(() -> driver.objects.values().stream()
                .filter(p -> p.active && clean.equals(sanitize(p.def.targetPath()))).findFirst().map(PoolObj::ref)
                .orElseThrow(() -> StorageErrors.of(ErrorNumber.NO_STORAGE_POOL,
                        "no storage pool with matching target path '" + path + "'")));
    }

    /** virFileSanitizePath: no duplicate or trailing slashes. */
    static String sanitize(String path) {
        if (path == null) {
            return null;
        }
        String s = path.replaceAll("/+", "/");
        return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    // ---- define / create ----

    /** virStoragePoolObjIsDuplicate plus the source conflict check of dir pools. */
    private PoolObj existing(StoragePoolDef def, boolean forStart) {
        for (PoolObj p : driver.objects.values()) {
            if (p.def.uuid().equals(def.uuid())) {
                if (!p.name().equals(def.name())) {
                    throw StorageErrors.of(ErrorNumber.OPERATION_FAILED, "pool '" + p.name()
                            + "' is already defined with uuid " + p.def.uuid());
                }
                if (forStart && p.active) {
                    throw StorageErrors.operationInvalid("pool is already active as '" + p.name() + "'");
                }
                return p;
            }
            if (p.name().equals(def.name())) {
                throw StorageErrors.of(ErrorNumber.OPERATION_FAILED, "pool '" + def.name()
                        + "' already exists with uuid " + p.def.uuid());
            }
        }
        for (PoolObj p : driver.objects.values()) {
            if (sameSource(def, p.def)) {
                throw StorageErrors.of(ErrorNumber.OPERATION_FAILED, "Storage source conflict with pool: '"
                        + p.name() + "'");
            }
        }
        return null;
    }

    /** virStoragePoolSourceFindDuplicate for the types with backends: the same directory, the same device. */
    private static boolean sameSource(StoragePoolDef a, StoragePoolDef b) {
        if (a.type() != b.type()) {
            return false;
        }
        return switch (a.type()) {
            case DIR -> sanitize(a.targetPath()).equals(sanitize(b.targetPath()));
            case FS -> !a.source().devices().isEmpty() && !b.source().devices().isEmpty()
                    && a.source().devices().getFirst().path().equals(b.source().devices().getFirst().path());
            default -> false;
        };
    }

    @Override
    public StoragePoolRef defineXML(String xml, int flags) {
        StorageErrors.checkFlags(flags, 0x1, "storagePoolDefineXML");
        StoragePoolDef def = StorageDriver.parsePool(xml);
        driver.backend(def);
        return driver.locked(() -> {
            PoolObj p = existing(def, false);
            driver.saveConfig(def);
            if (p == null) {
                p = new PoolObj(def);
                driver.objects.put(def.name(), p);
            } else if (p.active) {
                p.newDef = def;
            } else {
                p.def = def;
            }
            p.persistent = true;
            driver.emit(p, StorageDriver.EVENT_DEFINED);
            return p.ref();
        });
    }

    @Override
    public StoragePoolRef createXML(String xml, int flags) {
        StorageErrors.checkFlags(flags, BUILD_FLAGS, "storagePoolCreateXML");
        checkBuildFlags(flags);
        StoragePoolDef def = StorageDriver.parsePool(xml);
        DirBackend backend = driver.backend(def);
        return driver.locked(() -> {
            PoolObj p = existing(def, true);
            if (p != null) {
                throw StorageErrors.operationInvalid("pool is already active as '" + p.name() + "'");
            }
            if ((flags & BUILD_FLAGS) != 0) {
                backend.buildPool(def, buildFlagsOf(flags));
            }
            p = new PoolObj(def);
            driver.objects.put(def.name(), p);
            try {
                driver.start(p);
            } catch (RuntimeException e) {
                driver.objects.remove(def.name());
                throw e;
            }
            driver.emit(p, StorageDriver.EVENT_STARTED);
            return p.ref();
        });
    }

    /** VIR_EXCLUSIVE_FLAGS_RET of storagePoolCreate(XML). */
    private static void checkBuildFlags(int flags) {
        if ((flags & 0x2) != 0 && (flags & 0x4) != 0) {
            throw StorageErrors.invalidArg("Flags 'VIR_STORAGE_POOL_CREATE_WITH_BUILD_OVERWRITE' and "
                    + "'VIR_STORAGE_POOL_CREATE_WITH_BUILD_NO_OVERWRITE' are mutually exclusive");
        }
    }

    /** VIR_STORAGE_POOL_CREATE_WITH_BUILD_(NO_)OVERWRITE as virStoragePoolBuildFlags. */
    private static int buildFlagsOf(int createFlags) {
        return (createFlags & 0x2) != 0 ? DirBackend.BUILD_OVERWRITE
                : (createFlags & 0x4) != 0 ? DirBackend.BUILD_NO_OVERWRITE : 0;
    }

    @Override
    public void build(StoragePoolRef pool, int flags) {
        driver.lockedRun(() -> {
            PoolObj p = findInactive(pool, "already active");
            driver.backend(p.configDef()).buildPool(p.configDef(), flags);
            driver.emit(p, StorageDriver.EVENT_CREATED);
        });
    }

    @Override
    public void undefine(StoragePoolRef pool) {
        driver.lockedRun(() -> {
            PoolObj p = findInactive(pool, "still active");
            if (!p.persistent) {
                throw StorageErrors.internal("no config file for " + p.name());
            }
            try {
                Files.deleteIfExists(driver.autostartLink(p.name()));
                Files.deleteIfExists(driver.configFile(p.name()));
            } catch (IOException e) {
                throw StorageErrors.system("cannot remove config for " + p.name(), e);
            }
            driver.emit(p, StorageDriver.EVENT_UNDEFINED);
            driver.objects.remove(p.name());
        });
    }

    @Override
    public void create(StoragePoolRef pool, int flags) {
        StorageErrors.checkFlags(flags, BUILD_FLAGS, "storagePoolCreate");
        checkBuildFlags(flags);
        driver.lockedRun(() -> {
            PoolObj p = findInactive(pool, "already active");
            if ((flags & BUILD_FLAGS) != 0) {
                driver.backend(p.configDef()).buildPool(p.configDef(), buildFlagsOf(flags));
            }
            driver.start(p);
            driver.emit(p, StorageDriver.EVENT_STARTED);
        });
    }

    @Override
    public void destroy(StoragePoolRef pool) {
        driver.lockedRun(() -> driver.stop(noJobs(findActive(pool))));
    }

    @Override
    public void delete(StoragePoolRef pool, int flags) {
        StorageErrors.checkFlags(flags, 0x1, "storagePoolDelete");
        driver.lockedRun(() -> {
            PoolObj p = findInactive(pool, "still active");
            driver.backend(p.def).deletePool(p.def, flags);
            driver.emit(p, StorageDriver.EVENT_DELETED);
        });
    }

    @Override
    public void refresh(StoragePoolRef pool, int flags) {
        StorageErrors.checkFlags(flags, 0, "storagePoolRefresh");
        driver.lockedRun(() -> {
            PoolObj p = noJobs(findActive(pool));
            try {
                driver.refresh(p);
                driver.events.emit(new org.jvirt.api.event.ObjectEvent.StoragePoolRefresh(p.ref()));
            } catch (RuntimeException e) {
                // libvirt stops a pool whose refresh fails
                driver.stop(p);
                throw e;
            }
        });
    }

    @Override
    public StoragePoolInfo getInfo(StoragePoolRef pool) {
        return driver.locked(() -> {
            PoolObj p = find(pool);
            if (p.active) {
                driver.refreshSizes(p);
            }
            return new StoragePoolInfo(p.active ? STATE_RUNNING : STATE_INACTIVE, p.def.capacity(),
                    p.def.allocation(), p.def.available());
        });
    }

    @Override
    public String getXMLDesc(StoragePoolRef pool, int flags) {
        StorageErrors.checkFlags(flags, 0x1, "storagePoolGetXMLDesc");
        return driver.locked(() -> {
            PoolObj p = find(pool);
            return StorageDriver.format((flags & 1) != 0 ? p.configDef() : p.def);
        });
    }

    @Override
    public boolean getAutostart(StoragePoolRef pool) {
        return driver.locked(() -> find(pool).autostart);
    }

    @Override
    public void setAutostart(StoragePoolRef pool, boolean autostart) {
        driver.lockedRun(() -> {
            PoolObj p = find(pool);
            if (!p.persistent) {
                throw StorageErrors.internal("pool has no config file");
            }
            if (p.autostart == autostart) {
                return;
            }
            Path link = driver.autostartLink(p.name());
            try {
                if (autostart) {
                    Files.createDirectories(driver.config.autostartDir());
                    Files.createSymbolicLink(link, driver.configFile(p.name()));
                } else {
                    Files.deleteIfExists(link);
                }
            } catch (IOException e) {
                throw StorageErrors.system(autostart ? "Failed to create symlink '" + link + "' to '"
                        + driver.configFile(p.name()) + "'" : "Failed to delete symlink '" + link + "'", e);
            }
            p.autostart = autostart;
        });
    }

    @Override
    public boolean isActive(StoragePoolRef pool) {
        return driver.locked(() -> find(pool).active);
    }

    @Override
    public boolean isPersistent(StoragePoolRef pool) {
        return driver.locked(() -> find(pool).persistent);
    }
}
