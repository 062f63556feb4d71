package org.jvirt.driver.test;

import java.util.ArrayList;
import java.util.List;
import org.jvirt.api.event.DomainEvent;
import org.jvirt.core.ErrorNumber;
import org.jvirt.spi.DomainSnapshots;
import org.jvirt.spi.Refs.DomainRef;
import org.jvirt.spi.Refs.SnapshotRef;

/** Domain snapshots of the test driver: internal, metadata-only moments with revert state transitions. */
final class TestSnapshots implements DomainSnapshots {
    static final int CREATE_REDEFINE = 1;
    static final int CREATE_CURRENT = 2;
    static final int CREATE_HALT = 8;
    static final int REVERT_RUNNING = 1;
    static final int REVERT_PAUSED = 2;
    static final int DELETE_CHILDREN = 1;
    static final int DELETE_METADATA_ONLY = 2;
    static final int DELETE_CHILDREN_ONLY = 4;
    static final int LIST_ROOTS = 1;
    static final int LIST_METADATA = 2;
    static final int LIST_LEAVES = 4;
    static final int LIST_NO_LEAVES = 8;
    static final int LIST_NO_METADATA = 16;
    static final int LIST_INACTIVE = 32;
    static final int LIST_ACTIVE = 64;
    static final int LIST_DISK_ONLY = 128;
    static final int LIST_INTERNAL = 256;
    static final int LIST_EXTERNAL = 512;
    static final int LIST_TOPOLOGICAL = 1024;

    private final TestDriver driver;
    private final SnapshotXml xml;

    TestSnapshots(TestDriver driver) {
        this.driver = driver;
        this.xml = driver.snapshotXml;
    }

    private static SnapshotRef ref(TestDomainObj obj, TestSnapshotTree.Moment m) {
        return new SnapshotRef(obj.ref(), m.name());
    }

    private TestSnapshotTree.Moment find(TestDomainObj obj, String name) {
        TestSnapshotTree.Moment m = obj.snapshots.get(name);
        if (m == null) {
            throw Errors.of(ErrorNumber.NO_DOMAIN_SNAPSHOT, "no domain snapshot with matching name '" + name + "'");
        }
        return m;
    }

    /** Flags testDomainSnapshotCreateXML accepts: no NO_METADATA, DISK_ONLY, REUSE_EXT or later ones. */
    static final int CREATE_SUPPORTED = 0x3CB;

    @Override
    public SnapshotRef snapshotCreateXML(DomainRef dom, String text, int flags) {
        Errors.checkFlags(flags, CREATE_SUPPORTED, "testDomainSnapshotCreateXML");
        boolean redefine = (flags & CREATE_REDEFINE) != 0;
        SnapshotXml.Request req = xml.parseSnapshot(text, redefine);
        if (req.manualDisk()) {
            throw Errors.of(ErrorNumber.CONFIG_UNSUPPORTED,
                    "'manual' snapshot mode is not supported by the test driver");
        }
        return driver.locked(() -> {
            TestDomainObj obj = driver.domain(dom);
            if (!obj.persistent && (flags & CREATE_HALT) != 0) {
                throw Errors.operationInvalid("cannot halt after transient domain snapshot");
            }
            if (!obj.checkpoints.isEmpty()) {
                throw Errors.of(ErrorNumber.OPERATION_UNSUPPORTED, "cannot create snapshot while checkpoint exists");
            }
            String name = req.name();
            TestSnapshotTree.Moment existing = obj.snapshots.get(name);
            if (redefine) {
                return redefine(obj, req, existing, (flags & CREATE_CURRENT) != 0);
            }
            if (existing != null) {
                throw Errors.of(ErrorNumber.OPERATION_FAILED, "domain moment " + name + " already exists");
            }
            TestSnapshotTree.Moment m = new TestSnapshotTree.Moment(name, obj.snapshots.current(),
                    req.description(), req.creationTime(), SnapshotXml.stateName(obj.state), obj.def, obj.isActive());
            obj.snapshots.put(m);
            obj.snapshots.setCurrent(name);
            if ((flags & CREATE_HALT) != 0 && obj.isActive()) {
                TestLifecycle.stop(driver, obj, DomainStates.SHUTOFF_FROM_SNAPSHOT,
                        DomainStates.STOPPED_FROM_SNAPSHOT);
            }
            return new SnapshotRef(obj.ref(), name);
        });
    }

    /**
     * REDEFINE: the moment takes the parent and state its XML names (so redefining an existing snapshot can move it
     * in the tree); it becomes current only with CREATE_CURRENT.
     */
    private static SnapshotRef redefine(TestDomainObj obj, SnapshotXml.Request req,
                                        TestSnapshotTree.Moment existing, boolean current) {
        String state = req.state() == null ? SnapshotXml.stateName(obj.state) : req.state();
        TestSnapshotTree.Moment m = new TestSnapshotTree.Moment(req.name(), req.parent(), req.description(),
                req.creationTime(), state, existing != null ? existing.domain() : obj.def,
                !"shutoff".equals(state));
        obj.snapshots.put(m);
        if (current) {
            obj.snapshots.setCurrent(m.name());
        }
        return new SnapshotRef(obj.ref(), m.name());
    }

    @Override
    public List<SnapshotRef> listAllSnapshots(DomainRef dom, int flags) {
        Errors.checkFlags(flags, 0x7FF, "testDomainListAllSnapshots");
        return driver.locked(() -> {
            TestDomainObj obj = driver.domain(dom);
            List<TestSnapshotTree.Moment> all = (flags & LIST_TOPOLOGICAL) != 0 ? obj.snapshots.topological(null)
                    : obj.snapshots.all();
            if ((flags & LIST_ROOTS) != 0) {
                all = all.stream().filter(m -> m.parent() == null).toList();
            }
            return filter(obj, all, flags);
        });
    }

    private static List<SnapshotRef> filter(TestDomainObj obj, List<TestSnapshotTree.Moment> in, int flags) {
        List<SnapshotRef> out = new ArrayList<>();
        for (TestSnapshotTree.Moment m : in) {
            boolean leaf = obj.snapshots.children(m.name()).isEmpty();
            if (!TestNetworks.pair(flags, LIST_LEAVES, LIST_NO_LEAVES, leaf)
                    || !TestNetworks.pair(flags, LIST_METADATA, LIST_NO_METADATA, true)) {
                continue;
            }
            int states = flags & (LIST_INACTIVE | LIST_ACTIVE | LIST_DISK_ONLY);
            if (states != 0) {
                boolean inactive = m.state().equals("shutoff");
                boolean ok = ((flags & LIST_INACTIVE) != 0 && inactive)
                        || ((flags & LIST_ACTIVE) != 0 && !inactive);
                if (!ok) {
                    continue;
                }
            }
            if ((flags & (LIST_INTERNAL | LIST_EXTERNAL)) == LIST_EXTERNAL) {
                continue;
            }
            out.add(ref(obj, m));
        }
        return out;
    }

    @Override
    public List<SnapshotRef> listAllChildren(SnapshotRef snap, int flags) {
        Errors.checkFlags(flags, 0x7FF, "testDomainSnapshotListAllChildren");
        return driver.locked(() -> {
            TestDomainObj obj = driver.domain(snap.domain());
            find(obj, snap.name());
            List<TestSnapshotTree.Moment> kids;
            if ((flags & 1) == 0) {
                kids = obj.snapshots.children(snap.name());
            } else if ((flags & LIST_TOPOLOGICAL) != 0) {
                kids = obj.snapshots.topological(snap.name());
            } else {
                kids = obj.snapshots.descendants(snap.name());
            }
            return filter(obj, kids, flags & ~1);
        });
    }

    @Override
    public SnapshotRef snapshotLookupByName(DomainRef dom, String name, int flags) {
        Errors.checkFlags(flags, 0, "testDomainSnapshotLookupByName");
        return driver.locked(() -> {
            TestDomainObj obj = driver.domain(dom);
            return ref(obj, find(obj, name));
        });
    }

    @Override
    public boolean hasCurrentSnapshot(DomainRef dom, int flags) {
        Errors.checkFlags(flags, 0, "testDomainHasCurrentSnapshot");
        return driver.locked(() -> driver.domain(dom).snapshots.current() != null);
    }

    @Override
    public SnapshotRef snapshotCurrent(DomainRef dom, int flags) {
        Errors.checkFlags(flags, 0, "testDomainSnapshotCurrent");
        return driver.locked(() -> {
            TestDomainObj obj = driver.domain(dom);
            String cur = obj.snapshots.current();
            if (cur == null) {
                throw Errors.of(ErrorNumber.NO_DOMAIN_SNAPSHOT, "the domain does not have a current snapshot");
            }
            return new SnapshotRef(obj.ref(), cur);
        });
    }

    @Override
    public String snapshotGetXMLDesc(SnapshotRef snap, int flags) {
        Errors.checkFlags(flags, 1, "testDomainSnapshotGetXMLDesc");
        return driver.locked(() -> {
            TestDomainObj obj = driver.domain(snap.domain());
            return SnapshotXml.formatSnapshot(find(obj, snap.name()), driver.domainXml, flags);
        });
    }

    @Override
    public SnapshotRef snapshotGetParent(SnapshotRef snap, int flags) {
        Errors.checkFlags(flags, 0, "testDomainSnapshotGetParent");
        return driver.locked(() -> {
            TestDomainObj obj = driver.domain(snap.domain());
            TestSnapshotTree.Moment m = find(obj, snap.name());
            if (m.parent() == null) {
                throw Errors.of(ErrorNumber.NO_DOMAIN_SNAPSHOT, "snapshot '" + m.name()
                        + "' does not have a parent");
            }
            return new SnapshotRef(obj.ref(), m.parent());
        });
    }

    @Override
    public boolean snapshotIsCurrent(SnapshotRef snap, int flags) {
        Errors.checkFlags(flags, 0, "testDomainSnapshotIsCurrent");
        return driver.locked(() -> {
            TestDomainObj obj = driver.domain(snap.domain());
            find(obj, snap.name());
            return snap.name().equals(obj.snapshots.current());
        });
    }

    @Override
    public boolean snapshotHasMetadata(SnapshotRef snap, int flags) {
        Errors.checkFlags(flags, 0, "testDomainSnapshotHasMetadata");
        return driver.locked(() -> {
            find(driver.domain(snap.domain()), snap.name());
            return true;
        });
    }

    /**
     * testDomainRevertToSnapshot: a running domain is stopped first; an active snapshot starts the domain again
     * (paused for a paused snapshot or REVERT_PAUSED, unless REVERT_RUNNING); an inactive one leaves it off even
     * when a flag asks to run it (only the events are sent, as libvirt's test driver does).
     */
    @Override
    public void revertToSnapshot(SnapshotRef snap, int flags) {
        Errors.checkFlags(flags, 0x7, "testDomainRevertToSnapshot");
        driver.lockedRun(() -> {
            TestDomainObj obj = driver.domain(snap.domain());
            TestSnapshotTree.Moment m = find(obj, snap.name());
            boolean activeSnap = m.domainActive();
            if (obj.isActive()) {
                TestLifecycle.stop(driver, obj, DomainStates.SHUTOFF_FROM_SNAPSHOT,
                        DomainStates.STOPPED_FROM_SNAPSHOT);
                if (!driver.domains.containsKey(obj.uuid())) {
                    driver.domains.put(obj.uuid(), obj);
                }
            }
            String oldName = obj.name();
            obj.def = m.domain();
            driver.renamed(obj, oldName);
            if (obj.persistent) {
                obj.newDef = null;
            }
            if (activeSnap) {
                TestLifecycle.startState(driver, obj, DomainStates.RUNNING_FROM_SNAPSHOT);
                driver.events.emit(new DomainEvent.Lifecycle(obj.ref(), DomainStates.EVENT_STARTED,
                        DomainStates.STARTED_FROM_SNAPSHOT));
                boolean paused = (flags & REVERT_RUNNING) == 0
                        && (m.state().equals("paused") || (flags & REVERT_PAUSED) != 0);
                if (paused) {
                    obj.setState(DomainStates.PAUSED, DomainStates.PAUSED_FROM_SNAPSHOT);
                    driver.events.emit(new DomainEvent.Lifecycle(obj.ref(), DomainStates.EVENT_SUSPENDED,
                            DomainStates.SUSPENDED_FROM_SNAPSHOT));
                }
            } else if ((flags & (REVERT_RUNNING | REVERT_PAUSED)) != 0) {
                // libvirt's test driver only queues the events of "transitions 2 and 3" for an inactive
                // snapshot: the domain itself stays shut off.
                driver.events.emit(new DomainEvent.Lifecycle(obj.ref(), DomainStates.EVENT_STARTED,
                        DomainStates.STARTED_FROM_SNAPSHOT));
                if ((flags & REVERT_PAUSED) != 0) {
                    driver.events.emit(new DomainEvent.Lifecycle(obj.ref(), DomainStates.EVENT_SUSPENDED,
                            DomainStates.SUSPENDED_FROM_SNAPSHOT));
                }
            }
            obj.snapshots.setCurrent(m.name());
        });
    }

    @Override
    public void snapshotDelete(SnapshotRef snap, int flags) {
        Errors.checkFlags(flags, DELETE_CHILDREN | DELETE_CHILDREN_ONLY, "testDomainSnapshotDelete");
        driver.lockedRun(() -> {
            TestDomainObj obj = driver.domain(snap.domain());
            TestSnapshotTree.Moment m = find(obj, snap.name());
            delete(obj.snapshots, m, flags);
        });
    }

    /** Deletes a moment (and with the CHILDREN flags its descendants), re-parenting orphans as libvirt does. */
    static void delete(TestSnapshotTree tree, TestSnapshotTree.Moment m, int flags) {
        String current = tree.current();
        List<String> gone = new ArrayList<>();
        if ((flags & (DELETE_CHILDREN | DELETE_CHILDREN_ONLY)) != 0) {
            for (TestSnapshotTree.Moment d : tree.descendants(m.name())) {
                gone.add(d.name());
            }
        } else {
            for (TestSnapshotTree.Moment child : tree.children(m.name())) {
                tree.put(child.withParent(m.parent()));
            }
        }
        if ((flags & DELETE_CHILDREN_ONLY) == 0) {
            gone.add(m.name());
        }
        for (String g : gone) {
            tree.remove(g);
        }
        if (current != null && gone.contains(current)) {
            String parent = m.parent();
            boolean keep = (flags & DELETE_CHILDREN_ONLY) != 0;
            tree.setCurrent(keep ? m.name() : parent);
        }
    }
}
