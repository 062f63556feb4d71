package org.jvirt.xdr;

import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Derives and caches one codec per record or union type. A record is encoded as an XDR struct, its components in
 * declaration order; a sealed interface of {@link XdrCase} records as an XDR union.
 *
 * <p>The cache belongs to this object (no static state): a program creates one {@code XdrCodecs} and shares it,
 * e.g. the RPC layer owns one per client or server. Codecs are built once, under this object's lock, and then
 * read without locking.
 */
public final class XdrCodecs {
    private final Map<Class<?>, XdrCodec<?>> built = new ConcurrentHashMap<>();
    /** Types being built right now, so a type that refers to itself (a linked list) gets a forwarding codec. */
    private final Map<Class<?>, XdrCodec<?>> inProgress = new HashMap<>();
    private final MethodHandles.Lookup lookup;

    /** Codecs for public records. */
    public XdrCodecs() {
        this(MethodHandles.publicLookup());
    }

    /** Codecs that may also reach records accessible from {@code lookup} (e.g. package-private test records). */
    public XdrCodecs(MethodHandles.Lookup lookup) {
        this.lookup = lookup;
    }

    /** The codec of a record (struct) or sealed interface (union) type. */
    @SuppressWarnings("unchecked")
    public <T> XdrCodec<T> codec(Class<T> type) {
        XdrCodec<?> c = built.get(type);
        if (c != null) {
            return (XdrCodec<T>) c;
        }
        synchronized (this) {
            return (XdrCodec<T>) codecLocked(type);
        }
    }

    /**
     * Encodes {@code value} to a fresh byte array: a record as its struct, or, for an {@link XdrCase} record, as
     * the union it is an arm of (discriminant first).
     */
    public byte[] encode(Object value) {
        XdrWriter w = new XdrWriter();
        encode(w, value);
        return w.toByteArray();
    }

    /** Encodes {@code value} (as {@link #encode(Object)}) onto {@code out}. */
    @SuppressWarnings("unchecked")
    public void encode(XdrWriter out, Object value) {
        Class<?> type = value.getClass();
        if (type.isAnnotationPresent(XdrCase.class)) {
            for (Class<?> i : type.getInterfaces()) {
                if (i.isSealed()) {
                    type = i;
                    break;
                }
            }
        }
        ((XdrCodec<Object>) codec(type)).encode(out, value);
    }

    /** Decodes a whole byte array as one {@code type}; trailing bytes are an error. */
    public <T> T decode(Class<T> type, byte[] data) {
        XdrReader r = new XdrReader(data);
        T v = codec(type).decode(r);
        r.expectEnd();
        return v;
    }

    private XdrCodec<?> codecLocked(Class<?> type) {
        XdrCodec<?> c = built.get(type);
        if (c != null) {
            return c;
        }
        c = inProgress.get(type);
        if (c != null) {
            return c;
        }
        inProgress.put(type, new Forward<>(this, type));
        try {
            if (type.isRecord()) {
                c = structCodec(type.asSubclass(Record.class));
            } else if (type.isInterface() && type.isSealed()) {
                c = unionCodec(type);
            } else {
                throw new IllegalArgumentException("not an XDR record or union: " + type.getName());
            }
            built.put(type, c);
            return c;
        } finally {
            inProgress.remove(type);
        }
    }

    /** A codec for any {@link XdrType}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    XdrCodec<Object> codecFor(XdrType t) {
        return switch (t) {
            case XdrType.Scalar s -> (XdrCodec<Object>) (XdrCodec) scalar(s);
            case XdrType.Str s -> new XdrCodec<>() {
                public void encode(XdrWriter out, Object v) { out.writeString((String) v, s.max()); }
                public Object decode(XdrReader in) { return in.readString(s.max()); }
            };
            case XdrType.Opaque o when o.fixed() -> new XdrCodec<>() {
                public void encode(XdrWriter out, Object v) { out.writeFixedOpaque((byte[]) v, (int) o.size()); }
                public Object decode(XdrReader in) { return in.readFixedOpaque((int) o.size()); }
            };
            case XdrType.Opaque o -> new XdrCodec<>() {
                public void encode(XdrWriter out, Object v) { out.writeOpaque((byte[]) v, o.size()); }
                public Object decode(XdrReader in) { return in.readOpaque(o.size()); }
            };
            case XdrType.Array a -> new ArrayCodec(a, required(a.element(), codecFor(a.element())));
            case XdrType.Optional o -> new OptionalCodec(codecFor(o.element()));
            case XdrType.Struct s -> (XdrCodec<Object>) codecLocked(s.type());
            case XdrType.Union u -> (XdrCodec<Object>) codecLocked(u.type());
        };
    }

    private static XdrCodec<?> scalar(XdrType.Scalar s) {
        return switch (s) {
            case INT, UNSIGNED_INT -> new XdrCodec<Integer>() {
                public void encode(XdrWriter out, Integer v) { out.writeInt(v); }
                public Integer decode(XdrReader in) { return in.readInt(); }
            };
            case HYPER, UNSIGNED_HYPER -> new XdrCodec<Long>() {
                public void encode(XdrWriter out, Long v) { out.writeHyper(v); }
                public Long decode(XdrReader in) { return in.readHyper(); }
            };
            // rpcgen's xdr_char/xdr_u_char (and _short): an int on the wire, truncated on decode as glibc does.
            case CHAR -> new XdrCodec<Byte>() {
                public void encode(XdrWriter out, Byte v) { out.writeInt(v); }
                public Byte decode(XdrReader in) { return (byte) in.readInt(); }
            };
            case UNSIGNED_CHAR -> new XdrCodec<Byte>() {
                public void encode(XdrWriter out, Byte v) { out.writeInt(v & 0xff); }
                public Byte decode(XdrReader in) { return (byte) in.readInt(); }
            };
            case SHORT -> new XdrCodec<Short>() {
                public void encode(XdrWriter out, Short v) { out.writeInt(v); }
                public Short decode(XdrReader in) { return (short) in.readInt(); }
            };
            case UNSIGNED_SHORT -> new XdrCodec<Short>() {
                public void encode(XdrWriter out, Short v) { out.writeInt(v & 0xffff); }
                public Short decode(XdrReader in) { return (short) in.readInt(); }
            };
            case BOOL -> new XdrCodec<Boolean>() {
                public void encode(XdrWriter out, Boolean v) { out.writeBool(v); }
                public Boolean decode(XdrReader in) { return in.readBool(); }
            };
            case FLOAT -> new XdrCodec<Float>() {
                public void encode(XdrWriter out, Float v) { out.writeFloat(v); }
                public Float decode(XdrReader in) { return in.readFloat(); }
            };
            case DOUBLE -> new XdrCodec<Double>() {
                public void encode(XdrWriter out, Double v) { out.writeDouble(v); }
                public Double decode(XdrReader in) { return in.readDouble(); }
            };
        };
    }

    /** Wraps a codec of a non-optional item so that a null value fails with a message naming {@code where}. */
    private static XdrCodec<Object> required(XdrType t, XdrCodec<Object> c) {
        if (t instanceof XdrType.Optional) {
            return c;
        }
        return new XdrCodec<>() {
            public void encode(XdrWriter out, Object v) {
                if (v == null) {
                    throw new XdrException("null value for non-optional " + t.describe());
                }
                c.encode(out, v);
            }

            public Object decode(XdrReader in) {
                return c.decode(in);
            }
        };
    }

    private record OptionalCodec(XdrCodec<Object> element) implements XdrCodec<Object> {
        public void encode(XdrWriter out, Object v) {
            out.writeBool(v != null);
            if (v != null) {
                element.encode(out, v);
            }
        }

        public Object decode(XdrReader in) {
            return in.readBool() ? element.decode(in) : null;
        }
    }

    private record ArrayCodec(XdrType.Array type, XdrCodec<Object> element) implements XdrCodec<Object> {
        public void encode(XdrWriter out, Object v) {
            List<?> list = (List<?>) v;
            if (type.fixed()) {
                if (list.size() != type.size()) {
                    throw new XdrException("fixed array of " + type.size() + " given " + list.size() + " elements");
                }
            } else {
                out.writeLength(list.size(), type.size());
            }
            for (Object e : list) {
                element.encode(out, e);
            }
        }

        public Object decode(XdrReader in) {
            int n;
            if (type.fixed()) {
                n = (int) type.size();
                if ((long) n * XdrReader.MIN_ITEM_SIZE > in.remaining()) {
                    throw new XdrException("fixed array of " + n + " needs more than " + in.remaining() + " bytes");
                }
            } else {
                n = in.readLength(type.size(), XdrReader.MIN_ITEM_SIZE);
            }
            List<Object> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(element.decode(in));
            }
            return Collections.unmodifiableList(out);
        }
    }

    private record Member(String name, XdrCodec<Object> codec, Method getter) {
    }

    private XdrCodec<?> structCodec(Class<? extends Record> type) {
        RecordComponent[] rcs = type.getRecordComponents();
        Member[] members = new Member[rcs.length];
        Class<?>[] ctorTypes = new Class<?>[rcs.length];
        try {
            for (int i = 0; i < rcs.length; i++) {
                XdrType t = XdrType.of(rcs[i]);
                Method getter = rcs[i].getAccessor();
                checkAccess(getter);
                members[i] = new Member(rcs[i].getName(), required(t, codecFor(t)), getter);
                ctorTypes[i] = rcs[i].getType();
            }
            Constructor<?> ctor = type.getDeclaredConstructor(ctorTypes);
            checkAccess(ctor);
            return new StructCodec(type, members, ctor);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot access record " + type.getName(), e);
        }
    }

    /**
     * Core reflection rather than method handles: deriving ~740 protocol codecs with {@code asSpreader}/{@code
     * asType} spun a lambda form per shape (about 7 ms a type on a loaded 2-core machine); reflection costs little
     * to set up and, since JDK 18, calls through method handles internally once hot.
     */
    private void checkAccess(java.lang.reflect.Executable e) throws IllegalAccessException {
        if (!java.lang.reflect.Modifier.isPublic(e.getModifiers())
                || !java.lang.reflect.Modifier.isPublic(e.getDeclaringClass().getModifiers())
                || !e.getDeclaringClass().getModule().isExported(e.getDeclaringClass().getPackageName())) {
            // Not public: allowed only when the lookup this XdrCodecs was given can reach it (e.g. a test's records).
            lookup.accessClass(e.getDeclaringClass());
            if (!e.trySetAccessible()) {
                throw new IllegalAccessException("cannot open " + e);
            }
        }
    }

    private record StructCodec(Class<?> type, Member[] members, Constructor<?> ctor) implements XdrCodec<Object> {
        public void encode(XdrWriter out, Object v) {
            for (Member m : members) {
                Object field;
                try {
                    field = m.getter.invoke(v);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
                try {
                    m.codec.encode(out, field);
                } catch (XdrException e) {
                    throw new XdrException(type.getSimpleName() + "." + m.name + ": " + e.getMessage(), e);
                }
            }
        }

        public Object decode(XdrReader in) {
            Object[] args = new Object[members.length];
            for (int i = 0; i < members.length; i++) {
                try {
                    args[i] = members[i].codec.decode(in);
                } catch (XdrException e) {
                    throw new XdrException(type.getSimpleName() + "." + members[i].name + ": " + e.getMessage(), e);
                }
            }
            try {
                return ctor.newInstance(args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                // A compact constructor's own validation rejected the decoded values.
                throw new XdrException(type.getSimpleName() + ": " + e.getCause().getMessage(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private XdrCodec<?> unionCodec(Class<?> type) {
        Map<Integer, XdrCodec<Object>> byValue = new HashMap<>();
        Map<Class<?>, Integer> byClass = new HashMap<>();
        Map<Class<?>, XdrCodec<Object>> byClassCodec = new HashMap<>();
        for (XdrType.Arm arm : XdrType.armsOf(type)) {
            XdrCodec<Object> c = structCodecUnchecked(arm.type());
            if (byValue.put(arm.value(), c) != null) {
                throw new IllegalArgumentException(type.getName() + ": two arms for case " + arm.value());
            }
            byClass.put(arm.type(), arm.value());
            byClassCodec.put(arm.type(), c);
        }
        return new UnionCodec(type, Map.copyOf(byValue), Map.copyOf(byClass), Map.copyOf(byClassCodec));
    }

    @SuppressWarnings("unchecked")
    private XdrCodec<Object> structCodecUnchecked(Class<? extends Record> arm) {
        XdrCodec<?> c = structCodec(arm);
        return (XdrCodec<Object>) c;
    }

    private record UnionCodec(Class<?> type, Map<Integer, XdrCodec<Object>> byValue, Map<Class<?>, Integer> byClass,
                              Map<Class<?>, XdrCodec<Object>> byClassCodec) implements XdrCodec<Object> {
        public void encode(XdrWriter out, Object v) {
            Integer disc = byClass.get(v.getClass());
            if (disc == null) {
                throw new XdrException(type.getSimpleName() + ": no arm for " + v.getClass().getName());
            }
            out.writeInt(disc);
            byClassCodec.get(v.getClass()).encode(out, v);
        }

        public Object decode(XdrReader in) {
            int disc = in.readInt();
            XdrCodec<Object> arm = byValue.get(disc);
            if (arm == null) {
                throw new XdrException(type.getSimpleName() + ": no arm for discriminant " + disc);
            }
            return arm.decode(in);
        }
    }

    /** Stands for a type still being built; resolves through the finished cache on first use. */
    private record Forward<T>(XdrCodecs owner, Class<T> type) implements XdrCodec<T> {
        public void encode(XdrWriter out, T value) {
            owner.codec(type).encode(out, value);
        }

        public T decode(XdrReader in) {
            return owner.codec(type).decode(in);
        }
    }
}
