package org.jvirt.model.xml;

import java.io.IOException;
import java.io.StringReader;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.EntityResolver;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;

/**
 * The one XML parser of jvirt. Like libvirt's libxml2 setup, entities declared inside the document expand (within
 * the JDK's expansion limits, so "billion laughs" fails) while nothing outside it is ever read: an external entity
 * or DTD expands to nothing, so {@code <name>&xxe;</name>} is an empty name, not the content of some file.
 */
public final class XmlParser {
    private final DocumentBuilderFactory factory;
    /** Builders are costly to make and not thread-safe: each parse borrows one, resets and returns it. */
    private final java.util.concurrent.ConcurrentLinkedQueue<DocumentBuilder> idle =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    public XmlParser() {
        factory = DocumentBuilderFactory.newDefaultInstance(); // the JDK's own: no service lookup per parser
        factory.setNamespaceAware(true);
        factory.setExpandEntityReferences(true);
        factory.setXIncludeAware(false);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a required security feature", e);
        }
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    }

    /**
     * Parses {@code xml}; {@code url} names the document in error messages as libvirt does, e.g.
     * "domain_definition" gives "(domain_definition):1: ...". Raises VIR_ERR_XML_DETAIL on malformed input.
     */
    public Document parse(String xml, String url) {
        return parse(xml, url, ErrorDomain.XML);
    }

    /** As {@link #parse(String, String)}, reporting errors in {@code errorDomain}, as libvirt reports them in the
     *  domain of the document being read (e.g. VIR_FROM_NETWORK for a network definition). */
    public Document parse(String xml, String url, int errorDomain) {
        DocumentBuilder builder = idle.poll();
        try {
            if (builder == null) {
                builder = factory.newDocumentBuilder();
            }
            builder.setErrorHandler(null);
            builder.setEntityResolver(NO_ENTITIES);
            Document doc = builder.parse(new InputSource(new StringReader(xml)));
            builder.reset();
            if (idle.size() < 64) {
                idle.offer(builder);
            }
            return doc;
        } catch (SAXParseException e) {
            throw malformed(xml, url, e, errorDomain);
        } catch (org.xml.sax.SAXException | IOException | ParserConfigurationException e) {
            throw VirException.of(ErrorNumber.XML_DETAIL, errorDomain, "(" + url + "): " + e.getMessage());
        }
    }

    /** Parses and returns the root element, checking it is named {@code rootName} as libvirt's virXMLParse does. */
    public XmlNode parseRoot(String xml, String url, String rootName) {
        return parseRoot(xml, url, rootName, ErrorDomain.XML);
    }

    /** As {@link #parseRoot(String, String, String)}, reporting malformed XML in {@code errorDomain}. */
    public XmlNode parseRoot(String xml, String url, String rootName, int errorDomain) {
        Element root = parse(xml, url, errorDomain).getDocumentElement();
        if (!rootName.equals(root.getLocalName() == null ? root.getNodeName() : root.getLocalName())) {
            // libvirt reports a wrong root in the XML domain whatever the document (checked with python-libvirt)
            throw VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.XML,
                    "expecting root element of '" + rootName + "', not '" + root.getNodeName() + "'");
        }
        return new XmlNode(root);
    }

    private static final EntityResolver NO_ENTITIES = (publicId, systemId) -> new InputSource(new StringReader(""));

    /**
     * libvirt reports parse errors as "(url):LINE: message", the offending line, and a caret under the column; the
     * message is libxml2's wording where {@link LibxmlDiagnosis} recognises the error, else the JDK parser's.
     */
    /** libvirt names a file by its path and an in-memory document by "(its url)". */
    private static String name(String url) {
        return url.startsWith("/") ? url : "(" + url + ")";
    }

    private static VirException malformed(String xml, String url, SAXParseException e, int errorDomain) {
        var diagnosis = LibxmlDiagnosis.diagnose(xml);
        String detail;
        if (diagnosis.isPresent() && diagnosis.get().offset() < 0) {
            detail = name(url) + ":1: " + diagnosis.get().message() + "\n(null)\n^";
        } else if (diagnosis.isPresent()) {
            int offset = Math.min(diagnosis.get().offset(), xml.length());
            int lineStart = xml.lastIndexOf('\n', offset - 1) + 1;
            int lineEnd = xml.indexOf('\n', offset);
            int line = 1 + (int) xml.substring(0, lineStart).chars().filter(c -> c == '\n').count();
            String context = xml.substring(lineStart, lineEnd < 0 ? xml.length() : lineEnd);
            if (context.isEmpty() && offset >= xml.length()) {
                context = "(null)"; // libxml2 has no line to show past the final newline
            }
            detail = name(url) + ":" + line + ": " + diagnosis.get().message() + "\n" + context + "\n"
                    + "-".repeat(Math.max(0, offset - lineStart)) + "^";
        } else {
            int line = Math.max(1, e.getLineNumber());
            String[] lines = xml.split("\n", -1);
            String context = line <= lines.length ? lines[line - 1] : "";
            int column = Math.max(1, Math.min(e.getColumnNumber(), context.length() + 1));
            detail = name(url) + ":" + line + ": " + e.getMessage() + "\n" + context + "\n"
                    + "-".repeat(column - 1) + "^";
        }
        return VirException.of(ErrorNumber.XML_DETAIL, errorDomain, detail);
    }
}
