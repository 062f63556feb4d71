package org.jvirt.model.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jvirt.model.xml.XmlWriter;

/**
 * An immutable XML element kept with its attribute order: the part of the domain tree that jvirt carries through
 * without a typed model yet (libvirt formats these sections from its structs in a fixed order; the input written in
 * that order comes back unchanged). Whitespace-only text is dropped, as libvirt's parser ignores blank nodes.
 *
 * @param name qualified name as written (prefix:local for foreign namespaces)
 * @param attrs attributes in document order; namespace declarations come first as {@code xmlns[:p]} attributes
 * @param children child elements in order
 * @param text the element's own text when it has no child elements, else null
 */
public record XmlElem(String name, List<Attr> attrs, List<XmlElem> children, String text) {

    /** One attribute. */
    public record Attr(String name, String value) {
    }

    public XmlElem {
        attrs = List.copyOf(attrs);
        children = List.copyOf(children);
    }

    public static XmlElem of(String name, String... attrPairs) {
        List<Attr> a = new ArrayList<>();
        for (int i = 0; i < attrPairs.length; i += 2) {
            if (attrPairs[i + 1] != null) {
                a.add(new Attr(attrPairs[i], attrPairs[i + 1]));
            }
        }
        return new XmlElem(name, a, List.of(), null);
    }

    public String attr(String n) {
        for (Attr a : attrs) {
            if (a.name.equals(n)) {
                return a.value;
            }
        }
        return null;
    }

    public boolean hasAttr(String n) {
        return attr(n) != null;
    }

    public XmlElem child(String n) {
        for (XmlElem c : children) {
            if (c.name.equals(n)) {
                return c;
            }
        }
        return null;
    }

    public List<XmlElem> children(String n) {
        return children.stream().filter(c -> c.name.equals(n)).toList();
    }

    public String childText(String n) {
        XmlElem c = child(n);
        return c == null ? null : c.text;
    }

    /** Replaces an attribute in place, or appends it; a null value removes it. */
    public XmlElem withAttr(String n, String value) {
        List<Attr> out = new ArrayList<>();
        boolean done = false;
        for (Attr a : attrs) {
            if (a.name.equals(n)) {
                if (value != null && !done) {
                    out.add(new Attr(n, value));
                }
                done = true;
            } else {
                out.add(a);
            }
        }
        if (!done && value != null) {
            out.add(new Attr(n, value));
        }
        return new XmlElem(name, out, children, text);
    }

    /** Sets an attribute, placing it right after {@code after} (or first when after is null) if it is new. */
    public XmlElem withAttrAfter(String n, String value, String... after) {
        if (hasAttr(n) || value == null) {
            return withAttr(n, value);
        }
        int pos = 0;
        for (String prev : after) {
            for (int i = 0; i < attrs.size(); i++) {
                if (attrs.get(i).name.equals(prev)) {
                    pos = Math.max(pos, i + 1);
                }
            }
        }
        List<Attr> out = new ArrayList<>(attrs);
        out.add(pos, new Attr(n, value));
        return new XmlElem(name, out, children, text);
    }

    /** Like {@link #withAttrAfter} but leaves an attribute that is already present alone (a default). */
    public XmlElem withDefaultAttr(String n, String value, String... after) {
        return hasAttr(n) ? this : withAttrAfter(n, value, after);
    }

    public XmlElem withAttrs(List<Attr> a) {
        return new XmlElem(name, a, children, text);
    }

    public XmlElem withChildren(List<XmlElem> c) {
        return new XmlElem(name, attrs, c, c.isEmpty() ? text : null);
    }

    public XmlElem withText(String t) {
        return new XmlElem(name, attrs, List.of(), t);
    }

    /** Replaces the first child named {@code n} (a null replacement removes it). */
    public XmlElem withChild(String n, XmlElem replacement) {
        List<XmlElem> out = new ArrayList<>();
        boolean done = false;
        for (XmlElem c : children) {
            if (!done && c.name.equals(n)) {
                done = true;
                if (replacement != null) {
                    out.add(replacement);
                }
            } else {
                out.add(c);
            }
        }
        if (!done && replacement != null) {
            out.add(replacement);
        }
        return withChildren(out);
    }

    /** Inserts a child at {@code index} (clamped to the end). */
    public XmlElem insertChild(XmlElem c, int index) {
        List<XmlElem> out = new ArrayList<>(children);
        out.add(Math.min(index, out.size()), c);
        return withChildren(out);
    }

    public XmlElem withoutChildren(String n) {
        return withChildren(children.stream().filter(c -> !c.name.equals(n)).toList());
    }

    public XmlElem mapChildren(String n, UnaryOperator<XmlElem> f) {
        return withChildren(children.stream().map(c -> c.name.equals(n) ? f.apply(c) : c).toList());
    }

    public int indexOf(String n) {
        for (int i = 0; i < children.size(); i++) {
            if (children.get(i).name.equals(n)) {
                return i;
            }
        }
        return -1;
    }

    /** Writes the element libvirt-style: single quotes, {@code <x/>} when empty, text inline. */
    public void format(XmlWriter w) {
        format(w, java.util.Set.of());
    }

    /**
     * As {@link #format(XmlWriter)}, but elements named in {@code alwaysOpen} are written with a start and an end
     * tag even when empty, as libvirt's virXMLFormatElement does for some containers (e.g. hyperv).
     */
    public void format(XmlWriter w, java.util.Set<String> alwaysOpen) {
        String[] a = new String[attrs.size() * 2];
        for (int i = 0; i < attrs.size(); i++) {
            a[2 * i] = attrs.get(i).name;
            a[2 * i + 1] = attrs.get(i).value;
        }
        if (!children.isEmpty() || (alwaysOpen.contains(name) && (text == null || text.isBlank()))) {
            w.open(name, a);
            for (XmlElem c : children) {
                c.format(w, alwaysOpen);
            }
            w.close(name);
        } else if (text != null && !text.isBlank()) {
            w.text(name, text, a);
        } else {
            w.empty(name, a);
        }
    }

    /** Writes the element as libxml2's xmlNodeDump(format=1) does, as libvirt prints preserved metadata. */
    public void formatLibxml(StringBuilder out, int indent) {
        out.repeat(' ', indent).append('<').append(name);
        for (Attr at : attrs) {
            out.append(' ').append(at.name).append("=\"").append(escapeLibxmlAttr(at.value)).append('"');
        }
        if (children.isEmpty() && (text == null || text.isBlank())) {
            out.append("/>\n");
        } else if (children.isEmpty()) {
            out.append('>').append(escapeLibxmlText(text)).append("</").append(name).append(">\n");
        } else {
            out.append(">\n");
            for (XmlElem c : children) {
                c.formatLibxml(out, indent + 2);
            }
            out.repeat(' ', indent).append("</").append(name).append(">\n");
        }
    }

    private static String escapeLibxmlText(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;");
    }

    private static String escapeLibxmlAttr(String s) {
        return escapeLibxmlText(s).replace("\"", "&quot;").replace("\n", "&#10;").replace("\t", "&#9;");
    }
}
