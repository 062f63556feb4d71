package org.jvirt.api;

import java.util.List;

/** Small data records of the public API, one per libvirt struct ({@code virDomainInfo}, {@code virNodeInfo}, ...). */
public final class Records {
    private Records() {}

    /** {@code virDomainInfo}: memory in KiB, CPU time in nanoseconds. */
    public record DomainInfo(int state, long maxMem, long memory, int nrVirtCpu, long cpuTime) {}

    /** {@code virDomainGetState}'s two outputs. */
    public record DomainState(int state, int reason) {}

    /** {@code virDomainControlInfo}. */
    public record DomainControlInfo(int state, int details, long stateTime) {}

    /** {@code virNodeInfo}: memory in KiB, mhz, NUMA nodes, sockets per node, cores per socket, threads per core. */
    public record NodeInfo(String model, long memory, int cpus, int mhz, int nodes, int sockets, int cores,
                           int threads) {}

    /** {@code virSecurityModel}. */
    public record SecurityModel(String model, String doi) {}

    /** {@code virSecurityLabel}. */
    public record SecurityLabel(String label, boolean enforcing) {}

    /** {@code virStoragePoolInfo}: bytes. */
    public record StoragePoolInfo(int state, long capacity, long allocation, long available) {}

    /** {@code virStorageVolInfo}: bytes. */
    public record StorageVolInfo(int type, long capacity, long allocation) {}

    /** {@code virDomainBlockInfo}: bytes. */
    public record DomainBlockInfo(long capacity, long allocation, long physical) {}

    /** {@code virDomainBlockStatsStruct}; -1 for a value the driver does not know. */
    public record DomainBlockStats(long rdReq, long rdBytes, long wrReq, long wrBytes, long errs) {}

    /** {@code virDomainInterfaceStatsStruct}; -1 for a value the driver does not know. */
    public record DomainInterfaceStats(long rxBytes, long rxPackets, long rxErrs, long rxDrop, long txBytes,
                                       long txPackets, long txErrs, long txDrop) {}

    /** {@code virDomainMemoryStatStruct}: tag is a VIR_DOMAIN_MEMORY_STAT_* number. */
    public record DomainMemoryStat(int tag, long value) {}

    /** {@code virVcpuInfo} plus the vCPU's affinity (one boolean per host CPU). */
    public record VcpuInfo(int number, int state, long cpuTime, int cpu, boolean[] affinity) {}

    /** {@code virDomainIOThreadInfo}. */
    public record IOThreadInfo(int iothreadId, boolean[] cpumap) {}

    /** {@code virDomainJobInfo}. */
    public record DomainJobInfo(int type, long timeElapsed, long timeRemaining, long dataTotal, long dataProcessed,
                                long dataRemaining, long memTotal, long memProcessed, long memRemaining,
                                long fileTotal, long fileProcessed, long fileRemaining) {}

    /** {@code virDomainTime}. */
    public record DomainTime(long seconds, int nseconds) {}

    /** {@code virDomainIPAddress}. */
    public record IPAddress(int type, String addr, int prefix) {}

    /** {@code virDomainInterface}. */
    public record DomainInterface(String name, String hwaddr, List<IPAddress> addrs) {}

    /** {@code virDomainFSInfo}. */
    public record DomainFSInfo(String mountpoint, String name, String fstype, List<String> devAliases) {}

    /** {@code virDomainDiskError}. */
    public record DomainDiskError(String disk, int error) {}

    /** {@code virNetworkDHCPLease}. */
    public record NetworkDHCPLease(String iface, long expirytime, int type, String mac, String iaid, String ipaddr,
                                   int prefix, String hostname, String clientid) {}

    /** One row of {@code virNodeGetCPUStats}/{@code virNodeGetMemoryStats}: field name and value. */
    public record NodeStat(String field, long value) {}

    /** {@code virConnectCredential}-free version info: libvirt encodes versions as major*1e6+minor*1e3+micro. */
    public record Version(long encoded) {
        public int major() { return (int) (encoded / 1_000_000); }
        public int minor() { return (int) (encoded / 1000 % 1000); }
        public int micro() { return (int) (encoded % 1000); }
    }
}
