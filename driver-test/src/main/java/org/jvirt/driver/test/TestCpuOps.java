package org.jvirt.driver.test;

import java.util.List;
import org.jvirt.model.cpu.CpuBaseline;
import org.jvirt.model.cpu.CpuMapReader;
import org.jvirt.model.cpu.CpuMaps;

/**
 * testConnectBaselineCPU: libvirt's generic baseline over the host's installed CPU map, read once per driver state.
 * As in libvirt 9.0.0 the test driver accepts only VIR_CONNECT_BASELINE_CPU_EXPAND_FEATURES (--migratable is
 * refused), and implements no CPU comparison nor the hypervisor CPU calls.
 */
final class TestCpuOps {
    static final int BASELINE_CPU_EXPAND_FEATURES = 1;

    private final CpuBaseline baseline = new CpuBaseline(new CpuMaps(CpuMapReader.system()));

    String baselineCPU(List<String> xmlCPUs, int flags) {
        Errors.checkFlags(flags, BASELINE_CPU_EXPAND_FEATURES, "testConnectBaselineCPU");
        return baseline.baseline(xmlCPUs, (flags & BASELINE_CPU_EXPAND_FEATURES) != 0);
    }
}
