package org.jvirt.cli;

import java.math.BigInteger;

/**
 * Number parsing with the exact acceptance rules of libvirt's virStrToLong_* helpers (strtol semantics: optional
 * leading blanks and sign, base 0 accepting 0x and leading-zero octal, the whole string consumed, range checked).
 */
public final class Numbers {
    private static final BigInteger ULLONG_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private Numbers() {}

    /** strtoll/strtoull parsing of the whole string; null when malformed. Result may exceed 64 bits. */
    static BigInteger parse(String s, int base) {
        if (s == null) {
            return null;
        }
        int i = 0;
        int n = s.length();
        while (i < n && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean neg = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        int b = base;
        if ((b == 0 || b == 16) && i + 1 < n && s.charAt(i) == '0'
                && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X') && i + 2 < n
                && Character.digit(s.charAt(i + 2), 16) >= 0) {
            i += 2;
            b = 16;
        } else if (b == 0) {
            b = i < n && s.charAt(i) == '0' ? 8 : 10;
        }
        int start = i;
        while (i < n && Character.digit(s.charAt(i), b) >= 0 && s.charAt(i) < 128) {
            i++;
        }
        if (i == start || i != n) {
            return null;
        }
        BigInteger v = new BigInteger(s.substring(start, i), b);
        return neg ? v.negate() : v;
    }

    /** virStrToLong_i. */
    public static Integer parseInt(String s, int base) {
        BigInteger v = parse(s, base);
        if (v == null || v.bitLength() > 31) {
            return null;
        }
        return v.intValue();
    }

    /** virStrToLong_ll. */
    public static Long parseLong(String s, int base) {
        BigInteger v = parse(s, base);
        if (v == null || v.bitLength() > 63) {
            return null;
        }
        return v.longValue();
    }

    /**
     * virStrToLong_ui: unsigned int, where strtoul's wrap-around of a negative value is accepted only if the
     * magnitude fits (e.g. "-1" is 4294967295), as libvirt does.
     */
    public static Long parseUInt(String s, int base) {
        BigInteger v = parse(s, base);
        if (v == null) {
            return null;
        }
        BigInteger max = BigInteger.valueOf(0xFFFFFFFFL);
        if (v.signum() < 0) {
            if (v.negate().compareTo(max) > 0) {
                return null;
            }
            v = v.add(max).add(BigInteger.ONE);
        }
        if (v.compareTo(max) > 0) {
            return null;
        }
        return v.longValue();
    }

    /** virStrToLong_uip: unsigned int, negative values rejected. */
    public static Long parseUIntPositive(String s, int base) {
        BigInteger v = parse(s, base);
        if (v == null || v.signum() < 0 || v.compareTo(BigInteger.valueOf(0xFFFFFFFFL)) > 0) {
            return null;
        }
        return v.longValue();
    }

    /** virStrToLong_ullp: unsigned 64-bit, negative values rejected; the value is returned as raw long bits. */
    public static Long parseULongPositive(String s, int base) {
        BigInteger v = parse(s, base);
        if (v == null || v.signum() < 0 || v.compareTo(ULLONG_MAX) > 0) {
            return null;
        }
        return v.longValue();
    }

    /** virStrToLong_ull: unsigned 64-bit with strtoull's wrap-around of negative values. */
    public static Long parseULong(String s, int base) {
        BigInteger v = parse(s, base);
        if (v == null) {
            return null;
        }
        if (v.signum() < 0) {
            if (v.negate().compareTo(ULLONG_MAX) > 0) {
                return null;
            }
            v = v.add(ULLONG_MAX).add(BigInteger.ONE);
        }
        if (v.compareTo(ULLONG_MAX) > 0) {
            return null;
        }
        return v.longValue();
    }

    /**
     * virsh's scaled integers (vshCommandOptScaledInt → virScaleInteger): a number with an optional unit suffix
     * (b, k/KiB, KB, M, ... E), {@code scale} the multiplier when no suffix is given; null when malformed or above
     * {@code max}.
     */
    public static Long parseScaled(String s, long scale, long max) {
        if (s == null) {
            return null;
        }
        int end = s.length();
        int i = 0;
        while (i < end && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        int j = i;
        if (j < end && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
            j++;
        }
        int digits = j;
        if (j + 1 < end && s.charAt(j) == '0' && (s.charAt(j + 1) == 'x' || s.charAt(j + 1) == 'X')) {
            j += 2;
            while (j < end && Character.digit(s.charAt(j), 16) >= 0) {
                j++;
            }
        } else {
            while (j < end && Character.isDigit(s.charAt(j)) && s.charAt(j) < 128) {
                j++;
            }
        }
        if (j == digits) {
            return null;
        }
        Long value = parseULong(s.substring(0, j), 0);
        if (value == null) {
            return null;
        }
        String suffix = s.substring(j);
        long mult;
        if (suffix.isEmpty()) {
            mult = scale;
        } else {
            Long m = unitMultiplier(suffix);
            if (m == null) {
                return null;
            }
            mult = m;
        }
        if (Long.compareUnsigned(value, Long.divideUnsigned(max, mult)) > 0) {
            return null;
        }
        return value * mult;
    }

    /** libvirt's virScaleInteger suffixes: b/byte/bytes, then k..e with optional "iB" (1024) or "B" (1000). */
    static Long unitMultiplier(String suffix) {
        String lower = suffix.toLowerCase(java.util.Locale.ROOT);
        if (lower.equals("b") || lower.equals("byte") || lower.equals("bytes")) {
            return 1L;
        }
        int base;
        if (lower.length() == 1) {
            base = 1024;
        } else if (lower.length() == 3 && lower.endsWith("ib")) {
            base = 1024;
        } else if (lower.length() == 2 && lower.endsWith("b")) {
            base = 1000;
        } else {
            return null;
        }
        int pow = "kmgtpe".indexOf(lower.charAt(0)) + 1;
        if (pow == 0) {
            return null;
        }
        long m = 1;
        for (int k = 0; k < pow; k++) {
            m *= base;
        }
        return m;
    }
}
