package org.jvirt.driver.test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jvirt.api.event.DomainEvent;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.domain.DeviceKind;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDevice;
import org.jvirt.model.domain.XmlElem;
import org.jvirt.spi.DomainRegistry;
import org.jvirt.spi.Refs.DomainRef;

/** Finding, defining and describing domains: the test driver's domain registry functions. */
final class TestDomainStore implements DomainRegistry {
    static final int LIST_ACTIVE = 1;
    static final int LIST_INACTIVE = 2;
    static final int LIST_PERSISTENT = 4;
    static final int LIST_TRANSIENT = 8;
    static final int LIST_RUNNING = 16;
    static final int LIST_PAUSED = 32;
    static final int LIST_SHUTOFF = 64;
    static final int LIST_OTHER = 128;
    static final int LIST_MANAGEDSAVE = 256;
    static final int LIST_NO_MANAGEDSAVE = 512;
    static final int LIST_AUTOSTART = 1024;
    static final int LIST_NO_AUTOSTART = 2048;
    static final int LIST_HAS_SNAPSHOT = 4096;
    static final int LIST_NO_SNAPSHOT = 8192;
    static final int LIST_HAS_CHECKPOINT = 16384;
    static final int LIST_NO_CHECKPOINT = 32768;

    static final int META_DESCRIPTION = 0;
    static final int META_TITLE = 1;
    static final int META_ELEMENT = 2;

    private final TestDriver driver;

    TestDomainStore(TestDriver driver) {
        this.driver = driver;
    }

    @Override
    public List<DomainRef> listAll(int flags) {
        Errors.checkFlags(flags, 0xFFFF, "testConnectListAllDomains");
        return driver.locked(() -> {
            List<DomainRef> out = new ArrayList<>();
            for (TestDomainObj o : driver.domainList()) {
                if (matches(o, flags)) {
                    out.add(o.ref());
                }
            }
            return out;
        });
    }

    private static boolean matches(TestDomainObj o, int f) {
        if (!pair(f, LIST_ACTIVE, LIST_INACTIVE, o.isActive())
                || !pair(f, LIST_PERSISTENT, LIST_TRANSIENT, o.persistent)
                || !pair(f, LIST_MANAGEDSAVE, LIST_NO_MANAGEDSAVE, o.hasManagedSave)
                || !pair(f, LIST_AUTOSTART, LIST_NO_AUTOSTART, o.autostart)
                || !pair(f, LIST_HAS_SNAPSHOT, LIST_NO_SNAPSHOT, !o.snapshots.isEmpty())
                || !pair(f, LIST_HAS_CHECKPOINT, LIST_NO_CHECKPOINT, !o.checkpoints.isEmpty())) {
            return false;
        }
        int states = f & (LIST_RUNNING | LIST_PAUSED | LIST_SHUTOFF | LIST_OTHER);
        if (states != 0) {
            boolean ok = ((f & LIST_RUNNING) != 0 && o.state == DomainStates.RUNNING)
                    || ((f & LIST_PAUSED) != 0 && o.state == DomainStates.PAUSED)
                    || ((f & LIST_SHUTOFF) != 0 && o.state == DomainStates.SHUTOFF)
                    || ((f & LIST_OTHER) != 0 && o.state != DomainStates.RUNNING
                        && o.state != DomainStates.PAUSED && o.state != DomainStates.SHUTOFF);
            return ok;
        }
        return true;
    }

    /** A filter pair: neither or both bits set accept everything, one bit selects. */
    private static boolean pair(int flags, int yes, int no, boolean value) {
        boolean y = (flags & yes) != 0;
        boolean n = (flags & no) != 0;
        if (y == n) {
            return true;
        }
        return y ? value : !value;
    }

    @Override
    public int numOfDomains() {
        return driver.locked(() -> (int) driver.domainList().stream().filter(TestDomainObj::isActive).count());
    }

    @Override
    public int[] listDomainIds(int maxids) {
        return driver.locked(() -> driver.domainList().stream().filter(TestDomainObj::isActive)
                .mapToInt(o -> o.id).limit(Math.max(0, maxids)).toArray());
    }

    @Override
    public int numOfDefinedDomains() {
        return driver.locked(() -> (int) driver.domainList().stream().filter(o -> !o.isActive()).count());
    }

    @Override
    public List<String> listDefinedDomains(int maxnames) {
        return driver.locked(() -> driver.domainList().stream().filter(o -> !o.isActive())
                .map(TestDomainObj::name).limit(Math.max(0, maxnames)).toList());
    }

    @Override
    public DomainRef lookupById(int id) {
        return driver.locked(() -> driver.domainList().stream().filter(o -> o.isActive() && o.id == id)
                .findFirst().map(TestDomainObj::ref).orElseThrow(Errors::noDomain));
    }

    @Override
    public DomainRef lookupByUUID(UUID uuid) {
        return driver.locked(() -> {
            TestDomainObj o = driver.domains.get(uuid);
            if (o == null) {
                throw Errors.noDomain();
            }
            return o.ref();
        });
    }

    @Override
    public DomainRef lookupByName(String name) {
        return driver.locked(() -> {
            TestDomainObj o = driver.findByName(name);
            if (o == null) {
                throw Errors.noDomain();
            }
            return o.ref();
        });
    }

    @Override
    public DomainRef defineXML(String xml, int flags) {
        Errors.checkFlags(flags, 1, "testDomainDefineXMLFlags");
        DomainDef parsed = generateIfnames(driver.domainXml.parse(xml));
        return driver.locked(() -> {
            TestDomainObj existing = checkDuplicate(driver, parsed, false);
            TestDomainObj obj;
            if (existing == null) {
                obj = new TestDomainObj(parsed);
                driver.domains.put(parsed.uuid(), obj);
            } else {
                obj = existing;
                if (obj.isActive()) {
                    obj.newDef = parsed;
                } else {
                    obj.def = parsed;
                }
            }
            obj.persistent = true;
            driver.events.emit(new DomainEvent.Lifecycle(obj.ref(), DomainStates.EVENT_DEFINED,
                    existing == null ? DomainStates.DEFINED_ADDED : DomainStates.DEFINED_UPDATED));
            return obj.ref();
        });
    }

    @Override
    public DomainRef createXML(String xml, int flags) {
        Errors.checkFlags(flags, 0x10, "testDomainCreateXML");
        DomainDef parsed = generateIfnames(driver.domainXml.parse(xml));
        return driver.locked(() -> {
            TestDomainObj existing = checkDuplicate(driver, parsed, true);
            TestDomainObj obj;
            if (existing == null) {
                obj = new TestDomainObj(parsed);
                driver.domains.put(parsed.uuid(), obj);
            } else {
                obj = existing;
                if (obj.persistent) {
                    obj.newDef = obj.def;
                }
                obj.def = parsed;
            }
            TestLifecycle.startState(driver, obj, DomainStates.RUNNING_BOOTED);
            driver.events.emit(new DomainEvent.Lifecycle(obj.ref(), DomainStates.EVENT_STARTED,
                    DomainStates.STARTED_BOOTED));
            return obj.ref();
        });
    }

    /**
     * libvirt's virDomainObjListAdd checks: a UUID already used under another name, a name already used under
     * another UUID, and (for a live add) a domain that already runs. Returns the existing object of that UUID.
     */
    static TestDomainObj checkDuplicate(TestDriver driver, DomainDef def, boolean live) {
        TestDomainObj byUuid = driver.domains.get(def.uuid());
        if (byUuid != null) {
            if (!byUuid.name().equals(def.name())) {
                throw VirException.of(ErrorNumber.OPERATION_FAILED, ErrorDomain.DOMAIN, "domain '"
                        + byUuid.name() + "' is already defined with uuid " + byUuid.uuid());
            }
            if (live && byUuid.isActive()) {
                throw VirException.of(ErrorNumber.OPERATION_INVALID, ErrorDomain.DOMAIN,
                        "domain '" + byUuid.name() + "' is already active");
            }
            return byUuid;
        }
        TestDomainObj byName = driver.findByName(def.name());
        if (byName != null) {
            throw VirException.of(ErrorNumber.OPERATION_FAILED, ErrorDomain.DOMAIN, "domain '" + byName.name()
                    + "' already exists with uuid " + byName.uuid());
        }
        return null;
    }

    /** testDomainGenerateIfnames: each interface without a target gets the first free "testnetN". */
    static DomainDef generateIfnames(DomainDef def) {
        List<String> used = new ArrayList<>();
        for (DomainDevice d : def.devices(DeviceKind.INTERFACE)) {
            if (d.targetDev() != null) {
                used.add(d.targetDev());
            }
        }
        List<DomainDevice> out = new ArrayList<>();
        for (DomainDevice d : def.devices()) {
            if (d.kind() == DeviceKind.INTERFACE && d.targetDev() == null) {
                int n = 0;
                while (used.contains("testnet" + n)) {
                    n++;
                }
                if (n >= 1024) {
                    throw Errors.internal("Exceeded max iface limit 1024");
                }
                used.add("testnet" + n);
                XmlElem x = GenericXml.put(d.xml(), XmlElem.of("target", "dev", "testnet" + n), "mac", "source");
                out.add(d.withXml(x));
            } else {
                out.add(d);
            }
        }
        return def.withDevices(out);
    }

    @Override
    public void undefine(DomainRef dom, int flags) {
        Errors.checkFlags(flags, 0x3, "testDomainUndefineFlags");
        driver.lockedRun(() -> {
            TestDomainObj obj = driver.domain(dom);
            if (obj.hasManagedSave) {
                if ((flags & 1) == 0) {
                    throw Errors.operationInvalid("Refusing to undefine while domain managed save image exists");
                }
                obj.hasManagedSave = false;
            }
            if (!obj.snapshots.isEmpty() && !obj.isActive()) {
                if ((flags & 2) == 0) {
                    throw VirException.of(ErrorNumber.OPERATION_INVALID, ErrorDomain.DOMAIN,
                            "cannot delete inactive domain with " + obj.snapshots.size() + " snapshots");
                }
                obj.snapshots.clear();
            }
            driver.events.emit(new DomainEvent.Lifecycle(obj.ref(), DomainStates.EVENT_UNDEFINED,
                    DomainStates.UNDEFINED_REMOVED));
            obj.hasManagedSave = false;
            if (obj.isActive()) {
                obj.persistent = false;
                obj.newDef = null;
            } else {
                driver.removeDomain(obj);
            }
        });
    }

    @Override
    public String getXMLDesc(DomainRef dom, int flags) {
        Errors.checkFlags(flags, 0x1 | 0x2 | 0x8, "testDomainGetXMLDesc");
        return driver.locked(() -> {
            TestDomainObj obj = driver.domain(dom);
            boolean inactive = (flags & 0x2) != 0;
            DomainDef def = inactive ? obj.persistentDef() : obj.def;
            return driver.domainXml.format(def, flags, obj.id);
        });
    }

    @Override
    public boolean isActive(DomainRef dom) {
        return driver.locked(() -> driver.domain(dom).isActive());
    }

    @Override
    public boolean isPersistent(DomainRef dom) {
        return driver.locked(() -> driver.domain(dom).persistent);
    }

    @Override
    public boolean isUpdated(DomainRef dom) {
        return driver.locked(() -> {
            driver.domain(dom);
            return false;
        });
    }

    @Override
    public boolean getAutostart(DomainRef dom) {
        return driver.locked(() -> driver.domain(dom).autostart);
    }

    @Override
    public void setAutostart(DomainRef dom, boolean autostart) {
        driver.lockedRun(() -> driver.domain(dom).autostart = autostart);
    }

    @Override
    public String getOSType(DomainRef dom) {
        return driver.locked(() -> {
            driver.domain(dom);
            return "linux";
        });
    }

    @Override
    public String getHostname(DomainRef dom, int flags) {
        Errors.checkFlags(flags, 0, "testDomainGetHostname");
        return driver.locked(() -> {
            if (!driver.domain(dom).isActive()) {
                throw Errors.domainNotRunning();
            }
            return "testhost";
        });
    }

    @Override
    public String getMetadata(DomainRef dom, int type, String uri, int flags) {
        Errors.checkFlags(flags, DomainStates.AFFECT_LIVE | DomainStates.AFFECT_CONFIG, "testDomainGetMetadata");
        return driver.locked(() -> {
            TestDomainObj obj = driver.domain(dom);
            DomainDef def = TestTuning.defForQuery(obj, flags);
            return DomainMetadata.get(def, type, uri);
        });
    }

    @Override
    public void setMetadata(DomainRef dom, int type, String metadata, String key, String uri, int flags) {
        Errors.checkFlags(flags, DomainStates.AFFECT_LIVE | DomainStates.AFFECT_CONFIG, "testDomainSetMetadata");
        driver.lockedRun(() -> {
            TestDomainObj obj = driver.domain(dom);
            TestTuning.Affect a = TestTuning.affect(obj, flags);
            if (a.live()) {
                obj.def = DomainMetadata.set(obj.def, type, metadata, key, uri);
            }
            if (a.config()) {
                DomainDef updated = DomainMetadata.set(obj.persistentDef(), type, metadata, key, uri);
                if (obj.newDef != null) {
                    obj.newDef = updated;
                } else {
                    obj.def = updated;
                }
            }
            driver.events.emit(new DomainEvent.MetadataChange(obj.ref(), type, uri));
        });
    }

    @Override
    public DomainRef rename(DomainRef dom, String newName, int flags) {
        Errors.checkFlags(flags, 0, "testDomainRename");
        return driver.locked(() -> {
            TestDomainObj obj = driver.domain(dom);
            if (obj.isActive()) {
                throw Errors.operationInvalid("cannot rename active domain");
            }
            if (!obj.persistent) {
                throw Errors.operationInvalid("cannot rename a transient domain");
            }
            if (obj.state != DomainStates.SHUTOFF) {
                throw Errors.operationInvalid("domain has to be shutoff before renaming");
            }
            if (newName.indexOf('/') >= 0) {
                throw Errors.xml("name " + newName + " cannot contain '/'");
            }
            if (newName.equals(obj.name())) {
                throw VirException.of(ErrorNumber.OPERATION_INVALID, ErrorDomain.DOMAIN,
                        "Can't rename domain to itself");
            }
            TestDomainObj clash = driver.findByName(newName);
            if (clash != null) {
                throw VirException.of(ErrorNumber.OPERATION_INVALID, ErrorDomain.DOMAIN,
                        "domain with name '" + newName + "' already exists");
            }
            DomainRef old = obj.ref();
            obj.def = obj.def.withName(newName);
            driver.renamed(obj, old.name());
            driver.events.emit(new DomainEvent.Lifecycle(old, DomainStates.EVENT_UNDEFINED,
                    DomainStates.UNDEFINED_RENAMED));
            driver.events.emit(new DomainEvent.Lifecycle(obj.ref(), DomainStates.EVENT_DEFINED,
                    DomainStates.DEFINED_RENAMED));
            return obj.ref();
        });
    }
}
