package org.jvirt.qemu.cgroup;

import java.util.Map;
import java.util.TreeMap;
import org.jvirt.core.util.ScaledSize;
import org.jvirt.host.cgroup.Cgroup;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.XmlElem;

/**
 * What a domain definition asks of its cgroups, read from {@code <memtune>}, {@code <cputune>}, {@code
 * <blkiotune>}, {@code <vcpu cpuset>} and {@code <numatune>}, with libvirt's "not set" values: memory limits
 * {@link Cgroup#MEMORY_UNLIMITED}, shares/periods/quotas/weight 0. CPU and node sets are in the kernel's list
 * format, empty when not given.
 *
 * @param hardLimit      memtune hard_limit, KiB
 * @param softLimit      memtune soft_limit, KiB
 * @param swapHardLimit  memtune swap_hard_limit, KiB
 * @param shares         cputune shares
 * @param vcpuPins       cputune vcpupin: vCPU id → host CPUs
 * @param emulatorPin    cputune emulatorpin
 * @param cpuset         {@code <vcpu cpuset>}, the default pinning of every thread
 * @param autoPlacement  {@code <vcpu placement='auto'>} (numad decides; not handled here)
 * @param strictNodeset  numatune memory nodeset when its mode is strict or restrictive
 * @param blkioWeight    blkiotune weight
 */
public record CgroupTuning(long hardLimit, long softLimit, long swapHardLimit, long shares, long period,
                           long quota, long globalPeriod, long globalQuota, long emulatorPeriod,
                           long emulatorQuota, long iothreadPeriod, long iothreadQuota,
                           Map<Integer, String> vcpuPins, String emulatorPin, String cpuset, boolean autoPlacement,
                           String strictNodeset, int blkioWeight) {

    public CgroupTuning {
        vcpuPins = Map.copyOf(vcpuPins);
    }

    /** Reads the tuning of {@code def}; absent sections give libvirt's defaults. */
    public static CgroupTuning of(DomainDef def) {
        XmlElem mem = def.section("memtune").orElse(null);
        XmlElem cpu = def.section("cputune").orElse(null);
        XmlElem blk = def.section("blkiotune").orElse(null);
        XmlElem numa = def.section("numatune").orElse(null);
        Map<Integer, String> pins = new TreeMap<>();
        String emulatorPin = "";
        if (cpu != null) {
            for (XmlElem p : cpu.children("vcpupin")) {
                pins.put(Integer.parseInt(p.attr("vcpu").strip()), CpuList.normalize(p.attr("cpuset"), "cpuset"));
            }
            XmlElem e = cpu.child("emulatorpin");
            if (e != null && e.attr("cpuset") != null) {
                emulatorPin = CpuList.normalize(e.attr("cpuset"), "cpuset");
            }
        }
        String nodeset = "";
        if (numa != null && numa.child("memory") != null) {
            XmlElem m = numa.child("memory");
            String mode = m.attr("mode") == null ? "strict" : m.attr("mode");
            if ((mode.equals("strict") || mode.equals("restrictive")) && m.attr("nodeset") != null) {
                nodeset = CpuList.normalize(m.attr("nodeset"), "nodeset");
            }
        }
        DomainDef.Vcpu vcpu = def.vcpu();
        String cpuset = vcpu != null && vcpu.cpuset() != null ? CpuList.normalize(vcpu.cpuset(), "cpuset") : "";
        boolean auto = vcpu != null && "auto".equals(vcpu.placement());
        return new CgroupTuning(kib(mem, "hard_limit"), kib(mem, "soft_limit"), kib(mem, "swap_hard_limit"),
                num(cpu, "shares"), num(cpu, "period"), num(cpu, "quota"), num(cpu, "global_period"),
                num(cpu, "global_quota"), num(cpu, "emulator_period"), num(cpu, "emulator_quota"),
                num(cpu, "iothread_period"), num(cpu, "iothread_quota"), pins, emulatorPin, cpuset, auto, nodeset,
                (int) num(blk, "weight"));
    }

    /** A memtune limit in KiB (unit attribute honoured, KiB by default), capped at unlimited. */
    private static long kib(XmlElem section, String name) {
        String text = section == null ? null : section.childText(name);
        if (text == null || text.isBlank()) {
            return Cgroup.MEMORY_UNLIMITED;
        }
        long value = Long.parseUnsignedLong(text.strip());
        String unit = section.child(name).attr("unit");
        if (Long.compareUnsigned(value, Cgroup.MEMORY_UNLIMITED) >= 0) {
            return Cgroup.MEMORY_UNLIMITED; // virMemoryLimitTruncate
        }
        long bytes = ScaledSize.toBytes(value, unit, 1024, Long.MAX_VALUE);
        return Math.min((bytes + 1023) / 1024, Cgroup.MEMORY_UNLIMITED);
    }

    private static long num(XmlElem section, String name) {
        String text = section == null ? null : section.childText(name);
        return text == null || text.isBlank() ? 0 : Long.parseLong(text.strip());
    }

    public boolean hasMemoryLimits() {
        return hardLimit < Cgroup.MEMORY_UNLIMITED || softLimit < Cgroup.MEMORY_UNLIMITED
                || swapHardLimit < Cgroup.MEMORY_UNLIMITED;
    }

    /** The host CPUs of one vCPU's thread: its vcpupin, else {@code <vcpu cpuset>}, else "" (inherit). */
    public String vcpuCpus(int vcpu) {
        return vcpuPins.getOrDefault(vcpu, cpuset);
    }

    /** The host CPUs of the emulator threads: emulatorpin, else {@code <vcpu cpuset>}, else "". */
    public String emulatorCpus() {
        return emulatorPin.isEmpty() ? cpuset : emulatorPin;
    }
}
