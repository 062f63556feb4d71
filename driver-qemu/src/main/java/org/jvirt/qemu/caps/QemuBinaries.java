package org.jvirt.qemu.caps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Finds the installed {@code qemu-system-ARCH} emulators, in libvirt's arch order (the virArch enum), which is the
 * order of the {@code <guest>} sections. Binaries with a suffix (qemu-system-x86_64-microvm) are not emulators of
 * their own arch and are skipped, as libvirt skips them.
 */
public final class QemuBinaries {
    /** virArch order (src/util/virarch.h). */
    static final List<String> ARCH_ORDER = List.of("alpha", "armv6l", "armv7l", "armv7b", "aarch64", "cris", "i686",
            "ia64", "lm32", "loongarch64", "m68k", "microblaze", "microblazeel", "mips", "mipsel", "mips64",
            "mips64el", "openrisc", "parisc", "parisc64", "ppc", "ppcle", "ppc64", "ppc64le", "ppcemb", "riscv32",
            "riscv64", "s390", "s390x", "sh4", "sh4eb", "sparc", "sparc64", "unicore32", "x86_64", "xtensa",
            "xtensaeb");

    private QemuBinaries() {}

    /** libvirt arch → binary, for every qemu-system-* in {@code dir} whose suffix is an arch libvirt knows. */
    public static Map<String, Path> find(Path dir) {
        Map<Integer, Map.Entry<String, Path>> byOrder = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (!n.startsWith("qemu-system-") || !Files.isExecutable(p)) {
                    continue;
                }
                String arch = QemuCapsParser.libvirtArch(n.substring("qemu-system-".length()));
                int idx = ARCH_ORDER.indexOf(arch);
                if (idx >= 0) {
                    byOrder.put(idx, Map.entry(arch, p));
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        Map<String, Path> out = new java.util.LinkedHashMap<>();
        for (var e : byOrder.values()) {
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    public static List<Path> list(Path dir) {
        return new ArrayList<>(find(dir).values());
    }
}
