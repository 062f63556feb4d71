package org.jvirt.xdrgen;

import java.util.ArrayList;
import java.util.List;

/**
 * A parser of the rpcgen dialect libvirt's {@code .x} files use (RFC 4506 section 6 plus rpcgen's {@code %}
 * pass-through lines, {@code unsigned} shorthands and {@code char}). Comments are kept only to hand each enum member
 * the comment before it, where libvirt writes {@code @priority}/{@code @acl} annotations.
 */
final class XParser {
    private record Token(String text, int line, String comment) {
    }

    private final String file;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;

    private XParser(String file, String source) {
        this.file = file;
        lex(source);
    }

    static XSpec parse(String file, String source) {
        XParser p = new XParser(file, source);
        List<XSpec.Def> defs = new ArrayList<>();
        while (p.pos < p.tokens.size()) {
            defs.add(p.definition());
        }
        return new XSpec(file, List.copyOf(defs));
    }

    private void lex(String s) {
        int i = 0;
        int line = 1;
        StringBuilder comment = new StringBuilder();
        boolean atLineStart = true;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\n') {
                line++;
                i++;
                atLineStart = true;
                continue;
            }
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (atLineStart && c == '%') {
                // rpcgen pass-through line (%#include ...): not part of the XDR language.
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            atLineStart = false;
            if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                if (end < 0) {
                    throw error(line, "unterminated comment");
                }
                String text = s.substring(i, end + 2);
                comment.append(text).append('\n');
                line += (int) text.chars().filter(ch -> ch == '\n').count();
                i = end + 2;
                continue;
            }
            if (s.startsWith("//", i)) {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            int start = i;
            if (Character.isLetterOrDigit(c) || c == '_' || c == '-') {
                i++;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
            } else if ("{}()[]<>;,=*:".indexOf(c) >= 0) {
                i++;
            } else {
                throw error(line, "unexpected character '" + c + "'");
            }
            tokens.add(new Token(s.substring(start, i), line, comment.toString()));
            comment.setLength(0);
        }
    }

    private IllegalArgumentException error(int line, String msg) {
        return new IllegalArgumentException(file + ":" + line + ": " + msg);
    }

    private Token peek() {
        if (pos >= tokens.size()) {
            throw error(tokens.isEmpty() ? 0 : tokens.getLast().line(), "unexpected end of file");
        }
        return tokens.get(pos);
    }

    private Token next() {
        Token t = peek();
        pos++;
        return t;
    }

    private boolean accept(String text) {
        if (pos < tokens.size() && tokens.get(pos).text().equals(text)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(String text) {
        Token t = next();
        if (!t.text().equals(text)) {
            throw error(t.line(), "expected '" + text + "' but found '" + t.text() + "'");
        }
    }

    private String identifier() {
        Token t = next();
        if (!Character.isLetter(t.text().charAt(0)) && t.text().charAt(0) != '_') {
            throw error(t.line(), "expected a name but found '" + t.text() + "'");
        }
        return t.text();
    }

    /** A number or a constant's name. */
    private String value() {
        return next().text();
    }

    private XSpec.Def definition() {
        Token t = next();
        int line = t.line();
        XSpec.Def def = switch (t.text()) {
            case "const" -> {
                String name = identifier();
                expect("=");
                yield new XSpec.Const(name, value(), line);
            }
            case "typedef" -> new XSpec.Typedef(declaration(), line);
            case "enum" -> {
                String name = identifier();
                yield new XSpec.EnumDef(name, enumBody(), line);
            }
            case "struct" -> {
                String name = identifier();
                expect("{");
                List<XSpec.Decl> fields = new ArrayList<>();
                while (!accept("}")) {
                    fields.add(declaration());
                    expect(";");
                }
                yield new XSpec.StructDef(name, List.copyOf(fields), line);
            }
            case "union" -> union(line);
            default -> throw error(line, "unexpected '" + t.text() + "' at top level");
        };
        expect(";");
        return def;
    }

    private List<XSpec.EnumMember> enumBody() {
        expect("{");
        List<XSpec.EnumMember> members = new ArrayList<>();
        do {
            Token name = next();
            expect("=");
            members.add(new XSpec.EnumMember(name.text(), value(), name.comment()));
        } while (accept(","));
        expect("}");
        return List.copyOf(members);
    }

    private XSpec.UnionDef union(int line) {
        String name = identifier();
        expect("switch");
        expect("(");
        XSpec.Decl disc = declaration();
        expect(")");
        expect("{");
        List<XSpec.Case> cases = new ArrayList<>();
        XSpec.Decl dflt = null;
        while (!accept("}")) {
            if (accept("default")) {
                expect(":");
                dflt = declaration();
                expect(";");
                continue;
            }
            List<String> labels = new ArrayList<>();
            do {
                expect("case");
                labels.add(value());
                expect(":");
            } while (peek().text().equals("case"));
            XSpec.Decl arm = declaration();
            expect(";");
            for (String label : labels) {
                cases.add(new XSpec.Case(label, arm));
            }
        }
        return new XSpec.UnionDef(name, disc, List.copyOf(cases), dflt, line);
    }

    /** {@code void} | type-specifier declarator, with rpcgen's {@code unsigned} forms. */
    private XSpec.Decl declaration() {
        if (accept("void")) {
            return new XSpec.Decl("void", null, XSpec.Shape.PLAIN, null);
        }
        String type = typeSpecifier();
        if (accept("*")) {
            return new XSpec.Decl(type, identifier(), XSpec.Shape.OPTIONAL, null);
        }
        String name = identifier();
        if (accept("[")) {
            String bound = value();
            expect("]");
            return new XSpec.Decl(type, name, XSpec.Shape.FIXED, bound);
        }
        if (accept("<")) {
            String bound = accept(">") ? null : value();
            if (bound != null) {
                expect(">");
            }
            return new XSpec.Decl(type, name, XSpec.Shape.VARIABLE, bound);
        }
        if (type.equals("string")) {
            throw error(peek().line(), "string " + name + " needs <bound>");
        }
        return new XSpec.Decl(type, name, XSpec.Shape.PLAIN, null);
    }

    private String typeSpecifier() {
        if (accept("unsigned")) {
            String t = peek().text();
            if (t.equals("int") || t.equals("hyper") || t.equals("char") || t.equals("short") || t.equals("long")) {
                pos++;
                return "unsigned " + (t.equals("long") ? "int" : t);
            }
            return "unsigned int";
        }
        if (accept("struct") || accept("enum") || accept("union")) {
            return identifier();
        }
        String t = identifier();
        return t.equals("long") ? "int" : t;
    }
}
