package org.jvirt.storage;

import java.util.function.Consumer;
import org.jvirt.api.event.ObjectEvent;
import org.jvirt.core.VirException;
import org.jvirt.spi.ConnectOps;
import org.jvirt.spi.EventOps;
import org.jvirt.spi.SecondaryDriverProvider;
import org.jvirt.spi.StoragePoolOps;
import org.jvirt.spi.StorageVolOps;

/**
 * What the storage driver lends one connection: the shared pool and volume functions, and storage pool event
 * registration owned by this connection, so that closing it drops its callbacks.
 */
final class StorageFacets implements SecondaryDriverProvider.Facets {
    private final StorageDriver driver;
    private final EventOps events = new EventOps() {
        @Override
        public int registerObjectEvent(Family family, String objectKey, int eventId, Consumer<ObjectEvent> sink) {
            check(family);
            return driver.events.registerObject(StorageFacets.this, family, objectKey, eventId, sink);
        }

        @Override
        public void deregisterObjectEvent(Family family, int callbackId) {
            check(family);
            driver.events.deregisterObject(StorageFacets.this, family, callbackId);
        }
    };

    private final ConnectOps connect = new StorageConnectOps();

    StorageFacets(StorageDriver driver) {
        this.driver = driver;
    }

    @Override
    public ConnectOps connect() {
        return connect;
    }

    private static void check(EventOps.Family family) {
        if (family != EventOps.Family.STORAGE_POOL) {
            throw VirException.invalidArg("the storage driver has no " + family + " events");
        }
    }

    @Override
    public StoragePoolOps storagePools() {
        return driver.pools;
    }

    @Override
    public StorageVolOps storageVols() {
        return driver.vols;
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
