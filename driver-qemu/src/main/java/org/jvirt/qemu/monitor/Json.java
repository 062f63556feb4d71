package org.jvirt.qemu.monitor;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON value, as small as QMP needs. The JDK has no JSON API and a library would be the driver's only third-party
 * dependency for ~300 lines of code, so jvirt has its own: strict RFC 8259 parsing ({@link JsonParser}), object member
 * order kept (QEMU's order is meaningful to libvirt, e.g. query-machines), numbers kept as their source text so a
 * 64-bit unsigned size survives unchanged.
 */
public sealed interface Json permits Json.Obj, Json.Arr, Json.Str, Json.Num, Json.Bool, Json.Null {

    Null NULL = new Null();
    Bool TRUE = new Bool(true);
    Bool FALSE = new Bool(false);

    /** An object; members keep their order. */
    record Obj(Map<String, Json> members) implements Json {
        public Obj {
            members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
        }

        public Json get(String key) {
            return members.get(key);
        }

        public boolean has(String key) {
            return members.containsKey(key);
        }

        /** The member as a string, or null when absent or not a string. */
        public String str(String key) {
            return members.get(key) instanceof Str s ? s.value() : null;
        }

        public boolean bool(String key, boolean dflt) {
            return members.get(key) instanceof Bool b ? b.value() : dflt;
        }

        public long num(String key, long dflt) {
            return members.get(key) instanceof Num n ? n.longValue() : dflt;
        }

        public Obj obj(String key) {
            return members.get(key) instanceof Obj o ? o : null;
        }

        public List<Json> arr(String key) {
            return members.get(key) instanceof Arr a ? a.items() : List.of();
        }
    }

    record Arr(List<Json> items) implements Json {
        public Arr {
            items = List.copyOf(items);
        }
    }

    record Str(String value) implements Json {
        public Str {
            if (value == null) {
                throw new NullPointerException("a JSON string cannot be null; use Json.NULL");
            }
        }
    }

    /** A number kept as its JSON text. */
    record Num(String text) implements Json {
        public long longValue() {
            return new BigDecimal(text).longValue();
        }

        public double doubleValue() {
            return Double.parseDouble(text);
        }
    }

    record Bool(boolean value) implements Json {}

    record Null() implements Json {}

    static Json of(String s) {
        return new Str(s);
    }

    static Json of(long n) {
        return new Num(Long.toString(n));
    }

    static Json of(boolean b) {
        return b ? TRUE : FALSE;
    }

    static Json.Obj object(Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs");
        }
        Map<String, Json> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            Object v = keyValues[i + 1];
            m.put((String) keyValues[i], switch (v) {
                case Json j -> j;
                case String s -> new Str(s);
                case Boolean b -> of(b);
                case Integer n -> of(n);
                case Long n -> of(n);
                case List<?> l -> new Arr(l.stream().map(x -> x instanceof Json j ? j : new Str((String) x)).toList());
                default -> throw new IllegalArgumentException("no JSON form for " + v.getClass());
            });
        }
        return new Obj(m);
    }

    static Json parse(String text) {
        return JsonParser.parse(text);
    }

    /** Compact JSON text, the form sent to QEMU. */
    default String write() {
        StringBuilder b = new StringBuilder();
        write(this, b);
        return b.toString();
    }

    private static void write(Json j, StringBuilder b) {
        switch (j) {
            case Obj o -> {
                b.append('{');
                boolean first = true;
                for (var e : o.members().entrySet()) {
                    if (!first) {
                        b.append(',');
                    }
                    first = false;
                    quote(e.getKey(), b);
                    b.append(':');
                    write(e.getValue(), b);
                }
                b.append('}');
            }
            case Arr a -> {
                b.append('[');
                for (int i = 0; i < a.items().size(); i++) {
                    if (i > 0) {
                        b.append(',');
                    }
                    write(a.items().get(i), b);
                }
                b.append(']');
            }
            case Str s -> quote(s.value(), b);
            case Num n -> b.append(n.text());
            case Bool bo -> b.append(bo.value());
            case Null ignored -> b.append("null");
        }
    }

    private static void quote(String s, StringBuilder b) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
