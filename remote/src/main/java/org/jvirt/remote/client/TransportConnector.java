package org.jvirt.remote.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.rpc.client.RpcCaller;
import org.jvirt.rpc.client.RpcClient;
import org.jvirt.rpc.transport.Connection;
import org.jvirt.rpc.transport.SshTransport;
import org.jvirt.rpc.transport.TcpTransport;
import org.jvirt.rpc.transport.TlsConfig;
import org.jvirt.rpc.transport.TlsTransport;
import org.jvirt.rpc.transport.UnixTransport;
import org.jvirt.spi.ConnectAuth;
import org.jvirt.spi.ConnectUri;

/**
 * The RPC runtime's transports behind the remote driver (libvirt's {@code remote_sockets.c} and
 * {@code doRemoteOpen}): unix (the default without a host), tls (the default with one), tcp and ssh, with libvirt's
 * ports, socket paths and URI parameters.
 */
public final class TransportConnector implements RpcConnector {
    static final int TCP_PORT = 16509;
    static final int TLS_PORT = 16514;

    private final Map<String, String> env;
    private final boolean privileged;

    public TransportConnector() {
        this(System.getenv(), "root".equals(System.getProperty("user.name")));
    }

    TransportConnector(Map<String, String> env, boolean privileged) {
        this.env = env;
        this.privileged = privileged;
    }

    @Override
    public RpcCaller connect(ConnectUri uri, boolean readOnly, ConnectAuth auth) {
        String transport = transport(uri);
        String host = uri.host() == null ? "localhost" : uri.host();
        Connection conn = switch (transport) {
            case "unix" -> {
                Path socket = socketPath(uri, readOnly);
                yield io(() -> UnixTransport.connect(socket), "Failed to connect socket to '" + socket + "'");
            }
            case "tcp" -> {
                int port = uri.port() == 0 ? TCP_PORT : uri.port();
                yield io(() -> TcpTransport.connect(host, port),
                        "unable to connect to server at '" + host + ":" + port + "'");
            }
            case "tls" -> {
                int port = uri.port() == 0 ? TLS_PORT : uri.port();
                TlsConfig base = TlsConfig.clientDefaults(pkiDir(uri));
                TlsConfig tls = new TlsConfig(base.caFile(), base.certFile(), base.keyFile(),
                        !uri.param("no_verify").map("1"::equals).orElse(false), List.of());
                yield io(() -> TlsTransport.connect(host, port, tls),
                        "unable to connect to server at '" + host + ":" + port + "'");
            }
            case "ssh" -> {
                SshTransport ssh = new SshTransport(host, uri.port() == 0 ? null : Integer.toString(uri.port()),
                        uri.user(), uri.param("keyfile").orElse(null),
                        uri.param("no_verify").map("1"::equals).orElse(false),
                        uri.param("no_tty").map("1"::equals).orElse(false), uri.param("netcat").orElse(null),
                        uri.param("socket").orElse(remoteSocket(uri, readOnly)), uri.param("proxy").orElse("auto"),
                        RemoteDriverProvider.serverName(uri));
                yield io(ssh::connect, "Cannot run ssh to '" + host + "'");
            }
            default -> throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.REMOTE,
                    "remote_open: transport in URL not recognised (should be tls|unix|ssh|ext|tcp|libssh2|libssh)");
        };
        return new RpcClient(conn);
    }

    /** No transport: unix when the URI names no host, else tls (libvirt's rule). */
    static String transport(ConnectUri uri) {
        if (uri.transport() != null) {
            return uri.transport();
        }
        return uri.host() == null ? "unix" : "tls";
    }

    /**
     * The daemon's socket on this host: {@code socket=} when given; else jvirtd's, then libvirtd's, for system
     * (privileged) or session URIs, the read-only one for read-only connections.
     */
    Path socketPath(ConnectUri uri, boolean readOnly) {
        var given = uri.param("socket");
        if (given.isPresent()) {
            return Path.of(given.get());
        }
        String name = readOnly && !uri.path().equals("/session") ? "libvirt-sock-ro" : "libvirt-sock";
        List<Path> candidates;
        if (uri.path().equals("/session") || !privileged && !uri.path().equals("/system")) {
            String run = env.getOrDefault("XDG_RUNTIME_DIR", System.getProperty("user.home") + "/.cache");
            candidates = List.of(Path.of(run, "jvirt", name), Path.of(run, "libvirt", name));
        } else {
            candidates = List.of(Path.of("/run/jvirt", name), Path.of("/run/libvirt", name));
        }
        return candidates.stream().filter(Files::exists).findFirst().orElse(candidates.getFirst());
    }

    private static String remoteSocket(ConnectUri uri, boolean readOnly) {
        return "/var/run/libvirt/" + (readOnly ? "libvirt-sock-ro" : "libvirt-sock");
    }

    private Path pkiDir(ConnectUri uri) {
        return uri.param("pkipath").map(Path::of).orElseGet(() -> privileged ? Path.of("/etc/pki")
                : Path.of(System.getProperty("user.home"), ".pki"));
    }

    private interface IoOpen {
        Connection open() throws IOException;
    }

    /** libvirt's virReportSystemError: the message, then the OS's reason. */
    private static Connection io(IoOpen open, String what) {
        try {
            return open.open();
        } catch (IOException e) {
            throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.RPC, what + ": " + e.getMessage());
        }
    }
}
