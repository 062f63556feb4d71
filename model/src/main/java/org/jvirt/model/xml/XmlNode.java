package org.jvirt.model.xml;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** A read-only view of one parsed element, with the small vocabulary every XML parser of the model needs. */
public record XmlNode(Element element) {

    public String name() {
        return element.getLocalName() != null ? element.getLocalName() : element.getNodeName();
    }

    public String namespace() {
        return element.getNamespaceURI();
    }

    /** The attribute's value, or null when absent (libvirt's virXMLPropString). */
    public String attr(String name) {
        return element.hasAttribute(name) ? element.getAttribute(name) : null;
    }

    public Optional<String> optAttr(String name) {
        return Optional.ofNullable(attr(name));
    }

    /** The first child element with this name, or null. */
    public XmlNode child(String name) {
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(localName(e))) {
                return new XmlNode(e);
            }
        }
        return null;
    }

    public List<XmlNode> children(String name) {
        List<XmlNode> out = new ArrayList<>();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(localName(e))) {
                out.add(new XmlNode(e));
            }
        }
        return out;
    }

    public List<XmlNode> children() {
        List<XmlNode> out = new ArrayList<>();
        NodeList list = element.getChildNodes();
        for (int i = 0; i < list.getLength(); i++) {
            if (list.item(i) instanceof Element e) {
                out.add(new XmlNode(e));
            }
        }
        return out;
    }

    /** The element's text content (entity references contribute nothing, see XmlParser). */
    public String text() {
        return element.getTextContent();
    }

    /** Text of the first child element {@code name}, or null when there is no such child. */
    public String childText(String name) {
        XmlNode c = child(name);
        return c == null ? null : c.text();
    }

    private static String localName(Element e) {
        return e.getLocalName() != null ? e.getLocalName() : e.getNodeName();
    }
}
