package org.jvirt.spi;

import java.util.List;
import org.jvirt.api.Records.IOThreadInfo;
import org.jvirt.api.Records.VcpuInfo;
import org.jvirt.core.param.TypedParams;
import org.jvirt.spi.Refs.DomainRef;

/** Memory, vCPU, IOThread, scheduler, blkio, NUMA and I/O tuning of a domain. Sizes in KiB as in libvirt. */
public interface DomainTuning {
    default long getMaxMemory(DomainRef dom) { throw Unsupported.of("virDomainGetMaxMemory"); }

    default void setMaxMemory(DomainRef dom, long kib) { throw Unsupported.of("virDomainSetMaxMemory"); }

    /** {@code virDomainSetMemoryFlags}; VIR_DOMAIN_MEM_MAXIMUM in flags sets the maximum. */
    default void setMemory(DomainRef dom, long kib, int flags) { throw Unsupported.of("virDomainSetMemoryFlags"); }

    default void setMemoryStatsPeriod(DomainRef dom, int period, int flags) {
        throw Unsupported.of("virDomainSetMemoryStatsPeriod");
    }

    default void setVcpus(DomainRef dom, int nvcpus, int flags) { throw Unsupported.of("virDomainSetVcpusFlags"); }

    default int getVcpusFlags(DomainRef dom, int flags) { throw Unsupported.of("virDomainGetVcpusFlags"); }

    default int getMaxVcpus(DomainRef dom) { throw Unsupported.of("virDomainGetMaxVcpus"); }

    default List<VcpuInfo> getVcpus(DomainRef dom) { throw Unsupported.of("virDomainGetVcpus"); }

    default void pinVcpu(DomainRef dom, int vcpu, boolean[] cpumap, int flags) {
        throw Unsupported.of("virDomainPinVcpuFlags");
    }

    default List<boolean[]> getVcpuPinInfo(DomainRef dom, int flags) {
        throw Unsupported.of("virDomainGetVcpuPinInfo");
    }

    default void pinEmulator(DomainRef dom, boolean[] cpumap, int flags) {
        throw Unsupported.of("virDomainPinEmulator");
    }

    default boolean[] getEmulatorPinInfo(DomainRef dom, int flags) {
        throw Unsupported.of("virDomainGetEmulatorPinInfo");
    }

    default void setVcpu(DomainRef dom, String vcpumap, boolean state, int flags) {
        throw Unsupported.of("virDomainSetVcpu");
    }

    default List<IOThreadInfo> getIOThreadInfo(DomainRef dom, int flags) {
        throw Unsupported.of("virDomainGetIOThreadInfo");
    }

    default void pinIOThread(DomainRef dom, int iothreadId, boolean[] cpumap, int flags) {
        throw Unsupported.of("virDomainPinIOThread");
    }

    default void addIOThread(DomainRef dom, int iothreadId, int flags) {
        throw Unsupported.of("virDomainAddIOThread");
    }

    default void delIOThread(DomainRef dom, int iothreadId, int flags) {
        throw Unsupported.of("virDomainDelIOThread");
    }

    default void setIOThreadParams(DomainRef dom, int iothreadId, TypedParams params, int flags) {
        throw Unsupported.of("virDomainSetIOThreadParams");
    }

    /** {@code virDomainGetSchedulerType}: the scheduler's name (the parameter count is derived by the API). */
    default String getSchedulerType(DomainRef dom) { throw Unsupported.of("virDomainGetSchedulerType"); }

    default TypedParams getSchedulerParameters(DomainRef dom, int flags) {
        throw Unsupported.of("virDomainGetSchedulerParametersFlags");
    }

    default void setSchedulerParameters(DomainRef dom, TypedParams params, int flags) {
        throw Unsupported.of("virDomainSetSchedulerParametersFlags");
    }

    default TypedParams getMemoryParameters(DomainRef dom, int flags) {
        throw Unsupported.of("virDomainGetMemoryParameters");
    }

    default void setMemoryParameters(DomainRef dom, TypedParams params, int flags) {
        throw Unsupported.of("virDomainSetMemoryParameters");
    }

    default TypedParams getBlkioParameters(DomainRef dom, int flags) {
        throw Unsupported.of("virDomainGetBlkioParameters");
    }

    default void setBlkioParameters(DomainRef dom, TypedParams params, int flags) {
        throw Unsupported.of("virDomainSetBlkioParameters");
    }

    default TypedParams getNumaParameters(DomainRef dom, int flags) {
        throw Unsupported.of("virDomainGetNumaParameters");
    }

    default void setNumaParameters(DomainRef dom, TypedParams params, int flags) {
        throw Unsupported.of("virDomainSetNumaParameters");
    }

    default TypedParams getInterfaceParameters(DomainRef dom, String device, int flags) {
        throw Unsupported.of("virDomainGetInterfaceParameters");
    }

    default void setInterfaceParameters(DomainRef dom, String device, TypedParams params, int flags) {
        throw Unsupported.of("virDomainSetInterfaceParameters");
    }

    default TypedParams getBlockIoTune(DomainRef dom, String disk, int flags) {
        throw Unsupported.of("virDomainGetBlockIoTune");
    }

    default void setBlockIoTune(DomainRef dom, String disk, TypedParams params, int flags) {
        throw Unsupported.of("virDomainSetBlockIoTune");
    }

    default TypedParams getPerfEvents(DomainRef dom, int flags) { throw Unsupported.of("virDomainGetPerfEvents"); }

    default void setPerfEvents(DomainRef dom, TypedParams params, int flags) {
        throw Unsupported.of("virDomainSetPerfEvents");
    }

    default TypedParams getLaunchSecurityInfo(DomainRef dom, int flags) {
        throw Unsupported.of("virDomainGetLaunchSecurityInfo");
    }
}
