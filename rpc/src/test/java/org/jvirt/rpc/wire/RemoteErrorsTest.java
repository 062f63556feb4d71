package org.jvirt.rpc.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorLevel;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.rpc.protocol.remote.Error;
import org.junit.jupiter.api.Test;

class RemoteErrorsTest {
    @Test
    void everyFieldCrossesUnchanged() {
        VirException v = new VirException(ErrorNumber.NO_DOMAIN, ErrorDomain.QEMU, ErrorLevel.ERROR,
                "Domain not found: x", "Domain not found: %s", "x", null, 4, 5);
        Error e = RemoteErrors.fromException(v);
        assertNull(e.dom());
        assertNull(e.net());
        VirException back = RemoteErrors.toException(e);
        assertEquals(v.code(), back.code());
        assertEquals(v.domain(), back.domain());
        assertEquals(v.level(), back.level());
        assertEquals(v.getMessage(), back.getMessage());
        assertEquals("x", back.str2());
        assertNull(back.str3());
        assertEquals(4, back.int1());
        assertEquals(5, back.int2());
    }

    @Test
    void unknownCodesAndDomainsStayRaw() {
        Error e = new Error(9999, 4242, "from the future", 2, null, null, null, null, 0, 0, null);
        VirException v = RemoteErrors.toException(e);
        assertEquals(9999, v.code());
        assertEquals(4242, v.domain());
    }

    @Test
    void oldServersUnknownProcedureBecomesNoSupport() {
        Error e = new Error(ErrorNumber.RPC, ErrorDomain.REMOTE, "unknown procedure: 999", ErrorLevel.ERROR, null,
                null, null, null, 0, 0, null);
        assertEquals(ErrorNumber.NO_SUPPORT, RemoteErrors.toException(e).code());
        Error other = new Error(ErrorNumber.RPC, ErrorDomain.RPC, "unknown procedure: 999", ErrorLevel.ERROR, null,
                null, null, null, 0, 0, null);
        assertEquals(ErrorNumber.RPC, RemoteErrors.toException(other).code());
    }

    @Test
    void nonLibvirtFailureIsReportedAsAnInternalErrorNamingIt() {
        Error e = RemoteErrors.fromException(new IllegalStateException("bug"));
        assertEquals(ErrorNumber.INTERNAL_ERROR, e.code());
        assertEquals(ErrorDomain.RPC, e.domain());
        assertEquals(ErrorLevel.ERROR, e.level());
        assertEquals("internal error: unexpected java.lang.IllegalStateException: bug", e.message());
    }
}
