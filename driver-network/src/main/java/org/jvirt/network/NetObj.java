package org.jvirt.network;

import org.jvirt.host.ManagedProcess;
import org.jvirt.model.network.NetworkDef;
import org.jvirt.spi.Refs.NetworkRef;

/**
 * One network (libvirt's virNetworkObj): its definition, the one that replaces it at the next stop
 * ({@code newDef}, set by a define while active), and what runs for it on the host. Guarded by the driver lock.
 */
final class NetObj {
    NetworkDef def;
    NetworkDef newDef;
    boolean active;
    boolean persistent;
    boolean autostart;
    /** dnsmasq serving DHCP/DNS on the bridge; null when the network needs none or is inactive. */
    ManagedProcess dnsmasq;

    NetObj(NetworkDef def) {
        this.def = def;
    }

    String name() {
        return def.name();
    }

    NetworkRef ref() {
        return new NetworkRef(def.name(), def.uuid());
    }

    /** The definition a persistent network returns to when stopped. */
    NetworkDef persistentDef() {
        return newDef != null ? newDef : def;
    }
}
