package org.jvirt.model.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.xml.XmlNode;
import org.jvirt.model.xml.XmlWriter;

/**
 * {@code <encryption format='qcow|luks|luks2|default' engine='qemu|librbd'>} of a volume (formatstorageencryption;
 * libvirt's virStorageEncryption), with {@link #parse} and {@link #format}; the domain disk model can reuse it.
 * {@code engine} is null when absent; cipher fields are null when there is no {@code <cipher>}.
 */
public record StorageEncryption(String format, String engine, List<Secret> secrets, String cipherName,
                                long cipherSize, String cipherMode, String cipherHash, String ivgenName,
                                String ivgenHash) {

    public StorageEncryption {
        secrets = List.copyOf(secrets);
    }

    /** {@code <secret type='passphrase' uuid|usage/>}. */
    public record Secret(String type, UUID uuid, String usage) {}

    private static final List<String> FORMATS = List.of("default", "qcow", "luks", "luks2");
    private static final List<String> ENGINES = List.of("qemu", "librbd");

    /** virStorageEncryptionParseNode. */
    public static StorageEncryption parse(XmlNode node) {
        int dom = ErrorDomain.STORAGE;
        String format = node.attr("format");
        if (format == null || format.isEmpty()) {
            throw ConfXml.xmlError(dom, "unknown volume encryption format");
        }
        if (!FORMATS.contains(format)) {
            throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, dom,
                    "unknown volume encryption format type " + format);
        }
        String engine = node.attr("engine");
        if (engine != null && !ENGINES.contains(engine)) {
            throw ConfXml.xmlError(ErrorDomain.XML,
                    "Invalid value for attribute 'engine' in element 'encryption': '" + engine + "'.");
        }
        List<Secret> secrets = new ArrayList<>();
        for (XmlNode s : node.children("secret")) {
            String type = s.attr("type");
            if (type == null || type.isEmpty()) {
                throw ConfXml.xmlError(dom, "unknown volume encryption secret type");
            }
            if (!type.equals("passphrase")) {
                throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, dom,
                        "unknown volume encryption secret type " + type);
            }
            StorageXml.SecretRef ref = StorageXml.parseSecretLookup(s);
            secrets.add(new Secret(type, ref.uuid(), ref.usage()));
        }
        String cName = null;
        long cSize = 0;
        String cMode = null;
        String cHash = null;
        XmlNode cipher = node.child("cipher");
        if (cipher != null) {
            cName = cipher.attr("name");
            if (cName == null) {
                throw ConfXml.xmlError(dom, "cipher info missing 'name' attribute");
            }
            String size = cipher.attr("size");
            if (size == null) {
                throw ConfXml.xmlError(ErrorDomain.XML, "Missing required attribute 'size' in element 'cipher'");
            }
            String sz = size;
            cSize = ConfXml.parseUnsignedInt(size).orElseThrow(() -> ConfXml.xmlError(ErrorDomain.XML,
                    "Invalid value for attribute 'size' in element 'cipher': '" + sz
                            + "'. Expected non-negative integer value"));
            cMode = cipher.attr("mode");
            cHash = cipher.attr("hash");
        }
        String iName = null;
        String iHash = null;
        XmlNode ivgen = node.child("ivgen");
        if (ivgen != null) {
            if (cipher == null) {
                throw ConfXml.xmlError(dom, "ivgen element found, but cipher is missing");
            }
            iName = ivgen.attr("name");
            if (iName == null) {
                throw ConfXml.xmlError(dom, "missing ivgen info name string");
            }
            iHash = ivgen.attr("hash");
        }
        return new StorageEncryption(format, engine, secrets, cName, cSize, cMode, cHash, iName, iHash);
    }

    /** virStorageEncryptionFormat. */
    public void format(XmlWriter w) {
        w.open("encryption", "format", format, "engine", engine);
        for (Secret s : secrets) {
            StorageXml.formatSecretLookup(w, s.type(), s.uuid(), s.usage());
        }
        if ((format.equals("luks") || format.equals("luks2")) && (cipherName != null || ivgenName != null)) {
            w.empty("cipher", "name", cipherName, "size", Long.toString(cipherSize), "mode", cipherMode, "hash",
                    cipherHash);
            if (ivgenName != null) {
                w.empty("ivgen", "name", ivgenName, "hash", ivgenHash);
            }
        }
        w.close("encryption");
    }
}
