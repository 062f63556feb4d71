package org.jvirt.driver.test;

import java.util.List;
import org.jvirt.api.Records.NodeInfo;
import org.jvirt.api.Records.NodeStat;
import org.jvirt.api.Records.SecurityModel;
import org.jvirt.core.ErrorNumber;

/** The host as the test driver fakes it: node info from the node file, fixed CPU statistics and CPU map. */
final class TestNodeOps implements org.jvirt.spi.NodeOps {
    private final TestDriver driver;

    TestNodeOps(TestDriver driver) {
        this.driver = driver;
    }

    @Override
    public NodeInfo getInfo() {
        return driver.locked(() -> driver.nodeInfo);
    }

    /** testNodeGetCPUStats: the same four counters for any CPU. */
    @Override
    public List<NodeStat> getCPUStats(int cpuNum, int flags) {
        Errors.checkFlags(flags, 0, "testNodeGetCPUStats");
        return List.of(new NodeStat("user", 9797400000L), new NodeStat("kernel", 34678723400000L),
                new NodeStat("idle", 87264900000L), new NodeStat("iowait", 763600000L));
    }

    @Override
    public long[] getCellsFreeMemory(int startCell, int maxCells) {
        return driver.locked(() -> {
            List<TestDriver.Cell> cells = driver.cells;
            if (startCell < 0 || startCell >= cells.size()) {
                throw Errors.of(ErrorNumber.INVALID_ARG, "Range exceeds available cells");
            }
            int end = Math.min(cells.size(), startCell + Math.max(0, maxCells));
            long[] out = new long[end - startCell];
            for (int i = startCell; i < end; i++) {
                out[i - startCell] = cells.get(i).mem();
            }
            return out;
        });
    }

    /** testNodeGetFreeMemory: the node's whole memory, as the test driver has no accounting. */
    @Override
    public long getFreeMemory() {
        return driver.locked(() -> driver.nodeInfo.memory());
    }

    /** testNodeGetFreePages: a deterministic series, x = 2x + 7 from 6, for each cell and page size. */
    @Override
    public long[] getFreePages(int[] pages, int startCell, int cellCount, int flags) {
        Errors.checkFlags(flags, 0, "testNodeGetFreePages");
        long[] out = new long[pages.length * Math.max(0, cellCount)];
        long x = 6;
        for (int i = 0; i < cellCount; i++) {
            for (int j = 0; j < pages.length; j++) {
                x = x * 2 + 7;
                out[i * pages.length + j] = x;
            }
        }
        return out;
    }

    /** testNodeGetCPUMap: 8 CPUs, of which 0, 2 and 4 are online. */
    @Override
    public boolean[] getCPUMap(int flags) {
        Errors.checkFlags(flags, 0, "testNodeGetCPUMap");
        return new boolean[] {true, false, true, false, true, false, false, false};
    }

    @Override
    public SecurityModel getSecurityModel() {
        return new SecurityModel("testSecurity", "");
    }
}
