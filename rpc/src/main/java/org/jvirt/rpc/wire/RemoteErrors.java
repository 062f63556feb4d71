package org.jvirt.rpc.wire;

import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorLevel;
import org.jvirt.core.ErrorMessages;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.rpc.protocol.remote.Error;

/**
 * {@code remote_error} ↔ {@link VirException}. Codes, domains and levels cross as raw numbers, so a code a newer
 * peer knows survives unchanged; the {@code dom} and {@code net} members are unused by libvirt and sent as null.
 */
public final class RemoteErrors {
    private RemoteErrors() {
    }

    /**
     * The error a reply carries, as the client raises it ({@code virNetClientProgramDispatchError}): unchanged,
     * except that an old server's "unknown procedure" RPC error from the remote domain becomes
     * {@code VIR_ERR_NO_SUPPORT}, so callers see the same code from old and new servers.
     */
    public static VirException toException(Error e) {
        int code = e.code();
        if (e.domain() == ErrorDomain.REMOTE && code == ErrorNumber.RPC && e.level() == ErrorLevel.ERROR
                && e.message() != null && e.message().startsWith("unknown procedure")) {
            code = ErrorNumber.NO_SUPPORT;
        }
        return new VirException(code, e.domain(), e.level(), e.message(), e.str1(), e.str2(), e.str3(), e.int1(),
                e.int2());
    }

    /**
     * The error a server sends for a failed call ({@code virNetMessageSaveError}): a {@link VirException} as it
     * is; anything else as libvirt reports a failure that set no error.
     */
    public static Error fromException(Throwable t) {
        if (t instanceof VirException v) {
            return new Error(v.code(), v.domain(), v.getMessage(), v.level(), null, v.str1(), v.str2(), v.str3(),
                    v.int1(), v.int2(), null);
        }
        // A jvirt bug (an unexpected Java exception) must still reach the caller as a real error, not as libvirt's
        // "error but did not set virError": say what it was.
        String message = ErrorMessages.format(ErrorNumber.INTERNAL_ERROR, "unexpected " + t);
        return new Error(ErrorNumber.INTERNAL_ERROR, ErrorDomain.RPC, message, ErrorLevel.ERROR, null, null, null,
                null, 0, 0, null);
    }
}
