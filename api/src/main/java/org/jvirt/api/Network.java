package org.jvirt.api;

import java.util.List;
import java.util.UUID;
import org.jvirt.api.Records.NetworkDHCPLease;
import org.jvirt.spi.Refs.NetworkRef;

/** A virtual network handle ({@code virNetworkPtr}). */
public final class Network {
    private final Connect conn;
    private final NetworkRef ref;

    Network(Connect conn, NetworkRef ref) {
        this.conn = conn;
        this.ref = ref;
    }

    public NetworkRef ref() { return ref; }

    public Connect getConnect() { return conn; }

    public String getName() { return ref.name(); }

    public UUID getUUID() { return ref.uuid(); }

    public String getUUIDString() { return ref.uuid().toString(); }

    public void create() { conn.checkWritable("virNetworkCreate"); conn.d().networks().create(ref); }

    public void destroy() { conn.checkWritable("virNetworkDestroy"); conn.d().networks().destroy(ref); }

    public void undefine() { conn.checkWritable("virNetworkUndefine"); conn.d().networks().undefine(ref); }

    public void update(int command, int section, int parentIndex, String xml, int flags) {
        conn.checkWritable("virNetworkUpdate");
        conn.d().networks().update(ref, command, section, parentIndex, xml, flags);
    }

    public String getXMLDesc(int flags) { return conn.d().networks().getXMLDesc(ref, flags); }

    public String getBridgeName() { return conn.d().networks().getBridgeName(ref); }

    public boolean getAutostart() { return conn.d().networks().getAutostart(ref); }

    public void setAutostart(boolean autostart) {
        conn.checkWritable("virNetworkSetAutostart");
        conn.d().networks().setAutostart(ref, autostart);
    }

    public boolean isActive() { return conn.d().networks().isActive(ref); }

    public boolean isPersistent() { return conn.d().networks().isPersistent(ref); }

    public List<NetworkDHCPLease> getDHCPLeases(String mac, int flags) {
        return conn.d().networks().getDHCPLeases(ref, mac, flags);
    }

    public String getMetadata(int type, String uri, int flags) {
        return conn.d().networks().getMetadata(ref, type, uri, flags);
    }

    public void setMetadata(int type, String metadata, String key, String uri, int flags) {
        conn.checkWritable("virNetworkSetMetadata");
        conn.d().networks().setMetadata(ref, type, metadata, key, uri, flags);
    }

    public List<NetworkPort> listAllPorts(int flags) {
        return conn.d().networks().listAllPorts(ref, flags).stream().map(p -> new NetworkPort(this, p)).toList();
    }

    public NetworkPort portLookupByUUID(UUID uuid) {
        return new NetworkPort(this, conn.d().networks().portLookupByUUID(ref, uuid));
    }

    public NetworkPort portLookupByUUIDString(String uuid) { return portLookupByUUID(Connect.parseUuid(uuid)); }

    public NetworkPort portCreateXML(String xml, int flags) {
        conn.checkWritable("virNetworkPortCreateXML");
        return new NetworkPort(this, conn.d().networks().portCreateXML(ref, xml, flags));
    }

    @Override
    public String toString() { return "Network[" + ref.name() + "]"; }
}
