package org.jvirt.rpc.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jvirt.core.VirException;
import org.jvirt.rpc.client.RpcClient;
import org.jvirt.rpc.protocol.remote.ConnectFindStoragePoolSourcesArgs;
import org.jvirt.rpc.protocol.remote.RemoteProcedures;
import org.jvirt.rpc.server.ProgramHandler;
import org.jvirt.rpc.server.RpcServer;
import org.jvirt.rpc.server.ServerLimits;
import org.jvirt.rpc.protocol.remote.ConnectFindStoragePoolSourcesRet;
import org.jvirt.rpc.protocol.remote.RemoteConstants;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** TLS with certificates made by the openssl CLI: a CA, a server, an allowed, a refused and a foreign client. */
@Timeout(120)
class TlsTransportTest {
    @TempDir
    static Path pki;

    private static void openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(pki.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("openssl " + cmd + " failed: " + out);
        }
    }

    private static void ca(String name) throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + "key.pem", "-out",
                name + "cert.pem", "-days", "2", "-subj", "/C=GB/O=jvirt test/CN=" + name);
    }

    /** A key (PKCS#1 when {@code traditional}) and a certificate for {@code subj} signed by {@code ca}. */
    private static void cert(String name, String subj, String ca, boolean traditional, String ext)
            throws Exception {
        if (traditional) {
            openssl("genrsa", "-traditional", "-out", name + "key.pem", "2048");
        } else {
            openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", name + "key.pem");
        }
        openssl("req", "-new", "-key", name + "key.pem", "-out", name + ".csr", "-subj", subj);
        Files.writeString(pki.resolve(name + ".ext"), ext);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + "cert.pem", "-CAkey", ca + "key.pem",
                "-CAcreateserial", "-out", name + "cert.pem", "-days", "2", "-extfile", name + ".ext");
    }

    @BeforeAll
    static void makeCertificates() throws Exception {
        try {
            new ProcessBuilder("openssl", "version").start().waitFor();
        } catch (IOException e) {
            Assumptions.abort("openssl CLI not installed");
        }
        ca("ca");
        ca("other");
        cert("server", "/C=GB/O=jvirt test/CN=localhost", "ca", true,
                "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        cert("allowed", "/C=GB/O=jvirt test/CN=allowed1", "ca", false, "extendedKeyUsage=clientAuth\n");
        cert("intruder", "/C=GB/O=evil/CN=intruder", "ca", false, "extendedKeyUsage=clientAuth\n");
        cert("foreign", "/C=GB/O=jvirt test/CN=allowed2", "other", false, "extendedKeyUsage=clientAuth\n");
    }

    private static TlsConfig client(String name) {
        return new TlsConfig(pki.resolve("cacert.pem"), pki.resolve(name + "cert.pem"),
                pki.resolve(name + "key.pem"), true, List.of());
    }

    /** Answers "whoami" with the session's transport and DN. */
    private static final class Who implements ProgramHandler {
        @Override
        public int program() {
            return RemoteConstants.PROGRAM;
        }

        @Override
        public int version() {
            return RemoteConstants.PROTOCOL_VERSION;
        }

        @Override
        public Object handle(org.jvirt.rpc.server.ClientSession client, org.jvirt.rpc.protocol.Procedure<?, ?> p,
                             Object args) {
            return new ConnectFindStoragePoolSourcesRet(client.transport() + " " + client.tlsSubjectDn().orElse("-"));
        }
    }

    @Test
    void onlyAllowedClientsSignedByTheCaGetIn() throws Exception {
        TlsConfig server = new TlsConfig(pki.resolve("cacert.pem"), pki.resolve("servercert.pem"),
                pki.resolve("serverkey.pem"), true, List.of("C=GB,O=jvirt test,CN=allowed*"));
        try (RpcServer s = new RpcServer(ServerLimits.defaults(), List.of(new Who()))) {
            Listener l = TlsTransport.listen("127.0.0.1", 0, 10, server);
            s.addListener(l, false);
            int port = TcpTransport.port(l);
            try (RpcClient c = new RpcClient(TlsTransport.connect("localhost", port, client("allowed")))) {
                assertEquals("tls C=GB,O=jvirt test,CN=allowed1", c.call(
                        RemoteProcedures.CONNECT_FIND_STORAGE_POOL_SOURCES,
                        new ConnectFindStoragePoolSourcesArgs("", null, 0)).xml());
            }
            // Signed by our CA but not on tls_allowed_dn_list: the server closes instead of confirming.
            VirException refused = assertThrows(VirException.class,
                    () -> TlsTransport.connect("localhost", port, client("intruder")));
            assertEquals("Unable to read TLS confirmation", refused.getMessage());
            // Signed by another CA: the handshake itself fails.
            assertThrows(IOException.class, () -> {
                try (Connection c = TlsTransport.connect("localhost", port, client("foreign"))) {
                    c.input().read();
                }
            });
            // The client checks the server's name too.
            assertThrows(IOException.class, () -> TlsTransport.connect("127.0.0.2", port, client("allowed")));
            // The server still serves.
            try (RpcClient c = new RpcClient(TlsTransport.connect("localhost", port, client("allowed")))) {
                assertTrue(c.isOpen());
                c.call(RemoteProcedures.CONNECT_FIND_STORAGE_POOL_SOURCES, new ConnectFindStoragePoolSourcesArgs("",
                        null, 0));
            }
        }
    }

    @Test
    void pemKeysInPkcs1AndPkcs8() throws Exception {
        String pkcs1 = Files.readString(pki.resolve("serverkey.pem"));
        assertTrue(pkcs1.contains("BEGIN RSA PRIVATE KEY"), pkcs1.substring(0, 40));
        assertEquals("RSA", Pem.privateKey(pki.resolve("serverkey.pem")).getAlgorithm());
        assertTrue(Files.readString(pki.resolve("allowedkey.pem")).contains("BEGIN PRIVATE KEY"));
        assertEquals("RSA", Pem.privateKey(pki.resolve("allowedkey.pem")).getAlgorithm());
        assertEquals("C=GB,O=jvirt test,CN=localhost",
                TlsTransport.subjectDn(Pem.certificates(pki.resolve("servercert.pem")).get(0)));
    }

    @Test
    void dnGlobsAsLibvirt() {
        assertTrue(TlsTransport.dnAllowed("C=GB,CN=a", List.of()));
        assertTrue(TlsTransport.dnAllowed("C=GB,O=x,CN=host1", List.of("C=GB,*,CN=host?")));
        assertFalse(TlsTransport.dnAllowed("C=GB,O=x,CN=host12", List.of("C=GB,*,CN=host?")));
        assertTrue(TlsTransport.dnAllowed("C=GB,O=x,CN=host12", List.of("nope", "*CN=host12")));
        assertFalse(TlsTransport.dnAllowed("C=GB", List.of("C=G")));
    }
}
