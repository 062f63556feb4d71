package org.jvirt.api;

import java.util.List;
import java.util.function.Function;
import org.jvirt.spi.ConnectOps;
import org.jvirt.spi.DomainBlockJobs;
import org.jvirt.spi.DomainCheckpoints;
import org.jvirt.spi.DomainConsoles;
import org.jvirt.spi.DomainDevices;
import org.jvirt.spi.DomainGuest;
import org.jvirt.spi.DomainLifecycle;
import org.jvirt.spi.DomainRegistry;
import org.jvirt.spi.DomainSaveRestore;
import org.jvirt.spi.DomainSnapshots;
import org.jvirt.spi.DomainStats;
import org.jvirt.spi.DomainTuning;
import org.jvirt.spi.DriverProvider.OpenRequest;
import org.jvirt.spi.EventOps;
import org.jvirt.spi.HypervisorConnection;
import org.jvirt.spi.InterfaceOps;
import org.jvirt.spi.NWFilterOps;
import org.jvirt.spi.NetworkOps;
import org.jvirt.spi.NodeDeviceOps;
import org.jvirt.spi.NodeOps;
import org.jvirt.spi.SecondaryDriverProvider;
import org.jvirt.spi.SecondaryDriverProvider.Facets;
import org.jvirt.spi.SecretOps;
import org.jvirt.spi.StoragePoolOps;
import org.jvirt.spi.StorageVolOps;

/**
 * A hypervisor connection with the facets it leaves at their defaults filled by secondary drivers, as libvirt's
 * {@code virConnectOpen} points {@code conn->storageDriver} (etc.) at the shared secondary drivers. Every facet the
 * primary implements stays the primary's.
 */
final class ComposedConnection implements HypervisorConnection {
    private final HypervisorConnection primary;
    private final List<Facets> lent;
    private final StoragePoolOps pools;
    private final StorageVolOps vols;
    private final NetworkOps networks;
    private final SecretOps secrets;
    private final InterfaceOps interfaces;
    private final NodeDeviceOps nodeDevices;
    private final NWFilterOps nwfilters;
    private final EventOps events;
    private final ConnectOps connect;

    private ComposedConnection(HypervisorConnection primary, List<Facets> lent) {
        this.primary = primary;
        this.lent = lent;
        pools = lent(Facets::storagePools);
        vols = lent(Facets::storageVols);
        networks = lent(Facets::networks);
        secrets = lent(Facets::secrets);
        interfaces = lent(Facets::interfaces);
        nodeDevices = lent(Facets::nodeDevices);
        nwfilters = lent(Facets::nwfilters);
        events = routedEvents();
        connect = ComposedConnectOps.of(primary.connect(), lent(Facets::connect));
    }

    /**
     * {@code primary} itself when no initialised secondary lends it anything, else the composition. A primary that
     * overrides every such facet (the remote driver) is never composed.
     */
    static HypervisorConnection compose(HypervisorConnection primary, OpenRequest request,
                                        List<SecondaryDriverProvider> secondaries) {
        if (secondaries.isEmpty() || !anyDefault(primary)) {
            return primary;
        }
        List<Facets> lent = new java.util.ArrayList<>();
        try {
            for (SecondaryDriverProvider s : secondaries) {
                Facets f = s.open(request);
                if (f != null) {
                    lent.add(f);
                }
            }
        } catch (RuntimeException e) {
            lent.forEach(Facets::close);
            throw e;
        }
        ComposedConnection c = new ComposedConnection(primary, List.copyOf(lent));
        if (!c.lendsAnything()) {
            // e.g. the test driver: it has its own storage, and nothing else is lent
            lent.forEach(Facets::close);
            return primary;
        }
        return c;
    }

    private boolean lendsAnything() {
        return connect != primary.connect() || storagePools() != primary.storagePools()
                || storageVols() != primary.storageVols()
                || networks() != primary.networks() || secrets() != primary.secrets()
                || interfaces() != primary.interfaces() || nodeDevices() != primary.nodeDevices()
                || nwfilters() != primary.nwfilters();
    }

    private static boolean anyDefault(HypervisorConnection c) {
        return Defaults.isDefault(c.storagePools()) || Defaults.isDefault(c.storageVols())
                || Defaults.isDefault(c.networks()) || Defaults.isDefault(c.secrets())
                || Defaults.isDefault(c.interfaces()) || Defaults.isDefault(c.nodeDevices())
                || Defaults.isDefault(c.nwfilters());
    }

    /**
     * Object events of a family go to the secondary that serves that family for this connection (its own event
     * state, as libvirt's storage driver has); domain events and the rest stay the primary's. Callback ids need not
     * be unique across the two: deregistration names the family.
     */
    private EventOps routedEvents() {
        java.util.Map<EventOps.Family, EventOps> routes = new java.util.EnumMap<>(EventOps.Family.class);
        route(routes, EventOps.Family.STORAGE_POOL, Defaults.isDefault(primary.storagePools()), Facets::storagePools);
        route(routes, EventOps.Family.NETWORK, Defaults.isDefault(primary.networks()), Facets::networks);
        route(routes, EventOps.Family.SECRET, Defaults.isDefault(primary.secrets()), Facets::secrets);
        route(routes, EventOps.Family.NODE_DEVICE, Defaults.isDefault(primary.nodeDevices()), Facets::nodeDevices);
        if (routes.isEmpty()) {
            return null;
        }
        return new EventOps() {
            @Override
            public int registerDomainEvent(org.jvirt.spi.Refs.DomainRef dom, int eventId,
                                           java.util.function.Consumer<org.jvirt.api.event.DomainEvent> sink) {
                return primary.events().registerDomainEvent(dom, eventId, sink);
            }

            @Override
            public void deregisterDomainEvent(int callbackId) {
                primary.events().deregisterDomainEvent(callbackId);
            }

            @Override
            public int registerObjectEvent(Family family, String objectKey, int eventId,
                                           java.util.function.Consumer<org.jvirt.api.event.ObjectEvent> sink) {
                return routes.getOrDefault(family, primary.events()).registerObjectEvent(family, objectKey, eventId,
                        sink);
            }

            @Override
            public void deregisterObjectEvent(Family family, int callbackId) {
                routes.getOrDefault(family, primary.events()).deregisterObjectEvent(family, callbackId);
            }
        };
    }

    /** The events of the first secondary that lends the family's facet, when the primary left it default. */
    private void route(java.util.Map<EventOps.Family, EventOps> routes, EventOps.Family family, boolean primaryDefault,
                       Function<Facets, ?> facet) {
        if (!primaryDefault) {
            return;
        }
        for (Facets f : lent) {
            if (facet.apply(f) != null) {
                if (f.events() != null) {
                    routes.put(family, f.events());
                }
                return;
            }
        }
    }

    /** The first lent facet of a kind, or null. */
    private <T> T lent(Function<Facets, T> accessor) {
        for (Facets f : lent) {
            T t = accessor.apply(f);
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    /** The primary's own facet unless it left it at the default and a secondary lends one. */
    private static <T> T pick(T own, T lent) {
        return lent != null && Defaults.isDefault(own) ? lent : own;
    }

    @Override public ConnectOps connect() { return connect; }

    @Override public NodeOps node() { return primary.node(); }

    @Override public DomainRegistry domains() { return primary.domains(); }

    @Override public DomainLifecycle lifecycle() { return primary.lifecycle(); }

    @Override public DomainSaveRestore saveRestore() { return primary.saveRestore(); }

    @Override public DomainDevices devices() { return primary.devices(); }

    @Override public DomainTuning tuning() { return primary.tuning(); }

    @Override public DomainGuest guest() { return primary.guest(); }

    @Override public DomainStats stats() { return primary.stats(); }

    @Override public DomainBlockJobs blockJobs() { return primary.blockJobs(); }

    @Override public DomainSnapshots snapshots() { return primary.snapshots(); }

    @Override public DomainCheckpoints checkpoints() { return primary.checkpoints(); }

    @Override public DomainConsoles consoles() { return primary.consoles(); }

    @Override public EventOps events() { return events != null ? events : primary.events(); }

    @Override public NetworkOps networks() { return pick(primary.networks(), networks); }

    @Override public StoragePoolOps storagePools() { return pick(primary.storagePools(), pools); }

    @Override public StorageVolOps storageVols() { return pick(primary.storageVols(), vols); }

    @Override public SecretOps secrets() { return pick(primary.secrets(), secrets); }

    @Override public InterfaceOps interfaces() { return pick(primary.interfaces(), interfaces); }

    @Override public NodeDeviceOps nodeDevices() { return pick(primary.nodeDevices(), nodeDevices); }

    @Override public NWFilterOps nwfilters() { return pick(primary.nwfilters(), nwfilters); }

    @Override
    public void close() {
        try {
            primary.close();
        } finally {
            lent.forEach(Facets::close);
        }
    }
}
