package org.jvirt.driver.test;

import java.util.function.Consumer;
import org.jvirt.api.event.DomainEvent;
import org.jvirt.api.event.ObjectEvent;
import org.jvirt.spi.EventOps;
import org.jvirt.spi.Refs.DomainRef;

/** Event registration of one connection on its state's {@link TestEventBus}. */
final class TestEvents implements EventOps {
    private final TestDriver driver;
    private final Object owner;

    TestEvents(TestDriver driver, Object owner) {
        this.driver = driver;
        this.owner = owner;
    }

    @Override
    public int registerDomainEvent(DomainRef dom, int eventId, Consumer<DomainEvent> sink) {
        return driver.events.registerDomain(owner, dom == null ? null : dom.uuid(), eventId, sink);
    }

    @Override
    public void deregisterDomainEvent(int callbackId) {
        driver.events.deregisterDomain(owner, callbackId);
    }

    @Override
    public int registerObjectEvent(Family family, String objectKey, int eventId, Consumer<ObjectEvent> sink) {
        if (family == Family.SECRET) {
            return EventOps.super.registerObjectEvent(family, objectKey, eventId, sink);
        }
        return driver.events.registerObject(owner, family, objectKey, eventId, sink);
    }

    @Override
    public void deregisterObjectEvent(Family family, int callbackId) {
        if (family == Family.SECRET) {
            EventOps.super.deregisterObjectEvent(family, callbackId);
            return;
        }
        driver.events.deregisterObject(owner, family, callbackId);
    }
}
