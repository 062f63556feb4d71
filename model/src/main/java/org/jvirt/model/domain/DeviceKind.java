package org.jvirt.model.domain;

import java.util.Locale;

/** The device element names of {@code <devices>}, in the order libvirt's virDomainDefFormatInternal writes them. */
public enum DeviceKind {
    DISK, CONTROLLER, LEASE, FILESYSTEM, INTERFACE, SMARTCARD, SERIAL, PARALLEL, CONSOLE, CHANNEL, INPUT, TPM,
    GRAPHICS, SOUND, AUDIO, VIDEO, HOSTDEV, REDIRDEV, REDIRFILTER, HUB, WATCHDOG, MEMBALLOON, RNG, NVRAM, PANIC,
    SHMEM, MEMORY, IOMMU, VSOCK, CRYPTO;

    /** The element name, e.g. "disk". */
    public String element() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind for an element name, or null for an element libvirt ignores inside {@code <devices>}. */
    public static DeviceKind ofElement(String name) {
        for (DeviceKind k : values()) {
            if (k.element().equals(name)) {
                return k;
            }
        }
        return null;
    }
}
