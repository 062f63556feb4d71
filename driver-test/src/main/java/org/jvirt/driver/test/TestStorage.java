package org.jvirt.driver.test;

import java.util.List;
import java.util.UUID;
import org.jvirt.api.Records.StoragePoolInfo;
import org.jvirt.api.event.ObjectEvent;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.storage.StoragePoolDef;
import org.jvirt.model.storage.StoragePoolFormatter;
import org.jvirt.model.storage.StoragePoolParser;
import org.jvirt.model.storage.StorageVolDef;
import org.jvirt.model.storage.StorageVolFormatter;
import org.jvirt.model.storage.StorageVolParser;
import org.jvirt.spi.Refs.StoragePoolRef;
import org.jvirt.spi.StoragePoolOps;

/**
 * Storage pools of the test driver. Pools are 100 GiB; volumes are fake and only move the pool's allocation.
 * Volume functions are in {@link TestStorageVols}.
 */
final class TestStorage implements StoragePoolOps {
    static final int EVENT_DEFINED = 0;
    static final int EVENT_UNDEFINED = 1;
    static final int EVENT_STARTED = 2;
    static final int EVENT_STOPPED = 3;
    static final int EVENT_CREATED = 4;
    static final int EVENT_DELETED = 5;
    private static final List<String> TYPES = List.of("dir", "fs", "netfs", "logical", "disk", "iscsi", "scsi",
            "mpath", "rbd", "sheepdog", "gluster", "zfs", "vstorage", "iscsi-direct");

    private final TestDriver driver;
    private final TestStorageVols volumes;

    TestStorage(TestDriver driver) {
        this.driver = driver;
        this.volumes = new TestStorageVols(driver, this);
    }

    TestStorageVols volumes() {
        return volumes;
    }

    /** The seam to the storage model: the test driver's pool parser (no backend namespaces). */
    static StoragePoolDef parsePool(String xml) {
        return new StoragePoolParser().parse(xml);
    }

    /** A volume parsed in its pool's context; without an allocation it is fully allocated. */
    static StorageVolDef parseVolume(TestObjects.Pool pool, String xml) {
        StorageVolDef v = new StorageVolParser().parse(pool.def, xml, 0);
        return v.hasAllocation() ? v : v.withSizes(v.capacity(), v.capacity());
    }

    /** Adds a volume as testOpenVolumesForPool does: path and key default from the pool's target path. */
    static TestObjects.Volume addVolume(TestObjects.Pool pool, String xml) {
        StorageVolDef v = parseVolume(pool, xml);
        String path = v.target() != null && v.target().path() != null ? v.target().path()
                : pool.targetPath() + "/" + v.name();
        v = v.withKeyAndPath(v.key() != null ? v.key() : path, path);
        TestObjects.Volume vol = new TestObjects.Volume(v);
        pool.allocation += v.allocation();
        pool.volumes.add(vol);
        return vol;
    }

    static String formatVolume(TestObjects.Pool pool, TestObjects.Volume v) {
        return new StorageVolFormatter().format(pool.def.type(), v.def);
    }

    static String formatPool(TestObjects.Pool p) {
        return new StoragePoolFormatter().format(p.sized());
    }

    static StoragePoolRef ref(TestObjects.Pool p) {
        return new StoragePoolRef(p.name(), p.uuid());
    }

    TestObjects.Pool find(StoragePoolRef ref) {
        for (TestObjects.Pool p : driver.objects.pools) {
            if (p.name().equals(ref.name())) {
                return p;
            }
        }
        throw Errors.of(ErrorNumber.NO_STORAGE_POOL, "no storage pool with matching name '" + ref.name() + "'");
    }

    TestObjects.Pool findActive(StoragePoolRef ref) {
        TestObjects.Pool p = find(ref);
        if (!p.active) {
            throw Errors.operationInvalid("storage pool '" + p.name() + "' is not active");
        }
        return p;
    }

    private TestObjects.Pool findInactive(StoragePoolRef ref) {
        TestObjects.Pool p = find(ref);
        if (p.active) {
            throw Errors.operationInvalid("storage pool '" + p.name() + "' is active");
        }
        return p;
    }

    private void emit(TestObjects.Pool p, int event) {
        driver.events.emit(new ObjectEvent.StoragePoolLifecycle(ref(p), event, 0));
    }

    @Override
    public List<StoragePoolRef> listAll(int flags) {
        Errors.checkFlags(flags, 0xFFFFF, "testConnectListAllStoragePools");
        return driver.locked(() -> driver.objects.pools.stream().filter(p -> filter(p, flags))
                .map(TestStorage::ref).toList());
    }

    private static boolean filter(TestObjects.Pool p, int f) {
        if (!TestNetworks.pair(f, 2, 1, p.active) || !TestNetworks.pair(f, 4, 8, p.persistent)
                || !TestNetworks.pair(f, 16, 32, p.autostart)) {
            return false;
        }
        int types = f >>> 6;
        return types == 0 || (types & (1 << TYPES.indexOf(p.type()))) != 0;
    }

    @Override
    public int numOfPools() {
        return driver.locked(() -> (int) driver.objects.pools.stream().filter(p -> p.active).count());
    }

    @Override
    public List<String> listPools(int maxnames) {
        return driver.locked(() -> driver.objects.pools.stream().filter(p -> p.active)
                .map(TestObjects.Pool::name).limit(Math.max(0, maxnames)).toList());
    }

    @Override
    public int numOfDefinedPools() {
        return driver.locked(() -> (int) driver.objects.pools.stream().filter(p -> !p.active).count());
    }

    @Override
    public List<String> listDefinedPools(int maxnames) {
        return driver.locked(() -> driver.objects.pools.stream().filter(p -> !p.active)
                .map(TestObjects.Pool::name).limit(Math.max(0, maxnames)).toList());
    }

    @Override
    public StoragePoolRef lookupByName(String name) {
        return driver.locked(() -> ref(find(new StoragePoolRef(name, null))));
    }

    @Override
    public StoragePoolRef lookupByUUID(UUID uuid) {
        return driver.locked(() -> driver.objects.pools.stream().filter(p -> p.uuid().equals(uuid)).findFirst()
                .map(TestStorage::ref).orElseThrow(() -> Errors.of(ErrorNumber.NO_STORAGE_POOL,
                        "no storage pool with matching uuid '" + uuid + "'")));
    }

    private TestObjects.Pool add(String text, boolean live) {
        StoragePoolDef def = parsePool(text);
        String name = def.name();
        UUID uuid = def.uuid();
        for (TestObjects.Pool p : driver.objects.pools) {
            if (p.uuid().equals(uuid) && !p.name().equals(name)) {
                throw VirException.of(ErrorNumber.OPERATION_FAILED, ErrorDomain.STORAGE, "pool '" + p.name()
                        + "' is already defined with uuid " + uuid);
            }
            if (p.name().equals(name)) {
                throw VirException.of(ErrorNumber.OPERATION_FAILED, ErrorDomain.STORAGE, "pool '" + name
                        + "' already exists with uuid " + p.uuid());
            }
        }
        TestObjects.Pool p = new TestObjects.Pool(def);
        p.capacity = NodeFileLoader.DEFAULT_POOL_CAPACITY;
        p.active = live;
        p.persistent = !live;
        driver.objects.pools.add(p);
        return p;
    }

    @Override
    public StoragePoolRef createXML(String text, int flags) {
        Errors.checkFlags(flags, 0x7, "testStoragePoolCreateXML");
        return driver.locked(() -> {
            TestObjects.Pool p = add(text, true);
            emit(p, EVENT_STARTED);
            return ref(p);
        });
    }

    @Override
    public StoragePoolRef defineXML(String text, int flags) {
        Errors.checkFlags(flags, 0x1, "testStoragePoolDefineXML");
        return driver.locked(() -> {
            TestObjects.Pool p = add(text, false);
            emit(p, EVENT_DEFINED);
            return ref(p);
        });
    }

    @Override
    public void build(StoragePoolRef pool, int flags) {
        Errors.checkFlags(flags, 0, "testStoragePoolBuild");
        driver.lockedRun(() -> {
            TestObjects.Pool p = findInactive(pool);
            emit(p, EVENT_CREATED);
        });
    }

    @Override
    public void undefine(StoragePoolRef pool) {
        driver.lockedRun(() -> {
            TestObjects.Pool p = findInactive(pool);
            emit(p, EVENT_UNDEFINED);
            driver.objects.pools.remove(p);
        });
    }

    @Override
    public void create(StoragePoolRef pool, int flags) {
        Errors.checkFlags(flags, 0, "testStoragePoolCreate");
        driver.lockedRun(() -> {
            TestObjects.Pool p = findInactive(pool);
            p.active = true;
            emit(p, EVENT_STARTED);
        });
    }

    @Override
    public void destroy(StoragePoolRef pool) {
        driver.lockedRun(() -> {
            TestObjects.Pool p = findActive(pool);
            p.active = false;
            emit(p, EVENT_STOPPED);
            if (!p.persistent) {
                driver.objects.pools.remove(p);
            }
        });
    }

    @Override
    public void delete(StoragePoolRef pool, int flags) {
        Errors.checkFlags(flags, 0x1, "testStoragePoolDelete");
        driver.lockedRun(() -> {
            TestObjects.Pool p = findInactive(pool);
            emit(p, EVENT_DELETED);
        });
    }

    @Override
    public void refresh(StoragePoolRef pool, int flags) {
        Errors.checkFlags(flags, 0, "testStoragePoolRefresh");
        driver.lockedRun(() -> {
            TestObjects.Pool p = findActive(pool);
            driver.events.emit(new ObjectEvent.StoragePoolRefresh(ref(p)));
        });
    }

    @Override
    public StoragePoolInfo getInfo(StoragePoolRef pool) {
        return driver.locked(() -> {
            TestObjects.Pool p = find(pool);
            return new StoragePoolInfo(p.active ? 2 : 0, p.capacity, p.allocation, p.available());
        });
    }

    @Override
    public String getXMLDesc(StoragePoolRef pool, int flags) {
        Errors.checkFlags(flags, 0, "testStoragePoolGetXMLDesc");
        return driver.locked(() -> formatPool(find(pool)));
    }

    @Override
    public boolean getAutostart(StoragePoolRef pool) {
        return driver.locked(() -> find(pool).autostart);
    }

    @Override
    public void setAutostart(StoragePoolRef pool, boolean autostart) {
        driver.lockedRun(() -> {
            TestObjects.Pool p = find(pool);
            if (!p.persistent) {
                throw Errors.of(ErrorNumber.INVALID_ARG, "pool has no config file");
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
