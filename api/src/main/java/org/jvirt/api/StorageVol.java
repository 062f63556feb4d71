package org.jvirt.api;

import org.jvirt.api.Records.StorageVolInfo;
import org.jvirt.spi.Refs.StorageVolRef;

/** A storage volume handle ({@code virStorageVolPtr}). */
public final class StorageVol {
    private final Connect conn;
    private final StorageVolRef ref;

    StorageVol(Connect conn, StorageVolRef ref) {
        this.conn = conn;
        this.ref = ref;
    }

    public StorageVolRef ref() { return ref; }

    public Connect getConnect() { return conn; }

    public String getName() { return ref.name(); }

    public String getKey() { return ref.key(); }

    public StoragePool storagePoolLookupByVolume() {
        return new StoragePool(conn, conn.d().storageVols().poolLookupByVolume(ref));
    }

    public void delete(int flags) { conn.checkWritable("virStorageVolDelete"); conn.d().storageVols().delete(ref, flags); }

    public void wipe(int flags) {
        conn.checkWritable("virStorageVolWipe");
        Connect.as("virStorageVolWipe", () -> conn.d().storageVols().wipe(ref, 0, flags));
    }

    public void wipePattern(int algorithm, int flags) {
        conn.checkWritable("virStorageVolWipePattern");
        conn.d().storageVols().wipe(ref, algorithm, flags);
    }

    public StorageVolInfo getInfo() { return conn.d().storageVols().getInfo(ref); }

    public StorageVolInfo getInfoFlags(int flags) { return conn.d().storageVols().getInfoFlags(ref, flags); }

    public String getXMLDesc(int flags) { return conn.d().storageVols().getXMLDesc(ref, flags); }

    public String getPath() { return conn.d().storageVols().getPath(ref); }

    public void resize(long capacity, int flags) {
        conn.checkWritable("virStorageVolResize");
        conn.d().storageVols().resize(ref, capacity, flags);
    }

    public void download(Stream stream, long offset, long length, int flags) {
        conn.checkWritable("virStorageVolDownload");
        stream.bind(conn.d().storageVols().download(ref, offset, length, flags));
    }

    public void upload(Stream stream, long offset, long length, int flags) {
        conn.checkWritable("virStorageVolUpload");
        stream.bind(conn.d().storageVols().upload(ref, offset, length, flags));
    }

    @Override
    public String toString() { return "StorageVol[" + ref.pool() + "/" + ref.name() + "]"; }
}
