package org.jvirt.model.secret;

import org.jvirt.model.xml.XmlWriter;

/** Formats a {@link SecretDef} byte for byte as libvirt 9.0's virSecretDefFormat does. */
public final class SecretDefFormatter {
    private SecretDefFormatter() {}

    /** virSecretDefFormat; {@code flags} is accepted for symmetry with the other kinds (libvirt has none). */
    public static String format(SecretDef def, int flags) {
        XmlWriter w = new XmlWriter();
        w.open("secret", "ephemeral", def.ephemeral() ? "yes" : "no", "private", def.isPrivate() ? "yes" : "no");
        w.text("uuid", def.uuid().toString());
        w.text("description", def.description());
        if (!def.usageType().equals("none")) {
            w.open("usage", "type", def.usageType());
            String elem = switch (def.usageType()) {
                case "volume" -> "volume";
                case "iscsi" -> "target";
                default -> "name";
            };
            w.text(elem, def.usageId());
            w.close("usage");
        }
        w.close("secret");
        return w.toString();
    }
}
