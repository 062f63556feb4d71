package org.jvirt.spi.support;

import java.util.Set;
import java.util.function.Consumer;
import org.jvirt.api.event.DomainEvent;
import org.jvirt.api.event.ObjectEvent;
import org.jvirt.spi.EventOps;
import org.jvirt.spi.Refs.DomainRef;

/**
 * One connection's event registrations on its driver's {@link DriverEventBus}: domain events always, object events
 * for the families the driver raises (the others answer NO_SUPPORT, naming the function, as libvirt does).
 */
public final class BusEvents implements EventOps {
    private final DriverEventBus bus;
    private final Object owner;
    private final Set<Family> families;

    /** {@code owner} is the connection: its registrations go when it closes ({@link DriverEventBus#removeOwner}). */
    public BusEvents(DriverEventBus bus, Object owner, Set<Family> families) {
        this.bus = bus;
        this.owner = owner;
        this.families = Set.copyOf(families);
    }

    @Override
    public int registerDomainEvent(DomainRef dom, int eventId, Consumer<DomainEvent> sink) {
        return bus.registerDomain(owner, dom == null ? null : dom.uuid(), eventId, sink);
    }

    @Override
    public void deregisterDomainEvent(int callbackId) {
        bus.deregisterDomain(owner, callbackId);
    }

    @Override
    public int registerObjectEvent(Family family, String objectKey, int eventId, Consumer<ObjectEvent> sink) {
        if (!families.contains(family)) {
            return EventOps.super.registerObjectEvent(family, objectKey, eventId, sink);
        }
        return bus.registerObject(owner, family, objectKey, eventId, sink);
    }

    @Override
    public void deregisterObjectEvent(Family family, int callbackId) {
        if (!families.contains(family)) {
            EventOps.super.deregisterObjectEvent(family, callbackId);
            return;
        }
        bus.deregisterObject(owner, family, callbackId);
    }
}
