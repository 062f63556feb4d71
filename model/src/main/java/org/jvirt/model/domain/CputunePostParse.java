package org.jvirt.model.domain;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/**
 * {@code <cputune>} as libvirt stores it: scheduler settings per vCPU and per I/O thread (printed one element per
 * id in id order), cache and memory tunes limited to existing vCPUs with their allocations before monitors.
 */
final class CputunePostParse {
    /** virDomainCputuneDefFormat's order. */
    private static final List<String> ORDER = List.of("shares", "period", "quota", "global_period",
            "global_quota", "emulator_period", "emulator_quota", "iothread_period", "iothread_quota", "vcpupin",
            "emulatorpin", "iothreadpin", "emulatorsched", "vcpusched", "iothreadsched", "cachetune", "memorytune");

    /** Pins are printed in vCPU / I/O thread order; other elements keep their order. */
    private static long pinId(XmlElem c) {
        String id = switch (c.name()) {
            case "vcpupin" -> c.attr("vcpu");
            case "iothreadpin" -> c.attr("iothread");
            default -> null;
        };
        try {
            return id == null ? 0 : Long.parseLong(id.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private CputunePostParse() {
    }

    static DomainDef apply(DomainDef def) {
        XmlElem ct = def.section("cputune").orElse(null);
        if (ct == null) {
            return def;
        }
        int maxVcpus = def.maxVcpus();
        validateResctrl(ct);
        List<XmlElem> out = new ArrayList<>();
        TreeMap<Integer, XmlElem> vcpuSched = new TreeMap<>();
        TreeMap<Integer, XmlElem> ioSched = new TreeMap<>();
        int vcpuSchedAt = -1;
        int ioSchedAt = -1;
        for (XmlElem c : ct.children()) {
            switch (c.name()) {
                case "vcpusched" -> {
                    vcpuSchedAt = vcpuSchedAt < 0 ? out.size() : vcpuSchedAt;
                    expand(c, "vcpus", vcpuSched);
                }
                case "iothreadsched" -> {
                    ioSchedAt = ioSchedAt < 0 ? out.size() : ioSchedAt;
                    expand(c, "iothreads", ioSched);
                }
                case "cachetune", "memorytune" -> {
                    XmlElem t = tune(c, maxVcpus);
                    if (!"".equals(t.attr("vcpus"))) {
                        out.add(t);
                    }
                }
                default -> out.add(c);
            }
        }
        // Insert the expanded scheduler lists where the first of each kind was (iothreads after vcpus).
        List<XmlElem> result = new ArrayList<>(out);
        if (ioSchedAt >= 0) {
            result.addAll(Math.min(ioSchedAt, result.size()), ioSched.values());
        }
        if (vcpuSchedAt >= 0) {
            result.addAll(Math.min(vcpuSchedAt, result.size()), vcpuSched.values());
        }
        result.sort(java.util.Comparator.comparingInt((XmlElem c) -> DevicePostParse.rank(ORDER, c.name()))
                .thenComparingLong(CputunePostParse::pinId));
        return def.withSection("cputune", ct.withChildren(result));
    }

    /** virDomainCachetuneDefParse / virDomainMemorytuneDefParse checks, with libvirt's texts. */
    private static void validateResctrl(XmlElem ct) {
        List<BitSet> cacheVcpus = new ArrayList<>();
        List<BitSet> allVcpus = new ArrayList<>();
        for (XmlElem t : ct.children()) {
            boolean cache = t.name().equals("cachetune");
            if ((!cache && !t.name().equals("memorytune")) || t.attr("vcpus") == null) {
                continue;
            }
            BitSet vcpus = CpuSet.parse(t.attr("vcpus"));
            if (cache) {
                List<String[]> seen = new ArrayList<>();
                for (XmlElem c : t.children("cache")) {
                    String type = String.valueOf(c.attr("type"));
                    for (String[] s : seen) {
                        if (s[0].equals(c.attr("level")) && s[1].equals(c.attr("id"))
                                && (s[2].equals(type) || s[2].equals("both") || type.equals("both"))) {
                            throw xml("Colliding cache allocations for cache level '" + c.attr("level")
                                    + "' id '" + c.attr("id") + "', type '" + type + "'");
                        }
                    }
                    seen.add(new String[]{String.valueOf(c.attr("level")), String.valueOf(c.attr("id")), type});
                }
                for (XmlElem m : t.children("monitor")) {
                    if (m.attr("vcpus") != null) {
                        BitSet mv = CpuSet.parse(m.attr("vcpus"));
                        mv.andNot(vcpus);
                        if (!mv.isEmpty()) {
                            throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.DOMAIN,
                                    "Monitor vcpus conflicts with allocation");
                        }
                    }
                }
                if (cacheVcpus.contains(vcpus)) {
                    throw xml("Identical vcpus in cachetunes found");
                }
                cacheVcpus.add(vcpus);
            } else {
                java.util.Set<String> nodes = new java.util.HashSet<>();
                for (XmlElem n : t.children("node")) {
                    if (!nodes.add(String.valueOf(n.attr("id")))) {
                        throw xml("Memory Bandwidth already defined for node " + n.attr("id"));
                    }
                }
            }
            for (BitSet other : allVcpus) {
                if (!other.equals(vcpus) && other.intersects(vcpus)) {
                    throw xml("Overlapping vcpus in resctrls");
                }
            }
            allVcpus.add(vcpus);
        }
    }

    private static VirException xml(String detail) {
        return VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.DOMAIN, detail);
    }

    private static void expand(XmlElem c, String attr, TreeMap<Integer, XmlElem> into) {
        String ids = c.attr(attr);
        if (ids == null) {
            return;
        }
        BitSet set = CpuSet.parse(ids);
        for (int i = set.nextSetBit(0); i >= 0; i = set.nextSetBit(i + 1)) {
            into.putIfAbsent(i, c.withAttr(attr, Integer.toString(i)));
        }
    }

    private static XmlElem tune(XmlElem t, int maxVcpus) {
        String vcpus = t.attr("vcpus");
        if (vcpus != null) {
            BitSet set = CpuSet.parse(vcpus);
            if (set.length() > maxVcpus) {
                set.clear(maxVcpus, set.length());
            }
            t = t.withAttr("vcpus", CpuSet.format(set));
        }
        List<XmlElem> kids = new ArrayList<>(t.children());
        kids.sort(Comparator.comparingInt(k -> k.name().equals("monitor") ? 1 : 0));
        return t.withChildren(kids);
    }
}
