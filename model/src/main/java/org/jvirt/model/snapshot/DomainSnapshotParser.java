package org.jvirt.model.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.util.ScaledSize;
import org.jvirt.model.snapshot.DomainSnapshotDef.SnapshotDisk;
import org.jvirt.model.storage.ConfXml;
import org.jvirt.model.xml.XmlNode;
import org.jvirt.model.xml.XmlParser;

/**
 * Parses {@code <domainsnapshot>} as libvirt's virDomainSnapshotDefParse. Flags are libvirt's
 * VIR_DOMAIN_SNAPSHOT_PARSE_*; a new (not redefined) snapshot gets the current time as creation time and, without a
 * name, that time as its name (virDomainMomentDefPostParse). The embedded domains are kept as text (see
 * {@link DomainSnapshotDef}).
 */
public final class DomainSnapshotParser {
    public static final int PARSE_REDEFINE = 1;
    public static final int PARSE_DISKS = 1 << 1;
    public static final int PARSE_INTERNAL = 1 << 2;
    public static final int PARSE_OFFLINE = 1 << 3;

    static final List<String> STATES = List.of("nostate", "running", "blocked", "paused", "shutdown", "shutoff",
            "crashed", "pmsuspended", "disk-snapshot");
    static final List<String> LOCATIONS = List.of("default", "no", "internal", "external", "manual");
    private static final List<String> STORAGE_TYPES = List.of("file", "block", "dir", "network", "volume", "nvme",
            "vhostuser", "vdpa");
    private static final int DOM = ErrorDomain.DOMAIN_SNAPSHOT;

    /** The result: the definition and, for PARSE_INTERNAL, whether it was the current snapshot. */
    public record Result(DomainSnapshotDef def, boolean current) {}

    private final XmlParser xml = new XmlParser();
    private final LongSupplier clock;

    public DomainSnapshotParser() {
        this(() -> System.currentTimeMillis() / 1000);
    }

    /** {@code clock} gives seconds since the epoch (tests pass a fixed one). */
    public DomainSnapshotParser(LongSupplier clock) {
        this.clock = clock;
    }

    public DomainSnapshotDef parse(String text, int flags) {
        return parseFull(text, flags).def();
    }

    public Result parseFull(String text, int flags) {
        XmlNode root = xml.parseRoot(text, "domain_snapshot", "domainsnapshot", org.jvirt.core.ErrorDomain.DOMAIN_SNAPSHOT);
        boolean redefine = (flags & PARSE_REDEFINE) != 0;
        String name = ConfXml.childString(root, "name");
        if (name == null && redefine) {
            throw ConfXml.xmlError(DOM, "a redefined snapshot must have a name");
        }
        String description = ConfXml.childString(root, "description");
        long creationTime = 0;
        String parent = null;
        String state = null;
        boolean offline = false;
        String domainXml = null;
        String inactiveXml = null;
        if (redefine) {
            String ct = ConfXml.childString(root, "creationTime");
            creationTime = ConfXml.parseLong(ct, 10).orElseThrow(() ->
                    ConfXml.xmlError(DOM, "missing creationTime from existing snapshot"));
            parent = ConfXml.pathString(root, "parent", "name");
            state = ConfXml.childString(root, "state");
            if (state == null) {
                throw ConfXml.xmlError(DOM, "missing state from existing snapshot");
            }
            if (STATES.indexOf(state) <= 0) {
                throw ConfXml.xmlError(DOM, "Invalid state '" + state + "' in domain snapshot XML");
            }
            offline = state.equals("shutoff") || state.equals("disk-snapshot");
            if (ConfXml.pathAttr(root, "type", "domain") != null) {
                domainXml = RawXml.rootChild(text, "domain");
            }
            if (root.child("inactiveDomain") != null) {
                inactiveXml = RawXml.rootChild(text, "inactiveDomain");
            }
        } else {
            creationTime = clock.getAsLong();
            if (name == null) {
                name = Long.toString(creationTime);
            }
        }

        String memory = null;
        String memoryFile = null;
        XmlNode mem = root.child("memory");
        if (mem != null) {
            memoryFile = mem.attr("file");
            String m = mem.attr("snapshot");
            int loc = 0;
            if (m != null) {
                loc = LOCATIONS.indexOf(m);
                if (loc <= 0) {
                    throw VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.XML,
                            "Invalid value for attribute 'snapshot' in element 'memory': '" + m + "'.");
                }
            }
            if (loc == 4) {
                throw ConfXml.xmlError(DOM, "'manual' memory snapshot mode not supported");
            }
            if (memoryFile != null) {
                if (loc == 0) {
                    loc = 3;
                } else if (loc != 3) {
                    throw ConfXml.xmlError(DOM, "memory filename '" + memoryFile + "' requires external snapshot");
                }
            } else if (loc == 3) {
                throw ConfXml.xmlError(DOM, "external memory snapshots require a filename");
            }
            memory = loc == 0 ? null : LOCATIONS.get(loc);
        }
        if (memory == null && redefine) {
            memory = offline ? "no" : "internal";
        }
        if (offline && memory != null && !memory.equals("no")) {
            throw ConfXml.xmlError(DOM, "memory state cannot be saved with offline or disk-only snapshot");
        }
        if (memoryFile != null && !memoryFile.startsWith("/")) {
            throw ConfXml.xmlError(DOM, "memory snapshot file path (" + memoryFile + ") must be absolute");
        }

        List<SnapshotDisk> disks = new ArrayList<>();
        XmlNode disksNode = root.child("disks");
        if (disksNode != null) {
            List<XmlNode> nodes = disksNode.children();
            List<String> raws = RawXml.childrenOf(text, "disks");
            for (int i = 0; i < nodes.size(); i++) {
                disks.add(parseDisk(nodes.get(i), i < raws.size() ? raws.get(i) : null));
            }
        }

        boolean current = false;
        if ((flags & PARSE_INTERNAL) != 0) {
            String active = ConfXml.childString(root, "active");
            current = ConfXml.parseLong(active, 10).orElseThrow(() ->
                    VirException.internal(DOM, "Could not find 'active' element")) != 0;
        }
        String cookie = !offline && root.child("cookie") != null ? RawXml.rootChild(text, "cookie") : null;
        return new Result(new DomainSnapshotDef(name, description, state, parent, creationTime, memory, memoryFile,
                disks, domainXml, inactiveXml, cookie), current);
    }

    private static SnapshotDisk parseDisk(XmlNode d, String raw) {
        String name = d.attr("name");
        if (name == null) {
            throw VirException.internal(DOM, "missing name from disk snapshot element");
        }
        String snapshot = null;
        String s = d.attr("snapshot");
        if (s != null) {
            int loc = LOCATIONS.indexOf(s);
            if (loc <= 0) {
                throw VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.XML,
                        "Invalid value for attribute 'snapshot' in element 'disk': '" + s + "'.");
            }
            snapshot = s;
        }
        String type = "file";
        String t = d.attr("type");
        if (t != null) {
            if (!STORAGE_TYPES.contains(t)) {
                throw VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.XML,
                        "Invalid value for attribute 'type' in element 'disk': '" + t + "'.");
            }
            type = t;
        }
        String sourceXml = null;
        String path = null;
        XmlNode src = d.child("source");
        if (src != null) {
            path = switch (type) {
                case "file" -> src.attr("file");
                case "block" -> src.attr("dev");
                case "dir" -> src.attr("dir");
                case "network" -> src.attr("name");
                default -> null;
            };
            boolean hasContent = src.element().hasAttributes() || !src.children().isEmpty();
            if (hasContent && raw != null) {
                sourceXml = RawXml.rootChild(raw, "source");
            }
            if (path != null && (type.equals("file") || type.equals("block") || type.equals("dir"))
                    && !path.startsWith("/")) {
                throw ConfXml.xmlError(DOM, "disk snapshot image path '" + path + "' must be absolute");
            }
        }
        String driverType = null;
        long cache = -1;
        XmlNode drv = d.child("driver");
        if (drv != null) {
            String dt = drv.attr("type");
            if (dt != null) {
                if (!dt.matches("raw|dir|bochs|cloop|dmg|iso|vpc|vdi|fat|vhd|ploop|cow|qcow|qcow2|qed|vmdk")) {
                    throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, DOM,
                            "unknown disk snapshot driver '" + dt + "'");
                }
                driverType = dt;
            }
            XmlNode ms = ConfXml.descend(drv, 2, "metadata_cache", "max_size");
            if (ms != null) {
                String v = ms.text().strip();
                long n = ConfXml.parseUnsignedLong(v).filter(x -> !v.startsWith("-")).orElseThrow(() ->
                        ConfXml.xmlError(ErrorDomain.XML, "Invalid value '" + v
                                + "' for element or attribute './metadata_cache/max_size'"));
                cache = ScaledSize.toBytes(n, ms.attr("unit"), 1, Long.MAX_VALUE);
            }
        }
        if (snapshot == null && (path != null || driverType != null)) {
            snapshot = "external";
        }
        return new SnapshotDisk(name, snapshot, type, driverType, cache, sourceXml);
    }
}
