package org.jvirt.model.storage;

import org.jvirt.model.storage.StoragePoolDef.PoolNamespace;
import org.jvirt.model.xml.XmlWriter;

/** Formats a pool exactly as libvirt's virStoragePoolDefFormat. */
public final class StoragePoolFormatter {

    public String format(StoragePoolDef def) {
        XmlWriter w = new XmlWriter();
        StoragePoolType type = def.type();
        String nsAttr = null;
        String nsUri = null;
        if (def.namespace() instanceof PoolNamespace.FsMountOpts) {
            nsAttr = "xmlns:fs";
            nsUri = PoolNamespace.FS_URI;
        } else if (def.namespace() instanceof PoolNamespace.RbdConfigOpts) {
            nsAttr = "xmlns:rbd";
            nsUri = PoolNamespace.RBD_URI;
        }
        if (nsAttr != null) {
            w.open("pool", "type", type.xmlName(), nsAttr, nsUri);
        } else {
            w.open("pool", "type", type.xmlName());
        }
        w.text("name", def.name());
        w.text("uuid", def.uuid().toString());
        w.text("capacity", Long.toUnsignedString(def.capacity()), "unit", "bytes");
        w.text("allocation", Long.toUnsignedString(def.allocation()), "unit", "bytes");
        w.text("available", Long.toUnsignedString(def.available()), "unit", "bytes");
        if (def.cow() != null) {
            w.open("features");
            w.empty("cow", "state", def.cow() ? "yes" : "no");
            w.close("features");
        }
        formatSource(w, type, def.source());
        if (type != StoragePoolType.RBD && type != StoragePoolType.SHEEPDOG && type != StoragePoolType.GLUSTER
                && type != StoragePoolType.ISCSI_DIRECT) {
            w.open("target");
            w.text("path", def.targetPath());
            StorageXml.formatPerms(w, def.targetPerms());
            w.close("target");
        }
        if (def.refreshVolumeAllocation() != null) {
            w.open("refresh");
            w.empty("volume", "allocation", def.refreshVolumeAllocation());
            w.close("refresh");
        }
        switch (def.namespace()) {
            case PoolNamespace.FsMountOpts fs -> {
                w.open("fs:mount_opts");
                for (String o : fs.options()) {
                    w.empty("fs:option", "name", o);
                }
                w.close("fs:mount_opts");
            }
            case PoolNamespace.RbdConfigOpts rbd -> {
                w.open("rbd:config_opts");
                for (PoolNamespace.RbdOption o : rbd.options()) {
                    w.empty("rbd:option", "name", o.name(), "value", o.value());
                }
                w.close("rbd:config_opts");
            }
            case null -> { }
        }
        w.close("pool");
        return w.toString();
    }

    /** The answer of find-storage-pool-sources: {@code <sources>} with each source as a pool of {@code type}. */
    public String formatSourceList(StoragePoolType type, java.util.List<StoragePoolDef.Source> sources) {
        XmlWriter w = new XmlWriter();
        w.open("sources");
        for (StoragePoolDef.Source s : sources) {
            formatSource(w, type, s);
        }
        w.close("sources");
        return w.toString();
    }

    /** virStoragePoolSourceFormat; also used for find-storage-pool-sources answers. */
    static void formatSource(XmlWriter w, StoragePoolType type, StoragePoolDef.Source src) {
        w.open("source");
        if (type.has(StoragePoolType.Flags.HOST)) {
            for (StoragePoolDef.Host h : src.hosts()) {
                w.empty("host", "name", h.name(), "port", h.port() != 0 ? Integer.toString(h.port()) : null);
            }
        }
        if (type.has(StoragePoolType.Flags.DEVICE)) {
            for (StoragePoolDef.Device d : src.devices()) {
                String ps = d.partSeparator() == null ? null : d.partSeparator() ? "yes" : "no";
                if (d.freeExtents().isEmpty()) {
                    w.empty("device", "path", d.path(), "part_separator", ps);
                } else {
                    w.open("device", "path", d.path(), "part_separator", ps);
                    for (StoragePoolDef.FreeExtent e : d.freeExtents()) {
                        w.empty("freeExtent", "start", Long.toUnsignedString(e.start()), "end",
                                Long.toUnsignedString(e.end()));
                    }
                    w.close("device");
                }
            }
        }
        if (type.has(StoragePoolType.Flags.DIR) && src.dir() != null) {
            w.empty("dir", "path", src.dir());
        }
        if (type.has(StoragePoolType.Flags.ADAPTER) && src.adapter() != null) {
            formatAdapter(w, src.adapter());
        }
        if (type.has(StoragePoolType.Flags.NAME)) {
            w.text("name", src.name());
        }
        if (type.has(StoragePoolType.Flags.INITIATOR_IQN) && src.initiatorIqn() != null) {
            w.open("initiator");
            w.empty("iqn", "name", src.initiatorIqn());
            w.close("initiator");
        }
        if (!type.poolFormats().isEmpty()) {
            w.empty("format", "type", src.format());
        }
        if (src.auth() != null) {
            StorageXml.formatAuth(w, src.auth());
        }
        if (src.protocolVer() != null) {
            w.empty("protocol", "ver", src.protocolVer());
        }
        if (src.vendor() != null) {
            w.empty("vendor", "name", src.vendor());
        }
        if (src.product() != null) {
            w.empty("product", "name", src.product());
        }
        w.close("source");
    }

    private static void formatAdapter(XmlWriter w, StorageAdapter adapter) {
        switch (adapter) {
            case StorageAdapter.FcHost f -> w.empty("adapter", "type", "fc_host", "parent", f.parent(),
                    "parent_wwnn", f.parentWwnn(), "parent_wwpn", f.parentWwpn(), "parent_fabric_wwn",
                    f.parentFabricWwn(), "managed", f.managed() == null ? null : f.managed() ? "yes" : "no",
                    "wwnn", f.wwnn(), "wwpn", f.wwpn());
            case StorageAdapter.ScsiHost s -> {
                if (s.name() != null) {
                    w.empty("adapter", "type", "scsi_host", "name", s.name());
                } else {
                    w.open("adapter", "type", "scsi_host");
                    w.open("parentaddr", "unique_id", Integer.toString(s.uniqueId()));
                    StorageXml.formatPciAddress(w, s.parentAddr());
                    w.close("parentaddr");
                    w.close("adapter");
                }
            }
        }
    }
}
