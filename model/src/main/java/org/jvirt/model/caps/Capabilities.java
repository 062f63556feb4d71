package org.jvirt.model.caps;

import java.util.List;
import java.util.UUID;

/**
 * Host capabilities ({@code virsh capabilities}, libvirt's virCaps): a record tree a driver fills and
 * {@link CapabilitiesFormatter} prints. Empty lists print nothing unless noted; nullable fields are optional.
 */
public record Capabilities(Host host, List<Guest> guests) {

    public Capabilities {
        guests = List.copyOf(guests);
    }

    /**
     * {@code <host>}. {@code powerManagement} lists the suspend targets ("suspend_mem", "suspend_disk",
     * "suspend_hybrid"); empty prints {@code <power_management/>}. {@code migration} null prints nothing.
     */
    public record Host(UUID uuid, HostCpu cpu, List<String> powerManagement, boolean iommu, Migration migration,
                       String netprefix, List<NumaCell> numaCells, List<CacheBank> cacheBanks,
                       List<SecModel> secModels) {
        public Host {
            powerManagement = List.copyOf(powerManagement);
            numaCells = numaCells == null ? null : List.copyOf(numaCells);
            cacheBanks = List.copyOf(cacheBanks);
            secModels = List.copyOf(secModels);
        }
    }

    /**
     * {@code <cpu>} of the host: {@code features} are the bare host features ({@code <features><pae/>...}),
     * {@code cpuFeatures} the named CPU features ({@code <feature name='...'/>}); {@code microcode} 0 when unknown;
     * {@code topology} null when unknown; {@code pageSizesKiB} the page sizes.
     */
    public record HostCpu(String arch, List<String> features, String model, String vendor, long microcode,
                          Topology topology, List<String> cpuFeatures, List<Long> pageSizesKiB) {
        public HostCpu {
            features = List.copyOf(features);
            cpuFeatures = List.copyOf(cpuFeatures);
            pageSizesKiB = List.copyOf(pageSizesKiB);
        }
    }

    /** {@code dies} 0 is not printed. */
    public record Topology(int sockets, int dies, int cores, int threads) {}

    public record Migration(boolean live, List<String> uriTransports) {
        public Migration {
            uriTransports = List.copyOf(uriTransports);
        }
    }

    /** A NUMA cell; {@code memoryKiB} 0 is not printed; {@code distances} empty prints nothing. */
    public record NumaCell(int id, long memoryKiB, List<Pages> pages, List<Distance> distances, List<CellCpu> cpus) {
        public NumaCell {
            pages = List.copyOf(pages);
            distances = List.copyOf(distances);
            cpus = List.copyOf(cpus);
        }
    }

    public record Pages(long sizeKiB, long available) {}

    public record Distance(int cellId, int value) {}

    /** {@code siblings} null prints only the id (libvirt has no topology for that CPU). */
    public record CellCpu(int id, int socketId, int dieId, int coreId, String siblings) {}

    public record CacheBank(int id, int level, String type, long size, String unit, String cpus) {}

    public record SecModel(String model, String doi, List<BaseLabel> baseLabels) {
        public SecModel {
            baseLabels = List.copyOf(baseLabels);
        }
    }

    public record BaseLabel(String type, String label) {}

    /** {@code <guest>}: an OS type on an architecture, with the domain types that can run it. */
    public record Guest(String osType, String arch, int wordsize, String emulator, String loader,
                        List<Machine> machines, List<GuestDomain> domains, List<GuestFeature> features) {
        public Guest {
            machines = List.copyOf(machines);
            domains = List.copyOf(domains);
            features = List.copyOf(features);
        }
    }

    /** {@code maxCpus} 0 is not printed. */
    public record Machine(String name, String canonical, int maxCpus, boolean deprecated) {}

    /** A domain type; with no emulator, loader or machines of its own it prints as {@code <domain type='x'/>}. */
    public record GuestDomain(String type, String emulator, String loader, List<Machine> machines) {
        public GuestDomain {
            machines = List.copyOf(machines);
        }
    }

    /** {@code toggle} null: a plain {@code <name/>}; else {@code default} ("on"/"off") and toggle ("yes"/"no"). */
    public record GuestFeature(String name, String defaultState, String toggle) {}
}
