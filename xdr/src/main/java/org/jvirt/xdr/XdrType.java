package org.jvirt.xdr;

import java.lang.reflect.AnnotatedArrayType;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.List;

/**
 * The XDR shape of a Java type, read from its annotations. Codecs are compiled from it and the ABI snapshot of
 * the protocol is written from its {@link #describe()} text, so the two cannot disagree.
 */
public sealed interface XdrType {
    /** The largest length XDR can express: what {@code <>} means. */
    long UNBOUNDED = 0xFFFF_FFFFL;

    /** Text in {@code .x} syntax, e.g. {@code unsigned hyper}, {@code string<4194304>}, {@code remote.NonnullDomain*}. */
    String describe();

    /** Fixed-size scalars. rpcgen's {@code char} and {@code short} take four bytes on the wire, like an int. */
    enum Scalar implements XdrType {
        INT("int"), UNSIGNED_INT("unsigned int"), HYPER("hyper"), UNSIGNED_HYPER("unsigned hyper"), BOOL("bool"),
        FLOAT("float"), DOUBLE("double"), CHAR("char"), UNSIGNED_CHAR("unsigned char"), SHORT("short"),
        UNSIGNED_SHORT("unsigned short");

        private final String text;

        Scalar(String text) {
            this.text = text;
        }

        @Override
        public String describe() {
            return text;
        }
    }

    record Str(long max) implements XdrType {
        @Override
        public String describe() {
            return "string" + bound(false, max);
        }
    }

    record Opaque(boolean fixed, long size) implements XdrType {
        @Override
        public String describe() {
            return "opaque" + bound(fixed, size);
        }
    }

    record Array(XdrType element, boolean fixed, long size) implements XdrType {
        @Override
        public String describe() {
            return element.describe() + bound(fixed, size);
        }
    }

    record Optional(XdrType element) implements XdrType {
        @Override
        public String describe() {
            return element.describe() + "*";
        }
    }

    record Struct(Class<? extends Record> type) implements XdrType {
        @Override
        public String describe() {
            return shortName(type);
        }
    }

    record Union(Class<?> type) implements XdrType {
        @Override
        public String describe() {
            return shortName(type);
        }
    }

    private static String bound(boolean fixed, long n) {
        if (fixed) {
            return "[" + n + "]";
        }
        return n == UNBOUNDED ? "<>" : "<" + n + ">";
    }

    /** {@code org.jvirt.rpc.protocol.remote.NonnullDomain} → {@code remote.NonnullDomain}. */
    static String shortName(Class<?> c) {
        String pkg = c.getPackageName();
        String last = pkg.substring(pkg.lastIndexOf('.') + 1);
        String nested = c.getName().substring(pkg.length() + 1).replace('$', '.');
        return last.isEmpty() ? nested : last + "." + nested;
    }

    /** One component of a struct, in wire order. */
    record Field(String name, XdrType type) {
    }

    /** One arm of a union: its discriminant, its record, and its value (no field for a {@code void} arm). */
    record Arm(int value, Class<? extends Record> type, List<Field> fields) {
    }

    /** The fields of a record type in wire order (component order). */
    static List<Field> fieldsOf(Class<? extends Record> type) {
        RecordComponent[] rcs = type.getRecordComponents();
        Field[] out = new Field[rcs.length];
        for (int i = 0; i < rcs.length; i++) {
            out[i] = new Field(rcs[i].getName(), of(rcs[i]));
        }
        return List.of(out);
    }

    /** The arms of a union (a sealed interface of {@link XdrCase} records), in declaration order of permits. */
    static List<Arm> armsOf(Class<?> union) {
        if (!union.isSealed()) {
            throw new IllegalArgumentException(union.getName() + " is not a sealed interface");
        }
        Class<?>[] permitted = union.getPermittedSubclasses();
        Arm[] out = new Arm[permitted.length];
        for (int i = 0; i < permitted.length; i++) {
            Class<?> c = permitted[i];
            XdrCase xc = c.getAnnotation(XdrCase.class);
            if (!c.isRecord() || xc == null) {
                throw new IllegalArgumentException(c.getName() + " must be a record annotated @XdrCase");
            }
            List<Field> fields = fieldsOf(c.asSubclass(Record.class));
            if (fields.size() > 1) {
                throw new IllegalArgumentException(c.getName() + " has more than one component");
            }
            out[i] = new Arm(xc.value(), c.asSubclass(Record.class), fields);
        }
        return List.of(out);
    }

    /** The XDR type of one record component. */
    static XdrType of(RecordComponent rc) {
        try {
            return of(rc.getAnnotatedType());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(rc.getDeclaringRecord().getName() + "." + rc.getName() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The XDR type of an annotated Java type; throws {@link IllegalArgumentException} for unsupported ones. */
    static XdrType of(AnnotatedType at) {
        if (at.isAnnotationPresent(XdrOptional.class)) {
            return new Optional(ofRequired(at));
        }
        return ofRequired(at);
    }

    private static XdrType ofRequired(AnnotatedType at) {
        boolean unsigned = at.isAnnotationPresent(XdrUnsigned.class);
        XdrMax max = at.getAnnotation(XdrMax.class);
        XdrFixed fixed = at.getAnnotation(XdrFixed.class);
        if (at instanceof AnnotatedArrayType arr && arr.getType() == byte[].class) {
            // "@XdrFixed(16) byte[] uuid" puts the annotation on the element type byte: read it from there too.
            AnnotatedType elem = arr.getAnnotatedGenericComponentType();
            max = max != null ? max : elem.getAnnotation(XdrMax.class);
            fixed = fixed != null ? fixed : elem.getAnnotation(XdrFixed.class);
            return fixed != null ? new Opaque(true, fixed.value()) : new Opaque(false, bound(max));
        }
        if (at instanceof AnnotatedParameterizedType pt && pt.getType() instanceof ParameterizedType p
                && p.getRawType() == List.class) {
            XdrType element = of(pt.getAnnotatedActualTypeArguments()[0]);
            return fixed != null ? new Array(element, true, fixed.value()) : new Array(element, false, bound(max));
        }
        if (!(at.getType() instanceof Class<?> c)) {
            throw new IllegalArgumentException("unsupported type " + at.getType());
        }
        if (c == int.class || c == Integer.class) {
            return unsigned ? Scalar.UNSIGNED_INT : Scalar.INT;
        }
        if (c == long.class || c == Long.class) {
            return unsigned ? Scalar.UNSIGNED_HYPER : Scalar.HYPER;
        }
        if (c == byte.class || c == Byte.class) {
            return unsigned ? Scalar.UNSIGNED_CHAR : Scalar.CHAR;
        }
        if (c == short.class || c == Short.class) {
            return unsigned ? Scalar.UNSIGNED_SHORT : Scalar.SHORT;
        }
        if (c == boolean.class || c == Boolean.class) {
            return Scalar.BOOL;
        }
        if (c == float.class || c == Float.class) {
            return Scalar.FLOAT;
        }
        if (c == double.class || c == Double.class) {
            return Scalar.DOUBLE;
        }
        if (c == String.class) {
            return new Str(bound(max));
        }
        if (c.isRecord()) {
            return new Struct(c.asSubclass(Record.class));
        }
        if (c.isInterface() && c.isSealed()) {
            return new Union(c);
        }
        throw new IllegalArgumentException("unsupported type " + c.getName());
    }

    private static long bound(XdrMax max) {
        return max == null ? UNBOUNDED : max.value();
    }
}
