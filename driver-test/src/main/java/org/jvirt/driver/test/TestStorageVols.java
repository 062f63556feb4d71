package org.jvirt.driver.test;

import java.util.List;
import org.jvirt.api.Records.StorageVolInfo;
import org.jvirt.core.ErrorNumber;
import org.jvirt.model.storage.StorageVolDef;
import org.jvirt.spi.Refs.StoragePoolRef;
import org.jvirt.spi.Refs.StorageVolRef;
import org.jvirt.spi.StorageVolOps;

/** The test driver's fake volumes: creating or deleting one only moves its pool's allocation. */
final class TestStorageVols implements StorageVolOps {
    private final TestDriver driver;
    private final TestStorage pools;

    TestStorageVols(TestDriver driver, TestStorage pools) {
        this.driver = driver;
        this.pools = pools;
    }

    private static StorageVolRef ref(TestObjects.Pool p, TestObjects.Volume v) {
        return new StorageVolRef(p.name(), v.name(), v.key());
    }

    /** testStoragePoolObjFindActiveByName for volume listing: a different text than the pool functions'. */
    private TestObjects.Pool activeForList(StoragePoolRef ref) {
        TestObjects.Pool p = pools.find(ref);
        if (!p.active) {
            throw Errors.operationInvalid("storage pool is not active");
        }
        return p;
    }

    private TestObjects.Volume volume(TestObjects.Pool p, String name) {
        for (TestObjects.Volume v : p.volumes) {
            if (v.name().equals(name)) {
                return v;
            }
        }
        throw Errors.of(ErrorNumber.NO_STORAGE_VOL, "no storage vol with matching name '" + name + "'");
    }

    private TestObjects.Volume volume(StorageVolRef ref) {
        return volume(pools.findActive(new StoragePoolRef(ref.pool(), null)), ref.name());
    }

    @Override
    public List<StorageVolRef> listAll(StoragePoolRef pool, int flags) {
        Errors.checkFlags(flags, 0, "testStoragePoolListAllVolumes");
        return driver.locked(() -> {
            TestObjects.Pool p = activeForList(pool);
            return p.volumes.stream().map(v -> ref(p, v)).toList();
        });
    }

    @Override
    public int numOfVolumes(StoragePoolRef pool) {
        return driver.locked(() -> pools.findActive(pool).volumes.size());
    }

    @Override
    public List<String> listVolumes(StoragePoolRef pool, int maxnames) {
        return driver.locked(() -> pools.findActive(pool).volumes.stream().map(TestObjects.Volume::name)
                .limit(Math.max(0, maxnames)).toList());
    }

    @Override
    public StoragePoolRef poolLookupByVolume(StorageVolRef vol) {
        return driver.locked(() -> TestStorage.ref(pools.find(new StoragePoolRef(vol.pool(), null))));
    }

    @Override
    public StorageVolRef lookupByName(StoragePoolRef pool, String name) {
        return driver.locked(() -> {
            TestObjects.Pool p = pools.findActive(pool);
            return ref(p, volume(p, name));
        });
    }

    @Override
    public StorageVolRef lookupByKey(String key) {
        return driver.locked(() -> {
            for (TestObjects.Pool p : driver.objects.pools) {
                for (TestObjects.Volume v : p.volumes) {
                    if (p.active && v.key().equals(key)) {
                        return ref(p, v);
                    }
                }
            }
            throw Errors.of(ErrorNumber.NO_STORAGE_VOL, "no storage vol with matching key '" + key + "'");
        });
    }

    @Override
    public StorageVolRef lookupByPath(String path) {
        return driver.locked(() -> {
            for (TestObjects.Pool p : driver.objects.pools) {
                for (TestObjects.Volume v : p.volumes) {
                    if (p.active && v.path().equals(path)) {
                        return ref(p, v);
                    }
                }
            }
            throw Errors.of(ErrorNumber.NO_STORAGE_VOL, "no storage vol with matching path '" + path + "'");
        });
    }

    @Override
    public StorageVolRef createXML(StoragePoolRef pool, String text, int flags) {
        Errors.checkFlags(flags, 0, "testStorageVolCreateXML");
        return driver.locked(() -> create(pools.findActive(pool), text, null));
    }

    @Override
    public StorageVolRef createXMLFrom(StoragePoolRef pool, String text, StorageVolRef clonevol, int flags) {
        Errors.checkFlags(flags, 0, "testStorageVolCreateXMLFrom");
        return driver.locked(() -> {
            TestObjects.Pool p = pools.findActive(pool);
            volume(p, clonevol.name());
            return create(p, text, clonevol);
        });
    }

    private StorageVolRef create(TestObjects.Pool p, String text, StorageVolRef clone) {
        StorageVolDef v = TestStorage.parseVolume(p, text);
        for (TestObjects.Volume o : p.volumes) {
            if (o.name().equals(v.name())) {
                throw Errors.of(ErrorNumber.OPERATION_FAILED, "storage vol already exists");
            }
        }
        if (p.allocation + v.allocation() > p.capacity) {
            throw Errors.internal("Not enough free space in pool for volume '" + v.name() + "'");
        }
        String path = p.targetPath() + "/" + v.name();
        TestObjects.Volume vol = new TestObjects.Volume(v.withKeyAndPath(path, path));
        p.allocation += v.allocation();
        p.volumes.add(vol);
        return ref(p, vol);
    }

    @Override
    public void delete(StorageVolRef vol, int flags) {
        Errors.checkFlags(flags, 0, "testStorageVolDelete");
        driver.lockedRun(() -> {
            TestObjects.Pool p = pools.findActive(new StoragePoolRef(vol.pool(), null));
            TestObjects.Volume v = volume(p, vol.name());
            p.allocation -= v.allocation();
            p.volumes.remove(v);
        });
    }

    @Override
    public StorageVolInfo getInfo(StorageVolRef vol) {
        return driver.locked(() -> {
            TestObjects.Volume v = volume(vol);
            return new StorageVolInfo(0, v.def.capacity(), v.allocation());
        });
    }

    @Override
    public String getXMLDesc(StorageVolRef vol, int flags) {
        Errors.checkFlags(flags, 0, "testStorageVolGetXMLDesc");
        return driver.locked(() -> TestStorage.formatVolume(pools.findActive(new StoragePoolRef(vol.pool(), null)),
                volume(vol)));
    }

    @Override
    public String getPath(StorageVolRef vol) {
        return driver.locked(() -> volume(vol).path());
    }
}
