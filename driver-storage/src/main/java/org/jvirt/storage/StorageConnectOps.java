package org.jvirt.storage;

import java.util.List;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.storage.StoragePoolType;
import org.jvirt.spi.ConnectOps;

/**
 * The storage driver's connection-level functions, which libvirt also routes to the storage driver: the storage
 * pool capabilities document (virStoragePoolCapsFormat: every pool type in libvirt's order, {@code supported}
 * saying whether this driver has its backend, with the source and target formats of libvirt's type table) and
 * source discovery, which neither of jvirt's backends offers.
 */
final class StorageConnectOps implements ConnectOps {
    @Override
    public String getType() {
        return "storage";
    }

    @Override
    public String getStoragePoolCapabilities(int flags) {
        StorageErrors.checkFlags(flags, 0, "storageConnectGetStoragePoolCapabilities");
        StringBuilder b = new StringBuilder("<storagepoolCapabilities>\n");
        for (StoragePoolType t : StoragePoolType.values()) {
            boolean supported = t == StoragePoolType.DIR || t == StoragePoolType.FS || t == StoragePoolType.NETFS;
            b.append("  <pool type='").append(t.xmlName()).append("' supported='").append(supported ? "yes" : "no")
                    .append("'>\n");
            if (!t.poolFormats().isEmpty()) {
                options(b, "poolOptions", t.defaultPoolFormat(), "sourceFormatType", t.poolFormats());
            }
            if (t == StoragePoolType.RBD) {
                // rbd's table entry has a default volume format but no names (its volume XML prints none)
                options(b, "volOptions", "raw", "targetFormatType", List.of());
            } else if (t.volFormats() == StoragePoolType.VolFormats.FILE) {
                options(b, "volOptions", "raw", "targetFormatType", StoragePoolType.FILE_FORMATS);
            } else if (t.volFormats() == StoragePoolType.VolFormats.DISK_VOL) {
                options(b, "volOptions", "none", "targetFormatType", StoragePoolType.VOL_DISK_FORMATS);
            }
            b.append("  </pool>\n");
        }
        return b.append("</storagepoolCapabilities>\n").toString();
    }

    private static void options(StringBuilder b, String element, String def, String enumName, List<String> values) {
        b.append("    <").append(element).append(">\n      <defaultFormat type='").append(def).append("'/>\n")
                .append("      <enum name='").append(enumName).append("'>\n");
        for (String v : values) {
            b.append("        <value>").append(v).append("</value>\n");
        }
        b.append("      </enum>\n    </").append(element).append(">\n");
    }

    /** storageConnectFindStoragePoolSources: neither dir nor fs can discover sources; other types have no backend. */
    @Override
    public String findStoragePoolSources(String type, String srcSpec, int flags) {
        StorageErrors.checkFlags(flags, 0, "storageConnectFindStoragePoolSources");
        StoragePoolType t = StoragePoolType.fromXml(type);
        if (t == null) {
            throw StorageErrors.internal("unknown storage pool type " + type);
        }
        if (t != StoragePoolType.DIR && t != StoragePoolType.FS) {
            throw VirException.of(ErrorNumber.INTERNAL_ERROR, StorageErrors.DOM, "missing backend for pool type "
                    + t.ordinal() + " (" + t.xmlName() + ")");
        }
        throw VirException.of(ErrorNumber.NO_SUPPORT, StorageErrors.DOM, "pool type '" + type
                + "' does not support source discovery");
    }
}
