package org.jvirt.xdrgen;

import java.util.Locale;
import java.util.Set;

/**
 * libvirt names to Java names. The rules are repeated in rpc's ProtocolStructsTest, which maps the {@code -structs}
 * files onto the records the same way; change both together.
 */
final class Names {
    private Names() {
    }

    private static final Set<String> RESERVED = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
            "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends",
            "final", "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int",
            "interface", "long", "native", "new", "package", "private", "protected", "public", "return", "short",
            "static", "strictfp", "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try",
            "void", "volatile", "while", "true", "false", "null", "record", "var", "yield", "sealed", "permits",
            // Record components may not take the names of Object's methods.
            "clone", "finalize", "getClass", "hashCode", "notify", "notifyAll", "toString", "wait");

    /** {@code remote_domain_get_state_args} with prefix {@code remote_} → {@code DomainGetStateArgs}. */
    static String type(String cName, String prefix) {
        String s = cName.startsWith(prefix) ? cName.substring(prefix.length()) : cName;
        StringBuilder b = new StringBuilder();
        for (String part : s.split("_")) {
            if (!part.isEmpty()) {
                b.append(Character.toUpperCase(part.charAt(0))).append(part, 1, part.length());
            }
        }
        return b.toString();
    }

    /** {@code cpu_time} → {@code cpuTime}; {@code usageID} stays; Java keywords get a trailing underscore. */
    static String field(String cName) {
        String[] parts = cName.split("_");
        StringBuilder b = new StringBuilder();
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            if (b.isEmpty()) {
                b.append(Character.toLowerCase(part.charAt(0))).append(part, 1, part.length());
            } else {
                b.append(Character.toUpperCase(part.charAt(0))).append(part, 1, part.length());
            }
        }
        String s = b.toString();
        return RESERVED.contains(s) ? s + "_" : s;
    }

    /** {@code REMOTE_STRING_MAX} with prefix {@code REMOTE_} → {@code STRING_MAX}. */
    static String constant(String cName, String prefix) {
        return cName.startsWith(prefix) && cName.length() > prefix.length() ? cName.substring(prefix.length()) : cName;
    }

    /** {@code VIR_TYPED_PARAM_ULLONG} → {@code Ullong}. */
    static String camel(String upperSnake) {
        StringBuilder b = new StringBuilder();
        for (String part : upperSnake.toLowerCase(Locale.ROOT).split("_")) {
            if (!part.isEmpty()) {
                b.append(Character.toUpperCase(part.charAt(0))).append(part, 1, part.length());
            }
        }
        return b.toString();
    }
}
