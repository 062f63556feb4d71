package org.jvirt.model.storage;

import java.util.List;

/**
 * libvirt's pool types with the per-type options table of storage_conf.c ({@code poolTypeInfo}): which source
 * elements a pool of this type uses, its source format names and default, and how its volumes' formats are named.
 */
public enum StoragePoolType {
    DIR("dir", 0, List.of(), null, VolFormats.FILE),
    FS("fs", Flags.DEVICE, Formats.FS, "auto", VolFormats.FILE),
    NETFS("netfs", Flags.HOST | Flags.DIR, Formats.NETFS, "auto", VolFormats.FILE),
    LOGICAL("logical", Flags.NAME | Flags.DEVICE, List.of("unknown", "lvm2"), "lvm2", VolFormats.NONE),
    DISK("disk", Flags.DEVICE, Formats.DISK, "unknown", VolFormats.DISK_VOL),
    ISCSI("iscsi", Flags.HOST | Flags.DEVICE | Flags.INITIATOR_IQN, List.of(), null, VolFormats.DISK_PRINT_ONLY),
    ISCSI_DIRECT("iscsi-direct", Flags.HOST | Flags.DEVICE | Flags.NETWORK | Flags.INITIATOR_IQN, List.of(), null,
            VolFormats.NONE),
    SCSI("scsi", Flags.ADAPTER, List.of(), null, VolFormats.DISK_PRINT_ONLY),
    MPATH("mpath", 0, List.of(), null, VolFormats.DISK_PRINT_ONLY),
    RBD("rbd", Flags.HOST | Flags.NETWORK | Flags.NAME, List.of(), null, VolFormats.NONE),
    SHEEPDOG("sheepdog", Flags.HOST | Flags.NETWORK | Flags.NAME, List.of(), null, VolFormats.NONE),
    GLUSTER("gluster", Flags.HOST | Flags.NETWORK | Flags.NAME | Flags.DIR, List.of(), null, VolFormats.FILE),
    ZFS("zfs", Flags.NAME | Flags.DEVICE, List.of(), null, VolFormats.NONE),
    VSTORAGE("vstorage", Flags.NAME, List.of(), null, VolFormats.FILE);

    /** The {@code VIR_STORAGE_POOL_SOURCE_*} bits of libvirt's pool options. */
    public static final class Flags {
        public static final int HOST = 1;
        public static final int DEVICE = 1 << 1;
        public static final int DIR = 1 << 2;
        public static final int ADAPTER = 1 << 3;
        public static final int NAME = 1 << 4;
        public static final int INITIATOR_IQN = 1 << 5;
        public static final int NETWORK = 1 << 6;

        private Flags() {}
    }

    /** How a pool type names its volumes' formats (the {@code volOptions} of libvirt's table). */
    public enum VolFormats {
        /** No format element at all. */
        NONE,
        /** virStorageFileFormat names ("raw", "qcow2", ...); "none" is refused on input; default "raw". */
        FILE,
        /** The volume formats of disk pools ("none", "linux", ...); default "none". */
        DISK_VOL,
        /** Not parsed; always printed as the disk pool format 0, "unknown" (iscsi, scsi, mpath). */
        DISK_PRINT_ONLY
    }

    static final class Formats {
        static final List<String> FS = List.of("auto", "ext2", "ext3", "ext4", "ufs", "iso9660", "udf", "gfs", "gfs2",
                "vfat", "hfs+", "xfs", "ocfs2", "vmfs");
        static final List<String> NETFS = List.of("auto", "nfs", "glusterfs", "cifs");
        static final List<String> DISK = List.of("unknown", "dos", "dvh", "gpt", "mac", "bsd", "pc98", "sun", "lvm2");

        private Formats() {}
    }

    /** virStorageFileFormat, in libvirt's order. */
    public static final List<String> FILE_FORMATS = List.of("none", "raw", "dir", "bochs", "cloop", "dmg", "iso",
            "vpc", "vdi", "fat", "vhd", "ploop", "cow", "qcow", "qcow2", "qed", "vmdk");
    /** virStorageVolFormatDisk, in libvirt's order. */
    public static final List<String> VOL_DISK_FORMATS = List.of("none", "linux", "fat16", "fat32", "linux-swap",
            "linux-lvm", "linux-raid", "extended");

    private final String xmlName;
    private final int flags;
    private final List<String> poolFormats;
    private final String defaultPoolFormat;
    private final VolFormats volFormats;

    StoragePoolType(String xmlName, int flags, List<String> poolFormats, String defaultPoolFormat,
                    VolFormats volFormats) {
        this.xmlName = xmlName;
        this.flags = flags;
        this.poolFormats = poolFormats;
        this.defaultPoolFormat = defaultPoolFormat;
        this.volFormats = volFormats;
    }

    public String xmlName() {
        return xmlName;
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    public int flags() {
        return flags;
    }

    /** The source format names this type accepts; empty when the type has no {@code <format>}. */
    public List<String> poolFormats() {
        return poolFormats;
    }

    public String defaultPoolFormat() {
        return defaultPoolFormat;
    }

    public VolFormats volFormats() {
        return volFormats;
    }

    /** The type named {@code name} in XML, or null. */
    public static StoragePoolType fromXml(String name) {
        for (StoragePoolType t : values()) {
            if (t.xmlName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
