package org.jvirt.model.domain;

import java.util.BitSet;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/** libvirt's bitmap strings (virBitmapParse / virBitmapFormat): "0-3,^2,8". Shared by the drivers (cgroups). */
public final class CpuSet {
    private CpuSet() {
    }

    /** Raises VIR_ERR_INVALID_ARG "Failed to parse bitmap" for anything libvirt's parser refuses. */
    public static BitSet parse(String text) {
        BitSet set = new BitSet();
        for (String part : text.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            try {
                if (p.startsWith("^")) {
                    set.clear(nonNegative(Integer.parseInt(p.substring(1).strip()), text));
                } else if (p.contains("-")) {
                    int dash = p.indexOf('-');
                    int lo = Integer.parseInt(p.substring(0, dash).strip());
                    int hi = Integer.parseInt(p.substring(dash + 1).strip());
                    if (lo < 0 || hi < lo) {
                        throw invalid(text);
                    }
                    set.set(lo, hi + 1);
                } else {
                    set.set(nonNegative(Integer.parseInt(p), text));
                }
            } catch (NumberFormatException e) {
                throw invalid(text);
            }
        }
        return set;
    }

    /** The shortest range list ("0-1,3,8"), as virBitmapFormat prints it and cpuset.cpus takes it. */
    public static String format(BitSet set) {
        StringBuilder b = new StringBuilder();
        int i = set.nextSetBit(0);
        while (i >= 0) {
            int end = set.nextClearBit(i) - 1;
            if (!b.isEmpty()) {
                b.append(',');
            }
            b.append(i);
            if (end > i) {
                b.append('-').append(end);
            }
            i = set.nextSetBit(end + 1);
        }
        return b.toString();
    }

    private static int nonNegative(int n, String text) {
        if (n < 0) {
            throw invalid(text);
        }
        return n;
    }

    private static VirException invalid(String text) {
        return VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.NONE, "Failed to parse bitmap '" + text + "'");
    }
}
