package org.jvirt.model.cpu;

/**
 * The CPU maps of one driver, each read from disk on first use and kept once read; a failed read is not kept, so
 * a later call tries again (libvirt keeps a loaded map for the life of the process).
 */
public final class CpuMaps {
    private final CpuMapReader reader;
    private X86Map x86;
    private Ppc64Map ppc64;

    public CpuMaps(CpuMapReader reader) {
        this.reader = reader;
    }

    public synchronized X86Map x86() {
        if (x86 == null) {
            x86 = reader.x86();
        }
        return x86;
    }

    public synchronized Ppc64Map ppc64() {
        if (ppc64 == null) {
            ppc64 = reader.ppc64();
        }
        return ppc64;
    }
}
