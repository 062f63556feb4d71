package org.jvirt.rpc.protocol;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jvirt.rpc.protocol.admin.AdminProcedures;
import org.jvirt.rpc.protocol.keepalive.KeepaliveProcedures;
import org.jvirt.rpc.protocol.lxc.LxcProcedures;
import org.jvirt.rpc.protocol.qemu.QemuProcedures;
import org.jvirt.rpc.protocol.remote.RemoteProcedures;

/** Every procedure of every program, found by the (program, procedure) pair of a message header. Immutable. */
public final class ProcedureTable {
    private ProcedureTable() {
    }

    /** All procedures: remote, qemu, lxc, keepalive, admin. */
    public static final List<Procedure<?, ?>> ALL = concat(List.of(RemoteProcedures.ALL, QemuProcedures.ALL,
            LxcProcedures.ALL, KeepaliveProcedures.ALL, AdminProcedures.ALL));

    private static final Map<Long, Procedure<?, ?>> BY_NUMBER = index(ALL);

    private static List<Procedure<?, ?>> concat(List<List<Procedure<?, ?>>> lists) {
        return lists.stream().flatMap(List::stream).toList();
    }

    private static Map<Long, Procedure<?, ?>> index(List<Procedure<?, ?>> all) {
        Map<Long, Procedure<?, ?>> m = new HashMap<>();
        for (Procedure<?, ?> p : all) {
            if (m.put(key(p.program(), p.number()), p) != null) {
                throw new IllegalStateException("duplicate procedure " + p.name());
            }
        }
        return Map.copyOf(m);
    }

    private static long key(int program, int number) {
        return ((long) program << 32) | Integer.toUnsignedLong(number);
    }

    /** The procedure {@code number} of {@code program}, or empty when libvirt 9.0.0 has none. */
    public static Optional<Procedure<?, ?>> find(int program, int number) {
        return Optional.ofNullable(BY_NUMBER.get(key(program, number)));
    }
}
