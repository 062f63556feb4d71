package org.jvirt.spi;

import org.jvirt.core.VirException;

/** The NULL slot of a libvirt driver table: the function exists in libvirt, this driver does not implement it. */
public final class Unsupported {
    private Unsupported() {}

    /** {@code VIR_ERR_NO_SUPPORT} naming the public function, as libvirt's {@code virReportUnsupportedError} does. */
    public static VirException of(String function) {
        return VirException.noSupport(function);
    }
}
