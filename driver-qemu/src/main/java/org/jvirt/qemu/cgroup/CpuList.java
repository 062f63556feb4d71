package org.jvirt.qemu.cgroup;

import java.util.BitSet;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.domain.CpuSet;

/** libvirt's bitmap text ("0-3,^2,8", virBitmapParse) to the kernel's list format ("0-1,3,8", virBitmapFormat). */
public final class CpuList {
    private CpuList() {
    }

    /** Parses libvirt's syntax; {@code what} names the attribute in the error ("cpuset", "nodeset"). */
    public static BitSet parse(String text, String what) {
        try {
            return CpuSet.parse(text);
        } catch (VirException e) {
            throw VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.DOMAIN,
                    "Invalid value of '" + what + "': " + text);
        }
    }

    /** The shortest range list, as cpuset.cpus takes and virBitmapFormat prints it. */
    public static String format(BitSet set) {
        return CpuSet.format(set);
    }

    /** parse then format: libvirt's text in the kernel's form. */
    public static String normalize(String text, String what) {
        return format(parse(text, what));
    }
}
