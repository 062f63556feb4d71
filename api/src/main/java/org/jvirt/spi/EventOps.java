package org.jvirt.spi;

import java.util.function.Consumer;
import org.jvirt.api.event.DomainEvent;
import org.jvirt.api.event.ObjectEvent;
import org.jvirt.spi.Refs.DomainRef;

/**
 * Event registration (libvirt's {@code connect*EventRegisterAny}). The driver assigns callback ids, unique per
 * connection, and calls each sink from its own event thread, never while holding a domain's lock.
 */
public interface EventOps {
    /** Objects families for {@link #registerObjectEvent}. */
    enum Family { NETWORK, STORAGE_POOL, NODE_DEVICE, SECRET }

    /** {@code dom} null means every domain. Returns the callback id. */
    default int registerDomainEvent(DomainRef dom, int eventId, Consumer<DomainEvent> sink) {
        throw Unsupported.of("virConnectDomainEventRegisterAny");
    }

    default void deregisterDomainEvent(int callbackId) {
        throw Unsupported.of("virConnectDomainEventDeregisterAny");
    }

    /** {@code objectName} null means every object of the family (the object is matched by name or UUID). */
    default int registerObjectEvent(Family family, String objectKey, int eventId, Consumer<ObjectEvent> sink) {
        throw Unsupported.of(switch (family) {
            case NETWORK -> "virConnectNetworkEventRegisterAny";
            case STORAGE_POOL -> "virConnectStoragePoolEventRegisterAny";
            case NODE_DEVICE -> "virConnectNodeDeviceEventRegisterAny";
            case SECRET -> "virConnectSecretEventRegisterAny";
        });
    }

    default void deregisterObjectEvent(Family family, int callbackId) {
        throw Unsupported.of(switch (family) {
            case NETWORK -> "virConnectNetworkEventDeregisterAny";
            case STORAGE_POOL -> "virConnectStoragePoolEventDeregisterAny";
            case NODE_DEVICE -> "virConnectNodeDeviceEventDeregisterAny";
            case SECRET -> "virConnectSecretEventDeregisterAny";
        });
    }
}
