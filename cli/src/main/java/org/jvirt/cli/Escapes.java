package org.jvirt.cli;

import java.util.ArrayList;
import java.util.List;

/** libvirt's string escapers used in virsh output (virBufferEscapeString, virBufferEscapeShell). */
public final class Escapes {
    private Escapes() {}

    /** virBufferEscapeString: XML special characters as entities; control characters other than tab/CR/LF dropped. */
    public static String xml(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** virBufferEscapeShell: single-quoted when the string holds shell metacharacters or is empty. */
    public static String shell(String s) {
        if (!s.isEmpty() && s.chars().noneMatch(c -> "\r\t\n !\"#$&'()*;<>?[\\]^`{|}~".indexOf(c) >= 0)) {
            return s;
        }
        StringBuilder sb = new StringBuilder("'");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'') {
                sb.append("'\\'");
            }
            sb.append(c);
        }
        return sb.append('\'').toString();
    }

    /** virsh's comma splitting (vshStringToArray): ',' separates, ',,' stands for a literal comma. */
    public static List<String> splitCommas(String s) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',') {
                if (i + 1 < s.length() && s.charAt(i + 1) == ',') {
                    cur.append(',');
                    i++;
                    continue;
                }
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString());
        return parts;
    }
}
