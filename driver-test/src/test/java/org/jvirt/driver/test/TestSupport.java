package org.jvirt.driver.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.jvirt.core.VirException;
import org.jvirt.spi.ConnectUri;
import org.jvirt.spi.DriverProvider;
import org.jvirt.spi.HypervisorConnection;
import org.junit.jupiter.api.function.Executable;

/** Opening test driver connections through the SPI, and asserting libvirt errors. */
final class TestSupport {
    private TestSupport() {}

    static HypervisorConnection open(DriverProvider provider, String uri) {
        var result = provider.open(new DriverProvider.OpenRequest(ConnectUri.parse(uri), false, 0, null));
        if (result instanceof DriverProvider.OpenResult.Opened o) {
            return o.connection();
        }
        throw new AssertionError("declined " + uri);
    }

    static HypervisorConnection openDefault() {
        return open(new TestDriverProvider(), "test:///default");
    }

    /** Runs {@code body}, expecting libvirt's error code, domain and whole message. */
    static VirException assertVirError(int code, int domain, String message, Executable body) {
        VirException e = assertThrows(VirException.class, body);
        assertEquals(List.of(code, domain, message), List.of(e.code(), e.domain(), e.getMessage()));
        return e;
    }
}
