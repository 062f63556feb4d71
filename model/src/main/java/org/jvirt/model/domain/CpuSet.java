package org.jvirt.model.domain;

import java.util.BitSet;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/** libvirt's bitmap strings (virBitmapParse / virBitmapFormat): "0-3,^2,8". */
final class CpuSet {
    private CpuSet() {
    }

    static BitSet parse(String text) {
        BitSet set = new BitSet();
        for (String part : text.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            try {
                if (p.startsWith("^")) {
                    set.clear(Integer.parseInt(p.substring(1).strip()));
                } else if (p.contains("-")) {
                    int dash = p.indexOf('-');
                    int lo = Integer.parseInt(p.substring(0, dash).strip());
                    int hi = Integer.parseInt(p.substring(dash + 1).strip());
                    if (hi < lo) {
                        throw invalid(text);
                    }
                    set.set(lo, hi + 1);
                } else {
                    set.set(Integer.parseInt(p));
                }
            } catch (NumberFormatException e) {
                throw invalid(text);
            }
        }
        return set;
    }

    static String format(BitSet set) {
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

    private static VirException invalid(String text) {
        return VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.NONE, "Failed to parse bitmap '" + text + "'");
    }
}
