package org.jvirt.model.network;

import java.util.List;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.xml.XmlNode;
import org.jvirt.model.xml.XmlParser;

/**
 * libvirt's typed attribute readers ({@code virXMLPropUInt}, {@code virXMLPropTristateBool}, {@code virXMLPropEnum},
 * {@code virStrToLong_*}) with their exact error texts. Shared by the network, interface, secret and nwfilter
 * parsers; a candidate for hoisting into {@code org.jvirt.model.xml}.
 */
public final class XmlProps {
    private XmlProps() {}

    /**
     * XmlParser.parseRoot, with malformed-document errors (VIR_ERR_XML_DETAIL) raised in {@code domain}: libvirt's
     * virXMLParse reports them from the calling file's VIR_FROM_THIS, while the root-name check stays VIR_FROM_XML.
     */
    public static XmlNode parseRoot(XmlParser parser, String xml, String url, String root, int domain) {
        try {
            return parser.parseRoot(xml, url, root);
        } catch (VirException e) {
            if (e.code() == ErrorNumber.XML_DETAIL && e.domain() == ErrorDomain.XML) {
                throw new VirException(e.code(), domain, e.level(), e.getMessage(), e.str1(), e.str2(), e.str3(),
                        e.int1(), e.int2());
            }
            throw e;
        }
    }

    /** An absent unsigned value. */
    public static final long ABSENT = -1;

    /** virXMLPropUInt with VIR_XML_PROP_NONE: the value, or {@link #ABSENT}; errors name the attribute and element. */
    public static long uint(XmlNode node, String attr, int base) {
        return unsigned(node, attr, base, 0xffffffffL, false);
    }

    /** virXMLPropUInt with VIR_XML_PROP_NONZERO. */
    public static long uintNonZero(XmlNode node, String attr, int base) {
        return unsigned(node, attr, base, 0xffffffffL, true);
    }

    /** virXMLPropULongLong with VIR_XML_PROP_NONE (values above Long.MAX_VALUE are refused). */
    public static long ulong(XmlNode node, String attr, int base) {
        return unsigned(node, attr, base, Long.MAX_VALUE, false);
    }

    /** virXMLPropUInt with VIR_XML_PROP_REQUIRED. */
    public static long uintRequired(XmlNode node, String attr, int base) {
        if (node == null || node.attr(attr) == null) {
            throw missingAttr(node, attr);
        }
        return uint(node, attr, base);
    }

    public static VirException missingAttr(XmlNode node, String attr) {
        return VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.XML,
                "Missing required attribute '" + attr + "' in element '" + (node == null ? "" : node.name()) + "'");
    }

    private static long unsigned(XmlNode node, String attr, int base, long max, boolean nonZero) {
        if (node == null) {
            return ABSENT;
        }
        String v = node.attr(attr);
        if (v == null) {
            return ABSENT;
        }
        long n = parseUnsigned(v, base, max);
        if (n < 0) {
            throw VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.XML, "Invalid value for attribute '" + attr
                    + "' in element '" + node.name() + "': '" + v + "'. Expected non-negative integer value");
        }
        if (nonZero && n == 0) {
            throw VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.XML, "Invalid value for attribute '" + attr
                    + "' in element '" + node.name() + "': Zero is not permitted");
        }
        return n;
    }

    /**
     * virStrToLong_ui / _ull semantics: optional leading blanks, optional '+', digits in {@code base} (0 means C's
     * auto-detection of 0x and leading-0 octal), nothing after. Returns -1 when invalid or above {@code max}.
     */
    public static long parseUnsigned(String s, int base, long max) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        if (i < s.length() && s.charAt(i) == '+') {
            i++;
        }
        int b = base;
        boolean hex = i + 2 < s.length() && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X');
        if ((b == 0 || b == 16) && hex) {
            i += 2;
            b = 16;
        } else if (b == 0) {
            b = i + 1 < s.length() && s.charAt(i) == '0' ? 8 : 10;
        }
        if (i >= s.length()) {
            return -1;
        }
        long v = 0;
        for (; i < s.length(); i++) {
            int d = Character.digit(s.charAt(i), b);
            if (d < 0) {
                return -1;
            }
            if (v > (max - d) / b) {
                return -1;
            }
            v = v * b + d;
        }
        return v;
    }

    /** A tristate: null (absent), TRUE or FALSE. virXMLPropTristateBool with VIR_XML_PROP_NONE. */
    public static Boolean tristate(XmlNode node, String attr) {
        if (node == null) {
            return null;
        }
        String v = node.attr(attr);
        if (v == null) {
            return null;
        }
        return switch (v) {
            case "yes" -> Boolean.TRUE;
            case "no" -> Boolean.FALSE;
            default -> throw invalidValue(node, attr, v);
        };
    }

    /** virXMLPropEnum: the index of {@code v} in {@code names}, -1 when absent; invalid values raise the generic error. */
    public static int enumValue(XmlNode node, String attr, List<String> names, boolean nonZero) {
        if (node == null) {
            return -1;
        }
        String v = node.attr(attr);
        if (v == null) {
            return -1;
        }
        int i = names.indexOf(v);
        if (i < 0 || (nonZero && i == 0)) {
            throw invalidValue(node, attr, v);
        }
        return i;
    }

    public static VirException invalidValue(XmlNode node, String attr, String v) {
        return VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.XML,
                "Invalid value for attribute '" + attr + "' in element '" + node.name() + "': '" + v + "'.");
    }

    public static String yesNo(Boolean b) {
        return b == null ? null : b ? "yes" : "no";
    }

    /** virXMLCheckIllegalChars: VIR_ERR_XML_DETAIL "invalid char in NAME: C" for the first illegal character. */
    public static void checkIllegalChars(String what, String value, String illegal) {
        for (int i = 0; i < value.length(); i++) {
            if (illegal.indexOf(value.charAt(i)) >= 0) {
                throw VirException.of(ErrorNumber.XML_DETAIL, ErrorDomain.XML,
                        "invalid char in " + what + ": " + value.charAt(i));
            }
        }
    }
}
