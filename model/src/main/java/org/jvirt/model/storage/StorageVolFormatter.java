package org.jvirt.model.storage;

import org.jvirt.model.xml.XmlWriter;

/** Formats a volume exactly as libvirt's virStorageVolDefFormat; the pool type decides whether formats print. */
public final class StorageVolFormatter {

    public String format(StoragePoolType poolType, StorageVolDef def) {
        XmlWriter w = new XmlWriter();
        w.open("volume", "type", def.type());
        w.text("name", def.name());
        w.text("key", def.key());
        if (!def.extents().isEmpty()) {
            w.open("source");
            String current = null;
            for (StorageVolDef.Extent e : def.extents()) {
                if (current == null || !current.equals(e.path())) {
                    if (current != null) {
                        w.close("device");
                    }
                    w.open("device", "path", e.path());
                }
                w.empty("extent", "start", Long.toUnsignedString(e.start()), "end", Long.toUnsignedString(e.end()));
                current = e.path();
            }
            w.close("device");
            w.close("source");
        }
        w.text("capacity", Long.toUnsignedString(def.capacity()), "unit", "bytes");
        w.text("allocation", Long.toUnsignedString(def.allocation()), "unit", "bytes");
        if (def.physical() != 0) {
            w.text("physical", Long.toUnsignedString(def.physical()), "unit", "bytes");
        }
        formatTarget(w, poolType, def.target(), "target");
        if (def.backingStore() != null) {
            formatTarget(w, poolType, def.backingStore(), "backingStore");
        }
        w.close("volume");
        return w.toString();
    }

    private static void formatTarget(XmlWriter w, StoragePoolType poolType, StorageVolDef.Target t, String element) {
        w.open(element);
        w.text("path", t.path());
        if (poolType.volFormats() != StoragePoolType.VolFormats.NONE) {
            w.empty("format", "type", t.format() == null ? defaultFormat(poolType) : t.format());
        }
        StorageXml.formatPerms(w, t.perms());
        if (t.timestamps() != null) {
            w.open("timestamps");
            time(w, "atime", t.timestamps().atime());
            time(w, "mtime", t.timestamps().mtime());
            time(w, "ctime", t.timestamps().ctime());
            time(w, "btime", t.timestamps().btime());
            w.close("timestamps");
        }
        if (t.encryption() != null) {
            t.encryption().format(w);
        }
        w.text("compat", t.compat());
        if (t.clusterSize() != 0) {
            w.text("clusterSize", Long.toUnsignedString(t.clusterSize()), "unit", "B");
        }
        if (t.features() != null) {
            if (t.features().isEmpty()) {
                w.empty("features");
            } else {
                w.open("features");
                for (String f : StorageVolParser.FEATURES) {
                    if (t.features().contains(f)) {
                        w.empty(f);
                    }
                }
                w.close("features");
            }
        }
        w.close(element);
    }

    /** A target built by a driver without a format prints the type's default, as libvirt's zero enum value does. */
    private static String defaultFormat(StoragePoolType poolType) {
        return switch (poolType.volFormats()) {
            case FILE -> "none";
            case DISK_VOL -> "none";
            default -> "unknown";
        };
    }

    private static void time(XmlWriter w, String name, StorageVolDef.Time t) {
        if (t == null || t.nsec() < 0) {
            return;
        }
        String v = Long.toUnsignedString(t.sec()) + (t.nsec() != 0 ? String.format(".%09d", t.nsec()) : "");
        w.text(name, v);
    }
}
