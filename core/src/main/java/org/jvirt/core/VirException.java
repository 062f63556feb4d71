package org.jvirt.core;

/**
 * The one error type of jvirt: libvirt's {@code virError} (and its wire form {@code remote_error}) as an unchecked
 * exception. Codes and domains are kept as raw ints so that a code a newer server knows survives the trip unchanged;
 * {@link ErrorNumber} and {@link ErrorDomain} name the ones libvirt 9.0.0 knows.
 */
public final class VirException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final int domain;
    private final int level;
    private final String str1;
    private final String str2;
    private final String str3;
    private final int int1;
    private final int int2;

    /** The full record, as it travels on the wire. {@code message} is the complete text (prefix included). */
    public VirException(int code, int domain, int level, String message,
                        String str1, String str2, String str3, int int1, int int2) {
        super(message);
        this.code = code;
        this.domain = domain;
        this.level = level;
        this.str1 = str1;
        this.str2 = str2;
        this.str3 = str3;
        this.int1 = int1;
        this.int2 = int2;
    }

    /**
     * An error raised the way libvirt's {@code virReportError(code, fmt, ...)} does: the message is libvirt's
     * standard prefix for {@code code} ({@code virErrorMsg}) followed by {@code detail}, e.g. code
     * {@link ErrorNumber#NO_DOMAIN} with detail "no domain with matching name 'foo'" gives
     * "Domain not found: no domain with matching name 'foo'". A null detail gives the prefix alone.
     */
    public static VirException of(int code, int domain, String detail) {
        String message = ErrorMessages.format(code, detail);
        return new VirException(code, domain, ErrorLevel.ERROR, message, ErrorMessages.prefix(code, detail != null),
                detail, null, 0, 0);
    }

    /** {@code VIR_ERR_NO_SUPPORT}: "this function is not supported by the connection driver: FUNCTION". */
    public static VirException noSupport(String function) {
        return of(ErrorNumber.NO_SUPPORT, ErrorDomain.ofFunction(function), function);
    }

    /**
     * An error whose whole text is {@code message}, with no standard prefix: what libvirt's argument checks
     * (virReportInvalidNonNegativeArg and friends) raise, e.g. "startCell in virNodeGetCellsFreeMemory must be zero
     * or greater".
     */
    public static VirException unprefixed(int code, int domain, String message) {
        return new VirException(code, domain, ErrorLevel.ERROR, message, null, null, null, 0, 0);
    }

    /** {@code VIR_ERR_INVALID_ARG} with libvirt's prefix, as raised by argument checks in the public API. */
    public static VirException invalidArg(String detail) {
        return of(ErrorNumber.INVALID_ARG, ErrorDomain.NONE, detail);
    }

    /** {@code VIR_ERR_OPERATION_INVALID}: "Requested operation is not valid: DETAIL". */
    public static VirException operationInvalid(int domain, String detail) {
        return of(ErrorNumber.OPERATION_INVALID, domain, detail);
    }

    /** {@code VIR_ERR_INTERNAL_ERROR}: "internal error: DETAIL". */
    public static VirException internal(int domain, String detail) {
        return of(ErrorNumber.INTERNAL_ERROR, domain, detail);
    }

    public int code() { return code; }
    public int domain() { return domain; }
    public int level() { return level; }
    public String str1() { return str1; }
    public String str2() { return str2; }
    public String str3() { return str3; }
    public int int1() { return int1; }
    public int int2() { return int2; }

    /** libvirt's symbolic name of the code, e.g. "VIR_ERR_NO_DOMAIN", or the number for a code it does not know. */
    public String codeName() { return ErrorNumber.name(code); }
}
