package org.jvirt.spi;

import java.util.List;

/** Connection-level functions of libvirt's hypervisor driver table ({@code connect*}). */
public interface ConnectOps {
    /** {@code virConnectGetType}: the driver's name, e.g. "TEST", "QEMU". */
    String getType();

    /** {@code virConnectGetVersion}: the hypervisor's version, encoded major*1e6+minor*1e3+micro. */
    default long getVersion() { throw Unsupported.of("virConnectGetVersion"); }

    default String getHostname() { throw Unsupported.of("virConnectGetHostname"); }

    default String getURI() { throw Unsupported.of("virConnectGetURI"); }

    default int getMaxVcpus(String type) { throw Unsupported.of("virConnectGetMaxVcpus"); }

    default String getCapabilities() { throw Unsupported.of("virConnectGetCapabilities"); }

    default String getDomainCapabilities(String emulator, String arch, String machine, String virttype, int flags) {
        throw Unsupported.of("virConnectGetDomainCapabilities");
    }

    default String getSysinfo(int flags) { throw Unsupported.of("virConnectGetSysinfo"); }

    /** {@code virConnectSupportsFeature} (VIR_DRV_FEATURE_*): false for anything the driver does not know. */
    default boolean supportsFeature(int feature) { return false; }

    default boolean isEncrypted() { return false; }

    default boolean isSecure() { return true; }

    default boolean isAlive() { return true; }

    default List<String> getCPUModelNames(String arch, int flags) {
        throw Unsupported.of("virConnectGetCPUModelNames");
    }

    default String baselineCPU(List<String> xmlCPUs, int flags) { throw Unsupported.of("virConnectBaselineCPU"); }

    default String baselineHypervisorCPU(String emulator, String arch, String machine, String virttype,
                                         List<String> xmlCPUs, int flags) {
        throw Unsupported.of("virConnectBaselineHypervisorCPU");
    }

    default int compareCPU(String xmlDesc, int flags) { throw Unsupported.of("virConnectCompareCPU"); }

    default int compareHypervisorCPU(String emulator, String arch, String machine, String virttype, String xmlCPU,
                                     int flags) {
        throw Unsupported.of("virConnectCompareHypervisorCPU");
    }

    default void setKeepAlive(int interval, int count) { throw Unsupported.of("virConnectSetKeepAlive"); }

    default String domainXMLFromNative(String format, String config, int flags) {
        throw Unsupported.of("virConnectDomainXMLFromNative");
    }

    default String domainXMLToNative(String format, String xml, int flags) {
        throw Unsupported.of("virConnectDomainXMLToNative");
    }

    default String findStoragePoolSources(String type, String srcSpec, int flags) {
        throw Unsupported.of("virConnectFindStoragePoolSources");
    }

    default String getStoragePoolCapabilities(int flags) {
        throw Unsupported.of("virConnectGetStoragePoolCapabilities");
    }
}
