package org.jvirt.qemu.caps;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one QEMU binary can do, as probed over QMP (libvirt's virQEMUCaps). Built only from the probe's replies by
 * {@link QemuCapsParser}, never from version numbers, so the same code serves any QEMU version.
 *
 * @param binary      the emulator path
 * @param version     major*1000000 + minor*1000 + micro, libvirt's encoding (7.2.22 → 7002022)
 * @param packageName QEMU's package string ("Debian 1:7.2+dfsg-...")
 * @param arch        libvirt's name of the target arch (query-target, "i386" → "i686")
 * @param kvmPresent  query-kvm: KVM support compiled in and /dev/kvm present
 * @param tcg         data probed with {@code -accel tcg}
 * @param kvm         data probed with {@code -accel kvm}, present only when KVM actually worked
 * @param qomTypes    every QOM type name (qom-list-types)
 * @param deviceProps property names of the devices whose properties were asked for
 * @param tpmModels   query-tpm-models
 * @param tpmTypes    query-tpm-types
 * @param commands    query-commands: command names this QEMU accepts
 * @param schema      query-qmp-schema, for build-time options
 * @param sev         query-sev-capabilities succeeded
 * @param sgx         query-sgx-capabilities succeeded
 */
public record QemuCaps(Path binary, long version, String packageName, String arch, boolean kvmPresent,
                       AccelCaps tcg, AccelCaps kvm, Set<String> qomTypes, Map<String, List<String>> deviceProps,
                       List<String> tpmModels, List<String> tpmTypes, Set<String> commands,
                       QmpSchema schema, boolean sev, boolean sgx) {

    public QemuCaps {
        qomTypes = Set.copyOf(qomTypes);
        deviceProps = Map.copyOf(deviceProps);
        tpmModels = List.copyOf(tpmModels);
        tpmTypes = List.copyOf(tpmTypes);
        commands = Set.copyOf(commands);
    }

    /** The accelerator-specific part: libvirt keeps one per accelerator because CPU usability differs. */
    public record AccelCaps(List<Machine> machines, List<CpuModel> cpuModels, CpuExpansion hostCpu) {
        public AccelCaps {
            machines = List.copyOf(machines);
            cpuModels = List.copyOf(cpuModels);
        }

        /** The machine QEMU uses with no -machine, which libvirt lists first. */
        public Optional<Machine> defaultMachine() {
            return machines.stream().filter(Machine::isDefault).findFirst();
        }

        /** By name or alias. */
        public Optional<Machine> machine(String name) {
            return machines.stream().filter(m -> m.name().equals(name) || name.equals(m.alias())).findFirst();
        }
    }

    /** One entry of query-machines. {@code alias} may be null; {@code maxCpus} is QEMU's cpu-max. */
    public record Machine(String name, String alias, boolean isDefault, int maxCpus, boolean hotplugCpus,
                          boolean deprecated, String defaultCpuType, boolean numaMemSupported, String defaultRamId) {}

    /** One entry of query-cpu-definitions; usable when QEMU lists no blockers. */
    public record CpuModel(String name, String typename, List<String> blockers, boolean deprecated,
                           boolean migrationSafe, boolean isStatic) {
        public CpuModel {
            blockers = List.copyOf(blockers);
        }

        public boolean usable() {
            return blockers.isEmpty();
        }
    }

    /** query-cpu-model-expansion of "host" (KVM) or "max" (TCG): the model QEMU reports and its properties. */
    public record CpuExpansion(String model, Map<String, String> props) {
        public CpuExpansion {
            props = Map.copyOf(props);
        }
    }

    public String versionString() {
        return version / 1_000_000 + "." + version / 1000 % 1000 + "." + version % 1000;
    }

    /** The accelerator data for a libvirt domain type ("kvm" or "qemu"), if this binary supports it. */
    public Optional<AccelCaps> accel(String virtType) {
        return Optional.ofNullable(virtType.equals("kvm") ? kvm : tcg);
    }

    public boolean hasType(String qomType) {
        return qomTypes.contains(qomType);
    }
}
