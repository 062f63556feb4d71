package org.jvirt.driver.test;

import java.util.List;
import java.util.Set;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/**
 * testConnectGetCPUModelNames: the test driver answers from libvirt's CPU map, so the lists are those of libvirt
 * 9.0's x86 and ppc64 CPU drivers (in CPU map order); the s390 and arm drivers have no model list ("all CPU models
 * are accepted"); other known architectures have no CPU driver at all.
 */
final class TestCpuModels {
    /** virArch names virArchFromString accepts ("none" is not one of them). */
    private static final Set<String> ARCHES = Set.of("alpha", "armv6l", "armv7l", "armv7b", "aarch64", "cris",
            "i686", "ia64", "lm32", "m68k", "microblaze", "microblazeel", "mips", "mipsel", "mips64", "mips64el",
            "openrisc", "parisc", "parisc64", "ppc", "ppcle", "ppc64", "ppc64le", "ppcemb", "riscv32", "riscv64",
            "s390", "s390x", "sh4", "sh4eb", "sparc", "sparc64", "unicore32", "x86_64", "xtensa", "xtensaeb");

    private static final Set<String> NO_MODEL_LIST = Set.of("s390", "s390x", "armv6l", "armv7l", "armv7b",
            "aarch64");

    private static final List<String> X86 = List.of("486", "pentium", "pentium2", "pentium3", "pentiumpro",
            "coreduo", "n270", "core2duo", "qemu32", "kvm32", "cpu64-rhel5", "cpu64-rhel6", "qemu64", "kvm64",
            "Conroe", "Penryn", "Nehalem", "Nehalem-IBRS", "Westmere", "Westmere-IBRS", "SandyBridge",
            "SandyBridge-IBRS", "IvyBridge", "IvyBridge-IBRS", "Haswell-noTSX", "Haswell-noTSX-IBRS", "Haswell",
            "Haswell-IBRS", "Broadwell-noTSX", "Broadwell-noTSX-IBRS", "Broadwell", "Broadwell-IBRS",
            "Skylake-Client", "Skylake-Client-IBRS", "Skylake-Client-noTSX-IBRS", "Skylake-Server",
            "Skylake-Server-IBRS", "Skylake-Server-noTSX-IBRS", "Cascadelake-Server", "Cascadelake-Server-noTSX",
            "Icelake-Client", "Icelake-Client-noTSX", "Icelake-Server", "Icelake-Server-noTSX", "Cooperlake",
            "Snowridge", "athlon", "phenom", "Opteron_G1", "Opteron_G2", "Opteron_G3", "Opteron_G4", "Opteron_G5",
            "EPYC", "EPYC-IBPB", "EPYC-Rome", "EPYC-Milan", "Dhyana");

    private static final List<String> PPC64 = List.of("POWER6", "POWER7", "POWER8", "POWER9", "POWER10",
            "POWERPC_e5500", "POWERPC_e6500");

    private TestCpuModels() {}

    static List<String> modelNames(String arch, int flags) {
        Errors.checkFlags(flags, 0, "testConnectGetCPUModelNames");
        if (arch == null || !ARCHES.contains(arch)) {
            throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.TEST, "cannot find architecture " + arch);
        }
        return switch (arch) {
            case "i686", "x86_64" -> X86;
            case "ppc64", "ppc64le" -> PPC64;
            default -> {
                if (NO_MODEL_LIST.contains(arch)) {
                    yield List.of();
                }
                throw VirException.of(ErrorNumber.NO_SUPPORT, ErrorDomain.CPU,
                        "'" + arch + "' architecture is not supported by CPU driver");
            }
        };
    }
}
