package org.jvirt.qemu.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.domain.DeviceKind;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDevice;
import org.jvirt.model.domain.XmlElem;
import org.jvirt.qemu.monitor.Json;
import org.jvirt.qemu.monitor.QmpConnection;
import org.jvirt.qemu.monitor.QmpException;

/**
 * A disk's backing chain as QEMU has it open and as the domain XML shows it ({@code <source>} plus nested
 * {@code <backingStore>}, libvirt's virStorageSource chain). QEMU opens the layers below the top node itself from the
 * qcow2 headers, so the chain is read back from {@code query-block} after anything that changes it (block jobs,
 * external snapshots) and written into the live definition; the persistent one keeps only the layers it named.
 */
final class QemuDiskChain {
    private QemuDiskChain() {}

    /** One image of a chain, top first; {@code node} is QEMU's format node name (null when unknown). */
    record Layer(String file, String format, String node) {}

    // ---- the domain XML side ----

    /** libvirt's virDomainDiskByName: a disk by target name or by source path, or "disk '%s' not found in domain". */
    static DomainDevice disk(DomainDef def, String name) {
        for (DomainDevice d : def.devices(DeviceKind.DISK)) {
            XmlElem src = d.xml().child("source");
            if (name.equals(d.targetDev()) || src != null && name.equals(src.attr("file"))) {
                return d;
            }
        }
        throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU, "disk '" + name + "' not found in domain");
    }

    /** The chain the disk XML names: its source and each nested {@code <backingStore>}'s. */
    static List<Layer> fromXml(XmlElem disk) {
        List<Layer> out = new ArrayList<>();
        XmlElem src = disk.child("source");
        if (src == null || src.attr("file") == null) {
            return out;
        }
        XmlElem drv = disk.child("driver");
        out.add(new Layer(src.attr("file"), drv == null || drv.attr("type") == null ? "raw" : drv.attr("type"), null));
        for (XmlElem bs = disk.child("backingStore"); bs != null; bs = bs.child("backingStore")) {
            XmlElem s = bs.child("source");
            XmlElem f = bs.child("format");
            if (s == null || s.attr("file") == null) {
                break;
            }
            out.add(new Layer(s.attr("file"), f == null ? "raw" : f.attr("type"), null));
        }
        return out;
    }

    /**
     * The disk with {@code chain} as its source and backing stores. {@code terminated} adds the empty
     * {@code <backingStore/>} that says the chain ends there (live XML, where the whole chain is known).
     */
    static XmlElem withChain(XmlElem disk, List<Layer> chain, boolean terminated) {
        return withChain(disk, chain, terminated, java.util.Map.of());
    }

    /** As above, with libvirt's {@code index} attributes (virStorageSource ids) for the files {@code indexes} has. */
    static XmlElem withChain(XmlElem disk, List<Layer> chain, boolean terminated,
                             java.util.Map<String, Integer> indexes) {
        Layer top = chain.getFirst();
        XmlElem x = disk.withoutChildren("backingStore");
        XmlElem src = x.child("source") == null ? XmlElem.of("source") : x.child("source");
        Integer topIndex = indexes.get(top.file());
        x = x.withChild("source", src.withAttr("file", top.file()).withAttr("index",
                topIndex == null ? null : topIndex.toString()));
        XmlElem drv = x.child("driver");
        if (drv != null) {
            x = x.withChild("driver", drv.withAttr("type", top.format()));
        } else if (!top.format().equals("raw")) {
            x = x.insertChild(XmlElem.of("driver", "name", "qemu", "type", top.format()), 0);
        }
        XmlElem bs = terminated || chain.size() > 1 ? backing(chain, 1, terminated, indexes) : null;
        return bs == null ? x : x.insertChild(bs, x.indexOf("source") + 1);
    }

    private static XmlElem backing(List<Layer> chain, int i, boolean terminated,
                                   java.util.Map<String, Integer> indexes) {
        if (i >= chain.size()) {
            return terminated ? XmlElem.of("backingStore") : null;
        }
        Layer l = chain.get(i);
        List<XmlElem> kids = new ArrayList<>();
        kids.add(XmlElem.of("format", "type", l.format()));
        kids.add(XmlElem.of("source", "file", l.file()));
        XmlElem below = backing(chain, i + 1, terminated, indexes);
        if (below != null) {
            kids.add(below);
        }
        Integer index = indexes.get(l.file());
        XmlElem bs = index == null ? XmlElem.of("backingStore", "type", "file")
                : XmlElem.of("backingStore", "type", "file", "index", index.toString());
        return bs.withChildren(kids);
    }

    /** The {@code index} of each file in the disks' live chains (source and backing stores). */
    static java.util.Map<String, Integer> indexes(DomainDef live) {
        java.util.Map<String, Integer> out = new java.util.HashMap<>();
        for (DomainDevice d : live.devices(DeviceKind.DISK)) {
            out.putAll(indexesOf(d.xml()));
        }
        return out;
    }

    private static java.util.Map<String, Integer> indexesOf(XmlElem disk) {
        java.util.Map<String, Integer> out = new java.util.HashMap<>();
        XmlElem src = disk.child("source");
        if (src != null && src.attr("file") != null && src.attr("index") != null) {
            out.put(src.attr("file"), Integer.parseInt(src.attr("index")));
        }
        for (XmlElem bs = disk.child("backingStore"); bs != null; bs = bs.child("backingStore")) {
            XmlElem s = bs.child("source");
            if (s != null && s.attr("file") != null && bs.attr("index") != null) {
                out.put(s.attr("file"), Integer.parseInt(bs.attr("index")));
            }
        }
        return out;
    }

    /** libvirt's index notation {@code vda[2]}: the file of that layer of the disk's live chain, else the name. */
    static String resolveIndex(XmlElem disk, String dst, String name) {
        Matcher m = Pattern.compile("([^\\[]+)\\[(\\d+)\\]").matcher(name == null ? "" : name);
        if (!m.matches()) {
            return name;
        }
        if (!m.group(1).equals(dst)) {
            throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU, "requested target '" + m.group(1)
                    + "' does not match target '" + dst + "'");
        }
        for (var e : indexesOf(disk).entrySet()) {
            if (e.getValue() == Integer.parseInt(m.group(2))) {
                return e.getKey();
            }
        }
        return name; // not found: the caller reports it as an unknown image
    }

    /**
     * The live chains at start (qemuDomainDetermineDiskChain): each disk's layers as QEMU opened them, with libvirt's
     * ids — the top images have their node numbers (libvirt-N-format, counted from the last disk), the backing layers
     * the numbers after those, again from the last disk, top-down (as libvirtd 9.0 numbers them).
     */
    static DomainDef detect(QmpConnection mon, DomainDef live) {
        try {
            List<Json> blocks = ((Json.Arr) qmp(mon, "query-block", null)).items();
            List<Json.Obj> named = namedNodes(mon);
            List<DomainDevice> disks = live.devices(DeviceKind.DISK);
            java.util.Map<DomainDevice, List<Layer>> chains = new java.util.LinkedHashMap<>();
            java.util.Map<String, Integer> indexes = new java.util.HashMap<>();
            int max = 0;
            for (int i = disks.size() - 1; i >= 0; i--) {
                DomainDevice d = disks.get(i);
                XmlElem src = d.xml().child("source");
                if (d.alias() == null || src == null || src.attr("file") == null || !"file".equals(d.xml().attr("type"))) {
                    continue;
                }
                List<Layer> chain = chain(blocks, named, d.alias());
                if (chain.isEmpty()) {
                    continue;
                }
                chains.put(d, chain);
                Matcher m = LIBVIRT_NODE.matcher(String.valueOf(chain.getFirst().node()));
                if (m.matches()) {
                    indexes.put(chain.getFirst().file(), Integer.parseInt(m.group(1)));
                    max = Math.max(max, Integer.parseInt(m.group(1)));
                }
            }
            for (List<Layer> chain : chains.values()) {
                for (Layer l : chain.subList(1, chain.size())) {
                    indexes.putIfAbsent(l.file(), ++max);
                }
            }
            DomainDef out = live;
            for (var e : chains.entrySet()) {
                out = out.replaceDevice(e.getKey(), e.getKey().withXml(withChain(e.getKey().xml(), e.getValue(), true,
                        indexes)));
            }
            return out;
        } catch (RuntimeException e) {
            return live; // the chain is a view; a guest without it still runs
        }
    }

    /**
     * The files and indexes of a rewritten chain: files keep the index they had, new ones take their node's number
     * when libvirt named the node (overlays, mirrors) and the next free number otherwise.
     */
    static java.util.Map<String, Integer> indexesFor(DomainDef live, List<Layer> chain) {
        java.util.Map<String, Integer> out = new java.util.HashMap<>(indexes(live));
        int max = out.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        for (Layer l : chain) {
            if (!out.containsKey(l.file())) {
                Matcher m = LIBVIRT_NODE.matcher(String.valueOf(l.node()));
                int index = m.matches() ? Integer.parseInt(m.group(1)) : max + 1;
                out.put(l.file(), index);
                max = Math.max(max, index);
            }
        }
        return out;
    }

    /**
     * A running domain's definition as an inactive one: the backing layers found by probing are left out, the ones
     * the persistent definition names are kept (libvirt does not write detected backing chains into inactive XML).
     */
    static DomainDef withoutDetected(DomainDef live, DomainDef persistent) {
        DomainDef out = live;
        for (DomainDevice d : live.devices(DeviceKind.DISK)) {
            XmlElem x = d.xml();
            if (x.child("backingStore") == null && x.child("mirror") == null) {
                continue;
            }
            List<Layer> chain = fromXml(x);
            DomainDevice c = persistent == null || d.targetDev() == null ? null
                    : persistent.findByTarget(d.targetDev()).orElse(null);
            List<String> named = c == null ? List.of() : fromXml(c.xml()).stream().map(Layer::file).toList();
            XmlElem y = x.withoutChildren("mirror").withoutChildren("backingStore");
            if (!chain.isEmpty()) {
                List<Layer> keep = new ArrayList<>();
                keep.add(chain.getFirst());
                chain.subList(1, chain.size()).stream().filter(l -> named.contains(l.file())).forEach(keep::add);
                y = withChain(y, keep, false);
            }
            out = out.replaceDevice(d, d.withXml(y));
        }
        return out;
    }

    /**
     * The persistent disk after its live chain became {@code live}: the new top, then only the layers the persistent
     * XML already named (libvirt does not write detected backing chains into the inactive XML).
     */
    static XmlElem persistentChain(XmlElem cfgDisk, List<Layer> live) {
        List<String> named = fromXml(cfgDisk).stream().map(Layer::file).toList();
        List<Layer> keep = new ArrayList<>();
        keep.add(live.getFirst());
        for (Layer l : live.subList(1, live.size())) {
            if (named.contains(l.file())) {
                keep.add(l);
            }
        }
        return withChain(cfgDisk, keep, false);
    }

    /**
     * The definition QEMU's command line is built from: disks without {@code <backingStore>}, {@code <mirror>} and
     * source indexes, as QEMU opens the backing layers from the image headers (which external snapshots and block
     * jobs keep right).
     */
    static DomainDef forCommandLine(DomainDef def) {
        DomainDef out = def;
        for (DomainDevice d : def.devices(DeviceKind.DISK)) {
            XmlElem x = d.xml();
            XmlElem src = x.child("source");
            if (x.child("backingStore") != null || x.child("mirror") != null
                    || src != null && src.attr("index") != null) {
                XmlElem y = x.withoutChildren("backingStore").withoutChildren("mirror");
                if (src != null) {
                    y = y.withChild("source", src.withAttr("index", null));
                }
                out = out.replaceDevice(d, d.withXml(y));
            }
        }
        return out;
    }

    // ---- the QEMU side ----

    static Json qmp(QmpConnection mon, String command, Json.Obj args) {
        try {
            return mon.execute(command, args, QemuProcess.QMP_TIMEOUT);
        } catch (QmpException e) {
            throw e.toVirException();
        }
    }

    /** The chain QEMU has open under the disk's front-end device (alias), from query-block. */
    static List<Layer> query(QmpConnection mon, String alias) {
        List<Layer> out = chain(((Json.Arr) qmp(mon, "query-block", null)).items(), namedNodes(mon), alias);
        if (out.isEmpty()) {
            throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.QEMU, "cannot find QEMU block device for "
                    + alias);
        }
        return out;
    }

    private static List<Layer> chain(List<Json> blocks, List<Json.Obj> named, String alias) {
        Json.Obj inserted = null;
        for (Json j : blocks) {
            Json.Obj b = (Json.Obj) j;
            String qdev = b.str("qdev");
            if (qdev != null && (qdev.equals(alias) || qdev.contains("/" + alias + "/")) || alias.equals(b.str("device"))) {
                inserted = b.obj("inserted");
            }
        }
        List<Layer> out = new ArrayList<>();
        if (inserted == null) {
            return out;
        }
        String topNode = inserted.str("node-name");
        for (Json.Obj img = inserted.obj("image"); img != null; img = img.obj("backing-image")) {
            String file = img.str("filename");
            String node = out.isEmpty() ? topNode : formatNode(named, file, out.getLast().node());
            out.add(new Layer(file, img.str("format"), node));
        }
        return out;
    }

    /** The virtual size of the image on top of the disk's front-end device (for overlays and copies). */
    static long virtualSize(QmpConnection mon, String alias) {
        for (Json j : ((Json.Arr) qmp(mon, "query-block", null)).items()) {
            Json.Obj b = (Json.Obj) j;
            String qdev = b.str("qdev");
            if (qdev != null && qdev.contains("/" + alias + "/") && b.obj("inserted") != null) {
                return b.obj("inserted").obj("image").num("virtual-size", 0);
            }
        }
        throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.QEMU, "cannot find QEMU block device for "
                + alias);
    }

    static List<Json.Obj> namedNodes(QmpConnection mon) {
        List<Json.Obj> out = new ArrayList<>();
        for (Json j : ((Json.Arr) qmp(mon, "query-named-block-nodes", Json.object("flat", true))).items()) {
            out.add((Json.Obj) j);
        }
        return out;
    }

    /** The format node opening {@code file} as the backing of {@code above} (several nodes may open one file). */
    private static String formatNode(List<Json.Obj> named, String file, String above) {
        String byBacking = null;
        String any = null;
        for (Json.Obj n : named) {
            String drv = n.str("drv");
            if (!file.equals(n.str("file")) || "file".equals(drv) || "host_device".equals(drv)) {
                continue;
            }
            any = any == null ? n.str("node-name") : any;
            for (Json.Obj a : named) {
                if (a.str("node-name").equals(above) && file.equals(a.str("backing_file"))) {
                    byBacking = n.str("node-name");
                }
            }
        }
        return byBacking != null ? byBacking : any;
    }

    private static final Pattern LIBVIRT_NODE = Pattern.compile("libvirt-(\\d+)-(format|storage)");

    /** The next free libvirt-N node number (libvirt's nodenameindex), above every node QEMU has and every index. */
    static int nextNodeIndex(QmpConnection mon, DomainDef live) {
        int max = indexes(live).values().stream().mapToInt(Integer::intValue).max().orElse(0);
        for (Json.Obj n : namedNodes(mon)) {
            Matcher m = LIBVIRT_NODE.matcher(String.valueOf(n.str("node-name")));
            if (m.matches()) {
                max = Math.max(max, Integer.parseInt(m.group(1)));
            }
        }
        return max + 1;
    }

    /**
     * Opens an image as libvirt's storage + format node pair ({@code libvirt-N-storage}/{@code libvirt-N-format});
     * {@code backing} is a node name, or null for {@code "backing": null} (no backing opened).
     */
    static String blockdevAdd(QmpConnection mon, int index, String file, String format, String backing) {
        String storage = "libvirt-" + index + "-storage";
        String fmt = "libvirt-" + index + "-format";
        qmp(mon, "blockdev-add", Json.object("driver", "file", "filename", file, "node-name", storage,
                "auto-read-only", true, "discard", "unmap"));
        java.util.Map<String, Json> m = new java.util.LinkedHashMap<>();
        m.put("node-name", Json.of(fmt));
        m.put("read-only", Json.of(false));
        m.put("driver", Json.of(format));
        m.put("file", Json.of(storage));
        if (format.equals("qcow2")) {
            m.put("backing", backing == null ? new Json.Null() : Json.of(backing));
        }
        try {
            qmp(mon, "blockdev-add", new Json.Obj(m));
        } catch (RuntimeException e) {
            blockdevDelQuietly(mon, storage);
            throw e;
        }
        return fmt;
    }

    /** Closes a format node libvirt opened and its storage node (libvirt-N-format → libvirt-N-storage). */
    static void blockdevDelPair(QmpConnection mon, String formatNode) {
        blockdevDelQuietly(mon, formatNode);
        Matcher m = LIBVIRT_NODE.matcher(formatNode);
        if (m.matches()) {
            blockdevDelQuietly(mon, "libvirt-" + m.group(1) + "-storage");
        }
    }

    static void blockdevDelQuietly(QmpConnection mon, String node) {
        try {
            mon.execute("blockdev-del", Json.object("node-name", node), QemuProcess.QMP_TIMEOUT);
        } catch (RuntimeException e) {
            // still in use or already gone: nothing to release
        }
    }

    /** The libvirt-N nodes opening files that left the chain, which the monitor still holds. */
    static void releaseDropped(QmpConnection mon, List<Layer> before, List<Layer> after) {
        List<String> kept = after.stream().map(Layer::file).toList();
        for (Json.Obj n : namedNodes(mon)) {
            String name = n.str("node-name");
            if (name != null && name.matches("libvirt-\\d+-format") && !kept.contains(n.str("file"))
                    && before.stream().anyMatch(l -> l.file().equals(n.str("file")))) {
                blockdevDelPair(mon, name);
            }
        }
    }
}
