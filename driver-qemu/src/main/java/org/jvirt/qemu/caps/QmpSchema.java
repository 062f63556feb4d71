package org.jvirt.qemu.caps;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jvirt.qemu.monitor.Json;

/**
 * Queries over query-qmp-schema, in libvirt's notation (virQEMUQAPISchemaPathGet): a path starts at a command or
 * event name, {@code arg-type} / {@code ret-type} follow to that type, a plain name follows an object member to its
 * type, {@code +case} requires a union variant, {@code ^value} an enum value. Arrays are stepped through. This is how
 * compile-time options of a QEMU build (SDL, D-Bus display, ...) are seen without guessing from its version.
 */
public final class QmpSchema {
    private final Map<String, Json.Obj> entries = new HashMap<>();

    public QmpSchema(Json reply) {
        if (reply instanceof Json.Arr a) {
            for (Json j : a.items()) {
                Json.Obj o = (Json.Obj) j;
                entries.put(o.str("name"), o);
            }
        }
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public boolean has(String path) {
        String[] parts = path.split("/");
        Json.Obj cur = entries.get(parts[0]);
        for (int i = 1; i < parts.length && cur != null; i++) {
            cur = unwrapArray(cur);
            String p = parts[i];
            if (p.equals("arg-type") || p.equals("ret-type")) {
                cur = entries.get(cur.str(p));
            } else if (p.startsWith("^")) {
                return enumHas(cur, p.substring(1)) && i == parts.length - 1;
            } else if (p.startsWith("+")) {
                cur = variant(cur, p.substring(1));
            } else {
                cur = member(cur, p);
            }
        }
        return cur != null;
    }

    private Json.Obj unwrapArray(Json.Obj o) {
        while (o != null && "array".equals(o.str("meta-type"))) {
            o = entries.get(o.str("element-type"));
        }
        return o;
    }

    private Json.Obj member(Json.Obj o, String name) {
        for (Json m : o.arr("members")) {
            Json.Obj mo = (Json.Obj) m;
            if (name.equals(mo.str("name"))) {
                return entries.get(mo.str("type"));
            }
        }
        return null;
    }

    private Json.Obj variant(Json.Obj o, String name) {
        for (Json v : o.arr("variants")) {
            Json.Obj vo = (Json.Obj) v;
            if (name.equals(vo.str("case"))) {
                return entries.get(vo.str("type"));
            }
        }
        return null;
    }

    private static boolean enumHas(Json.Obj o, String value) {
        if (!"enum".equals(o.str("meta-type"))) {
            return false;
        }
        for (Json v : o.arr("values")) {
            if (v instanceof Json.Str s && s.value().equals(value)) {
                return true;
            }
        }
        for (Json m : o.arr("members")) {
            if (value.equals(((Json.Obj) m).str("name"))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QmpSchema s && entries.equals(s.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    List<String> names() {
        return List.copyOf(entries.keySet());
    }
}
