package org.jvirt.model.cpu;

import java.util.List;

/** The ppc64 part of libvirt's CPU map: vendors and models (a model's vendor may be null), in map order. */
public record Ppc64Map(List<String> vendors, List<Model> models) {
    public record Model(String name, String vendor) {}

    public Ppc64Map {
        vendors = List.copyOf(vendors);
        models = List.copyOf(models);
    }

    public Model model(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
    }
}
