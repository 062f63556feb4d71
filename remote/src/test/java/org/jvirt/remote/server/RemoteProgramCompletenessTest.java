package org.jvirt.remote.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.remote.Loopback;
import org.jvirt.rpc.protocol.Procedure;
import org.jvirt.rpc.protocol.remote.ConnectOpenArgs;
import org.jvirt.rpc.protocol.remote.DomainMigratePerform3ParamsArgs;
import org.jvirt.rpc.protocol.remote.NonnullDomain;
import org.jvirt.rpc.protocol.remote.RemoteConstants;
import org.jvirt.rpc.protocol.remote.RemoteProcedures;
import org.jvirt.rpc.server.ProgramHandler;
import org.junit.jupiter.api.Test;

/** Every REMOTE call procedure is bound or explicitly answers VIR_ERR_NO_SUPPORT; events are never bound. */
class RemoteProgramCompletenessTest {
    private final RemoteProgram program = new RemoteProgram((uri, ro) -> {
        throw VirException.noSupport("open");
    });

    /** Event messages travel server → client only; their argument records are the {@code *_msg} structs. */
    private static boolean isEvent(Procedure<?, ?> p) {
        return p.args().getSimpleName().endsWith("Msg");
    }

    @Test
    void everyCallIsBoundOrUnsupportedAndNoEventIsBound() {
        Bindings b = program.bindings();
        List<String> missing = new ArrayList<>();
        int calls = 0;
        for (Procedure<?, ?> p : RemoteProcedures.ALL) {
            boolean bound = b.bound().contains(p.number());
            boolean unsupported = b.unsupportedNumbers().contains(p.number());
            if (isEvent(p)) {
                assertFalse(bound || unsupported, p.name() + " is an event, not a call");
                continue;
            }
            calls++;
            if (bound == unsupported) {
                missing.add(p.name());
            }
        }
        assertEquals(List.of(), missing);
        assertEquals(calls, b.bound().size() + b.unsupportedNumbers().size());
        System.out.printf("REMOTE procedures: %d calls, %d bound, %d NO_SUPPORT, %d events%n", calls,
                b.bound().size(), b.unsupportedNumbers().size(), RemoteProcedures.ALL.size() - calls);
        // Most of the protocol is bound: a regression that unbinds a family fails here.
        assertTrue(b.bound().size() >= 340, "bound " + b.bound().size());
    }

    @Test
    void everyQemuCallIsBoundOrUnsupported() {
        Bindings b = new QemuProgram().bindings();
        for (Procedure<?, ?> p : org.jvirt.rpc.protocol.qemu.QemuProcedures.ALL) {
            boolean bound = b.bound().contains(p.number());
            boolean unsupported = b.unsupportedNumbers().contains(p.number());
            assertTrue(isEvent(p) ? !bound && !unsupported : bound != unsupported, p.name());
        }
        assertEquals(2, b.bound().size());
    }

    @Test
    void anUnsupportedProcedureAnswersNoSupportThroughTheWire() {
        try (Loopback rpc = new Loopback(program, false)) {
            VirException e = assertThrows(VirException.class, () -> rpc.call(
                    RemoteProcedures.DOMAIN_MIGRATE_PERFORM3_PARAMS, new DomainMigratePerform3ParamsArgs(
                            new NonnullDomain("d", new byte[16], 1), null, List.of(), new byte[0], 0)));
            assertEquals(ErrorNumber.NO_SUPPORT, e.code());
            assertEquals("this function is not supported by the connection driver: "
                    + "virDomainMigratePerform3Params", e.getMessage());
        }
    }

    @Test
    void callsBeforeOpenFailAsLibvirtd() {
        try (Loopback rpc = new Loopback(program, false)) {
            VirException e = assertThrows(VirException.class,
                    () -> rpc.call(RemoteProcedures.CONNECT_GET_TYPE, null));
            assertEquals(ErrorNumber.INTERNAL_ERROR, e.code());
            assertEquals("internal error: hypervisor connection not open", e.getMessage());
            // The secondary drivers' calls have their own text, as libvirtd's.
            VirException net = assertThrows(VirException.class,
                    () -> rpc.call(RemoteProcedures.CONNECT_NUM_OF_NETWORKS, null));
            assertEquals("internal error: connection not open", net.getMessage());
            // The open policy's error reaches the client unchanged.
            VirException open = assertThrows(VirException.class,
                    () -> rpc.call(RemoteProcedures.CONNECT_OPEN, new ConnectOpenArgs("test:///default", 0)));
            assertEquals(ErrorNumber.NO_SUPPORT, open.code());
        }
    }

    @Test
    void registeredAsAServiceForTheRemoteProgram() {
        List<ProgramHandler> found = ServiceLoader.load(ProgramHandler.class).stream()
                .map(ServiceLoader.Provider::get).filter(h -> h instanceof RemoteProgram).toList();
        assertEquals(1, found.size());
        assertEquals(RemoteConstants.PROGRAM, found.getFirst().program());
        assertEquals(1, found.getFirst().version());
    }
}
