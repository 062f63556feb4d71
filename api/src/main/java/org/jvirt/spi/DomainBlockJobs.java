package org.jvirt.spi;

import org.jvirt.core.param.TypedParams;
import org.jvirt.spi.Refs.DomainRef;

/** Block jobs and block device operations. */
public interface DomainBlockJobs {
    /** {@code virDomainBlockJobInfo}: type, bandwidth, cur, end. */
    record BlockJobInfo(int type, long bandwidth, long cur, long end) {}

    default void blockJobAbort(DomainRef dom, String disk, int flags) {
        throw Unsupported.of("virDomainBlockJobAbort");
    }

    /** Null when no job runs on the disk (libvirt returns 0 then). */
    default BlockJobInfo getBlockJobInfo(DomainRef dom, String disk, int flags) {
        throw Unsupported.of("virDomainGetBlockJobInfo");
    }

    default void blockJobSetSpeed(DomainRef dom, String disk, long bandwidth, int flags) {
        throw Unsupported.of("virDomainBlockJobSetSpeed");
    }

    default void blockPull(DomainRef dom, String disk, long bandwidth, int flags) {
        throw Unsupported.of("virDomainBlockPull");
    }

    default void blockRebase(DomainRef dom, String disk, String base, long bandwidth, int flags) {
        throw Unsupported.of("virDomainBlockRebase");
    }

    default void blockCopy(DomainRef dom, String disk, String destxml, TypedParams params, int flags) {
        throw Unsupported.of("virDomainBlockCopy");
    }

    default void blockCommit(DomainRef dom, String disk, String base, String top, long bandwidth, int flags) {
        throw Unsupported.of("virDomainBlockCommit");
    }

    default void blockResize(DomainRef dom, String disk, long size, int flags) {
        throw Unsupported.of("virDomainBlockResize");
    }
}
