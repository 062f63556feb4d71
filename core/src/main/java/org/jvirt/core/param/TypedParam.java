package org.jvirt.core.param;

/**
 * One of libvirt's typed parameters ({@code virTypedParameter}): a named value of one of six types. The type numbers
 * are libvirt's {@code virTypedParameterType}, which is also the discriminant on the wire.
 */
public sealed interface TypedParam {
    int TYPE_INT = 1;
    int TYPE_UINT = 2;
    int TYPE_LLONG = 3;
    int TYPE_ULLONG = 4;
    int TYPE_DOUBLE = 5;
    int TYPE_BOOLEAN = 6;
    int TYPE_STRING = 7;

    String field();

    int type();

    /** The value as virsh prints it ({@code vshGetTypedParamValue}). */
    String valueString();

    record IntParam(String field, int value) implements TypedParam {
        public int type() { return TYPE_INT; }
        public String valueString() { return Integer.toString(value); }
    }

    record UIntParam(String field, int value) implements TypedParam {
        public int type() { return TYPE_UINT; }
        public String valueString() { return Integer.toUnsignedString(value); }
    }

    record LLongParam(String field, long value) implements TypedParam {
        public int type() { return TYPE_LLONG; }
        public String valueString() { return Long.toString(value); }
    }

    record ULLongParam(String field, long value) implements TypedParam {
        public int type() { return TYPE_ULLONG; }
        public String valueString() { return Long.toUnsignedString(value); }
    }

    record DoubleParam(String field, double value) implements TypedParam {
        public int type() { return TYPE_DOUBLE; }
        public String valueString() { return String.format(java.util.Locale.ROOT, "%f", value); }
    }

    record BooleanParam(String field, boolean value) implements TypedParam {
        public int type() { return TYPE_BOOLEAN; }
        public String valueString() { return value ? "yes" : "no"; }
    }

    record StringParam(String field, String value) implements TypedParam {
        public int type() { return TYPE_STRING; }
        public String valueString() { return value; }
    }
}
