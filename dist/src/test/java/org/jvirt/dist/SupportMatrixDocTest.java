package org.jvirt.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.jvirt.api.Connect;
import org.jvirt.daemon.JvirtdServer;
import org.jvirt.daemon.config.DaemonConfig;
import org.jvirt.qemu.driver.QemuDriverConfig;
import org.jvirt.qemu.driver.QemuDriverProvider;
import org.jvirt.rpc.server.ProgramHandler;
import org.jvirt.spi.ConnectOps;
import org.jvirt.spi.ConnectUri;
import org.jvirt.spi.DriverProvider;
import org.jvirt.spi.HypervisorConnection;
import org.jvirt.spi.NetworkOps;
import org.jvirt.spi.SecondaryDriverProvider;
import org.jvirt.spi.StoragePoolOps;
import org.jvirt.spi.StorageVolOps;
import org.jvirt.spi.SupportMatrix;

/**
 * docs/support-matrix.md is generated from the drivers' code; this fails when the committed copy is stale. The
 * remote driver's column comes from a real connection to an in-process jvirtd; the storage and network columns are
 * the secondary drivers' facets, which jvirtd lends to its local hypervisor connections.
 */
class SupportMatrixDocTest {
    @Test
    void committedSupportMatrixIsCurrent() throws IOException {
        Path doc = Path.of(System.getProperty("jvirt.root", "..")).resolve("docs/support-matrix.md");
        // unix socket paths are limited to 108 bytes: a short directory, not the build tree
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "jvirt-matrix");
        List<ProgramHandler> programs = ServiceLoader.load(ProgramHandler.class).stream()
                .map(ServiceLoader.Provider::get).map(ProgramHandler.class::cast).toList();
        // The QEMU driver with its state in the scratch directory: only which methods it overrides is read.
        QemuDriverProvider qemuProvider = QemuDriverProvider.started(QemuDriverConfig.system(dir.resolve("qemu")));
        // The storage driver (a secondary driver, composed into jvirtd's local connections) gets its own column.
        SecondaryDriverProvider storageProvider = Connect.secondaryDrivers().stream()
                .filter(s -> s.name().equals("storage")).findFirst().orElseThrow();
        storageProvider.stateInitialize(new DriverProvider.StateContext(true, dir.resolve("storage"), Map.of()));
        SecondaryDriverProvider.Facets storage = storageProvider.open(new DriverProvider.OpenRequest(
                ConnectUri.parse("qemu:///system"), false, 0, null));
        // Likewise the network driver (its state in the scratch directory: no network is defined, nothing starts).
        SecondaryDriverProvider networkProvider = Connect.secondaryDrivers().stream()
                .filter(s -> s.name().equals("network")).findFirst().orElseThrow();
        networkProvider.stateInitialize(new DriverProvider.StateContext(true, dir.resolve("network"), Map.of()));
        SecondaryDriverProvider.Facets network = networkProvider.open(new DriverProvider.OpenRequest(
                ConnectUri.parse("qemu:///system"), false, 0, null));
        try (JvirtdServer daemon = JvirtdServer.start(DaemonConfig.defaults(dir, dir.resolve("pki")), false, null,
                programs);
             Connect test = Connect.open("test:///default");
             Connect qemu = Connect.openAuth("qemu:///system", null, 0, List.of(qemuProvider));
             Connect remote = Connect.open("test+unix:///default?socket=" + dir.resolve(JvirtdServer.SOCK))) {
            Map<String, HypervisorConnection> drivers = new LinkedHashMap<>();
            drivers.put("test", test.driver());
            drivers.put("qemu", qemu.driver());
            drivers.put("remote", remote.driver());
            drivers.put("storage", new HypervisorConnection() {
                @Override
                public ConnectOps connect() {
                    return storage.connect();
                }

                @Override
                public StoragePoolOps storagePools() {
                    return storage.storagePools();
                }

                @Override
                public StorageVolOps storageVols() {
                    return storage.storageVols();
                }

                @Override
                public void close() {}
            });
            drivers.put("network", new HypervisorConnection() {
                @Override
                public ConnectOps connect() {
                    // the network driver serves no connection-level function; getType is the one a column needs
                    return () -> "network";
                }

                @Override
                public NetworkOps networks() {
                    return network.networks();
                }

                @Override
                public void close() {}
            });
            String expected = SupportMatrix.markdown(drivers);
            if (Boolean.getBoolean("jvirt.regenerate")) {
                Files.createDirectories(doc.getParent());
                Files.writeString(doc, expected);
            }
            String committed = Files.exists(doc) ? Files.readString(doc) : "";
            assertEquals(expected, committed,
                    "docs/support-matrix.md is stale: run ./mvnw -pl dist test -Djvirt.regenerate=true and commit it");
        } finally {
            storage.close();
            storageProvider.stateCleanup();
            network.close();
            networkProvider.stateCleanup();
            qemuProvider.stateCleanup();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
