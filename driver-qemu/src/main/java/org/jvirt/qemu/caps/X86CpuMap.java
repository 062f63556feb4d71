package org.jvirt.qemu.caps;

import java.util.Map;
import java.util.Optional;

/**
 * The x86 CPU models libvirt 9.0's CPU map knows, with their vendors ("unknown" for vendor-neutral models): the
 * custom-mode model list of domcapabilities is QEMU's list filtered by this one. A fact table, not a guess from
 * names; versioned aliases (Skylake-Client-v2) and models libvirt has no definition for (KnightsMill, Denverton) are
 * absent on purpose. The rest of libvirt's CPU driver (CPUID decoding, host-model) is not part of jvirt yet.
 */
final class X86CpuMap {
    private static final Map<String, String> VENDORS = Map.ofEntries(
            Map.entry("486", "unknown"), Map.entry("pentium", "unknown"), Map.entry("pentium2", "unknown"),
            Map.entry("pentium3", "unknown"), Map.entry("pentiumpro", "unknown"), Map.entry("qemu32", "unknown"),
            Map.entry("qemu64", "unknown"), Map.entry("kvm32", "unknown"), Map.entry("kvm64", "unknown"),
            Map.entry("cpu64-rhel5", "unknown"), Map.entry("cpu64-rhel6", "unknown"),
            Map.entry("coreduo", "Intel"), Map.entry("core2duo", "Intel"), Map.entry("n270", "Intel"),
            Map.entry("Conroe", "Intel"), Map.entry("Penryn", "Intel"), Map.entry("Nehalem", "Intel"),
            Map.entry("Nehalem-IBRS", "Intel"), Map.entry("Westmere", "Intel"), Map.entry("Westmere-IBRS", "Intel"),
            Map.entry("SandyBridge", "Intel"), Map.entry("SandyBridge-IBRS", "Intel"), Map.entry("IvyBridge", "Intel"),
            Map.entry("IvyBridge-IBRS", "Intel"), Map.entry("Haswell", "Intel"), Map.entry("Haswell-noTSX", "Intel"),
            Map.entry("Haswell-IBRS", "Intel"), Map.entry("Haswell-noTSX-IBRS", "Intel"),
            Map.entry("Broadwell", "Intel"), Map.entry("Broadwell-noTSX", "Intel"),
            Map.entry("Broadwell-IBRS", "Intel"), Map.entry("Broadwell-noTSX-IBRS", "Intel"),
            Map.entry("Skylake-Client", "Intel"), Map.entry("Skylake-Client-IBRS", "Intel"),
            Map.entry("Skylake-Client-noTSX-IBRS", "Intel"), Map.entry("Skylake-Server", "Intel"),
            Map.entry("Skylake-Server-IBRS", "Intel"), Map.entry("Skylake-Server-noTSX-IBRS", "Intel"),
            Map.entry("Cascadelake-Server", "Intel"), Map.entry("Cascadelake-Server-noTSX", "Intel"),
            Map.entry("Icelake-Client", "Intel"), Map.entry("Icelake-Client-noTSX", "Intel"),
            Map.entry("Icelake-Server", "Intel"), Map.entry("Icelake-Server-noTSX", "Intel"),
            Map.entry("Cooperlake", "Intel"), Map.entry("Snowridge", "Intel"),
            Map.entry("athlon", "AMD"), Map.entry("phenom", "AMD"), Map.entry("Opteron_G1", "AMD"),
            Map.entry("Opteron_G2", "AMD"), Map.entry("Opteron_G3", "AMD"), Map.entry("Opteron_G4", "AMD"),
            Map.entry("Opteron_G5", "AMD"), Map.entry("EPYC", "AMD"), Map.entry("EPYC-IBPB", "AMD"),
            Map.entry("EPYC-Rome", "AMD"), Map.entry("EPYC-Milan", "AMD"), Map.entry("Dhyana", "Hygon"));

    private X86CpuMap() {}

    static Optional<String> vendor(String model) {
        return Optional.ofNullable(VENDORS.get(model));
    }
}
