package org.jvirt.qemu.driver;

import org.jvirt.spi.ConnectOps;
import org.jvirt.spi.DomainConsoles;
import org.jvirt.spi.DomainLifecycle;
import org.jvirt.spi.DomainRegistry;
import org.jvirt.spi.EventOps;
import org.jvirt.spi.HypervisorConnection;
import org.jvirt.spi.NodeOps;
import org.jvirt.spi.support.BusEvents;

/** One client's connection to the QEMU driver: facets over the shared {@link QemuDriver} state. */
final class QemuConnection implements HypervisorConnection {
    private final QemuDriver driver;
    private final ConnectOps connect;
    private final NodeOps node = new HostNodeOps();
    private final DomainRegistry domains;
    private final DomainLifecycle lifecycle;
    private final QemuSaveRestore saveRestore;
    private final QemuSnapshots snapshots;
    private final EventOps events;
    private final org.jvirt.spi.DomainDevices devices;
    private final org.jvirt.spi.DomainGuest guest;
    private final org.jvirt.spi.DomainStats stats;
    private final org.jvirt.spi.DomainTuning tuning;
    private final DomainConsoles consoles;
    private final org.jvirt.spi.DomainBlockJobs blockJobs;

    QemuConnection(QemuDriver driver) {
        this.driver = driver;
        this.connect = new QemuConnectOps(driver);
        this.domains = new QemuDomains(driver);
        this.lifecycle = new QemuLifecycle(driver);
        this.devices = new QemuDevices(driver);
        this.guest = new QemuGuest(driver);
        this.stats = new QemuStats(driver);
        this.tuning = new QemuTuning(driver);
        this.saveRestore = new QemuSaveRestore(driver);
        this.snapshots = new QemuSnapshots(driver);
        this.consoles = new QemuConsoles(driver);
        this.blockJobs = new QemuBlockJobs(driver);
        this.events = new BusEvents(driver.events, this, java.util.Set.of());
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
    public DomainConsoles consoles() {
        return consoles;
    }

    @Override
    public org.jvirt.spi.DomainSaveRestore saveRestore() {
        return saveRestore;
    }

    @Override
    public org.jvirt.spi.DomainSnapshots snapshots() {
        return snapshots;
    }

    @Override
    public org.jvirt.spi.DomainBlockJobs blockJobs() {
        return blockJobs;
    }

    @Override
    public EventOps events() {
        return events;
    }

    @Override
    public org.jvirt.spi.DomainDevices devices() {
        return devices;
    }

    @Override
    public org.jvirt.spi.DomainGuest guest() {
        return guest;
    }

    @Override
    public org.jvirt.spi.DomainStats stats() {
        return stats;
    }

    @Override
    public org.jvirt.spi.DomainTuning tuning() {
        return tuning;
    }

    @Override
    public void close() {
        driver.events.removeOwner(this);
    }
}
