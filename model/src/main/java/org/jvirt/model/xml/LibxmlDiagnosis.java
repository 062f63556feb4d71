package org.jvirt.model.xml;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the first well-formedness error of a document the way libxml2 words it, so that jvirt's messages for
 * malformed XML are libvirt's ("Opening and ending tag mismatch: a line 1 and b", "Premature end of data in tag x
 * line 3", ...): users and scripts see the same text. Used only after the real parser has rejected a document.
 */
final class LibxmlDiagnosis {
    /** The error and where libxml2 puts its caret: an offset into the text, or -1 for "no context" (empty input). */
    record Diagnosis(String message, int offset) {}

    private final String s;
    private int pos;
    private final Deque<String[]> open = new ArrayDeque<>();
    private final Set<String> entities = new HashSet<>(Set.of("lt", "gt", "amp", "apos", "quot"));

    private LibxmlDiagnosis(String s) {
        this.s = s;
    }

    static Optional<Diagnosis> diagnose(String xml) {
        try {
            new LibxmlDiagnosis(xml).document();
            return Optional.empty();
        } catch (Found f) {
            return Optional.of(f.diagnosis);
        }
    }

    private static final class Found extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Diagnosis diagnosis;

        Found(String message, int offset) {
            super(message, null, false, false);
            this.diagnosis = new Diagnosis(message, offset);
        }
    }

    private void document() {
        misc(true);
        if (pos >= s.length()) {
            throw new Found("Document is empty", -1);
        }
        if (s.charAt(pos) != '<') {
            throw new Found("Start tag expected, '<' not found", pos);
        }
        element();
        misc(false);
        if (pos < s.length()) {
            throw new Found("Extra content at the end of the document", pos);
        }
    }

    /** Whitespace, comments, processing instructions and (before the root) a DOCTYPE. */
    private void misc(boolean prolog) {
        while (true) {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
            if (s.startsWith("<?", pos)) {
                int end = s.indexOf("?>", pos + 2);
                pos = end < 0 ? s.length() : end + 2;
            } else if (s.startsWith("<!--", pos)) {
                comment();
            } else if (prolog && s.startsWith("<!DOCTYPE", pos)) {
                doctype();
            } else {
                return;
            }
        }
    }

    private void comment() {
        int end = s.indexOf("-->", pos + 4);
        if (end < 0) {
            throw new Found("Comment not terminated", s.length());
        }
        pos = end + 3;
    }

    private void doctype() {
        int bracket = s.indexOf('[', pos);
        int close = s.indexOf('>', pos);
        if (bracket >= 0 && (close < 0 || bracket < close)) {
            int endSubset = s.indexOf("]", bracket);
            String subset = endSubset < 0 ? s.substring(bracket) : s.substring(bracket, endSubset);
            var m = java.util.regex.Pattern.compile("<!ENTITY\\s+([^\\s%]+)").matcher(subset);
            while (m.find()) {
                entities.add(m.group(1));
            }
            close = endSubset < 0 ? -1 : s.indexOf('>', endSubset);
        }
        pos = close < 0 ? s.length() : close + 1;
    }

    private String name() {
        int start = pos;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (Character.isWhitespace(c) || c == '>' || c == '/' || c == '=' || c == '<') {
                break;
            }
            pos++;
        }
        return s.substring(start, pos);
    }

    private void element() {
        pos++; // '<'
        String name = name();
        int line = lineOf(pos);
        while (true) {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
            if (pos >= s.length()) {
                throw new Found("Couldn't find end of Start Tag " + name + " line " + line, s.length());
            }
            char c = s.charAt(pos);
            if (c == '>') {
                pos++;
                break;
            }
            if (s.startsWith("/>", pos)) {
                pos += 2;
                return;
            }
            name();
            if (pos < s.length() && s.charAt(pos) == '=') {
                pos++;
                if (pos >= s.length() || (s.charAt(pos) != '"' && s.charAt(pos) != '\'')) {
                    throw new Found("AttValue: \" or ' expected", pos);
                }
                char q = s.charAt(pos);
                int end = s.indexOf(q, pos + 1);
                if (end < 0) {
                    throw new Found("AttValue: ' expected", s.length());
                }
                pos = end + 1;
            } else {
                throw new Found("Specification mandates value for attribute " + name, pos);
            }
        }
        open.push(new String[] {name, Integer.toString(line)});
        content();
    }

    private void content() {
        while (true) {
            int lt = s.indexOf('<', pos);
            int textEnd = lt < 0 ? s.length() : lt;
            entityRefs(pos, textEnd);
            pos = textEnd;
            if (pos >= s.length()) {
                String[] top = open.peek();
                throw new Found("Premature end of data in tag " + top[0] + " line " + top[1], s.length());
            }
            if (s.startsWith("<!--", pos)) {
                comment();
            } else if (s.startsWith("<![CDATA[", pos)) {
                int end = s.indexOf("]]>", pos);
                if (end < 0) {
                    throw new Found("CData section not finished", s.length());
                }
                pos = end + 3;
            } else if (s.startsWith("<?", pos)) {
                int end = s.indexOf("?>", pos);
                pos = end < 0 ? s.length() : end + 2;
            } else if (s.startsWith("</", pos)) {
                pos += 2;
                String name = name();
                int gt = s.indexOf('>', pos);
                pos = gt < 0 ? s.length() : gt + 1;
                String[] top = open.pop();
                if (!top[0].equals(name)) {
                    throw new Found("Opening and ending tag mismatch: " + top[0] + " line " + top[1] + " and " + name,
                            pos);
                }
                return;
            } else {
                element();
            }
        }
    }

    private void entityRefs(int from, int to) {
        int amp = s.indexOf('&', from);
        while (amp >= 0 && amp < to) {
            int semi = s.indexOf(';', amp);
            if (semi > amp && semi < to) {
                String ref = s.substring(amp + 1, semi);
                if (!ref.startsWith("#") && !entities.contains(ref)) {
                    throw new Found("Entity '" + ref + "' not defined", semi + 1);
                }
            }
            amp = s.indexOf('&', amp + 1);
        }
    }

    private int lineOf(int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
