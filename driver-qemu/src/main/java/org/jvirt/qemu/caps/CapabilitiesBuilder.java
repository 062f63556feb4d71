package org.jvirt.qemu.caps;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jvirt.model.caps.Capabilities;

/**
 * Builds {@code virsh capabilities} for the QEMU driver (libvirt's virQEMUCapsInit): the host section from
 * {@link HostInfo}, one {@code <guest>} per probed binary from its {@link QemuCaps}.
 */
public final class CapabilitiesBuilder {
    private CapabilitiesBuilder() {}

    /** libvirt's wordsize per arch (virArchGetWordSize), for the arches QEMU emulates on x86 hosts. */
    static int wordsize(String arch) {
        return switch (arch) {
            case "i686", "armv7l", "ppc", "riscv32", "mips", "mipsel", "s390", "sparc" -> 32;
            default -> 64;
        };
    }

    public static Capabilities build(HostInfo host, UUID uuid, String hostArch, List<QemuCaps> binaries,
                                     boolean kvmUsable) {
        Capabilities.HostCpu cpu = new Capabilities.HostCpu(hostArch, List.of(), null, host.cpuVendor(),
                host.microcode(), host.topology(), List.of(), host.pageSizesKiB());
        Capabilities.Host h = new Capabilities.Host(uuid, cpu, List.of(), host.iommu(),
                new Capabilities.Migration(true, List.of("tcp", "rdma")), null, host.numaCells(),
                host.cacheBanks(), List.of(new Capabilities.SecModel("none", "0", List.of())));
        List<Capabilities.Guest> guests = new ArrayList<>();
        for (QemuCaps q : binaries) {
            guests.add(guest(q, kvmUsable && q.kvm() != null));
        }
        return new Capabilities(h, guests);
    }

    /** virQEMUCapsInitGuestFromBinary. */
    static Capabilities.Guest guest(QemuCaps q, boolean kvm) {
        List<Capabilities.Machine> machines = machines(q.tcg());
        List<Capabilities.GuestDomain> domains = new ArrayList<>();
        domains.add(new Capabilities.GuestDomain("qemu", null, null, List.of()));
        if (kvm) {
            domains.add(new Capabilities.GuestDomain("kvm", null, null, List.of()));
        }
        List<Capabilities.GuestFeature> features = new ArrayList<>();
        if (q.arch().equals("i686")) {
            features.add(new Capabilities.GuestFeature("pae", null, null));
            features.add(new Capabilities.GuestFeature("nonpae", null, null));
        }
        if (q.arch().equals("i686") || q.arch().equals("x86_64")) {
            features.add(new Capabilities.GuestFeature("acpi", "on", "yes"));
            features.add(new Capabilities.GuestFeature("apic", "on", "no"));
        }
        features.add(new Capabilities.GuestFeature("cpuselection", null, null));
        features.add(new Capabilities.GuestFeature("deviceboot", null, null));
        features.add(new Capabilities.GuestFeature("disksnapshot", "on", "no"));
        return new Capabilities.Guest("hvm", q.arch(), wordsize(q.arch()), q.binary().toString(), null, machines,
                domains, features);
    }

    /**
     * The default machine first (virQEMUCapsSetDefaultMachine moves it to the front), then QEMU's order; "none" is
     * left out; an aliased machine appears twice, under its name and then under its alias with {@code canonical}.
     */
    static List<Capabilities.Machine> machines(QemuCaps.AccelCaps a) {
        List<QemuCaps.Machine> ordered = new ArrayList<>();
        a.defaultMachine().ifPresent(ordered::add);
        for (QemuCaps.Machine m : a.machines()) {
            if (!m.isDefault() && !m.name().equals("none")) {
                ordered.add(m);
            }
        }
        List<Capabilities.Machine> out = new ArrayList<>();
        for (QemuCaps.Machine m : ordered) {
            out.add(new Capabilities.Machine(m.name(), null, m.maxCpus(), m.deprecated()));
            if (m.alias() != null) {
                out.add(new Capabilities.Machine(m.alias(), m.name(), m.maxCpus(), m.deprecated()));
            }
        }
        return out;
    }
}
