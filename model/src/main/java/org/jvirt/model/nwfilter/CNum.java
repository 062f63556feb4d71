package org.jvirt.model.nwfilter;

/** C number parsing as libvirt's virStrToLong_ui / virStrToLong_i use strtoul / strtol. */
final class CNum {
    private CNum() {}

    static final long ERROR = Long.MIN_VALUE;

    /**
     * virStrToLong_ui: leading blanks, optional sign, "0x" allowed for base 16, the whole string consumed, value
     * within unsigned int ("-1" wraps to 4294967295 as libvirt allows). -1 when invalid.
     */
    static long strToUi(String s, int base) {
        int i = 0;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        boolean neg = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        if (base == 16 && i + 2 < s.length() + 0 && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')
                && Character.digit(s.charAt(i + 2), 16) >= 0) {
            i += 2;
        }
        int start = i;
        long v = 0;
        boolean overflow = false;
        for (; i < s.length(); i++) {
            int d = Character.digit(s.charAt(i), base);
            if (d < 0 || s.charAt(i) > 'z') {
                return -1;
            }
            if (v > (Long.MAX_VALUE - d) / base) {
                overflow = true;
            } else {
                v = v * base + d;
            }
        }
        if (i == start || overflow) {
            return -1;
        }
        if (neg) {
            if (v > 0xffffffffL) {
                return -1;
            }
            return (-v) & 0xffffffffL;
        }
        return v > 0xffffffffL ? -1 : v;
    }

    /** virStrToLong_i / _l in base 10 within [min, max]; {@link #ERROR} when invalid. */
    static long strToL(String s, int base, long min, long max) {
        int i = 0;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        boolean neg = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        int start = i;
        long v = 0;
        for (; i < s.length(); i++) {
            int d = Character.digit(s.charAt(i), base);
            if (d < 0 || s.charAt(i) > 'z') {
                return ERROR;
            }
            if (v > (Long.MAX_VALUE - d) / base) {
                return ERROR;
            }
            v = v * base + d;
        }
        if (i == start) {
            return ERROR;
        }
        v = neg ? -v : v;
        return v < min || v > max ? ERROR : v;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
    }
}
