package org.jvirt.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jvirt.core.VirException;
import org.junit.jupiter.api.Test;

class ConnectUriTest {
    @Test
    void localTestUri() {
        ConnectUri u = ConnectUri.parse("test:///default");
        assertEquals("test", u.driver());
        assertNull(u.transport());
        assertNull(u.host());
        assertEquals("/default", u.path());
        assertTrue(u.isLocal());
    }

    @Test
    void remoteUriWithTransportUserPortAndParams() {
        ConnectUri u = ConnectUri.parse("qemu+ssh://root@example.com:2222/system?keyfile=/k%20f&no_verify=1");
        assertEquals("qemu", u.driver());
        assertEquals("ssh", u.transport());
        assertEquals("root", u.user());
        assertEquals("example.com", u.host());
        assertEquals(2222, u.port());
        assertEquals("/system", u.path());
        assertEquals("/k f", u.param("keyfile").orElseThrow());
        assertEquals("1", u.param("no_verify").orElseThrow());
    }

    @Test
    void ipv6Host() {
        ConnectUri u = ConnectUri.parse("test+tcp://[::1]:16509/default");
        assertEquals("::1", u.host());
        assertEquals(16509, u.port());
    }

    @Test
    void garbageIsRejected() {
        assertThrows(VirException.class, () -> ConnectUri.parse("no scheme here"));
        assertThrows(VirException.class, () -> ConnectUri.parse("test://h:99999/x"));
    }
}
