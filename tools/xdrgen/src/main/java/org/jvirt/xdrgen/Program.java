package org.jvirt.xdrgen;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code .x} file with its naming rules and the programs whose names it may use (qemu and lxc use remote's
 * types). Resolves declarations into {@link JType}s.
 *
 * @param key the last package segment and the prefix of names in the ABI snapshot ({@code remote})
 * @param cPrefix the prefix of type names dropped in Java ({@code remote_}, {@code virNet})
 * @param constPrefix the prefix of constant and enum member names dropped in Java ({@code REMOTE_})
 * @param javaPrefix the prefix of the generated holder classes ({@code RemoteConstants}, {@code RemoteProcedures})
 */
record Program(String key, String file, String cPrefix, String constPrefix, String javaPrefix, XSpec spec,
               List<Program> imports, Map<String, XSpec.Def> defs) {

    static final String BASE_PACKAGE = "org.jvirt.rpc.protocol";

    /**
     * Constants the {@code .x} files take from libvirt's C headers: include/libvirt/libvirt-host.h
     * ({@code VIR_UUID_BUFLEN}, {@code VIR_SECURITY_*_BUFLEN}) and libvirt-common.h.in ({@code virTypedParameterType}).
     */
    static final Map<String, Long> EXTERNAL = Map.ofEntries(
            Map.entry("VIR_UUID_BUFLEN", 16L),
            Map.entry("VIR_SECURITY_MODEL_BUFLEN", 257L),
            Map.entry("VIR_SECURITY_LABEL_BUFLEN", 4097L),
            Map.entry("VIR_SECURITY_DOI_BUFLEN", 257L),
            Map.entry("VIR_TYPED_PARAM_INT", 1L),
            Map.entry("VIR_TYPED_PARAM_UINT", 2L),
            Map.entry("VIR_TYPED_PARAM_LLONG", 3L),
            Map.entry("VIR_TYPED_PARAM_ULLONG", 4L),
            Map.entry("VIR_TYPED_PARAM_DOUBLE", 5L),
            Map.entry("VIR_TYPED_PARAM_BOOLEAN", 6L),
            Map.entry("VIR_TYPED_PARAM_STRING", 7L));

    static Program of(String key, String file, String cPrefix, String constPrefix, String javaPrefix, XSpec spec,
                      List<Program> imports) {
        Map<String, XSpec.Def> defs = new LinkedHashMap<>();
        for (XSpec.Def d : spec.defs()) {
            if (defs.put(d.name(), d) != null) {
                throw new IllegalArgumentException(file + ": " + d.name() + " defined twice");
            }
        }
        return new Program(key, file, cPrefix, constPrefix, javaPrefix, spec, List.copyOf(imports), defs);
    }

    String pkg() {
        return BASE_PACKAGE + "." + key;
    }

    String constantsClass() {
        return javaPrefix + "Constants";
    }

    /** The procedure enum ({@code remote_procedure}), if this file has one. */
    XSpec.EnumDef procedureEnum() {
        return defs.get(cPrefix + "procedure") instanceof XSpec.EnumDef e ? e : null;
    }

    String javaName(XSpec.Def d) {
        return Names.type(d.name(), cPrefix);
    }

    /** A definition and the program that owns it. */
    record Owned(Program owner, XSpec.Def def) {
    }

    Owned lookup(String name) {
        XSpec.Def d = defs.get(name);
        if (d != null) {
            return new Owned(this, d);
        }
        for (Program p : imports) {
            Owned o = p.lookup(name);
            if (o != null) {
                return o;
            }
        }
        return null;
    }

    /** The numeric value of a literal or constant name. */
    long value(String v) {
        if (v.matches("-?[0-9].*")) {
            boolean neg = v.startsWith("-");
            String s = neg ? v.substring(1) : v;
            long n = s.startsWith("0x") || s.startsWith("0X") ? Long.parseLong(s.substring(2), 16)
                    : s.length() > 1 && s.startsWith("0") ? Long.parseLong(s.substring(1), 8) : Long.parseLong(s);
            return neg ? -n : n;
        }
        Owned o = lookup(v);
        if (o != null && o.def() instanceof XSpec.Const c) {
            return o.owner().value(c.value());
        }
        if (o == null) {
            for (Program p : allPrograms()) {
                for (XSpec.Def d : p.spec.defs()) {
                    if (d instanceof XSpec.EnumDef e) {
                        for (XSpec.EnumMember m : e.members()) {
                            if (m.name().equals(v)) {
                                return p.value(m.value());
                            }
                        }
                    }
                }
            }
        }
        Long ext = EXTERNAL.get(v);
        if (ext == null) {
            throw new IllegalArgumentException(file + ": unknown constant " + v);
        }
        return ext;
    }

    private List<Program> allPrograms() {
        java.util.ArrayList<Program> all = new java.util.ArrayList<>();
        all.add(this);
        all.addAll(imports);
        return all;
    }

    /** A bound: its value, and the Java expression naming it when the {@code .x} file named a constant. */
    JType.Bound bound(String v) {
        if (v == null) {
            return null;
        }
        long n = value(v);
        Owned o = v.matches("-?[0-9].*") ? null : lookup(v);
        if (o != null && o.def() instanceof XSpec.Const) {
            return new JType.Bound(n, o.owner(), Names.constant(v, o.owner().constPrefix));
        }
        return new JType.Bound(n, null, null);
    }

    /** The resolved type of a declaration made in this program. */
    JType resolve(XSpec.Decl d) {
        boolean opaque = d.type().equals("opaque");
        boolean string = d.type().equals("string");
        JType.Bound b = bound(d.bound());
        return switch (d.shape()) {
            case PLAIN -> {
                if (opaque || string) {
                    throw new IllegalArgumentException(file + ": " + d.type() + " " + d.name() + " needs a bound");
                }
                yield base(d.type());
            }
            case FIXED -> opaque ? new JType.Opaque(true, b) : new JType.Arr(base(d.type()), true, b);
            case VARIABLE -> opaque ? new JType.Opaque(false, b)
                    : string ? new JType.Str(b) : new JType.Arr(base(d.type()), false, b);
            case OPTIONAL -> new JType.Opt(base(d.type()));
        };
    }

    private JType base(String type) {
        switch (type) {
            case "int", "unsigned int", "hyper", "unsigned hyper", "bool", "float", "double", "char",
                 "unsigned char", "short", "unsigned short" -> {
                return new JType.Scalar(type);
            }
            default -> {
            }
        }
        Owned o = lookup(type);
        if (o == null) {
            throw new IllegalArgumentException(file + ": unknown type " + type);
        }
        return switch (o.def()) {
            case XSpec.Typedef t -> o.owner().resolve(t.decl());
            case XSpec.EnumDef e -> new JType.Scalar("int");
            case XSpec.StructDef s -> new JType.Ref(o.owner(), o.owner().javaName(s), false);
            case XSpec.UnionDef u -> new JType.Ref(o.owner(), o.owner().javaName(u), true);
            case XSpec.Const c -> throw new IllegalArgumentException(file + ": constant " + type + " used as type");
        };
    }
}
