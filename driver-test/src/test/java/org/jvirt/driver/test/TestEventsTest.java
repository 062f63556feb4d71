package org.jvirt.driver.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jvirt.api.event.DomainEvent;
import org.jvirt.api.event.ObjectEvent;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.spi.EventOps.Family;
import org.jvirt.spi.HypervisorConnection;
import org.jvirt.spi.Refs.DomainRef;
import org.junit.jupiter.api.Test;

class TestEventsTest {
    private static <T> T next(LinkedBlockingQueue<T> q) throws InterruptedException {
        T e = q.poll(5, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no event");
        }
        return e;
    }

    @Test
    void lifecycleEventsArriveInOrderOnAnotherThread() throws Exception {
        try (HypervisorConnection c = TestSupport.openDefault()) {
            LinkedBlockingQueue<Object> q = new LinkedBlockingQueue<>();
            Thread caller = Thread.currentThread();
            c.events().registerDomainEvent(null, DomainEvent.ID_LIFECYCLE, e -> {
                q.add(e);
                q.add(Thread.currentThread() != caller);
            });
            DomainRef test = c.domains().lookupByName("test");
            c.lifecycle().suspend(test);
            c.lifecycle().resume(test);
            c.lifecycle().destroy(test, 0);
            c.lifecycle().create(test, 0);
            c.saveRestore().managedSave(test, 0);
            List<int[]> expected = List.of(new int[] {3, 0}, new int[] {4, 0}, new int[] {5, 1}, new int[] {2, 0},
                    new int[] {5, 4});
            for (int[] ex : expected) {
                DomainEvent.Lifecycle e = (DomainEvent.Lifecycle) next(q);
                assertEquals(List.of(ex[0], ex[1]), List.of(e.event(), e.detail()));
                assertEquals(true, next(q));
            }
        }
    }

    @Test
    void rebootAndResetEmitNoLifecycleEvent() throws Exception {
        try (HypervisorConnection c = TestSupport.openDefault()) {
            LinkedBlockingQueue<DomainEvent> q = new LinkedBlockingQueue<>();
            c.events().registerDomainEvent(null, DomainEvent.ID_LIFECYCLE, q::add);
            DomainRef test = c.domains().lookupByName("test");
            c.lifecycle().reboot(test, 0);
            c.lifecycle().reset(test, 0);
            c.lifecycle().suspend(test);
            DomainEvent.Lifecycle e = (DomainEvent.Lifecycle) next(q);
            assertEquals(3, e.event());
        }
    }

    @Test
    void eventsReachEveryConnectionSharingTheDefaultState() throws Exception {
        TestDriverProvider p = new TestDriverProvider();
        try (HypervisorConnection a = TestSupport.open(p, "test:///default");
             HypervisorConnection b = TestSupport.open(p, "test:///default")) {
            LinkedBlockingQueue<DomainEvent> q = new LinkedBlockingQueue<>();
            int id = b.events().registerDomainEvent(null, DomainEvent.ID_LIFECYCLE, q::add);
            a.lifecycle().destroy(a.domains().lookupByName("test"), 0);
            assertEquals(5, ((DomainEvent.Lifecycle) next(q)).event());
            TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.NONE,
                    "invalid argument: could not find event callback " + id + " for deletion",
                    () -> a.events().deregisterDomainEvent(id));
            b.events().deregisterDomainEvent(id);
        }
    }

    @Test
    void callbackIdsAreDistinct() {
        try (HypervisorConnection c = TestSupport.openDefault()) {
            int a = c.events().registerDomainEvent(null, DomainEvent.ID_LIFECYCLE, e -> { });
            int b = c.events().registerObjectEvent(Family.NETWORK, null, 0, e -> { });
            assertNotEquals(a, b);
        }
    }

    @Test
    void metadataChangeIsAnnounced() throws Exception {
        try (HypervisorConnection c = TestSupport.openDefault()) {
            LinkedBlockingQueue<DomainEvent> q = new LinkedBlockingQueue<>();
            c.events().registerDomainEvent(null, DomainEvent.ID_METADATA_CHANGE, q::add);
            c.domains().setMetadata(c.domains().lookupByName("test"), 0, "hello", null, null, 0);
            DomainEvent.MetadataChange e = (DomainEvent.MetadataChange) next(q);
            assertEquals(0, e.type());
        }
    }

    @Test
    void networkAndPoolEventsAreFilteredByObject() throws Exception {
        try (HypervisorConnection c = TestSupport.openDefault()) {
            LinkedBlockingQueue<ObjectEvent> q = new LinkedBlockingQueue<>();
            c.events().registerObjectEvent(Family.NETWORK, "default", 0, q::add);
            c.events().registerObjectEvent(Family.STORAGE_POOL, null, 1, q::add);
            c.networks().destroy(c.networks().lookupByName("default"));
            var net = (ObjectEvent.NetworkLifecycle) next(q);
            assertEquals(List.of("default", 3, 0), List.of(net.net().name(), net.event(), net.detail()));
            c.storagePools().refresh(c.storagePools().lookupByName("default-pool"), 0);
            assertTrue(next(q) instanceof ObjectEvent.StoragePoolRefresh);
        }
    }

    @Test
    void callbacksMayCallBackIntoTheDriver() throws Exception {
        try (HypervisorConnection c = TestSupport.openDefault()) {
            LinkedBlockingQueue<Integer> q = new LinkedBlockingQueue<>();
            c.events().registerDomainEvent(null, DomainEvent.ID_LIFECYCLE,
                    e -> q.add(c.lifecycle().getState(e.dom(), 0).state()));
            DomainRef test = c.domains().lookupByName("test");
            c.lifecycle().suspend(test);
            assertEquals(3, next(q));
        }
    }

    @Test
    void closedConnectionGetsNoMoreEvents() throws Exception {
        TestDriverProvider p = new TestDriverProvider();
        try (HypervisorConnection a = TestSupport.open(p, "test:///default")) {
            LinkedBlockingQueue<DomainEvent> q = new LinkedBlockingQueue<>();
            HypervisorConnection b = TestSupport.open(p, "test:///default");
            b.events().registerDomainEvent(null, DomainEvent.ID_LIFECYCLE, q::add);
            a.events().registerDomainEvent(null, DomainEvent.ID_LIFECYCLE, q::add);
            b.close();
            a.lifecycle().suspend(a.domains().lookupByName("test"));
            next(q);
            assertEquals(null, q.poll(300, TimeUnit.MILLISECONDS));
        }
    }
}
