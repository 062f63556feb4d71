package org.jvirt.spi.support;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jvirt.api.event.DomainEvent;
import org.jvirt.api.event.ObjectEvent;
import org.jvirt.core.VirException;
import org.jvirt.spi.EventOps.Family;

/**
 * The event queue of one driver state (libvirt's virObjectEventState, shared by every driver as libvirt's
 * object_event.c is): operations queue events while they hold the
 * state's lock; one virtual thread delivers them, in order, to the callbacks registered by every connection that
 * shares the state, so no callback ever runs under the driver's lock. Callback ids are unique within the state.
 */
public final class DriverEventBus implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.jvirt.spi.support");
    private static final Object STOP = new Object();

    private record DomainReg(Object owner, int id, UUID dom, int eventId, Consumer<DomainEvent> sink) {}

    private record ObjectReg(Object owner, int id, Family family, String key, int eventId,
                             Consumer<ObjectEvent> sink) {}

    private final List<DomainReg> domainRegs = new CopyOnWriteArrayList<>();
    private final List<ObjectReg> objectRegs = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Thread dispatcher;

    public DriverEventBus(String name) {
        dispatcher = Thread.ofVirtual().name(name + "-events").start(this::run);
    }

    public int registerDomain(Object owner, UUID dom, int eventId, Consumer<DomainEvent> sink) {
        if (eventId < 0 || eventId >= DomainEvent.ID_LAST) {
            throw VirException.invalidArg("unsupported event ID " + eventId);
        }
        int id = nextId.getAndIncrement();
        domainRegs.add(new DomainReg(owner, id, dom, eventId, sink));
        return id;
    }

    public int registerObject(Object owner, Family family, String key, int eventId, Consumer<ObjectEvent> sink) {
        if (eventId < 0 || eventId >= 2) {
            throw VirException.invalidArg("unsupported event ID " + eventId);
        }
        int id = nextId.getAndIncrement();
        objectRegs.add(new ObjectReg(owner, id, family, key, eventId, sink));
        return id;
    }

    public void deregisterDomain(Object owner, int id) {
        if (!domainRegs.removeIf(r -> r.owner == owner && r.id == id)) {
            throw notFound(id);
        }
    }

    public void deregisterObject(Object owner, Family family, int id) {
        if (!objectRegs.removeIf(r -> r.owner == owner && r.family == family && r.id == id)) {
            throw notFound(id);
        }
    }

    /** Drops every callback of a closing connection. */
    public void removeOwner(Object owner) {
        domainRegs.removeIf(r -> r.owner == owner);
        objectRegs.removeIf(r -> r.owner == owner);
    }

    public void emit(DomainEvent e) {
        queue.add(e);
    }

    public void emit(ObjectEvent e) {
        queue.add(e);
    }

    @Override
    public void close() {
        queue.add(STOP);
    }

    private static VirException notFound(int id) {
        return VirException.invalidArg("could not find event callback " + id + " for deletion");
    }

    private void run() {
        try {
            while (true) {
                Object e = queue.take();
                if (e == STOP) {
                    return;
                }
                if (e instanceof DomainEvent de) {
                    for (DomainReg r : domainRegs) {
                        if (r.eventId == de.eventId() && (r.dom == null || r.dom.equals(de.dom().uuid()))) {
                            deliver(() -> r.sink.accept(de));
                        }
                    }
                } else if (e instanceof ObjectEvent oe) {
                    Family family = familyOf(oe);
                    List<String> keys = keysOf(oe);
                    for (ObjectReg r : objectRegs) {
                        if (r.family == family && r.eventId == oe.eventId()
                                && (r.key == null || keys.contains(r.key))) {
                            deliver(() -> r.sink.accept(oe));
                        }
                    }
                }
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deliver(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "event callback failed", ex);
        }
    }

    private static Family familyOf(ObjectEvent e) {
        return switch (e) {
            case ObjectEvent.NetworkLifecycle n -> Family.NETWORK;
            case ObjectEvent.NetworkMetadataChange n -> Family.NETWORK;
            case ObjectEvent.StoragePoolLifecycle p -> Family.STORAGE_POOL;
            case ObjectEvent.StoragePoolRefresh p -> Family.STORAGE_POOL;
            case ObjectEvent.NodeDeviceLifecycle d -> Family.NODE_DEVICE;
            case ObjectEvent.NodeDeviceUpdate d -> Family.NODE_DEVICE;
            case ObjectEvent.SecretLifecycle s -> Family.SECRET;
            case ObjectEvent.SecretValueChanged s -> Family.SECRET;
        };
    }

    /** The names under which a registration may filter: the object's name and its UUID text. */
    private static List<String> keysOf(ObjectEvent e) {
        return switch (e) {
            case ObjectEvent.NetworkLifecycle n -> List.of(n.net().name(), String.valueOf(n.net().uuid()));
            case ObjectEvent.NetworkMetadataChange n -> List.of(n.net().name(), String.valueOf(n.net().uuid()));
            case ObjectEvent.StoragePoolLifecycle p -> List.of(p.pool().name(), String.valueOf(p.pool().uuid()));
            case ObjectEvent.StoragePoolRefresh p -> List.of(p.pool().name(), String.valueOf(p.pool().uuid()));
            case ObjectEvent.NodeDeviceLifecycle d -> List.of(d.dev().name());
            case ObjectEvent.NodeDeviceUpdate d -> List.of(d.dev().name());
            case ObjectEvent.SecretLifecycle s -> List.of(String.valueOf(s.secret().uuid()));
            case ObjectEvent.SecretValueChanged s -> List.of(String.valueOf(s.secret().uuid()));
        };
    }
}
