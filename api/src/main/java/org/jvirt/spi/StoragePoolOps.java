package org.jvirt.spi;

import java.util.List;
import java.util.UUID;
import org.jvirt.api.Records.StoragePoolInfo;
import org.jvirt.spi.Refs.StoragePoolRef;

/** Storage pools: the pool half of libvirt's {@code virStorageDriver}. */
public interface StoragePoolOps {
    default List<StoragePoolRef> listAll(int flags) { throw Unsupported.of("virConnectListAllStoragePools"); }

    default int numOfPools() { throw Unsupported.of("virConnectNumOfStoragePools"); }

    default List<String> listPools(int maxnames) { throw Unsupported.of("virConnectListStoragePools"); }

    default int numOfDefinedPools() { throw Unsupported.of("virConnectNumOfDefinedStoragePools"); }

    default List<String> listDefinedPools(int maxnames) {
        throw Unsupported.of("virConnectListDefinedStoragePools");
    }

    default StoragePoolRef lookupByName(String name) { throw Unsupported.of("virStoragePoolLookupByName"); }

    default StoragePoolRef lookupByUUID(UUID uuid) { throw Unsupported.of("virStoragePoolLookupByUUID"); }

    default StoragePoolRef lookupByTargetPath(String path) {
        throw Unsupported.of("virStoragePoolLookupByTargetPath");
    }

    default StoragePoolRef createXML(String xml, int flags) { throw Unsupported.of("virStoragePoolCreateXML"); }

    default StoragePoolRef defineXML(String xml, int flags) { throw Unsupported.of("virStoragePoolDefineXML"); }

    default void build(StoragePoolRef pool, int flags) { throw Unsupported.of("virStoragePoolBuild"); }

    default void undefine(StoragePoolRef pool) { throw Unsupported.of("virStoragePoolUndefine"); }

    default void create(StoragePoolRef pool, int flags) { throw Unsupported.of("virStoragePoolCreate"); }

    default void destroy(StoragePoolRef pool) { throw Unsupported.of("virStoragePoolDestroy"); }

    default void delete(StoragePoolRef pool, int flags) { throw Unsupported.of("virStoragePoolDelete"); }

    default void refresh(StoragePoolRef pool, int flags) { throw Unsupported.of("virStoragePoolRefresh"); }

    default StoragePoolInfo getInfo(StoragePoolRef pool) { throw Unsupported.of("virStoragePoolGetInfo"); }

    default String getXMLDesc(StoragePoolRef pool, int flags) { throw Unsupported.of("virStoragePoolGetXMLDesc"); }

    default boolean getAutostart(StoragePoolRef pool) { throw Unsupported.of("virStoragePoolGetAutostart"); }

    default void setAutostart(StoragePoolRef pool, boolean autostart) {
        throw Unsupported.of("virStoragePoolSetAutostart");
    }

    default boolean isActive(StoragePoolRef pool) { throw Unsupported.of("virStoragePoolIsActive"); }

    default boolean isPersistent(StoragePoolRef pool) { throw Unsupported.of("virStoragePoolIsPersistent"); }
}
