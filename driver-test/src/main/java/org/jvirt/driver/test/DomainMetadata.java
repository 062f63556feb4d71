package org.jvirt.driver.test;

import java.util.ArrayList;
import java.util.List;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.XmlElem;

/** virDomainObjGetMetadata/SetMetadata on a definition: title, description, and namespaced elements. */
final class DomainMetadata {
    private DomainMetadata() {}

    private static final GenericXml XML = new GenericXml();

    static String get(DomainDef def, int type, String uri) {
        String out = switch (type) {
            case TestDomainStore.META_DESCRIPTION -> def.description();
            case TestDomainStore.META_TITLE -> def.title();
            case TestDomainStore.META_ELEMENT -> {
                if (uri == null) {
                    throw Errors.bare(ErrorNumber.INVALID_ARG, ErrorDomain.DOMAIN,
                            "uri in virDomainGetMetadata must not be NULL");
                }
                XmlElem e = find(def.metadata(), uri);
                if (e == null) {
                    yield null;
                }
                StringBuilder b = new StringBuilder();
                stripPrefix(e).formatLibxml(b, 0);
                yield b.toString().stripTrailing();
            }
            default -> throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.DOMAIN,
                    "unknown metadata type '" + type + "'");
        };
        if (out == null) {
            throw VirException.of(ErrorNumber.NO_DOMAIN_METADATA, ErrorDomain.DOMAIN,
                    "Requested metadata element is not present");
        }
        return out;
    }

    static DomainDef set(DomainDef def, int type, String metadata, String key, String uri) {
        String value = metadata == null || metadata.isEmpty() ? null : metadata;
        return switch (type) {
            case TestDomainStore.META_DESCRIPTION -> def.withDescription(value);
            case TestDomainStore.META_TITLE -> {
                if (value != null && value.indexOf('\n') >= 0) {
                    throw Errors.bare(ErrorNumber.INVALID_ARG, ErrorDomain.DOMAIN,
                            "metadata title can't contain newlines");
                }
                yield def.withTitle(value);
            }
            case TestDomainStore.META_ELEMENT -> {
                if (uri == null) {
                    throw Errors.bare(ErrorNumber.INVALID_ARG, ErrorDomain.DOMAIN,
                            "uri in virDomainSetMetadata must not be NULL");
                }
                if (value != null && key == null) {
                    throw Errors.bare(ErrorNumber.INVALID_ARG, ErrorDomain.DOMAIN,
                            "key in virDomainSetMetadata must not be NULL");
                }
                XmlElem md = def.metadata() == null ? XmlElem.of("metadata") : def.metadata();
                List<XmlElem> kids = new ArrayList<>();
                for (XmlElem c : md.children()) {
                    if (!uri.equals(namespaceOf(c))) {
                        kids.add(c);
                    }
                }
                if (value != null) {
                    XmlElem parsed = XML.parse(value, "(metadata_xml)", rootName(value));
                    kids.add(prefix(parsed, key).withAttrs(withXmlns(prefix(parsed, key), key, uri)));
                }
                yield def.withMetadata(kids.isEmpty() ? null : md.withChildren(kids));
            }
            default -> throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.DOMAIN,
                    "unknown metadata type '" + type + "'");
        };
    }

    private static String rootName(String xml) {
        String s = xml.strip();
        int i = 1;
        while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && s.charAt(i) != '>' && s.charAt(i) != '/') {
            i++;
        }
        return s.substring(1, Math.max(1, i));
    }

    private static XmlElem find(XmlElem md, String uri) {
        if (md == null) {
            return null;
        }
        for (XmlElem c : md.children()) {
            if (uri.equals(namespaceOf(c))) {
                return c;
            }
        }
        return null;
    }

    private static String namespaceOf(XmlElem e) {
        for (XmlElem.Attr a : e.attrs()) {
            if (a.name().startsWith("xmlns")) {
                return a.value();
            }
        }
        return null;
    }

    private static List<XmlElem.Attr> withXmlns(XmlElem e, String key, String uri) {
        List<XmlElem.Attr> out = new ArrayList<>();
        out.add(new XmlElem.Attr("xmlns:" + key, uri));
        out.addAll(e.attrs());
        return out;
    }

    private static XmlElem prefix(XmlElem e, String key) {
        String local = e.name().contains(":") ? e.name().substring(e.name().indexOf(':') + 1) : e.name();
        return new XmlElem(key + ":" + local, e.attrs(), e.children().stream().map(c -> prefix(c, key)).toList(),
                e.text());
    }

    private static XmlElem stripPrefix(XmlElem e) {
        String local = e.name().contains(":") ? e.name().substring(e.name().indexOf(':') + 1) : e.name();
        List<XmlElem.Attr> attrs = e.attrs().stream().filter(a -> !a.name().startsWith("xmlns")).toList();
        return new XmlElem(local, attrs, e.children().stream().map(DomainMetadata::stripPrefix).toList(), e.text());
    }
}
