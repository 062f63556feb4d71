package org.jvirt.qemu.driver;

import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.XmlElem;

/**
 * The host side of a guest's network interfaces: made before QEMU starts (TAP devices, bridge ports), released
 * after it stops. {@link #prepare} returns the live definition with each interface's host device name in
 * {@code <target dev>}, which the command line then names.
 */
interface HostNetworking {
    DomainDef prepare(QemuDomainObj obj, DomainDef def);

    /** QEMU is about to run the guest's vCPUs: devices that must wait for that (macvtap) go up. */
    default void started(QemuDomainObj obj) {}

    /** A restarted daemon found the guest running: remember its devices so that stop releases them. */
    default void reconnected(QemuDomainObj obj, DomainDef live) {}

    void release(QemuDomainObj obj, DomainDef live);

    /** Hot-plug: the host device of one more interface, released with the others at stop; returns its live XML. */
    XmlElem attach(QemuDomainObj obj, XmlElem iface);

    /** Hot-unplug done (or a hot-plug failed): the interface's host device goes, if this daemon made it. */
    void detach(QemuDomainObj obj, XmlElem iface);
}
