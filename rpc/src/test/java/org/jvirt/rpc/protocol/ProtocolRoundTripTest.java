package org.jvirt.rpc.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jvirt.rpc.protocol.remote.ConnectOpenArgs;
import org.jvirt.rpc.protocol.remote.DomainGetSchedulerParametersRet;
import org.jvirt.rpc.protocol.remote.DomainGetStateArgs;
import org.jvirt.rpc.protocol.remote.Error;
import org.jvirt.rpc.protocol.remote.NodeGetInfoRet;
import org.jvirt.rpc.protocol.remote.NonnullDomain;
import org.jvirt.rpc.protocol.remote.NonnullNetwork;
import org.jvirt.rpc.protocol.remote.TypedParam;
import org.jvirt.rpc.protocol.remote.TypedParamValue;
import org.jvirt.xdr.XdrCodecs;
import org.jvirt.xdr.XdrException;
import org.jvirt.xdr.XdrType;
import org.junit.jupiter.api.Test;

class ProtocolRoundTripTest {
    private final XdrCodecs codecs = new XdrCodecs();

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static final byte[] UUID = hex("00112233445566778899aabbccddeeff");
    private static final NonnullDomain VM = new NonnullDomain("vm", UUID, 3);
    /** remote_nonnull_domain "vm": string "vm" (length, bytes, 2 bytes fill), uuid[16], id. */
    private static final String VM_HEX = "00000002 766d0000 00112233445566778899aabbccddeeff 00000003";

    @Test
    void domainGetStateArgsHasLibvirtsLayout() {
        byte[] wire = codecs.encode(new DomainGetStateArgs(VM, 0x80000001));
        assertArrayEquals(hex(VM_HEX + "80000001"), wire);
        DomainGetStateArgs back = codecs.decode(DomainGetStateArgs.class, wire);
        assertEquals("vm", back.dom().name());
        assertArrayEquals(UUID, back.dom().uuid());
        assertEquals(0x80000001, back.flags());
    }

    @Test
    void optionalStringIsABoolThenTheString() {
        assertArrayEquals(hex("00000000 00000000"), codecs.encode(new ConnectOpenArgs(null, 0)));
        assertArrayEquals(hex("00000001 0000000f 746573743a2f2f2f64656661756c7400 00000001"),
                codecs.encode(new ConnectOpenArgs("test:///default", 1)));
        assertNull(codecs.decode(ConnectOpenArgs.class, hex("00000000 00000000")).name());
    }

    @Test
    void typedParamsCarryEveryUnionArm() {
        List<TypedParam> params = List.of(new TypedParam("i", new TypedParamValue.Int(-1)),
                new TypedParam("ui", new TypedParamValue.Uint(0xFFFFFFFF)),
                new TypedParam("l", new TypedParamValue.Llong(Long.MIN_VALUE)),
                new TypedParam("ul", new TypedParamValue.Ullong(-1L)),
                new TypedParam("d", new TypedParamValue.Double(0.5)),
                new TypedParam("b", new TypedParamValue.Boolean(1)),
                new TypedParam("s", new TypedParamValue.String("hi")));
        byte[] wire = codecs.encode(new DomainGetSchedulerParametersRet(params));
        String expected = "00000007"
                + "00000001 69000000 00000001 ffffffff"
                + "00000002 75690000 00000002 ffffffff"
                + "00000001 6c000000 00000003 8000000000000000"
                + "00000002 756c0000 00000004 ffffffffffffffff"
                + "00000001 64000000 00000005 3fe0000000000000"
                + "00000001 62000000 00000006 00000001"
                + "00000001 73000000 00000007 00000002 68690000";
        assertArrayEquals(hex(expected), wire);
        assertEquals(params, codecs.decode(DomainGetSchedulerParametersRet.class, wire).params());
    }

    @Test
    void typedParamListAboveItsBoundIsRejected() {
        // REMOTE_DOMAIN_SCHEDULER_PARAMETERS_MAX = 16
        List<TypedParam> many = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            many.add(new TypedParam("p", new TypedParamValue.Int(i)));
        }
        assertThrows(XdrException.class, () -> codecs.encode(new DomainGetSchedulerParametersRet(many)));
        XdrException e = assertThrows(XdrException.class,
                () -> codecs.decode(DomainGetSchedulerParametersRet.class, hex("00000011" + "00".repeat(17 * 16))));
        assertTrue(e.getMessage().contains("exceeds maximum 16"), e.getMessage());
    }

    @Test
    void unknownTypedParamTypeIsRejected() {
        byte[] wire = hex("00000001 00000001 69000000 00000008 00000000");
        assertThrows(XdrException.class, () -> codecs.decode(DomainGetSchedulerParametersRet.class, wire));
    }

    @Test
    void remoteErrorWithOptionalPointers() {
        Error err = new Error(42, 10, "Domain not found", 2, VM, null, null, null, 0, 0,
                new NonnullNetwork("default", UUID));
        byte[] wire = codecs.encode(err);
        Error back = codecs.decode(Error.class, wire);
        assertEquals("Domain not found", back.message());
        assertEquals("vm", back.dom().name());
        assertNull(back.str1());
        assertEquals("default", back.net().name());
        assertArrayEquals(wire, codecs.encode(back));
    }

    @Test
    void charArrayIsFourBytesPerChar() {
        // rpcgen encodes "char model[32]" with xdr_vector(xdr_char): 32 ints, not 32 bytes.
        List<Byte> model = new ArrayList<>();
        for (byte c : "x86_64".getBytes()) {
            model.add(c);
        }
        while (model.size() < 32) {
            model.add((byte) 0);
        }
        byte[] wire = codecs.encode(new NodeGetInfoRet(model, 1L, 2, 3, 4, 5, 6, 7));
        assertEquals(32 * 4 + 8 + 6 * 4, wire.length);
        assertEquals(0x78, wire[3]);
    }

    /** A value of the given type with every field set, lists of one element and optionals present. */
    private static Object sample(XdrType t) {
        return switch (t) {
            case XdrType.Scalar s -> switch (s) {
                case INT, UNSIGNED_INT -> 7;
                case HYPER, UNSIGNED_HYPER -> 7L;
                case CHAR, UNSIGNED_CHAR -> (byte) 7;
                case SHORT, UNSIGNED_SHORT -> (short) 7;
                case BOOL -> true;
                case FLOAT -> 7f;
                case DOUBLE -> 7d;
            };
            case XdrType.Str s -> "abc";
            case XdrType.Opaque o -> new byte[o.fixed() ? (int) o.size() : 3];
            case XdrType.Array a -> {
                int n = a.fixed() ? (int) a.size() : 1;
                List<Object> l = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    l.add(sample(a.element()));
                }
                yield l;
            }
            case XdrType.Optional o -> sample(o.element());
            case XdrType.Struct s -> sampleRecord(s.type());
            case XdrType.Union u -> sampleRecord(XdrType.armsOf(u.type()).getLast().type());
        };
    }

    private static Object sampleRecord(Class<? extends Record> c) {
        RecordComponent[] rcs = c.getRecordComponents();
        Object[] args = new Object[rcs.length];
        Class<?>[] types = new Class<?>[rcs.length];
        List<XdrType.Field> fields = XdrType.fieldsOf(c);
        for (int i = 0; i < rcs.length; i++) {
            args[i] = sample(fields.get(i).type());
            types[i] = rcs[i].getType();
        }
        try {
            return c.getDeclaredConstructor(types).newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(c.getName(), e);
        }
    }

    @Test
    void everyGeneratedTypeRoundTrips() {
        int n = 0;
        for (Map.Entry<String, String> prog : ProtocolAbiTest.PROGRAMS) {
            Class<?> index = ProtocolAbiTest.holder(prog.getKey(), prog.getValue() + "Protocol");
            List<Class<?>> types = ProtocolAbiTest.staticField(index, "TYPES");
            for (Class<?> t : types) {
                Object v = t.isRecord() ? sampleRecord(t.asSubclass(Record.class))
                        : sampleRecord(XdrType.armsOf(t).getFirst().type());
                byte[] wire = codecs.encode(v);
                Object back = codecs.decode(t, wire);
                assertInstanceOf(t, back);
                assertArrayEquals(wire, codecs.encode(back), t.getName());
                n++;
            }
        }
        assertTrue(n > 730, "round-tripped " + n + " types");
    }
}
