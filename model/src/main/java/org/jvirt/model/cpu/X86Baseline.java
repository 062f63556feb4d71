package org.jvirt.model.cpu;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jvirt.core.ErrorNumber;

/**
 * libvirt's x86 baseline (virCPUx86Baseline, x86Decode, virCPUx86ExpandFeatures in src/cpu/cpu_x86.c): each host
 * CPU becomes the CPUID bits of its model plus its features, the bits are intersected, and the result is decoded
 * back into the model whose list of extra and disabled features scores lowest (disabled ones cost more).
 */
final class X86Baseline {
    private final X86Map map;

    X86Baseline(X86Map map) {
        this.map = map;
    }

    /** The baseline of host CPUs (their features carry no policy), as a custom guest CPU. */
    CpuDef baseline(List<CpuDef> cpus) {
        CpuDef first = cpus.getFirst();
        X86Data base = modelData(first);
        boolean outputVendor = true;
        X86Map.Vendor vendor = null;
        if (first.vendor() == null) {
            outputVendor = false;
        } else if ((vendor = map.vendor(first.vendor())) == null) {
            throw CpuDef.error(ErrorNumber.OPERATION_FAILED, "Unknown CPU vendor " + first.vendor());
        }
        // Every distinct input model is a preferred result; a lone one is kept with fallback forbidden.
        List<String> modelNames = new ArrayList<>();
        modelNames.add(first.model());
        for (CpuDef cpu : cpus.subList(1, cpus.size())) {
            if (!modelNames.contains(cpu.model())) {
                modelNames.add(cpu.model());
            }
            X86Data data = modelData(cpu);
            X86Map.Model model = map.model(cpu.model());
            if (cpu.vendor() != null && model.vendor() != null && !cpu.vendor().equals(model.vendor().name())) {
                throw CpuDef.error(ErrorNumber.OPERATION_FAILED, "CPU vendor " + model.vendor().name()
                        + " of model " + model.name() + " differs from vendor " + cpu.vendor());
            }
            String vn = null;
            if (cpu.vendor() != null) {
                vn = cpu.vendor();
            } else {
                outputVendor = false;
                if (model.vendor() != null) {
                    vn = model.vendor().name();
                }
            }
            if (vn != null) {
                if (vendor == null) {
                    if ((vendor = map.vendor(vn)) == null) {
                        throw CpuDef.error(ErrorNumber.OPERATION_FAILED, "Unknown CPU vendor " + vn);
                    }
                } else if (!vendor.name().equals(vn)) {
                    throw CpuDef.error(ErrorNumber.OPERATION_FAILED, "CPU vendors do not match");
                }
            }
            base = base.intersect(data);
        }
        if (base.isEmpty()) {
            throw CpuDef.error(ErrorNumber.OPERATION_FAILED, "CPUs are incompatible");
        }
        if (vendor != null) {
            base = base.union(vendor.data());
        }
        CpuDef decoded = decode(base, modelNames);
        boolean forbid = modelNames.size() == 1 && decoded.model().equals(modelNames.getFirst());
        return new CpuDef(null, decoded.model(), forbid, outputVendor ? decoded.vendor() : null,
                decoded.features());
    }

    /** x86ModelFromCPU with policy -1 for a host CPU: the model's bits plus every listed feature's. */
    private X86Data modelData(CpuDef cpu) {
        X86Map.Model model = map.model(cpu.model());
        if (model == null) {
            throw CpuDef.error(ErrorNumber.INTERNAL_ERROR, "Unknown CPU model " + cpu.model());
        }
        X86Data data = model.data();
        for (CpuDef.Feature f : cpu.features()) {
            X86Map.Feature feature = map.feature(f.name());
            if (feature == null) {
                throw CpuDef.error(ErrorNumber.INTERNAL_ERROR, "Unknown CPU feature " + f.name());
            }
            data = data.union(feature.data());
        }
        return data;
    }

    /**
     * x86Decode for a guest CPU: models of the data's vendor (or of none) that may describe a guest are tried
     * newest first. A lone preferred model wins outright; otherwise a candidate replaces the current choice when
     * its feature list scores lower (see {@link #better}). Baseline data carries no CPUID signature, so libvirt's
     * signature preferences and its broken-TSX filter never apply here.
     */
    private CpuDef decode(X86Data data, List<String> preferred) {
        X86Map.Vendor vendor = null;
        for (X86Map.Vendor v : map.vendors()) {
            if (data.contains(v.data())) {
                vendor = v;
                break;
            }
        }
        if (vendor != null) {
            data = data.subtract(vendor.data());
        }
        CpuDef best = null;
        List<X86Map.Model> models = map.models();
        for (int i = models.size() - 1; i >= 0; i--) {
            X86Map.Model candidate = models.get(i);
            if (vendor != null && candidate.vendor() != null && vendor != candidate.vendor()) {
                continue;
            }
            if (!candidate.decodeGuest()) {
                continue;
            }
            CpuDef cpu = toCpu(data, candidate);
            boolean isPreferred = preferred.contains(candidate.name());
            if (isPreferred && preferred.size() == 1) {
                best = cpu;
                break;
            }
            if (best == null || better(best, cpu, isPreferred)) {
                best = cpu;
            }
        }
        if (best == null) {
            throw CpuDef.error(ErrorNumber.INTERNAL_ERROR, "Cannot find suitable CPU model for given data");
        }
        return new CpuDef(null, best.model(), false, vendor == null ? null : vendor.name(), best.features());
    }

    /**
     * virCPUx86CompareCandidateFeatureList for guest CPUs: a feature list scores one per feature, except that the
     * k-th disabled feature costs k+1. libvirt's counting loop stops early (its bound shrinks as disabled features
     * are found), which decides which model wins, so it is reproduced as is.
     */
    private static boolean better(CpuDef current, CpuDef candidate, boolean isPreferred) {
        long[] cur = score(current.features());
        long[] cand = score(candidate.features());
        if (cand[0] < cur[0] || (cand[0] == cur[0] && cand[1] < cur[1])) {
            return true;
        }
        return isPreferred && cand[1] < cur[1];
    }

    /** {total, disabled penalty} of a candidate's feature list, counted as libvirt counts it. */
    private static long[] score(List<CpuDef.Feature> features) {
        long enabled = features.size();
        long disabled = 0;
        long penalty = 2;
        for (int i = 0; i < enabled; i++) {
            if ("disable".equals(features.get(i).policy())) {
                enabled--;
                disabled += penalty;
                penalty++;
            }
        }
        return new long[] {enabled + disabled, disabled};
    }

    /**
     * x86DataToCPU for a guest CPU: the data's extra features required, the model's missing features disabled,
     * then the model's removed features disabled unless already listed.
     */
    private CpuDef toCpu(X86Data data, X86Map.Model model) {
        List<CpuDef.Feature> features = new ArrayList<>();
        addFeatures(features, "require", data.subtract(model.data()));
        addFeatures(features, "disable", model.data().subtract(data));
        disableRemoved(features, model);
        return new CpuDef(null, model.name(), false, null, features);
    }

    /** virCPUx86DisableRemovedFeatures. */
    private static void disableRemoved(List<CpuDef.Feature> features, X86Map.Model model) {
        for (String name : model.removedFeatures()) {
            if (features.stream().noneMatch(f -> f.name().equals(name))) {
                features.add(new CpuDef.Feature(name, "disable"));
            }
        }
    }

    /** x86DataToCPUFeatures: each map feature whose bits are all present, in map order, taking its bits away. */
    private void addFeatures(List<CpuDef.Feature> out, String policy, X86Data data) {
        for (X86Map.Feature f : map.features()) {
            if (data.contains(f.data())) {
                data = data.subtract(f.data());
                out.add(new CpuDef.Feature(f.name(), policy));
            }
        }
    }

    /**
     * virCPUx86ExpandFeatures then virCPUExpandFeatures' sort: every feature of the model required, the CPU's own
     * required and disabled features applied over them, all sorted by name.
     */
    CpuDef expand(CpuDef cpu) {
        X86Map.Model model = map.model(cpu.model());
        if (model == null) {
            throw CpuDef.error(ErrorNumber.INTERNAL_ERROR, "unknown CPU model " + cpu.model());
        }
        List<CpuDef.Feature> features = new ArrayList<>();
        addFeatures(features, "require", model.data());
        for (CpuDef.Feature f : cpu.features()) {
            if (!"require".equals(f.policy()) && !"disable".equals(f.policy())) {
                continue;
            }
            features.removeIf(x -> x.name().equals(f.name()));
            features.add(f);
        }
        disableRemoved(features, model);
        return sorted(cpu, features);
    }

    static CpuDef sorted(CpuDef cpu, List<CpuDef.Feature> features) {
        List<CpuDef.Feature> sorted = new ArrayList<>(features);
        sorted.sort(Comparator.comparing(CpuDef.Feature::name));
        return new CpuDef(cpu.arch(), cpu.model(), cpu.fallbackForbid(), cpu.vendor(), sorted);
    }
}
