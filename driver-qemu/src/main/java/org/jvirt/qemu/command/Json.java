package org.jvirt.qemu.command;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tiny ordered JSON object writer: libvirt prints -device/-blockdev/-object values as compact JSON in the
 * order the properties were added, so key order is part of the expected output.
 */
final class Json {
    private final Map<String, Object> props = new LinkedHashMap<>();

    static Json obj() {
        return new Json();
    }

    Json put(String k, Object v) {
        if (v != null) {
            props.put(k, v);
        }
        return this;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (var e : props.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            str(sb, e.getKey());
            sb.append(':');
            Object v = e.getValue();
            if (v instanceof String s) {
                str(sb, s);
            } else {
                sb.append(v);
            }
        }
        return sb.append('}').toString();
    }

    private static void str(StringBuilder sb, String s) {
        sb.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
