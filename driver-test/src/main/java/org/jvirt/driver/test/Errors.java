package org.jvirt.driver.test;

import java.util.UUID;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorLevel;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/** The error reports of the test driver, with libvirt's codes, domains and texts. */
final class Errors {
    private Errors() {}

    /**
     * libvirt's virCheckFlags: VIR_ERR_INVALID_ARG from the test driver, with the bare text (virCheckFlags passes
     * no code prefix) naming the C function.
     */
    static void checkFlags(int flags, int supported, String function) {
        int bad = flags & ~supported;
        if (bad != 0) {
            String msg = "unsupported flags (0x" + Integer.toHexString(bad) + ") in function " + function;
            throw new VirException(ErrorNumber.INVALID_ARG, ErrorDomain.TEST, ErrorLevel.ERROR, msg, msg, null,
                    null, 0, 0);
        }
    }

    /** virCheckFlags' mutually exclusive flags check (VIR_EXCLUSIVE_FLAGS_RET). */
    static void exclusive(int flags, int a, String aName, int b, String bName) {
        if ((flags & a) != 0 && (flags & b) != 0) {
            throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.TEST,
                    "Flags '" + aName + "' and '" + bName + "' are mutually exclusive");
        }
    }

    static VirException of(int code, String detail) {
        return VirException.of(code, ErrorDomain.TEST, detail);
    }

    static VirException internal(String detail) {
        return VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.TEST, detail);
    }

    /** The check libvirt's virDomainObjCheckActive makes: VIR_FROM_DOMAIN, "domain is not running". */
    static VirException domainNotRunning() {
        return VirException.of(ErrorNumber.OPERATION_INVALID, ErrorDomain.DOMAIN, "domain is not running");
    }

    static VirException noDomain() {
        return VirException.of(ErrorNumber.NO_DOMAIN, ErrorDomain.TEST, null);
    }

    static VirException noDomainUuid(UUID uuid, String name) {
        return VirException.of(ErrorNumber.NO_DOMAIN, ErrorDomain.TEST,
                "no domain with matching uuid '" + uuid + "' (" + name + ")");
    }

    static VirException operationInvalid(String detail) {
        return VirException.of(ErrorNumber.OPERATION_INVALID, ErrorDomain.TEST, detail);
    }

    static VirException xml(String detail) {
        return VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.TEST, detail);
    }

    /** The public API's check that LIVE and CONFIG are not both given to a query (VIR_FROM_DOMAIN). */
    static void exclusiveDomain(int flags) {
        if ((flags & 1) != 0 && (flags & 2) != 0) {
            throw bare(ErrorNumber.INVALID_ARG, ErrorDomain.DOMAIN,
                    "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive");
        }
    }

    /** An error whose message is the text alone, as virReportInvalidArg and virCheckFlags produce. */
    static VirException bare(int code, int domain, String msg) {
        return new VirException(code, domain, ErrorLevel.ERROR, msg, msg, null, null, 0, 0);
    }
}
