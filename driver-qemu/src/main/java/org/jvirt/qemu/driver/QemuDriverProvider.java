package org.jvirt.qemu.driver;

import java.nio.file.Path;
import java.util.Map;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.qemu.caps.QemuCapsCache;
import org.jvirt.qemu.net.NetworkBridgeResolver;
import org.jvirt.spi.ConnectUri;
import org.jvirt.spi.DriverProvider;
import org.jvirt.spi.NetworkBridges;

/**
 * The QEMU driver as {@link java.util.ServiceLoader} finds it. It is stateful: only a daemon that called
 * {@link #stateInitialize} (once, at start-up) opens {@code qemu:///system} or {@code qemu:///session}; elsewhere it
 * declines, and the remote driver carries the URI to the daemon's socket, as libvirt's client library does.
 */
public final class QemuDriverProvider implements DriverProvider {
    private volatile QemuDriver driver;

    public QemuDriverProvider() {
    }

    /** For tests and embedding: a provider already running on {@code config}. */
    public static QemuDriverProvider started(QemuDriverConfig config) {
        return started(config, null);
    }

    /** {@link #started(QemuDriverConfig)} with a network driver's bridges (null: none). */
    public static QemuDriverProvider started(QemuDriverConfig config, NetworkBridges networks) {
        QemuDriverProvider p = new QemuDriverProvider();
        p.start(config, resolver(networks));
        return p;
    }

    @Override
    public String name() {
        return "QEMU";
    }

    @Override
    public void stateInitialize(StateContext context) {
        QemuDriverConfig config = context.privileged() ? QemuDriverConfig.system(context.root())
                : QemuDriverConfig.session(Path.of(System.getenv().getOrDefault("HOME",
                        System.getProperty("user.home"))), System.getenv());
        String emulator = context.settings().get("emulator");
        if (emulator != null) {
            config = config.withEmulator(Path.of(emulator));
        }
        start(config, resolver(context.service(NetworkBridges.class)));
    }

    /** type='network' NICs join the bridge the network driver names; without a network driver no network exists. */
    static NetworkBridgeResolver resolver(NetworkBridges bridges) {
        return bridges == null ? name -> null : bridges::bridgeOf;
    }

    private synchronized void start(QemuDriverConfig config, NetworkBridgeResolver networks) {
        if (driver != null) {
            return;
        }
        QemuDriver d = new QemuDriver(config, new QemuCapsCache(config.cacheDir().resolve("capabilities"),
                QemuCapsCache.liveProber(config.stateDir().resolve("probe"))), networks);
        d.initialize();
        driver = d;
    }

    @Override
    public void stateCleanup() {
        QemuDriver d;
        synchronized (this) {
            d = driver;
            driver = null;
        }
        if (d != null) {
            d.close();
        }
    }

    @Override
    public OpenResult open(OpenRequest request) {
        ConnectUri uri = request.uri();
        QemuDriver d = driver;
        if (d == null || uri == null || !"qemu".equals(uri.driver()) || !uri.isLocal()) {
            return DriverProvider.declined();
        }
        String path = uri.path();
        String expected = d.config.privileged() ? "/system" : "/session";
        if (!expected.equals(path)) {
            throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.NONE, "unexpected QEMU URI path '"
                    + path + "', try " + d.config.uri());
        }
        return new OpenResult.Opened(new QemuConnection(d));
    }
}
