package org.jvirt.core.util;

import java.util.Locale;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/**
 * libvirt's scaled integers ({@code virScaleInteger}): a value with a unit suffix such as "KiB", "M", "GB" or
 * "bytes". Binary units (k, KiB, M, MiB...) are powers of 1024, decimal ones (KB, MB...) powers of 1000.
 */
public final class ScaledSize {
    private ScaledSize() {}

    /**
     * Scales {@code value} by {@code unit} (null or empty means {@code defaultScale} bytes per unit) and checks the
     * result is at most {@code max}; returns the number of bytes. Errors are libvirt's texts.
     */
    public static long toBytes(long value, String unit, long defaultScale, long max) {
        long scale = unit == null || unit.isEmpty() ? defaultScale : scaleOf(unit);
        if (value < 0 || (value != 0 && scale > Long.MAX_VALUE / value) || value * scale > max) {
            throw VirException.of(ErrorNumber.OVERFLOW, ErrorDomain.NONE,
                    "value too large: " + value + (unit == null ? "" : unit));
        }
        return value * scale;
    }

    /** Bytes per unit for libvirt's suffixes; raises VIR_ERR_INVALID_ARG "unknown suffix 'X'" otherwise. */
    public static long scaleOf(String unit) {
        String u = unit.toLowerCase(Locale.ROOT);
        if (u.equals("b") || u.equals("byte") || u.equals("bytes")) {
            return 1;
        }
        if (u.isEmpty() || u.length() > 3) {
            throw unknown(unit);
        }
        long base;
        if (u.length() == 1) {
            base = 1024;
        } else if (u.length() == 2 && u.charAt(1) == 'b') {
            base = 1000;
        } else if (u.length() == 3 && u.charAt(1) == 'i' && u.charAt(2) == 'b') {
            base = 1024;
        } else {
            throw unknown(unit);
        }
        int power = "kmgtpe".indexOf(u.charAt(0)) + 1;
        if (power == 0) {
            throw unknown(unit);
        }
        long scale = 1;
        for (int i = 0; i < power; i++) {
            scale *= base;
        }
        return scale;
    }

    private static VirException unknown(String unit) {
        return VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.NONE, "unknown suffix '" + unit + "'");
    }
}
