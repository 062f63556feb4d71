package org.jvirt.qemu.driver;

import java.util.ArrayList;
import java.util.List;
import org.jvirt.host.NetDev;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.XmlElem;
import org.jvirt.qemu.net.NetworkBridgeResolver;
import org.jvirt.qemu.net.PreparedInterfaces;
import org.jvirt.qemu.net.PreparedInterfaces.Device;
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

    @Override
    public XmlElem attach(QemuDomainObj obj, XmlElem iface) {
        QemuInterfaces.Connected c = interfaces.connectOne(iface);
        synchronized (obj) {
            PreparedInterfaces p = obj.hostNetState instanceof PreparedInterfaces prepared ? prepared
                    : new PreparedInterfaces(obj.live, List.of());
            List<Device> all = new ArrayList<>(p.created());
            all.addAll(c.created());
            obj.hostNetState = new PreparedInterfaces(p.def(), all);
        }
        return c.iface();
    }

    @Override
    public void detach(QemuDomainObj obj, XmlElem iface) {
        XmlElem target = iface.child("target");
        String dev = target == null ? null : target.attr("dev");
        if (dev == null) {
            return;
        }
        List<Device> mine;
        synchronized (obj) {
            if (!(obj.hostNetState instanceof PreparedInterfaces p)) {
                return;
            }
            mine = p.created().stream().filter(d -> d.name().equals(dev)).toList();
            List<Device> rest = new ArrayList<>(p.created());
            rest.removeAll(mine);
            obj.hostNetState = new PreparedInterfaces(p.def(), rest);
        }
        interfaces.removeDevices(mine);
    }
}
