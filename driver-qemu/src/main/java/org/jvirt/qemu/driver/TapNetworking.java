package org.jvirt.qemu.driver;

import org.jvirt.host.NetDev;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.qemu.net.NetworkBridgeResolver;
import org.jvirt.qemu.net.PreparedInterfaces;
import org.jvirt.qemu.net.QemuInterfaces;

/**
 * {@link HostNetworking} over {@link QemuInterfaces}: TAP devices under libvirt's rule (an existing target dev is
 * refused, {@code managed='no'} ethernet is used untouched, vnet names never reused), attached to bridges, removed
 * at stop. After a daemon restart the devices to remove are read back from the live definition at reconnect.
 */
final class TapNetworking implements HostNetworking {
    private final QemuInterfaces interfaces;

    TapNetworking(NetDev netDev, NetworkBridgeResolver networks) {
        this.interfaces = new QemuInterfaces(netDev, networks);
    }

    @Override
    public DomainDef prepare(QemuDomainObj obj, DomainDef def) {
        PreparedInterfaces p = interfaces.prepare(def);
        synchronized (obj) {
            obj.hostNetState = p;
        }
        return p.def();
    }

    @Override
    public void started(QemuDomainObj obj) {
        Object state;
        synchronized (obj) {
            state = obj.hostNetState;
        }
        if (state instanceof PreparedInterfaces p) {
            interfaces.startDevices(p);
        }
    }

    @Override
    public void reconnected(QemuDomainObj obj, DomainDef live) {
        interfaces.reserveNames(live);
        synchronized (obj) {
            obj.hostNetState = new PreparedInterfaces(live, QemuInterfaces.createdBy(live));
        }
    }

    @Override
    public void release(QemuDomainObj obj, DomainDef live) {
        Object state;
        synchronized (obj) {
            state = obj.hostNetState;
            obj.hostNetState = null;
        }
        // Only what this daemon made (prepare) or found at reconnect is ours to remove. A start that failed in
        // prepare left nothing: never derive devices from the definition then, or a pre-existing TAP named in
        // <target dev> (the very device the start refused to touch) would be deleted.
        if (state instanceof PreparedInterfaces p) {
            interfaces.release(p);
        }
    }
}
