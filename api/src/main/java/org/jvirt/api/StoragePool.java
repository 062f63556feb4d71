package org.jvirt.api;

import java.util.List;
import java.util.UUID;
import org.jvirt.api.Records.StoragePoolInfo;
import org.jvirt.spi.Refs.StoragePoolRef;

/** A storage pool handle ({@code virStoragePoolPtr}). */
public final class StoragePool {
    private final Connect conn;
    private final StoragePoolRef ref;

    StoragePool(Connect conn, StoragePoolRef ref) {
        this.conn = conn;
        this.ref = ref;
    }

    public StoragePoolRef ref() { return ref; }

    public Connect getConnect() { return conn; }

    public String getName() { return ref.name(); }

    public UUID getUUID() { return ref.uuid(); }

    public String getUUIDString() { return ref.uuid().toString(); }

    public void build(int flags) { conn.checkWritable("virStoragePoolBuild"); conn.d().storagePools().build(ref, flags); }

    public void undefine() { conn.checkWritable("virStoragePoolUndefine"); conn.d().storagePools().undefine(ref); }

    public void create(int flags) {
        conn.checkWritable("virStoragePoolCreate");
        conn.d().storagePools().create(ref, flags);
    }

    public void destroy() { conn.checkWritable("virStoragePoolDestroy"); conn.d().storagePools().destroy(ref); }

    public void delete(int flags) {
        conn.checkWritable("virStoragePoolDelete");
        conn.d().storagePools().delete(ref, flags);
    }

    public void refresh(int flags) {
        conn.checkWritable("virStoragePoolRefresh");
        conn.d().storagePools().refresh(ref, flags);
    }

    public StoragePoolInfo getInfo() { return conn.d().storagePools().getInfo(ref); }

    public String getXMLDesc(int flags) { return conn.d().storagePools().getXMLDesc(ref, flags); }

    public boolean getAutostart() { return conn.d().storagePools().getAutostart(ref); }

    public void setAutostart(boolean autostart) {
        conn.checkWritable("virStoragePoolSetAutostart");
        conn.d().storagePools().setAutostart(ref, autostart);
    }

    public boolean isActive() { return conn.d().storagePools().isActive(ref); }

    public boolean isPersistent() { return conn.d().storagePools().isPersistent(ref); }

    public List<StorageVol> listAllVolumes(int flags) {
        return conn.d().storageVols().listAll(ref, flags).stream().map(v -> new StorageVol(conn, v)).toList();
    }

    public int numOfVolumes() { return conn.d().storageVols().numOfVolumes(ref); }

    public List<String> listVolumes(int maxnames) { return conn.d().storageVols().listVolumes(ref, maxnames); }

    public StorageVol storageVolLookupByName(String name) {
        return new StorageVol(conn, conn.d().storageVols().lookupByName(ref, name));
    }

    public StorageVol storageVolCreateXML(String xml, int flags) {
        conn.checkWritable("virStorageVolCreateXML");
        return new StorageVol(conn, conn.d().storageVols().createXML(ref, xml, flags));
    }

    public StorageVol storageVolCreateXMLFrom(String xml, StorageVol clonevol, int flags) {
        conn.checkWritable("virStorageVolCreateXMLFrom");
        return new StorageVol(conn, conn.d().storageVols().createXMLFrom(ref, xml, clonevol.ref(), flags));
    }

    @Override
    public String toString() { return "StoragePool[" + ref.name() + "]"; }
}
