package org.jvirt.model.xml;

/**
 * Writes XML the way libvirt's virBuffer does, so output is byte-identical: two spaces per level, attributes in
 * single quotes, {@code <x/>} for an empty element, text escaped as virBufferEscapeString escapes it.
 * Usage mirrors libvirt's format functions: {@code open} writes a start tag and indents, {@code close} the end tag.
 */
public final class XmlWriter {
    private final StringBuilder out = new StringBuilder();
    private int indent;

    public XmlWriter() {
        this(0);
    }

    public XmlWriter(int indent) {
        this.indent = indent;
    }

    /** Starts {@code <name attr='v' ...>} on its own line and indents what follows; attrs are name/value pairs, a null value is skipped. */
    public XmlWriter open(String name, String... attrs) {
        line().append('<').append(name);
        appendAttrs(attrs);
        out.append(">\n");
        indent += 2;
        return this;
    }

    public XmlWriter close(String name) {
        indent -= 2;
        line().append("</").append(name).append(">\n");
        return this;
    }

    /** {@code <name attrs/>}. */
    public XmlWriter empty(String name, String... attrs) {
        line().append('<').append(name);
        appendAttrs(attrs);
        out.append("/>\n");
        return this;
    }

    /** {@code <name attrs>text</name>}; nothing at all when text is null. */
    public XmlWriter text(String name, String text, String... attrs) {
        if (text == null) {
            return this;
        }
        line().append('<').append(name);
        appendAttrs(attrs);
        out.append('>').append(escape(text)).append("</").append(name).append(">\n");
        return this;
    }

    /** Appends pre-formatted XML (each line re-indented at the current level), e.g. preserved metadata. */
    public XmlWriter raw(String xml) {
        for (String l : xml.split("\n")) {
            if (!l.isEmpty()) {
                line().append(l).append('\n');
            }
        }
        return this;
    }

    public int indent() {
        return indent;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private StringBuilder line() {
        return out.repeat(' ', indent);
    }

    private void appendAttrs(String[] attrs) {
        if (attrs.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name/value pairs");
        }
        for (int i = 0; i < attrs.length; i += 2) {
            if (attrs[i + 1] != null) {
                out.append(' ').append(attrs[i]).append("='").append(escape(attrs[i + 1])).append('\'');
            }
        }
    }

    /** virBufferEscapeString: the five XML specials become entities; other control characters are dropped. */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
