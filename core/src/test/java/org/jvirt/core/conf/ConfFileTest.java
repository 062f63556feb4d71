package org.jvirt.core.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.junit.jupiter.api.Test;

class ConfFileTest {
    @Test
    void readsLibvirtdConfSyntax() {
        ConfFile c = ConfFile.parse("libvirtd.conf", """
                # comment
                listen_tls = 0
                tcp_port = "16509"   # trailing comment
                tls_allowed_dn_list = ["C=GB,O=x",
                   # inside a list
                   'CN=y', ]
                max_workers = -1
                """);
        assertEquals(0L, c.getLong("listen_tls").orElseThrow());
        assertEquals(false, c.getBool("listen_tls").orElseThrow());
        assertEquals("16509", c.getString("tcp_port").orElseThrow());
        assertEquals(List.of("C=GB,O=x", "CN=y"), c.getStringList("tls_allowed_dn_list").orElseThrow());
        assertEquals(-1L, c.getLong("max_workers").orElseThrow());
        assertTrue(c.getString("absent").isEmpty());
    }

    @Test
    void syntaxErrorsNameFileAndLine() {
        VirException e = assertThrows(VirException.class, () -> ConfFile.parse("x.conf", "a = 1\nb = \n"));
        assertEquals(ErrorNumber.CONF_SYNTAX, e.code());
        assertEquals("configuration file syntax error: x.conf:2: expecting a value", e.getMessage());
        assertThrows(VirException.class, () -> ConfFile.parse("x.conf", "a = \"open\n"));
        assertThrows(VirException.class, () -> ConfFile.parse("x.conf", "a 1\n"));
        assertThrows(VirException.class, () -> ConfFile.parse("x.conf", "a = [1, 2\n"));
    }

    @Test
    void typeMismatchesUseLibvirtTexts() {
        ConfFile c = ConfFile.parse("d.conf", "listen_tcp = 2\nport = 5\n");
        assertEquals("internal error: d.conf: value for 'listen_tcp' parameter must be 0 or 1",
                assertThrows(VirException.class, () -> c.getBool("listen_tcp")).getMessage());
        assertEquals("internal error: d.conf: expected a string for 'port' parameter",
                assertThrows(VirException.class, () -> c.getString("port")).getMessage());
    }
}
