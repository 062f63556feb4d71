package org.jvirt.model.cpu;

import java.util.List;

/**
 * The x86 part of libvirt's CPU map (virCPUx86Map): vendors, features and models, each list in map order, which the
 * algorithms depend on (features are decoded in this order; models are tried newest, that is last, first).
 */
public record X86Map(List<Vendor> vendors, List<Feature> features, List<Model> models) {
    /** A CPU vendor and the CPUID leaf 0 bits its 12-character string sets. */
    public record Vendor(String name, X86Data data) {}

    /** A named feature and its bits; {@code migratable} is false for features a migration cannot keep. */
    public record Feature(String name, X86Data data, boolean migratable) {}

    /**
     * A CPU model: its vendor (or null), whether it may name a host or guest CPU, the bits of its features, and the
     * features it lists as {@code removed='yes'} (kept out of its bits; a guest CPU of the model disables them).
     */
    public record Model(String name, Vendor vendor, boolean decodeHost, boolean decodeGuest, X86Data data,
                        List<String> removedFeatures) {
        public Model {
            removedFeatures = List.copyOf(removedFeatures);
        }
    }

    public X86Map {
        vendors = List.copyOf(vendors);
        features = List.copyOf(features);
        models = List.copyOf(models);
    }

    public Vendor vendor(String name) {
        return find(vendors, name, Vendor::name);
    }

    public Feature feature(String name) {
        return find(features, name, Feature::name);
    }

    public Model model(String name) {
        return find(models, name, Model::name);
    }

    private static <T> T find(List<T> list, String name, java.util.function.Function<T, String> key) {
        for (T t : list) {
            if (key.apply(t).equals(name)) {
                return t;
            }
        }
        return null;
    }
}
