package org.jvirt.qemu.cgroup;

import java.util.BitSet;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/** libvirt's bitmap text ("0-3,^2,8", virBitmapParse) to the kernel's list format ("0-1,3,8", virBitmapFormat). */
public final class CpuList {
    private CpuList() {
    }

    /** Parses libvirt's syntax; {@code what} names the attribute in the error ("cpuset", "nodeset"). */
    public static BitSet parse(String text, String what) {
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
                    if (lo < 0 || hi < lo) {
                        throw invalid(what, text);
                    }
                    set.set(lo, hi + 1);
                } else {
                    int n = Integer.parseInt(p);
                    if (n < 0) {
                        throw invalid(what, text);
                    }
                    set.set(n);
                }
            } catch (NumberFormatException e) {
                throw invalid(what, text);
            }
        }
        return set;
    }

    private static VirException invalid(String what, String text) {
        return VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.DOMAIN,
                "Invalid value of '" + what + "': " + text);
    }

    /** The shortest range list, as cpuset.cpus takes and virBitmapFormat prints it. */
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

    /** parse then format: libvirt's text in the kernel's form. */
    public static String normalize(String text, String what) {
        return format(parse(text, what));
    }
}
