package org.jvirt.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.conf.ConfFile;
import org.junit.jupiter.api.Test;

class DaemonConfigTest {
    private static final Path RUN = Path.of("/run/jvirt");
    private static final Path PKI = Path.of("/etc/pki");

    @Test
    void defaultsAreLibvirtds() {
        DaemonConfig c = DaemonConfig.defaults(RUN, PKI);
        assertTrue(c.listenTls());
        assertFalse(c.listenTcp());
        assertEquals("16509", c.tcpPort());
        assertEquals(0777, c.unixSockRoPerms());
        assertEquals(0700, c.unixSockRwPerms());
        assertEquals(5, c.maxClientRequests());
        assertEquals(Path.of("/etc/pki/CA/cacert.pem"), c.caFile());
    }

    @Test
    void keysOverrideDefaults() {
        ConfFile f = ConfFile.parse("t.conf", """
                listen_tcp = 1
                auth_tcp = "none"
                tcp_port = "16600"
                listen_addr = "127.0.0.1"
                unix_sock_rw_perms = "0770"
                tls_allowed_dn_list = ["CN=client"]
                max_client_requests = 10
                """);
        DaemonConfig c = DaemonConfig.load(f, RUN, PKI);
        c.checkTcpAllowed();
        assertEquals("16600", c.tcpPort());
        assertEquals(0770, c.unixSockRwPerms());
        assertEquals(List.of("CN=client"), c.tlsAllowedDnList());
        assertEquals(DaemonConfig.Auth.NONE, c.authTcp());
    }

    @Test
    void tcpWithoutConfiguredAuthIsRefused() {
        DaemonConfig c = DaemonConfig.load(ConfFile.parse("t.conf", "listen_tcp = 1\n"), RUN, PKI);
        assertEquals(ErrorNumber.CONFIG_UNSUPPORTED, assertThrows(VirException.class, c::checkTcpAllowed).code());
    }

    @Test
    void badValuesAreErrors() {
        assertThrows(VirException.class,
                () -> DaemonConfig.load(ConfFile.parse("t", "unix_sock_rw_perms = \"99\"\n"), RUN, PKI));
        assertThrows(VirException.class,
                () -> DaemonConfig.load(ConfFile.parse("t", "auth_tls = \"kerberos\"\n"), RUN, PKI));
        assertThrows(VirException.class,
                () -> DaemonConfig.load(ConfFile.parse("t", "max_clients = 0\n"), RUN, PKI));
    }

    @Test
    void commandLineLikeLibvirtd() {
        DaemonOptions o = DaemonOptions.parse("--listen", "-f", "/x.conf", "--timeout=30", "-p", "/p.pid");
        assertTrue(o.listen());
        assertEquals(Path.of("/x.conf"), o.configFile());
        assertEquals(30, o.timeoutSeconds());
        assertEquals(Path.of("/p.pid"), o.pidFile());
        assertThrows(VirException.class, () -> DaemonOptions.parse("--bogus"));
        assertThrows(VirException.class, () -> DaemonOptions.parse("-t", "zero"));
    }
}
