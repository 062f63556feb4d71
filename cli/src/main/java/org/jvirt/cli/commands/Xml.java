package org.jvirt.cli.commands;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The XPath queries virsh runs on XML returned by libvirt (virXPathString and friends), and libxml2's formatted
 * node dump used by {@code --xpath}. The DOM is built from SAX so attributes keep their document order (the JDK's
 * DOM sorts them), and blank text between elements is dropped as libvirt's parser does.
 */
final class Xml {
    /** User-data key holding an element's attribute names in document order. */
    private static final String ORDER = "jvirsh.attr-order";
    private static final String XMLNS = "http://www.w3.org/2000/xmlns/";

    private final Document doc;
    private final XPath xpath = XPathFactory.newInstance().newXPath();

    private Xml(Document doc) {
        this.doc = doc;
    }

    static Xml parse(String text) {
        try {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            SAXParserFactory spf = SAXParserFactory.newInstance();
            spf.setNamespaceAware(true);
            spf.setFeature("http://xml.org/sax/features/namespace-prefixes", true);
            spf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            spf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            spf.newSAXParser().parse(new InputSource(new StringReader(text)), new Builder(doc));
            dropBlanks(doc.getDocumentElement());
            return new Xml(doc);
        } catch (Exception e) {
            throw new IllegalStateException("unparsable XML from libvirt: " + e.getMessage(), e);
        }
    }

    private static final class Builder extends DefaultHandler {
        private final Document doc;
        private Node current;

        Builder(Document doc) {
            this.doc = doc;
            this.current = doc;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) {
            Element e = doc.createElementNS(uri == null || uri.isEmpty() ? null : uri, qName);
            List<String> order = new ArrayList<>();
            for (int i = 0; i < atts.getLength(); i++) {
                String q = atts.getQName(i);
                if (q.equals("xmlns") || q.startsWith("xmlns:")) {
                    e.setAttributeNS(XMLNS, q, atts.getValue(i));
                } else {
                    String ns = atts.getURI(i);
                    e.setAttributeNS(ns == null || ns.isEmpty() ? null : ns, q, atts.getValue(i));
                }
                order.add(q);
            }
            e.setUserData(ORDER, order, null);
            current.appendChild(e);
            current = e;
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            current = current.getParentNode();
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            Node last = current.getLastChild();
            String s = new String(ch, start, length);
            if (last != null && last.getNodeType() == Node.TEXT_NODE) {
                last.setNodeValue(last.getNodeValue() + s);
            } else if (current != doc) {
                current.appendChild(doc.createTextNode(s));
            }
        }
    }

    private static void dropBlanks(Node n) {
        boolean hasElement = false;
        for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
            hasElement |= c.getNodeType() == Node.ELEMENT_NODE;
        }
        Node c = n.getFirstChild();
        while (c != null) {
            Node next = c.getNextSibling();
            if (c.getNodeType() == Node.TEXT_NODE && hasElement && c.getNodeValue().isBlank()) {
                n.removeChild(c);
            } else if (c.getNodeType() == Node.ELEMENT_NODE) {
                dropBlanks(c);
            }
            c = next;
        }
    }

    /** virXPathString: the string value, or null when it is empty. */
    String string(String expr) {
        return string(doc, expr);
    }

    String string(Node ctx, String expr) {
        try {
            String s = (String) xpath.evaluate(expr, ctx, XPathConstants.STRING);
            return s == null || s.isEmpty() ? null : s;
        } catch (XPathExpressionException e) {
            throw new IllegalArgumentException(expr, e);
        }
    }

    List<Node> nodes(String expr) {
        return nodes(doc, expr);
    }

    List<Node> nodes(Node ctx, String expr) {
        try {
            NodeList nl = (NodeList) xpath.evaluate(expr, ctx, XPathConstants.NODESET);
            List<Node> out = new ArrayList<>(nl.getLength());
            for (int i = 0; i < nl.getLength(); i++) {
                out.add(nl.item(i));
            }
            return out;
        } catch (XPathExpressionException e) {
            throw new IllegalArgumentException(expr, e);
        }
    }

    /** virXPathNodeSet: null when the expression is not a node-set or does not compile. */
    List<Node> nodeSet(String expr) {
        try {
            NodeList nl = (NodeList) xpath.evaluate(expr, doc, XPathConstants.NODESET);
            List<Node> out = new ArrayList<>(nl.getLength());
            for (int i = 0; i < nl.getLength(); i++) {
                out.add(nl.item(i));
            }
            return out;
        } catch (XPathExpressionException | RuntimeException e) {
            return null;
        }
    }

    /** libxml2's xmlNodeDump with formatting, as virXMLNodeToString produces it. */
    static String dump(Node n) {
        StringBuilder sb = new StringBuilder();
        dump(sb, n, 0);
        return sb.toString();
    }

    private static void dump(StringBuilder sb, Node n, int level) {
        switch (n.getNodeType()) {
            case Node.ATTRIBUTE_NODE -> sb.append(' ').append(n.getNodeName()).append("=\"")
                    .append(escapeAttr(n.getNodeValue())).append('"');
            case Node.TEXT_NODE -> sb.append(escapeText(n.getNodeValue()));
            case Node.CDATA_SECTION_NODE -> sb.append("<![CDATA[").append(n.getNodeValue()).append("]]>");
            case Node.COMMENT_NODE -> sb.append("<!--").append(n.getNodeValue()).append("-->");
            case Node.ELEMENT_NODE -> dumpElement(sb, (Element) n, level, List.of());
            default -> { }
        }
    }

    private static void dumpElement(StringBuilder sb, Element e, int level, List<Node> extraAttrs) {
        sb.append('<').append(e.getTagName());
        for (Attr a : orderedAttributes(e)) {
            dump(sb, a, level);
        }
        for (Node a : extraAttrs) {
            dump(sb, a, level);
        }
        if (!e.hasChildNodes()) {
            sb.append("/>");
            return;
        }
        sb.append('>');
        boolean format = true;
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c.getNodeType() == Node.TEXT_NODE || c.getNodeType() == Node.CDATA_SECTION_NODE) {
                format = false;
                break;
            }
        }
        if (format) {
            sb.append('\n');
        }
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (format) {
                sb.append("  ".repeat(level + 1));
            }
            dump(sb, c, format ? level + 1 : level);
            if (format) {
                sb.append('\n');
            }
        }
        if (format) {
            sb.append("  ".repeat(level));
        }
        sb.append("</").append(e.getTagName()).append('>');
    }

    /** virsh's {@code --wrap}: the nodes as children (attributes as attributes) of a new {@code <nodes>} root. */
    static String wrap(List<Node> nodes) {
        Document d;
        try {
            d = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
        Element root = d.createElement("nodes");
        List<Node> attrs = new ArrayList<>();
        for (Node n : nodes) {
            if (n.getNodeType() == Node.ATTRIBUTE_NODE) {
                attrs.add(n);
            } else {
                Node copy = d.importNode(n, true);
                copyOrder(n, copy);
                root.appendChild(copy);
            }
        }
        root.setUserData(ORDER, List.of(), null);
        StringBuilder sb = new StringBuilder();
        dumpElement(sb, root, 0, attrs);
        return sb.toString();
    }

    private static void copyOrder(Node from, Node to) {
        if (from.getNodeType() == Node.ELEMENT_NODE) {
            to.setUserData(ORDER, from.getUserData(ORDER), null);
            Node a = from.getFirstChild();
            Node b = to.getFirstChild();
            while (a != null && b != null) {
                copyOrder(a, b);
                a = a.getNextSibling();
                b = b.getNextSibling();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Attr> orderedAttributes(Element e) {
        List<String> order = (List<String>) e.getUserData(ORDER);
        List<Attr> out = new ArrayList<>();
        if (order != null) {
            for (String q : order) {
                Attr a = e.getAttributeNode(q);
                if (a != null) {
                    out.add(a);
                }
            }
            return out;
        }
        var map = e.getAttributes();
        for (int i = 0; i < map.getLength(); i++) {
            out.add((Attr) map.item(i));
        }
        return out;
    }

    private static String escapeText(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '\r' -> sb.append("&#13;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String escapeAttr(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\n' -> sb.append("&#10;");
                case '\r' -> sb.append("&#13;");
                case '\t' -> sb.append("&#9;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
