package org.jvirt.driver.test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jvirt.model.iface.InterfaceDef;
import org.jvirt.model.network.NetworkDef;
import org.jvirt.model.nodedev.NodeDeviceDef;
import org.jvirt.model.storage.StoragePoolDef;
import org.jvirt.model.storage.StorageVolDef;

/** The non-domain objects of one test driver state. Guarded by the state's lock. */
final class TestObjects {
    /** A virtual network: live definition, the persistent one while it runs, state flags. */
    static final class Network {
        NetworkDef def;
        NetworkDef newDef;
        boolean active;
        boolean persistent;
        boolean autostart;

        Network(NetworkDef def) {
            this.def = def;
        }

        String name() {
            return def.name();
        }

        UUID uuid() {
            return def.uuid();
        }
    }

    /** A storage pool with its volumes; sizes in bytes (the driver's, set into the definition when formatted). */
    static final class Pool {
        StoragePoolDef def;
        boolean active;
        boolean persistent;
        boolean autostart;
        long capacity;
        long allocation;
        final List<Volume> volumes = new ArrayList<>();

        Pool(StoragePoolDef def) {
            this.def = def;
        }

        String name() {
            return def.name();
        }

        UUID uuid() {
            return def.uuid();
        }

        String type() {
            return def.type().xmlName();
        }

        String targetPath() {
            return def.targetPath();
        }

        long available() {
            return capacity - allocation;
        }

        StoragePoolDef sized() {
            return def.withSizes(capacity, allocation, available());
        }
    }

    /** A fake volume: the test driver never touches a file. */
    static final class Volume {
        StorageVolDef def;

        Volume(StorageVolDef def) {
            this.def = def;
        }

        String name() {
            return def.name();
        }

        String key() {
            return def.key();
        }

        String path() {
            return def.target().path();
        }

        long allocation() {
            return def.allocation();
        }
    }

    /** A host interface. */
    static final class Iface {
        InterfaceDef def;
        boolean active;

        Iface(InterfaceDef def) {
            this.def = def;
        }

        String name() {
            return def.name();
        }

        /** The MAC address, or null for interfaces without one (bridges, bonds). */
        String mac() {
            return def.mac();
        }
    }

    /** A node device. */
    static final class NodeDev {
        NodeDeviceDef def;

        NodeDev(NodeDeviceDef def) {
            this.def = def;
        }

        String name() {
            return def.name();
        }

        String parent() {
            return def.parent();
        }
    }

    final List<Network> networks = new ArrayList<>();
    final List<Pool> pools = new ArrayList<>();
    List<Iface> interfaces = new ArrayList<>();
    /** The interfaces saved by virInterfaceChangeBegin, or null when no transaction runs. */
    List<Iface> interfacesBackup;
    final List<NodeDev> nodeDevices = new ArrayList<>();
}
