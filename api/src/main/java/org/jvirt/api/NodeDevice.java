package org.jvirt.api;

import java.util.List;
import org.jvirt.spi.Refs.NodeDeviceRef;

/** A host device handle ({@code virNodeDevicePtr}). */
public final class NodeDevice {
    private final Connect conn;
    private final NodeDeviceRef ref;

    NodeDevice(Connect conn, NodeDeviceRef ref) {
        this.conn = conn;
        this.ref = ref;
    }

    public NodeDeviceRef ref() { return ref; }

    public Connect getConnect() { return conn; }

    public String getName() { return ref.name(); }

    public String getXMLDesc(int flags) { return conn.d().nodeDevices().getXMLDesc(ref, flags); }

    /** The parent's name, or null for a device without one. */
    public String getParent() { return conn.d().nodeDevices().getParent(ref); }

    public int numOfCaps() { return listCaps().size(); }

    public List<String> listCaps() { return conn.d().nodeDevices().listCaps(ref); }

    public void destroy() { conn.checkWritable("virNodeDeviceDestroy"); conn.d().nodeDevices().destroy(ref); }

    public void undefine(int flags) {
        conn.checkWritable("virNodeDeviceUndefine");
        conn.d().nodeDevices().undefine(ref, flags);
    }

    public void create(int flags) { conn.checkWritable("virNodeDeviceCreate"); conn.d().nodeDevices().create(ref, flags); }

    public boolean getAutostart() { return conn.d().nodeDevices().getAutostart(ref); }

    public void setAutostart(boolean autostart) {
        conn.checkWritable("virNodeDeviceSetAutostart");
        conn.d().nodeDevices().setAutostart(ref, autostart);
    }

    public boolean isActive() { return conn.d().nodeDevices().isActive(ref); }

    public boolean isPersistent() { return conn.d().nodeDevices().isPersistent(ref); }

    public void detachFlags(String driverName, int flags) {
        conn.checkWritable("virNodeDeviceDetachFlags");
        conn.d().nodeDevices().detachFlags(ref, driverName, flags);
    }

    public void dettach() {
        conn.checkWritable("virNodeDeviceDettach");
        Connect.as("virNodeDeviceDettach", () -> conn.d().nodeDevices().detachFlags(ref, null, 0));
    }

    public void reAttach() { conn.checkWritable("virNodeDeviceReAttach"); conn.d().nodeDevices().reAttach(ref); }

    public void reset() { conn.checkWritable("virNodeDeviceReset"); conn.d().nodeDevices().reset(ref); }
}
