package org.jvirt.spi;

import java.util.List;
import org.jvirt.api.Records.NodeInfo;
import org.jvirt.api.Records.NodeStat;
import org.jvirt.api.Records.SecurityModel;
import org.jvirt.core.param.TypedParams;

/** Host (node) functions: {@code virNode*}. */
public interface NodeOps {
    default NodeInfo getInfo() { throw Unsupported.of("virNodeGetInfo"); }

    default List<NodeStat> getCPUStats(int cpuNum, int flags) { throw Unsupported.of("virNodeGetCPUStats"); }

    default List<NodeStat> getMemoryStats(int cellNum, int flags) { throw Unsupported.of("virNodeGetMemoryStats"); }

    /** Free memory in bytes of {@code maxCells} NUMA cells from {@code startCell}. */
    default long[] getCellsFreeMemory(int startCell, int maxCells) {
        throw Unsupported.of("virNodeGetCellsFreeMemory");
    }

    default long getFreeMemory() { throw Unsupported.of("virNodeGetFreeMemory"); }

    /** Free pages of each size (KiB) in {@code pages} for {@code cellCount} cells from {@code startCell}, cell-major. */
    default long[] getFreePages(int[] pages, int startCell, int cellCount, int flags) {
        throw Unsupported.of("virNodeGetFreePages");
    }

    default int allocPages(int[] pageSizes, long[] pageCounts, int startCell, int cellCount, int flags) {
        throw Unsupported.of("virNodeAllocPages");
    }

    /** Online state of each host CPU. */
    default boolean[] getCPUMap(int flags) { throw Unsupported.of("virNodeGetCPUMap"); }

    default SecurityModel getSecurityModel() { throw Unsupported.of("virNodeGetSecurityModel"); }

    default TypedParams getMemoryParameters(int flags) { throw Unsupported.of("virNodeGetMemoryParameters"); }

    default void setMemoryParameters(TypedParams params, int flags) {
        throw Unsupported.of("virNodeSetMemoryParameters");
    }

    default void suspendForDuration(int target, long duration, int flags) {
        throw Unsupported.of("virNodeSuspendForDuration");
    }

    default TypedParams getSEVInfo(int flags) { throw Unsupported.of("virNodeGetSEVInfo"); }
}
