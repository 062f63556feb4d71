package org.jvirt.core.conf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/**
 * A parsed libvirt configuration file (libvirtd.conf, qemu.conf, ...): {@code name = value} lines with '#' comments,
 * values being quoted strings ('', "" or """multi-line"""), whole numbers or bracketed lists. Typed getters raise
 * libvirt's messages ("FILE: expected a string for 'KEY' parameter").
 */
public final class ConfFile {
    private final String filename;
    private final Map<String, ConfValue> entries;

    private ConfFile(String filename, Map<String, ConfValue> entries) {
        this.filename = filename;
        this.entries = Collections.unmodifiableMap(entries);
    }

    public static ConfFile read(Path file) {
        try {
            return parse(file.toString(), Files.readString(file));
        } catch (IOException e) {
            throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.CONF,
                    "Failed to open file '" + file + "': " + e.getMessage());
        }
    }

    public static ConfFile parse(String filename, String text) {
        return new ConfFile(filename, new Parser(filename, text).entries());
    }

    public static ConfFile empty(String filename) {
        return new ConfFile(filename, new LinkedHashMap<>());
    }

    public Map<String, ConfValue> entries() {
        return entries;
    }

    public Optional<String> getString(String key) {
        ConfValue v = entries.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof ConfValue.Str s) {
            return Optional.of(s.value());
        }
        throw typeError("expected a string for '" + key + "' parameter");
    }

    public Optional<Long> getLong(String key) {
        ConfValue v = entries.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof ConfValue.Num n) {
            return Optional.of(n.value());
        }
        throw typeError("expected a signed integer for '" + key + "' parameter");
    }

    /** An int in [min, max]: libvirt's "value for 'KEY' parameter must be in range MIN:MAX". */
    public Optional<Integer> getInt(String key, int min, int max) {
        Optional<Long> v = getLong(key);
        if (v.isPresent() && (v.get() < min || v.get() > max)) {
            throw typeError("value for '" + key + "' parameter must be in range " + min + ":" + max);
        }
        return v.map(Long::intValue);
    }

    /** A boolean written as 0 or 1. */
    public Optional<Boolean> getBool(String key) {
        Optional<Long> v = getLong(key);
        if (v.isPresent() && v.get() != 0 && v.get() != 1) {
            throw typeError("value for '" + key + "' parameter must be 0 or 1");
        }
        return v.map(n -> n == 1);
    }

    public Optional<List<String>> getStringList(String key) {
        ConfValue v = entries.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof ConfValue.ListOf l) {
            List<String> out = new ArrayList<>();
            for (ConfValue item : l.values()) {
                if (!(item instanceof ConfValue.Str s)) {
                    throw typeError("expected a string list for '" + key + "' parameter");
                }
                out.add(s.value());
            }
            return Optional.of(out);
        }
        throw typeError("expected a string list for '" + key + "' parameter");
    }

    private VirException typeError(String detail) {
        return VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.CONF, filename + ": " + detail);
    }

    /** A small recursive-descent reader of virconf.c's grammar. */
    private static final class Parser {
        private final String filename;
        private final String s;
        private int pos;
        private int line = 1;

        Parser(String filename, String s) {
            this.filename = filename;
            this.s = s;
        }

        Map<String, ConfValue> entries() {
            Map<String, ConfValue> out = new LinkedHashMap<>();
            while (true) {
                skipBlanksAndComments(true);
                if (pos >= s.length()) {
                    return out;
                }
                String name = name();
                skipBlanks();
                if (pos >= s.length() || s.charAt(pos) != '=') {
                    throw error("expecting an assignment");
                }
                pos++;
                skipBlanks();
                ConfValue value = value();
                out.put(name, value);
                skipBlanks();
                if (pos < s.length() && s.charAt(pos) == ';') {
                    pos++;
                    skipBlanks();
                }
                if (pos < s.length() && s.charAt(pos) == '#') {
                    skipComment();
                }
                if (pos < s.length() && s.charAt(pos) != '\n' && s.charAt(pos) != '\r') {
                    throw error("expecting a separator");
                }
            }
        }

        private String name() {
            int start = pos;
            if (pos < s.length() && (Character.isLetter(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
                while (pos < s.length()) {
                    char c = s.charAt(pos);
                    if (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == ':' || c == '+' || c == '-') {
                        pos++;
                    } else {
                        break;
                    }
                }
                return s.substring(start, pos);
            }
            throw error("expecting a name");
        }

        private ConfValue value() {
            if (pos >= s.length()) {
                throw error("expecting a value");
            }
            char c = s.charAt(pos);
            if (c == '"' || c == '\'') {
                return new ConfValue.Str(string());
            }
            if (c == '[') {
                pos++;
                List<ConfValue> items = new ArrayList<>();
                skipBlanksAndComments(true);
                while (pos < s.length() && s.charAt(pos) != ']') {
                    items.add(value());
                    skipBlanksAndComments(true);
                    if (pos < s.length() && s.charAt(pos) == ',') {
                        pos++;
                        skipBlanksAndComments(true);
                    } else if (pos < s.length() && s.charAt(pos) != ']') {
                        throw error("expecting a separator in list");
                    }
                }
                if (pos >= s.length()) {
                    throw error("list is not closed with ]");
                }
                pos++;
                return new ConfValue.ListOf(items);
            }
            if (c == '-' || c == '+' || Character.isDigit(c)) {
                int start = pos;
                pos++;
                while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                    pos++;
                }
                try {
                    return new ConfValue.Num(Long.parseLong(s.substring(start, pos)));
                } catch (NumberFormatException e) {
                    throw error("unterminated number");
                }
            }
            throw error("expecting a value");
        }

        private String string() {
            char q = s.charAt(pos);
            if (q == '"' && s.startsWith("\"\"\"", pos)) {
                int end = s.indexOf("\"\"\"", pos + 3);
                if (end < 0) {
                    throw error("unterminated string");
                }
                String v = s.substring(pos + 3, end);
                line += (int) v.chars().filter(ch -> ch == '\n').count();
                pos = end + 3;
                return v;
            }
            int end = pos + 1;
            while (end < s.length() && s.charAt(end) != q && s.charAt(end) != '\n') {
                end++;
            }
            if (end >= s.length() || s.charAt(end) != q) {
                throw error("unterminated string");
            }
            String v = s.substring(pos + 1, end);
            pos = end + 1;
            return v;
        }

        private void skipBlanks() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
                pos++;
            }
        }

        private void skipComment() {
            while (pos < s.length() && s.charAt(pos) != '\n') {
                pos++;
            }
        }

        private void skipBlanksAndComments(boolean newlines) {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\r') {
                    pos++;
                } else if (c == '\n' && newlines) {
                    pos++;
                    line++;
                } else if (c == '#') {
                    skipComment();
                } else {
                    return;
                }
            }
        }

        private VirException error(String what) {
            return VirException.of(ErrorNumber.CONF_SYNTAX, ErrorDomain.CONF, filename + ":" + line + ": " + what);
        }
    }
}
