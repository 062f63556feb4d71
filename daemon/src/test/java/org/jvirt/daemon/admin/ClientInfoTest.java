package org.jvirt.daemon.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.jvirt.rpc.protocol.Procedure;
import org.jvirt.rpc.protocol.admin.TypedParam;
import org.jvirt.rpc.server.ClientSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** adminClientGetInfo's parameters for each kind of client, without a daemon. */
class ClientInfoTest {
    @TempDir
    Path dir;

    private record Fake(String transport, boolean readOnly, String peerAddress, Optional<String> tlsSubjectDn,
                        OptionalInt peerUid, OptionalInt peerPid) implements ClientSession {
        @Override
        public long id() {
            return 7;
        }

        @Override
        public <T> T attachment(Class<T> type) {
            return null;
        }

        @Override
        public <T> void attach(Class<T> type, T value) {
        }

        @Override
        public <M> void sendEvent(Procedure<M, Void> event, M body) {
        }

        @Override
        public void onClose(Runnable action) {
        }

        @Override
        public void close() {
        }
    }

    private static List<String> render(List<TypedParam> params) {
        return params.stream().map(p -> p.field() + "=" + p.value()).toList();
    }

    @Test
    void unixTcpAndTlsClients() throws Exception {
        Path passwd = dir.resolve("passwd");
        Files.writeString(passwd, "root:x:0:0:root:/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n");
        AdminProgram p = new AdminProgram(new LogSettings(null, null, 3), UserNames.fromFile(passwd));
        assertEquals(List.of("readonly=Boolean[b=1]", "unix_user_id=Int[i=1000]", "unix_user_name=String[s=alice]",
                        "unix_process_id=Int[i=42]"),
                render(p.clientInfo(new Fake("unix", true, "/run/x", Optional.empty(), OptionalInt.of(1000),
                        OptionalInt.of(42))).params()));
        // An unknown uid keeps its number and has no name, as libvirt when getpwuid fails.
        assertEquals(List.of("readonly=Boolean[b=0]", "unix_user_id=Int[i=5]"),
                render(p.clientInfo(new Fake("ssh", false, "/run/x", Optional.empty(), OptionalInt.of(5),
                        OptionalInt.empty())).params()));
        assertEquals(List.of("readonly=Boolean[b=0]", "sock_addr=String[s=127.0.0.1:4000]"),
                render(p.clientInfo(new Fake("tcp", false, "localhost/127.0.0.1:4000", Optional.empty(),
                        OptionalInt.empty(), OptionalInt.empty())).params()));
        assertEquals(List.of("readonly=Boolean[b=0]", "sock_addr=String[s=10.0.0.2:5]",
                        "tls_x509_dname=String[s=C=GB,O=jvirt,CN=client]"),
                render(p.clientInfo(new Fake("tls", false, "/10.0.0.2:5", Optional.of("C=GB,O=jvirt,CN=client"),
                        OptionalInt.empty(), OptionalInt.empty())).params()));
        assertEquals(AdminProgram.TRANSPORT_TLS, AdminProgram.transport("tls"));
        assertEquals(AdminProgram.TRANSPORT_UNIX, AdminProgram.transport("ssh"));
    }
}
