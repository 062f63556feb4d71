package org.jvirt.storage;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.jvirt.api.Records.StorageVolInfo;
import org.jvirt.core.ErrorNumber;
import org.jvirt.model.storage.StorageVolDef;
import org.jvirt.model.storage.StorageVolFormatter;
import org.jvirt.model.storage.StorageVolParser;
import org.jvirt.spi.Refs.StoragePoolRef;
import org.jvirt.spi.Refs.StorageVolRef;
import org.jvirt.spi.StorageVolOps;
import org.jvirt.spi.StreamChannel;

/** Volume functions of the storage driver (storage_driver.c's storageVol*), on {@link StorageDriver}'s state. */
final class StorageVols implements StorageVolOps {
    /** virStorageVolResizeFlags. */
    private static final int RESIZE_ALLOCATE = 1;
    private static final int RESIZE_DELTA = 2;
    private static final int RESIZE_SHRINK = 4;
    private static final List<String> VOL_TYPES = StorageVolDef.TYPES;

    private final StorageDriver driver;

    StorageVols(StorageDriver driver) {
        this.driver = driver;
    }

    private record Found(PoolObj pool, StorageVolDef vol) {
        Path path() {
            return Path.of(vol.target().path());
        }
    }

    private static StorageVolRef ref(PoolObj p, StorageVolDef v) {
        return new StorageVolRef(p.name(), v.name(), v.key());
    }

    /** The volume of a handle, in its active pool (virStorageVolDefFromVol). */
    private Found find(StorageVolRef ref) {
        PoolObj p = driver.objects.get(ref.pool());
        if (p == null) {
            throw StorageErrors.noPool(ref.pool());
        }
        if (!p.active) {
            throw StorageErrors.notActive(p.name());
        }
        StorageVolDef v = p.volumes.get(ref.name());
        if (v == null) {
            throw StorageErrors.noVol("no storage vol with matching name '" + ref.name() + "'");
        }
        return new Found(p, v);
    }

    /**
     * Re-reads one volume from disk, as libvirt's refreshVol before getInfo/getXMLDesc; a volume still being built
     * is described by its definition (its file may not exist yet).
     */
    private Found refreshed(Found f) {
        if (f.pool().building.contains(f.vol().name())) {
            return f;
        }
        try {
            StorageVolDef v = driver.dir.describe(f.vol().name(), f.path(), f.vol());
            if (v == null) {
                throw StorageErrors.system("cannot stat file '" + f.path() + "'", "No such file or directory");
            }
            f.pool().volumes.put(v.name(), v);
            return new Found(f.pool(), v);
        } catch (NoSuchFileException e) {
            throw StorageErrors.system("cannot stat file '" + f.path() + "'", e);
        } catch (IOException e) {
            throw StorageErrors.system("cannot open volume '" + f.path() + "'", e);
        }
    }

    // ---- listing and lookups ----

    @Override
    public List<StorageVolRef> listAll(StoragePoolRef pool, int flags) {
        StorageErrors.checkFlags(flags, 0, "storagePoolListAllVolumes");
        return driver.locked(() -> {
            PoolObj p = driver.pools.findActive(pool);
            return p.volumes.values().stream().map(v -> ref(p, v)).toList();
        });
    }

    @Override
    public int numOfVolumes(StoragePoolRef pool) {
        return driver.locked(() -> driver.pools.findActive(pool).volumes.size());
    }

    @Override
    public List<String> listVolumes(StoragePoolRef pool, int maxnames) {
        return driver.locked(() -> driver.pools.findActive(pool).volumes.keySet().stream()
                .limit(Math.max(0, maxnames)).toList());
    }

    @Override
    public StoragePoolRef poolLookupByVolume(StorageVolRef vol) {
        return driver.locked(() -> driver.pools.find(new StoragePoolRef(vol.pool(), null)).ref());
    }

    @Override
    public StorageVolRef lookupByName(StoragePoolRef pool, String name) {
        return driver.locked(() -> {
            PoolObj p = driver.pools.findActive(pool);
            StorageVolDef v = p.volumes.get(name);
            if (v == null) {
                throw StorageErrors.noVol("no storage vol with matching name '" + name + "'");
            }
            return ref(p, v);
        });
    }

    private StorageVolRef search(Predicate<StorageVolDef> match, String error) {
        return driver.locked(() -> {
            for (PoolObj p : driver.objects.values()) {
                if (p.active) {
                    for (StorageVolDef v : p.volumes.values()) {
                        if (match.test(v)) {
                            return ref(p, v);
                        }
                    }
                }
            }
            throw StorageErrors.noVol(error);
        });
    }

    @Override
    public StorageVolRef lookupByKey(String key) {
        return search(v -> v.key().equals(key), "no storage vol with matching key " + key);
    }

    @Override
    public StorageVolRef lookupByPath(String path) {
        String clean = StoragePools.sanitize(path);
        return search(v -> v.target().path().equals(clean), "no storage vol with matching path '" + path + "'");
    }

    // ---- create / clone / delete ----

    /** The parsed volume, checked as storageVolCreateXML does before any file is touched. */
    private StorageVolDef parseNew(PoolObj p, String xml) {
        StorageVolDef v = new StorageVolParser().parse(p.def, xml, StorageVolParser.OPT_CAPACITY);
        if (v.name().contains("/")) {
            throw StorageErrors.operationInvalid("volume name '" + v.name() + "' cannot contain '/'");
        }
        if (p.volumes.containsKey(v.name())) {
            throw StorageErrors.of(ErrorNumber.STORAGE_VOL_EXIST, "'" + v.name() + "'");
        }
        if (!v.hasAllocation()) {
            v = v.withSizes(v.capacity(), v.capacity());
        }
        String path = p.def.targetPath() + "/" + v.name();
        return v.withKeyAndPath(path, path);
    }

    @Override
    public StorageVolRef createXML(StoragePoolRef pool, String xml, int flags) {
        StorageErrors.checkFlags(flags, 0x3, "storageVolCreateXML");
        Job job = driver.locked(() -> {
            PoolObj p = driver.pools.findActive(pool);
            return Job.start(p, parseNew(p, xml), null);
        });
        return job.finish(driver, () -> driver.backend(job.pool.def).createVol(job.path(), job.vol, flags));
    }

    @Override
    public StorageVolRef createXMLFrom(StoragePoolRef pool, String xml, StorageVolRef clonevol, int flags) {
        StorageErrors.checkFlags(flags, 0x3, "storageVolCreateXMLFrom");
        Job job = driver.locked(() -> {
            PoolObj p = driver.pools.findActive(pool);
            Found src = refreshed(idle(find(clonevol)));
            StorageVolDef v = parseNew(p, xml);
            if (v.capacity() < src.vol().capacity()) {
                v = v.withSizes(src.vol().capacity(), v.allocation());
            }
            if ("dir".equals(src.vol().type())) {
                throw StorageErrors.operationInvalid("cannot copy from volume to a directory volume");
            }
            return Job.start(p, v, src);
        });
        return job.finish(driver, () -> driver.backend(job.pool.def).cloneVol(job.path(), job.vol, job.src.path(),
                DirBackend.format(job.src.vol()), flags));
    }

    /**
     * A volume being created (libvirt's voldef->building with the pool's asyncjobs): listed at once, but its file is
     * made without the driver's lock, so a large preallocation or copy does not stall every other storage call.
     * Its source, when cloning, is in use meanwhile.
     */
    private record Job(PoolObj pool, StorageVolDef vol, Found src) {
        static Job start(PoolObj p, StorageVolDef v, Found src) {
            p.volumes.put(v.name(), v);
            p.building.add(v.name());
            p.asyncJobs++;
            if (src != null) {
                src.pool().inUse.merge(src.vol().name(), 1, Integer::sum);
            }
            return new Job(p, v, src);
        }

        Path path() {
            return Path.of(vol.target().path());
        }

        StorageVolRef finish(StorageDriver driver, Runnable build) {
            RuntimeException failure = null;
            try {
                build.run();
            } catch (RuntimeException e) {
                failure = e;
            }
            RuntimeException failed = failure;
            return driver.locked(() -> {
                pool.building.remove(vol.name());
                pool.asyncJobs--;
                if (src != null) {
                    src.pool().inUse.computeIfPresent(src.vol().name(), (k, n) -> n > 1 ? n - 1 : null);
                }
                if (failed != null) {
                    pool.volumes.remove(vol.name());
                    throw failed;
                }
                try {
                    StorageVolDef v = driver.dir.describe(vol.name(), path(), vol);
                    pool.volumes.put(v.name(), v);
                    driver.refreshSizes(pool);
                    return ref(pool, v);
                } catch (IOException e) {
                    pool.volumes.remove(vol.name());
                    throw StorageErrors.system("cannot stat file '" + path() + "'", e);
                }
            });
        }
    }

    /** libvirt's checks before touching a volume: not still being created, not the source of a running job. */
    private static Found idle(Found f) {
        if (f.pool().building.contains(f.vol().name())) {
            throw StorageErrors.operationInvalid("volume '" + f.vol().name() + "' is still being allocated.");
        }
        return f;
    }

    private static Found unused(Found f) {
        idle(f);
        if (f.pool().inUse.containsKey(f.vol().name())) {
            throw StorageErrors.operationInvalid("volume '" + f.vol().name() + "' is still in use.");
        }
        return f;
    }

    @Override
    public void delete(StorageVolRef vol, int flags) {
        StorageErrors.checkFlags(flags, 0, "virStorageBackendVolDeleteLocal");
        driver.lockedRun(() -> {
            Found f = unused(find(vol));
            driver.dir.deleteVol(f.path());
            f.pool().volumes.remove(f.vol().name());
            driver.refreshSizes(f.pool());
        });
    }

    /** Wiping runs without the driver's lock too; the volume is in use meanwhile (it cannot be deleted). */
    @Override
    public void wipe(StorageVolRef vol, int algorithm, int flags) {
        StorageErrors.checkFlags(flags, 0, "storageVolWipePattern");
        Found f = driver.locked(() -> {
            Found found = refreshed(unused(find(vol)));
            found.pool().inUse.merge(found.vol().name(), 1, Integer::sum);
            found.pool().asyncJobs++;
            return found;
        });
        try {
            driver.dir.wipeVol(f.path(), f.vol(), algorithm);
        } finally {
            driver.lockedRun(() -> {
                f.pool().inUse.computeIfPresent(f.vol().name(), (k, n) -> n > 1 ? n - 1 : null);
                f.pool().asyncJobs--;
                if (f.pool().volumes.containsKey(f.vol().name())) {
                    refreshed(f);
                }
            });
        }
    }

    // ---- info ----

    @Override
    public StorageVolInfo getInfo(StorageVolRef vol) {
        return getInfoFlags(vol, 0);
    }

    @Override
    public StorageVolInfo getInfoFlags(StorageVolRef vol, int flags) {
        StorageErrors.checkFlags(flags, 0x1, "storageVolGetInfoFlags");
        return driver.locked(() -> {
            StorageVolDef v = refreshed(find(vol)).vol();
            long alloc = (flags & 1) != 0 ? v.physical() : v.allocation();
            return new StorageVolInfo(VOL_TYPES.indexOf(v.type()), v.capacity(), alloc);
        });
    }

    @Override
    public String getXMLDesc(StorageVolRef vol, int flags) {
        StorageErrors.checkFlags(flags, 0, "storageVolGetXMLDesc");
        return driver.locked(() -> {
            Found f = refreshed(find(vol));
            return new StorageVolFormatter().format(f.pool().def.type(), f.vol());
        });
    }

    @Override
    public String getPath(StorageVolRef vol) {
        return driver.locked(() -> find(vol).vol().target().path());
    }

    /** storageVolResize: libvirt's checks on the new capacity, then the backend. */
    @Override
    public void resize(StorageVolRef vol, long capacity, int flags) {
        StorageErrors.checkFlags(flags, RESIZE_ALLOCATE | RESIZE_DELTA | RESIZE_SHRINK, "storageVolResize");
        driver.lockedRun(() -> {
            Found f = refreshed(unused(find(vol)));
            StorageVolDef v = f.vol();
            long abs;
            if ((flags & RESIZE_DELTA) != 0) {
                abs = (flags & RESIZE_SHRINK) != 0 ? v.capacity() - Math.min(capacity, v.capacity())
                        : v.capacity() + capacity;
            } else {
                abs = capacity;
            }
            if (abs < v.allocation()) {
                throw StorageErrors.invalidArg("can't shrink capacity below existing allocation");
            }
            if (abs < v.capacity() && (flags & RESIZE_SHRINK) == 0) {
                throw StorageErrors.invalidArg("Can't shrink capacity below current capacity unless shrink flag "
                        + "explicitly specified");
            }
            driver.refreshSizes(f.pool());
            long delta = (flags & RESIZE_ALLOCATE) != 0 ? abs - v.allocation() : 0;
            if (delta > f.pool().def.available()) {
                throw StorageErrors.of(ErrorNumber.OPERATION_FAILED, "Not enough space left in storage pool");
            }
            driver.dir.resizeVol(f.path(), v, abs, flags);
            refreshed(f);
            driver.refreshSizes(f.pool());
        });
    }

    // ---- streams ----

    @Override
    public StreamChannel download(StorageVolRef vol, long offset, long length, int flags) {
        StorageErrors.checkFlags(flags, 0, "storageVolDownload");
        Path path = driver.locked(() -> idle(find(vol)).path());
        return VolumeStream.download(path, offset, length, () -> { });
    }

    /** The file is written in place; when the stream closes the volume is re-read (its format may have changed). */
    @Override
    public StreamChannel upload(StorageVolRef vol, long offset, long length, int flags) {
        StorageErrors.checkFlags(flags, 0, "storageVolUpload");
        Path path = driver.locked(() -> unused(find(vol)).path());
        return VolumeStream.upload(path, offset, length, () -> driver.lockedRun(() -> {
            PoolObj p = driver.objects.get(vol.pool());
            if (p != null && p.active && p.volumes.containsKey(vol.name())) {
                try {
                    refreshed(new Found(p, p.volumes.get(vol.name())));
                    driver.refreshSizes(p);
                } catch (RuntimeException e) {
                    // the volume vanished meanwhile: the next pool refresh drops it
                }
            }
        }));
    }
}
