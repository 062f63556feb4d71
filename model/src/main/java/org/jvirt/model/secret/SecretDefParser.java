package org.jvirt.model.secret;

import java.util.UUID;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.util.Uuids;
import org.jvirt.model.xml.XmlNode;
import org.jvirt.model.xml.XmlParser;

/** Parses {@code <secret>} XML as libvirt 9.0's virSecretDefParse does. */
public final class SecretDefParser {
    private final XmlParser xml = new XmlParser();

    public SecretDef parse(String xmlText) {
        return parseNode(org.jvirt.model.network.XmlProps.parseRoot(xml, xmlText, "definition_of_secret", "secret",
                ErrorDomain.SECRET));
    }

    public SecretDef parseNode(XmlNode root) {
        boolean ephemeral = yesNo(root.attr("ephemeral"), "invalid value of 'ephemeral'");
        boolean isPrivate = yesNo(root.attr("private"), "invalid value of 'private'");
        String uuidText = xpathText(root.child("uuid"));
        UUID uuid;
        if (uuidText == null) {
            uuid = Uuids.generate();
        } else {
            uuid = Uuids.parse(uuidText).orElseThrow(() ->
                    VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.SECRET, "malformed uuid element"));
        }
        String description = xpathText(root.child("description"));
        String usageType = "none";
        String usageId = null;
        XmlNode usage = root.child("usage");
        if (usage != null) {
            String type = empty(usage.attr("type"));
            if (type == null) {
                throw VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.SECRET, "unknown secret usage type");
            }
            if (!SecretDef.USAGE_TYPES.contains(type)) {
                throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.SECRET,
                        "unknown secret usage type " + type);
            }
            usageType = type;
            String[] what = switch (type) {
                case "volume" -> new String[] {"volume", "volume usage specified, but volume path is missing"};
                case "ceph" -> new String[] {"name", "Ceph usage specified, but name is missing"};
                case "iscsi" -> new String[] {"target", "iSCSI usage specified, but target is missing"};
                case "tls" -> new String[] {"name", "TLS usage specified, but name is missing"};
                case "vtpm" -> new String[] {"name", "vTPM usage specified, but name is missing"};
                default -> null;
            };
            if (what != null) {
                usageId = xpathText(usage.child(what[0]));
                if (usageId == null) {
                    throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.SECRET, what[1]);
                }
            }
        }
        return new SecretDef(ephemeral, isPrivate, uuid, uuidText != null, description, usageType, usageId);
    }

    private static boolean yesNo(String v, String error) {
        v = empty(v);
        if (v == null) {
            return false;
        }
        return switch (v) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.SECRET, error);
        };
    }

    private static String empty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String xpathText(XmlNode n) {
        return n == null ? null : empty(n.text());
    }
}
