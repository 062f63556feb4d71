package org.jvirt.daemon.admin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.rpc.protocol.Procedure;
import org.jvirt.rpc.protocol.admin.AdminConstants;
import org.jvirt.rpc.protocol.admin.AdminProcedures;
import org.jvirt.rpc.protocol.admin.ClientCloseArgs;
import org.jvirt.rpc.protocol.admin.ClientGetInfoArgs;
import org.jvirt.rpc.protocol.admin.ClientGetInfoRet;
import org.jvirt.rpc.protocol.admin.ConnectGetLibVersionRet;
import org.jvirt.rpc.protocol.admin.ConnectGetLoggingFiltersRet;
import org.jvirt.rpc.protocol.admin.ConnectGetLoggingOutputsRet;
import org.jvirt.rpc.protocol.admin.ConnectListServersArgs;
import org.jvirt.rpc.protocol.admin.ConnectListServersRet;
import org.jvirt.rpc.protocol.admin.ConnectLookupServerArgs;
import org.jvirt.rpc.protocol.admin.ConnectLookupServerRet;
import org.jvirt.rpc.protocol.admin.ConnectSetLoggingFiltersArgs;
import org.jvirt.rpc.protocol.admin.ConnectSetLoggingOutputsArgs;
import org.jvirt.rpc.protocol.admin.NonnullClient;
import org.jvirt.rpc.protocol.admin.NonnullServer;
import org.jvirt.rpc.protocol.admin.ServerGetClientLimitsArgs;
import org.jvirt.rpc.protocol.admin.ServerGetClientLimitsRet;
import org.jvirt.rpc.protocol.admin.ServerGetThreadpoolParametersArgs;
import org.jvirt.rpc.protocol.admin.ServerGetThreadpoolParametersRet;
import org.jvirt.rpc.protocol.admin.ServerListClientsArgs;
import org.jvirt.rpc.protocol.admin.ServerListClientsRet;
import org.jvirt.rpc.protocol.admin.ServerLookupClientArgs;
import org.jvirt.rpc.protocol.admin.ServerLookupClientRet;
import org.jvirt.rpc.protocol.admin.ServerSetClientLimitsArgs;
import org.jvirt.rpc.protocol.admin.ServerSetThreadpoolParametersArgs;
import org.jvirt.rpc.protocol.admin.TypedParam;
import org.jvirt.rpc.protocol.admin.TypedParamValue;
import org.jvirt.rpc.server.ClientSession;
import org.jvirt.rpc.server.ProgramHandler;

/**
 * libvirt's ADMIN program ({@code admin_server_dispatch.c}) over jvirtd's own servers, served only on
 * libvirt-admin-sock: server and client listing, threadpool and client limits, client identity and disconnect, and
 * the daemon's log filters and outputs. Servers are bound after the RPC servers exist (they serve this program, and
 * this program reports on them), hence {@link #bind}.
 */
public final class AdminProgram implements ProgramHandler {
    /** LIBVIR_VERSION_NUMBER of the libvirt jvirt follows. */
    static final long LIB_VERSION = 9_000_000L;

    /** virClientTransport. */
    static final int TRANSPORT_UNIX = 0;
    static final int TRANSPORT_TCP = 1;
    static final int TRANSPORT_TLS = 2;

    private final LogSettings logging;
    private final UserNames userNames;
    private volatile List<ManagedServer> servers = List.of();

    public AdminProgram(LogSettings logging) {
        this(logging, UserNames.system());
    }

    AdminProgram(LogSettings logging, UserNames userNames) {
        this.logging = logging;
        this.userNames = userNames;
    }

    /** The daemon's servers, in libvirt's order ("libvirtd" first, then "admin"). Called once at start-up. */
    public void bind(List<ManagedServer> managed) {
        this.servers = List.copyOf(managed);
    }

    @Override
    public int program() {
        return AdminConstants.PROGRAM;
    }

    @Override
    public int version() {
        return AdminConstants.PROTOCOL_VERSION;
    }

    @Override
    public Object handle(ClientSession client, Procedure<?, ?> procedure, Object args) {
        return switch (args) {
            case ConnectListServersArgs a -> listServers(a);
            case ConnectLookupServerArgs a -> new ConnectLookupServerRet(new NonnullServer(server(a.name()).name()));
            case ServerGetThreadpoolParametersArgs a -> threadpool(server(a.srv().name()));
            case ServerSetThreadpoolParametersArgs a -> setThreadpool(server(a.srv().name()), a.params());
            case ServerListClientsArgs a -> listClients(server(a.srv().name()), a.needResults());
            case ServerLookupClientArgs a -> {
                ManagedServer s = server(a.srv().name());
                yield new ServerLookupClientRet(describe(s, client(s, a.id())));
            }
            case ClientGetInfoArgs a -> clientInfo(client(server(a.clnt().srv().name()), a.clnt().id()));
            case ClientCloseArgs a -> {
                client(server(a.clnt().srv().name()), a.clnt().id()).close();
                yield null;
            }
            case ServerGetClientLimitsArgs a -> clientLimits(server(a.srv().name()));
            case ServerSetClientLimitsArgs a -> setClientLimits(server(a.srv().name()), a.params());
            case ConnectSetLoggingFiltersArgs a -> {
                logging.setFilters(a.filters());
                yield null;
            }
            case ConnectSetLoggingOutputsArgs a -> {
                logging.setOutputs(a.outputs());
                yield null;
            }
            case null, default -> other(procedure);
        };
    }

    /** Procedures whose arguments do not say which they are (no arguments, or only flags). */
    private Object other(Procedure<?, ?> procedure) {
        if (procedure.equals(AdminProcedures.CONNECT_OPEN) || procedure.equals(AdminProcedures.CONNECT_CLOSE)) {
            // The admin connection needs no state: the socket's permissions were its authentication.
            return null;
        }
        if (procedure.equals(AdminProcedures.CONNECT_GET_LIB_VERSION)) {
            return new ConnectGetLibVersionRet(LIB_VERSION);
        }
        if (procedure.equals(AdminProcedures.CONNECT_GET_LOGGING_OUTPUTS)) {
            return new ConnectGetLoggingOutputsRet(logging.outputs(), logging.outputCount());
        }
        if (procedure.equals(AdminProcedures.CONNECT_GET_LOGGING_FILTERS)) {
            int n = logging.filterCount();
            // libvirt sends no string at all when there is no filter.
            return new ConnectGetLoggingFiltersRet(n == 0 ? null : logging.filters(), n);
        }
        if (procedure.equals(AdminProcedures.SERVER_UPDATE_TLS_FILES)) {
            throw noSupport("virAdmServerUpdateTlsFiles");
        }
        if (procedure.equals(AdminProcedures.CONNECT_SET_DAEMON_TIMEOUT)) {
            throw noSupport("virAdmConnectSetDaemonTimeout");
        }
        throw noSupport(procedure.name());
    }

    private static VirException noSupport(String function) {
        return VirException.of(ErrorNumber.NO_SUPPORT, ErrorDomain.ADMIN, function);
    }

    private ConnectListServersRet listServers(ConnectListServersArgs a) {
        List<ManagedServer> all = servers;
        List<NonnullServer> names = a.needResults() == 0 ? List.of()
                : all.stream().map(s -> new NonnullServer(s.name())).toList();
        return new ConnectListServersRet(names, all.size());
    }

    ManagedServer server(String name) {
        return servers.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> VirException.of(ErrorNumber.NO_SERVER, ErrorDomain.RPC,
                        "No server named '" + name + "'"));
    }

    private static ClientSession client(ManagedServer srv, long id) {
        return srv.clients().stream().filter(c -> c.id() == id).findFirst()
                .orElseThrow(() -> VirException.of(ErrorNumber.NO_CLIENT, ErrorDomain.RPC,
                        "No client with matching ID '" + Long.toUnsignedString(id) + "'"));
    }

    /**
     * jvirtd runs each call on its own virtual thread within max_workers (+ prio_workers) slots, and pre-starts
     * none: the "current" workers are the configured minimum or the calls running now, whichever is more.
     */
    static ServerGetThreadpoolParametersRet threadpool(ManagedServer s) {
        int busy = s.busyWorkers();
        int current = Math.max(s.minWorkers(), busy);
        return new ServerGetThreadpoolParametersRet(List.of(
                uint("minWorkers", s.minWorkers()),
                uint("maxWorkers", s.limits().maxWorkers()),
                uint("nWorkers", current),
                uint("freeWorkers", current - busy),
                uint("prioWorkers", s.limits().prioWorkers()),
                uint("jobQueueDepth", s.queuedCalls())));
    }

    private static Object setThreadpool(ManagedServer s, List<TypedParam> params) {
        Map<String, Long> v = uints(params, List.of("minWorkers", "maxWorkers", "prioWorkers"));
        long min = v.getOrDefault("minWorkers", (long) s.minWorkers());
        long max = v.getOrDefault("maxWorkers", (long) s.limits().maxWorkers());
        long prio = v.getOrDefault("prioWorkers", (long) s.limits().prioWorkers());
        if (min > max) {
            throw VirException.invalidArg("minWorkers cannot be larger than maxWorkers");
        }
        if (max != s.limits().maxWorkers() || prio != s.limits().prioWorkers()) {
            throw VirException.of(ErrorNumber.OPERATION_UNSUPPORTED, ErrorDomain.ADMIN,
                    "jvirtd cannot resize the worker slots of a running server: set max_workers and prio_workers "
                            + "in jvirtd.conf and restart it");
        }
        s.setMinWorkers((int) min);
        return null;
    }

    private static ServerGetClientLimitsRet clientLimits(ManagedServer s) {
        return new ServerGetClientLimitsRet(List.of(
                uint("nclients_max", s.limits().maxClients()),
                uint("nclients", s.clients().size()),
                uint("nclients_unauth_max", s.maxUnauthClients()),
                // Clients are authenticated by the socket before they are served: none ever waits.
                uint("nclients_unauth", 0)));
    }

    private static Object setClientLimits(ManagedServer s, List<TypedParam> params) {
        Map<String, Long> v = uints(params, List.of("nclients_max", "nclients_unauth_max"));
        long max = v.getOrDefault("nclients_max", (long) s.limits().maxClients());
        long unauth = v.getOrDefault("nclients_unauth_max", (long) s.maxUnauthClients());
        if (max < unauth) {
            throw VirException.invalidArg(v.containsKey("nclients_max")
                    ? "The overall maximum number of clients must not be less than the number of clients waiting "
                            + "for authentication"
                    : "The overall maximum number of clients waiting for authentication must not be less than the "
                            + "overall maximum number of clients");
        }
        if (max != s.limits().maxClients()) {
            throw VirException.of(ErrorNumber.OPERATION_UNSUPPORTED, ErrorDomain.ADMIN,
                    "jvirtd cannot change max_clients of a running server: set it in jvirtd.conf and restart it");
        }
        s.setMaxUnauthClients((int) unauth);
        return null;
    }

    /** virTypedParamsValidate for UINT parameters: unknown names and other types are refused as libvirt does. */
    private static Map<String, Long> uints(List<TypedParam> params, List<String> allowed) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (TypedParam p : params) {
            if (!allowed.contains(p.field())) {
                throw VirException.of(ErrorNumber.ARGUMENT_UNSUPPORTED, ErrorDomain.NONE,
                        "parameter '" + p.field() + "' not supported");
            }
            if (!(p.value() instanceof TypedParamValue.Uint u)) {
                throw VirException.invalidArg("invalid type '" + typeName(p.value()) + "' for parameter '"
                        + p.field() + "', expected 'uint'");
            }
            out.put(p.field(), Integer.toUnsignedLong(u.ui()));
        }
        return out;
    }

    private static String typeName(TypedParamValue v) {
        return switch (v) {
            case TypedParamValue.Int i -> "int";
            case TypedParamValue.Uint u -> "uint";
            case TypedParamValue.Llong l -> "llong";
            case TypedParamValue.Ullong u -> "ullong";
            case TypedParamValue.Double d -> "double";
            case TypedParamValue.Boolean b -> "boolean";
            case TypedParamValue.String s -> "string";
        };
    }

    private ServerListClientsRet listClients(ManagedServer s, int needResults) {
        List<ClientSession> all = new ArrayList<>(s.clients());
        all.sort(Comparator.comparingLong(ClientSession::id));
        List<NonnullClient> out = needResults == 0 ? List.of()
                : all.stream().map(c -> describe(s, c)).toList();
        return new ServerListClientsRet(out, all.size());
    }

    private static NonnullClient describe(ManagedServer s, ClientSession c) {
        return new NonnullClient(new NonnullServer(s.name()), c.id(), c.connectTime(), transport(c.transport()));
    }

    static int transport(String name) {
        return switch (name) {
            case "tcp" -> TRANSPORT_TCP;
            case "tls" -> TRANSPORT_TLS;
            // An ssh-tunnelled client reaches the daemon through its unix socket.
            default -> TRANSPORT_UNIX;
        };
    }

    /**
     * adminClientGetInfo's parameters in its order: readonly, then the unix identity for local clients or the
     * socket address (and TLS DN) for remote ones. jvirtd knows a unix peer's uid only (not its gid or pid).
     */
    ClientGetInfoRet clientInfo(ClientSession c) {
        List<TypedParam> out = new ArrayList<>();
        out.add(new TypedParam("readonly", new TypedParamValue.Boolean(c.readOnly() ? 1 : 0)));
        if (transport(c.transport()) == TRANSPORT_UNIX) {
            OptionalInt uid = c.peerUid();
            if (uid.isPresent()) {
                out.add(new TypedParam("unix_user_id", new TypedParamValue.Int(uid.getAsInt())));
                userNames.userName(uid.getAsInt()).ifPresent(n -> out.add(new TypedParam("unix_user_name",
                        new TypedParamValue.String(n))));
            }
            OptionalInt pid = c.peerPid();
            if (pid.isPresent()) {
                out.add(new TypedParam("unix_process_id", new TypedParamValue.Int(pid.getAsInt())));
            }
        } else {
            out.add(new TypedParam("sock_addr", new TypedParamValue.String(sockAddr(c.peerAddress()))));
            Optional<String> dn = c.tlsSubjectDn();
            dn.ifPresent(d -> out.add(new TypedParam("tls_x509_dname", new TypedParamValue.String(d))));
        }
        return new ClientGetInfoRet(out);
    }

    /** "host/1.2.3.4:5" or "/1.2.3.4:5" (Java's InetSocketAddress) as libvirt's "1.2.3.4:5". */
    static String sockAddr(String peer) {
        int slash = peer.lastIndexOf('/');
        return slash >= 0 ? peer.substring(slash + 1) : peer;
    }

    private static TypedParam uint(String name, long value) {
        return new TypedParam(name, new TypedParamValue.Uint((int) value));
    }
}
