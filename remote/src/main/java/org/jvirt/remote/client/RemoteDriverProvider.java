package org.jvirt.remote.client;

import java.util.Iterator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.jvirt.rpc.client.RpcCaller;
import org.jvirt.spi.ConnectUri;
import org.jvirt.spi.DriverProvider;

/**
 * libvirt's remote driver as a {@link DriverProvider}: takes every URI that names a transport or a host
 * ({@code test+tcp://host/default}, {@code qemu+unix:///system?socket=...}, {@code qemu+ssh://host/system}),
 * connects through an {@link RpcConnector} and opens the server's driver with the URI stripped of what only the
 * transport uses.
 */
public final class RemoteDriverProvider implements DriverProvider {
    /** Query parameters the remote driver consumes itself (remote_driver.c's doRemoteOpen), never forwarded. */
    /**
     * Drivers that live only in a daemon: a local URI of theirs ({@code qemu:///system}) that no in-process driver
     * opened goes to the daemon's unix socket, as libvirt's client library sends it to libvirtd.
     */
    static final Set<String> STATEFUL = Set.of("qemu", "lxc", "network", "storage", "secret", "nodedev",
            "interface", "nwfilter", "bhyve", "ch", "vz", "xen", "libxl", "vbox");

    static final Set<String> TRANSPORT_PARAMS = Set.of("name", "command", "socket", "auth", "netcat", "keyfile",
            "sshauth", "no_verify", "no_tty", "pkipath", "known_hosts", "known_hosts_verify", "mode", "proxy",
            "tls_priority", "tls");

    private final RpcConnector connector;

    /** As ServiceLoader makes it: the transport comes from the RPC runtime's {@link RpcConnector} service. */
    public RemoteDriverProvider() {
        this(null);
    }

    public RemoteDriverProvider(RpcConnector connector) {
        this.connector = connector;
    }

    @Override
    public String name() { return "remote"; }

    @Override
    public OpenResult open(OpenRequest request) {
        ConnectUri uri = request.uri();
        if (uri == null || uri.isLocal() && !"remote".equals(uri.driver()) && !STATEFUL.contains(uri.driver())) {
            return DriverProvider.declined();
        }
        RpcCaller rpc = connector().connect(uri, request.readOnly(), request.auth());
        try {
            return new OpenResult.Opened(RemoteConnection.open(rpc, uri, serverName(uri), request.readOnly()));
        } catch (RuntimeException e) {
            rpc.close();
            throw e;
        }
    }

    private RpcConnector connector() {
        if (connector != null) {
            return connector;
        }
        Iterator<RpcConnector> it = ServiceLoader.load(RpcConnector.class, getClass().getClassLoader()).iterator();
        return it.hasNext() ? it.next() : new TransportConnector();
    }

    /**
     * The name sent in CONNECT_OPEN (remote_driver.c): the {@code name} parameter when given; empty for the
     * {@code remote} scheme (the server's default); else the URI without transport, user, host, port and the
     * transport's own parameters: {@code test+tcp://h:1/default?socket=x&a=b} → {@code test:///default?a=b}.
     */
    static String serverName(ConnectUri uri) {
        var name = uri.param("name");
        if (name.isPresent()) {
            return name.get();
        }
        if ("remote".equals(uri.driver())) {
            return "";
        }
        List<ConnectUri.Param> kept = uri.params().stream().filter(p -> !TRANSPORT_PARAMS.contains(p.name()))
                .toList();
        StringBuilder b = new StringBuilder(uri.driver()).append("://").append(uri.path());
        if (!kept.isEmpty()) {
            b.append('?').append(kept.stream().map(p -> encode(p.name()) + "=" + encode(p.value()))
                    .collect(Collectors.joining("&")));
        }
        return b.toString();
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20")
                .replace("%2F", "/").replace("%3A", ":");
    }
}
