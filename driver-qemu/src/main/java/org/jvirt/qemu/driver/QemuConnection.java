package org.jvirt.qemu.driver;

import java.util.function.Consumer;
import org.jvirt.api.event.DomainEvent;
import org.jvirt.api.event.ObjectEvent;
import org.jvirt.spi.ConnectOps;
import org.jvirt.spi.DomainConsoles;
import org.jvirt.spi.DomainLifecycle;
import org.jvirt.spi.DomainRegistry;
import org.jvirt.spi.EventOps;
import org.jvirt.spi.HypervisorConnection;
import org.jvirt.spi.NodeOps;
import org.jvirt.spi.Refs.DomainRef;

/** One client's connection to the QEMU driver: facets over the shared {@link QemuDriver} state. */
final class QemuConnection implements HypervisorConnection {
    private final QemuDriver driver;
    private final ConnectOps connect;
    private final NodeOps node = new HostNodeOps();
    private final DomainRegistry domains;
    private final DomainLifecycle lifecycle;
    private final QemuSaveRestore saveRestore;
    private final EventOps events;
    private final org.jvirt.spi.DomainDevices devices;
    private final org.jvirt.spi.DomainGuest guest;
    private final DomainConsoles consoles;

    QemuConnection(QemuDriver driver) {
        this.driver = driver;
        this.connect = new QemuConnectOps(driver);
        this.domains = new QemuDomains(driver);
        this.lifecycle = new QemuLifecycle(driver);
        this.devices = new QemuDevices(driver);
        this.guest = new QemuGuest(driver);
        this.saveRestore = new QemuSaveRestore(driver);
        this.consoles = new QemuConsoles(driver);
        Object owner = this;
        this.events = new EventOps() {
            @Override
            public int registerDomainEvent(DomainRef dom, int eventId, Consumer<DomainEvent> sink) {
                return driver.events.registerDomain(owner, dom == null ? null : dom.uuid(), eventId, sink);
            }

            @Override
            public void deregisterDomainEvent(int callbackId) {
                driver.events.deregisterDomain(owner, callbackId);
            }

            @Override
            public int registerObjectEvent(Family family, String objectKey, int eventId,
                                           Consumer<ObjectEvent> sink) {
                return EventOps.super.registerObjectEvent(family, objectKey, eventId, sink);
            }
        };
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
    public void close() {
        driver.events.removeOwner(this);
    }
}
