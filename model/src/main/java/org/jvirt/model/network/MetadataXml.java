package org.jvirt.model.network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Attr;
import org.w3c.dom.Comment;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.Text;

/**
 * Serializes a {@code <metadata>} element the way libvirt does: {@code virXMLNodeSanitizeNamespaces} (drop
 * children without a namespace and later children repeating a namespace), then libxml2's {@code xmlNodeDump} with
 * formatting (two spaces per level, double-quoted attributes, no formatting inside mixed content). The result is at
 * level 0; XmlWriter.raw re-indents it. Shared by network (and usable by other documents with metadata).
 */
public final class MetadataXml {
    private static final String XMLNS = "http://www.w3.org/2000/xmlns/";

    private MetadataXml() {}

    /** The sanitized dump of {@code metadata}, without a trailing newline (attributes in the DOM's order). */
    public static String dump(Element metadata) {
        return dump(metadata, null);
    }

    /**
     * As {@link #dump(Element)}, restoring the attribute order of {@code originalXml} (the document the element was
     * parsed from): the JDK's DOM sorts attributes by name, libxml2 keeps them as written.
     */
    public static String dump(Element metadata, String originalXml) {
        Map<Element, List<String>> order = originalXml == null ? Map.of() : attributeOrder(metadata, originalXml);
        return dumpOrdered(metadata, order);
    }

    private static String dumpOrdered(Element metadata, Map<Element, List<String>> order) {
        List<Element> kept = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (Node n = metadata.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getNamespaceURI() != null && !seen.contains(e.getNamespaceURI())) {
                seen.add(e.getNamespaceURI());
                kept.add(e);
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append('<').append(metadata.getTagName());
        // namespaces used below but declared outside the copied subtree are declared on its root, as xmlCopyNode does
        Map<String, String> outside = new LinkedHashMap<>();
        for (Element e : kept) {
            collectOutside(e, new LinkedHashMap<>(), outside);
        }
        appendAttrs(sb, metadata, order);
        outside.forEach((p, u) -> sb.append(' ').append(p.isEmpty() ? "xmlns" : "xmlns:" + p).append("=\"")
                .append(escapeAttr(u)).append('"'));
        if (kept.isEmpty()) {
            return sb.append("/>").toString();
        }
        sb.append(">\n");
        for (Element e : kept) {
            sb.append("  ");
            dumpNode(sb, e, 1, order);
            sb.append('\n');
        }
        return sb.append("</").append(metadata.getTagName()).append('>').toString();
    }

    private static void collectOutside(Element e, Map<String, String> declared, Map<String, String> outside) {
        Map<String, String> scope = new LinkedHashMap<>(declared);
        NamedNodeMap attrs = e.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            Attr a = (Attr) attrs.item(i);
            if (XMLNS.equals(a.getNamespaceURI())) {
                scope.put(a.getPrefix() == null ? "" : a.getLocalName(), a.getValue());
            }
        }
        String uri = e.getNamespaceURI();
        if (uri != null) {
            String prefix = e.getPrefix() == null ? "" : e.getPrefix();
            if (!scope.containsKey(prefix)) {
                outside.putIfAbsent(prefix, uri);
            }
        }
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                collectOutside(c, scope, outside);
            }
        }
    }

    private static void dumpNode(StringBuilder sb, Node node, int level, Map<Element, List<String>> order) {
        if (node instanceof Text t) {
            sb.append(escapeText(t.getData()));
            return;
        }
        if (node instanceof Comment c) {
            sb.append("<!--").append(c.getData()).append("-->");
            return;
        }
        if (!(node instanceof Element e)) {
            return;
        }
        sb.append('<').append(e.getTagName());
        appendAttrs(sb, e, order);
        List<Node> children = new ArrayList<>();
        boolean format = true;
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Text t && t.getData().isBlank() && hasElementSibling(e)) {
                continue; // blank text between elements is dropped by a parse with keepBlanks off
            }
            if (n instanceof Text) {
                format = false;
            }
            children.add(n);
        }
        if (children.isEmpty()) {
            sb.append("/>");
            return;
        }
        sb.append('>');
        if (format) {
            sb.append('\n');
        }
        for (Node c : children) {
            if (format) {
                sb.append("  ".repeat(level + 1));
            }
            dumpNode(sb, c, level + 1, order);
            if (format) {
                sb.append('\n');
            }
        }
        if (format) {
            sb.append("  ".repeat(level));
        }
        sb.append("</").append(e.getTagName()).append('>');
    }

    private static boolean hasElementSibling(Element parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element || n instanceof Comment) {
                return true;
            }
        }
        return false;
    }

    private static void appendAttrs(StringBuilder sb, Element e, Map<Element, List<String>> order) {
        NamedNodeMap map = e.getAttributes();
        List<Attr> attrs = new ArrayList<>();
        for (int i = 0; i < map.getLength(); i++) {
            attrs.add((Attr) map.item(i));
        }
        List<String> wanted = order.get(e);
        if (wanted != null) {
            attrs.sort(java.util.Comparator.comparingInt(a -> {
                int i = wanted.indexOf(a.getName());
                return i < 0 ? Integer.MAX_VALUE : i;
            }));
        }
        for (int pass = 0; pass < 2; pass++) {
            for (Attr a : attrs) {
                boolean ns = XMLNS.equals(a.getNamespaceURI());
                if (ns == (pass == 0)) {
                    sb.append(' ').append(a.getName()).append("=\"").append(escapeAttr(a.getValue())).append('"');
                }
            }
        }
    }

    /**
     * The attribute names (namespace declarations included) of every element of the first top-level
     * {@code <metadata>} in {@code xml}, in written order, matched to the DOM elements by document order. Empty
     * when the text cannot be re-read.
     */
    private static Map<Element, List<String>> attributeOrder(Element metadata, String xml) {
        List<Element> domOrder = new ArrayList<>();
        collect(metadata, domOrder);
        List<List<String>> written = new ArrayList<>();
        try {
            javax.xml.stream.XMLStreamReader r = org.jvirt.model.xml.XmlStreams.reader(xml);
            int depth = 0;
            int inside = -1;
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == javax.xml.stream.XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    if (inside < 0 && depth == 2 && r.getLocalName().equals("metadata") && written.isEmpty()) {
                        inside = depth;
                    }
                    if (inside > 0) {
                        List<String> names = new ArrayList<>();
                        for (int i = 0; i < r.getNamespaceCount(); i++) {
                            String p = r.getNamespacePrefix(i);
                            names.add(p == null || p.isEmpty() ? "xmlns" : "xmlns:" + p);
                        }
                        for (int i = 0; i < r.getAttributeCount(); i++) {
                            String p = r.getAttributePrefix(i);
                            names.add((p == null || p.isEmpty() ? "" : p + ":") + r.getAttributeLocalName(i));
                        }
                        written.add(names);
                    }
                } else if (ev == javax.xml.stream.XMLStreamConstants.END_ELEMENT) {
                    if (depth == inside) {
                        break;
                    }
                    depth--;
                }
            }
        } catch (javax.xml.stream.XMLStreamException | RuntimeException e) {
            return Map.of();
        }
        if (written.size() != domOrder.size()) {
            return Map.of();
        }
        Map<Element, List<String>> out = new java.util.IdentityHashMap<>();
        for (int i = 0; i < domOrder.size(); i++) {
            out.put(domOrder.get(i), written.get(i));
        }
        return out;
    }

    private static void collect(Element e, List<Element> out) {
        out.add(e);
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                collect(c, out);
            }
        }
    }

    private static String escapeText(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '\r' -> b.append("&#13;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String escapeAttr(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\n' -> b.append("&#10;");
                case '\r' -> b.append("&#13;");
                case '\t' -> b.append("&#9;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
