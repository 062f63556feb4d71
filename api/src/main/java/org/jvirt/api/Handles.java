package org.jvirt.api;

import org.jvirt.spi.Refs.CheckpointRef;
import org.jvirt.spi.Refs.DomainRef;
import org.jvirt.spi.Refs.InterfaceRef;
import org.jvirt.spi.Refs.NWFilterBindingRef;
import org.jvirt.spi.Refs.NWFilterRef;
import org.jvirt.spi.Refs.NetworkPortRef;
import org.jvirt.spi.Refs.NetworkRef;
import org.jvirt.spi.Refs.NodeDeviceRef;
import org.jvirt.spi.Refs.SecretRef;
import org.jvirt.spi.Refs.SnapshotRef;
import org.jvirt.spi.Refs.StoragePoolRef;
import org.jvirt.spi.Refs.StorageVolRef;

/**
 * Public handles made from wire handles without a lookup, as libvirtd's {@code get_nonnull_domain} calls
 * {@code virGetDomain}: the daemon must not turn every call into two driver calls, and the driver re-looks-up the
 * object anyway. Applications get handles from lookups; this is for the daemon's dispatch and drivers' wrappers.
 */
public final class Handles {
    private Handles() {}

    public static Domain domain(Connect c, DomainRef r) { return new Domain(c, r); }

    public static Network network(Connect c, NetworkRef r) { return new Network(c, r); }

    public static NetworkPort networkPort(Connect c, NetworkPortRef r) {
        return new NetworkPort(network(c, r.network()), r);
    }

    public static StoragePool storagePool(Connect c, StoragePoolRef r) { return new StoragePool(c, r); }

    public static StorageVol storageVol(Connect c, StorageVolRef r) { return new StorageVol(c, r); }

    public static Secret secret(Connect c, SecretRef r) { return new Secret(c, r); }

    public static Interface iface(Connect c, InterfaceRef r) { return new Interface(c, r); }

    public static NodeDevice nodeDevice(Connect c, NodeDeviceRef r) { return new NodeDevice(c, r); }

    public static NWFilter nwfilter(Connect c, NWFilterRef r) { return new NWFilter(c, r); }

    public static NWFilterBinding nwfilterBinding(Connect c, NWFilterBindingRef r) { return new NWFilterBinding(c, r); }

    public static DomainSnapshot snapshot(Connect c, SnapshotRef r) {
        return new DomainSnapshot(domain(c, r.domain()), r);
    }

    public static DomainCheckpoint checkpoint(Connect c, CheckpointRef r) {
        return new DomainCheckpoint(domain(c, r.domain()), r);
    }
}
