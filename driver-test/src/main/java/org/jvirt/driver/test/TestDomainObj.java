package org.jvirt.driver.test;

import java.util.UUID;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.spi.Refs.DomainRef;

/**
 * One domain of a test driver state (libvirt's virDomainObj): the live definition, the persistent one while a
 * persistent domain runs ({@code newDef}), run state and reason, and the flags the driver keeps. Guarded by the
 * state's lock.
 */
final class TestDomainObj {
    DomainDef def;
    DomainDef newDef;
    int id = -1;
    int state = DomainStates.SHUTOFF;
    int reason = DomainStates.SHUTOFF_UNKNOWN;
    boolean persistent;
    boolean autostart;
    boolean hasManagedSave;
    final TestSnapshotTree snapshots = new TestSnapshotTree();
    final TestSnapshotTree checkpoints = new TestSnapshotTree();
    /** Tunables the domain model does not carry yet (see TestTuning); keyed per device where libvirt does. */
    final TestTunables tunables = new TestTunables();

    TestDomainObj(DomainDef def) {
        this.def = def;
    }

    String name() {
        return def.name();
    }

    UUID uuid() {
        return def.uuid();
    }

    boolean isActive() {
        return id >= 0;
    }

    DomainRef ref() {
        return new DomainRef(def.name(), def.uuid(), id);
    }

    /** The persistent configuration: newDef while running with one, else def. */
    DomainDef persistentDef() {
        return newDef != null ? newDef : def;
    }

    void setState(int s, int r) {
        state = s;
        reason = r;
    }
}
