package org.jvirt.driver.test;

import java.util.function.Consumer;
import org.jvirt.spi.ConnectOps;
import org.jvirt.spi.DomainCheckpoints;
import org.jvirt.spi.DomainConsoles;
import org.jvirt.spi.DomainGuest;
import org.jvirt.spi.DomainLifecycle;
import org.jvirt.spi.DomainRegistry;
import org.jvirt.spi.DomainSaveRestore;
import org.jvirt.spi.DomainSnapshots;
import org.jvirt.spi.DomainStats;
import org.jvirt.spi.DomainTuning;
import org.jvirt.spi.EventOps;
import org.jvirt.spi.HypervisorConnection;
import org.jvirt.spi.InterfaceOps;
import org.jvirt.spi.NetworkOps;
import org.jvirt.spi.NodeDeviceOps;
import org.jvirt.spi.NodeOps;
import org.jvirt.spi.StoragePoolOps;
import org.jvirt.spi.StorageVolOps;
import org.jvirt.spi.support.BusEvents;

/**
 * One open test:// connection: facets over a (possibly shared) {@link TestDriver}. Closing it drops its event
 * callbacks and releases its hold on the state.
 */
final class TestConnection implements HypervisorConnection {
    private final TestDriver driver;
    private final Consumer<TestDriver> release;
    private final TestConnectOps connect;
    private final TestNodeOps node;
    private final TestDomainStore domains;
    private final TestLifecycle lifecycle;
    private final TestSaveRestore saveRestore;
    private final TestTuning tuning;
    private final BusEvents events;
    private final TestStats stats;
    private final TestGuest guest;
    private final TestSnapshots snapshots;
    private final TestCheckpoints checkpoints;
    private final TestNetworks networks;
    private final TestStorage storage;
    private final TestInterfaces interfaces;
    private final TestNodeDevices nodeDevices;
    private final TestConsoles consoles = new TestConsoles();
    private boolean closed;

    TestConnection(TestDriver driver, String uri, Consumer<TestDriver> release) {
        this.driver = driver;
        this.release = release;
        this.connect = new TestConnectOps(driver, uri);
        this.node = new TestNodeOps(driver);
        this.domains = new TestDomainStore(driver);
        this.lifecycle = new TestLifecycle(driver);
        this.saveRestore = new TestSaveRestore(driver);
        this.tuning = new TestTuning(driver);
        // libvirt's test driver raises network, pool and node device events; it has no secret driver.
        this.events = new BusEvents(driver.events, this, java.util.Set.of(EventOps.Family.NETWORK,
                EventOps.Family.STORAGE_POOL, EventOps.Family.NODE_DEVICE));
        this.stats = new TestStats(driver);
        this.guest = new TestGuest(driver);
        this.snapshots = new TestSnapshots(driver);
        this.checkpoints = new TestCheckpoints(driver);
        this.networks = new TestNetworks(driver);
        this.storage = new TestStorage(driver);
        this.interfaces = new TestInterfaces(driver);
        this.nodeDevices = new TestNodeDevices(driver);
    }

    @Override
    public ConnectOps connect() {
        return connect;
    }

    @Override
    public NodeOps node() {
        return node;
    }

    @Override
    public DomainRegistry domains() {
        return domains;
    }

    @Override
    public DomainLifecycle lifecycle() {
        return lifecycle;
    }

    @Override
    public DomainSaveRestore saveRestore() {
        return saveRestore;
    }

    @Override
    public DomainConsoles consoles() {
        return consoles;
    }

    @Override
    public DomainTuning tuning() {
        return tuning;
    }

    @Override
    public DomainStats stats() {
        return stats;
    }

    @Override
    public DomainGuest guest() {
        return guest;
    }

    @Override
    public DomainSnapshots snapshots() {
        return snapshots;
    }

    @Override
    public DomainCheckpoints checkpoints() {
        return checkpoints;
    }

    @Override
    public EventOps events() {
        return events;
    }

    @Override
    public NetworkOps networks() {
        return networks;
    }

    @Override
    public StoragePoolOps storagePools() {
        return storage;
    }

    @Override
    public StorageVolOps storageVols() {
        return storage.volumes();
    }

    @Override
    public InterfaceOps interfaces() {
        return interfaces;
    }

    @Override
    public NodeDeviceOps nodeDevices() {
        return nodeDevices;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        driver.events.removeOwner(this);
        release.accept(driver);
    }
}
