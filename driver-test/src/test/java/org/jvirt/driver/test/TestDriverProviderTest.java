package org.jvirt.driver.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ServiceLoader;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.spi.ConnectUri;
import org.jvirt.spi.DriverProvider;
import org.jvirt.spi.HypervisorConnection;
import org.junit.jupiter.api.Test;

class TestDriverProviderTest {
    private static DriverProvider.OpenResult open(DriverProvider p, String uri) {
        return p.open(new DriverProvider.OpenRequest(uri == null ? null : ConnectUri.parse(uri), false, 0, null));
    }

    @Test
    void serviceLoaderFindsTheTestProvider() {
        boolean found = ServiceLoader.load(DriverProvider.class).stream()
                .anyMatch(p -> p.type() == TestDriverProvider.class);
        assertEquals(true, found);
        assertEquals("Test", new TestDriverProvider().name());
    }

    @Test
    void declinesOtherDriversRemoteUrisAndNoUri() {
        TestDriverProvider p = new TestDriverProvider();
        assertInstanceOf(DriverProvider.OpenResult.Declined.class, open(p, "qemu:///system"));
        assertInstanceOf(DriverProvider.OpenResult.Declined.class, open(p, "test://host/default"));
        assertInstanceOf(DriverProvider.OpenResult.Declined.class, open(p, "test+tcp:///default"));
        assertInstanceOf(DriverProvider.OpenResult.Declined.class, open(p, null));
    }

    @Test
    void pathlessUriIsInvalidArg() {
        TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.TEST,
                "invalid argument: testOpen: supply a path or use test:///default",
                () -> open(new TestDriverProvider(), "test:"));
    }

    @Test
    void defaultConnectionsShareStateUntilTheLastCloses() {
        TestDriverProvider p = new TestDriverProvider();
        HypervisorConnection a = TestSupport.open(p, "test:///default");
        HypervisorConnection b = TestSupport.open(p, "test:///default");
        var dom = a.domains().lookupByName("test");
        a.lifecycle().destroy(dom, 0);
        assertEquals(5, b.lifecycle().getState(b.domains().lookupByName("test"), 0).state());
        a.close();
        assertEquals(5, b.lifecycle().getState(b.domains().lookupByName("test"), 0).state());
        b.close();
        try (HypervisorConnection c = TestSupport.open(p, "test:///default")) {
            assertEquals(1, c.lifecycle().getState(c.domains().lookupByName("test"), 0).state());
        }
    }

    @Test
    void closingTwiceReleasesOnce() {
        TestDriverProvider p = new TestDriverProvider();
        HypervisorConnection a = TestSupport.open(p, "test:///default");
        HypervisorConnection b = TestSupport.open(p, "test:///default");
        a.lifecycle().destroy(a.domains().lookupByName("test"), 0);
        a.close();
        a.close();
        assertEquals(5, b.lifecycle().getState(b.domains().lookupByName("test"), 0).state());
        b.close();
    }

    @Test
    void connectionsReportTheirUri() {
        try (HypervisorConnection c = TestSupport.openDefault()) {
            assertEquals("test:///default", c.connect().getURI());
            assertEquals("TEST", c.connect().getType());
            assertNotEquals(null, c.connect().getHostname());
        }
    }
}
