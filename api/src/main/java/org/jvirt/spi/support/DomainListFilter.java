package org.jvirt.spi.support;

/**
 * The filter flags of {@code virConnectListAllDomains} (VIR_CONNECT_LIST_DOMAINS_*), applied to one domain as
 * libvirt's virDomainObjListFilter does: each pair of opposite flags selects when exactly one is set, and the state
 * flags together select by state.
 */
public final class DomainListFilter {
    public static final int ACTIVE = 1;
    public static final int INACTIVE = 2;
    public static final int PERSISTENT = 4;
    public static final int TRANSIENT = 8;
    public static final int RUNNING = 16;
    public static final int PAUSED = 32;
    public static final int SHUTOFF = 64;
    public static final int OTHER = 128;
    public static final int MANAGEDSAVE = 256;
    public static final int NO_MANAGEDSAVE = 512;
    public static final int AUTOSTART = 1024;
    public static final int NO_AUTOSTART = 2048;
    public static final int HAS_SNAPSHOT = 4096;
    public static final int NO_SNAPSHOT = 8192;
    public static final int HAS_CHECKPOINT = 16384;
    public static final int NO_CHECKPOINT = 32768;
    /** Every flag above. */
    public static final int ALL = 0xFFFF;

    /** What the filter looks at. */
    public record Facts(boolean active, boolean persistent, int state, boolean managedSave, boolean autostart,
                        boolean hasSnapshot, boolean hasCheckpoint) {}

    private DomainListFilter() {}

    public static boolean matches(int flags, Facts d) {
        if (!pair(flags, ACTIVE, INACTIVE, d.active())
                || !pair(flags, PERSISTENT, TRANSIENT, d.persistent())
                || !pair(flags, MANAGEDSAVE, NO_MANAGEDSAVE, d.managedSave())
                || !pair(flags, AUTOSTART, NO_AUTOSTART, d.autostart())
                || !pair(flags, HAS_SNAPSHOT, NO_SNAPSHOT, d.hasSnapshot())
                || !pair(flags, HAS_CHECKPOINT, NO_CHECKPOINT, d.hasCheckpoint())) {
            return false;
        }
        int states = flags & (RUNNING | PAUSED | SHUTOFF | OTHER);
        if (states == 0) {
            return true;
        }
        int s = d.state();
        return (flags & RUNNING) != 0 && s == DomainStates.RUNNING
                || (flags & PAUSED) != 0 && s == DomainStates.PAUSED
                || (flags & SHUTOFF) != 0 && s == DomainStates.SHUTOFF
                || (flags & OTHER) != 0 && s != DomainStates.RUNNING && s != DomainStates.PAUSED
                        && s != DomainStates.SHUTOFF;
    }

    /** A filter pair: neither or both bits set accept everything, one bit selects. */
    private static boolean pair(int flags, int yes, int no, boolean value) {
        boolean y = (flags & yes) != 0;
        boolean n = (flags & no) != 0;
        return y == n || (y ? value : !value);
    }
}
