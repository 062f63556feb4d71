package org.jvirt.qemu.driver;

import java.util.ArrayList;
import java.util.List;
import org.jvirt.api.event.DomainEvent;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.host.Command;
import org.jvirt.model.domain.DeviceKind;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDefFormatter;
import org.jvirt.model.domain.DomainDevice;
import org.jvirt.model.domain.XmlElem;
import org.jvirt.model.snapshot.DomainSnapshotDef;
import org.jvirt.model.snapshot.DomainSnapshotDef.SnapshotDisk;
import org.jvirt.model.snapshot.DomainSnapshotParser;
import org.jvirt.qemu.monitor.Json;
import org.jvirt.qemu.monitor.QmpConnection;
import org.jvirt.qemu.monitor.QmpException;
import org.jvirt.spi.DomainSnapshots;
import org.jvirt.spi.Refs.DomainRef;
import org.jvirt.spi.Refs.SnapshotRef;
import org.jvirt.spi.support.DomainStates;

/**
 * Internal snapshots (qemu_snapshot.c): a running guest's disks and RAM go into its qcow2 images with the monitor's
 * savevm/loadvm/delvm (what libvirt 9.0 uses), a shut-off guest's disks with {@code qemu-img snapshot}. Metadata and
 * the tree live in {@link QemuSnapshotStore}. External disk-only snapshots go to {@link QemuExternalSnapshots};
 * reverting to them and deleting their data are refused.
 */
final class QemuSnapshots implements DomainSnapshots {
    static final int CREATE_REDEFINE = 1;
    static final int CREATE_CURRENT = 2;
    static final int CREATE_NO_METADATA = 4;
    static final int CREATE_HALT = 8;
    static final int CREATE_DISK_ONLY = 16;
    static final int CREATE_ATOMIC = 128;
    static final int CREATE_VALIDATE = 512;
    static final int REVERT_RUNNING = 1;
    static final int REVERT_PAUSED = 2;
    static final int REVERT_FORCE = 4;
    static final int DELETE_CHILDREN = 1;
    static final int DELETE_METADATA_ONLY = 2;
    static final int DELETE_CHILDREN_ONLY = 4;
    static final int LIST_DESCENDANTS = 1;
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

    private final QemuDriver driver;
    private final QemuSnapshotStore store;
    private final DomainSnapshotParser parser = new DomainSnapshotParser();
    private final QemuExternalSnapshots external;

    QemuSnapshots(QemuDriver driver) {
        this.driver = driver;
        this.store = driver.snapshots;
        this.external = new QemuExternalSnapshots(driver);
    }

    /** A disk of the domain that can hold an internal snapshot: a writable qcow2 file. */
    private record Disk(String target, String file, String format) {}

    private static List<Disk> disks(DomainDef def) {
        List<Disk> out = new ArrayList<>();
        for (DomainDevice d : def.devices(DeviceKind.DISK)) {
            XmlElem x = d.xml();
            String device = x.attr("device") == null ? "disk" : x.attr("device");
            XmlElem target = x.child("target");
            XmlElem source = x.child("source");
            XmlElem drv = x.child("driver");
            if (!device.equals("disk") || x.child("readonly") != null || target == null) {
                continue;
            }
            out.add(new Disk(target.attr("dev"), source == null ? null : source.attr("file"),
                    drv == null || drv.attr("type") == null ? "raw" : drv.attr("type")));
        }
        return out;
    }

    private static DomainSnapshotDef find(QemuSnapshotStore.Tree t, String name) {
        DomainSnapshotDef m = t.moments.get(name);
        if (m == null) {
            throw VirException.of(ErrorNumber.NO_DOMAIN_SNAPSHOT, ErrorDomain.QEMU,
                    "no domain snapshot with matching name '" + name + "'");
        }
        return m;
    }

    // ---- create ----

    @Override
    public SnapshotRef snapshotCreateXML(DomainRef dom, String xml, int flags) {
        QemuErrors.checkFlags(flags, CREATE_REDEFINE | CREATE_CURRENT | CREATE_NO_METADATA | CREATE_HALT
                | CREATE_DISK_ONLY | 32 | 64 | CREATE_ATOMIC | 256 | CREATE_VALIDATE, "qemuDomainSnapshotCreateXML");
        QemuDomainObj obj = driver.find(dom);
        boolean redefine = (flags & CREATE_REDEFINE) != 0;
        DomainSnapshotDef req = parser.parse(xml, DomainSnapshotParser.PARSE_DISKS
                | (redefine ? DomainSnapshotParser.PARSE_REDEFINE : 0));
        QemuSnapshotStore.Tree t = store.tree(obj);
        obj.beginJob();
        try {
            synchronized (obj) {
                if (!obj.persistent && (flags & CREATE_HALT) != 0) {
                    throw QemuErrors.operationInvalid("cannot halt after transient domain snapshot");
                }
            }
            if (redefine) {
                synchronized (t) {
                    t.moments.put(req.name(), req);
                    if ((flags & CREATE_CURRENT) != 0) {
                        setCurrent(obj, t, req.name());
                    }
                    store.persist(obj, t, req);
                }
                return new SnapshotRef(obj.ref(), req.name());
            }
            boolean external = QemuExternalSnapshots.wanted(req, flags);
            if ((flags & CREATE_NO_METADATA) != 0 && !external) {
                throw QemuErrors.unsupported("metadata-less internal snapshots are not supported by jvirt's QEMU "
                        + "driver");
            }
            synchronized (t) {
                if (t.moments.containsKey(req.name())) {
                    throw VirException.of(ErrorNumber.OPERATION_FAILED, ErrorDomain.DOMAIN, "domain moment "
                            + req.name() + " already exists");
                }
            }
            if (external) {
                return createExternal(obj, t, req, flags);
            }
            boolean active;
            DomainDef def;
            int state;
            synchronized (obj) {
                active = obj.isActive();
                def = obj.live != null ? QemuDiskChain.withoutDetected(obj.live, obj.def) : obj.def;
                state = obj.state;
            }
            List<SnapshotDisk> sdisks = new ArrayList<>();
            List<Disk> selected = new ArrayList<>();
            for (Disk d : disks(def)) {
                String mode = req.disks().stream().filter(s -> d.target().equals(s.name())).map(SnapshotDisk::snapshot)
                        .filter(s -> s != null).findFirst().orElse("internal");
                if (mode.equals("internal")) {
                    if (!d.format().equals("qcow2")) {
                        throw QemuErrors.unsupported("internal snapshot for disk " + d.target()
                                + " unsupported for storage type " + d.format());
                    }
                    selected.add(d);
                }
                sdisks.add(new SnapshotDisk(d.target(), mode, "file", null, -1, null));
            }
            if (selected.isEmpty()) {
                throw QemuErrors.unsupported("nothing selected for snapshot");
            }
            String stateName = !active ? "shutoff" : state == DomainStates.PAUSED ? "paused" : "running";
            String domainXml = driver.format(def, DomainDefFormatter.SECURE | DomainDefFormatter.INACTIVE
                    | DomainDefFormatter.MIGRATABLE, -1);
            String parent;
            synchronized (t) {
                parent = t.current;
            }
            DomainSnapshotDef snap = req.withRuntime(stateName, parent, req.creationTime(), active ? "internal" : "no",
                    domainXml, inactiveXml(obj)).withDisks(sdisks);
            if (active) {
                createActive(obj, snap.name(), state == DomainStates.RUNNING);
            } else {
                for (Disk d : selected) {
                    qemuImg("-c", snap.name(), d.file());
                }
            }
            synchronized (t) {
                t.moments.put(snap.name(), snap);
                setCurrent(obj, t, snap.name());
                store.persist(obj, t, snap);
            }
            if (active && (flags & CREATE_HALT) != 0) {
                driver.process.stop(obj, DomainStates.SHUTOFF_FROM_SNAPSHOT, DomainStates.STOPPED_FROM_SNAPSHOT);
            }
            return new SnapshotRef(obj.ref(), snap.name());
        } finally {
            obj.endJob();
        }
    }

    /** External (disk-only or offline) snapshots: {@link QemuExternalSnapshots} makes the overlays. */
    private SnapshotRef createExternal(QemuDomainObj obj, QemuSnapshotStore.Tree t, DomainSnapshotDef req, int flags) {
        boolean active;
        DomainDef def;
        synchronized (obj) {
            active = obj.isActive();
            def = obj.live != null ? QemuDiskChain.withoutDetected(obj.live, obj.def) : obj.def;
        }
        String domainXml = driver.format(def, DomainDefFormatter.SECURE | DomainDefFormatter.INACTIVE
                | DomainDefFormatter.MIGRATABLE, -1);
        String parent;
        synchronized (t) {
            parent = t.current;
        }
        DomainSnapshotDef snap = external.create(obj, req, flags, parent, domainXml, inactiveXml(obj));
        if ((flags & CREATE_NO_METADATA) == 0) {
            synchronized (t) {
                t.moments.put(snap.name(), snap);
                setCurrent(obj, t, snap.name());
                store.persist(obj, t, snap);
            }
        }
        if (active && (flags & CREATE_HALT) != 0) {
            driver.process.stop(obj, DomainStates.SHUTOFF_FROM_SNAPSHOT, DomainStates.STOPPED_FROM_SNAPSHOT);
        }
        return new SnapshotRef(obj.ref(), snap.name());
    }

    /**
     * A running persistent domain's snapshot also records its persistent definition as {@code <inactiveDomain>}
     * (libvirt's parent.inactiveDom, from vm->newDef); null otherwise.
     */
    private String inactiveXml(QemuDomainObj obj) {
        DomainDef cfg;
        synchronized (obj) {
            if (!obj.isActive() || !obj.persistent) {
                return null;
            }
            cfg = obj.newDef != null ? obj.newDef : obj.def;
        }
        String x = driver.format(cfg, DomainDefFormatter.SECURE | DomainDefFormatter.INACTIVE
                | DomainDefFormatter.MIGRATABLE, -1).strip();
        return "<inactiveDomain" + x.substring("<domain".length(), x.length() - "</domain>".length())
                + "</inactiveDomain>";
    }

    /** Moves the current mark, rewriting the old current's file so only one says {@code <active>1}. */
    private void setCurrent(QemuDomainObj obj, QemuSnapshotStore.Tree t, String name) {
        String old = t.current;
        t.current = name;
        if (old != null && !old.equals(name) && t.moments.containsKey(old)) {
            store.persist(obj, t, t.moments.get(old));
        }
    }

    /** qemuSnapshotCreateActiveInternal: pause (PAUSED_SNAPSHOT), savevm, resume. */
    private void createActive(QemuDomainObj obj, String name, boolean running) {
        if (running) {
            pause(obj, DomainStates.PAUSED_SNAPSHOT);
        }
        try {
            hmp(obj, "savevm " + name, "Failed to take snapshot: ");
        } finally {
            if (running) {
                QemuLifecycle.qmp(obj, "cont", null);
                boolean emit;
                synchronized (obj) {
                    emit = obj.state == DomainStates.PAUSED;
                    if (emit) {
                        obj.setState(DomainStates.RUNNING, DomainStates.RUNNING_UNPAUSED);
                    }
                }
                if (emit) {
                    driver.emit(new DomainEvent.Lifecycle(obj.ref(), DomainStates.EVENT_RESUMED,
                            DomainStates.RESUMED_UNPAUSED));
                }
            }
        }
    }

    private void pause(QemuDomainObj obj, int reason) {
        synchronized (obj) {
            obj.pausedReason = reason;
        }
        try {
            QemuLifecycle.qmp(obj, "stop", null);
        } finally {
            synchronized (obj) {
                obj.pausedReason = DomainStates.PAUSED_UNKNOWN;
            }
        }
        boolean emit;
        synchronized (obj) {
            emit = obj.state == DomainStates.RUNNING;
            obj.setState(DomainStates.PAUSED, reason);
        }
        if (emit) {
            driver.emit(new DomainEvent.Lifecycle(obj.ref(), DomainStates.EVENT_SUSPENDED,
                    DomainStates.SUSPENDED_PAUSED));
        }
    }

    /** An HMP command through QMP; QEMU reports failures only as text, as libvirt's qemu_monitor_text.c parses. */
    private static void hmp(QemuDomainObj obj, String line, String errorPrefix) {
        hmp(QemuLifecycle.monitor(obj), line, errorPrefix);
    }

    private static void hmp(QmpConnection mon, String line, String errorPrefix) {
        Json r;
        try {
            r = mon.execute("human-monitor-command", Json.object("command-line", line), QemuProcess.QMP_TIMEOUT);
        } catch (QmpException e) {
            throw e.toVirException();
        }
        String out = r instanceof Json.Str s ? s.value().strip() : "";
        if (out.contains("rror") || out.contains("No block device") || out.contains("Could not")
                || out.contains("does not ") || out.contains("not found")) {
            throw VirException.of(ErrorNumber.OPERATION_FAILED, ErrorDomain.QEMU, errorPrefix + out);
        }
    }

    private void qemuImg(String op, String name, String file) {
        driver.config.host().run(Command.of("qemu-img", "snapshot", op, name, file));
    }

    // ---- queries ----

    @Override
    public List<SnapshotRef> listAllSnapshots(DomainRef dom, int flags) {
        QemuErrors.checkFlags(flags, 0x7FF, "qemuDomainListAllSnapshots");
        QemuDomainObj obj = driver.find(dom);
        QemuSnapshotStore.Tree t = store.tree(obj);
        synchronized (t) {
            List<DomainSnapshotDef> all = new ArrayList<>(t.moments.values());
            if ((flags & LIST_TOPOLOGICAL) != 0) {
                all = new ArrayList<>();
                for (DomainSnapshotDef r : t.moments.values()) {
                    if (r.parentName() == null || !t.moments.containsKey(r.parentName())) {
                        all.add(r);
                        all.addAll(t.descendants(r.name()));
                    }
                }
            }
            if ((flags & LIST_ROOTS) != 0) {
                all = all.stream().filter(m -> m.parentName() == null).toList();
            }
            return filter(obj, t, all, flags);
        }
    }

    private static List<SnapshotRef> filter(QemuDomainObj obj, QemuSnapshotStore.Tree t, List<DomainSnapshotDef> in,
                                            int flags) {
        List<SnapshotRef> out = new ArrayList<>();
        DomainRef ref = obj.ref();
        for (DomainSnapshotDef m : in) {
            boolean leaf = t.children(m.name()).isEmpty();
            if (!pair(flags, LIST_LEAVES, LIST_NO_LEAVES, leaf) || !pair(flags, LIST_METADATA, LIST_NO_METADATA,
                    true)) {
                continue;
            }
            int states = flags & (LIST_INACTIVE | LIST_ACTIVE | LIST_DISK_ONLY);
            if (states != 0) {
                boolean inactive = "shutoff".equals(m.state());
                boolean diskOnly = "disk-snapshot".equals(m.state());
                boolean ok = ((flags & LIST_INACTIVE) != 0 && inactive) || ((flags & LIST_ACTIVE) != 0 && !inactive
                        && !diskOnly) || ((flags & LIST_DISK_ONLY) != 0 && diskOnly);
                if (!ok) {
                    continue;
                }
            }
            if (!pair(flags, LIST_EXTERNAL, LIST_INTERNAL, QemuExternalSnapshots.isExternal(m))) {
                continue;
            }
            out.add(new SnapshotRef(ref, m.name()));
        }
        return out;
    }

    /** A pair of filter flags: neither or both set accepts all, else the one set must match. */
    private static boolean pair(int flags, int yes, int no, boolean value) {
        boolean y = (flags & yes) != 0;
        boolean n = (flags & no) != 0;
        return y == n || (y ? value : !value);
    }

    @Override
    public List<SnapshotRef> listAllChildren(SnapshotRef snap, int flags) {
        QemuErrors.checkFlags(flags, 0x7FF, "qemuDomainSnapshotListAllChildren");
        QemuDomainObj obj = driver.find(snap.domain());
        QemuSnapshotStore.Tree t = store.tree(obj);
        synchronized (t) {
            find(t, snap.name());
            List<DomainSnapshotDef> kids = (flags & LIST_DESCENDANTS) != 0 ? t.descendants(snap.name())
                    : t.children(snap.name());
            return filter(obj, t, kids, flags & ~LIST_DESCENDANTS);
        }
    }

    @Override
    public SnapshotRef snapshotLookupByName(DomainRef dom, String name, int flags) {
        QemuErrors.checkFlags(flags, 0, "qemuDomainSnapshotLookupByName");
        QemuDomainObj obj = driver.find(dom);
        QemuSnapshotStore.Tree t = store.tree(obj);
        synchronized (t) {
            return new SnapshotRef(obj.ref(), find(t, name).name());
        }
    }

    @Override
    public boolean hasCurrentSnapshot(DomainRef dom, int flags) {
        QemuErrors.checkFlags(flags, 0, "qemuDomainHasCurrentSnapshot");
        QemuSnapshotStore.Tree t = store.tree(driver.find(dom));
        synchronized (t) {
            return t.current != null;
        }
    }

    @Override
    public SnapshotRef snapshotCurrent(DomainRef dom, int flags) {
        QemuErrors.checkFlags(flags, 0, "qemuDomainSnapshotCurrent");
        QemuDomainObj obj = driver.find(dom);
        QemuSnapshotStore.Tree t = store.tree(obj);
        synchronized (t) {
            if (t.current == null) {
                throw VirException.of(ErrorNumber.NO_DOMAIN_SNAPSHOT, ErrorDomain.QEMU,
                        "the domain does not have a current snapshot");
            }
            return new SnapshotRef(obj.ref(), t.current);
        }
    }

    @Override
    public String snapshotGetXMLDesc(SnapshotRef snap, int flags) {
        QemuErrors.checkFlags(flags, 1, "qemuDomainSnapshotGetXMLDesc");
        QemuDomainObj obj = driver.find(snap.domain());
        QemuSnapshotStore.Tree t = store.tree(obj);
        synchronized (t) {
            return store.format(obj, find(t, snap.name()), false, false);
        }
    }

    @Override
    public SnapshotRef snapshotGetParent(SnapshotRef snap, int flags) {
        QemuErrors.checkFlags(flags, 0, "qemuDomainSnapshotGetParent");
        QemuDomainObj obj = driver.find(snap.domain());
        QemuSnapshotStore.Tree t = store.tree(obj);
        synchronized (t) {
            DomainSnapshotDef m = find(t, snap.name());
            if (m.parentName() == null) {
                throw VirException.of(ErrorNumber.NO_DOMAIN_SNAPSHOT, ErrorDomain.QEMU, "snapshot '" + m.name()
                        + "' does not have a parent");
            }
            return new SnapshotRef(obj.ref(), m.parentName());
        }
    }

    @Override
    public boolean snapshotIsCurrent(SnapshotRef snap, int flags) {
        QemuErrors.checkFlags(flags, 0, "qemuDomainSnapshotIsCurrent");
        QemuSnapshotStore.Tree t = store.tree(driver.find(snap.domain()));
        synchronized (t) {
            return find(t, snap.name()).name().equals(t.current);
        }
    }

    @Override
    public boolean snapshotHasMetadata(SnapshotRef snap, int flags) {
        QemuErrors.checkFlags(flags, 0, "qemuDomainSnapshotHasMetadata");
        QemuSnapshotStore.Tree t = store.tree(driver.find(snap.domain()));
        synchronized (t) {
            find(t, snap.name());
            return true;
        }
    }

    // ---- revert ----

    /**
     * qemuSnapshotRevert's transitions: a running guest reverting to an active snapshot stays in its QEMU (pause
     * with SUSPENDED_FROM_SNAPSHOT, loadvm, resume with RESUMED_FROM_SNAPSHOT unless paused); a shut-off guest starts
     * with loadvm before its vCPUs run (STARTED_FROM_SNAPSHOT); an inactive snapshot stops the guest
     * (STOPPED_FROM_SNAPSHOT), reverts its disks with qemu-img and starts it only when a flag asks.
     */
    @Override
    public void revertToSnapshot(SnapshotRef snap, int flags) {
        QemuErrors.checkFlags(flags, REVERT_RUNNING | REVERT_PAUSED | REVERT_FORCE, "qemuDomainRevertToSnapshot");
        if ((flags & REVERT_RUNNING) != 0 && (flags & REVERT_PAUSED) != 0) {
            throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU, "Flags "
                    + "'VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING' and 'VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED' are mutually "
                    + "exclusive");
        }
        QemuDomainObj obj = driver.find(snap.domain());
        QemuSnapshotStore.Tree t = store.tree(obj);
        DomainSnapshotDef m;
        synchronized (t) {
            m = find(t, snap.name());
        }
        if (QemuExternalSnapshots.isExternal(m)) {
            // qemuSnapshotRevertValidate in libvirt 9.0
            throw QemuErrors.unsupported("revert to external snapshot not supported yet");
        }
        obj.beginJob();
        try {
            boolean activeSnap = "running".equals(m.state()) || "paused".equals(m.state());
            boolean paused = (flags & REVERT_RUNNING) == 0 && ("paused".equals(m.state())
                    || (flags & REVERT_PAUSED) != 0);
            boolean active;
            synchronized (obj) {
                active = obj.isActive();
            }
            if (activeSnap && active) {
                revertLive(obj, m.name(), paused);
            } else if (activeSnap) {
                useSnapshotDef(obj, m);
                driver.process.start(obj, paused ? QemuProcess.START_PAUSED : 0, DomainStates.RUNNING_FROM_SNAPSHOT,
                        DomainStates.STARTED_FROM_SNAPSHOT, new QemuProcess.StartHook() {
                            @Override
                            public void beforeCont(QemuDomainObj o, QmpConnection mon) {
                                hmp(mon, "loadvm " + m.name(), "Failed to load snapshot: ");
                            }
                        });
                if (paused) {
                    obj.setState(DomainStates.PAUSED, DomainStates.PAUSED_FROM_SNAPSHOT);
                }
            } else {
                if (active) {
                    driver.process.stop(obj, DomainStates.SHUTOFF_FROM_SNAPSHOT, DomainStates.STOPPED_FROM_SNAPSHOT);
                }
                useSnapshotDef(obj, m);
                DomainDef def;
                synchronized (obj) {
                    def = obj.def;
                }
                for (Disk d : disks(def)) {
                    if (d.format().equals("qcow2") && m.disks().stream().anyMatch(s -> s.name().equals(d.target())
                            && "internal".equals(s.snapshot()))) {
                        qemuImg("-a", m.name(), d.file());
                    }
                }
                if ((flags & (REVERT_RUNNING | REVERT_PAUSED)) != 0) {
                    driver.process.start(obj, paused ? QemuProcess.START_PAUSED : 0,
                            DomainStates.RUNNING_FROM_SNAPSHOT, DomainStates.STARTED_FROM_SNAPSHOT);
                } else {
                    obj.setState(DomainStates.SHUTOFF, DomainStates.SHUTOFF_FROM_SNAPSHOT);
                }
            }
            synchronized (t) {
                setCurrent(obj, t, m.name());
                store.persist(obj, t, m);
            }
        } finally {
            obj.endJob();
        }
    }

    /** Transitions 5, 6, 8 and 9: loadvm inside the running QEMU. */
    private void revertLive(QemuDomainObj obj, String name, boolean paused) {
        boolean wasRunning;
        synchronized (obj) {
            wasRunning = obj.state == DomainStates.RUNNING;
            // set before `stop`, so the STOP event does not report a plain pause as well
            obj.setState(DomainStates.PAUSED, DomainStates.PAUSED_FROM_SNAPSHOT);
        }
        if (wasRunning) {
            QemuLifecycle.qmp(obj, "stop", null);
            driver.emit(new DomainEvent.Lifecycle(obj.ref(), DomainStates.EVENT_SUSPENDED,
                    DomainStates.SUSPENDED_FROM_SNAPSHOT));
        }
        hmp(obj, "loadvm " + name, "Failed to load snapshot: ");
        if (!paused) {
            obj.setState(DomainStates.RUNNING, DomainStates.RUNNING_FROM_SNAPSHOT);
            QemuLifecycle.qmp(obj, "cont", null);
            driver.emit(new DomainEvent.Lifecycle(obj.ref(), DomainStates.EVENT_RESUMED,
                    DomainStates.RESUMED_FROM_SNAPSHOT));
        }
        driver.process.writeStatusQuietly(obj);
    }

    /** A shut-off domain takes the definition stored with the snapshot, as libvirt's revert does. */
    private void useSnapshotDef(QemuDomainObj obj, DomainSnapshotDef m) {
        if (m.domainXml() == null) {
            return;
        }
        DomainDef def = driver.parse(m.domainXml(), true);
        boolean persistent;
        synchronized (obj) {
            obj.def = def;
            persistent = obj.persistent;
        }
        if (persistent) {
            driver.saveConfig(def);
        }
    }

    // ---- delete ----

    @Override
    public void snapshotDelete(SnapshotRef snap, int flags) {
        QemuErrors.checkFlags(flags, DELETE_CHILDREN | DELETE_METADATA_ONLY | DELETE_CHILDREN_ONLY,
                "qemuDomainSnapshotDelete");
        QemuDomainObj obj = driver.find(snap.domain());
        QemuSnapshotStore.Tree t = store.tree(obj);
        obj.beginJob();
        try {
            DomainSnapshotDef m;
            List<DomainSnapshotDef> gone = new ArrayList<>();
            synchronized (t) {
                m = find(t, snap.name());
                if ((flags & (DELETE_CHILDREN | DELETE_CHILDREN_ONLY)) != 0) {
                    gone.addAll(t.descendants(m.name()));
                }
                if ((flags & DELETE_CHILDREN_ONLY) == 0) {
                    gone.add(m);
                }
            }
            if ((flags & DELETE_METADATA_ONLY) == 0 && gone.stream().anyMatch(QemuExternalSnapshots::isExternal)) {
                // libvirt 9.0 merges the overlays back with block commits; that is not done here
                throw VirException.of(ErrorNumber.OPERATION_UNSUPPORTED, ErrorDomain.QEMU, "deletion of external disk "
                        + "snapshots' data (use VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY)");
            }
            if ((flags & DELETE_METADATA_ONLY) == 0) {
                for (DomainSnapshotDef g : gone) {
                    discard(obj, g);
                }
            }
            synchronized (t) {
                if ((flags & (DELETE_CHILDREN | DELETE_CHILDREN_ONLY)) == 0) {
                    for (DomainSnapshotDef child : t.children(m.name())) {
                        DomainSnapshotDef moved = new DomainSnapshotDef(child.name(), child.description(),
                                child.state(), m.parentName(), child.creationTime(), child.memory(),
                                child.memoryFile(), child.disks(), child.domainXml(), child.inactiveDomainXml(),
                                child.cookie());
                        t.moments.put(moved.name(), moved);
                        store.persist(obj, t, moved);
                    }
                }
                boolean currentGone = t.current != null && gone.stream().anyMatch(g -> g.name().equals(t.current));
                for (DomainSnapshotDef g : gone) {
                    t.moments.remove(g.name());
                    store.deleteFile(obj, g.name());
                }
                if (currentGone) {
                    String next = (flags & DELETE_CHILDREN_ONLY) != 0 ? m.name() : m.parentName();
                    t.current = next != null && t.moments.containsKey(next) ? next : null;
                    if (t.current != null) {
                        store.persist(obj, t, t.moments.get(t.current));
                    }
                }
            }
        } finally {
            obj.endJob();
        }
    }

    /** Removes a snapshot's data from the images: delvm while QEMU runs, else qemu-img on each qcow2 disk. */
    private void discard(QemuDomainObj obj, DomainSnapshotDef m) {
        boolean active;
        DomainDef def;
        synchronized (obj) {
            active = obj.isActive();
            def = obj.current();
        }
        if (active) {
            hmp(obj, "delvm " + m.name(), "Failed to delete snapshot: ");
            return;
        }
        for (Disk d : disks(def)) {
            if (d.format().equals("qcow2") && m.disks().stream().anyMatch(s -> s.name().equals(d.target())
                    && "internal".equals(s.snapshot()))) {
                qemuImg("-d", m.name(), d.file());
            }
        }
    }
}
