package org.jvirt.rpc.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jvirt.xdr.XdrType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Checks the generated protocol against libvirt's own layout snapshots ({@code src/*_protocol-structs}, pdwtags
 * output of the C structs rpcgen made): every struct exists as a record with the same field names in the same
 * order and a compatible XDR type, every union as a sealed interface with the same arms, every procedure number
 * and enum value is the same, and nothing is generated that libvirt does not have. Needs ../shared; skips without.
 */
class ProtocolStructsTest {
    /** -structs file → the Java package key of its program. */
    private static final Map<String, String> FILES = Map.of("virnetprotocol-structs", "net",
            "virkeepaliveprotocol-structs", "keepalive", "remote_protocol-structs", "remote",
            "qemu_protocol-structs", "qemu", "lxc_protocol-structs", "lxc", "admin_protocol-structs", "admin");

    private static final Map<String, String> SCALARS = Map.ofEntries(Map.entry("int", "int"),
            Map.entry("u_int", "unsigned int"), Map.entry("int64_t", "hyper"), Map.entry("uint64_t", "unsigned hyper"),
            Map.entry("char", "char"), Map.entry("u_char", "unsigned char"), Map.entry("short", "short"),
            Map.entry("u_short", "unsigned short"), Map.entry("double", "double"), Map.entry("float", "float"),
            Map.entry("bool_t", "bool"));

    /** One field as pdwtags prints it: C type, name, and the shape around it. */
    record CField(String type, String name, String shape, String bound) {
    }

    record CStruct(String name, List<CField> fields, List<CField> unionArms) {
    }

    record CEnum(String name, Map<String, Long> members) {
    }

    record Parsed(List<CStruct> structs, List<CEnum> enums) {
    }

    private static final Pattern FIELD = Pattern.compile("^(.+?)\\s+(\\w+)(?:\\[(\\d+)\\])?;$");

    static Parsed parse(List<String> lines) {
        List<CStruct> structs = new ArrayList<>();
        List<CEnum> enums = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith("struct ") && l.endsWith("{")) {
                String name = l.substring(7, l.length() - 1).trim();
                List<CField> fields = new ArrayList<>();
                List<CField> arms = new ArrayList<>();
                for (i++; !lines.get(i).equals("};"); i++) {
                    String f = lines.get(i).trim();
                    if (f.equals("struct {")) {
                        String elem = lines.get(i + 2).trim();
                        elem = elem.substring(0, elem.lastIndexOf('*')).trim();
                        String close = lines.get(i + 3).trim();
                        fields.add(new CField(elem, close.substring(2, close.length() - 1), "variable", null));
                        i += 3;
                    } else if (f.equals("union {")) {
                        for (i++; !lines.get(i).trim().startsWith("}"); i++) {
                            arms.add(field(lines.get(i).trim()));
                        }
                    } else {
                        fields.add(field(f));
                    }
                }
                structs.add(new CStruct(name, fields, arms));
            } else if (l.startsWith("enum ") && l.endsWith("{")) {
                String name = l.substring(5, l.length() - 1).trim();
                Map<String, Long> members = new LinkedHashMap<>();
                for (i++; !lines.get(i).equals("};"); i++) {
                    String[] kv = lines.get(i).trim().replace(",", "").split("\\s*=\\s*");
                    members.put(kv[0], Long.decode(kv[1]));
                }
                enums.add(new CEnum(name, members));
            }
        }
        return new Parsed(structs, enums);
    }

    private static CField field(String f) {
        Matcher m = FIELD.matcher(f);
        if (!m.matches()) {
            throw new AssertionError("cannot parse field '" + f + "'");
        }
        String type = m.group(1).trim();
        if (type.endsWith("*")) {
            return new CField(type.substring(0, type.length() - 1).trim(), m.group(2), "pointer", null);
        }
        return new CField(type, m.group(2), m.group(3) == null ? "plain" : "fixed", m.group(3));
    }

    // The naming rules of tools/xdrgen's Names, repeated so this test checks the generator rather than itself.
    static String program(String cName) {
        for (String p : List.of("remote", "qemu", "lxc", "admin", "keepalive")) {
            if (cName.startsWith(p + "_")) {
                return p;
            }
        }
        if (cName.startsWith("virNet")) {
            return "net";
        }
        throw new AssertionError("no program for " + cName);
    }

    static String javaType(String cName) {
        String p = program(cName);
        String s = cName.substring(p.equals("net") ? 6 : p.length() + 1);
        StringBuilder b = new StringBuilder();
        for (String part : s.split("_")) {
            if (!part.isEmpty()) {
                b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return b.toString();
    }

    static String javaField(String cName) {
        StringBuilder b = new StringBuilder();
        for (String part : cName.split("_")) {
            if (part.isEmpty()) {
                continue;
            }
            b.append(b.isEmpty() ? Character.toLowerCase(part.charAt(0)) : Character.toUpperCase(part.charAt(0)))
                    .append(part.substring(1));
        }
        return b.toString();
    }

    /** A regex for the XdrType text a C type name stands for. */
    private String typeRegex(String ctype, Set<String> structNames, Set<String> enumNames) {
        String scalar = SCALARS.get(ctype);
        if (scalar != null) {
            return Pattern.quote(scalar);
        }
        if (structNames.contains(ctype)) {
            return Pattern.quote(program(ctype) + "." + javaType(ctype));
        }
        if (enumNames.contains(ctype)) {
            return "int";
        }
        String lower = ctype.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith("nonnull_string") || lower.endsWith("nonnullstring")) {
            return "string<\\d*>";
        }
        if (lower.endsWith("_string") || lower.endsWith("messagestring")) {
            return "string<\\d*>\\*";
        }
        if (lower.endsWith("uuid")) {
            return "opaque\\[16\\]";
        }
        // Pointer typedefs: remote_domain = remote_nonnull_domain *, virNetMessageDomain = ...NonnullDomain *.
        String nonnull = ctype.startsWith("virNetMessage") ? "virNetMessageNonnull" + ctype.substring(13)
                : ctype.replaceFirst("^(remote|admin)_", "$1_nonnull_");
        if (structNames.contains(nonnull)) {
            return Pattern.quote(program(nonnull) + "." + javaType(nonnull) + "*");
        }
        throw new AssertionError("unknown C type " + ctype);
    }

    private String fieldRegex(CField f, Set<String> structs, Set<String> enums) {
        return switch (f.shape()) {
            case "plain" -> typeRegex(f.type(), structs, enums);
            case "fixed" -> f.type().equals("char")
                    ? "(char|opaque)\\[" + f.bound() + "\\]" : typeRegex(f.type(), structs, enums) + "\\[" + f.bound() + "\\]";
            // pdwtags shows opaque<N> and char<N> alike: a char array.
            case "variable" -> f.type().equals("char")
                    ? "(char|opaque)<\\d*>" : "(" + typeRegex(f.type(), structs, enums) + ")<\\d*>";
            case "pointer" -> f.type().equals("char") ? "string<\\d*>" : typeRegex(f.type(), structs, enums) + "\\*";
            default -> throw new AssertionError(f.shape());
        };
    }

    @Test
    void generatedProtocolMatchesLibvirtStructsFiles() throws IOException {
        String shared = System.getProperty("jvirt.shared");
        Path src = shared == null ? null : Path.of(shared, "reference/libvirt-9.0.0/src");
        Assumptions.assumeTrue(src != null && Files.isDirectory(src),
                "libvirt reference not found (jvirt.shared=" + shared + "): skipping -structs comparison");
        int structs = 0;
        int fields = 0;
        int procedures = 0;
        int enumValues = 0;
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> file : FILES.entrySet()) {
            Parsed parsed = parse(Files.readAllLines(src.resolve(file.getKey())));
            Set<String> structNames = new LinkedHashSet<>();
            parsed.structs().forEach(s -> structNames.add(s.name()));
            Set<String> enumNames = new LinkedHashSet<>();
            parsed.enums().forEach(e -> enumNames.add(e.name()));
            String key = file.getValue();
            String prefix = Character.toUpperCase(key.charAt(0)) + key.substring(1);
            Set<Class<?>> seen = new LinkedHashSet<>();
            for (CStruct s : parsed.structs()) {
                Class<?> c = ProtocolAbiTest.holder(program(s.name()), javaType(s.name()));
                if (c == null) {
                    problems.add(file.getKey() + ": struct " + s.name() + " has no class " + javaType(s.name()));
                    continue;
                }
                seen.add(c);
                structs++;
                List<XdrType.Field> actual;
                List<CField> expected;
                if (!s.unionArms().isEmpty()) {
                    // pdwtags shows a union as struct { discriminant; union {...} name_u; }.
                    expected = s.unionArms();
                    actual = XdrType.armsOf(c).stream().map(a -> a.fields().getFirst()).toList();
                } else {
                    expected = s.fields();
                    actual = XdrType.fieldsOf(c.asSubclass(Record.class));
                }
                if (expected.size() != actual.size()) {
                    problems.add(s.name() + ": " + expected.size() + " fields in libvirt, " + actual.size() + " in Java");
                    continue;
                }
                for (int i = 0; i < expected.size(); i++) {
                    CField ef = expected.get(i);
                    XdrType.Field af = actual.get(i);
                    fields++;
                    if (!javaField(ef.name()).equals(af.name().replaceFirst("_$", ""))) {
                        problems.add(s.name() + " field " + i + ": libvirt " + ef.name() + ", Java " + af.name());
                    }
                    String regex = fieldRegex(ef, structNames, enumNames);
                    if (!af.type().describe().matches(regex)) {
                        problems.add(s.name() + "." + ef.name() + ": libvirt " + ef.type() + " (" + ef.shape()
                                + "), Java " + af.type().describe());
                    }
                }
            }
            Class<?> index = ProtocolAbiTest.holder(key, prefix + "Protocol");
            List<Class<?>> types = ProtocolAbiTest.staticField(index, "TYPES");
            for (Class<?> t : types) {
                if (!seen.contains(t)) {
                    problems.add(key + ": " + t.getSimpleName() + " is not in " + file.getKey());
                }
            }
            for (CEnum e : parsed.enums()) {
                if (e.name().endsWith("_procedure")) {
                    Class<?> procs = ProtocolAbiTest.holder(key, prefix + "Procedures");
                    List<Procedure<?, ?>> all = ProtocolAbiTest.staticField(procs, "ALL");
                    if (all.size() != e.members().size()) {
                        problems.add(e.name() + ": " + e.members().size() + " procedures in libvirt, " + all.size()
                                + " in Java");
                    }
                    for (Map.Entry<String, Long> m : e.members().entrySet()) {
                        procedures++;
                        String javaName = m.getKey().replaceFirst("^[A-Z]+_PROC_", "");
                        Procedure<?, ?> p = ProtocolAbiTest.staticField(procs, javaName);
                        if (p.number() != m.getValue() || !p.name().equals(m.getKey())) {
                            problems.add(m.getKey() + " = " + m.getValue() + " but Java has " + p.name() + " = "
                                    + p.number());
                        }
                    }
                } else {
                    Class<?> holder = ProtocolAbiTest.holder(program(e.name()), javaType(e.name()));
                    for (Map.Entry<String, Long> m : e.members().entrySet()) {
                        enumValues++;
                        String javaName = m.getKey().replaceFirst("^(VIR_NET_|REMOTE_|ADMIN_|QEMU_|LXC_)", "");
                        Number v = ProtocolAbiTest.staticField(holder, javaName);
                        if (v.longValue() != m.getValue()) {
                            problems.add(m.getKey() + " = " + m.getValue() + " but Java has " + v);
                        }
                    }
                }
            }
        }
        System.out.printf("-structs check: %d structs, %d fields, %d procedures, %d enum values, %d problems%n",
                structs, fields, procedures, enumValues, problems.size());
        assertEquals(List.of(), problems);
        assertTrue(structs > 700 && procedures > 450, "the -structs files were all read");
    }
}
