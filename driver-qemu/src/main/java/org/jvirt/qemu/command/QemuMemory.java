package org.jvirt.qemu.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.XmlElem;

/**
 * Guest RAM on the command line, after qemuBuildMemoryBackendProps and qemuBuildNumaCommandLine: the
 * {@code <memoryBacking>} source, access, discard, hugepages and allocation settings turned into the "pc.ram" memory
 * backend object, or, with NUMA cells, one "ram-nodeN" backend plus a {@code -numa node} per cell.
 */
final class QemuMemory {

    /** libvirt's test harness mounts hugetlbfs for these page sizes (KiB); the first one is the default. */
    private static final String HUGEPAGES_2M = "/dev/hugepages2M";
    private static final String HUGEPAGES_1G = "/dev/hugepages1G";
    /** qemu.conf's memory_backing_dir. */
    static final String MEMORY_BACKING_DIR = "/var/lib/libvirt/qemu/ram";

    private final DomainDef def;
    private final QemuBuildContext ctx;
    private final XmlElem backing;
    private final List<XmlElem> cells;
    private final XmlElem numatune;

    QemuMemory(DomainDef def, QemuBuildContext ctx) {
        this.def = def;
        this.ctx = ctx;
        this.backing = def.section("memoryBacking").orElse(null);
        XmlElem cpu = def.section("cpu").orElse(null);
        XmlElem numa = cpu == null ? null : cpu.child("numa");
        this.cells = numa == null ? List.of() : numa.children("cell");
        this.numatune = def.section("numatune").orElse(null);
        validate(numa);
    }

    private void validate(XmlElem numa) {
        if (backing != null) {
            for (XmlElem c : backing.children()) {
                boolean ok = switch (c.name()) {
                    case "hugepages" -> c.attrs().isEmpty() && c.children().stream().allMatch(p ->
                            p.name().equals("page") && Set.of("size", "unit", "nodeset").containsAll(
                                    p.attrs().stream().map(XmlElem.Attr::name).toList()));
                    case "source" -> c.attrs().size() == 1 && Set.of("file", "anonymous", "memfd")
                            .contains(c.attr("type"));
                    case "access" -> c.attrs().size() == 1 && Set.of("shared", "private").contains(c.attr("mode"));
                    case "allocation" -> c.attrs().size() == 1 && "immediate".equals(c.attr("mode"));
                    case "discard" -> c.attrs().isEmpty();
                    default -> false;
                };
                if (!ok || !c.name().equals("hugepages") && !c.children().isEmpty()) {
                    throw QemuCommandBuilder.unsupported("<memoryBacking><" + c.name() + ">");
                }
            }
        }
        if (numatune != null) {
            for (XmlElem c : numatune.children()) {
                boolean ok = switch (c.name()) {
                    case "memory" -> c.attr("nodeset") != null && c.attr("mode") != null
                            && Set.of("mode", "nodeset", "placement").containsAll(names(c))
                            && "static".equals(c.attr("placement") == null ? "static" : c.attr("placement"));
                    case "memnode" -> c.attr("nodeset") != null && c.attr("mode") != null && c.attr("cellid") != null
                            && c.attrs().size() == 3 && Integer.parseInt(c.attr("cellid")) < cells.size();
                    default -> false;
                };
                if (!ok || !c.children().isEmpty() || !Set.of("strict", "preferred", "interleave", "restrictive")
                        .contains(c.attr("mode")) || !numatune.attrs().isEmpty()) {
                    throw QemuCommandBuilder.unsupported("<numatune><" + c.name() + ">");
                }
            }
        }
        if (numa != null) {
            if (numa.attrs().size() > 0 || numa.children().size() != cells.size() || cells.isEmpty()) {
                throw QemuCommandBuilder.unsupported("numa");
            }
            String m = def.osMachine();
            if (!m.equals("pc") && !m.equals("q35")) {
                // versioned machines before 5.1 still take legacy "mem=" nodes
                throw QemuCommandBuilder.unsupported("numa on a versioned machine");
            }
            for (int i = 0; i < cells.size(); i++) {
                XmlElem c = cells.get(i);
                if (!c.children().isEmpty() || !Integer.toString(i).equals(c.attr("id")) || c.attr("cpus") == null
                        || !Set.of("id", "cpus", "memory", "unit", "memAccess", "discard").containsAll(
                                c.attrs().stream().map(XmlElem.Attr::name).toList())
                        || c.attr("unit") != null && !c.attr("unit").equals("KiB")) {
                    throw QemuCommandBuilder.unsupported("numa cell");
                }
            }
        }
    }

    private static List<String> names(XmlElem x) {
        return x.attrs().stream().map(XmlElem.Attr::name).toList();
    }

    /** The numatune element governing this node (or all RAM for -1): its memnode, else the global memory. */
    private XmlElem tune(int node) {
        if (numatune == null) {
            return null;
        }
        for (XmlElem m : numatune.children("memnode")) {
            if (Integer.parseInt(m.attr("cellid")) == node) {
                return m;
            }
        }
        return numatune.child("memory");
    }

    /** virBitmapParse of a nodeset like "0-2,5". */
    static List<Integer> parseSet(String set) {
        List<Integer> out = new ArrayList<>();
        for (String part : set.split(",")) {
            String[] r = part.strip().split("-");
            int lo = Integer.parseInt(r[0].strip());
            int hi = r.length > 1 ? Integer.parseInt(r[1].strip()) : lo;
            for (int i = lo; i <= hi; i++) {
                if (!out.contains(i)) {
                    out.add(i);
                }
            }
        }
        out.sort(null);
        return out;
    }

    /** Objects to emit before a RAM backend: the thread context that preallocates on the bound host nodes. */
    private final List<String[]> preObjects = new ArrayList<>();

    boolean numa() {
        return !cells.isEmpty();
    }

    /** The guest RAM in KiB as libvirt passes it: cells sum up, each aligned to 1 MiB. */
    long totalKiB() {
        if (cells.isEmpty()) {
            return align(def.totalMemory());
        }
        long sum = 0;
        for (XmlElem c : cells) {
            sum += align(Long.parseLong(c.attr("memory")));
        }
        return sum;
    }

    /** qemuDomainGetMemoryModuleSizeAlignment: DIMM modules go by 2 MiB on x86, not the 1 MiB of RAM. */
    private static long alignModule(long kib) {
        return (kib + 2047) / 2048 * 2048;
    }

    private static long align(long kib) {
        return (kib + 1023) / 1024 * 1024;
    }

    boolean locked() {
        return false;
    }

    /** The -object for the whole RAM when there are no NUMA cells. */
    String[] pcRamArgs() {
        preObjects.clear();
        String b = backend("pc.ram", -1, totalKiB()).toString();
        List<String> out = new ArrayList<>();
        for (String[] o : preObjects) {
            out.addAll(List.of(o));
        }
        out.add("-object");
        out.add(b);
        return out.toArray(String[]::new);
    }

    /** The -object / -numa pairs of the NUMA cells. */
    List<String[]> numaArgs() {
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            XmlElem c = cells.get(i);
            String id = "ram-node" + i;
            preObjects.clear();
            String b = backend(id, i, align(Long.parseLong(c.attr("memory")))).toString();
            out.addAll(preObjects);
            out.add(new String[] {"-object", b});
            StringBuilder n = new StringBuilder("node,nodeid=" + i);
            for (String range : c.attr("cpus").split(",")) {
                n.append(",cpus=").append(range);
            }
            out.add(new String[] {"-numa", n.append(",memdev=").append(id).toString()});
        }
        return out;
    }

    private String child(String name, String attr) {
        XmlElem c = backing == null ? null : backing.child(name);
        return c == null ? null : c.attr(attr);
    }

    /** The -m value: plain MiB, or with memory hotplug the initial size, slots and maximum in KiB. */
    String memoryOption() {
        long max = def.memory().maxMemory();
        if (max <= 0) {
            return Long.toString(totalKiB() / 1024);
        }
        if (cells.isEmpty() || def.memory().slots() <= 0) {
            throw QemuCommandBuilder.unsupported("memory hotplug without NUMA cells or slots");
        }
        return "size=" + totalKiB() + "k,slots=" + def.memory().slots() + ",maxmem=" + align(max) + "k";
    }

    /**
     * pc-dimm memory devices and their backends (qemuBuildMemoryDeviceCommandLine). Each must have a slot: the
     * alias, and so the object names, follow it.
     */
    List<String> dimmArgs(java.util.function.BiFunction<Json, org.jvirt.model.domain.DomainDevice, Json> pci) {
        List<String> out = new ArrayList<>();
        int pmems = 0;
        for (org.jvirt.model.domain.DomainDevice d : def.devices(org.jvirt.model.domain.DeviceKind.MEMORY)) {
            XmlElem x = d.xml();
            XmlElem src = x.child("source");
            XmlElem tgt = x.child("target");
            XmlElem a = x.child("address");
            if ("nvdimm".equals(x.attr("model"))) {
                out.addAll(nvdimm(x));
                continue;
            }
            if ("virtio-pmem".equals(x.attr("model"))) {
                out.addAll(virtioPmem(d, "virtiopmem" + pmems++, pci));
                continue;
            }
            if (!"dimm".equals(x.attr("model")) || tgt == null || tgt.child("size") == null
                    || tgt.child("node") == null || tgt.children().size() != 2 || a == null
                    || !"dimm".equals(a.attr("type")) || a.attr("slot") == null
                    || !Set.of("type", "slot", "base").containsAll(names(a))
                    || !Set.of("model", "access", "discard").containsAll(names(x))
                    || src != null && (!src.attrs().isEmpty() || !src.children().stream().allMatch(c ->
                            Set.of("nodemask", "pagesize").contains(c.name())))
                    || x.children().size() != (src == null ? 2 : 3)) {
                throw QemuCommandBuilder.unsupported("memory device");
            }
            XmlElem size = tgt.child("size");
            if (size.attr("unit") != null && !size.attr("unit").equals("KiB")) {
                throw QemuCommandBuilder.unsupported("memory device size unit");
            }
            int node = Integer.parseInt(tgt.childText("node").strip());
            if (node >= cells.size()) {
                throw QemuCommandBuilder.unsupported("memory device node");
            }
            String alias = "dimm" + a.attr("slot");
            String id = "mem" + alias;
            Json j = Json.obj();
            XmlElem pagesize = src == null ? null : src.child("pagesize");
            String mount = null;
            if (pagesize != null) {
                if (pagesize.attr("unit") != null && !pagesize.attr("unit").equals("KiB")) {
                    throw QemuCommandBuilder.unsupported("pagesize unit");
                }
                mount = switch (pagesize.text().strip()) {
                    case "2048" -> HUGEPAGES_2M;
                    case "1048576" -> HUGEPAGES_1G;
                    default -> throw QemuCommandBuilder.unsupported("pagesize");
                };
            } else if (backing != null) {
                throw QemuCommandBuilder.unsupported("memory device with memoryBacking"); // not pinned down
            }
            String access = x.attr("access");
            String discard = x.attr("discard");
            String shortName = ctx.domainId() + "-" + shortName(def.name());
            if (mount != null || access != null) {
                j.put("qom-type", "memory-backend-file").put("id", id).put("mem-path", mount != null
                        ? mount + "/libvirt/qemu/" + shortName : MEMORY_BACKING_DIR + "/" + shortName + "/" + alias);
                if (discard != null) {
                    j.put("discard-data", discard.equals("yes"));
                }
            } else {
                if (discard != null) {
                    throw QemuCommandBuilder.unsupported("discard on anonymous RAM");
                }
                j.put("qom-type", "memory-backend-ram").put("id", id);
            }
            if (access != null) {
                j.put("share", access.equals("shared"));
            }
            if (mount != null) {
                j.put("prealloc", true);
            }
            j.put("size", alignModule(Long.parseLong(size.text().strip())) * 1024);
            XmlElem mask = src == null ? null : src.child("nodemask");
            if (mask != null) {
                List<Integer> nodes = parseSet(mask.text().strip());
                String list = nodes.toString().replace(" ", "");
                j.put("host-nodes", new AudioProps.Raw(list)).put("policy", "bind");
                if (mount != null) {
                    out.addAll(List.of("-object", Json.obj().put("qom-type", "thread-context").put("id", "tc-" + id)
                            .put("node-affinity", new AudioProps.Raw(list)).toString()));
                    j.put("prealloc-context", "tc-" + id);
                }
            } else if (numatune != null) {
                throw QemuCommandBuilder.unsupported("memory device with numatune");
            }
            out.addAll(List.of("-object", j.toString()));
            Json dev = Json.obj().put("driver", "pc-dimm").put("node", node).put("memdev", id).put("id", alias)
                    .put("slot", Integer.parseInt(a.attr("slot")));
            if (a.attr("base") != null) {
                dev.put("addr", new AudioProps.Raw(new java.math.BigInteger(a.attr("base").replaceFirst("^0[xX]", ""),
                        16).toString()));
            }
            out.addAll(List.of("-device", dev.toString()));
        }
        return out;
    }

    /** True when the guest has an NVDIMM: the machine must be told (nvdimm=on). */
    boolean nvdimm() {
        return def.devices(org.jvirt.model.domain.DeviceKind.MEMORY).stream()
                .anyMatch(d -> "nvdimm".equals(d.xml().attr("model")));
    }

    /**
     * An NVDIMM on a host file (qemuBuildMemoryDeviceProps): a preallocated file backend, shared as the device's
     * or else the domain's memory access mode says, with the label area and read-only (unarmed) switches.
     */
    private List<String> nvdimm(XmlElem x) {
        XmlElem src = x.child("source");
        XmlElem tgt = x.child("target");
        XmlElem a = x.child("address");
        if (src == null || tgt == null || a == null || !"dimm".equals(a.attr("type")) || a.attr("slot") == null
                || !Set.of("type", "slot", "base").containsAll(names(a))
                || !Set.of("model", "access").containsAll(names(x)) || src.childText("path") == null
                || !src.attrs().isEmpty() || !src.children().stream().allMatch(c ->
                        Set.of("path", "alignsize").contains(c.name()))
                || !tgt.children().stream().allMatch(c -> Set.of("size", "node", "label", "readonly")
                        .contains(c.name())) || tgt.child("size") == null || tgt.child("node") == null
                || x.children().stream().anyMatch(c -> !Set.of("source", "target", "address").contains(c.name()))) {
            throw QemuCommandBuilder.unsupported("memory device");
        }
        int node = Integer.parseInt(tgt.childText("node").strip());
        if (node >= cells.size()) {
            throw QemuCommandBuilder.unsupported("memory device node");
        }
        fileModuleBackingCheck();
        String alias = "nvdimm" + a.attr("slot");
        String id = "mem" + alias;
        String access = x.attr("access") != null ? x.attr("access") : child("access", "mode");
        Json j = Json.obj().put("qom-type", "memory-backend-file").put("id", id)
                .put("mem-path", src.childText("path").strip())
                .put("share", access == null ? null : access.equals("shared")).put("prealloc", true)
                .put("size", alignModule(kib(tgt.child("size"))) * 1024);
        XmlElem align = src.child("alignsize");
        if (align != null) {
            j.put("align", kib(align) * 1024);
        }
        XmlElem label = tgt.child("label");
        Long labelSize = null;
        if (label != null) {
            if (label.child("size") == null || label.children().size() != 1) {
                throw QemuCommandBuilder.unsupported("nvdimm label");
            }
            labelSize = kib(label.child("size")) * 1024;
        }
        Json dev = Json.obj().put("driver", "nvdimm").put("node", node).put("label-size", labelSize)
                .put("unarmed", tgt.child("readonly") != null ? Boolean.TRUE : null).put("memdev", id)
                .put("id", alias).put("slot", Integer.parseInt(a.attr("slot")));
        if (a.attr("base") != null) {
            dev.put("addr", new AudioProps.Raw(new java.math.BigInteger(a.attr("base").replaceFirst("^0[xX]", ""),
                    16).toString()));
        }
        return List.of("-object", j.toString(), "-device", dev.toString());
    }

    /** A virtio-pmem device: a host file exposed as persistent memory through a virtio PCI device. */
    private List<String> virtioPmem(org.jvirt.model.domain.DomainDevice d, String alias,
                                    java.util.function.BiFunction<Json, org.jvirt.model.domain.DomainDevice, Json> pci) {
        XmlElem x = d.xml();
        XmlElem src = x.child("source");
        XmlElem tgt = x.child("target");
        if (src == null || tgt == null || src.childText("path") == null || src.children().size() != 1
                || !src.attrs().isEmpty() || tgt.child("size") == null || tgt.children().size() != 1
                || !Set.of("model", "access").containsAll(names(x))
                || x.children().stream().anyMatch(c -> !Set.of("source", "target", "address").contains(c.name()))) {
            throw QemuCommandBuilder.unsupported("memory device");
        }
        fileModuleBackingCheck();
        String id = "mem" + alias;
        String access = x.attr("access") != null ? x.attr("access") : child("access", "mode");
        Json j = Json.obj().put("qom-type", "memory-backend-file").put("id", id)
                .put("mem-path", src.childText("path").strip())
                .put("share", access == null ? null : access.equals("shared"))
                .put("size", alignModule(kib(tgt.child("size"))) * 1024);
        Json dev = pci.apply(Json.obj().put("driver", "virtio-pmem-pci").put("memdev", id).put("id", alias), d);
        return List.of("-object", j.toString(), "-device", dev.toString());
    }

    /**
     * File-backed modules (NVDIMM, virtio-pmem) take only the memory access mode from {@code <memoryBacking>}; its
     * other settings (discard, allocation, ...) and a {@code <numatune>} would add properties whose use for these
     * backends is not pinned down.
     */
    private void fileModuleBackingCheck() {
        if (numatune != null || backing != null && backing.children().stream()
                .anyMatch(c -> !Set.of("hugepages", "access").contains(c.name()))) {
            throw QemuCommandBuilder.unsupported("file-backed memory device with memory tuning");
        }
    }

    /** A size element in KiB (the only unit libvirt's formatter writes back). */
    private static long kib(XmlElem size) {
        if (size.attr("unit") != null && !size.attr("unit").equals("KiB")) {
            throw QemuCommandBuilder.unsupported("memory size unit " + size.attr("unit"));
        }
        return Long.parseLong(size.text().strip());
    }

    /** qemuBuildMemoryBackendProps for guest RAM (node -1 for the whole of it). */
    private Json backend(String id, int node, long kib) {
        XmlElem cell = node < 0 ? null : cells.get(node);
        String source = child("source", "type");
        String access = cell != null && cell.attr("memAccess") != null ? cell.attr("memAccess")
                : child("access", "mode");
        Boolean discard = null;
        if (cell != null && cell.attr("discard") != null) {
            discard = cell.attr("discard").equals("yes");
        } else if (backing != null && backing.child("discard") != null) {
            discard = true;
        }
        String hugeMount = hugepageMount(node);
        boolean prealloc = hugeMount != null || child("allocation", "mode") != null;
        Json j = Json.obj();
        if ("memfd".equals(source)) {
            if (hugeMount != null) {
                throw QemuCommandBuilder.unsupported("memfd hugepages");
            }
            j.put("qom-type", "memory-backend-memfd").put("id", id);
        } else if (hugeMount != null || "file".equals(source)) {
            String shortName = ctx.domainId() + "-" + shortName(def.name());
            String path = hugeMount != null ? hugeMount + "/libvirt/qemu/" + shortName
                    : MEMORY_BACKING_DIR + "/" + shortName + "/" + id;
            j.put("qom-type", "memory-backend-file").put("id", id).put("mem-path", path);
            j.put("discard-data", discard);
        } else {
            if (access != null) {
                // whether libvirt switches to a file backend for this is not pinned down by the corpus
                throw QemuCommandBuilder.unsupported("memory access mode on anonymous RAM");
            }
            j.put("qom-type", "memory-backend-ram").put("id", id);
        }
        if (access != null) {
            j.put("share", access.equals("shared"));
        }
        if (node < 0 && !j.toString().contains("memory-backend-ram")) {
            j.put("x-use-canonical-path-for-ramblock-id", false);
        }
        if (prealloc) {
            if (j.toString().contains("memory-backend-ram") || "memfd".equals(source)) {
                throw QemuCommandBuilder.unsupported("memory preallocation");
            }
            j.put("prealloc", true);
        }
        j.put("size", kib * 1024);
        XmlElem tune = tune(node);
        if (tune != null && !tune.attr("mode").equals("restrictive")) {
            List<Integer> nodes = parseSet(tune.attr("nodeset"));
            j.put("host-nodes", new AudioProps.Raw(nodes.toString().replace(" ", "")));
            j.put("policy", switch (tune.attr("mode")) {
                case "strict" -> "bind";
                default -> tune.attr("mode");
            });
            if (prealloc) {
                // preallocation threads run on the bound nodes (a thread-context object, QEMU 7.2)
                preObjects.add(new String[] {"-object", Json.obj().put("qom-type", "thread-context")
                        .put("id", "tc-" + id).put("node-affinity", new AudioProps.Raw(nodes.toString()
                                .replace(" ", ""))).toString()});
                j.put("prealloc-context", "tc-" + id);
            }
        }
        return j;
    }

    /** The hugetlbfs mount backing this node (or all RAM), or null when hugepages are not used. */
    private String hugepageMount(int node) {
        XmlElem hp = backing == null ? null : backing.child("hugepages");
        if (hp == null) {
            return null;
        }
        List<XmlElem> pages = hp.children("page");
        if (pages.isEmpty()) {
            return HUGEPAGES_2M;
        }
        XmlElem p = null;
        for (XmlElem page : pages) {
            String ns = page.attr("nodeset");
            if (ns == null && p == null || ns != null && node >= 0 && parseSet(ns).contains(node)) {
                p = page;
            }
        }
        if (p == null) {
            throw QemuCommandBuilder.unsupported("hugepage nodesets");
        }
        String unit = p.attr("unit") == null ? "KiB" : p.attr("unit");
        if (!unit.equals("KiB")) {
            throw QemuCommandBuilder.unsupported("hugepage unit");
        }
        return switch (p.attr("size")) {
            case "2048" -> HUGEPAGES_2M;
            case "1048576" -> HUGEPAGES_1G;
            default -> throw QemuCommandBuilder.unsupported("hugepage size");
        };
    }

    /** virDomainDefGetShortName's name part: the first 20 characters. */
    static String shortName(String name) {
        return name.codePointCount(0, name.length()) <= 20 ? name
                : name.substring(0, name.offsetByCodePoints(0, 20));
    }
}
