package org.jvirt.model.storage;

import java.util.Optional;
import java.util.UUID;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.util.Uuids;
import org.jvirt.model.xml.XmlNode;

/**
 * Small parsing helpers with libvirt's exact semantics, shared by the storage, node device, snapshot, checkpoint and
 * capabilities models (a candidate for hoisting into org.jvirt.model.xml).
 */
public final class ConfXml {
    private ConfXml() {}

    /**
     * libvirt's {@code virXPathString("string(./name)")}: the text of the first child {@code name}, or null when the
     * child is absent or its text is empty (libvirt turns an empty result into NULL).
     */
    public static String childString(XmlNode node, String name) {
        if (node == null) {
            return null;
        }
        String s = node.childText(name);
        return s == null || s.isEmpty() ? null : s;
    }

    /** {@code virXPathString("string(./a/b)")} for a path of child names. */
    public static String pathString(XmlNode node, String... path) {
        XmlNode n = descend(node, path.length - 1, path);
        return childString(n, path[path.length - 1]);
    }

    /** {@code virXPathString("string(./a/b/@attr)")}: null when absent or empty. */
    public static String pathAttr(XmlNode node, String attr, String... path) {
        XmlNode n = descend(node, path.length, path);
        if (n == null) {
            return null;
        }
        String v = n.attr(attr);
        return v == null || v.isEmpty() ? null : v;
    }

    /** The node at ./a/b (first match of each step), or null. */
    public static XmlNode descend(XmlNode node, int steps, String... path) {
        XmlNode n = node;
        for (int i = 0; i < steps && n != null; i++) {
            n = n.child(path[i]);
        }
        return n;
    }

    /** An error raised as virReportError(VIR_ERR_XML_ERROR, ...) in {@code domain}. */
    public static VirException xmlError(int domain, String detail) {
        return VirException.of(ErrorNumber.XML_ERROR, domain, detail);
    }

    /** libvirt's {@code virStrToLong_*}-style strict parse (whole string, optional sign); empty when invalid. */
    public static Optional<Long> parseLong(String s, int radix) {
        if (s == null) {
            return Optional.empty();
        }
        String t = s.stripLeading();
        if (radix == 0) {
            boolean neg = t.startsWith("-");
            String u = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
            if (u.startsWith("0x") || u.startsWith("0X")) {
                return parseLong((neg ? "-" : "") + u.substring(2), 16);
            }
            if (u.length() > 1 && u.startsWith("0")) {
                return parseLong((neg ? "-" : "") + u.substring(1), 8);
            }
            radix = 10;
        }
        try {
            if (t.startsWith("+")) {
                t = t.substring(1);
            }
            return Optional.of(Long.parseLong(t, radix));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** {@code virStrToLong_ull}: an unsigned 64-bit value (a leading '-' wraps around as strtoull does). */
    public static Optional<Long> parseUnsignedLong(String s) {
        if (s == null) {
            return Optional.empty();
        }
        String t = s.stripLeading();
        boolean neg = t.startsWith("-");
        if (neg || t.startsWith("+")) {
            t = t.substring(1);
        }
        if (t.isEmpty() || !Character.isDigit(t.charAt(0))) {
            return Optional.empty();
        }
        try {
            long v = Long.parseUnsignedLong(t);
            return Optional.of(neg ? -v : v);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** {@code virStrToLong_ui} with 32-bit range checking; empty when invalid or out of range. */
    public static Optional<Long> parseUnsignedInt(String s) {
        return parseLong(s, 10).filter(v -> v >= 0 && v <= 0xffffffffL);
    }

    public static Optional<UUID> parseUuid(String s) {
        return Uuids.parse(s);
    }

    /**
     * {@code virFileSanitizePath}: collapses runs of '/', keeps a leading "//" (valid POSIX) and strips one trailing
     * '/'.
     */
    public static String sanitizePath(String path) {
        StringBuilder b = new StringBuilder(path.length());
        int i = 0;
        if (path.length() >= 2 && path.charAt(0) == '/' && path.charAt(1) == '/'
                && (path.length() == 2 || path.charAt(2) != '/')) {
            b.append("//");
            i = 2;
        }
        for (; i < path.length(); i++) {
            if (path.charAt(i) == '/' && i + 1 < path.length() && path.charAt(i + 1) == '/') {
                continue;
            }
            b.append(path.charAt(i));
        }
        if (b.length() > 1 && b.charAt(b.length() - 1) == '/') {
            b.setLength(b.length() - 1);
        }
        return b.toString();
    }
}
