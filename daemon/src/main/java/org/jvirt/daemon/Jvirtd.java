package org.jvirt.daemon;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jvirt.core.VirException;
import org.jvirt.core.conf.ConfFile;
import org.jvirt.daemon.config.DaemonConfig;
import org.jvirt.daemon.config.DaemonOptions;
import org.jvirt.remote.server.RemoteProgram;
import org.jvirt.rpc.server.ProgramHandler;
import org.jvirt.api.Connect;
import org.jvirt.spi.DriverProvider;
import org.jvirt.spi.SecondaryDriverProvider;

/**
 * jvirtd's main: libvirtd's command line, configuration and sockets. Program handlers (REMOTE from module remote,
 * and any others) are found with {@link ServiceLoader}, so this module does not depend on them at compile time.
 * SIGTERM and SIGINT stop it cleanly through a shutdown hook (sockets and pid file removed).
 */
public final class Jvirtd {
    private static final System.Logger LOG = System.getLogger("org.jvirt.daemon");
    static final String VERSION = "9.0.0";

    private Jvirtd() {
    }

    public static void main(String[] args) {
        int rc = run(args, Layout.fromEnvironment(System.getenv()), System.out, System.err);
        System.exit(rc);
    }

    /**
     * Where a privileged or unprivileged jvirtd looks by default, as libvirtd: /etc and /run for root,
     * $XDG_CONFIG_HOME, $XDG_RUNTIME_DIR and ~/.pki for other users.
     */
    public record Layout(Path configFile, Path runDir, Path pkiDir, Path pidFile) {
        static Layout fromEnvironment(Map<String, String> env) {
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root) {
                return new Layout(Path.of("/etc/jvirt/jvirtd.conf"), Path.of("/run/jvirt"), Path.of("/etc/pki"),
                        Path.of("/run/jvirtd.pid"));
            }
            Path home = Path.of(System.getProperty("user.home"));
            Path config = env.containsKey("XDG_CONFIG_HOME") ? Path.of(env.get("XDG_CONFIG_HOME"))
                    : home.resolve(".config");
            Path run = env.containsKey("XDG_RUNTIME_DIR") ? Path.of(env.get("XDG_RUNTIME_DIR"), "jvirt")
                    : home.resolve(".cache/jvirt");
            return new Layout(config.resolve("jvirt/jvirtd.conf"), run, home.resolve(".pki"),
                    run.resolve("jvirtd.pid"));
        }
    }

    /** Runs the daemon until SIGTERM/SIGINT or the idle timeout; returns the exit status. */
    public static int run(String[] args, Layout layout, PrintStream out, PrintStream err) {
        DaemonOptions opts;
        try {
            opts = DaemonOptions.parse(args);
        } catch (VirException e) {
            err.println("jvirtd: " + e.getMessage());
            err.print(DaemonOptions.USAGE);
            return 1;
        }
        if (opts.help()) {
            out.print(DaemonOptions.USAGE);
            return 0;
        }
        if (opts.version()) {
            out.println("jvirtd (jvirt) " + VERSION);
            return 0;
        }
        if (opts.verbose()) {
            java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
            root.setLevel(java.util.logging.Level.FINE);
            for (var h : root.getHandlers()) {
                h.setLevel(java.util.logging.Level.FINE);
            }
        }
        DaemonConfig config;
        try {
            config = loadConfig(opts, layout);
        } catch (VirException | IOException e) {
            err.println("jvirtd: Can't load config file: " + e.getMessage());
            return 1;
        }
        boolean privileged = "root".equals(System.getProperty("user.name"));
        List<DriverProvider> drivers = initializeDrivers(privileged);
        List<ProgramHandler> programs = new ArrayList<>();
        programs.add(new RemoteProgram(RemoteProgram.OpenPolicy.probing(List.of(privileged ? "qemu:///system"
                : "qemu:///session", "test:///default"), drivers)));
        ServiceLoader.load(ProgramHandler.class).stream()
                .filter(p -> !RemoteProgram.class.equals(p.type())).forEach(p -> programs.add(p.get()));
        if (programs.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "no RPC program on the class path (module remote missing?): "
                    + "every call will be refused");
        }
        Path pidFile = opts.pidFile() != null ? opts.pidFile() : opts.daemon() ? layout.pidFile() : null;
        JvirtdServer server;
        try {
            server = JvirtdServer.start(config, opts.listen(), pidFile, programs);
        } catch (VirException | IOException e) {
            err.println("jvirtd: " + e.getMessage());
            return 1;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            server.close();
            drivers.forEach(Jvirtd::cleanupDriver);
            cleanupSecondaries();
        }, "jvirtd-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        LOG.log(System.Logger.Level.INFO, "jvirtd " + VERSION + " listening on " + server.addresses());
        try {
            long timeoutNanos = opts.timeoutSeconds() > 0 ? opts.timeoutSeconds() * 1_000_000_000L : -1;
            while (!stop.await(200, TimeUnit.MILLISECONDS)) {
                if (timeoutNanos > 0 && server.clientCount() == 0
                        && System.nanoTime() - server.lastActivityNanos() >= timeoutNanos) {
                    LOG.log(System.Logger.Level.INFO, "idle for " + opts.timeoutSeconds() + " s: exiting");
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close();
        drivers.forEach(Jvirtd::cleanupDriver);
        cleanupSecondaries();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already shutting down (SIGTERM): the hook is running.
        }
        return 0;
    }

    /**
     * libvirtd's virStateInitialize: the daemon's one set of drivers, each told once where its state lives, so that
     * the QEMU driver reconnects to running guests and autostarts before the first client is served. The root of
     * every state path is "/" unless {@code JVIRT_STATE_ROOT} names another (tests and containers).
     */
    static List<DriverProvider> initializeDrivers(boolean privileged) {
        Path root = Path.of(System.getenv().getOrDefault("JVIRT_STATE_ROOT", "/"));
        // hypervisor drivers find what secondaries offer them (the network driver's bridges) through the context
        DriverProvider.StateContext context = new DriverProvider.StateContext(privileged, root, Map.of(),
                SecondaryDriverProvider.servicesOf(Connect.secondaryDrivers()));
        // Secondary drivers first, as libvirtd registers them before the hypervisors: a guest autostarted by the
        // QEMU driver may use an autostarted storage pool. These are the instances Connect composes with.
        for (SecondaryDriverProvider s : Connect.secondaryDrivers()) {
            try {
                s.stateInitialize(context);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "driver " + s.name() + " failed to initialise: "
                        + e.getMessage(), e);
            }
        }
        List<DriverProvider> drivers = ServiceLoader.load(DriverProvider.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        for (DriverProvider d : drivers) {
            try {
                d.stateInitialize(context);
            } catch (RuntimeException e) {
                // libvirtd stops when a driver fails to initialise; jvirt serves the others and says why.
                LOG.log(System.Logger.Level.ERROR, "driver " + d.name() + " failed to initialise: "
                        + e.getMessage(), e);
            }
        }
        return drivers;
    }

    private static synchronized void cleanupSecondaries() {
        for (SecondaryDriverProvider s : Connect.secondaryDrivers()) {
            try {
                s.stateCleanup();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "driver " + s.name() + " cleanup: " + e.getMessage());
            }
        }
    }

    private static void cleanupDriver(DriverProvider d) {
        try {
            d.stateCleanup();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "driver " + d.name() + " cleanup: " + e.getMessage());
        }
    }

    static DaemonConfig loadConfig(DaemonOptions opts, Layout layout) throws IOException {
        Path file = opts.configFile() != null ? opts.configFile() : layout.configFile();
        if (opts.configFile() != null && !Files.exists(file)) {
            throw new IOException("Failed to open file '" + file + "': No such file or directory");
        }
        ConfFile conf = Files.exists(file) ? ConfFile.read(file) : ConfFile.empty("jvirtd.conf");
        return DaemonConfig.load(conf, layout.runDir(), layout.pkiDir());
    }
}
