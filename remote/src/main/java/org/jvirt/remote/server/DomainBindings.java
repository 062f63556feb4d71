package org.jvirt.remote.server;

import static org.jvirt.rpc.protocol.remote.RemoteProcedures.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jvirt.api.Connect;
import org.jvirt.api.Domain;
import org.jvirt.api.DomainCheckpoint;
import org.jvirt.api.DomainSnapshot;
import org.jvirt.api.Records;
import org.jvirt.remote.Wire;
import org.jvirt.rpc.protocol.remote.*;

/** Bindings of the domain procedures: registry, lifecycle, tuning, stats, snapshots and checkpoints. */
final class DomainBindings {
    private DomainBindings() {}

    private static NonnullDomain w(Domain d) { return Wire.dom(d.ref()); }

    private static NonnullDomainSnapshot w(DomainSnapshot s) { return Wire.snap(s.ref()); }

    private static NonnullDomainCheckpoint w(DomainCheckpoint s) { return Wire.checkpoint(s.ref()); }

    private static int b(boolean v) { return v ? 1 : 0; }

    /** libvirt's maxnames/maxids arguments: the list truncated to what the caller has room for. */
    private static <T> List<T> max(List<T> all, int max) {
        return all.size() > max ? all.subList(0, Math.max(max, 0)) : all;
    }

    static void install(Bindings b) {
        registry(b);
        lifecycle(b);
        tuning(b);
        stats(b);
        snapshots(b);
    }

    private static void registry(Bindings b) {
        b.bind(CONNECT_LIST_ALL_DOMAINS, (c, a) -> {
            List<Domain> all = c.conn().listAllDomains(a.flags());
            return new ConnectListAllDomainsRet(Wire.limit(all.stream().map(DomainBindings::w).toList(),
                    a.needResults()), all.size());
        });
        b.bind(CONNECT_NUM_OF_DOMAINS, (c, a) -> new ConnectNumOfDomainsRet(c.conn().numOfDomains()));
        b.bind(CONNECT_LIST_DOMAINS, (c, a) -> new ConnectListDomainsRet(
                Arrays.stream(c.conn().listDomains(Bindings.max(a.maxids(), RemoteConstants.DOMAIN_LIST_MAX,
                        "maxids > REMOTE_DOMAIN_LIST_MAX"))).boxed().toList()));
        b.bind(CONNECT_NUM_OF_DEFINED_DOMAINS,
                (c, a) -> new ConnectNumOfDefinedDomainsRet(c.conn().numOfDefinedDomains()));
        b.bind(CONNECT_LIST_DEFINED_DOMAINS,
                (c, a) -> new ConnectListDefinedDomainsRet(c.conn().listDefinedDomains(Bindings.max(a.maxnames(),
                        RemoteConstants.DOMAIN_LIST_MAX, "maxnames > REMOTE_DOMAIN_LIST_MAX"))));
        b.bind(DOMAIN_LOOKUP_BY_ID, (c, a) -> new DomainLookupByIdRet(w(c.conn().domainLookupByID(a.id()))));
        b.bind(DOMAIN_LOOKUP_BY_NAME, (c, a) -> new DomainLookupByNameRet(w(c.conn().domainLookupByName(a.name()))));
        b.bind(DOMAIN_LOOKUP_BY_UUID,
                (c, a) -> new DomainLookupByUuidRet(w(c.conn().domainLookupByUUID(Wire.uuid(a.uuid())))));
        b.bind(DOMAIN_DEFINE_XML, (c, a) -> new DomainDefineXmlRet(w(c.conn().domainDefineXML(a.xml()))));
        b.bind(DOMAIN_DEFINE_XML_FLAGS,
                (c, a) -> new DomainDefineXmlFlagsRet(w(c.conn().domainDefineXMLFlags(a.xml(), a.flags()))));
        b.bind(DOMAIN_CREATE_XML,
                (c, a) -> new DomainCreateXmlRet(w(c.conn().domainCreateXML(a.xmlDesc(), a.flags()))));
        b.run(DOMAIN_UNDEFINE, (c, a) -> c.dom(a.dom()).undefine());
        b.run(DOMAIN_UNDEFINE_FLAGS, (c, a) -> c.dom(a.dom()).undefineFlags(a.flags()));
        b.bind(DOMAIN_GET_XML_DESC, (c, a) -> new DomainGetXmlDescRet(c.dom(a.dom()).getXMLDesc(a.flags())));
        b.bind(DOMAIN_IS_ACTIVE, (c, a) -> new DomainIsActiveRet(b(c.dom(a.dom()).isActive())));
        b.bind(DOMAIN_IS_PERSISTENT, (c, a) -> new DomainIsPersistentRet(b(c.dom(a.dom()).isPersistent())));
        b.bind(DOMAIN_IS_UPDATED, (c, a) -> new DomainIsUpdatedRet(b(c.dom(a.dom()).isUpdated())));
        b.bind(DOMAIN_GET_AUTOSTART, (c, a) -> new DomainGetAutostartRet(b(c.dom(a.dom()).getAutostart())));
        b.run(DOMAIN_SET_AUTOSTART, (c, a) -> c.dom(a.dom()).setAutostart(a.autostart() != 0));
        b.bind(DOMAIN_GET_METADATA, (c, a) -> new DomainGetMetadataRet(
                c.dom(a.dom()).getMetadata(a.type(), a.uri(), a.flags())));
        b.run(DOMAIN_SET_METADATA, (c, a) -> c.dom(a.dom()).setMetadata(a.type(), a.metadata(), a.key(), a.uri(),
                a.flags()));
        b.bind(DOMAIN_RENAME, (c, a) -> {
            c.dom(a.dom()).rename(a.newName(), a.flags());
            return new DomainRenameRet(0);
        });
        b.bind(DOMAIN_GET_OS_TYPE, (c, a) -> new DomainGetOsTypeRet(c.dom(a.dom()).getOSType()));
        b.bind(DOMAIN_GET_HOSTNAME, (c, a) -> new DomainGetHostnameRet(c.dom(a.dom()).getHostname(a.flags())));
        b.run(DOMAIN_ATTACH_DEVICE, (c, a) -> c.dom(a.dom()).attachDevice(a.xml()));
        b.run(DOMAIN_ATTACH_DEVICE_FLAGS, (c, a) -> c.dom(a.dom()).attachDeviceFlags(a.xml(), a.flags()));
        b.run(DOMAIN_DETACH_DEVICE, (c, a) -> c.dom(a.dom()).detachDevice(a.xml()));
        b.run(DOMAIN_DETACH_DEVICE_FLAGS, (c, a) -> c.dom(a.dom()).detachDeviceFlags(a.xml(), a.flags()));
        b.run(DOMAIN_UPDATE_DEVICE_FLAGS, (c, a) -> c.dom(a.dom()).updateDeviceFlags(a.xml(), a.flags()));
        b.run(DOMAIN_DETACH_DEVICE_ALIAS, (c, a) -> c.dom(a.dom()).detachDeviceAlias(a.alias(), a.flags()));
        // save / restore
        b.run(DOMAIN_SAVE, (c, a) -> c.dom(a.dom()).save(a.to()));
        b.run(DOMAIN_SAVE_FLAGS, (c, a) -> c.dom(a.dom()).saveFlags(a.to(), a.dxml(), a.flags()));
        b.run(DOMAIN_RESTORE, (c, a) -> c.conn().domainRestore(a.from()));
        b.run(DOMAIN_RESTORE_FLAGS, (c, a) -> c.conn().domainRestoreFlags(a.from(), a.dxml(), a.flags()));
        b.bind(DOMAIN_SAVE_IMAGE_GET_XML_DESC, (c, a) -> new DomainSaveImageGetXmlDescRet(
                c.conn().domainSaveImageGetXMLDesc(a.file(), a.flags())));
        b.run(DOMAIN_SAVE_IMAGE_DEFINE_XML,
                (c, a) -> c.conn().domainSaveImageDefineXML(a.file(), a.dxml(), a.flags()));
        b.run(DOMAIN_MANAGED_SAVE, (c, a) -> c.dom(a.dom()).managedSave(a.flags()));
        b.bind(DOMAIN_HAS_MANAGED_SAVE_IMAGE, (c, a) -> new DomainHasManagedSaveImageRet(
                b(c.dom(a.dom()).hasManagedSaveImage(a.flags()))));
        b.run(DOMAIN_MANAGED_SAVE_REMOVE, (c, a) -> c.dom(a.dom()).managedSaveRemove(a.flags()));
        b.bind(DOMAIN_MANAGED_SAVE_GET_XML_DESC, (c, a) -> new DomainManagedSaveGetXmlDescRet(
                c.dom(a.dom()).managedSaveGetXMLDesc(a.flags())));
        b.run(DOMAIN_MANAGED_SAVE_DEFINE_XML,
                (c, a) -> c.dom(a.dom()).managedSaveDefineXML(a.dxml(), a.flags()));
    }

    private static void lifecycle(Bindings b) {
        b.run(DOMAIN_CREATE, (c, a) -> c.dom(a.dom()).create());
        b.bind(DOMAIN_CREATE_WITH_FLAGS,
                (c, a) -> new DomainCreateWithFlagsRet(w(c.dom(a.dom()).createWithFlags(a.flags()))));
        b.run(DOMAIN_SUSPEND, (c, a) -> c.dom(a.dom()).suspend());
        b.run(DOMAIN_RESUME, (c, a) -> c.dom(a.dom()).resume());
        b.run(DOMAIN_SHUTDOWN, (c, a) -> c.dom(a.dom()).shutdown());
        b.run(DOMAIN_SHUTDOWN_FLAGS, (c, a) -> c.dom(a.dom()).shutdownFlags(a.flags()));
        b.run(DOMAIN_REBOOT, (c, a) -> c.dom(a.dom()).reboot(a.flags()));
        b.run(DOMAIN_RESET, (c, a) -> c.dom(a.dom()).reset(a.flags()));
        b.run(DOMAIN_DESTROY, (c, a) -> c.dom(a.dom()).destroy());
        b.run(DOMAIN_DESTROY_FLAGS, (c, a) -> c.dom(a.dom()).destroyFlags(a.flags()));
        b.bind(DOMAIN_GET_INFO, (c, a) -> {
            Records.DomainInfo i = c.dom(a.dom()).getInfo();
            return new DomainGetInfoRet((byte) i.state(), i.maxMem(), i.memory(), (short) i.nrVirtCpu(),
                    i.cpuTime());
        });
        b.bind(DOMAIN_GET_STATE, (c, a) -> {
            Records.DomainState s = c.dom(a.dom()).getState(a.flags());
            return new DomainGetStateRet(s.state(), s.reason());
        });
        b.bind(DOMAIN_GET_CONTROL_INFO, (c, a) -> {
            Records.DomainControlInfo i = c.dom(a.dom()).getControlInfo(a.flags());
            return new DomainGetControlInfoRet(i.state(), i.details(), i.stateTime());
        });
        b.run(DOMAIN_PM_SUSPEND_FOR_DURATION,
                (c, a) -> c.dom(a.dom()).pmSuspendForDuration(a.target(), a.duration(), a.flags()));
        b.run(DOMAIN_PM_WAKEUP, (c, a) -> c.dom(a.dom()).pmWakeup(a.flags()));
        b.run(DOMAIN_SEND_PROCESS_SIGNAL,
                (c, a) -> c.dom(a.dom()).sendProcessSignal(a.pidValue(), a.signum(), a.flags()));
        b.run(DOMAIN_INJECT_NMI, (c, a) -> c.dom(a.dom()).injectNMI(a.flags()));
        b.run(DOMAIN_SEND_KEY, (c, a) -> c.dom(a.dom()).sendKey(a.codeset(), a.holdtime(),
                a.keycodes().stream().mapToInt(Integer::intValue).toArray(), a.flags()));
        b.run(DOMAIN_ABORT_JOB, (c, a) -> c.dom(a.dom()).abortJob());
        b.bind(DOMAIN_GET_JOB_INFO, (c, a) -> {
            Records.DomainJobInfo j = c.dom(a.dom()).getJobInfo();
            return new DomainGetJobInfoRet(j.type(), j.timeElapsed(), j.timeRemaining(), j.dataTotal(),
                    j.dataProcessed(), j.dataRemaining(), j.memTotal(), j.memProcessed(), j.memRemaining(),
                    j.fileTotal(), j.fileProcessed(), j.fileRemaining());
        });
        b.bind(DOMAIN_GET_JOB_STATS, (c, a) -> {
            var s = c.dom(a.dom()).getJobStats(a.flags());
            return new DomainGetJobStatsRet(s.type(), Wire.params(s.params()));
        });
        b.run(DOMAIN_SET_LIFECYCLE_ACTION,
                (c, a) -> c.dom(a.dom()).setLifecycleAction(a.type(), a.action(), a.flags()));
        b.run(DOMAIN_CORE_DUMP, (c, a) -> c.dom(a.dom()).coreDump(a.to(), a.flags()));
        b.run(DOMAIN_CORE_DUMP_WITH_FORMAT,
                (c, a) -> c.dom(a.dom()).coreDumpWithFormat(a.to(), a.dumpformat(), a.flags()));
    }

    private static void tuning(Bindings b) {
        b.bind(DOMAIN_GET_MAX_MEMORY, (c, a) -> new DomainGetMaxMemoryRet(c.dom(a.dom()).getMaxMemory()));
        b.run(DOMAIN_SET_MAX_MEMORY, (c, a) -> c.dom(a.dom()).setMaxMemory(a.memory()));
        b.run(DOMAIN_SET_MEMORY, (c, a) -> c.dom(a.dom()).setMemory(a.memory()));
        b.run(DOMAIN_SET_MEMORY_FLAGS, (c, a) -> c.dom(a.dom()).setMemoryFlags(a.memory(), a.flags()));
        b.run(DOMAIN_SET_MEMORY_STATS_PERIOD,
                (c, a) -> c.dom(a.dom()).setMemoryStatsPeriod(a.period(), a.flags()));
        b.run(DOMAIN_SET_VCPUS, (c, a) -> c.dom(a.dom()).setVcpus(a.nvcpus()));
        b.run(DOMAIN_SET_VCPUS_FLAGS, (c, a) -> c.dom(a.dom()).setVcpusFlags(a.nvcpus(), a.flags()));
        b.bind(DOMAIN_GET_VCPUS_FLAGS, (c, a) -> new DomainGetVcpusFlagsRet(c.dom(a.dom()).getVcpusFlags(a.flags())));
        b.bind(DOMAIN_GET_MAX_VCPUS, (c, a) -> new DomainGetMaxVcpusRet(c.dom(a.dom()).getMaxVcpus()));
        b.bind(DOMAIN_GET_VCPUS, (c, a) -> {
            List<Records.VcpuInfo> all = max(c.dom(a.dom()).getVcpus(), a.maxinfo());
            List<VcpuInfo> info = new ArrayList<>();
            byte[] maps = new byte[all.size() * a.maplen()];
            for (int i = 0; i < all.size(); i++) {
                Records.VcpuInfo v = all.get(i);
                info.add(new VcpuInfo(v.number(), v.state(), v.cpuTime(), v.cpu()));
                byte[] m = Wire.cpumap(v.affinity(), a.maplen());
                System.arraycopy(m, 0, maps, i * a.maplen(), Math.min(m.length, a.maplen()));
            }
            return new DomainGetVcpusRet(info, maps);
        });
        b.run(DOMAIN_PIN_VCPU, (c, a) -> c.dom(a.dom()).pinVcpu(a.vcpu(), Wire.cpumap(a.cpumap(),
                a.cpumap().length * 8)));
        b.run(DOMAIN_PIN_VCPU_FLAGS, (c, a) -> c.dom(a.dom()).pinVcpuFlags(a.vcpu(), Wire.cpumap(a.cpumap(),
                a.cpumap().length * 8), a.flags()));
        b.bind(DOMAIN_GET_VCPU_PIN_INFO, (c, a) -> {
            List<boolean[]> maps = max(c.dom(a.dom()).getVcpuPinInfo(a.flags()), a.ncpumaps());
            byte[] out = new byte[maps.size() * a.maplen()];
            for (int i = 0; i < maps.size(); i++) {
                byte[] m = Wire.cpumap(maps.get(i), a.maplen());
                System.arraycopy(m, 0, out, i * a.maplen(), Math.min(m.length, a.maplen()));
            }
            return new DomainGetVcpuPinInfoRet(out, maps.size());
        });
        b.run(DOMAIN_PIN_EMULATOR, (c, a) -> c.dom(a.dom()).pinEmulator(Wire.cpumap(a.cpumap(),
                a.cpumap().length * 8), a.flags()));
        b.bind(DOMAIN_GET_EMULATOR_PIN_INFO, (c, a) -> {
            byte[] m = Wire.cpumap(c.dom(a.dom()).getEmulatorPinInfo(a.flags()), a.maplen());
            return new DomainGetEmulatorPinInfoRet(Arrays.copyOf(m, a.maplen()), 1);
        });
        b.run(DOMAIN_SET_VCPU, (c, a) -> c.dom(a.dom()).setVcpu(a.cpumap(), a.state() != 0, a.flags()));
        b.bind(DOMAIN_GET_IOTHREAD_INFO, (c, a) -> {
            List<Records.IOThreadInfo> all = c.dom(a.dom()).getIOThreadInfo(a.flags());
            return new DomainGetIothreadInfoRet(all.stream().map(t -> new DomainIothreadInfo(t.iothreadId(),
                    Wire.cpumap(t.cpumap(), 0))).toList(), all.size());
        });
        b.run(DOMAIN_PIN_IOTHREAD, (c, a) -> c.dom(a.dom()).pinIOThread(a.iothreadsId(),
                Wire.cpumap(a.cpumap(), a.cpumap().length * 8), a.flags()));
        b.run(DOMAIN_ADD_IOTHREAD, (c, a) -> c.dom(a.dom()).addIOThread(a.iothreadId(), a.flags()));
        b.run(DOMAIN_DEL_IOTHREAD, (c, a) -> c.dom(a.dom()).delIOThread(a.iothreadId(), a.flags()));
        b.run(DOMAIN_SET_IOTHREAD_PARAMS, (c, a) -> c.dom(a.dom()).setIOThreadParams(a.iothreadId(),
                Wire.params(a.params()), a.flags()));
        b.bind(DOMAIN_GET_SCHEDULER_TYPE, (c, a) -> {
            Domain d = c.dom(a.dom());
            String type = d.getSchedulerType();
            return new DomainGetSchedulerTypeRet(type, d.getSchedulerParameters().size());
        });
        b.bind(DOMAIN_GET_SCHEDULER_PARAMETERS, (c, a) -> new DomainGetSchedulerParametersRet(
                Wire.params(c.dom(a.dom()).getSchedulerParameters())));
        b.bind(DOMAIN_GET_SCHEDULER_PARAMETERS_FLAGS, (c, a) -> new DomainGetSchedulerParametersFlagsRet(
                Wire.params(c.dom(a.dom()).getSchedulerParametersFlags(a.flags()))));
        b.run(DOMAIN_SET_SCHEDULER_PARAMETERS,
                (c, a) -> c.dom(a.dom()).setSchedulerParameters(Wire.params(a.params())));
        b.run(DOMAIN_SET_SCHEDULER_PARAMETERS_FLAGS,
                (c, a) -> c.dom(a.dom()).setSchedulerParametersFlags(Wire.params(a.params()), a.flags()));
        // The nparams == 0 probe asks only for the count (libvirt's two-call idiom).
        b.bind(DOMAIN_GET_MEMORY_PARAMETERS, (c, a) -> {
            var p = c.dom(a.dom()).getMemoryParameters(a.flags());
            return new DomainGetMemoryParametersRet(a.nparams() == 0 ? List.of() : Wire.params(p), p.size());
        });
        b.run(DOMAIN_SET_MEMORY_PARAMETERS,
                (c, a) -> c.dom(a.dom()).setMemoryParameters(Wire.params(a.params()), a.flags()));
        b.bind(DOMAIN_GET_BLKIO_PARAMETERS, (c, a) -> {
            var p = c.dom(a.dom()).getBlkioParameters(a.flags());
            return new DomainGetBlkioParametersRet(a.nparams() == 0 ? List.of() : Wire.params(p), p.size());
        });
        b.run(DOMAIN_SET_BLKIO_PARAMETERS,
                (c, a) -> c.dom(a.dom()).setBlkioParameters(Wire.params(a.params()), a.flags()));
        b.bind(DOMAIN_GET_NUMA_PARAMETERS, (c, a) -> {
            var p = c.dom(a.dom()).getNumaParameters(a.flags());
            return new DomainGetNumaParametersRet(a.nparams() == 0 ? List.of() : Wire.params(p), p.size());
        });
        b.run(DOMAIN_SET_NUMA_PARAMETERS,
                (c, a) -> c.dom(a.dom()).setNumaParameters(Wire.params(a.params()), a.flags()));
        b.bind(DOMAIN_GET_INTERFACE_PARAMETERS, (c, a) -> {
            var p = c.dom(a.dom()).getInterfaceParameters(a.device(), a.flags());
            return new DomainGetInterfaceParametersRet(a.nparams() == 0 ? List.of() : Wire.params(p), p.size());
        });
        b.run(DOMAIN_SET_INTERFACE_PARAMETERS, (c, a) -> c.dom(a.dom()).setInterfaceParameters(a.device(),
                Wire.params(a.params()), a.flags()));
        b.bind(DOMAIN_GET_BLOCK_IO_TUNE, (c, a) -> {
            var p = c.dom(a.dom()).getBlockIoTune(a.disk(), a.flags());
            return new DomainGetBlockIoTuneRet(a.nparams() == 0 ? List.of() : Wire.params(p), p.size());
        });
        b.run(DOMAIN_SET_BLOCK_IO_TUNE,
                (c, a) -> c.dom(a.dom()).setBlockIoTune(a.disk(), Wire.params(a.params()), a.flags()));
        b.bind(DOMAIN_GET_PERF_EVENTS,
                (c, a) -> new DomainGetPerfEventsRet(Wire.params(c.dom(a.dom()).getPerfEvents(a.flags()))));
        b.run(DOMAIN_SET_PERF_EVENTS,
                (c, a) -> c.dom(a.dom()).setPerfEvents(Wire.params(a.params()), a.flags()));
        b.bind(DOMAIN_GET_LAUNCH_SECURITY_INFO, (c, a) -> new DomainGetLaunchSecurityInfoRet(
                Wire.params(c.dom(a.dom()).getLaunchSecurityInfo(a.flags()))));
        // guest
        b.bind(DOMAIN_GET_TIME, (c, a) -> {
            Records.DomainTime t = c.dom(a.dom()).getTime(a.flags());
            return new DomainGetTimeRet(t.seconds(), t.nseconds());
        });
        b.run(DOMAIN_SET_TIME, (c, a) -> c.dom(a.dom()).setTime(a.seconds(), a.nseconds(), a.flags()));
        b.bind(DOMAIN_GET_GUEST_VCPUS,
                (c, a) -> new DomainGetGuestVcpusRet(Wire.params(c.dom(a.dom()).getGuestVcpus(a.flags()))));
        b.run(DOMAIN_SET_GUEST_VCPUS,
                (c, a) -> c.dom(a.dom()).setGuestVcpus(a.cpumap(), a.state() != 0, a.flags()));
        b.bind(DOMAIN_GET_GUEST_INFO, (c, a) -> new DomainGetGuestInfoRet(
                Wire.params(c.dom(a.dom()).getGuestInfo(a.types(), a.flags()))));
        b.bind(DOMAIN_FSFREEZE,
                (c, a) -> new DomainFsfreezeRet(c.dom(a.dom()).fsFreeze(a.mountpoints(), a.flags())));
        b.bind(DOMAIN_FSTHAW, (c, a) -> new DomainFsthawRet(c.dom(a.dom()).fsThaw(a.mountpoints(), a.flags())));
        b.run(DOMAIN_FSTRIM, (c, a) -> c.dom(a.dom()).fsTrim(a.mountPoint(), a.minimum(), a.flags()));
        b.bind(DOMAIN_GET_FSINFO, (c, a) -> {
            List<Records.DomainFSInfo> all = c.dom(a.dom()).getFSInfo(a.flags());
            return new DomainGetFsinfoRet(all.stream().map(f -> new DomainFsinfo(f.mountpoint(), f.name(),
                    f.fstype(), f.devAliases())).toList(), all.size());
        });
        b.bind(DOMAIN_INTERFACE_ADDRESSES, (c, a) -> new DomainInterfaceAddressesRet(
                c.dom(a.dom()).interfaceAddresses(a.source(), a.flags()).stream().map(i -> new DomainInterface(
                        i.name(), i.hwaddr(), i.addrs().stream().map(x -> new DomainIpAddr(x.type(), x.addr(),
                                x.prefix())).toList())).toList()));
        b.run(DOMAIN_SET_USER_PASSWORD,
                (c, a) -> c.dom(a.dom()).setUserPassword(a.user(), a.password(), a.flags()));
        b.bind(DOMAIN_AGENT_SET_RESPONSE_TIMEOUT, (c, a) -> {
            c.dom(a.dom()).agentSetResponseTimeout(a.timeout(), a.flags());
            return new DomainAgentSetResponseTimeoutRet(0);
        });
        b.bind(DOMAIN_GET_SECURITY_LABEL, (c, a) -> {
            Records.SecurityLabel l = c.dom(a.dom()).getSecurityLabel();
            return new DomainGetSecurityLabelRet(cstr(l.label()), b(l.enforcing()));
        });
        b.bind(DOMAIN_GET_SECURITY_LABEL_LIST, (c, a) -> {
            List<Records.SecurityLabel> all = c.dom(a.dom()).getSecurityLabelList();
            return new DomainGetSecurityLabelListRet(all.stream().map(l -> new DomainGetSecurityLabelRet(
                    cstr(l.label()), b(l.enforcing()))).toList(), all.size());
        });
        b.bind(DOMAIN_GET_MESSAGES, (c, a) -> new DomainGetMessagesRet(c.dom(a.dom()).getMessages(a.flags())));
    }

    /** A C string as libvirt sends a {@code char<>} array: its bytes and the terminating NUL. */
    static List<Byte> cstr(String s) {
        List<Byte> out = new ArrayList<>();
        if (s == null || s.isEmpty()) {
            return out;
        }
        for (byte x : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            out.add(x);
        }
        out.add((byte) 0);
        return out;
    }

    private static void stats(Bindings b) {
        b.bind(DOMAIN_BLOCK_STATS, (c, a) -> {
            Records.DomainBlockStats s = c.dom(a.dom()).blockStats(a.path());
            return new DomainBlockStatsRet(s.rdReq(), s.rdBytes(), s.wrReq(), s.wrBytes(), s.errs());
        });
        b.bind(DOMAIN_BLOCK_STATS_FLAGS, (c, a) -> {
            var p = c.dom(a.dom()).blockStatsFlags(a.path(), a.flags());
            return new DomainBlockStatsFlagsRet(a.nparams() == 0 ? List.of() : Wire.params(p), p.size());
        });
        b.bind(DOMAIN_INTERFACE_STATS, (c, a) -> {
            Records.DomainInterfaceStats s = c.dom(a.dom()).interfaceStats(a.device());
            return new DomainInterfaceStatsRet(s.rxBytes(), s.rxPackets(), s.rxErrs(), s.rxDrop(), s.txBytes(),
                    s.txPackets(), s.txErrs(), s.txDrop());
        });
        b.bind(DOMAIN_MEMORY_STATS, (c, a) -> new DomainMemoryStatsRet(
                c.dom(a.dom()).memoryStats(a.maxStats(), a.flags()).stream()
                        .map(s -> new DomainMemoryStat(s.tag(), s.value())).toList()));
        b.bind(DOMAIN_GET_BLOCK_INFO, (c, a) -> {
            Records.DomainBlockInfo i = c.dom(a.dom()).getBlockInfo(a.path(), a.flags());
            return new DomainGetBlockInfoRet(i.allocation(), i.capacity(), i.physical());
        });
        b.bind(DOMAIN_BLOCK_PEEK, (c, a) -> new DomainBlockPeekRet(
                c.dom(a.dom()).blockPeek(a.path(), a.offset(), a.size(), a.flags())));
        b.bind(DOMAIN_MEMORY_PEEK, (c, a) -> new DomainMemoryPeekRet(
                c.dom(a.dom()).memoryPeek(a.offset(), a.size(), a.flags())));
        // Per-CPU statistics travel as one flat array of nparams slots per CPU; nparams == 0 asks for the count.
        b.bind(DOMAIN_GET_CPU_STATS, (c, a) -> {
            List<org.jvirt.core.param.TypedParams> all = c.dom(a.dom()).getCPUStats(a.startCpu(), a.ncpus(),
                    a.flags());
            int per = all.stream().mapToInt(org.jvirt.core.param.TypedParams::size).max().orElse(0);
            if (a.nparams() == 0) {
                return new DomainGetCpuStatsRet(List.of(), per);
            }
            List<TypedParam> flat = new ArrayList<>();
            for (var p : all) {
                flat.addAll(Wire.params(p).subList(0, Math.min(p.size(), a.nparams())));
            }
            return new DomainGetCpuStatsRet(flat, Math.min(per, a.nparams()));
        });
        b.bind(DOMAIN_GET_DISK_ERRORS, (c, a) -> {
            List<Records.DomainDiskError> all = c.dom(a.dom()).getDiskErrors(a.flags());
            return new DomainGetDiskErrorsRet(max(all, a.maxerrors()).stream()
                    .map(e -> new DomainDiskError(e.disk(), e.error())).toList(), all.size());
        });
        b.run(DOMAIN_SET_BLOCK_THRESHOLD,
                (c, a) -> c.dom(a.dom()).setBlockThreshold(a.dev(), a.threshold(), a.flags()));
        b.bind(CONNECT_GET_ALL_DOMAIN_STATS, (c, a) -> {
            Connect conn = c.conn();
            List<Connect.DomainStatsRecord> recs = a.doms().isEmpty()
                    ? conn.getAllDomainStats(a.stats(), a.flags())
                    : conn.domainListGetStats(a.doms().stream().map(c::dom).toList(), a.stats(), a.flags());
            return new ConnectGetAllDomainStatsRet(recs.stream().map(r -> new DomainStatsRecord(w(r.dom()),
                    Wire.params(r.params()))).toList());
        });
        // block jobs
        b.run(DOMAIN_BLOCK_JOB_ABORT, (c, a) -> c.dom(a.dom()).blockJobAbort(a.path(), a.flags()));
        b.bind(DOMAIN_GET_BLOCK_JOB_INFO, (c, a) -> {
            var i = c.dom(a.dom()).getBlockJobInfo(a.path(), a.flags());
            return i == null ? new DomainGetBlockJobInfoRet(0, 0, 0, 0, 0)
                    : new DomainGetBlockJobInfoRet(1, i.type(), i.bandwidth(), i.cur(), i.end());
        });
        b.run(DOMAIN_BLOCK_JOB_SET_SPEED,
                (c, a) -> c.dom(a.dom()).blockJobSetSpeed(a.path(), a.bandwidth(), a.flags()));
        b.run(DOMAIN_BLOCK_PULL, (c, a) -> c.dom(a.dom()).blockPull(a.path(), a.bandwidth(), a.flags()));
        b.run(DOMAIN_BLOCK_REBASE,
                (c, a) -> c.dom(a.dom()).blockRebase(a.path(), a.base(), a.bandwidth(), a.flags()));
        b.run(DOMAIN_BLOCK_COPY, (c, a) -> c.dom(a.dom()).blockCopy(a.path(), a.destxml(),
                Wire.params(a.params()), a.flags()));
        b.run(DOMAIN_BLOCK_COMMIT, (c, a) -> c.dom(a.dom()).blockCommit(a.disk(), a.base(), a.top(),
                a.bandwidth(), a.flags()));
        b.run(DOMAIN_BLOCK_RESIZE, (c, a) -> c.dom(a.dom()).blockResize(a.disk(), a.size(), a.flags()));
    }

    private static void snapshots(Bindings b) {
        b.bind(DOMAIN_SNAPSHOT_CREATE_XML, (c, a) -> new DomainSnapshotCreateXmlRet(
                w(c.dom(a.dom()).snapshotCreateXML(a.xmlDesc(), a.flags()))));
        b.bind(DOMAIN_SNAPSHOT_GET_XML_DESC,
                (c, a) -> new DomainSnapshotGetXmlDescRet(c.snap(a.snap()).getXMLDesc(a.flags())));
        b.bind(DOMAIN_SNAPSHOT_NUM, (c, a) -> new DomainSnapshotNumRet(c.dom(a.dom()).snapshotNum(a.flags())));
        b.bind(DOMAIN_SNAPSHOT_LIST_NAMES, (c, a) -> new DomainSnapshotListNamesRet(
                c.dom(a.dom()).snapshotListNames(Bindings.max(a.maxnames(),
                        RemoteConstants.DOMAIN_SNAPSHOT_LIST_MAX, "maxnames > REMOTE_DOMAIN_SNAPSHOT_LIST_MAX"),
                        a.flags())));
        b.bind(DOMAIN_LIST_ALL_SNAPSHOTS, (c, a) -> {
            List<DomainSnapshot> all = c.dom(a.dom()).listAllSnapshots(a.flags());
            return new DomainListAllSnapshotsRet(Wire.limit(all.stream().map(DomainBindings::w).toList(),
                    a.needResults()), all.size());
        });
        b.bind(DOMAIN_SNAPSHOT_LIST_ALL_CHILDREN, (c, a) -> {
            List<DomainSnapshot> all = c.snap(a.snapshot()).listAllChildren(a.flags());
            return new DomainSnapshotListAllChildrenRet(Wire.limit(all.stream().map(DomainBindings::w).toList(),
                    a.needResults()), all.size());
        });
        b.bind(DOMAIN_SNAPSHOT_NUM_CHILDREN,
                (c, a) -> new DomainSnapshotNumChildrenRet(c.snap(a.snap()).numChildren(a.flags())));
        b.bind(DOMAIN_SNAPSHOT_LIST_CHILDREN_NAMES, (c, a) -> new DomainSnapshotListChildrenNamesRet(
                max(c.snap(a.snap()).listAllChildren(a.flags()).stream().map(DomainSnapshot::getName).toList(),
                        Bindings.max(a.maxnames(), RemoteConstants.DOMAIN_SNAPSHOT_LIST_MAX,
                                "maxnames > REMOTE_DOMAIN_SNAPSHOT_LIST_MAX"))));
        b.bind(DOMAIN_SNAPSHOT_LOOKUP_BY_NAME, (c, a) -> new DomainSnapshotLookupByNameRet(
                w(c.dom(a.dom()).snapshotLookupByName(a.name(), a.flags()))));
        b.bind(DOMAIN_HAS_CURRENT_SNAPSHOT, (c, a) -> new DomainHasCurrentSnapshotRet(
                b(c.dom(a.dom()).hasCurrentSnapshot(a.flags()))));
        b.bind(DOMAIN_SNAPSHOT_CURRENT,
                (c, a) -> new DomainSnapshotCurrentRet(w(c.dom(a.dom()).snapshotCurrent(a.flags()))));
        b.bind(DOMAIN_SNAPSHOT_GET_PARENT,
                (c, a) -> new DomainSnapshotGetParentRet(w(c.snap(a.snap()).getParent(a.flags()))));
        b.bind(DOMAIN_SNAPSHOT_IS_CURRENT,
                (c, a) -> new DomainSnapshotIsCurrentRet(b(c.snap(a.snap()).isCurrent(a.flags()))));
        b.bind(DOMAIN_SNAPSHOT_HAS_METADATA,
                (c, a) -> new DomainSnapshotHasMetadataRet(b(c.snap(a.snap()).hasMetadata(a.flags()))));
        b.run(DOMAIN_REVERT_TO_SNAPSHOT, (c, a) -> c.snap(a.snap()).revert(a.flags()));
        b.run(DOMAIN_SNAPSHOT_DELETE, (c, a) -> c.snap(a.snap()).delete(a.flags()));
        // checkpoints and backups
        b.bind(DOMAIN_CHECKPOINT_CREATE_XML, (c, a) -> new DomainCheckpointCreateXmlRet(
                w(c.dom(a.dom()).checkpointCreateXML(a.xmlDesc(), a.flags()))));
        b.bind(DOMAIN_CHECKPOINT_GET_XML_DESC, (c, a) -> new DomainCheckpointGetXmlDescRet(
                c.checkpoint(a.checkpoint()).getXMLDesc(a.flags())));
        b.bind(DOMAIN_LIST_ALL_CHECKPOINTS, (c, a) -> {
            List<DomainCheckpoint> all = c.dom(a.dom()).listAllCheckpoints(a.flags());
            return new DomainListAllCheckpointsRet(Wire.limit(all.stream().map(DomainBindings::w).toList(),
                    a.needResults()), all.size());
        });
        b.bind(DOMAIN_CHECKPOINT_LIST_ALL_CHILDREN, (c, a) -> {
            List<DomainCheckpoint> all = c.checkpoint(a.checkpoint()).listAllChildren(a.flags());
            return new DomainCheckpointListAllChildrenRet(Wire.limit(all.stream().map(DomainBindings::w).toList(),
                    a.needResults()), all.size());
        });
        b.bind(DOMAIN_CHECKPOINT_LOOKUP_BY_NAME, (c, a) -> new DomainCheckpointLookupByNameRet(
                w(c.dom(a.dom()).checkpointLookupByName(a.name(), a.flags()))));
        b.bind(DOMAIN_CHECKPOINT_GET_PARENT, (c, a) -> new DomainCheckpointGetParentRet(
                w(c.checkpoint(a.checkpoint()).getParent(a.flags()))));
        b.run(DOMAIN_CHECKPOINT_DELETE, (c, a) -> c.checkpoint(a.checkpoint()).delete(a.flags()));
        b.run(DOMAIN_BACKUP_BEGIN,
                (c, a) -> c.dom(a.dom()).backupBegin(a.backupXml(), a.checkpointXml(), a.flags()));
        b.bind(DOMAIN_BACKUP_GET_XML_DESC,
                (c, a) -> new DomainBackupGetXmlDescRet(c.dom(a.dom()).backupGetXMLDesc(a.flags())));
    }
}
