package org.jvirt.xdrgen;

import java.util.List;

/** The definitions of one {@code .x} file, in file order, as parsed (names and bounds not yet resolved). */
record XSpec(String file, List<Def> defs) {

    /** A top-level definition. {@code line} is where it starts, for the generated Javadoc. */
    sealed interface Def permits Const, Typedef, EnumDef, StructDef, UnionDef {
        String name();

        int line();
    }

    /** {@code const NAME = value;} where value is a number or another constant's name. */
    record Const(String name, String value, int line) implements Def {
    }

    record Typedef(Decl decl, int line) implements Def {
        @Override
        public String name() {
            return decl.name();
        }
    }

    /** {@code comment} is the comment right before the member: libvirt's procedure annotations live there. */
    record EnumMember(String name, String value, String comment) {
    }

    record EnumDef(String name, List<EnumMember> members, int line) implements Def {
    }

    record StructDef(String name, List<Decl> fields, int line) implements Def {
    }

    /** One {@code case LABEL: decl;}; {@code arm} is a void decl for {@code void}. */
    record Case(String label, Decl arm) {
    }

    record UnionDef(String name, Decl discriminant, List<Case> cases, Decl defaultArm, int line) implements Def {
    }

    /** How a declarator shapes its type: {@code x}, {@code x[n]}, {@code x<n>}, {@code x<>}, {@code *x}. */
    enum Shape { PLAIN, FIXED, VARIABLE, OPTIONAL }

    /**
     * One declaration: a type name ({@code int}, {@code unsigned hyper}, {@code opaque}, {@code string}, or a
     * defined name), the declarator's shape, and its bound (a number or constant name; null for {@code <>}).
     * A {@code void} declaration has type "void" and no name.
     */
    record Decl(String type, String name, Shape shape, String bound) {
        boolean isVoid() {
            return type.equals("void");
        }
    }
}
