package org.jvirt.spi;

/**
 * A secondary driver as {@link java.util.ServiceLoader} finds it: libvirt's storage, network, secret... drivers,
 * which own no URI of their own but serve the object facets of every local stateful hypervisor connection of a
 * daemon ({@code virSetSharedStorageDriver} and friends). The lifecycle is {@link DriverProvider}'s:
 * {@link #stateInitialize} once in the daemon, {@link #stateCleanup} at exit. A secondary that was never initialised
 * (any client process) offers nothing, so the remote driver carries those calls to the daemon, which composes.
 *
 * <p>{@link org.jvirt.api.Connect} composes: a local connection that leaves a facet at
 * {@link HypervisorConnection.Defaults} gets the facet of the first initialised secondary that offers it. A driver
 * that overrides a facet (the test driver's own storage, the remote driver's forwarding) keeps its own.
 */
public interface SecondaryDriverProvider {
    /** The driver's name, e.g. "storage". */
    String name();

    /** libvirt's {@code virStateInitialize} for this driver; see {@link DriverProvider#stateInitialize}. */
    default void stateInitialize(DriverProvider.StateContext context) {}

    /** libvirt's {@code virStateCleanup}: the daemon is exiting. */
    default void stateCleanup() {}

    /**
     * A service this driver offers the hypervisor drivers of its daemon (the network driver: {@link NetworkBridges}),
     * or null. Asked for after {@link #stateInitialize}, at any time; the answer may delegate to state that comes
     * and goes with initialisation.
     */
    default <T> T service(Class<T> type) {
        return null;
    }

    /** The daemon's services: the first of {@code secondaries} that offers a type wins. */
    static DriverProvider.Services servicesOf(java.util.List<SecondaryDriverProvider> secondaries) {
        java.util.List<SecondaryDriverProvider> list = java.util.List.copyOf(secondaries);
        return new DriverProvider.Services() {
            @Override
            public <T> T lookup(Class<T> type) {
                for (SecondaryDriverProvider s : list) {
                    T t = s.service(type);
                    if (t != null) {
                        return t;
                    }
                }
                return null;
            }
        };
    }

    /**
     * The facets this driver lends to a connection a hypervisor driver just opened for {@code request}; null when it
     * lends nothing (not initialised, or the URI is not one it serves).
     */
    Facets open(DriverProvider.OpenRequest request);

    /** What a secondary lends one connection: null for a facet it does not serve. Closed with the connection. */
    interface Facets extends AutoCloseable {
        default StoragePoolOps storagePools() { return null; }

        default StorageVolOps storageVols() { return null; }

        default NetworkOps networks() { return null; }

        default SecretOps secrets() { return null; }

        default InterfaceOps interfaces() { return null; }

        default NodeDeviceOps nodeDevices() { return null; }

        default NWFilterOps nwfilters() { return null; }

        /**
         * Connection-level functions this secondary serves (the storage driver: pool capabilities and source
         * discovery); only the methods the hypervisor driver leaves at their defaults are taken from it.
         */
        default ConnectOps connect() { return null; }

        /**
         * Event registration for the object families of the facets lent here (storage pool events with the pool
         * facet...); domain events and every other family stay the hypervisor driver's. Null when none.
         */
        default EventOps events() { return null; }

        /** Releases what this connection holds in the secondary (event callbacks...). */
        @Override
        default void close() {}
    }
}
