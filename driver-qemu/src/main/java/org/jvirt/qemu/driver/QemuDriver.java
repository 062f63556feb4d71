package org.jvirt.qemu.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jvirt.api.event.DomainEvent;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.host.AtomicFile;
import org.jvirt.host.DefinitionFiles;
import org.jvirt.host.NetDev;
import org.jvirt.host.PathGuard;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDefFormatter;
import org.jvirt.model.domain.DomainDefParser;
import org.jvirt.model.domain.ParseOptions;
import org.jvirt.qemu.caps.QemuCaps;
import org.jvirt.qemu.caps.QemuCapsCache;
import org.jvirt.qemu.cgroup.QemuCgroups;
import org.jvirt.qemu.net.NetworkBridgeResolver;
import org.jvirt.host.cgroup.CgroupManager;
import org.jvirt.spi.Refs.DomainRef;
import org.jvirt.spi.support.DriverEventBus;

/**
 * The QEMU driver's state for one daemon (libvirt's virQEMUDriver): the domain list, the persistent configs on disk,
 * the probed capabilities, the event queue and the host network devices. Shared by every connection; each domain
 * carries its own lock and job, so there is no driver-wide lock on the hot paths.
 */
final class QemuDriver implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.jvirt.qemu.driver");

    final QemuDriverConfig config;
    final QemuCapsCache caps;
    final DriverEventBus events = new DriverEventBus("qemu-driver");
    final NetDev netDev;
    final QemuProcess process;
    final QemuGraphicsPorts graphicsPorts = new QemuGraphicsPorts();
    /** Snapshot metadata of every domain (QemuSnapshots). */
    final QemuSnapshotStore snapshots = new QemuSnapshotStore(this);
    /** The guest agents' channels (QemuAgents). */
    final QemuAgents agents = new QemuAgents(this);
    private final HostNetworking hostNet;
    private final DomainCgroups cgroups;
    private final DomainDefParser parser = new DomainDefParser();
    private final SecureRandom random = new SecureRandom();
    private final Map<UUID, QemuDomainObj> domains = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    /** Serialises changes to the set of domains (define/undefine/create/rename), never a running call. */
    private final Object listLock = new Object();

    QemuDriver(QemuDriverConfig config, QemuCapsCache caps) {
        this(config, caps, name -> null);
    }

    /**
     * @param networks the bridge of each virtual network (the network driver's, through the daemon's
     *        StateContext); without one every {@code <interface type='network'>} fails with "no network with
     *        matching name"
     */
    QemuDriver(QemuDriverConfig config, QemuCapsCache caps, NetworkBridgeResolver networks) {
        this.config = config;
        this.caps = caps;
        this.netDev = new NetDev(config.host());
        for (Path d : List.of(config.configDir(), config.autostartDir(), config.stateDir(), config.logDir(),
                config.libDir(), config.saveDir(), config.dumpDir(), config.cacheDir())) {
            try {
                Files.createDirectories(d);
            } catch (IOException e) {
                throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.QEMU,
                        "cannot create directory '" + d + "': " + e.getMessage());
            }
        }
        this.process = new QemuProcess(this);
        this.hostNet = new TapNetworking(netDev, networks);
        this.cgroups = cgroupsFor(config);
    }

    /** libvirt's qemuStateInitialize: persistent configs, then running guests (status files), then autostart. */
    void initialize() {
        loadConfigs();
        snapshots.load();
        process.reconnectAll(config.stateDir());
        autostartAll();
    }

    private void loadConfigs() {
        for (Path f : DefinitionFiles.xmlFiles(config.configDir())) {
            try {
                DomainDef def = parse(Files.readString(f), true);
                QemuDomainObj obj = new QemuDomainObj(def, true);
                obj.autostart = Files.exists(autostartLink(def.name()));
                obj.hasManagedSave = Files.exists(managedSavePath(def.name()));
                if (obj.hasManagedSave) {
                    obj.setState(org.jvirt.spi.support.DomainStates.SHUTOFF,
                            org.jvirt.spi.support.DomainStates.SHUTOFF_SAVED);
                }
                domains.put(def.uuid(), obj);
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "skipping config {0}: {1}", f, e.getMessage());
            }
        }
    }

    private void autostartAll() {
        for (QemuDomainObj obj : list()) {
            boolean start;
            synchronized (obj) {
                start = obj.autostart && !obj.isActive();
            }
            if (start) {
                Thread.ofVirtual().name("qemu-autostart").start(() -> {
                    try {
                        process.startJob(obj, 0, true);
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "autostart of {0} failed: {1}", obj.name(),
                                e.getMessage());
                    }
                });
            }
        }
    }

    // ---- parsing and formatting ----

    /** Domain XML with the QEMU driver's post-parse defaults; {@code inactive} for define/create input. */
    DomainDef parse(String xml, boolean inactive) {
        ParseOptions opts = new ParseOptions("x86_64", Set.of("qemu", "kvm"), inactive, false, random);
        DomainDef def = parser.parse(xml, opts);
        return QemuPostParse.apply(def, this);
    }

    /** A live definition from a status file: ids, aliases and generated names are kept, no defaults added. */
    DomainDef parseLive(String xml) {
        return parser.parse(xml, new ParseOptions("x86_64", Set.of("qemu", "kvm"), false, false, random));
    }

    String format(DomainDef def, int flags, int id) {
        return DomainDefFormatter.format(def, flags, id);
    }

    QemuCaps capsFor(DomainDef def) {
        Path emulator = def.emulator() != null ? Path.of(def.emulator()) : config.emulator();
        if (!Files.isExecutable(emulator)) {
            throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.QEMU,
                    "Cannot check QEMU binary " + emulator + ": No such file or directory");
        }
        return caps.get(emulator);
    }

    // ---- the domain list ----

    List<QemuDomainObj> list() {
        List<QemuDomainObj> l = new ArrayList<>(domains.values());
        l.sort(Comparator.comparing(QemuDomainObj::name));
        return l;
    }

    QemuDomainObj find(DomainRef ref) {
        QemuDomainObj obj = ref.uuid() != null ? domains.get(ref.uuid()) : null;
        if (obj == null) {
            throw VirException.of(ErrorNumber.NO_DOMAIN, ErrorDomain.QEMU, "no domain with matching uuid '"
                    + ref.uuid() + "' (" + ref.name() + ")");
        }
        return obj;
    }

    QemuDomainObj byName(String name) {
        return domains.values().stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow(() ->
                VirException.of(ErrorNumber.NO_DOMAIN, ErrorDomain.QEMU, "no domain with matching name '" + name
                        + "'"));
    }

    QemuDomainObj byUuid(UUID uuid) {
        QemuDomainObj obj = domains.get(uuid);
        if (obj == null) {
            throw VirException.of(ErrorNumber.NO_DOMAIN, ErrorDomain.QEMU, "no domain with matching uuid '"
                    + uuid + "'");
        }
        return obj;
    }

    QemuDomainObj byId(int id) {
        return domains.values().stream().filter(o -> o.isActive() && o.ref().id() == id).findFirst()
                .orElseThrow(() -> VirException.of(ErrorNumber.NO_DOMAIN, ErrorDomain.QEMU,
                        "no domain with matching id " + id));
    }

    int allocateId() {
        return nextId.getAndIncrement();
    }

    /** Raises the id counter above an id found at reconnect, so a new guest never reuses it. */
    void noteId(int id) {
        nextId.accumulateAndGet(id + 1, Math::max);
    }

    /**
     * libvirt's virDomainObjListAdd: a new domain, or the existing one with the same UUID and name redefined. A
     * name held by another UUID, or a UUID held under another name, is an error.
     *
     * @return the object and whether it already existed
     */
    record Added(QemuDomainObj obj, boolean existed) {}

    Added add(DomainDef def, boolean persistent, boolean refuseActive) {
        synchronized (listLock) {
            QemuDomainObj same = domains.get(def.uuid());
            if (same != null) {
                if (!same.name().equals(def.name())) {
                    throw VirException.of(ErrorNumber.OPERATION_FAILED, ErrorDomain.QEMU, "domain '"
                            + same.name() + "' is already defined with uuid " + def.uuid());
                }
                if (refuseActive && same.isActive()) {
                    throw VirException.of(ErrorNumber.OPERATION_INVALID, ErrorDomain.QEMU, "domain '"
                            + def.name() + "' is already active");
                }
                return new Added(same, true);
            }
            for (QemuDomainObj o : domains.values()) {
                if (o.name().equals(def.name())) {
                    throw VirException.of(ErrorNumber.OPERATION_FAILED, ErrorDomain.QEMU, "domain '"
                            + def.name() + "' already exists with uuid " + o.ref().uuid());
                }
            }
            QemuDomainObj obj = new QemuDomainObj(def, persistent);
            domains.put(def.uuid(), obj);
            return new Added(obj, false);
        }
    }

    void remove(QemuDomainObj obj) {
        synchronized (listLock) {
            domains.values().remove(obj);
        }
    }

    Object listLock() {
        return listLock;
    }

    // ---- files ----

    Path configPath(String name) {
        return PathGuard.resolve(config.configDir(), name, ".xml");
    }

    Path autostartLink(String name) {
        return PathGuard.resolve(config.autostartDir(), name, ".xml");
    }

    Path statusPath(String name) {
        return PathGuard.resolve(config.stateDir(), name, ".xml");
    }

    Path pidPath(String name) {
        return PathGuard.resolve(config.stateDir(), name, ".pid");
    }

    Path logPath(String name) {
        return PathGuard.resolve(config.logDir(), name, ".log");
    }

    Path managedSavePath(String name) {
        return PathGuard.resolve(config.saveDir(), name, ".save");
    }

    void saveConfig(DomainDef def) {
        AtomicFile.write(configPath(def.name()), format(def, DomainDefFormatter.SECURE | DomainDefFormatter.INACTIVE,
                -1));
    }

    void deleteConfig(String name) {
        try {
            Files.deleteIfExists(configPath(name));
            Files.deleteIfExists(autostartLink(name));
        } catch (IOException e) {
            throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.QEMU,
                    "cannot remove config " + configPath(name) + ": " + e.getMessage());
        }
    }

    /** Cgroups for a root daemon on a host that has them; none otherwise, as libvirt goes on without. */
    private static DomainCgroups cgroupsFor(QemuDriverConfig config) {
        if (!config.privileged() || !config.cgroups()) {
            return new DomainCgroups.None();
        }
        try {
            CgroupManager manager = CgroupManager.detect();
            if (manager.available()) {
                return new DomainCgroups.Kernel(new QemuCgroups(manager, CgroupManager.DEFAULT_PARTITION));
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cgroups unusable, guests run without resource controls: {0}",
                    e.getMessage());
        }
        return new DomainCgroups.None();
    }

    HostNetworking hostNet() {
        return hostNet;
    }

    DomainCgroups cgroups() {
        return cgroups;
    }

    /** QEMU finished removing a device (DEVICE_DELETED): hot-unplug waits for this. */
    void deviceDeleted(QemuDomainObj obj, String alias) {
        obj.deviceDeleted(alias);
        if (alias.matches("vcpu[0-9]+")) {
            return; // libvirt's processDeviceDeletedEvent reports no DEVICE_REMOVED for a vCPU
        }
        emit(new DomainEvent.DeviceRemoved(obj.ref(), alias));
    }

    void emit(DomainEvent e) {
        events.emit(e);
    }

    @Override
    public void close() {
        process.disconnectAll();
        events.close();
    }
}
