package org.jvirt.xdrgen;

import java.util.Set;

/**
 * A resolved XDR type, typedefs inlined. {@link #describe()} must produce exactly what
 * {@code org.jvirt.xdr.XdrType.describe()} produces for the generated Java type: the ABI snapshot is written from
 * one and checked against the other.
 */
sealed interface JType {
    String describe();

    /** A bound: value, and the owning program and Java constant name when the spec named a constant. */
    record Bound(long value, Program owner, String constant) {
    }

    record Scalar(String xdr) implements JType {
        @Override
        public String describe() {
            return xdr;
        }
    }

    record Str(Bound bound) implements JType {
        @Override
        public String describe() {
            return "string" + text(false, bound);
        }
    }

    record Opaque(boolean fixed, Bound bound) implements JType {
        @Override
        public String describe() {
            return "opaque" + text(fixed, bound);
        }
    }

    record Arr(JType element, boolean fixed, Bound bound) implements JType {
        @Override
        public String describe() {
            return element.describe() + text(fixed, bound);
        }
    }

    record Opt(JType element) implements JType {
        @Override
        public String describe() {
            return element.describe() + "*";
        }
    }

    record Ref(Program owner, String javaName, boolean union) implements JType {
        @Override
        public String describe() {
            return owner.key() + "." + javaName;
        }
    }

    private static String text(boolean fixed, Bound b) {
        if (fixed) {
            return "[" + b.value() + "]";
        }
        return b == null ? "<>" : "<" + b.value() + ">";
    }

    /**
     * Java source for this type as a record component or type argument.
     *
     * @param ctx the program whose package the source is in (other packages' names are imported)
     * @param boxed whether a primitive must be boxed (type arguments, optional values)
     * @param shadowed simple names that a nested type hides in this file, written as {@code java.lang.@A Name}
     */
    default String java(Program ctx, boolean boxed, Set<String> imports, Set<String> shadowed) {
        return switch (this) {
            case Scalar s -> {
                String[] p = switch (s.xdr()) {
                    case "int" -> new String[] {"", "int", "Integer"};
                    case "unsigned int" -> new String[] {"@XdrUnsigned ", "int", "Integer"};
                    case "hyper" -> new String[] {"", "long", "Long"};
                    case "unsigned hyper" -> new String[] {"@XdrUnsigned ", "long", "Long"};
                    case "char" -> new String[] {"", "byte", "Byte"};
                    case "unsigned char" -> new String[] {"@XdrUnsigned ", "byte", "Byte"};
                    case "short" -> new String[] {"", "short", "Short"};
                    case "unsigned short" -> new String[] {"@XdrUnsigned ", "short", "Short"};
                    case "bool" -> new String[] {"", "boolean", "Boolean"};
                    case "float" -> new String[] {"", "float", "Float"};
                    case "double" -> new String[] {"", "double", "Double"};
                    default -> throw new IllegalStateException(s.xdr());
                };
                if (!p[0].isEmpty()) {
                    imports.add("org.jvirt.xdr.XdrUnsigned");
                }
                yield boxed ? lang(p[0], p[2], shadowed) : p[0] + p[1];
            }
            case Str s -> lang(max(s.bound(), ctx, imports), "String", shadowed);
            case Opaque o -> (o.fixed() ? fixed(o.bound(), ctx, imports) : max(o.bound(), ctx, imports)) + "byte[]";
            case Arr a -> {
                imports.add("java.util.List");
                String ann = a.fixed() ? fixed(a.bound(), ctx, imports) : max(a.bound(), ctx, imports);
                yield ann + "List<" + a.element().java(ctx, true, imports, shadowed) + ">";
            }
            case Opt o -> {
                imports.add("org.jvirt.xdr.XdrOptional");
                String inner = o.element().java(ctx, true, imports, shadowed);
                // "java.lang.@A String" must keep the qualifier in front of every annotation.
                yield inner.startsWith("java.lang.") ? "java.lang.@XdrOptional " + inner.substring(10)
                        : "@XdrOptional " + inner;
            }
            case Ref r -> {
                if (r.owner() != ctx) {
                    imports.add(r.owner().pkg() + "." + r.javaName());
                }
                yield r.javaName();
            }
        };
    }

    private static String lang(String annotations, String name, Set<String> shadowed) {
        return shadowed.contains(name) ? "java.lang." + annotations + name : annotations + name;
    }

    private static String max(Bound b, Program ctx, Set<String> imports) {
        if (b == null) {
            return "";
        }
        imports.add("org.jvirt.xdr.XdrMax");
        return "@XdrMax(" + expr(b, ctx, imports) + ") ";
    }

    private static String fixed(Bound b, Program ctx, Set<String> imports) {
        imports.add("org.jvirt.xdr.XdrFixed");
        return "@XdrFixed(" + expr(b, ctx, imports) + ") ";
    }

    private static String expr(Bound b, Program ctx, Set<String> imports) {
        if (b.constant() == null) {
            return Long.toString(b.value());
        }
        String cls = b.owner().constantsClass();
        if (b.owner() != ctx) {
            imports.add(b.owner().pkg() + "." + cls);
        }
        return cls + "." + b.constant();
    }
}
