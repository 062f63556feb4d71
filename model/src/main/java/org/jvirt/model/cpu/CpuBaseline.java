package org.jvirt.model.cpu;

import java.util.ArrayList;
import java.util.List;
import org.jvirt.core.ErrorNumber;
import org.jvirt.model.xml.XmlParser;

/**
 * virConnectBaselineCPU's common part (libvirt's virCPUDefListParse, virCPUBaseline and virCPUExpandFeatures): parse
 * the host CPUs, pick the CPU driver by the first CPU's architecture, compute the baseline and format it. The CPU
 * map is read through {@link CpuMaps} only by the drivers that need it (x86, ppc64), as in libvirt.
 */
public final class CpuBaseline {
    private final CpuMaps maps;
    private final XmlParser parser = new XmlParser();

    public CpuBaseline(CpuMaps maps) {
        this.maps = maps;
    }

    /** The baseline guest CPU XML of {@code xmlCPUs}; with {@code expandFeatures}, every feature listed. */
    public String baseline(List<String> xmlCPUs, boolean expandFeatures) {
        if (xmlCPUs.isEmpty()) {
            throw CpuDef.error(ErrorNumber.INVALID_ARG, "no CPUs given");
        }
        List<CpuDef> cpus = new ArrayList<>();
        for (String xml : xmlCPUs) {
            cpus.add(CpuDef.parseHost(parser, xml));
        }
        String arch = cpus.getFirst().arch();
        CpuDef cpu = switch (driver(arch)) {
            case X86 -> {
                X86Baseline x86 = new X86Baseline(maps.x86());
                CpuDef base = x86.baseline(cpus);
                yield expandFeatures ? x86.expand(base) : base;
            }
            case PPC64 -> ppc64(cpus);
            case ARM -> new CpuDef(null, cpus.getFirst().model(), false, null, List.of());
            case S390 -> throw CpuDef.error(ErrorNumber.NO_SUPPORT,
                    "cannot compute baseline CPU of " + arch + " architecture");
        };
        return cpu.formatGuest();
    }

    private enum Driver { X86, PPC64, S390, ARM }

    /** cpuGetSubDriver: the CPU driver of an architecture. */
    private static Driver driver(String arch) {
        return switch (arch) {
            case "i686", "x86_64" -> Driver.X86;
            case "ppc64", "ppc64le" -> Driver.PPC64;
            case "s390", "s390x" -> Driver.S390;
            case "armv6l", "armv7l", "armv7b", "aarch64" -> Driver.ARM;
            default -> throw CpuDef.error(ErrorNumber.NO_SUPPORT,
                    "'" + arch + "' architecture is not supported by CPU driver");
        };
    }

    /**
     * virCPUppc64Baseline: CPUs are compatible only when they all name the first CPU's model; the vendor is kept
     * only for a model that has none of its own. Features are ignored.
     */
    private CpuDef ppc64(List<CpuDef> cpus) {
        Ppc64Map map = maps.ppc64();
        Ppc64Map.Model model = map.model(cpus.getFirst().model());
        if (model == null) {
            throw CpuDef.error(ErrorNumber.INTERNAL_ERROR, "Unknown CPU model " + cpus.getFirst().model());
        }
        String vendor = null;
        for (CpuDef cpu : cpus) {
            if (!model.name().equals(cpu.model())) {
                throw CpuDef.error(ErrorNumber.OPERATION_FAILED, "CPUs are incompatible");
            }
            if (cpu.vendor() == null) {
                continue;
            }
            if (!map.vendors().contains(cpu.vendor())) {
                throw CpuDef.error(ErrorNumber.OPERATION_FAILED, "Unknown CPU vendor " + cpu.vendor());
            }
            if (model.vendor() != null) {
                if (!model.vendor().equals(cpu.vendor())) {
                    throw CpuDef.error(ErrorNumber.OPERATION_FAILED, "CPU vendor " + model.vendor() + " of model "
                            + model.name() + " differs from vendor " + cpu.vendor());
                }
            } else if (vendor != null) {
                if (!vendor.equals(cpu.vendor())) {
                    throw CpuDef.error(ErrorNumber.OPERATION_FAILED, "CPU vendors do not match");
                }
            } else {
                vendor = cpu.vendor();
            }
        }
        return new CpuDef(null, model.name(), true, vendor, List.of());
    }
}
