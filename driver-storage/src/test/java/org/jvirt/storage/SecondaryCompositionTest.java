package org.jvirt.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvirt.api.Connect;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.spi.ConnectOps;
import org.jvirt.spi.DriverProvider;
import org.jvirt.spi.HypervisorConnection;
import org.jvirt.spi.SecondaryDriverProvider;
import org.jvirt.spi.StoragePoolOps;

/**
 * Connect.open composes a hypervisor connection with the storage driver once the daemon initialised it: a driver
 * without storage gets the storage driver's facets, one with its own keeps them, and nothing is lent before
 * stateInitialize or after stateCleanup (client processes).
 */
class SecondaryCompositionTest {
    @TempDir
    Path root;

    /** A hypervisor driver for scheme "fake" with no storage of its own, or with its own pool facet. */
    private static DriverProvider fake(StoragePoolOps own) {
        return new DriverProvider() {
            @Override
            public String name() {
                return "fake";
            }

            @Override
            public OpenResult open(OpenRequest request) {
                if (request.uri() == null || !"fake".equals(request.uri().driver())) {
                    return DriverProvider.declined();
                }
                return new OpenResult.Opened(new HypervisorConnection() {
                    @Override
                    public ConnectOps connect() {
                        return () -> "fake";
                    }

                    @Override
                    public StoragePoolOps storagePools() {
                        return own != null ? own : HypervisorConnection.super.storagePools();
                    }

                    @Override
                    public void close() {}
                });
            }
        };
    }

    private static StorageDriverProvider storage() {
        return Connect.secondaryDrivers().stream().filter(StorageDriverProvider.class::isInstance)
                .map(StorageDriverProvider.class::cast).findFirst().orElseThrow();
    }

    @AfterEach
    void cleanup() {
        storage().stateCleanup();
    }

    @Test
    void storageIsLentOnlyByAnInitialisedDriverAndOnlyForDefaults() {
        assertTrue(Connect.secondaryDrivers().stream().map(SecondaryDriverProvider::name).toList()
                .contains("storage"));
        try (Connect before = Connect.openAuth("fake:///system", null, 0, List.of(fake(null)))) {
            VirException e = assertThrows(VirException.class, () -> before.listAllStoragePools(0));
            assertEquals(ErrorNumber.NO_SUPPORT, e.code());
        }

        storage().stateInitialize(new DriverProvider.StateContext(true, root, Map.of()));
        try (Connect c = Connect.openAuth("fake:///system", null, 0, List.of(fake(null)))) {
            var pool = c.storagePoolCreateXML("<pool type='dir'><name>t</name><target><path>" + root
                    + "</path></target></pool>", 0);
            assertEquals(List.of("t"), c.listStoragePools(10));
            assertTrue(c.getStoragePoolCapabilities(0).contains("<pool type='dir' supported='yes'>"),
                    "connection-level storage functions come from the storage driver too");
            assertEquals("fake", c.getType(), "the rest of the connection stays the hypervisor driver's");
            assertEquals(0, pool.numOfVolumes());
            pool.destroy();
        }
        StoragePoolOps own = new StoragePoolOps() {};
        try (Connect c = Connect.openAuth("fake:///system", null, 0, List.of(fake(own)))) {
            assertSame(own, c.driver().storagePools(), "a driver's own storage is kept");
        }
        try (Connect c = Connect.openAuth("fake://otherhost/system", null, 0, List.of(fake(null)))) {
            assertEquals(ErrorNumber.NO_SUPPORT, assertThrows(VirException.class,
                    () -> c.listAllStoragePools(0)).code(), "only local connections are composed");
        }

        storage().stateCleanup();
        try (Connect after = Connect.openAuth("fake:///system", null, 0, List.of(fake(null)))) {
            assertEquals(ErrorNumber.NO_SUPPORT, assertThrows(VirException.class,
                    () -> after.listAllStoragePools(0)).code());
        }
    }
}
