package org.jvirt.qemu.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jvirt.api.event.DomainEvent;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDefFormatter;
import org.jvirt.spi.DomainRegistry;
import org.jvirt.spi.Refs.DomainRef;
import org.jvirt.spi.support.DomainListFilter;
import org.jvirt.spi.support.DomainStates;

/** Finding, defining and describing domains (qemuConnectListAllDomains, qemuDomainDefineXMLFlags, ...). */
final class QemuDomains implements DomainRegistry {
    static final int DEFINE_VALIDATE = 1;
    static final int UNDEFINE_MANAGED_SAVE = 1;
    static final int UNDEFINE_SNAPSHOTS_METADATA = 2;
    static final int UNDEFINE_NVRAM = 4;
    static final int UNDEFINE_KEEP_NVRAM = 8;
    static final int UNDEFINE_CHECKPOINTS_METADATA = 16;
    static final int UNDEFINE_TPM = 32;
    static final int UNDEFINE_KEEP_TPM = 64;

    private final QemuDriver driver;

    QemuDomains(QemuDriver driver) {
        this.driver = driver;
    }

    @Override
    public List<DomainRef> listAll(int flags) {
        QemuErrors.checkFlags(flags, DomainListFilter.ALL, "qemuConnectListAllDomains");
        List<DomainRef> out = new ArrayList<>();
        for (QemuDomainObj o : driver.list()) {
            DomainListFilter.Facts facts;
            DomainRef ref;
            synchronized (o) {
                facts = new DomainListFilter.Facts(o.isActive(), o.persistent, o.state, o.hasManagedSave,
                        o.autostart, false, false);
                ref = o.ref();
            }
            if (DomainListFilter.matches(flags, facts)) {
                out.add(ref);
            }
        }
        return out;
    }

    @Override
    public int numOfDomains() {
        return (int) driver.list().stream().filter(QemuDomainObj::isActive).count();
    }

    @Override
    public int[] listDomainIds(int maxids) {
        return driver.list().stream().filter(QemuDomainObj::isActive).mapToInt(o -> o.ref().id())
                .limit(Math.max(0, maxids)).toArray();
    }

    @Override
    public int numOfDefinedDomains() {
        return (int) driver.list().stream().filter(o -> !o.isActive()).count();
    }

    @Override
    public List<String> listDefinedDomains(int maxnames) {
        return driver.list().stream().filter(o -> !o.isActive()).map(QemuDomainObj::name)
                .limit(Math.max(0, maxnames)).toList();
    }

    @Override
    public DomainRef lookupById(int id) {
        return driver.byId(id).ref();
    }

    @Override
    public DomainRef lookupByUUID(UUID uuid) {
        return driver.byUuid(uuid).ref();
    }

    @Override
    public DomainRef lookupByName(String name) {
        return driver.byName(name).ref();
    }

    @Override
    public DomainRef defineXML(String xml, int flags) {
        QemuErrors.checkFlags(flags, DEFINE_VALIDATE, "qemuDomainDefineXMLFlags");
        DomainDef def = driver.parse(xml, true);
        QemuDriver.Added added = driver.add(def, true, false);
        QemuDomainObj obj = added.obj();
        boolean wasPersistent;
        synchronized (obj) {
            wasPersistent = obj.persistent;
            if (added.existed() && obj.isActive()) {
                obj.newDef = def;
            } else {
                obj.def = def;
            }
            obj.persistent = true;
        }
        try {
            driver.saveConfig(def);
        } catch (RuntimeException e) {
            if (!added.existed()) {
                driver.remove(obj);
            }
            throw e;
        }
        driver.emit(new DomainEvent.Lifecycle(obj.ref(), DomainStates.EVENT_DEFINED,
                added.existed() && wasPersistent ? DomainStates.DEFINED_UPDATED : DomainStates.DEFINED_ADDED));
        return obj.ref();
    }

    @Override
    public DomainRef createXML(String xml, int flags) {
        QemuErrors.checkFlags(flags, QemuProcess.START_PAUSED | 2 | 0x10, "qemuDomainCreateXML");
        DomainDef def = driver.parse(xml, true);
        QemuDriver.Added added = driver.add(def, false, true);
        QemuDomainObj obj = added.obj();
        if (added.existed()) {
            synchronized (obj) {
                obj.def = def;
            }
        }
        obj.beginJob();
        try {
            driver.process.start(obj, flags, DomainStates.RUNNING_BOOTED, DomainStates.STARTED_BOOTED);
        } catch (RuntimeException e) {
            if (!added.existed()) {
                driver.remove(obj);
            }
            throw e;
        } finally {
            obj.endJob();
        }
        return obj.ref();
    }

    @Override
    public void undefine(DomainRef dom, int flags) {
        QemuErrors.checkFlags(flags, 0x7F, "qemuDomainUndefineFlags");
        QemuTpm.checkUndefineFlags(flags);
        QemuDomainObj obj = driver.find(dom);
        obj.beginJob();
        try {
            String name;
            boolean active;
            synchronized (obj) {
                if (!obj.persistent) {
                    throw QemuErrors.operationInvalid("cannot undefine transient domain");
                }
                name = obj.name();
                active = obj.isActive();
            }
            // libvirt checks (and discards) snapshot metadata only for an inactive domain.
            int snapshots = active ? 0 : driver.snapshots.tree(obj).moments.size();
            if (snapshots > 0 && (flags & UNDEFINE_SNAPSHOTS_METADATA) == 0) {
                throw QemuErrors.operationInvalid("cannot delete inactive domain with " + snapshots
                        + " snapshots");
            }
            if (Files.exists(driver.managedSavePath(name))) {
                if ((flags & UNDEFINE_MANAGED_SAVE) == 0) {
                    throw QemuErrors.operationInvalid("Refusing to undefine while domain managed save image exists");
                }
                QemuProcess.deleteQuietly(driver.managedSavePath(name));
            }
            driver.deleteConfig(name);
            if (snapshots > 0) {
                driver.snapshots.forget(obj);
            }
            synchronized (obj) {
                obj.autostart = false;
                obj.hasManagedSave = false;
                obj.newDef = null;
                if (active) {
                    obj.persistent = false;
                }
            }
            driver.emit(new DomainEvent.Lifecycle(obj.ref(), DomainStates.EVENT_UNDEFINED,
                    DomainStates.UNDEFINED_REMOVED));
            if (!active) {
                new QemuExtDevices(driver.config).cleanupHost(obj.def, flags);
                driver.remove(obj);
            }
        } finally {
            obj.endJob();
        }
    }

    @Override
    public String getXMLDesc(DomainRef dom, int flags) {
        QemuErrors.checkFlags(flags, 0xF, "qemuDomainGetXMLDesc");
        QemuDomainObj obj = driver.find(dom);
        DomainDef def;
        int id;
        synchronized (obj) {
            boolean inactive = (flags & DomainDefFormatter.INACTIVE) != 0;
            def = inactive || obj.live == null ? (inactive && obj.newDef != null ? obj.newDef : obj.def) : obj.live;
            id = inactive ? -1 : obj.id;
        }
        return driver.format(def, flags & (DomainDefFormatter.SECURE | DomainDefFormatter.INACTIVE
                | DomainDefFormatter.MIGRATABLE), id);
    }

    @Override
    public boolean isActive(DomainRef dom) {
        return driver.find(dom).isActive();
    }

    @Override
    public boolean isPersistent(DomainRef dom) {
        QemuDomainObj obj = driver.find(dom);
        synchronized (obj) {
            return obj.persistent;
        }
    }

    @Override
    public boolean isUpdated(DomainRef dom) {
        QemuDomainObj obj = driver.find(dom);
        synchronized (obj) {
            return obj.newDef != null;
        }
    }

    @Override
    public boolean getAutostart(DomainRef dom) {
        QemuDomainObj obj = driver.find(dom);
        synchronized (obj) {
            return obj.autostart;
        }
    }

    @Override
    public void setAutostart(DomainRef dom, boolean autostart) {
        QemuDomainObj obj = driver.find(dom);
        String name;
        synchronized (obj) {
            if (!obj.persistent) {
                throw QemuErrors.operationInvalid("cannot set autostart for transient domain");
            }
            name = obj.name();
        }
        try {
            if (autostart) {
                if (!Files.exists(driver.autostartLink(name), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createSymbolicLink(driver.autostartLink(name), driver.configPath(name));
                }
            } else {
                Files.deleteIfExists(driver.autostartLink(name));
            }
        } catch (IOException e) {
            throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.QEMU, (autostart
                    ? "Failed to create symlink '" + driver.autostartLink(name) + "' to '" + driver.configPath(name)
                    : "Failed to delete symlink '" + driver.autostartLink(name)) + "': " + e.getMessage());
        }
        synchronized (obj) {
            obj.autostart = autostart;
        }
    }

    @Override
    public String getOSType(DomainRef dom) {
        return driver.find(dom).current().osType();
    }
}
