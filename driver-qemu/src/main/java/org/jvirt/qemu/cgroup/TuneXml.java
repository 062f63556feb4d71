package org.jvirt.qemu.cgroup;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import org.jvirt.host.cgroup.Cgroup;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.XmlElem;

/**
 * Writes tuning values back into a definition's {@code <memtune>}, {@code <cputune>} and {@code <blkiotune>}
 * sections in libvirt's element order, for the live definition after a live change and for the persistent one
 * (VIR_DOMAIN_AFFECT_CONFIG).
 */
public final class TuneXml {
    private static final List<String> MEMTUNE_ORDER = List.of("hard_limit", "soft_limit", "swap_hard_limit",
            "min_guarantee");
    private static final List<String> CPUTUNE_ORDER = List.of("shares", "period", "quota", "global_period",
            "global_quota", "emulator_period", "emulator_quota", "iothread_period", "iothread_quota", "vcpupin",
            "emulatorpin", "iothreadpin", "emulatorsched", "vcpusched", "iothreadsched", "cachetune", "memorytune");

    private TuneXml() {
    }

    /** Sets a memtune limit in KiB; {@link Cgroup#MEMORY_UNLIMITED} removes it (libvirt does not print it). */
    public static DomainDef withMemtune(DomainDef def, String name, long kib) {
        XmlElem mem = def.section("memtune").orElse(XmlElem.of("memtune"));
        XmlElem value = kib >= Cgroup.MEMORY_UNLIMITED ? null
                : XmlElem.of(name, "unit", "KiB").withText(Long.toString(kib));
        mem = ordered(mem.withChild(name, value), MEMTUNE_ORDER);
        return def.withSection("memtune", mem.children().isEmpty() ? null : mem);
    }

    /** Sets a scalar cputune element (shares, period, quota, ...); 0 removes it ("no value"). */
    public static DomainDef withCputune(DomainDef def, String name, long value) {
        XmlElem ct = def.section("cputune").orElse(XmlElem.of("cputune"));
        XmlElem v = value == 0 ? null : XmlElem.of(name).withText(Long.toString(value));
        ct = ordered(ct.withChild(name, v), CPUTUNE_ORDER);
        return def.withSection("cputune", ct.children().isEmpty() ? null : ct);
    }

    /** Replaces the vcpupin of one vCPU; null removes it. */
    public static DomainDef withVcpuPin(DomainDef def, int vcpu, BitSet cpus) {
        XmlElem ct = def.section("cputune").orElse(XmlElem.of("cputune"));
        List<XmlElem> kids = new ArrayList<>();
        for (XmlElem c : ct.children()) {
            if (!(c.name().equals("vcpupin") && String.valueOf(vcpu).equals(c.attr("vcpu")))) {
                kids.add(c);
            }
        }
        if (cpus != null) {
            kids.add(XmlElem.of("vcpupin", "vcpu", Integer.toString(vcpu), "cpuset", CpuList.format(cpus)));
        }
        ct = ordered(ct.withChildren(kids), CPUTUNE_ORDER);
        return def.withSection("cputune", ct.children().isEmpty() ? null : ct);
    }

    /** Replaces the emulatorpin; null removes it. */
    public static DomainDef withEmulatorPin(DomainDef def, BitSet cpus) {
        XmlElem ct = def.section("cputune").orElse(XmlElem.of("cputune"));
        XmlElem pin = cpus == null ? null : XmlElem.of("emulatorpin", "cpuset", CpuList.format(cpus));
        ct = ordered(ct.withChild("emulatorpin", pin), CPUTUNE_ORDER);
        return def.withSection("cputune", ct.children().isEmpty() ? null : ct);
    }

    /** Sets the blkiotune weight; 0 removes it. */
    public static DomainDef withBlkioWeight(DomainDef def, int weight) {
        XmlElem blk = def.section("blkiotune").orElse(XmlElem.of("blkiotune"));
        XmlElem w = weight == 0 ? null : XmlElem.of("weight").withText(Integer.toUnsignedString(weight));
        blk = blk.withChild("weight", w);
        if (w != null && blk.indexOf("weight") != 0) {
            blk = blk.withChild("weight", null).insertChild(w, 0); // weight comes before the devices
        }
        return def.withSection("blkiotune", blk.children().isEmpty() ? null : blk);
    }

    /** Stable sort by libvirt's order; vcpupins by vCPU id among themselves. */
    private static XmlElem ordered(XmlElem e, List<String> order) {
        List<XmlElem> kids = new ArrayList<>(e.children());
        kids.sort(Comparator.<XmlElem>comparingInt(c -> rank(order, c.name())).thenComparingLong(TuneXml::pinId));
        return e.withChildren(kids);
    }

    private static int rank(List<String> order, String name) {
        int i = order.indexOf(name);
        return i < 0 ? order.size() : i;
    }

    private static long pinId(XmlElem c) {
        String id = c.name().equals("vcpupin") ? c.attr("vcpu")
                : c.name().equals("iothreadpin") ? c.attr("iothread") : null;
        try {
            return id == null ? 0 : Long.parseLong(id.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
