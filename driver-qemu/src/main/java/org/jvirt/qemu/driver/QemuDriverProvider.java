package org.jvirt.qemu.driver;

import java.nio.file.Path;
import java.util.Map;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.qemu.caps.QemuCapsCache;
import org.jvirt.spi.ConnectUri;
import org.jvirt.spi.DriverProvider;

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
        QemuDriverProvider p = new QemuDriverProvider();
        p.start(config);
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
        start(config);
    }

    private synchronized void start(QemuDriverConfig config) {
        if (driver != null) {
            return;
        }
        QemuDriver d = new QemuDriver(config, new QemuCapsCache(config.cacheDir().resolve("capabilities"),
                QemuCapsCache.liveProber(config.stateDir().resolve("probe"))));
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
