package org.jvirt.model.checkpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.snapshot.RawXml;
import org.jvirt.model.storage.ConfXml;
import org.jvirt.model.xml.XmlNode;
import org.jvirt.model.xml.XmlParser;

/**
 * Parses {@code <domaincheckpoint>} as libvirt's virDomainCheckpointDefParse. libvirt always validates checkpoint
 * XML against domaincheckpoint.rng; the rules of that schema the parser relies on (names, disk attributes) are
 * checked here with libvirt's message. A new checkpoint gets the current time as creation time and, without a name,
 * that time as its name.
 */
public final class DomainCheckpointParser {
    public static final int PARSE_REDEFINE = 1;

    private static final int DOM = ErrorDomain.DOMAIN_CHECKPOINT;
    private static final String NAME_PATTERN = "[a-zA-Z0-9_\\-][a-zA-Z0-9_\\-.]*";

    private final XmlParser xml = new XmlParser();
    private final LongSupplier clock;

    public DomainCheckpointParser() {
        this(() -> System.currentTimeMillis() / 1000);
    }

    public DomainCheckpointParser(LongSupplier clock) {
        this.clock = clock;
    }

    public DomainCheckpointDef parse(String text, int flags) {
        XmlNode root = xml.parseRoot(text, "domain_checkpoint", "domaincheckpoint", org.jvirt.core.ErrorDomain.DOMAIN_CHECKPOINT);
        validateSchema(root);
        boolean redefine = (flags & PARSE_REDEFINE) != 0;
        String name = ConfXml.childString(root, "name");
        if (name == null && redefine) {
            throw ConfXml.xmlError(DOM, "a redefined checkpoint must have a name");
        }
        String description = ConfXml.childString(root, "description");
        long creationTime;
        String parent = null;
        String domainXml = null;
        if (redefine) {
            creationTime = ConfXml.parseLong(ConfXml.childString(root, "creationTime"), 10).orElseThrow(() ->
                    ConfXml.xmlError(DOM, "missing creationTime from existing checkpoint"));
            parent = ConfXml.pathString(root, "parent", "name");
            if (root.child("domain") != null) {
                domainXml = RawXml.rootChild(text, "domain");
            }
        } else {
            creationTime = clock.getAsLong();
            if (name == null) {
                name = Long.toString(creationTime);
            }
        }
        List<DomainCheckpointDef.Disk> disks = new ArrayList<>();
        XmlNode disksNode = root.child("disks");
        if (disksNode != null) {
            for (XmlNode d : disksNode.children()) {
                String cp = d.attr("checkpoint");
                disks.add(new DomainCheckpointDef.Disk(d.attr("name"), cp == null ? "bitmap" : cp, d.attr("bitmap"),
                        0));
            }
        }
        return new DomainCheckpointDef(name, description, parent, creationTime, disks, domainXml);
    }

    /**
     * The parts of domaincheckpoint.rng libvirt's parser trusts ("Schema guarantees this..."), checked in document
     * order with the messages libxml2's validator gives for them. The embedded domain is not validated here.
     */
    private static void validateSchema(XmlNode root) {
        for (XmlNode c : root.children()) {
            boolean ok = switch (c.name()) {
                case "name" -> c.text().matches(NAME_PATTERN);
                case "description", "domain" -> true;
                case "creationTime" -> c.text().matches("[0-9]+");
                case "parent" -> {
                    XmlNode n = c.child("name");
                    yield n != null && n.text().matches(NAME_PATTERN);
                }
                case "disks" -> validDisks(c);
                default -> throw schemaError("Element domaincheckpoint has extra content: " + c.name());
            };
            if (!ok) {
                throw schemaError("Extra element " + c.name() + " in interleave\n"
                        + "Element domaincheckpoint failed to validate content");
            }
        }
    }

    private static boolean validDisks(XmlNode disks) {
        List<XmlNode> list = disks.children();
        if (list.isEmpty()) {
            return false;
        }
        for (XmlNode d : list) {
            String cp = d.attr("checkpoint");
            String size = d.attr("size");
            boolean ok = d.name().equals("disk") && d.attr("name") != null
                    && (size == null || size.matches("[0-9]+"))
                    && (cp == null || cp.equals("bitmap")
                        || (cp.equals("no") && d.attr("bitmap") == null && size == null));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static VirException schemaError(String detail) {
        return VirException.of(ErrorNumber.XML_INVALID_SCHEMA, ErrorDomain.XML,
                "Unable to validate doc against /usr/share/libvirt/schemas/domaincheckpoint.rng\n" + detail + "\n");
    }
}
