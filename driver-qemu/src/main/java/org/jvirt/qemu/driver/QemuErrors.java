package org.jvirt.qemu.driver;

import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorLevel;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/** The QEMU driver's error reports, with libvirt's codes, domains and texts. */
final class QemuErrors {
    private QemuErrors() {}

    /** libvirt's virCheckFlags: bare text naming the C function, VIR_ERR_INVALID_ARG. */
    static void checkFlags(int flags, int supported, String function) {
        int bad = flags & ~supported;
        if (bad != 0) {
            String msg = "unsupported flags (0x" + Integer.toHexString(bad) + ") in function " + function;
            throw new VirException(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU, ErrorLevel.ERROR, msg, msg, null,
                    null, 0, 0);
        }
    }

    /** virDomainObjCheckActive (VIR_FROM_DOMAIN). */
    static VirException notRunning() {
        return VirException.of(ErrorNumber.OPERATION_INVALID, ErrorDomain.DOMAIN, "domain is not running");
    }

    static VirException operationInvalid(String detail) {
        return VirException.of(ErrorNumber.OPERATION_INVALID, ErrorDomain.QEMU, detail);
    }

    static VirException unsupported(String detail) {
        return VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.QEMU, detail);
    }

    static VirException argumentUnsupported(String detail) {
        return VirException.of(ErrorNumber.ARGUMENT_UNSUPPORTED, ErrorDomain.QEMU, detail);
    }
}
