package org.jvirt.network;

import java.util.function.Consumer;
import org.jvirt.api.event.ObjectEvent;
import org.jvirt.core.VirException;
import org.jvirt.spi.EventOps;
import org.jvirt.spi.NetworkOps;
import org.jvirt.spi.SecondaryDriverProvider;

/**
 * What the network driver lends one connection: the shared network functions, and network event registration
 * owned by this connection, so that closing it drops its callbacks.
 */
final class NetworkFacets implements SecondaryDriverProvider.Facets {
    private final NetworkDriver driver;
    private final EventOps events = new EventOps() {
        @Override
        public int registerObjectEvent(Family family, String objectKey, int eventId, Consumer<ObjectEvent> sink) {
            check(family);
            return driver.events.registerObject(NetworkFacets.this, family, objectKey, eventId, sink);
        }

        @Override
        public void deregisterObjectEvent(Family family, int callbackId) {
            check(family);
            driver.events.deregisterObject(NetworkFacets.this, family, callbackId);
        }
    };

    NetworkFacets(NetworkDriver driver) {
        this.driver = driver;
    }

    private static void check(EventOps.Family family) {
        if (family != EventOps.Family.NETWORK) {
            throw VirException.invalidArg("the network driver has no " + family + " events");
        }
    }

    @Override
    public NetworkOps networks() {
        return driver.networks;
    }

    @Override
    public EventOps events() {
        return events;
    }

    @Override
    public void close() {
        driver.events.removeOwner(this);
    }
}
