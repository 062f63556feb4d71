package org.jvirt.model.snapshot;

import java.io.StringReader;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.xml.XmlWriter;

/**
 * Captures a child subtree of a document's root as libvirt-formatted text, keeping attribute order (a DOM would sort
 * attributes). This is the seam for XML owned by another model that is not parsed here yet, e.g. the {@code <domain>}
 * embedded in a snapshot: it is re-emitted as libvirt would print it, element per line, single-quoted attributes,
 * except under {@code <metadata>}, which libvirt dumps with libxml2's own double-quoted style.
 */
public final class RawXml {
    private RawXml() {}

    /** The first child of the root named {@code name}, formatted at indent 0, or null when there is none. */
    public static String rootChild(String xml, String name) {
        try {
            XMLStreamReader r = org.jvirt.model.xml.XmlStreams.reader(xml);
            int depth = 0;
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    if (depth == 2 && r.getLocalName().equals(name)) {
                        XmlWriter w = new XmlWriter();
                        element(r, w, false);
                        return w.toString();
                    }
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
            return null;
        } catch (XMLStreamException e) {
            throw VirException.of(ErrorNumber.XML_DETAIL, ErrorDomain.XML, e.getMessage());
        }
    }

    /** Each child element of the root's first child named {@code name} (e.g. the disks of {@code <disks>}). */
    public static java.util.List<String> childrenOf(String xml, String name) {
        String block = rootChild(xml, name);
        java.util.List<String> out = new java.util.ArrayList<>();
        if (block == null) {
            return out;
        }
        try {
            XMLStreamReader r = org.jvirt.model.xml.XmlStreams.reader(xml);
            int depth = 0;
            boolean inside = false;
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    if (depth == 2 && r.getLocalName().equals(name) && !inside && out.isEmpty()) {
                        inside = true;
                    } else if (depth == 3 && inside) {
                        XmlWriter w = new XmlWriter();
                        element(r, w, false);
                        out.add(w.toString());
                        depth--;
                    }
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    if (depth == 2 && inside) {
                        return out;
                    }
                    depth--;
                }
            }
            return out;
        } catch (XMLStreamException e) {
            throw VirException.of(ErrorNumber.XML_DETAIL, ErrorDomain.XML, e.getMessage());
        }
    }

    /** Writes the element the reader is on (START_ELEMENT) and its content; returns at its END_ELEMENT. */
    private static void element(XMLStreamReader r, XmlWriter w, boolean libxmlStyle) throws XMLStreamException {
        String qname = qname(r.getPrefix(), r.getLocalName());
        StringBuilder attrs = new StringBuilder();
        char q = libxmlStyle ? '"' : '\'';
        for (int i = 0; i < r.getNamespaceCount(); i++) {
            String p = r.getNamespacePrefix(i);
            attrs.append(' ').append(p == null || p.isEmpty() ? "xmlns" : "xmlns:" + p).append('=').append(q)
                    .append(escapeAttr(r.getNamespaceURI(i), libxmlStyle)).append(q);
        }
        for (int i = 0; i < r.getAttributeCount(); i++) {
            attrs.append(' ').append(qname(r.getAttributePrefix(i), r.getAttributeLocalName(i))).append('=')
                    .append(q).append(escapeAttr(r.getAttributeValue(i), libxmlStyle)).append(q);
        }
        boolean childLibxml = libxmlStyle || r.getLocalName().equals("metadata");
        StringBuilder text = new StringBuilder();
        XmlWriter children = new XmlWriter(0);
        boolean hasChildren = false;
        while (true) {
            int ev = r.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                hasChildren = true;
                element(r, children, childLibxml);
            } else if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA
                    || ev == XMLStreamConstants.SPACE) {
                text.append(r.getText());
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                break;
            }
        }
        String t = text.toString();
        if (hasChildren) {
            w.raw("<" + qname + attrs + ">");
            w.raw(indentBlock(children.toString()));
            w.raw("</" + qname + ">");
        } else if (!t.isBlank()) {
            w.raw("<" + qname + attrs + ">" + XmlWriter.escape(t) + "</" + qname + ">");
        } else {
            w.raw("<" + qname + attrs + "/>");
        }
    }

    private static String indentBlock(String s) {
        StringBuilder b = new StringBuilder();
        for (String l : s.split("\n")) {
            if (!l.isEmpty()) {
                b.append("  ").append(l).append('\n');
            }
        }
        return b.toString();
    }

    private static String qname(String prefix, String local) {
        return prefix == null || prefix.isEmpty() ? local : prefix + ":" + local;
    }

    private static String escapeAttr(String v, boolean libxmlStyle) {
        if (!libxmlStyle) {
            return XmlWriter.escape(v);
        }
        return v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
