package org.jvirt.xdr;

/**
 * Malformed or out-of-bounds XDR data: a length above its declared maximum, fewer bytes left than a length claims,
 * a bool that is neither 0 nor 1, a union discriminant with no arm, a null where no pointer is allowed.
 *
 * <p>Why not {@code VirException}: {@code xdr} depends on the JDK alone (ARCHITECTURE.md), so it cannot name
 * libvirt's error codes. Why unchecked: codecs are derived by reflection and run inside lambdas, and callers in
 * {@code rpc} handle it at one boundary — the frame decoder turns it into a {@code VirException} with
 * {@code VIR_ERR_RPC} / {@code VIR_FROM_RPC}, as libvirt's {@code virNetMessageDecodePayload} reports
 * "Unable to decode message payload". Nothing between the wire and that boundary catches it.
 */
public final class XdrException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public XdrException(String message) {
        super(message);
    }

    public XdrException(String message, Throwable cause) {
        super(message, cause);
    }
}
