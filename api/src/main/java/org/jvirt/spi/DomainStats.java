package org.jvirt.spi;

import java.util.List;
import org.jvirt.api.Records.DomainBlockInfo;
import org.jvirt.api.Records.DomainBlockStats;
import org.jvirt.api.Records.DomainDiskError;
import org.jvirt.api.Records.DomainInterfaceStats;
import org.jvirt.api.Records.DomainMemoryStat;
import org.jvirt.core.param.TypedParams;
import org.jvirt.spi.Refs.DomainRef;

/** Statistics of domains and their devices. */
public interface DomainStats {
    default DomainBlockStats blockStats(DomainRef dom, String disk) { throw Unsupported.of("virDomainBlockStats"); }

    default TypedParams blockStatsFlags(DomainRef dom, String disk, int flags) {
        throw Unsupported.of("virDomainBlockStatsFlags");
    }

    default DomainInterfaceStats interfaceStats(DomainRef dom, String device) {
        throw Unsupported.of("virDomainInterfaceStats");
    }

    default List<DomainMemoryStat> memoryStats(DomainRef dom, int nrStats, int flags) {
        throw Unsupported.of("virDomainMemoryStats");
    }

    default DomainBlockInfo getBlockInfo(DomainRef dom, String disk, int flags) {
        throw Unsupported.of("virDomainGetBlockInfo");
    }

    default byte[] blockPeek(DomainRef dom, String disk, long offset, int size, int flags) {
        throw Unsupported.of("virDomainBlockPeek");
    }

    default byte[] memoryPeek(DomainRef dom, long start, int size, int flags) {
        throw Unsupported.of("virDomainMemoryPeek");
    }

    /** {@code virDomainGetCPUStats}: one TypedParams per CPU from {@code startCpu}, or the total when startCpu is -1. */
    default List<TypedParams> getCPUStats(DomainRef dom, int startCpu, int ncpus, int flags) {
        throw Unsupported.of("virDomainGetCPUStats");
    }

    default List<DomainDiskError> getDiskErrors(DomainRef dom, int flags) {
        throw Unsupported.of("virDomainGetDiskErrors");
    }

    /** One domain's record of {@code virConnectGetAllDomainStats}. */
    record StatsRecord(DomainRef dom, TypedParams params) {}

    /** {@code virConnectGetAllDomainStats} / {@code virDomainListGetStats}: {@code doms} null means all domains. */
    default List<StatsRecord> getAllDomainStats(List<DomainRef> doms, int stats, int flags) {
        throw Unsupported.of("virConnectGetAllDomainStats");
    }

    default void setBlockThreshold(DomainRef dom, String dev, long threshold, int flags) {
        throw Unsupported.of("virDomainSetBlockThreshold");
    }
}
