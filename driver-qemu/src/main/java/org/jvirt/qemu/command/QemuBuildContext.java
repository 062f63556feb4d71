package org.jvirt.qemu.command;

import java.util.Objects;
import java.util.Set;

/**
 * What the command-line builder needs besides the domain: the emulator binary used when the domain names none, the
 * domain id (-1 when libvirt's test harness builds a command line for a domain that never ran), the per-domain state
 * root ({@code libDir}, under which "domain-ID-NAME" lives), the log dir, the QEMU capability flags as lower-case
 * libvirt capability names, the qemu.conf settings that show on the command line, and the QMP monitor socket.
 *
 * <p>{@code monitorSocket} is null when the command line is built for libvirt's test harness (qemuxml2argv), which
 * shows the monitor as the pre-opened {@code fd=1729}; a real start passes the socket path QEMU must listen on
 * (the JDK cannot hand a listening fd to a child, so QEMU creates the socket itself). A real start also puts each
 * interface's host-side TAP name into the live definition's {@code <target dev>}, and the builder names it with
 * {@code ifname=} rather than a passed fd.
 */
public record QemuBuildContext(String emulator, int domainId, String libDir, String logDir, Set<String> caps,
                               QemuConf conf, String monitorSocket, String firmwareRoot, QemuSecrets secrets) {

    public QemuBuildContext(String emulator, int domainId, String libDir, String logDir, Set<String> caps,
                            QemuConf conf) {
        this(emulator, domainId, libDir, logDir, caps, conf, null);
    }

    public QemuBuildContext(String emulator, int domainId, String libDir, String logDir, Set<String> caps,
                            QemuConf conf, String monitorSocket) {
        this(emulator, domainId, libDir, logDir, caps, conf, monitorSocket, null, null);
    }

    /**
     * The same context with firmware descriptors (qemu's firmware.json interop files) looked up under
     * {@code root} + /usr/share/qemu/firmware, /etc/qemu/firmware and /home/user/.config/qemu/firmware, as
     * libvirt's test harness lays them out; null leaves {@code <os firmware=...>} autoselection declined.
     */
    public QemuBuildContext withFirmwareRoot(String root) {
        return new QemuBuildContext(emulator, domainId, libDir, logDir, caps, conf, monitorSocket, root, secrets);
    }

    /** The same context with {@code s} supplying the secrets network storage authenticates with. */
    public QemuBuildContext withSecrets(QemuSecrets s) {
        return new QemuBuildContext(emulator, domainId, libDir, logDir, caps, conf, monitorSocket, firmwareRoot, s);
    }

    /** True for a real start, false for libvirt's test harness. */
    public boolean live() {
        return monitorSocket != null;
    }

    public QemuBuildContext {
        caps = Set.copyOf(caps);
        Objects.requireNonNull(conf);
    }

    /**
     * The per-domain private directory, libvirt's {@code priv->libDir}: LIBDIR/domain-ID-NAME, with the name cut to
     * its first 20 characters (virDomainDefGetShortName).
     */
    public String domainDir(String name) {
        return domainDir(libDir, domainId, name);
    }

    /** LIBDIR/domain-ID-NAME with libvirt's shortened name: where a running domain's private files live. */
    public static String domainDir(String libDir, int domainId, String name) {
        return libDir + "/domain-" + domainId + "-" + QemuMemory.shortName(name);
    }
}
