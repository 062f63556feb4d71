package org.jvirt.network;

import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/** The network driver's errors, with libvirt 9.0's codes and texts (VIR_FROM_NETWORK). */
final class NetworkErrors {
    static final int DOM = ErrorDomain.NETWORK;

    private NetworkErrors() {}

    static VirException of(int code, String detail) {
        return VirException.of(code, DOM, detail);
    }

    static VirException noNetworkName(String name) {
        return of(ErrorNumber.NO_NETWORK, "no network with matching name '" + name + "'");
    }

    static VirException noNetworkUuid(String uuid) {
        return of(ErrorNumber.NO_NETWORK, "no network with matching uuid '" + uuid + "'");
    }

    static VirException notActive() {
        return VirException.operationInvalid(DOM, "network is not active");
    }

    static VirException operationInvalid(String detail) {
        return VirException.operationInvalid(DOM, detail);
    }

    static VirException unsupported(String detail) {
        return of(ErrorNumber.CONFIG_UNSUPPORTED, detail);
    }

    static VirException internal(String detail) {
        return of(ErrorNumber.INTERNAL_ERROR, detail);
    }

    static VirException system(String detail) {
        return of(ErrorNumber.SYSTEM_ERROR, detail);
    }

    /** virCheckFlags. */
    static void checkFlags(int flags, int allowed, String function) {
        if ((flags & ~allowed) != 0) {
            throw VirException.of(ErrorNumber.INVALID_ARG, DOM, "unsupported flags (0x"
                    + Integer.toHexString(flags & ~allowed) + ") in function " + function);
        }
    }
}
