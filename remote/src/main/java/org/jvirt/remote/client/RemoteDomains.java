package org.jvirt.remote.client;

import static org.jvirt.rpc.protocol.remote.RemoteProcedures.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jvirt.api.Records;
import org.jvirt.core.param.TypedParams;
import org.jvirt.remote.Wire;
import org.jvirt.rpc.protocol.remote.*;
import org.jvirt.spi.DomainDevices;
import org.jvirt.spi.DomainGuest;
import org.jvirt.spi.DomainLifecycle;
import org.jvirt.spi.DomainRegistry;
import org.jvirt.spi.DomainSaveRestore;
import org.jvirt.spi.DomainTuning;
import org.jvirt.spi.Refs.DomainRef;

/** The remote driver's domain facets: registry, lifecycle, save/restore, devices, tuning and guest. */
final class RemoteDomains {
    /** VIR_TYPED_PARAM_STRING_OKAY. */
    private static final int STRING_OKAY = 4;

    private final RemoteConnection c;
    final DomainRegistry registry = new Registry();
    final DomainLifecycle lifecycle = new Lifecycle();
    final DomainSaveRestore saveRestore = new SaveRestore();
    final DomainDevices devices = new Devices();
    final DomainTuning tuning = new Tuning();
    final DomainGuest guest = new Guest();

    RemoteDomains(RemoteConnection c) {
        this.c = c;
    }

    private static NonnullDomain w(DomainRef d) { return Wire.dom(d); }

    private static DomainRef r(NonnullDomain d) { return Wire.dom(d); }

    /** The number of bytes of a cpumap covering every host CPU (libvirt's VIR_CPU_MAPLEN of the node's CPUs). */
    private int maplen() { return (c.node().getInfo().cpus() + 7) / 8; }

    private int hostCpus() { return c.node().getInfo().cpus(); }

    private final class Registry implements DomainRegistry {
        @Override public List<DomainRef> listAll(int flags) {
            return c.call(CONNECT_LIST_ALL_DOMAINS, new ConnectListAllDomainsArgs(1, flags)).domains().stream()
                    .map(RemoteDomains::r).toList();
        }

        @Override public int numOfDomains() { return c.call(CONNECT_NUM_OF_DOMAINS, null).num(); }

        @Override public int[] listDomainIds(int maxids) {
            return c.call(CONNECT_LIST_DOMAINS, new ConnectListDomainsArgs(maxids)).ids().stream()
                    .mapToInt(Integer::intValue).toArray();
        }

        @Override public int numOfDefinedDomains() { return c.call(CONNECT_NUM_OF_DEFINED_DOMAINS, null).num(); }

        @Override public List<String> listDefinedDomains(int maxnames) {
            return c.call(CONNECT_LIST_DEFINED_DOMAINS, new ConnectListDefinedDomainsArgs(maxnames)).names();
        }

        @Override public DomainRef lookupById(int id) {
            return r(c.call(DOMAIN_LOOKUP_BY_ID, new DomainLookupByIdArgs(id)).dom());
        }

        @Override public DomainRef lookupByUUID(UUID uuid) {
            return r(c.call(DOMAIN_LOOKUP_BY_UUID, new DomainLookupByUuidArgs(Wire.uuid(uuid))).dom());
        }

        @Override public DomainRef lookupByName(String name) {
            return r(c.call(DOMAIN_LOOKUP_BY_NAME, new DomainLookupByNameArgs(name)).dom());
        }

        @Override public DomainRef defineXML(String xml, int flags) {
            return r(c.call(DOMAIN_DEFINE_XML_FLAGS, new DomainDefineXmlFlagsArgs(xml, flags)).dom());
        }

        @Override public DomainRef createXML(String xml, int flags) {
            return r(c.call(DOMAIN_CREATE_XML, new DomainCreateXmlArgs(xml, flags)).dom());
        }

        @Override public void undefine(DomainRef dom, int flags) {
            c.call(DOMAIN_UNDEFINE_FLAGS, new DomainUndefineFlagsArgs(w(dom), flags));
        }

        @Override public String getXMLDesc(DomainRef dom, int flags) {
            return c.call(DOMAIN_GET_XML_DESC, new DomainGetXmlDescArgs(w(dom), flags)).xml();
        }

        @Override public boolean isActive(DomainRef dom) {
            return c.call(DOMAIN_IS_ACTIVE, new DomainIsActiveArgs(w(dom))).active() != 0;
        }

        @Override public boolean isPersistent(DomainRef dom) {
            return c.call(DOMAIN_IS_PERSISTENT, new DomainIsPersistentArgs(w(dom))).persistent() != 0;
        }

        @Override public boolean isUpdated(DomainRef dom) {
            return c.call(DOMAIN_IS_UPDATED, new DomainIsUpdatedArgs(w(dom))).updated() != 0;
        }

        @Override public boolean getAutostart(DomainRef dom) {
            return c.call(DOMAIN_GET_AUTOSTART, new DomainGetAutostartArgs(w(dom))).autostart() != 0;
        }

        @Override public void setAutostart(DomainRef dom, boolean autostart) {
            c.call(DOMAIN_SET_AUTOSTART, new DomainSetAutostartArgs(w(dom), autostart ? 1 : 0));
        }

        @Override public String getMetadata(DomainRef dom, int type, String uri, int flags) {
            return c.call(DOMAIN_GET_METADATA, new DomainGetMetadataArgs(w(dom), type, uri, flags)).metadata();
        }

        @Override public void setMetadata(DomainRef dom, int type, String metadata, String key, String uri,
                                          int flags) {
            c.call(DOMAIN_SET_METADATA, new DomainSetMetadataArgs(w(dom), type, metadata, key, uri, flags));
        }

        /** The reply carries no handle: the renamed domain keeps its UUID and id. */
        @Override public DomainRef rename(DomainRef dom, String newName, int flags) {
            c.call(DOMAIN_RENAME, new DomainRenameArgs(w(dom), newName, flags));
            return new DomainRef(newName, dom.uuid(), dom.id());
        }

        @Override public String getOSType(DomainRef dom) {
            return c.call(DOMAIN_GET_OS_TYPE, new DomainGetOsTypeArgs(w(dom))).type();
        }

        @Override public String getHostname(DomainRef dom, int flags) {
            return c.call(DOMAIN_GET_HOSTNAME, new DomainGetHostnameArgs(w(dom), flags)).hostname();
        }
    }

    private final class Lifecycle implements DomainLifecycle {
        @Override public DomainRef create(DomainRef dom, int flags) {
            return r(c.call(DOMAIN_CREATE_WITH_FLAGS, new DomainCreateWithFlagsArgs(w(dom), flags)).dom());
        }

        @Override public void suspend(DomainRef dom) { c.call(DOMAIN_SUSPEND, new DomainSuspendArgs(w(dom))); }

        @Override public void resume(DomainRef dom) { c.call(DOMAIN_RESUME, new DomainResumeArgs(w(dom))); }

        @Override public void shutdown(DomainRef dom, int flags) {
            c.call(DOMAIN_SHUTDOWN_FLAGS, new DomainShutdownFlagsArgs(w(dom), flags));
        }

        @Override public void reboot(DomainRef dom, int flags) {
            c.call(DOMAIN_REBOOT, new DomainRebootArgs(w(dom), flags));
        }

        @Override public void reset(DomainRef dom, int flags) {
            c.call(DOMAIN_RESET, new DomainResetArgs(w(dom), flags));
        }

        @Override public void destroy(DomainRef dom, int flags) {
            c.call(DOMAIN_DESTROY_FLAGS, new DomainDestroyFlagsArgs(w(dom), flags));
        }

        @Override public Records.DomainInfo getInfo(DomainRef dom) {
            DomainGetInfoRet i = c.call(DOMAIN_GET_INFO, new DomainGetInfoArgs(w(dom)));
            return new Records.DomainInfo(Byte.toUnsignedInt(i.state()), i.maxMem(), i.memory(),
                    Short.toUnsignedInt(i.nrVirtCpu()), i.cpuTime());
        }

        @Override public Records.DomainState getState(DomainRef dom, int flags) {
            DomainGetStateRet s = c.call(DOMAIN_GET_STATE, new DomainGetStateArgs(w(dom), flags));
            return new Records.DomainState(s.state(), s.reason());
        }

        @Override public Records.DomainControlInfo getControlInfo(DomainRef dom, int flags) {
            DomainGetControlInfoRet i = c.call(DOMAIN_GET_CONTROL_INFO, new DomainGetControlInfoArgs(w(dom), flags));
            return new Records.DomainControlInfo(i.state(), i.details(), i.stateTime());
        }

        @Override public void pmSuspendForDuration(DomainRef dom, int target, long duration, int flags) {
            c.call(DOMAIN_PM_SUSPEND_FOR_DURATION, new DomainPmSuspendForDurationArgs(w(dom), target, duration, flags));
        }

        @Override public void pmWakeup(DomainRef dom, int flags) {
            c.call(DOMAIN_PM_WAKEUP, new DomainPmWakeupArgs(w(dom), flags));
        }

        @Override public void sendProcessSignal(DomainRef dom, long pid, int signum, int flags) {
            c.call(DOMAIN_SEND_PROCESS_SIGNAL, new DomainSendProcessSignalArgs(w(dom), pid, signum, flags));
        }

        @Override public void injectNMI(DomainRef dom, int flags) {
            c.call(DOMAIN_INJECT_NMI, new DomainInjectNmiArgs(w(dom), flags));
        }

        @Override public void sendKey(DomainRef dom, int codeset, int holdtime, int[] keycodes, int flags) {
            c.call(DOMAIN_SEND_KEY, new DomainSendKeyArgs(w(dom), codeset, holdtime,
                    Arrays.stream(keycodes).boxed().toList(), flags));
        }

        @Override public void abortJob(DomainRef dom) { c.call(DOMAIN_ABORT_JOB, new DomainAbortJobArgs(w(dom))); }

        @Override public Records.DomainJobInfo getJobInfo(DomainRef dom) {
            DomainGetJobInfoRet j = c.call(DOMAIN_GET_JOB_INFO, new DomainGetJobInfoArgs(w(dom)));
            return new Records.DomainJobInfo(j.type(), j.timeElapsed(), j.timeRemaining(), j.dataTotal(),
                    j.dataProcessed(), j.dataRemaining(), j.memTotal(), j.memProcessed(), j.memRemaining(),
                    j.fileTotal(), j.fileProcessed(), j.fileRemaining());
        }

        @Override public JobStats getJobStats(DomainRef dom, int flags) {
            DomainGetJobStatsRet r = c.call(DOMAIN_GET_JOB_STATS, new DomainGetJobStatsArgs(w(dom), flags));
            return new JobStats(r.type(), Wire.params(r.params()));
        }

        @Override public void setLifecycleAction(DomainRef dom, int type, int action, int flags) {
            c.call(DOMAIN_SET_LIFECYCLE_ACTION, new DomainSetLifecycleActionArgs(w(dom), type, action, flags));
        }

        @Override public void coreDump(DomainRef dom, String to, int dumpformat, int flags) {
            c.call(DOMAIN_CORE_DUMP_WITH_FORMAT, new DomainCoreDumpWithFormatArgs(w(dom), to, dumpformat, flags));
        }
    }

    private final class SaveRestore implements DomainSaveRestore {
        @Override public void save(DomainRef dom, String to, String dxml, int flags) {
            c.call(DOMAIN_SAVE_FLAGS, new DomainSaveFlagsArgs(w(dom), to, dxml, flags));
        }

        @Override public void restore(String from, String dxml, int flags) {
            c.call(DOMAIN_RESTORE_FLAGS, new DomainRestoreFlagsArgs(from, dxml, flags));
        }

        @Override public String saveImageGetXMLDesc(String file, int flags) {
            return c.call(DOMAIN_SAVE_IMAGE_GET_XML_DESC, new DomainSaveImageGetXmlDescArgs(file, flags)).xml();
        }

        @Override public void saveImageDefineXML(String file, String dxml, int flags) {
            c.call(DOMAIN_SAVE_IMAGE_DEFINE_XML, new DomainSaveImageDefineXmlArgs(file, dxml, flags));
        }

        @Override public void managedSave(DomainRef dom, int flags) {
            c.call(DOMAIN_MANAGED_SAVE, new DomainManagedSaveArgs(w(dom), flags));
        }

        @Override public boolean hasManagedSaveImage(DomainRef dom, int flags) {
            return c.call(DOMAIN_HAS_MANAGED_SAVE_IMAGE, new DomainHasManagedSaveImageArgs(w(dom), flags))
                    .result() != 0;
        }

        @Override public void managedSaveRemove(DomainRef dom, int flags) {
            c.call(DOMAIN_MANAGED_SAVE_REMOVE, new DomainManagedSaveRemoveArgs(w(dom), flags));
        }

        @Override public String managedSaveGetXMLDesc(DomainRef dom, int flags) {
            return c.call(DOMAIN_MANAGED_SAVE_GET_XML_DESC, new DomainManagedSaveGetXmlDescArgs(w(dom), flags))
                    .xml();
        }

        @Override public void managedSaveDefineXML(DomainRef dom, String dxml, int flags) {
            c.call(DOMAIN_MANAGED_SAVE_DEFINE_XML, new DomainManagedSaveDefineXmlArgs(w(dom), dxml, flags));
        }
    }

    private final class Devices implements DomainDevices {
        @Override public void attachDevice(DomainRef dom, String xml, int flags) {
            c.call(DOMAIN_ATTACH_DEVICE_FLAGS, new DomainAttachDeviceFlagsArgs(w(dom), xml, flags));
        }

        @Override public void detachDevice(DomainRef dom, String xml, int flags) {
            c.call(DOMAIN_DETACH_DEVICE_FLAGS, new DomainDetachDeviceFlagsArgs(w(dom), xml, flags));
        }

        @Override public void updateDevice(DomainRef dom, String xml, int flags) {
            c.call(DOMAIN_UPDATE_DEVICE_FLAGS, new DomainUpdateDeviceFlagsArgs(w(dom), xml, flags));
        }

        @Override public void detachDeviceAlias(DomainRef dom, String alias, int flags) {
            c.call(DOMAIN_DETACH_DEVICE_ALIAS, new DomainDetachDeviceAliasArgs(w(dom), alias, flags));
        }
    }

    private final class Tuning implements DomainTuning {
        @Override public long getMaxMemory(DomainRef dom) {
            return c.call(DOMAIN_GET_MAX_MEMORY, new DomainGetMaxMemoryArgs(w(dom))).memory();
        }

        @Override public void setMaxMemory(DomainRef dom, long kib) {
            c.call(DOMAIN_SET_MAX_MEMORY, new DomainSetMaxMemoryArgs(w(dom), kib));
        }

        @Override public void setMemory(DomainRef dom, long kib, int flags) {
            c.call(DOMAIN_SET_MEMORY_FLAGS, new DomainSetMemoryFlagsArgs(w(dom), kib, flags));
        }

        @Override public void setMemoryStatsPeriod(DomainRef dom, int period, int flags) {
            c.call(DOMAIN_SET_MEMORY_STATS_PERIOD, new DomainSetMemoryStatsPeriodArgs(w(dom), period, flags));
        }

        @Override public void setVcpus(DomainRef dom, int nvcpus, int flags) {
            c.call(DOMAIN_SET_VCPUS_FLAGS, new DomainSetVcpusFlagsArgs(w(dom), nvcpus, flags));
        }

        @Override public int getVcpusFlags(DomainRef dom, int flags) {
            return c.call(DOMAIN_GET_VCPUS_FLAGS, new DomainGetVcpusFlagsArgs(w(dom), flags)).num();
        }

        @Override public int getMaxVcpus(DomainRef dom) {
            return c.call(DOMAIN_GET_MAX_VCPUS, new DomainGetMaxVcpusArgs(w(dom))).num();
        }

        @Override public List<Records.VcpuInfo> getVcpus(DomainRef dom) {
            int cpus = hostCpus();
            int maplen = (cpus + 7) / 8;
            int max = lifecycle.getInfo(dom).nrVirtCpu();
            DomainGetVcpusRet r = c.call(DOMAIN_GET_VCPUS, new DomainGetVcpusArgs(w(dom), max, maplen));
            List<Records.VcpuInfo> out = new ArrayList<>();
            for (int i = 0; i < r.info().size(); i++) {
                VcpuInfo v = r.info().get(i);
                out.add(new Records.VcpuInfo(v.number(), v.state(), v.cpuTime(), v.cpu(),
                        Wire.cpumap(Arrays.copyOfRange(r.cpumaps(), i * maplen, (i + 1) * maplen), cpus)));
            }
            return out;
        }

        @Override public void pinVcpu(DomainRef dom, int vcpu, boolean[] cpumap, int flags) {
            c.call(DOMAIN_PIN_VCPU_FLAGS, new DomainPinVcpuFlagsArgs(w(dom), vcpu, Wire.cpumap(cpumap, 0), flags));
        }

        @Override public List<boolean[]> getVcpuPinInfo(DomainRef dom, int flags) {
            int cpus = hostCpus();
            int maplen = (cpus + 7) / 8;
            int n = getVcpusFlags(dom, flags & (1 | 2) | 4);
            DomainGetVcpuPinInfoRet r = c.call(DOMAIN_GET_VCPU_PIN_INFO,
                    new DomainGetVcpuPinInfoArgs(w(dom), n, maplen, flags));
            List<boolean[]> out = new ArrayList<>();
            for (int i = 0; i < r.num(); i++) {
                out.add(Wire.cpumap(Arrays.copyOfRange(r.cpumaps(), i * maplen, (i + 1) * maplen), cpus));
            }
            return out;
        }

        @Override public void pinEmulator(DomainRef dom, boolean[] cpumap, int flags) {
            c.call(DOMAIN_PIN_EMULATOR, new DomainPinEmulatorArgs(w(dom), Wire.cpumap(cpumap, 0), flags));
        }

        @Override public boolean[] getEmulatorPinInfo(DomainRef dom, int flags) {
            return Wire.cpumap(c.call(DOMAIN_GET_EMULATOR_PIN_INFO, new DomainGetEmulatorPinInfoArgs(w(dom),
                    maplen(), flags)).cpumaps(), hostCpus());
        }

        @Override public void setVcpu(DomainRef dom, String vcpumap, boolean state, int flags) {
            c.call(DOMAIN_SET_VCPU, new DomainSetVcpuArgs(w(dom), vcpumap, state ? 1 : 0, flags));
        }

        @Override public List<Records.IOThreadInfo> getIOThreadInfo(DomainRef dom, int flags) {
            int cpus = hostCpus();
            return c.call(DOMAIN_GET_IOTHREAD_INFO, new DomainGetIothreadInfoArgs(w(dom), flags)).info().stream()
                    .map(t -> new Records.IOThreadInfo(t.iothreadId(), Wire.cpumap(t.cpumap(), cpus))).toList();
        }

        @Override public void pinIOThread(DomainRef dom, int iothreadId, boolean[] cpumap, int flags) {
            c.call(DOMAIN_PIN_IOTHREAD, new DomainPinIothreadArgs(w(dom), iothreadId, Wire.cpumap(cpumap, 0), flags));
        }

        @Override public void addIOThread(DomainRef dom, int iothreadId, int flags) {
            c.call(DOMAIN_ADD_IOTHREAD, new DomainAddIothreadArgs(w(dom), iothreadId, flags));
        }

        @Override public void delIOThread(DomainRef dom, int iothreadId, int flags) {
            c.call(DOMAIN_DEL_IOTHREAD, new DomainDelIothreadArgs(w(dom), iothreadId, flags));
        }

        @Override public void setIOThreadParams(DomainRef dom, int iothreadId, TypedParams params, int flags) {
            c.call(DOMAIN_SET_IOTHREAD_PARAMS, new DomainSetIothreadParamsArgs(w(dom), iothreadId,
                    Wire.params(params), flags));
        }

        @Override public String getSchedulerType(DomainRef dom) {
            return c.call(DOMAIN_GET_SCHEDULER_TYPE, new DomainGetSchedulerTypeArgs(w(dom))).type();
        }

        /**
         * Without AFFECT flags this is virDomainGetSchedulerParameters, which libvirt sends as the flag-less
         * procedure: drivers that check flags strictly (libvirt's test driver) refuse the _FLAGS variant carrying
         * only VIR_TYPED_PARAM_STRING_OKAY, which jvirt's API adds.
         */
        @Override public TypedParams getSchedulerParameters(DomainRef dom, int flags) {
            int n = c.call(DOMAIN_GET_SCHEDULER_TYPE, new DomainGetSchedulerTypeArgs(w(dom))).nparams();
            if ((flags & ~STRING_OKAY) == 0) {
                return Wire.params(c.call(DOMAIN_GET_SCHEDULER_PARAMETERS, new DomainGetSchedulerParametersArgs(
                        w(dom), n)).params());
            }
            return Wire.params(c.call(DOMAIN_GET_SCHEDULER_PARAMETERS_FLAGS,
                    new DomainGetSchedulerParametersFlagsArgs(w(dom), n, flags)).params());
        }

        @Override public void setSchedulerParameters(DomainRef dom, TypedParams params, int flags) {
            if (flags == 0) {
                c.call(DOMAIN_SET_SCHEDULER_PARAMETERS, new DomainSetSchedulerParametersArgs(w(dom),
                        Wire.params(params)));
                return;
            }
            c.call(DOMAIN_SET_SCHEDULER_PARAMETERS_FLAGS, new DomainSetSchedulerParametersFlagsArgs(w(dom),
                    Wire.params(params), flags));
        }

        @Override public TypedParams getMemoryParameters(DomainRef dom, int flags) {
            int n = c.call(DOMAIN_GET_MEMORY_PARAMETERS, new DomainGetMemoryParametersArgs(w(dom), 0, flags))
                    .nparams();
            return Wire.params(c.call(DOMAIN_GET_MEMORY_PARAMETERS, new DomainGetMemoryParametersArgs(w(dom), n,
                    flags)).params());
        }

        @Override public void setMemoryParameters(DomainRef dom, TypedParams params, int flags) {
            c.call(DOMAIN_SET_MEMORY_PARAMETERS, new DomainSetMemoryParametersArgs(w(dom), Wire.params(params),
                    flags));
        }

        @Override public TypedParams getBlkioParameters(DomainRef dom, int flags) {
            int n = c.call(DOMAIN_GET_BLKIO_PARAMETERS, new DomainGetBlkioParametersArgs(w(dom), 0, flags))
                    .nparams();
            return Wire.params(c.call(DOMAIN_GET_BLKIO_PARAMETERS, new DomainGetBlkioParametersArgs(w(dom), n,
                    flags)).params());
        }

        @Override public void setBlkioParameters(DomainRef dom, TypedParams params, int flags) {
            c.call(DOMAIN_SET_BLKIO_PARAMETERS, new DomainSetBlkioParametersArgs(w(dom), Wire.params(params),
                    flags));
        }

        @Override public TypedParams getNumaParameters(DomainRef dom, int flags) {
            int n = c.call(DOMAIN_GET_NUMA_PARAMETERS, new DomainGetNumaParametersArgs(w(dom), 0, flags)).nparams();
            return Wire.params(c.call(DOMAIN_GET_NUMA_PARAMETERS, new DomainGetNumaParametersArgs(w(dom), n,
                    flags)).params());
        }

        @Override public void setNumaParameters(DomainRef dom, TypedParams params, int flags) {
            c.call(DOMAIN_SET_NUMA_PARAMETERS, new DomainSetNumaParametersArgs(w(dom), Wire.params(params), flags));
        }

        @Override public TypedParams getInterfaceParameters(DomainRef dom, String device, int flags) {
            int n = c.call(DOMAIN_GET_INTERFACE_PARAMETERS, new DomainGetInterfaceParametersArgs(w(dom), device, 0,
                    flags)).nparams();
            return Wire.params(c.call(DOMAIN_GET_INTERFACE_PARAMETERS, new DomainGetInterfaceParametersArgs(w(dom),
                    device, n, flags)).params());
        }

        @Override public void setInterfaceParameters(DomainRef dom, String device, TypedParams params, int flags) {
            c.call(DOMAIN_SET_INTERFACE_PARAMETERS, new DomainSetInterfaceParametersArgs(w(dom), device,
                    Wire.params(params), flags));
        }

        @Override public TypedParams getBlockIoTune(DomainRef dom, String disk, int flags) {
            int n = c.call(DOMAIN_GET_BLOCK_IO_TUNE, new DomainGetBlockIoTuneArgs(w(dom), disk, 0, flags)).nparams();
            return Wire.params(c.call(DOMAIN_GET_BLOCK_IO_TUNE, new DomainGetBlockIoTuneArgs(w(dom), disk, n,
                    flags)).params());
        }

        @Override public void setBlockIoTune(DomainRef dom, String disk, TypedParams params, int flags) {
            c.call(DOMAIN_SET_BLOCK_IO_TUNE, new DomainSetBlockIoTuneArgs(w(dom), disk, Wire.params(params), flags));
        }

        @Override public TypedParams getPerfEvents(DomainRef dom, int flags) {
            return Wire.params(c.call(DOMAIN_GET_PERF_EVENTS, new DomainGetPerfEventsArgs(w(dom), flags)).params());
        }

        @Override public void setPerfEvents(DomainRef dom, TypedParams params, int flags) {
            c.call(DOMAIN_SET_PERF_EVENTS, new DomainSetPerfEventsArgs(w(dom), Wire.params(params), flags));
        }

        @Override public TypedParams getLaunchSecurityInfo(DomainRef dom, int flags) {
            return Wire.params(c.call(DOMAIN_GET_LAUNCH_SECURITY_INFO, new DomainGetLaunchSecurityInfoArgs(w(dom),
                    flags)).params());
        }
    }

    private final class Guest implements DomainGuest {
        @Override public Records.DomainTime getTime(DomainRef dom, int flags) {
            DomainGetTimeRet t = c.call(DOMAIN_GET_TIME, new DomainGetTimeArgs(w(dom), flags));
            return new Records.DomainTime(t.seconds(), t.nseconds());
        }

        @Override public void setTime(DomainRef dom, long seconds, int nseconds, int flags) {
            c.call(DOMAIN_SET_TIME, new DomainSetTimeArgs(w(dom), seconds, nseconds, flags));
        }

        @Override public TypedParams getGuestVcpus(DomainRef dom, int flags) {
            return Wire.params(c.call(DOMAIN_GET_GUEST_VCPUS, new DomainGetGuestVcpusArgs(w(dom), flags)).params());
        }

        @Override public void setGuestVcpus(DomainRef dom, String cpumap, boolean state, int flags) {
            c.call(DOMAIN_SET_GUEST_VCPUS, new DomainSetGuestVcpusArgs(w(dom), cpumap, state ? 1 : 0, flags));
        }

        @Override public TypedParams getGuestInfo(DomainRef dom, int types, int flags) {
            return Wire.params(c.call(DOMAIN_GET_GUEST_INFO, new DomainGetGuestInfoArgs(w(dom), types, flags))
                    .params());
        }

        @Override public int fsFreeze(DomainRef dom, List<String> mountpoints, int flags) {
            return c.call(DOMAIN_FSFREEZE, new DomainFsfreezeArgs(w(dom), mountpoints, flags)).filesystems();
        }

        @Override public int fsThaw(DomainRef dom, List<String> mountpoints, int flags) {
            return c.call(DOMAIN_FSTHAW, new DomainFsthawArgs(w(dom), mountpoints, flags)).filesystems();
        }

        @Override public void fsTrim(DomainRef dom, String mountPoint, long minimum, int flags) {
            c.call(DOMAIN_FSTRIM, new DomainFstrimArgs(w(dom), mountPoint, minimum, flags));
        }

        @Override public List<Records.DomainFSInfo> getFSInfo(DomainRef dom, int flags) {
            return c.call(DOMAIN_GET_FSINFO, new DomainGetFsinfoArgs(w(dom), flags)).info().stream()
                    .map(f -> new Records.DomainFSInfo(f.mountpoint(), f.name(), f.fstype(), f.devAliases()))
                    .toList();
        }

        @Override public List<Records.DomainInterface> interfaceAddresses(DomainRef dom, int source, int flags) {
            return c.call(DOMAIN_INTERFACE_ADDRESSES, new DomainInterfaceAddressesArgs(w(dom), source, flags))
                    .ifaces().stream().map(i -> new Records.DomainInterface(i.name(), i.hwaddr(), i.addrs().stream()
                            .map(a -> new Records.IPAddress(a.type(), a.addr(), a.prefix())).toList())).toList();
        }

        @Override public void setUserPassword(DomainRef dom, String user, String password, int flags) {
            c.call(DOMAIN_SET_USER_PASSWORD, new DomainSetUserPasswordArgs(w(dom), user, password, flags));
        }

        @Override public void agentSetResponseTimeout(DomainRef dom, int timeout, int flags) {
            c.call(DOMAIN_AGENT_SET_RESPONSE_TIMEOUT, new DomainAgentSetResponseTimeoutArgs(w(dom), timeout, flags));
        }

        @Override public Records.SecurityLabel getSecurityLabel(DomainRef dom) {
            DomainGetSecurityLabelRet l = c.call(DOMAIN_GET_SECURITY_LABEL, new DomainGetSecurityLabelArgs(w(dom)));
            return new Records.SecurityLabel(Wire.chars(l.label()), l.enforcing() != 0);
        }

        @Override public List<Records.SecurityLabel> getSecurityLabelList(DomainRef dom) {
            return c.call(DOMAIN_GET_SECURITY_LABEL_LIST, new DomainGetSecurityLabelListArgs(w(dom))).labels()
                    .stream().map(l -> new Records.SecurityLabel(Wire.chars(l.label()), l.enforcing() != 0)).toList();
        }

        @Override public List<String> getMessages(DomainRef dom, int flags) {
            return c.call(DOMAIN_GET_MESSAGES, new DomainGetMessagesArgs(w(dom), flags)).msgs();
        }

        @Override public String qemuMonitorCommand(DomainRef dom, String cmd, int flags) {
            return c.call(org.jvirt.rpc.protocol.qemu.QemuProcedures.DOMAIN_MONITOR_COMMAND,
                    new org.jvirt.rpc.protocol.qemu.DomainMonitorCommandArgs(
                            w(dom), cmd, flags)).result();
        }

        @Override public String qemuAgentCommand(DomainRef dom, String cmd, int timeout, int flags) {
            return c.call(org.jvirt.rpc.protocol.qemu.QemuProcedures.DOMAIN_AGENT_COMMAND,
                    new org.jvirt.rpc.protocol.qemu.DomainAgentCommandArgs(
                            w(dom), cmd, timeout, flags)).result();
        }
    }
}
