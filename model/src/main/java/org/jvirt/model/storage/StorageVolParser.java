package org.jvirt.model.storage;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.util.ScaledSize;
import org.jvirt.model.xml.XmlNode;
import org.jvirt.model.xml.XmlParser;

/**
 * Parses {@code <volume>} XML in the context of its pool, as libvirt's virStorageVolDefParseXML does: the pool type
 * decides whether and how formats are read. Flags are libvirt's VIR_VOL_XML_PARSE_*.
 */
public final class StorageVolParser {
    /** VIR_VOL_XML_PARSE_NO_CAPACITY: capacity may be missing. */
    public static final int NO_CAPACITY = 1;
    /** VIR_VOL_XML_PARSE_OPT_CAPACITY: capacity may be missing when there is a backing store. */
    public static final int OPT_CAPACITY = 1 << 1;

    static final List<String> FEATURES = List.of("lazy_refcounts", "extended_l2");
    private static final int DOM = ErrorDomain.STORAGE;

    private final XmlParser xml = new XmlParser();

    public StorageVolDef parse(StoragePoolDef pool, String text, int flags) {
        return parseNode(pool.type(), xml.parseRoot(text, "storage_volume_definition", "volume", org.jvirt.core.ErrorDomain.STORAGE), flags);
    }

    public StorageVolDef parseNode(StoragePoolType poolType, XmlNode root, int flags) {
        String name = ConfXml.childString(root, "name");
        if (name == null) {
            throw ConfXml.xmlError(DOM, "missing volume name element");
        }
        String key = ConfXml.childString(root, "key");
        String type = "file";
        String t = root.attr("type");
        if (t != null && !t.isEmpty()) {
            if (!StorageVolDef.TYPES.contains(t)) {
                throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, DOM, "unknown volume type '" + t + "'");
            }
            type = t;
        }
        StorageVolDef.Target backing = null;
        String backingPath = ConfXml.pathString(root, "backingStore", "path");
        if (backingPath != null) {
            XmlNode bs = root.child("backingStore");
            String fmt = parseFormat(poolType, ConfXml.pathAttr(bs, "type", "format"));
            backing = new StorageVolDef.Target(backingPath, fmt, StorageXml.parsePerms(bs.child("permissions")),
                    null, null, null, 0, false, null);
        }
        long capacity = 0;
        String cap = ConfXml.childString(root, "capacity");
        if (cap != null) {
            capacity = size(cap, ConfXml.pathAttr(root, "unit", "capacity"));
        } else if ((flags & NO_CAPACITY) == 0 && !((flags & OPT_CAPACITY) != 0 && backing != null)) {
            throw ConfXml.xmlError(DOM, "missing capacity element");
        }
        long allocation = capacity;
        boolean hasAllocation = false;
        String alloc = ConfXml.childString(root, "allocation");
        if (alloc != null) {
            allocation = size(alloc, ConfXml.pathAttr(root, "unit", "allocation"));
            hasAllocation = true;
        }
        XmlNode target = root.child("target");
        String path = ConfXml.childString(target, "path");
        String format = parseFormat(poolType, ConfXml.pathAttr(target, "type", "format"));
        StoragePerms perms = StorageXml.parsePerms(target == null ? null : target.child("permissions"));
        StorageEncryption enc = null;
        String compat = null;
        long clusterSize = 0;
        boolean nocow = false;
        Set<String> features = null;
        if (target != null) {
            XmlNode e = target.child("encryption");
            if (e != null) {
                enc = StorageEncryption.parse(e);
            }
            compat = ConfXml.childString(target, "compat");
            checkCompat(compat);
            XmlNode cs = target.child("clusterSize");
            if (cs != null) {
                String v = cs.text();
                long n = ConfXml.parseUnsignedLong(v).filter(x -> !v.strip().startsWith("-")).orElseThrow(() ->
                        ConfXml.xmlError(ErrorDomain.XML, "Invalid value '" + v
                                + "' for element or attribute './target/clusterSize'"));
                clusterSize = ScaledSize.toBytes(n, cs.attr("unit"), 1, Long.MAX_VALUE);
            }
            nocow = target.child("nocow") != null;
            XmlNode f = target.child("features");
            if (f != null) {
                if (compat == null) {
                    compat = "1.1";
                }
                features = new LinkedHashSet<>();
                for (XmlNode c : f.children()) {
                    if (!FEATURES.contains(c.name())) {
                        throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, DOM, "unsupported feature " + c.name());
                    }
                    features.add(c.name());
                }
            }
        }
        StorageVolDef.Target tgt = new StorageVolDef.Target(path, format, perms, null, enc, compat, clusterSize,
                nocow, features == null ? null : Set.copyOf(features));
        return new StorageVolDef(name, key, type, List.of(), capacity, allocation, hasAllocation, 0, tgt, backing);
    }

    private static String parseFormat(StoragePoolType poolType, String f) {
        switch (poolType.volFormats()) {
            case NONE -> {
                return null;
            }
            case DISK_PRINT_ONLY -> {
                return "unknown";
            }
            case FILE -> {
                if (f == null) {
                    return "raw";
                }
                if (!StoragePoolType.FILE_FORMATS.contains(f) || f.equals("none")) {
                    throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, DOM, "unknown volume format type " + f);
                }
                return f;
            }
            case DISK_VOL -> {
                if (f == null) {
                    return "none";
                }
                if (!StoragePoolType.VOL_DISK_FORMATS.contains(f)) {
                    throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, DOM, "unknown volume format type " + f);
                }
                return f;
            }
        }
        throw new IllegalStateException();
    }

    /** virStorageSize: a positive decimal, scaled by the unit, at most LLONG_MAX. */
    private static long size(String value, String unit) {
        String v = value.stripLeading();
        if (v.startsWith("-")) {
            throw ConfXml.xmlError(DOM, "malformed capacity element");
        }
        long n = ConfXml.parseUnsignedLong(v).orElseThrow(() -> ConfXml.xmlError(DOM, "malformed capacity element"));
        if (n < 0) {
            throw VirException.of(ErrorNumber.OVERFLOW, ErrorDomain.NONE,
                    "value too large: " + Long.toUnsignedString(n) + (unit == null ? "" : unit));
        }
        return ScaledSize.toBytes(n, unit, 1, Long.MAX_VALUE);
    }

    /** virStorageFileCheckCompat: "N.M" with numeric parts (a third part is not checked). */
    private static void checkCompat(String compat) {
        if (compat == null) {
            return;
        }
        String[] parts = compat.split("\\.", 3);
        if (parts.length < 2 || ConfXml.parseUnsignedInt(parts[0]).isEmpty()
                || ConfXml.parseUnsignedInt(parts[1]).isEmpty()) {
            throw ConfXml.xmlError(DOM, "forbidden characters in 'compat' attribute");
        }
    }
}
