package org.jvirt.storage;

import java.nio.file.Path;
import org.jvirt.spi.DriverProvider.OpenRequest;
import org.jvirt.spi.DriverProvider.StateContext;
import org.jvirt.spi.SecondaryDriverProvider;

/**
 * The storage driver as {@link java.util.ServiceLoader} finds it: a secondary driver that lends its pool and
 * volume facets to every local hypervisor connection of the daemon that initialised it (libvirt's
 * {@code virStorageDriver} registered with {@code virSetSharedStorageDriver}). In a client process it was never
 * initialised and lends nothing: storage calls travel to the daemon with the rest.
 */
public final class StorageDriverProvider implements SecondaryDriverProvider {
    private volatile StorageDriver driver;

    public StorageDriverProvider() {
    }

    @Override
    public String name() {
        return "storage";
    }

    @Override
    public void stateInitialize(StateContext context) {
        start(context.privileged() ? StorageConfig.system(context.root())
                : StorageConfig.session(Path.of(System.getenv().getOrDefault("HOME",
                        System.getProperty("user.home"))), System.getenv()));
    }

    synchronized void start(StorageConfig config) {
        if (driver != null) {
            return;
        }
        StorageDriver d = new StorageDriver(config);
        d.initialize();
        driver = d;
    }

    /** Pools stay as they are (libvirt's storage driver stops nothing on exit); only the state is dropped. */
    @Override
    public synchronized void stateCleanup() {
        if (driver != null) {
            driver.close();
            driver = null;
        }
    }

    @Override
    public Facets open(OpenRequest request) {
        StorageDriver d = driver;
        if (d == null || request.uri() == null || !request.uri().isLocal()) {
            return null;
        }
        return new StorageFacets(d);
    }
}
