package org.jvirt.driver.test;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.util.List;
import org.jvirt.model.domain.XmlElem;
import org.jvirt.model.xml.XmlParser;
import org.jvirt.model.xml.XmlWriter;

/**
 * Element trees for the XML the driver handles itself: the node file (which holds objects of every kind, handed
 * one by one to the model's parsers), metadata elements and pool source specifications. Documents are checked by
 * the model's safe {@link XmlParser} first; the tree keeps attributes in document order, as libvirt does.
 */
final class GenericXml {
    private final XmlParser parser = new XmlParser();

    /** Parses {@code xml}, whose root must be {@code root}; {@code url} names the document in errors. */
    XmlElem parse(String xml, String url, String root) {
        parser.parseRoot(xml, url, root);
        return readOrdered(xml);
    }

    /**
     * The element tree with attributes in document order (a DOM sorts them, libvirt keeps them). The text was
     * already checked by the model's parser; this reader never reads a DTD or resolves an entity either.
     */
    static XmlElem readOrdered(String xml) {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        try {
            XMLStreamReader r = f.createXMLStreamReader(new StringReader(xml));
            Deque<Builder> stack = new ArrayDeque<>();
            XmlElem root = null;
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
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
                } else if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA
                        || ev == XMLStreamConstants.SPACE) {
                    if (!stack.isEmpty()) {
                        stack.peek().text.append(r.getText());
                    }
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    XmlElem e = stack.pop().build();
                    if (stack.isEmpty()) {
                        root = e;
                    } else {
                        stack.peek().children.add(e);
                    }
                }
            }
            return root;
        } catch (XMLStreamException e) {
            throw Errors.internal("Failed to copy XML node");
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
            return new XmlElem(name, attrs, children, children.isEmpty() ? text.toString() : null);
        }
    }

    /** The XML text of an element tree, as input for a model parser. */
    static String toXml(XmlElem e) {
        return format(e);
    }

    static String format(XmlElem e) {
        XmlWriter w = new XmlWriter();
        e.format(w);
        return w.toString();
    }

    /** Replaces the first child {@code name} or, when absent, inserts {@code c} after the child {@code after}. */
    static XmlElem put(XmlElem e, XmlElem c, String... after) {
        if (e.child(c.name()) != null) {
            return e.withChild(c.name(), c);
        }
        int at = 0;
        for (String a : after) {
            int i = e.indexOf(a);
            if (i >= 0) {
                at = Math.max(at, i + 1);
            }
        }
        return e.insertChild(c, at);
    }
}
