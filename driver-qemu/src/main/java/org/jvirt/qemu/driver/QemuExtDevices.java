package org.jvirt.qemu.driver;

import java.nio.file.Path;

import org.jvirt.model.domain.DomainDef;

/**
 * The helper processes a guest needs besides QEMU (libvirt's qemu_extdevice.c): swtpm for an emulated TPM
 * ({@link QemuTpm}) and virtiofsd for virtiofs shares ({@link QemuVirtiofs}). They start after the command line is
 * built (so a definition the builder refuses starts nothing) and before QEMU, which connects to their sockets at
 * once; they stop after QEMU. Both keep their pidfiles in the domain's private directory.
 */
final class QemuExtDevices {
    private final QemuDriverConfig config;

    QemuExtDevices(QemuDriverConfig config) {
        this.config = config;
    }

    /** qemuExtDevicesStart; on failure the caller's stop path ends whatever did start. */
    void start(DomainDef live, Path domainDir) {
        new QemuTpm(config).start(live, domainDir);
        new QemuVirtiofs(config).start(live, domainDir);
    }

    /** qemuExtDevicesStop; never fails, as the stop path must run to its end. */
    void stop(DomainDef live, Path domainDir) {
        new QemuVirtiofs(config).stop(live, domainDir, config.destroyGrace());
        new QemuTpm(config).stop(domainDir, config.destroyGrace());
    }

    /** qemuExtDevicesCleanupHost: what outlives a run (the TPM's state) goes with the domain. */
    void cleanupHost(DomainDef def, int undefineFlags) {
        new QemuTpm(config).cleanupHost(def, undefineFlags);
    }
}
