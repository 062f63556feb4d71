package org.jvirt.spi;

/**
 * An open connection to one driver: what {@link DriverProvider#open} returns. Each facet is a cohesive slice of
 * libvirt's driver tables; a driver overrides the accessors of the facets it implements, and every function of a
 * facet it leaves alone answers VIR_ERR_NO_SUPPORT. The support matrix is computed from which methods are overridden.
 */
public interface HypervisorConnection extends AutoCloseable {
    ConnectOps connect();

    default NodeOps node() { return Defaults.NODE; }

    default DomainRegistry domains() { return Defaults.DOMAINS; }

    default DomainLifecycle lifecycle() { return Defaults.LIFECYCLE; }

    default DomainSaveRestore saveRestore() { return Defaults.SAVE_RESTORE; }

    default DomainDevices devices() { return Defaults.DEVICES; }

    default DomainTuning tuning() { return Defaults.TUNING; }

    default DomainGuest guest() { return Defaults.GUEST; }

    default DomainStats stats() { return Defaults.STATS; }

    default DomainBlockJobs blockJobs() { return Defaults.BLOCK_JOBS; }

    default DomainSnapshots snapshots() { return Defaults.SNAPSHOTS; }

    default DomainCheckpoints checkpoints() { return Defaults.CHECKPOINTS; }

    default DomainConsoles consoles() { return Defaults.CONSOLES; }

    default EventOps events() { return Defaults.EVENTS; }

    default NetworkOps networks() { return Defaults.NETWORKS; }

    default StoragePoolOps storagePools() { return Defaults.POOLS; }

    default StorageVolOps storageVols() { return Defaults.VOLS; }

    default SecretOps secrets() { return Defaults.SECRETS; }

    default InterfaceOps interfaces() { return Defaults.INTERFACES; }

    default NodeDeviceOps nodeDevices() { return Defaults.NODE_DEVICES; }

    default NWFilterOps nwfilters() { return Defaults.NWFILTERS; }

    /** {@code virConnectClose}: release what this connection holds (not shared driver state others still use). */
    @Override
    void close();

    /** Immutable all-default facet instances: every call answers VIR_ERR_NO_SUPPORT. */
    final class Defaults {
        static final NodeOps NODE = new NodeOps() {};
        static final DomainRegistry DOMAINS = new DomainRegistry() {};
        static final DomainLifecycle LIFECYCLE = new DomainLifecycle() {};
        static final DomainSaveRestore SAVE_RESTORE = new DomainSaveRestore() {};
        static final DomainDevices DEVICES = new DomainDevices() {};
        static final DomainTuning TUNING = new DomainTuning() {};
        static final DomainGuest GUEST = new DomainGuest() {};
        static final DomainStats STATS = new DomainStats() {};
        static final DomainBlockJobs BLOCK_JOBS = new DomainBlockJobs() {};
        static final DomainSnapshots SNAPSHOTS = new DomainSnapshots() {};
        static final DomainCheckpoints CHECKPOINTS = new DomainCheckpoints() {};
        static final DomainConsoles CONSOLES = new DomainConsoles() {};
        static final EventOps EVENTS = new EventOps() {};
        static final NetworkOps NETWORKS = new NetworkOps() {};
        static final StoragePoolOps POOLS = new StoragePoolOps() {};
        static final StorageVolOps VOLS = new StorageVolOps() {};
        static final SecretOps SECRETS = new SecretOps() {};
        static final InterfaceOps INTERFACES = new InterfaceOps() {};
        static final NodeDeviceOps NODE_DEVICES = new NodeDeviceOps() {};
        static final NWFilterOps NWFILTERS = new NWFilterOps() {};

        private Defaults() {}

        /** True when {@code facet} is one of these all-NO_SUPPORT instances (a secondary driver may fill it). */
        public static boolean isDefault(Object facet) {
            return facet == NODE || facet == DOMAINS || facet == LIFECYCLE || facet == SAVE_RESTORE
                    || facet == DEVICES || facet == TUNING || facet == GUEST || facet == STATS || facet == BLOCK_JOBS
                    || facet == SNAPSHOTS || facet == CHECKPOINTS || facet == CONSOLES || facet == EVENTS
                    || facet == NETWORKS || facet == POOLS || facet == VOLS || facet == SECRETS
                    || facet == INTERFACES || facet == NODE_DEVICES || facet == NWFILTERS;
        }
    }
}
