package org.jvirt.rpc.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/**
 * libvirt's {@code tls} transport: TLS over TCP with X.509 certificates on both sides. After the handshake the server
 * checks the client certificate's subject DN against {@code tls_allowed_dn_list} and, when it passes, writes one
 * byte (1) that the client waits for; a refused client sees the connection close instead, as with libvirtd.
 */
public final class TlsTransport {
    private static final System.Logger LOG = System.getLogger("org.jvirt.rpc.transport");

    private TlsTransport() {
    }

    /** An SSL context holding our certificate and key and trusting only {@code config}'s CA. */
    public static SSLContext context(TlsConfig config) throws IOException {
        try {
            List<X509Certificate> ca = Pem.certificates(config.caFile());
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < ca.size(); i++) {
                trust.setCertificateEntry("ca" + i, ca.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            TrustManager[] tms = config.verifyPeer() ? tmf.getTrustManagers() : new TrustManager[] {new TrustAll()};

            KeyManagerFactory kmf = null;
            if (config.certFile() != null && Files.exists(config.certFile())) {
                List<X509Certificate> chain = Pem.certificates(config.certFile());
                PrivateKey key = Pem.privateKey(config.keyFile());
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("me", key, new char[0], chain.toArray(X509Certificate[]::new));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, new char[0]);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tms, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("Failed set TLS x509 credentials: " + e.getMessage(), e);
        }
    }

    /** Listens for TLS clients; each must present a certificate the CA signed (unless verification is off). */
    public static Listener listen(String host, int port, int backlog, TlsConfig config) throws IOException {
        SSLContext ctx = context(config);
        SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket();
        server.setReuseAddress(true);
        server.bind(host == null ? new InetSocketAddress(port) : new InetSocketAddress(host, port), backlog);
        if (config.verifyPeer()) {
            server.setNeedClientAuth(true);
        } else {
            server.setWantClientAuth(true);
        }
        return new Listener() {
            @Override
            public Connection accept() throws IOException {
                SSLSocket s = (SSLSocket) server.accept();
                s.setTcpNoDelay(true);
                return new TlsConnection(s, true, config);
            }

            @Override
            public String address() {
                return String.valueOf(server.getLocalSocketAddress());
            }

            @Override
            public void close() {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // Shutting down.
                }
            }
        };
    }

    /**
     * Connects to a TLS server, checks its certificate (and, when verifying, that it names {@code host}) and waits
     * for the server's confirmation byte. The returned connection is started.
     */
    public static Connection connect(String host, int port, TlsConfig config) throws IOException {
        SSLContext ctx = context(config);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(InetAddress.getByName(host), port);
        s.setTcpNoDelay(true);
        if (config.verifyPeer()) {
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(p);
        }
        TlsConnection c = new TlsConnection(s, false, config);
        try {
            c.start();
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * The subject DN in the order gnutls' {@code gnutls_x509_crt_get_dn} prints it and tls_allowed_dn_list is
     * written in: most general first, e.g. "C=GB,O=Example,CN=client1".
     */
    public static String subjectDn(X509Certificate cert) {
        try {
            List<Rdn> rdns = new LdapName(cert.getSubjectX500Principal().getName()).getRdns();
            List<String> parts = new ArrayList<>();
            for (Rdn r : rdns) {
                parts.add(r.toString());
            }
            return String.join(",", parts);
        } catch (InvalidNameException e) {
            return cert.getSubjectX500Principal().getName();
        }
    }

    /** libvirt's DN check: a glob match ({@code *} any run, {@code ?} one character) against each pattern. */
    public static boolean dnAllowed(String dn, List<String> patterns) {
        if (patterns.isEmpty()) {
            return true;
        }
        return patterns.stream().anyMatch(p -> glob(p, 0, dn, 0));
    }

    static boolean glob(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                for (int k = si; k <= s.length(); k++) {
                    if (glob(p, pi + 1, s, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length() || (c != '?' && c != s.charAt(si))) {
                return false;
            }
            pi++;
            si++;
        }
        return si == s.length();
    }

    /** A socket whose handshake and checks happen in {@link #start}. */
    private static final class TlsConnection implements Connection {
        private final SSLSocket socket;
        private final boolean server;
        private final TlsConfig config;
        private volatile String dn;

        TlsConnection(SSLSocket socket, boolean server, TlsConfig config) {
            this.socket = socket;
            this.server = server;
            this.config = config;
        }

        @Override
        public void start() throws IOException {
            socket.startHandshake();
            if (server) {
                X509Certificate peerCert = null;
                try {
                    peerCert = (X509Certificate) socket.getSession().getPeerCertificates()[0];
                } catch (SSLPeerUnverifiedException e) {
                    if (config.verifyPeer()) {
                        throw new IOException("The certificate has no peers", e);
                    }
                }
                if (peerCert != null) {
                    dn = subjectDn(peerCert);
                    if (config.verifyPeer() && !dnAllowed(dn, config.allowedDnList())) {
                        LOG.log(System.Logger.Level.WARNING, "Client's x509 Distinguished Name is not on the list "
                                + "of allowed clients (tls_allowed_dn_list).  Use 'virt-pki-query-dn "
                                + "clientcert.pem' to view the Distinguished Name field in the client "
                                + "certificate, or run this daemon with --verbose option. DN: " + dn);
                        throw new IOException("Client's x509 Distinguished Name is not on the list of allowed "
                                + "clients (tls_allowed_dn_list): " + dn);
                    }
                }
                // libvirtd's confirmation: the client waits for this byte before its first packet.
                socket.getOutputStream().write(1);
                socket.getOutputStream().flush();
            } else {
                int b = socket.getInputStream().read();
                if (b != 1) {
                    // The server closes a refused client instead of confirming (virnetclient.c).
                    throw VirException.of(ErrorNumber.RPC, ErrorDomain.RPC, "Unable to read TLS confirmation");
                }
            }
        }

        @Override
        public InputStream input() {
            try {
                return socket.getInputStream();
            } catch (IOException e) {
                return InputStream.nullInputStream();
            }
        }

        @Override
        public OutputStream output() {
            try {
                return socket.getOutputStream();
            } catch (IOException e) {
                return OutputStream.nullOutputStream();
            }
        }

        @Override
        public String transport() {
            return "tls";
        }

        @Override
        public String peer() {
            return String.valueOf(socket.getRemoteSocketAddress());
        }

        @Override
        public Optional<String> tlsSubjectDn() {
            return Optional.ofNullable(dn);
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Best effort.
            }
        }
    }

    /** tls_no_verify_certificate / no_verify=1: accept any peer certificate, as libvirt then skips the checks. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
