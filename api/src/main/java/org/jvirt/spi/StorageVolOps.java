package org.jvirt.spi;

import java.util.List;
import org.jvirt.api.Records.StorageVolInfo;
import org.jvirt.spi.Refs.StoragePoolRef;
import org.jvirt.spi.Refs.StorageVolRef;

/** Storage volumes: the volume half of libvirt's {@code virStorageDriver}. */
public interface StorageVolOps {
    default List<StorageVolRef> listAll(StoragePoolRef pool, int flags) {
        throw Unsupported.of("virStoragePoolListAllVolumes");
    }

    default int numOfVolumes(StoragePoolRef pool) { throw Unsupported.of("virStoragePoolNumOfVolumes"); }

    default List<String> listVolumes(StoragePoolRef pool, int maxnames) {
        throw Unsupported.of("virStoragePoolListVolumes");
    }

    default StoragePoolRef poolLookupByVolume(StorageVolRef vol) {
        throw Unsupported.of("virStoragePoolLookupByVolume");
    }

    default StorageVolRef lookupByName(StoragePoolRef pool, String name) {
        throw Unsupported.of("virStorageVolLookupByName");
    }

    default StorageVolRef lookupByKey(String key) { throw Unsupported.of("virStorageVolLookupByKey"); }

    default StorageVolRef lookupByPath(String path) { throw Unsupported.of("virStorageVolLookupByPath"); }

    default StorageVolRef createXML(StoragePoolRef pool, String xml, int flags) {
        throw Unsupported.of("virStorageVolCreateXML");
    }

    default StorageVolRef createXMLFrom(StoragePoolRef pool, String xml, StorageVolRef clonevol, int flags) {
        throw Unsupported.of("virStorageVolCreateXMLFrom");
    }

    default void delete(StorageVolRef vol, int flags) { throw Unsupported.of("virStorageVolDelete"); }

    default void wipe(StorageVolRef vol, int algorithm, int flags) { throw Unsupported.of("virStorageVolWipePattern"); }

    default StorageVolInfo getInfo(StorageVolRef vol) { throw Unsupported.of("virStorageVolGetInfo"); }

    default StorageVolInfo getInfoFlags(StorageVolRef vol, int flags) {
        throw Unsupported.of("virStorageVolGetInfoFlags");
    }

    default String getXMLDesc(StorageVolRef vol, int flags) { throw Unsupported.of("virStorageVolGetXMLDesc"); }

    default String getPath(StorageVolRef vol) { throw Unsupported.of("virStorageVolGetPath"); }

    default void resize(StorageVolRef vol, long capacity, int flags) { throw Unsupported.of("virStorageVolResize"); }

    default StreamChannel download(StorageVolRef vol, long offset, long length, int flags) {
        throw Unsupported.of("virStorageVolDownload");
    }

    default StreamChannel upload(StorageVolRef vol, long offset, long length, int flags) {
        throw Unsupported.of("virStorageVolUpload");
    }
}
