package org.jvirt.remote.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.jvirt.api.Connect;
import org.jvirt.core.VirException;
import org.jvirt.core.param.TypedParams;
import org.jvirt.driver.test.TestDriverProvider;
import org.jvirt.remote.Loopback;
import org.jvirt.remote.server.RemoteProgram;
import org.jvirt.spi.ConnectUri;
import org.jvirt.spi.DriverProvider;
import org.jvirt.spi.EventOps;
import org.jvirt.spi.HypervisorConnection;
import org.jvirt.spi.Refs;
import org.jvirt.spi.SupportMatrix;
import org.junit.jupiter.api.Test;

/** The remote driver overrides every SPI method, and every one of them crosses the wire cleanly. */
class RemoteDriverSupportTest {
    private final List<DriverProvider> local = List.of(new TestDriverProvider());
    private final RemoteProgram program = new RemoteProgram(
            RemoteProgram.OpenPolicy.probing(List.of("test:///default"), local));

    private Loopback wire() {
        return new Loopback(List.of(program, new org.jvirt.remote.server.QemuProgram()), false);
    }

    private HypervisorConnection open(Loopback wire) {
        var opened = new RemoteDriverProvider((uri, ro, auth) -> wire).open(new DriverProvider.OpenRequest(
                ConnectUri.parse("test+unix:///default"), false, 0, null));
        return assertInstanceOf(DriverProvider.OpenResult.Opened.class, opened).connection();
    }

    @Test
    void everySpiMethodIsImplemented() {
        try (Loopback wire = wire(); HypervisorConnection c = open(wire)) {
            List<SupportMatrix.Row> rows = SupportMatrix.rows();
            List<String> missing = rows.stream().filter(r -> !SupportMatrix.implemented(c, r))
                    .map(SupportMatrix.Row::function).toList();
            System.out.printf("remote driver: %d of %d SPI methods implemented%n", rows.size() - missing.size(),
                    rows.size());
            // libvirt 9.0's protocol has no network metadata procedures (added in 9.7): NO_SUPPORT, as libvirt's.
            assertEquals(List.of("virNetworkGetMetadata", "virNetworkSetMetadata"), missing);
        }
    }

    /**
     * Calls every SPI method with plausible arguments against the test driver behind the daemon: each returns or
     * raises a VirException the server sent. A codec mismatch, a wrong record or a missing binding would show up as
     * another exception, or as NO_SUPPORT naming a REMOTE_PROC the daemon does not bind.
     */
    @Test
    void everySpiMethodCrossesTheWire() throws Exception {
        List<String> broken = new ArrayList<>();
        int returned = 0;
        int raised = 0;
        try (Loopback wire = wire(); HypervisorConnection c = open(wire)) {
            for (SupportMatrix.Row row : SupportMatrix.rows()) {
                Object facet = HypervisorConnection.class.getMethod(row.facet()).invoke(c);
                Method m = row.method();
                try {
                    m.invoke(facet, args(c, m));
                    returned++;
                } catch (InvocationTargetException e) {
                    Throwable t = e.getCause();
                    if (t instanceof VirException v && !v.getMessage().contains("_PROC_")) {
                        raised++;
                        if (System.getProperty("jvirt.debugWire") != null) {
                            System.out.println("RAISED " + row.function() + ": " + v.getMessage());
                        }
                    } else {
                        broken.add(row.function() + ": " + t);
                    }
                }
            }
        }
        System.out.printf("SPI over the wire: %d returned, %d raised the server's error%n", returned, raised);
        assertEquals(List.of(), broken);
        assertTrue(returned >= 90, "only " + returned + " calls succeeded");
    }

    private static Object[] args(HypervisorConnection c, Method m) {
        Class<?>[] types = m.getParameterTypes();
        Object[] out = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            out[i] = value(c, types[i]);
        }
        return out;
    }

    private static Object value(HypervisorConnection c, Class<?> t) {
        if (t == int.class) {
            return 0;
        } else if (t == long.class) {
            return 0L;
        } else if (t == boolean.class) {
            return false;
        } else if (t == String.class) {
            return "x";
        } else if (t == int[].class) {
            return new int[0];
        } else if (t == long[].class) {
            return new long[0];
        } else if (t == boolean[].class) {
            return new boolean[] {true};
        } else if (t == byte[].class) {
            return new byte[] {1, 2};
        } else if (t == List.class) {
            return List.of();
        } else if (t == UUID.class) {
            return new UUID(0, 1);
        } else if (t == TypedParams.class) {
            return TypedParams.of();
        } else if (t == Consumer.class) {
            return (Consumer<Object>) x -> {};
        } else if (t == EventOps.Family.class) {
            return EventOps.Family.NETWORK;
        } else if (t == Refs.DomainRef.class) {
            return new Refs.DomainRef("test", new UUID(0x6695eb01f6a48304L, 0x79aa97f2502e193fL), 1);
        } else if (t == Refs.SnapshotRef.class) {
            return new Refs.SnapshotRef((Refs.DomainRef) value(c, Refs.DomainRef.class), "s");
        } else if (t == Refs.CheckpointRef.class) {
            return new Refs.CheckpointRef((Refs.DomainRef) value(c, Refs.DomainRef.class), "c");
        } else if (t == Refs.NetworkRef.class) {
            return new Refs.NetworkRef("default", new UUID(0, 2));
        } else if (t == Refs.NetworkPortRef.class) {
            return new Refs.NetworkPortRef(new Refs.NetworkRef("default", new UUID(0, 2)), new UUID(0, 3));
        } else if (t == Refs.StoragePoolRef.class) {
            return new Refs.StoragePoolRef("default-pool", new UUID(0, 4));
        } else if (t == Refs.StorageVolRef.class) {
            return new Refs.StorageVolRef("default-pool", "v", "/k");
        } else if (t == Refs.SecretRef.class) {
            return new Refs.SecretRef(new UUID(0, 5), 0, "u");
        } else if (t == Refs.InterfaceRef.class) {
            return new Refs.InterfaceRef("eth1", "aa:bb:cc:dd:ee:ff");
        } else if (t == Refs.NodeDeviceRef.class) {
            return new Refs.NodeDeviceRef("computer");
        } else if (t == Refs.NWFilterRef.class) {
            return new Refs.NWFilterRef("f", new UUID(0, 6));
        } else if (t == Refs.NWFilterBindingRef.class) {
            return new Refs.NWFilterBindingRef("p", "f");
        }
        throw new IllegalArgumentException("no sample value for " + t);
    }

    @Test
    void openSendsTheUriWithoutTransportHostOrTransportParameters() {
        assertEquals("test:///default",
                RemoteDriverProvider.serverName(ConnectUri.parse("test+tcp://h:16509/default")));
        assertEquals("qemu:///system", RemoteDriverProvider.serverName(
                ConnectUri.parse("qemu+unix:///system?socket=/run/x.sock")));
        assertEquals("qemu:///system", RemoteDriverProvider.serverName(
                ConnectUri.parse("qemu+ssh://root@host/system?keyfile=/k&no_verify=1&no_tty=1")));
        assertEquals("qemu:///session?foo=bar", RemoteDriverProvider.serverName(
                ConnectUri.parse("qemu+tls://host/session?foo=bar&pkipath=/p")));
        assertEquals("lxc:///", RemoteDriverProvider.serverName(ConnectUri.parse("qemu+tcp://h/system?name=lxc:///")));
        assertEquals("", RemoteDriverProvider.serverName(ConnectUri.parse("remote://host/")));
    }

    @Test
    void declinesLocalUrisAndTakesRemoteOnes() {
        RemoteDriverProvider p = new RemoteDriverProvider((uri, ro, auth) -> {
            throw new AssertionError("must not connect for " + uri);
        });
        assertInstanceOf(DriverProvider.OpenResult.Declined.class, p.open(new DriverProvider.OpenRequest(
                ConnectUri.parse("test:///default"), false, 0, null)));
        assertInstanceOf(DriverProvider.OpenResult.Declined.class, p.open(new DriverProvider.OpenRequest(
                null, false, 0, null)));
        List<String> asked = new ArrayList<>();
        RemoteDriverProvider failing = new RemoteDriverProvider((uri, ro, auth) -> {
            asked.add(uri.text());
            throw VirException.of(38, 7, "unable to connect");
        });
        for (String uri : List.of("test+tcp://h/default", "qemu+unix:///system", "qemu://host/system")) {
            try {
                Connect.openAuth(uri, null, 0, List.of(failing));
            } catch (VirException expected) {
                assertEquals(38, expected.code());
            }
        }
        assertEquals(List.of("test+tcp://h/default", "qemu+unix:///system", "qemu://host/system"), asked);
        assertFalse(asked.isEmpty());
    }
}
