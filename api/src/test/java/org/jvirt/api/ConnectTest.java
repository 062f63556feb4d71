package org.jvirt.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.UUID;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.spi.ConnectOps;
import org.jvirt.spi.DomainLifecycle;
import org.jvirt.spi.DomainRegistry;
import org.jvirt.spi.DriverProvider;
import org.jvirt.spi.HypervisorConnection;
import org.jvirt.spi.Refs.DomainRef;
import org.junit.jupiter.api.Test;

class ConnectTest {
    /** A fake driver that accepts "fake:" URIs, knows one domain and implements only destroy. */
    private static final class FakeProvider implements DriverProvider {
        int destroys;

        @Override
        public String name() { return "Fake"; }

        @Override
        public OpenResult open(OpenRequest request) {
            if (request.uri() == null || !request.uri().driver().equals("fake")) {
                return DriverProvider.declined();
            }
            DomainRef dom = new DomainRef("d", new UUID(1, 2), 1);
            return new OpenResult.Opened(new HypervisorConnection() {
                public ConnectOps connect() { return () -> "FAKE"; }

                public DomainRegistry domains() {
                    return new DomainRegistry() {
                        public DomainRef lookupByName(String name) { return dom; }
                    };
                }

                public DomainLifecycle lifecycle() {
                    return new DomainLifecycle() {
                        public void destroy(DomainRef d, int flags) { destroys++; }
                    };
                }

                public void close() {}
            });
        }
    }

    @Test
    void readOnlyConnectionIsDeniedModifyingCalls() {
        FakeProvider fake = new FakeProvider();
        try (Connect c = Connect.openAuth("fake:///x", null, Connect.OPEN_READONLY, List.of(fake))) {
            Domain d = c.domainLookupByName("d");
            VirException e = assertThrows(VirException.class, d::destroy);
            assertEquals(ErrorNumber.OPERATION_DENIED, e.code());
            assertEquals("operation forbidden: read only access prevents virDomainDestroy", e.getMessage());
            assertEquals(org.jvirt.core.ErrorDomain.DOMAIN, e.domain());
            assertEquals(0, fake.destroys);
        }
    }

    @Test
    void unimplementedFunctionIsNoSupportNamingIt() {
        try (Connect c = Connect.openAuth("fake:///x", null, 0, List.of(new FakeProvider()))) {
            Domain d = c.domainLookupByName("d");
            d.destroy();
            VirException e = assertThrows(VirException.class, d::suspend);
            assertEquals(ErrorNumber.NO_SUPPORT, e.code());
            assertEquals("this function is not supported by the connection driver: virDomainSuspend", e.getMessage());
            // libvirt reports it in the domain of the file that defines the function (recorded with python-libvirt)
            assertEquals(org.jvirt.core.ErrorDomain.DOMAIN, e.domain());
            assertEquals(org.jvirt.core.ErrorDomain.NETWORK, org.jvirt.core.ErrorDomain.ofFunction("virConnectListAllNetworks"));
            assertEquals(org.jvirt.core.ErrorDomain.DOMAIN_SNAPSHOT,
                    org.jvirt.core.ErrorDomain.ofFunction("virDomainSnapshotCreateXML"));
            assertEquals(org.jvirt.core.ErrorDomain.DOMAIN, org.jvirt.core.ErrorDomain.ofFunction("virNodeGetMemoryStats"));
        }
    }

    @Test
    void noDriverForUri() {
        VirException e = assertThrows(VirException.class,
                () -> Connect.openAuth("nosuch:///x", null, 0, List.of(new FakeProvider())));
        assertEquals(ErrorNumber.NO_CONNECT, e.code());
        assertEquals("no connection driver available for nosuch:///x", e.getMessage());
    }

    @Test
    void closedConnectionIsInvalid() {
        Connect c = Connect.openAuth("fake:///x", null, 0, List.of(new FakeProvider()));
        c.close();
        c.close();
        assertEquals(ErrorNumber.INVALID_CONN, assertThrows(VirException.class, c::getType).code());
    }
}
