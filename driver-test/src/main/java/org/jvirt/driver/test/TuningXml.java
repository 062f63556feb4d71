package org.jvirt.driver.test;

import java.util.ArrayList;
import java.util.List;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.XmlElem;

/**
 * Tuning values kept where libvirt keeps them, in the domain definition: {@code <cputune>} pinning,
 * {@code <blkiotune>} weight and {@code <memtune>} limits. Also libvirt's CPU-list text (virBitmapFormat/Parse).
 */
final class TuningXml {
    private TuningXml() {}

    /** virBitmapFormat: "0-3,5" for the set bits. */
    static String formatCpuset(boolean[] map) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < map.length) {
            if (!map[i]) {
                i++;
                continue;
            }
            int j = i;
            while (j + 1 < map.length && map[j + 1]) {
                j++;
            }
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(i);
            if (j > i) {
                b.append('-').append(j);
            }
            i = j + 1;
        }
        return b.toString();
    }

    /** virBitmapParse of a list like "0-3,^2,5", into {@code size} flags (bits beyond it are dropped). */
    static boolean[] parseCpuset(String text, int size) {
        boolean[] map = new boolean[size];
        for (String part : text.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            boolean neg = p.startsWith("^");
            if (neg) {
                p = p.substring(1);
            }
            int dash = p.indexOf('-');
            int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash).strip());
            int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1).strip());
            for (int k = from; k <= to && k < size; k++) {
                map[k] = !neg;
            }
        }
        return map;
    }

    private static XmlElem section(DomainDef def, String name) {
        return def.section(name).orElse(XmlElem.of(name));
    }

    /** The {@code <vcpupin>} cpuset of {@code vcpu}, or null. */
    static String vcpuPin(DomainDef def, int vcpu) {
        for (XmlElem p : section(def, "cputune").children("vcpupin")) {
            if (Integer.toString(vcpu).equals(p.attr("vcpu"))) {
                return p.attr("cpuset");
            }
        }
        return null;
    }

    static DomainDef withVcpuPin(DomainDef def, int vcpu, String cpuset) {
        XmlElem tune = section(def, "cputune");
        List<XmlElem> kids = new ArrayList<>();
        boolean done = false;
        for (XmlElem c : tune.children()) {
            if (c.name().equals("vcpupin") && Integer.toString(vcpu).equals(c.attr("vcpu"))) {
                kids.add(XmlElem.of("vcpupin", "vcpu", Integer.toString(vcpu), "cpuset", cpuset));
                done = true;
            } else {
                kids.add(c);
            }
        }
        if (!done) {
            // libvirt keeps the pins in vcpu order, before the emulator pin
            int at = 0;
            while (at < kids.size() && kids.get(at).name().equals("vcpupin")
                    && Integer.parseInt(kids.get(at).attr("vcpu")) < vcpu) {
                at++;
            }
            kids.add(at, XmlElem.of("vcpupin", "vcpu", Integer.toString(vcpu), "cpuset", cpuset));
        }
        return def.withSection("cputune", tune.withChildren(kids));
    }

    static String emulatorPin(DomainDef def) {
        XmlElem e = section(def, "cputune").child("emulatorpin");
        return e == null ? null : e.attr("cpuset");
    }

    static DomainDef withEmulatorPin(DomainDef def, String cpuset) {
        XmlElem tune = section(def, "cputune");
        List<XmlElem> kids = new ArrayList<>(tune.withChild("emulatorpin", null).children());
        int at = 0;
        while (at < kids.size() && kids.get(at).name().equals("vcpupin")) {
            at++;
        }
        kids.add(at, XmlElem.of("emulatorpin", "cpuset", cpuset));
        return def.withSection("cputune", tune.withChildren(kids));
    }

    /** {@code <blkiotune><weight>}, 0 when unset. */
    static int blkioWeight(DomainDef def) {
        String w = section(def, "blkiotune").childText("weight");
        return w == null || w.isBlank() ? 0 : Integer.parseInt(w.strip());
    }

    static DomainDef withBlkioWeight(DomainDef def, int weight) {
        XmlElem tune = section(def, "blkiotune");
        List<XmlElem> kids = new ArrayList<>(tune.withChild("weight", null).children());
        kids.add(0, XmlElem.of("weight").withText(Integer.toString(weight)));
        return def.withSection("blkiotune", tune.withChildren(kids));
    }

    /** A {@code <memtune>} limit in KiB, or null when unset. */
    static Long memtune(DomainDef def, String field) {
        String v = section(def, "memtune").childText(field);
        return v == null || v.isBlank() ? null : Long.parseLong(v.strip());
    }

    static DomainDef withMemtune(DomainDef def, String field, long kib) {
        XmlElem tune = section(def, "memtune");
        List<XmlElem> kids = new ArrayList<>();
        for (String f : TestTuningParams.MEMORY) {
            if (f.equals(field)) {
                kids.add(XmlElem.of(f, "unit", "KiB").withText(Long.toString(kib)));
            } else if (tune.child(f) != null) {
                kids.add(tune.child(f));
            }
        }
        for (XmlElem c : tune.children()) {
            if (!TestTuningParams.MEMORY.contains(c.name())) {
                kids.add(c);
            }
        }
        return def.withSection("memtune", tune.withChildren(kids));
    }

    static final java.util.List<String> NUMA_MODES = java.util.List.of("strict", "preferred", "interleave",
            "restrictive");

    /** {@code <numatune><memory mode nodeset>}: the mode number (strict when unset) and the nodeset ("" unset). */
    static int numaMode(DomainDef def) {
        XmlElem m = section(def, "numatune").child("memory");
        return m == null || m.attr("mode") == null ? 0 : Math.max(0, NUMA_MODES.indexOf(m.attr("mode")));
    }

    static String numaNodeset(DomainDef def) {
        XmlElem m = section(def, "numatune").child("memory");
        return m == null || m.attr("nodeset") == null ? "" : m.attr("nodeset");
    }

    static DomainDef withNuma(DomainDef def, int mode, String nodeset) {
        XmlElem tune = section(def, "numatune");
        XmlElem mem = XmlElem.of("memory", "mode", NUMA_MODES.get(mode), "nodeset",
                nodeset.isEmpty() ? null : nodeset);
        List<XmlElem> kids = new ArrayList<>(tune.withChild("memory", null).children());
        kids.add(0, mem);
        return def.withSection("numatune", tune.withChildren(kids));
    }

    /** {@code <perf><event name enabled>}: whether the event is enabled. */
    static boolean perf(DomainDef def, String name) {
        for (XmlElem e : section(def, "perf").children("event")) {
            if (name.equals(e.attr("name"))) {
                return "yes".equals(e.attr("enabled"));
            }
        }
        return false;
    }

    static DomainDef withPerf(DomainDef def, String name, boolean enabled) {
        XmlElem perf = section(def, "perf");
        List<XmlElem> kids = new ArrayList<>();
        boolean done = false;
        for (XmlElem e : perf.children("event")) {
            if (name.equals(e.attr("name"))) {
                kids.add(XmlElem.of("event", "name", name, "enabled", enabled ? "yes" : "no"));
                done = true;
            } else {
                kids.add(e);
            }
        }
        if (!done) {
            kids.add(XmlElem.of("event", "name", name, "enabled", enabled ? "yes" : "no"));
        }
        // libvirt prints the events in its enum order
        kids.sort(java.util.Comparator.comparingInt(e -> TestTuningParams.PERF.indexOf(e.attr("name"))));
        return def.withSection("perf", perf.withChildren(kids));
    }
}
