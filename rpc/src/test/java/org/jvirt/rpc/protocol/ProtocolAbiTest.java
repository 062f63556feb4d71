package org.jvirt.rpc.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jvirt.xdr.XdrType;
import org.junit.jupiter.api.Test;

/**
 * Recomputes the wire-layout snapshot from the generated records by reflection and compares it with the committed
 * {@code protocol-abi.txt}, as libvirt's {@code check-remote-protocol.py} compares pdwtags output with its
 * {@code *-structs} files. A hand edit of a generated record (a lost {@code @XdrUnsigned}, a changed bound, a
 * reordered component) fails here.
 */
class ProtocolAbiTest {
    /** The programs in the snapshot's order: package key and holder-class prefix. */
    static final List<Map.Entry<String, String>> PROGRAMS = List.of(Map.entry("net", "Net"),
            Map.entry("keepalive", "Keepalive"), Map.entry("remote", "Remote"), Map.entry("qemu", "Qemu"),
            Map.entry("lxc", "Lxc"), Map.entry("admin", "Admin"));

    static Class<?> holder(String key, String name) {
        try {
            return Class.forName("org.jvirt.rpc.protocol." + key + "." + name);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    static <T> T staticField(Class<?> c, String name) {
        try {
            return (T) c.getField(name).get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Field> intConstants(Class<?> c) {
        List<Field> out = new ArrayList<>();
        for (Field f : c.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isPublic(m) && Modifier.isStatic(m) && Modifier.isFinal(m)
                    && (f.getType() == int.class || f.getType() == long.class)) {
                out.add(f);
            }
        }
        return out;
    }

    private static long value(Field f) {
        try {
            return ((Number) f.get(null)).longValue();
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    static String recompute(String header) {
        StringBuilder b = new StringBuilder(header);
        for (Map.Entry<String, String> prog : PROGRAMS) {
            String k = prog.getKey();
            b.append('\n');
            List<Field> consts = intConstants(holder(k, prog.getValue() + "Constants"));
            consts.sort(Comparator.comparing(Field::getName));
            for (Field f : consts) {
                b.append("const ").append(k).append('.').append(f.getName()).append(" = ").append(value(f))
                        .append('\n');
            }
            Class<?> index = holder(k, prog.getValue() + "Protocol");
            List<Class<?>> enums = staticField(index, "ENUMS");
            for (Class<?> e : enums) {
                b.append("enum ").append(k).append('.').append(e.getSimpleName()).append('\n');
                List<Field> ms = intConstants(e);
                ms.sort(Comparator.comparingLong(ProtocolAbiTest::value).thenComparing(Field::getName));
                for (Field f : ms) {
                    b.append("  ").append(f.getName()).append(" = ").append(value(f)).append('\n');
                }
            }
            List<Class<?>> types = staticField(index, "TYPES");
            for (Class<?> t : types) {
                if (t.isRecord()) {
                    b.append("struct ").append(k).append('.').append(t.getSimpleName()).append('\n');
                    for (XdrType.Field f : XdrType.fieldsOf(t.asSubclass(Record.class))) {
                        b.append("  ").append(f.name()).append(' ').append(f.type().describe()).append('\n');
                    }
                } else {
                    b.append("union ").append(k).append('.').append(t.getSimpleName()).append('\n');
                    for (XdrType.Arm arm : XdrType.armsOf(t)) {
                        b.append("  case ").append(arm.value()).append(' ').append(arm.type().getSimpleName())
                                .append(": ");
                        b.append(arm.fields().isEmpty() ? "void"
                                : arm.fields().getFirst().name() + " " + arm.fields().getFirst().type().describe());
                        b.append('\n');
                    }
                }
            }
            Class<?> procs = holder(k, prog.getValue() + "Procedures");
            if (procs != null) {
                List<Procedure<?, ?>> all = staticField(procs, "ALL");
                for (Procedure<?, ?> p : all) {
                    b.append("procedure ").append(k).append('.').append(p.name().replaceFirst("^[A-Z]+_PROC_", ""))
                            .append(' ').append(p.number()).append(' ').append(typeName(p.args())).append(" -> ")
                            .append(typeName(p.ret())).append(" priority=")
                            .append(p.priority().name().toLowerCase(Locale.ROOT)).append(" stream=")
                            .append(p.stream().name().toLowerCase(Locale.ROOT)).append(" acl=").append(p.acl())
                            .append(" aclfilter=").append(p.aclFilter()).append('\n');
                }
            }
        }
        return b.toString();
    }

    private static String typeName(Class<?> c) {
        if (c == Void.class) {
            return "void";
        }
        String pkg = c.getPackageName();
        return pkg.substring(pkg.lastIndexOf('.') + 1) + "." + c.getSimpleName();
    }

    static String committed() throws IOException {
        try (InputStream in = ProtocolAbiTest.class.getResourceAsStream("/org/jvirt/rpc/protocol-abi.txt")) {
            assertNotNull(in, "protocol-abi.txt is on the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void recordsMatchTheCommittedAbiSnapshot() throws IOException {
        String committed = committed();
        String header = committed.substring(0, committed.indexOf("\n\n") + 1);
        String actual = recompute(header);
        if (!actual.equals(committed)) {
            String[] a = actual.split("\n");
            String[] c = committed.split("\n");
            for (int i = 0; i < Math.min(a.length, c.length); i++) {
                if (!a[i].equals(c[i])) {
                    fail("protocol-abi.txt line " + (i + 1) + ": committed '" + c[i] + "' but the records give '"
                            + a[i] + "'");
                }
            }
            fail("protocol-abi.txt has " + c.length + " lines but the records give " + a.length);
        }
    }

    @Test
    void snapshotCoversEveryProgram() throws IOException {
        String committed = committed();
        for (String key : List.of("net", "keepalive", "remote", "qemu", "lxc", "admin")) {
            assertTrue(committed.contains("\nconst " + key + "."), key);
        }
        // A layout fact checked by hand against remote_protocol.x:300, so the snapshot is not merely self-consistent.
        assertTrue(committed.contains("struct remote.NonnullDomain\n  name string<4194304>\n  uuid opaque[16]\n  id int\n"));
        assertTrue(committed.contains("procedure remote.DOMAIN_GET_STATE 212 remote.DomainGetStateArgs -> "
                + "remote.DomainGetStateRet priority=high"));
    }

    @Test
    void procedureNumbersAreUniqueWithinEachProgram() {
        for (Map.Entry<String, String> prog : PROGRAMS) {
            Class<?> procs = holder(prog.getKey(), prog.getValue() + "Procedures");
            if (procs == null) {
                continue;
            }
            List<Procedure<?, ?>> all = staticField(procs, "ALL");
            assertEquals(all.size(), all.stream().mapToInt(Procedure::number).distinct().count(), prog.getKey());
        }
    }
}
