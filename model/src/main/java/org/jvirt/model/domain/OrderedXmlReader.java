package org.jvirt.model.domain;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/**
 * Reads a document that {@link org.jvirt.model.xml.XmlParser} has already accepted into {@link XmlElem} trees,
 * keeping attribute order (the JDK's DOM sorts attributes by name, libvirt's output keeps its own order and the
 * untyped sections rely on the input's). DTDs are not supported and entities are never replaced, so this reader
 * is as safe as the DOM one: an entity reference contributes nothing.
 */
final class OrderedXmlReader {
    private OrderedXmlReader() {
    }

    static XmlElem read(String xml) {
        Deque<Builder> stack = new ArrayDeque<>();
        try {
            XMLStreamReader r = org.jvirt.model.xml.XmlStreams.reader(xml);
            XmlElem root = null;
            while (r.hasNext()) {
                int ev = r.next();
                switch (ev) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        Builder b = new Builder(qname(r.getPrefix(), r.getLocalName()));
                        for (int i = 0; i < r.getNamespaceCount(); i++) {
                            String p = r.getNamespacePrefix(i);
                            b.attrs.add(new XmlElem.Attr(p == null || p.isEmpty() ? "xmlns" : "xmlns:" + p,
                                    r.getNamespaceURI(i)));
                        }
                        for (int i = 0; i < r.getAttributeCount(); i++) {
                            b.attrs.add(new XmlElem.Attr(qname(r.getAttributePrefix(i), r.getAttributeLocalName(i)),
                                    r.getAttributeValue(i)));
                        }
                        stack.push(b);
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (!stack.isEmpty()) {
                            stack.peek().text.append(r.getText());
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        XmlElem e = stack.pop().build();
                        if (stack.isEmpty()) {
                            root = e;
                        } else {
                            stack.peek().children.add(e);
                        }
                    }
                    default -> {
                    }
                }
            }
            return root;
        } catch (XMLStreamException e) {
            throw VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.DOMAIN, e.getMessage());
        }
    }

    private static String qname(String prefix, String local) {
        return prefix == null || prefix.isEmpty() ? local : prefix + ":" + local;
    }

    private static final class Builder {
        final String name;
        final List<XmlElem.Attr> attrs = new ArrayList<>();
        final List<XmlElem> children = new ArrayList<>();
        final StringBuilder text = new StringBuilder();

        Builder(String name) {
            this.name = name;
        }

        XmlElem build() {
            String t = children.isEmpty() ? text.toString() : null;
            return new XmlElem(name, attrs, children, t);
        }
    }
}
