package org.jvirt.model.snapshot;

import org.jvirt.model.snapshot.DomainSnapshotDef.SnapshotDisk;
import org.jvirt.model.xml.XmlWriter;

/** Formats a snapshot exactly as libvirt's virDomainSnapshotDefFormat. */
public final class DomainSnapshotFormatter {
    /** VIR_DOMAIN_SNAPSHOT_FORMAT_INTERNAL: add {@code <active>} (the driver's on-disk form). */
    public static final int FORMAT_INTERNAL = 1 << 2;
    /** VIR_DOMAIN_SNAPSHOT_FORMAT_CURRENT: with INTERNAL, this is the current snapshot. */
    public static final int FORMAT_CURRENT = 1 << 3;

    /**
     * {@code domainUuid} is printed as {@code <domain><uuid>} when the snapshot carries no full domain (null prints
     * nothing), as libvirt's callers pass the domain's UUID.
     */
    public String format(DomainSnapshotDef def, String domainUuid, int flags) {
        XmlWriter w = new XmlWriter();
        w.open("domainsnapshot");
        w.text("name", def.name());
        w.text("description", def.description());
        w.text("state", def.state());
        if (def.parentName() != null) {
            w.open("parent");
            w.text("name", def.parentName());
            w.close("parent");
        }
        if (def.creationTime() != 0) {
            w.text("creationTime", Long.toString(def.creationTime()));
        }
        if (def.memory() != null) {
            w.empty("memory", "snapshot", def.memory(), "file", def.memoryFile());
        }
        if (!def.disks().isEmpty()) {
            w.open("disks");
            for (SnapshotDisk d : def.disks()) {
                formatDisk(w, d);
            }
            w.close("disks");
        }
        if (def.domainXml() != null) {
            w.raw(def.domainXml());
        } else if (domainUuid != null) {
            w.open("domain");
            w.text("uuid", domainUuid);
            w.close("domain");
        }
        if (def.inactiveDomainXml() != null) {
            w.raw(def.inactiveDomainXml());
        }
        if (def.cookie() != null) {
            w.raw(def.cookie());
        }
        if ((flags & FORMAT_INTERNAL) != 0) {
            w.text("active", (flags & FORMAT_CURRENT) != 0 ? "1" : "0");
        }
        w.close("domainsnapshot");
        return w.toString();
    }

    private static void formatDisk(XmlWriter w, SnapshotDisk d) {
        if (d.sourceXml() == null && d.driverType() == null && d.metadataCacheMaxSize() < 0) {
            w.empty("disk", "name", d.name(), "snapshot", d.snapshot());
            return;
        }
        w.open("disk", "name", d.name(), "snapshot", d.snapshot(), "type", d.type());
        if (d.driverType() != null || d.metadataCacheMaxSize() >= 0) {
            if (d.metadataCacheMaxSize() >= 0) {
                w.open("driver", "type", d.driverType());
                w.open("metadata_cache");
                w.text("max_size", Long.toUnsignedString(d.metadataCacheMaxSize()), "unit", "bytes");
                w.close("metadata_cache");
                w.close("driver");
            } else {
                w.empty("driver", "type", d.driverType());
            }
        }
        if (d.sourceXml() != null) {
            w.raw(d.sourceXml());
        }
        w.close("disk");
    }
}
