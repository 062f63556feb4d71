package org.jvirt.daemon.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.conf.ConfFile;
import org.jvirt.daemon.JvirtdServer;
import org.jvirt.daemon.config.DaemonConfig;
import org.jvirt.remote.server.RemoteProgram;
import org.jvirt.rpc.client.RpcClient;
import org.jvirt.rpc.protocol.admin.AdminProcedures;
import org.jvirt.rpc.protocol.admin.ClientGetInfoArgs;
import org.jvirt.rpc.protocol.admin.ConnectListServersArgs;
import org.jvirt.rpc.protocol.admin.ConnectLookupServerArgs;
import org.jvirt.rpc.protocol.admin.ConnectOpenArgs;
import org.jvirt.rpc.protocol.admin.ConnectSetLoggingOutputsArgs;
import org.jvirt.rpc.protocol.admin.NonnullServer;
import org.jvirt.rpc.protocol.admin.ServerListClientsArgs;
import org.jvirt.rpc.protocol.admin.ServerSetThreadpoolParametersArgs;
import org.jvirt.rpc.protocol.admin.TypedParam;
import org.jvirt.rpc.protocol.admin.TypedParamValue;
import org.jvirt.rpc.protocol.remote.RemoteProcedures;
import org.jvirt.rpc.transport.TcpTransport;
import org.jvirt.rpc.transport.UnixTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ADMIN program in a running jvirtd, through the RPC client and through the real {@code virt-admin}, whose
 * output is compared line by line with the formats libvirtd 9.0.0 gives (values differ, layout must not).
 */
@Timeout(120)
class AdminProgramTest {
    private static final Path VIRT_ADMIN = Path.of("/usr/bin/virt-admin");
    private static final Path VIRSH = Path.of("/usr/bin/virsh");
    /** virt-admin's "Connected since" column and connection_time: "2026-11-25 04:45:47+0000". */
    private static final String TIME = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d[+-]\\d{4}";

    @TempDir
    Path dir;
    private JvirtdServer server;
    private Path sock;
    private int tcpPort;

    @BeforeEach
    void start() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            tcpPort = s.getLocalPort();
        }
        sock = dir.resolve("sock");
        ConfFile conf = ConfFile.parse("jvirtd.conf", "unix_sock_dir = \"" + sock + "\"\nlisten_tls = 0\n"
                + "listen_tcp = 1\nauth_tcp = \"none\"\nlisten_addr = \"127.0.0.1\"\ntcp_port = \"" + tcpPort
                + "\"\nmin_workers = 3\n");
        DaemonConfig config = DaemonConfig.load(conf, dir.resolve("run"), dir.resolve("pki"));
        server = JvirtdServer.start(config, true, null, List.of(new RemoteProgram()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RpcClient admin() throws IOException {
        RpcClient c = new RpcClient(UnixTransport.connect(sock.resolve(JvirtdServer.SOCK_ADMIN)));
        c.call(AdminProcedures.CONNECT_OPEN, new ConnectOpenArgs(0));
        return c;
    }

    private RpcClient remoteUnix() throws IOException {
        RpcClient c = new RpcClient(UnixTransport.connect(sock.resolve(JvirtdServer.SOCK)));
        c.call(RemoteProcedures.CONNECT_OPEN, new org.jvirt.rpc.protocol.remote.ConnectOpenArgs("test:///default", 0));
        return c;
    }

    @Test
    void serversClientsAndErrorsThroughRpc() throws Exception {
        try (RpcClient adm = admin(); RpcClient c1 = remoteUnix();
             RpcClient c2 = new RpcClient(TcpTransport.connect("127.0.0.1", tcpPort))) {
            c2.call(RemoteProcedures.CONNECT_OPEN, new org.jvirt.rpc.protocol.remote.ConnectOpenArgs(
                    "test:///default", 0));
            assertEquals(9_000_000L, adm.call(AdminProcedures.CONNECT_GET_LIB_VERSION, null).libVer());
            var servers = adm.call(AdminProcedures.CONNECT_LIST_SERVERS, new ConnectListServersArgs(1, 0));
            assertEquals(List.of("libvirtd", "admin"), servers.servers().stream().map(NonnullServer::name).toList());
            assertEquals(2, servers.ret());

            VirException e = assertThrows(VirException.class, () -> adm.call(AdminProcedures.CONNECT_LOOKUP_SERVER,
                    new ConnectLookupServerArgs("nosuch", 0)));
            assertEquals(ErrorNumber.NO_SERVER, e.code());
            assertEquals(ErrorDomain.RPC, e.domain());
            assertEquals("Server not found: No server named 'nosuch'", e.getMessage());

            NonnullServer libvirtd = new NonnullServer("libvirtd");
            var clients = adm.call(AdminProcedures.SERVER_LIST_CLIENTS, new ServerListClientsArgs(libvirtd, 1, 0));
            assertEquals(2, clients.ret());
            assertEquals(List.of(0, 1), clients.clients().stream().map(c -> c.transport()).toList());
            long now = System.currentTimeMillis() / 1000;
            assertTrue(Math.abs(now - clients.clients().get(0).timestamp()) < 60);

            var tcpInfo = adm.call(AdminProcedures.CLIENT_GET_INFO, new ClientGetInfoArgs(clients.clients().get(1),
                    0)).params();
            assertEquals("readonly", tcpInfo.get(0).field());
            assertEquals("sock_addr", tcpInfo.get(1).field());
            assertTrue(((TypedParamValue.String) tcpInfo.get(1).value()).s().matches("127\\.0\\.0\\.1:\\d+"),
                    tcpInfo.toString());

            e = assertThrows(VirException.class, () -> adm.call(AdminProcedures.SERVER_SET_THREADPOOL_PARAMETERS,
                    new ServerSetThreadpoolParametersArgs(libvirtd, List.of(new TypedParam("maxWorkers",
                            new TypedParamValue.Uint(1))), 0)));
            assertEquals("invalid argument: minWorkers cannot be larger than maxWorkers", e.getMessage());
            e = assertThrows(VirException.class, () -> adm.call(AdminProcedures.SERVER_SET_THREADPOOL_PARAMETERS,
                    new ServerSetThreadpoolParametersArgs(libvirtd, List.of(new TypedParam("nWorkers",
                            new TypedParamValue.Uint(1))), 0)));
            assertEquals("argument unsupported: parameter 'nWorkers' not supported", e.getMessage());
            e = assertThrows(VirException.class, () -> adm.call(AdminProcedures.SERVER_SET_THREADPOOL_PARAMETERS,
                    new ServerSetThreadpoolParametersArgs(libvirtd, List.of(new TypedParam("maxWorkers",
                            new TypedParamValue.Uint(99))), 0)));
            assertEquals(ErrorNumber.OPERATION_UNSUPPORTED, e.code());

            e = assertThrows(VirException.class, () -> adm.call(AdminProcedures.CONNECT_SET_LOGGING_OUTPUTS,
                    new ConnectSetLoggingOutputsArgs("3:nowhere", 0)));
            assertEquals("invalid argument: Invalid log destination 'nowhere' for log output '3:nowhere'",
                    e.getMessage());
            e = assertThrows(VirException.class, () -> adm.call(AdminProcedures.CONNECT_SET_DAEMON_TIMEOUT,
                    new org.jvirt.rpc.protocol.admin.ConnectSetDaemonTimeoutArgs(5, 0)));
            assertEquals(ErrorNumber.NO_SUPPORT, e.code());
        }
    }

    // ---- the real virt-admin ----

    private record Result(int rc, String out, String err) {}

    private Result virtAdmin(String... cmd) throws Exception {
        List<String> argv = new ArrayList<>(List.of(VIRT_ADMIN.toString(), "-c",
                "libvirtd:///system?socket=" + sock.resolve(JvirtdServer.SOCK_ADMIN)));
        argv.addAll(List.of(cmd));
        Process p = new ProcessBuilder(argv).redirectOutput(dir.resolve("va.out").toFile())
                .redirectError(dir.resolve("va.err").toFile()).start();
        try {
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "virt-admin hung: " + argv);
        } finally {
            p.destroyForcibly();
        }
        return new Result(p.exitValue(), Files.readString(dir.resolve("va.out")),
                Files.readString(dir.resolve("va.err")));
    }

    private Result ok(String... cmd) throws Exception {
        Result r = virtAdmin(cmd);
        assertEquals(0, r.rc(), String.join(" ", cmd) + ": " + r.err());
        return r;
    }

    /** Asserts {@code text} is exactly the lines matching {@code patterns}, in order. */
    private static List<Matcher> lines(String text, String... patterns) {
        String[] got = text.split("\n", -1);
        assertEquals(patterns.length, got.length, "line count of:\n" + text);
        List<Matcher> out = new ArrayList<>();
        for (int i = 0; i < patterns.length; i++) {
            Matcher m = Pattern.compile(patterns[i]).matcher(got[i]);
            assertTrue(m.matches(), "line " + i + " '" + got[i] + "' !~ " + patterns[i] + " in:\n" + text);
            out.add(m);
        }
        return out;
    }

    private int libvirtdClients() {
        try (RpcClient adm = admin()) {
            return adm.call(AdminProcedures.SERVER_LIST_CLIENTS, new ServerListClientsArgs(
                    new NonnullServer("libvirtd"), 1, 0)).ret();
        } catch (IOException e) {
            return -1;
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier cond) throws InterruptedException {
        long end = System.nanoTime() + 20_000_000_000L;
        while (!cond.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "condition not met in 20 s");
            Thread.sleep(50);
        }
    }

    @Test
    void realVirtAdmin() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(VIRT_ADMIN), "virt-admin (libvirt-clients) is not installed");
        Assumptions.assumeTrue(Files.isExecutable(VIRSH), "virsh (libvirt-clients) is not installed");
        // A real virsh held open on the read-write socket, and a Java client on TCP.
        Process virsh = new ProcessBuilder(VIRSH.toString(), "-c", "test+unix:///default?socket="
                + sock.resolve(JvirtdServer.SOCK)).redirectOutput(dir.resolve("virsh.out").toFile())
                .redirectErrorStream(true).start();
        virsh.getOutputStream().write("list\n".getBytes(StandardCharsets.UTF_8));
        virsh.getOutputStream().flush();
        // virsh first, so that the client ids (and the list's order) are known.
        waitFor(() -> libvirtdClients() == 1);
        try (RpcClient tcp = new RpcClient(TcpTransport.connect("127.0.0.1", tcpPort))) {
            tcp.call(RemoteProcedures.CONNECT_OPEN, new org.jvirt.rpc.protocol.remote.ConnectOpenArgs(
                    "test:///default", 0));
            waitFor(() -> libvirtdClients() == 2);

            assertEquals(" Id   Name\n----------------\n 0    libvirtd\n 1    admin\n\n", ok("srv-list").out());
            lines(ok("srv-threadpool-info", "libvirtd").out(), "minWorkers     : 3", "maxWorkers     : 20",
                    "nWorkers       : \\d+", "freeWorkers    : \\d+", "prioWorkers    : 5",
                    "jobQueueDepth  : 0", "", "");
            lines(ok("srv-clients-info", "libvirtd").out(), "nclients_max        : 5000",
                    "nclients            : 2", "nclients_unauth_max : 20", "nclients_unauth     : 0", "", "");
            List<Matcher> rows = lines(ok("srv-clients-list", "libvirtd").out(),
                    " Id   Transport   Connected since", "-{44}", " (\\d+)    unix        " + TIME,
                    " (\\d+)    tcp         " + TIME, "", "");
            String unixId = rows.get(2).group(1);
            String tcpId = rows.get(3).group(1);
            String user = System.getProperty("user.name");
            lines(ok("client-info", "libvirtd", unixId).out(), "id             : " + unixId,
                    "connection_time: " + TIME, "transport      : unix", "readonly       : no",
                    "unix_user_id   : \\d+", "unix_user_name : " + Pattern.quote(user), "", "");
            lines(ok("client-info", "libvirtd", tcpId).out(), "id             : " + tcpId,
                    "connection_time: " + TIME, "transport      : tcp", "readonly       : no",
                    "sock_addr      : 127\\.0\\.0\\.1:\\d+", "", "");
            // The admin server lists virt-admin's own connection.
            lines(ok("srv-clients-list", "admin").out(), " Id +Transport   Connected since", "-{44,}",
                    " \\d+ +unix        " + TIME, "", "");

            assertEquals(" Logging filters: \n\n", ok("daemon-log-filters").out());
            assertEquals("\n", ok("daemon-log-filters", "--filters", "1:foo 4:+util.bar").out());
            assertEquals(" Logging filters: 1:*foo* 4:+*util.bar* \n\n", ok("daemon-log-filters").out());
            assertEquals(" Logging outputs: 3:stderr\n\n", ok("daemon-log-outputs").out());
            lines(ok("version").out(), "Compiled against library: libvirt 9\\.0\\.0",
                    "Using library: libvirt 9\\.0\\.0", "Running against daemon: 9\\.0\\.0", "", "");

            Result r = virtAdmin("srv-threadpool-info", "nosuch");
            assertEquals(1, r.rc());
            assertEquals("error: Server not found: No server named 'nosuch'\n", r.err());
            r = virtAdmin("client-info", "libvirtd", "999");
            assertEquals("error: Client not found: No client with matching ID '999'\n", r.err());
            r = virtAdmin("srv-threadpool-set", "libvirtd", "--min-workers", "50");
            assertEquals("error: Unable to change server workerpool parameters\n"
                    + "error: invalid argument: minWorkers cannot be larger than maxWorkers\n", r.err());
            ok("srv-threadpool-set", "libvirtd", "--min-workers", "7");
            lines(ok("srv-threadpool-info", "libvirtd").out(), "minWorkers     : 7", "maxWorkers     : 20",
                    "nWorkers       : \\d+", "freeWorkers    : \\d+", "prioWorkers    : 5",
                    "jobQueueDepth  : 0", "", "");

            assertEquals("Client '" + tcpId + "' disconnected\n", ok("client-disconnect", "libvirtd", tcpId).out());
            lines(ok("srv-clients-list", "libvirtd").out(), " Id   Transport   Connected since", "-{44}",
                    " " + unixId + "    unix        " + TIME, "", "");
        } finally {
            virsh.getOutputStream().close();
            if (!virsh.waitFor(10, TimeUnit.SECONDS)) {
                virsh.destroyForcibly();
            }
        }
    }
}
