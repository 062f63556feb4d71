package org.jvirt.storage;

import java.io.IOException;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/** The storage driver's errors, with libvirt 9.0's codes and texts (VIR_FROM_STORAGE). */
final class StorageErrors {
    static final int DOM = ErrorDomain.STORAGE;

    private StorageErrors() {}

    static VirException of(int code, String detail) {
        return VirException.of(code, DOM, detail);
    }

    static VirException noPool(String name) {
        return of(ErrorNumber.NO_STORAGE_POOL, "no storage pool with matching name '" + name + "'");
    }

    static VirException noVol(String what) {
        return of(ErrorNumber.NO_STORAGE_VOL, what);
    }

    static VirException notActive(String pool) {
        return VirException.operationInvalid(DOM, "storage pool '" + pool + "' is not active");
    }

    static VirException operationInvalid(String detail) {
        return VirException.operationInvalid(DOM, detail);
    }

    static VirException invalidArg(String detail) {
        return of(ErrorNumber.INVALID_ARG, detail);
    }

    static VirException internal(String detail) {
        return of(ErrorNumber.INTERNAL_ERROR, detail);
    }

    /** virReportSystemError: "TEXT: strerror". */
    static VirException system(String text, IOException e) {
        return of(ErrorNumber.SYSTEM_ERROR, text + ": " + Errno.describe(e));
    }

    static VirException system(String text, String strerror) {
        return of(ErrorNumber.SYSTEM_ERROR, text + ": " + strerror);
    }

    /** virCheckFlags. */
    static void checkFlags(int flags, int allowed, String function) {
        if ((flags & ~allowed) != 0) {
            throw VirException.of(ErrorNumber.INVALID_ARG, DOM, "unsupported flags (0x"
                    + Integer.toHexString(flags & ~allowed) + ") in function " + function);
        }
    }
}
