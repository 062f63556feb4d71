package org.jvirt.model.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Defaults libvirt fills in the non-device sections: cpu (virCPUDefFormat), features, iothreadids. */
final class SectionPostParse {
    private SectionPostParse() {
    }

    static DomainDef apply(DomainDef def) {
        DomainDef out = def;
        XmlElem cpu = def.section("cpu").orElse(null);
        if (cpu != null) {
            // An empty <cpu/> carries nothing and libvirt does not print it.
            out = out.withSection("cpu", cpu.attrs().isEmpty() && cpu.children().isEmpty() ? null : cpu(cpu));
        }
        XmlElem features = def.section("features").orElse(null);
        if (features != null) {
            out = out.withSection("features", features(features));
        }
        XmlElem mb = out.section("memoryBacking").orElse(null);
        if (mb != null) {
            List<XmlElem> k = new ArrayList<>(mb.children());
            k.sort(java.util.Comparator.comparingInt(c -> DevicePostParse.rank(MEMORY_BACKING_ORDER, c.name())));
            out = out.withSection("memoryBacking", mb.withChildren(k));
        }
        XmlElem osSec = out.section("os").orElse(null);
        if (osSec != null && osSec.child("bootmenu") != null && "no".equals(osSec.child("bootmenu").attr("enable"))) {
            out = out.withSection("os", osSec.withChild("bootmenu", osSec.child("bootmenu").withAttr("timeout", null)));
        }
        XmlElem blkio = out.section("blkiotune").orElse(null);
        if (blkio != null) {
            out = out.withSection("blkiotune", blkio.mapChildren("device", dev -> {
                List<XmlElem> k = new ArrayList<>(dev.children());
                k.sort(java.util.Comparator.comparingInt(c -> DevicePostParse.rank(BLKIO_DEVICE_ORDER, c.name())));
                return dev.withChildren(k);
            }));
        }
        XmlElem nt = out.section("numatune").orElse(null);
        if (nt != null) {
            out = out.withSection("numatune", nt.withChildren(nt.children().stream()
                    .map(c -> bitmapAttr(c, "nodeset")).toList()));
        }
        XmlElem ctune = out.section("cputune").orElse(null);
        if (ctune != null) {
            out = out.withSection("cputune", ctune.withChildren(ctune.children().stream()
                    .map(c -> bitmapAttr(c, "cpuset")).toList()));
        }
        XmlElem numatune = out.section("numatune").orElse(null);
        if (numatune != null && numatune.child("memory") != null) {
            XmlElem m = numatune.child("memory");
            if (m.attr("nodeset") == null && m.attr("placement") == null) {
                out = out.withSection("numatune", numatune.withChild("memory", m.withAttr("placement", "auto")));
            }
        }
        XmlElem os = out.section("os").orElse(null);
        if (os != null && os.child("loader") != null) {
            XmlElem l = os.child("loader");
            if (l.attr("type") == null && l.text() != null && !l.text().isBlank()) {
                out = out.withSection("os", os.withChild("loader", l.withAttrAfter("type", "rom", "readonly",
                        "secure")));
            }
        }
        return CputunePostParse.apply(iothreadIds(out));
    }

    /** Bitmaps are stored parsed and printed in virBitmapFormat's canonical form ("0-3,5"). */
    static XmlElem bitmapAttr(XmlElem e, String attr) {
        String v = e.attr(attr);
        if (v == null) {
            return e;
        }
        try {
            java.util.BitSet set = CpuSet.parse(v);
            return set.isEmpty() ? e : e.withAttr(attr, CpuSet.format(set));
        } catch (RuntimeException ex) {
            return e;
        }
    }

    private static XmlElem cpu(XmlElem cpu) {
        String mode = cpu.attr("mode");
        XmlElem model = cpu.child("model");
        boolean namedModel = model != null && model.text() != null && !model.text().isBlank();
        if (mode == null && (namedModel || cpu.hasAttr("match"))) {
            mode = "custom";
            cpu = cpu.withAttrAfter("mode", "custom");
        }
        if ("custom".equals(mode) && namedModel) {
            cpu = cpu.withDefaultAttr("match", "exact", "mode");
            cpu = cpu.withChild("model", model.withDefaultAttr("fallback", "allow"));
        }
        if (("host-model".equals(mode) || "host-passthrough".equals(mode) || "maximum".equals(mode))
                && model != null && !namedModel && model.attr("vendor_id") == null) {
            cpu = cpu.withChild("model", null);
        }
        if ("host-model".equals(mode) && namedModel) {
            cpu = cpu.withChild("model", model.withDefaultAttr("fallback", "allow"));
        }
        cpu = cpu.mapChildren("feature", f -> f.withAttrs(List.of(
                new XmlElem.Attr("policy", f.attr("policy")), new XmlElem.Attr("name", f.attr("name")))
                .stream().filter(a -> a.value() != null).toList()));
        XmlElem numa = cpu.child("numa");
        if (numa != null) {
            List<XmlElem> cells = new ArrayList<>();
            int i = 0;
            for (XmlElem c : numa.children()) {
                if (c.name().equals("cell")) {
                    c = c.withAttrAfter("id", c.hasAttr("id") ? c.attr("id") : Integer.toString(i));
                    if (c.attr("memory") != null) {
                        try {
                            long kib = DomainDefParser.scaledValue(c.attr("memory"), c.attr("unit"), "memory");
                            c = c.withAttr("memory", Long.toString(kib)).withAttrAfter("unit", "KiB", "memory");
                            c = c.withAttr("unit", "KiB");
                        } catch (RuntimeException e) {
                            // left as written; validation reports bad sizes
                        }
                    }
                    i++;
                }
                cells.add(c);
            }
            cpu = cpu.withChild("numa", numa.withChildren(cells));
        }
        return cpu;
    }

    private static final List<String> MEMORY_BACKING_ORDER = List.of("hugepages", "nosharepages", "locked",
            "source", "access", "allocation", "discard");
    private static final List<String> BLKIO_DEVICE_ORDER = List.of("path", "weight", "read_iops_sec",
            "write_iops_sec", "read_bytes_sec", "write_bytes_sec");

    /** Features libvirt stores as on/off and prints with {@code state} (a bare element means on). */
    private static final java.util.Set<String> TRISTATE_FEATURES = java.util.Set.of("pmu", "vmport", "pvspinlock",
            "smm", "htm", "nested-hv", "ccf-assist", "async-teardown", "vmcoreinfo");

    /** virDomainFeature order, in which libvirt prints {@code <features>}. */
    private static final List<String> FEATURE_ORDER = List.of("acpi", "apic", "pae", "hap", "viridian", "privnet",
            "hyperv", "kvm", "pvspinlock", "capabilities", "pmu", "vmport", "gic", "smm", "ioapic", "hpt",
            "vmcoreinfo", "htm", "nested-hv", "msrs", "ccf-assist", "xen", "cfpc", "sbbc", "ibs", "tcg",
            "async-teardown");

    private static XmlElem features(XmlElem f) {
        List<XmlElem> kids = new ArrayList<>(f.children().stream().map(c -> TRISTATE_FEATURES.contains(c.name())
                ? c.withDefaultAttr("state", "on") : c).toList());
        kids.sort(java.util.Comparator.comparingInt(c -> DevicePostParse.rank(FEATURE_ORDER, c.name())));
        f = f.withChildren(kids);
        XmlElem hv = f.child("hyperv");
        if (hv != null && hv.attr("mode") == null) {
            f = f.withChild("hyperv", hv.withAttrAfter("mode", "custom"));
        }
        return f;
    }

    /** virDomainIOThreadIDDefArrayInit: {@code <iothreads>N</iothreads>} fills iothreadids up to N. */
    private static DomainDef iothreadIds(DomainDef def) {
        XmlElem it = def.section("iothreads").orElse(null);
        XmlElem ids = def.section("iothreadids").orElse(null);
        if (it == null || ids == null || it.text() == null) {
            return def;
        }
        int n;
        try {
            n = Integer.parseInt(it.text().strip());
        } catch (NumberFormatException e) {
            return def;
        }
        List<XmlElem> kids = new ArrayList<>(ids.children());
        Set<String> used = new HashSet<>();
        kids.forEach(k -> used.add(k.attr("id")));
        int next = 1;
        while (kids.size() < n) {
            while (used.contains(Integer.toString(next))) {
                next++;
            }
            used.add(Integer.toString(next));
            kids.add(XmlElem.of("iothread", "id", Integer.toString(next)));
        }
        return def.withSection("iothreadids", ids.withChildren(kids));
    }
}
