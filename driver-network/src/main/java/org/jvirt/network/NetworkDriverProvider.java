package org.jvirt.network;

import java.nio.file.Path;
import java.util.List;
import org.jvirt.host.CommandRunner;
import org.jvirt.spi.DriverProvider.OpenRequest;
import org.jvirt.spi.DriverProvider.StateContext;
import org.jvirt.spi.NetworkBridges;
import org.jvirt.spi.SecondaryDriverProvider;

/**
 * The network driver as {@link java.util.ServiceLoader} finds it: a secondary driver that lends its network facet
 * to every local hypervisor connection of the daemon that initialised it (libvirt's bridge driver registered with
 * {@code virSetSharedNetworkDriver}). In a client process it was never initialised and lends nothing.
 */
public final class NetworkDriverProvider implements SecondaryDriverProvider {
    private volatile NetworkDriver driver;

    public NetworkDriverProvider() {
    }

    /**
     * For tests and embedding: a provider already running on the system layout under {@code root}, its host
     * commands run by {@code runner} and dnsmasq started behind {@code launchPrefix} (e.g. inside a network
     * namespace).
     */
    public static NetworkDriverProvider started(Path root, List<String> launchPrefix, CommandRunner runner) {
        NetworkDriverProvider p = new NetworkDriverProvider();
        p.start(NetworkConfig.system(root).withLaunch(launchPrefix, runner));
        return p;
    }

    @Override
    public String name() {
        return "network";
    }

    @Override
    public void stateInitialize(StateContext context) {
        start(context.privileged() ? NetworkConfig.system(context.root())
                : NetworkConfig.session(Path.of(System.getenv().getOrDefault("HOME",
                        System.getProperty("user.home"))), System.getenv()));
    }

    synchronized void start(NetworkConfig config) {
        if (driver != null) {
            return;
        }
        NetworkDriver d = new NetworkDriver(config);
        d.initialize();
        driver = d;
    }

    /** Networks stay up (libvirt's network driver stops nothing on exit); only the state is dropped. */
    @Override
    public synchronized void stateCleanup() {
        if (driver != null) {
            driver.close();
            driver = null;
        }
    }

    /** The bridges of active networks for the hypervisor drivers; asked at each guest start, so never stale. */
    @Override
    public <T> T service(Class<T> type) {
        if (type != NetworkBridges.class) {
            return null;
        }
        NetworkBridges bridges = network -> {
            NetworkDriver d = driver;
            if (d == null) {
                throw NetworkErrors.noNetworkName(network);
            }
            return d.networks.activeBridge(network);
        };
        return type.cast(bridges);
    }

    @Override
    public Facets open(OpenRequest request) {
        NetworkDriver d = driver;
        if (d == null || request.uri() == null || !request.uri().isLocal()) {
            return null;
        }
        return new NetworkFacets(d);
    }
}
