package org.jvirt.remote.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.spi.ConnectUri;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** libvirt's rules for picking the transport, the daemon's socket and the errors of a failed connect. */
class TransportConnectorTest {
    @TempDir
    Path dir;

    private final TransportConnector root = new TransportConnector(Map.of(), true);
    private final TransportConnector user = new TransportConnector(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"),
            false);

    @Test
    void transportDefaultsToUnixWithoutHostAndTlsWithOne() {
        assertEquals("unix", TransportConnector.transport(ConnectUri.parse("remote:///")));
        assertEquals("tls", TransportConnector.transport(ConnectUri.parse("qemu://host/system")));
        assertEquals("ssh", TransportConnector.transport(ConnectUri.parse("qemu+ssh://host/system")));
    }

    @Test
    void socketPathFollowsLibvirtsLayout() {
        assertEquals(Path.of("/x/y.sock"), root.socketPath(ConnectUri.parse("qemu+unix:///system?socket=/x/y.sock"),
                false));
        // jvirtd's socket when it exists, else libvirtd's (whichever runs on this host).
        Path ro = root.socketPath(ConnectUri.parse("qemu+unix:///system"), true);
        assertTrue(ro.equals(Path.of("/run/jvirt/libvirt-sock-ro"))
                || ro.equals(Path.of("/run/libvirt/libvirt-sock-ro")), ro.toString());
        assertEquals(Path.of("/run/user/1000/jvirt/libvirt-sock"),
                user.socketPath(ConnectUri.parse("qemu+unix:///session"), true));
    }

    @Test
    void connectFailuresAreLibvirtsSystemErrors() {
        Path missing = dir.resolve("nothing-here");
        VirException e = assertThrows(VirException.class, () -> root.connect(
                ConnectUri.parse("test+unix:///default?socket=" + missing), false, null));
        assertEquals(ErrorNumber.SYSTEM_ERROR, e.code());
        assertEquals(ErrorDomain.RPC, e.domain());
        assertTrue(e.getMessage().startsWith("Failed to connect socket to '" + missing + "': "), e.getMessage());
    }

    @Test
    void unknownTransportIsRefused() {
        VirException e = assertThrows(VirException.class, () -> root.connect(
                ConnectUri.parse("qemu+pigeon://host/system"), false, null));
        assertEquals(ErrorNumber.INVALID_ARG, e.code());
        assertEquals(ErrorDomain.REMOTE, e.domain());
        assertEquals("invalid argument: remote_open: transport in URL not recognised "
                + "(should be tls|unix|ssh|ext|tcp|libssh2|libssh)", e.getMessage());
    }
}
