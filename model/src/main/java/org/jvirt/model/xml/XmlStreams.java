package org.jvirt.model.xml;

import java.io.StringReader;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * StAX readers for the places that need the document's own attribute order (DOM does not keep it). One factory,
 * configured once and never changed (making one per parse costs more than the parse): no DTD, no entity is
 * resolved or replaced, namespace-aware.
 */
public final class XmlStreams {
    private static final XMLInputFactory FACTORY = configure();

    private XmlStreams() {}

    private static XMLInputFactory configure() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return f;
    }

    public static XMLStreamReader reader(String xml) throws XMLStreamException {
        return FACTORY.createXMLStreamReader(new StringReader(xml));
    }
}
