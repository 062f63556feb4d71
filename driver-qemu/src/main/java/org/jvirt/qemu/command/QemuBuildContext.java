package org.jvirt.qemu.command;

import java.util.Objects;
import java.util.Set;

/**
 * What the command-line builder needs besides the domain: the emulator binary used when the domain names none, the
 * domain id (-1 when libvirt's test harness builds a command line for a domain that never ran), the per-domain state
 * root ({@code libDir}, under which "domain-ID-NAME" lives), the log dir, the QEMU capability flags as lower-case
 * libvirt capability names, and the qemu.conf settings that show on the command line.
 */
public record QemuBuildContext(String emulator, int domainId, String libDir, String logDir, Set<String> caps,
                               QemuConf conf) {

    public QemuBuildContext {
        caps = Set.copyOf(caps);
        Objects.requireNonNull(conf);
    }

    /** The per-domain private directory, libvirt's {@code priv->libDir}: LIBDIR/domain-ID-NAME. */
    public String domainDir(String name) {
        return libDir + "/domain-" + domainId + "-" + name;
    }
}
