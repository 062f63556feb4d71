package org.jvirt.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.daemon.admin.AdminProgram;
import org.jvirt.daemon.admin.LogSettings;
import org.jvirt.daemon.admin.ManagedServer;
import org.jvirt.daemon.config.DaemonConfig;
import org.jvirt.rpc.protocol.admin.AdminConstants;
import org.jvirt.rpc.server.ProgramHandler;
import org.jvirt.rpc.server.RpcServer;
import org.jvirt.rpc.server.ServerLimits;
import org.jvirt.rpc.transport.Listener;
import org.jvirt.rpc.transport.TcpTransport;
import org.jvirt.rpc.transport.TlsConfig;
import org.jvirt.rpc.transport.TlsTransport;
import org.jvirt.rpc.transport.UnixTransport;

/**
 * A running jvirtd: the "libvirtd" server (REMOTE, QEMU, LXC programs) on libvirt-sock, libvirt-sock-ro and, with
 * --listen, TCP and TLS; the "admin" server (ADMIN program) on libvirt-admin-sock. Socket names, modes and limits
 * are libvirtd's.
 */
public final class JvirtdServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.jvirt.daemon");

    /** libvirtd's socket names in unix_sock_dir. */
    public static final String SOCK = "libvirt-sock";
    public static final String SOCK_RO = "libvirt-sock-ro";
    public static final String SOCK_ADMIN = "libvirt-admin-sock";

    private final RpcServer main;
    private final RpcServer admin;
    private final List<String> addresses = new ArrayList<>();
    private final Path pidFile;

    private JvirtdServer(RpcServer main, RpcServer admin, Path pidFile) {
        this.main = main;
        this.admin = admin;
        this.pidFile = pidFile;
    }

    /**
     * Starts listening as {@code config} says. {@code listen} is the command line's --listen (TCP and TLS are
     * opened only with it); {@code pidFile}, when not null, is written with our pid and refused when another live
     * process holds it. Sockets systemd passed (LISTEN_PID/LISTEN_FDS, see {@link SocketActivation}) are served
     * instead of binding those addresses.
     */
    public static JvirtdServer start(DaemonConfig config, boolean listen, Path pidFile,
                                     List<ProgramHandler> programs) throws IOException {
        return start(config, listen, pidFile, programs,
                SocketActivation.fromEnvironment(System.getenv(), ProcessHandle.current().pid()));
    }

    /**
     * As {@link #start(DaemonConfig, boolean, Path, List)}, serving the sockets systemd passed in
     * {@code activation} instead of binding those addresses, as libvirtd does: a unix socket systemd did not pass
     * is still created here, TCP and TLS sockets from systemd are served even without --listen.
     */
    public static JvirtdServer start(DaemonConfig config, boolean listen, Path pidFile,
                                     List<ProgramHandler> programs, SocketActivation activation)
            throws IOException {
        if (listen) {
            config.checkTcpAllowed();
        }
        if (pidFile != null) {
            writePidFile(pidFile);
        }
        List<ProgramHandler> mainPrograms = programs.stream().filter(p -> p.program() != AdminConstants.PROGRAM)
                .toList();
        List<ProgramHandler> adminPrograms = programs.stream().filter(p -> p.program() == AdminConstants.PROGRAM)
                .toList();
        // The ADMIN program reports on both servers, so it is built here, where they are (unless a caller gave one).
        AdminProgram adminProgram = adminPrograms.isEmpty()
                ? new AdminProgram(new LogSettings(config.logFilters(), config.logOutputs(), config.logLevel()))
                : null;
        if (adminProgram != null) {
            adminPrograms = List.of(adminProgram);
        }
        ServerLimits limits = new ServerLimits(config.maxClients(), config.maxWorkers(), config.prioWorkers(),
                config.maxClientRequests(), config.keepaliveInterval(), config.keepaliveCount(), 1024);
        // libvirtd's admin server: 5000 clients, 5 workers, 5 requests per client (virtd.c defaults).
        ServerLimits adminLimits = new ServerLimits(5000, 5, 0, 5, config.keepaliveInterval(),
                config.keepaliveCount(), 1024);
        RpcServer main = new RpcServer(limits, mainPrograms);
        RpcServer admin = new RpcServer(adminLimits, adminPrograms);
        if (adminProgram != null) {
            // libvirtd's server names, which virt-admin commands take: "libvirtd" (min_workers, max_anonymous_clients
            // from the config) and "admin" (libvirtd's admin_min_workers 5, no unauthenticated clients).
            adminProgram.bind(List.of(
                    new ManagedServer("libvirtd", main, limits, config.minWorkers(), config.maxAnonymousClients()),
                    new ManagedServer("admin", admin, adminLimits, Math.min(5, adminLimits.maxWorkers()), 0)));
        }
        JvirtdServer d = new JvirtdServer(main, admin, pidFile);
        try {
            Path dir = config.unixSockDir();
            Files.createDirectories(dir);
            String group = config.unixSockGroup();
            List<SocketActivation.Inherited> claimed = new ArrayList<>();
            d.addUnix(main, activation, claimed, SocketActivation.Role.RW, dir.resolve(SOCK),
                    config.unixSockRwPerms(), group, false);
            d.addUnix(main, activation, claimed, SocketActivation.Role.RO, dir.resolve(SOCK_RO),
                    config.unixSockRoPerms(), group, true);
            d.addUnix(admin, activation, claimed, SocketActivation.Role.ADMIN, dir.resolve(SOCK_ADMIN),
                    config.unixSockAdminPerms(), group, false);
            var tcp = activation.find(SocketActivation.Role.TCP);
            if (tcp.isPresent()) {
                // jvirtd-tcp.socket needs no --listen, but unauthenticated TCP must still be asked for.
                if (config.authTcp() == null) {
                    throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.CONF,
                            "jvirtd-tcp.socket requires auth_tcp to be set: jvirtd has no SASL, and unencrypted "
                                    + "TCP without authentication must be asked for with auth_tcp = \"none\"");
                }
                claimed.add(tcp.get());
                d.add(main, SocketActivation.adopt(tcp.get(), dir, x -> TcpTransport.listen("127.0.0.1", 0,
                        config.maxQueuedClients())), false);
            } else if (listen && config.listenTcp()) {
                d.add(main, TcpTransport.listen(config.listenAddr(), port(config.tcpPort()),
                        config.maxQueuedClients()), false);
            }
            var tlsSock = activation.find(SocketActivation.Role.TLS);
            if (tlsSock.isPresent() || listen && config.listenTls()) {
                TlsConfig tls = new TlsConfig(config.caFile(), config.certFile(), config.keyFile(),
                        !config.tlsNoVerifyCertificate(), config.tlsAllowedDnList());
                if (tlsSock.isPresent()) {
                    claimed.add(tlsSock.get());
                    d.add(main, SocketActivation.adopt(tlsSock.get(), dir, x -> TlsTransport.listen("127.0.0.1", 0,
                            config.maxQueuedClients(), tls)), false);
                } else {
                    d.add(main, TlsTransport.listen(config.listenAddr(), port(config.tlsPort()),
                            config.maxQueuedClients(), tls), false);
                }
            }
            activation.closeUnclaimed(claimed);
        } catch (IOException | RuntimeException e) {
            d.close();
            throw e;
        }
        return d;
    }

    /** A unix socket from systemd when it passed one for {@code role}, else one bound here as libvirtd's. */
    private void addUnix(RpcServer server, SocketActivation activation, List<SocketActivation.Inherited> claimed,
                         SocketActivation.Role role, Path path, int perms, String group, boolean readOnly)
            throws IOException {
        var inherited = activation.find(role).filter(SocketActivation.Inherited::isUnix);
        if (inherited.isPresent()) {
            claimed.add(inherited.get());
            add(server, SocketActivation.adopt(inherited.get(), path.getParent(),
                    placeholder -> UnixTransport.listen(Path.of(placeholder), 0600, null)), readOnly);
        } else {
            add(server, UnixTransport.listen(path, perms, group), readOnly);
        }
    }

    private void add(RpcServer server, Listener l, boolean readOnly) {
        server.addListener(l, readOnly);
        addresses.add(l.address());
        LOG.log(System.Logger.Level.INFO, "listening on " + l.address() + (readOnly ? " (read-only)" : ""));
    }

    private static int port(String service) {
        try {
            return Integer.parseInt(service);
        } catch (NumberFormatException e) {
            throw VirException.of(ErrorNumber.CONF_SYNTAX, ErrorDomain.CONF, "Invalid port '" + service + "'");
        }
    }

    private static void writePidFile(Path pidFile) throws IOException {
        if (Files.exists(pidFile)) {
            try {
                long other = Long.parseLong(Files.readString(pidFile).trim());
                if (other != ProcessHandle.current().pid() && ProcessHandle.of(other).map(ProcessHandle::isAlive)
                        .orElse(false)) {
                    throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.NONE,
                            "Failed to acquire pid file '" + pidFile + "': Resource temporarily unavailable");
                }
            } catch (NumberFormatException e) {
                // A stale or garbled pid file: replace it.
            }
        }
        if (pidFile.getParent() != null) {
            Files.createDirectories(pidFile.getParent());
        }
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
    }

    /** Where the daemon listens (socket paths and host:port). */
    public List<String> addresses() {
        return List.copyOf(addresses);
    }

    /** Clients of both servers. */
    public int clientCount() {
        return main.clientCount() + admin.clientCount();
    }

    /** Nanosecond time of the last connect, disconnect or packet on either server. */
    public long lastActivityNanos() {
        return Math.max(main.lastActivityNanos(), admin.lastActivityNanos());
    }

    @Override
    public void close() {
        main.close();
        admin.close();
        if (pidFile != null) {
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException ignored) {
                // Shutting down anyway.
            }
        }
    }
}
