package org.jvirt.model.storage;

import java.util.UUID;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.util.Uuids;
import org.jvirt.model.xml.XmlNode;
import org.jvirt.model.xml.XmlWriter;

/** Pieces shared by pool and volume XML: permissions, auth and secret lookup, PCI addresses. */
final class StorageXml {
    private StorageXml() {}

    /** virStorageDefParsePerms; {@code node} is the {@code <permissions>} element or null. */
    static StoragePerms parsePerms(XmlNode node) {
        if (node == null) {
            return StoragePerms.UNSET;
        }
        int mode = -1;
        String m = ConfXml.childString(node, "mode");
        if (m != null) {
            long v = ConfXml.parseLong(m, 8).filter(x -> x >= Integer.MIN_VALUE && x <= Integer.MAX_VALUE)
                    .orElseThrow(() -> ConfXml.xmlError(ErrorDomain.STORAGE, "malformed octal mode"));
            if ((v & ~0777L) != 0) {
                throw ConfXml.xmlError(ErrorDomain.STORAGE, "malformed octal mode");
            }
            mode = (int) v;
        }
        long uid = parseId(node.child("owner"), "malformed owner element");
        long gid = parseId(node.child("group"), "malformed group element");
        return new StoragePerms(mode, uid, gid, ConfXml.childString(node, "label"));
    }

    /** XPath number() of the element, accepted when it fits uid_t or is -1; 2^32-1 is uid_t's -1. */
    private static long parseId(XmlNode n, String error) {
        if (n == null) {
            return -1;
        }
        double d;
        try {
            d = Double.parseDouble(n.text().strip());
        } catch (NumberFormatException e) {
            throw ConfXml.xmlError(ErrorDomain.STORAGE, error);
        }
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw ConfXml.xmlError(ErrorDomain.STORAGE, error);
        }
        long v = (long) d;
        if (v != -1 && (v < 0 || v > 0xffffffffL)) {
            throw ConfXml.xmlError(ErrorDomain.STORAGE, error);
        }
        return v == 0xffffffffL ? -1 : v;
    }

    static void formatPerms(XmlWriter w, StoragePerms p) {
        if (p == null || p.isUnset()) {
            return;
        }
        w.open("permissions");
        if (p.mode() != -1) {
            w.text("mode", "0" + Integer.toOctalString(p.mode()));
        }
        if (p.uid() != -1) {
            w.text("owner", Integer.toString((int) p.uid()));
        }
        if (p.gid() != -1) {
            w.text("group", Integer.toString((int) p.gid()));
        }
        w.text("label", p.label());
        w.close("permissions");
    }

    /** virStorageAuthDefParse. */
    static StorageAuth parseAuth(XmlNode node, int domain) {
        String username = node.attr("username");
        if (username == null) {
            throw ConfXml.xmlError(domain, "missing username for auth");
        }
        String type = node.attr("type");
        if (type != null && !type.equals("chap") && !type.equals("ceph")) {
            if (type.equals("none")) {
                type = null;
            } else {
                throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, domain, "unknown auth type '" + type + "'");
            }
        }
        XmlNode secret = node.child("secret");
        if (secret == null) {
            throw ConfXml.xmlError(domain, "Missing <secret> element in auth");
        }
        SecretRef ref = parseSecretLookup(secret);
        return new StorageAuth(type, username, secret.attr("type"), ref.uuid(), ref.usage());
    }

    static void formatAuth(XmlWriter w, StorageAuth a) {
        w.open("auth", "type", a.authType(), "username", a.username());
        formatSecretLookup(w, a.secretType(), a.secretUuid(), a.secretUsage());
        w.close("auth");
    }

    record SecretRef(UUID uuid, String usage) {}

    /** virSecretLookupParseSecret: exactly one of uuid/usage. */
    static SecretRef parseSecretLookup(XmlNode secret) {
        String uuid = secret.attr("uuid");
        String usage = secret.attr("usage");
        if (uuid == null && usage == null) {
            throw ConfXml.xmlError(ErrorDomain.NONE, "missing secret uuid or usage attribute");
        }
        if (uuid != null && usage != null) {
            throw ConfXml.xmlError(ErrorDomain.NONE, "either secret uuid or usage expected");
        }
        if (uuid != null) {
            return new SecretRef(Uuids.parse(uuid).orElseThrow(
                    () -> ConfXml.xmlError(ErrorDomain.NONE, "invalid secret uuid '" + uuid + "'")), null);
        }
        return new SecretRef(null, usage);
    }

    static void formatSecretLookup(XmlWriter w, String type, UUID uuid, String usage) {
        w.empty("secret", "type", type, "uuid", uuid == null ? null : uuid.toString(), "usage",
                uuid == null ? usage : null);
    }

    /** virPCIDeviceAddressParseXML (the attributes used by scsi_host parent addresses). */
    static StorageAdapter.PciAddress parsePciAddress(XmlNode addr) {
        return new StorageAdapter.PciAddress(pciPart(addr, "domain", 0xffff), pciPart(addr, "bus", 0xff),
                pciPart(addr, "slot", 0x1f), pciPart(addr, "function", 7));
    }

    private static int pciPart(XmlNode addr, String attr, int max) {
        String v = addr.attr(attr);
        if (v == null) {
            return 0;
        }
        long n = ConfXml.parseLong(v, 0).filter(x -> x >= 0 && x <= 0xffffffffL).orElseThrow(() ->
                VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.DOMAIN,
                        "Cannot parse <address> '" + attr + "' attribute"));
        if (n > max) {
            throw VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.DOMAIN,
                    "Invalid PCI address " + attr + ". Must be <= " + max);
        }
        return (int) n;
    }

    static void formatPciAddress(XmlWriter w, StorageAdapter.PciAddress a) {
        w.empty("address", "domain", String.format("0x%04x", a.domain()), "bus", String.format("0x%02x", a.bus()),
                "slot", String.format("0x%02x", a.slot()), "function", "0x" + a.function());
    }
}
