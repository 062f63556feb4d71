package org.jvirt.model.xml;

import java.io.StringReader;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * StAX readers for the places that need the document's own attribute order (DOM does not keep it). One factory,
 * configured once and never changed (making one per parse costs more than the parse): internal entities expanded,
 * external ones never read, namespace-aware.
 */
public final class XmlStreams {
    private static final XMLInputFactory FACTORY = configure();

    private XmlStreams() {}

    private static XMLInputFactory configure() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        // As libvirt (libxml2 without XML_PARSE_NOENT/NONET... but expanding internal entities): entities declared
        // in the document are expanded, bounded by the JDK's expansion limits; nothing outside it is ever read.
        f.setProperty(XMLInputFactory.SUPPORT_DTD, true);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, true);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setXMLResolver((publicId, systemId, baseUri, namespace) -> new java.io.ByteArrayInputStream(new byte[0]));
        try {
            f.setProperty("http://java.sun.com/xml/stream/properties/ignore-external-dtd", true);
        } catch (IllegalArgumentException e) {
            // not the JDK's StAX implementation: the resolver above still hands out nothing
        }
        return f;
    }

    public static XMLStreamReader reader(String xml) throws XMLStreamException {
        return FACTORY.createXMLStreamReader(new StringReader(xml));
    }
}
