package org.jvirt.api;

import java.util.List;
import java.util.UUID;
import org.jvirt.api.Records.DomainBlockInfo;
import org.jvirt.api.Records.DomainBlockStats;
import org.jvirt.api.Records.DomainControlInfo;
import org.jvirt.api.Records.DomainDiskError;
import org.jvirt.api.Records.DomainFSInfo;
import org.jvirt.api.Records.DomainInfo;
import org.jvirt.api.Records.DomainInterface;
import org.jvirt.api.Records.DomainInterfaceStats;
import org.jvirt.api.Records.DomainJobInfo;
import org.jvirt.api.Records.DomainMemoryStat;
import org.jvirt.api.Records.DomainState;
import org.jvirt.api.Records.DomainTime;
import org.jvirt.api.Records.IOThreadInfo;
import org.jvirt.api.Records.SecurityLabel;
import org.jvirt.api.Records.VcpuInfo;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.param.TypedParams;
import org.jvirt.spi.DomainBlockJobs.BlockJobInfo;
import org.jvirt.spi.DomainLifecycle.JobStats;
import org.jvirt.spi.HypervisorConnection;
import org.jvirt.spi.Refs.DomainRef;

/**
 * A domain handle ({@code virDomainPtr}): connection, name, UUID and id, looked up again by the driver on every call.
 * Methods are libvirt's {@code virDomain*} functions without the prefix; flags are libvirt's ints (the XML_ constants
 * are here, the rest as in libvirt-domain.h).
 */
public final class Domain {
    /** virDomainXMLFlags. */
    public static final int XML_SECURE = 1;
    public static final int XML_INACTIVE = 2;
    public static final int XML_UPDATE_CPU = 4;
    public static final int XML_MIGRATABLE = 8;
    /** VIR_TYPED_PARAM_STRING_OKAY: the caller accepts string-typed parameters. */
    public static final int TYPED_PARAM_STRING_OKAY = 4;

    private final Connect conn;
    private final DomainRef ref;

    Domain(Connect conn, DomainRef ref) {
        this.conn = conn;
        this.ref = ref;
    }

    public DomainRef ref() { return ref; }

    public Connect getConnect() { return conn; }

    public String getName() { return ref.name(); }

    public UUID getUUID() { return ref.uuid(); }

    public String getUUIDString() { return ref.uuid().toString(); }

    /** The id, or -1 for an inactive domain ({@code (unsigned)-1} in C). */
    public int getID() { return ref.id(); }

    private HypervisorConnection d() { return conn.d(); }

    private void w(String function) { conn.checkWritable(function); }

    // ---- lifecycle ----

    public Domain create() {
        w("virDomainCreate");
        return Connect.as("virDomainCreate", () -> new Domain(conn, d().lifecycle().create(ref, 0)));
    }

    /** Starts the domain; returns a handle carrying its new id. */
    public Domain createWithFlags(int flags) {
        w("virDomainCreateWithFlags");
        return new Domain(conn, d().lifecycle().create(ref, flags));
    }

    public void suspend() { w("virDomainSuspend"); d().lifecycle().suspend(ref); }

    public void resume() { w("virDomainResume"); d().lifecycle().resume(ref); }

    public void shutdown() { shutdownFlags(0); }

    public void shutdownFlags(int flags) { w("virDomainShutdownFlags"); d().lifecycle().shutdown(ref, flags); }

    public void reboot(int flags) { w("virDomainReboot"); d().lifecycle().reboot(ref, flags); }

    public void reset(int flags) { w("virDomainReset"); d().lifecycle().reset(ref, flags); }

    public void destroy() {
        w("virDomainDestroy");
        Connect.as("virDomainDestroy", () -> d().lifecycle().destroy(ref, 0));
    }

    public void destroyFlags(int flags) { w("virDomainDestroyFlags"); d().lifecycle().destroy(ref, flags); }

    public DomainInfo getInfo() { return d().lifecycle().getInfo(ref); }

    public DomainState getState(int flags) { return d().lifecycle().getState(ref, flags); }

    public DomainControlInfo getControlInfo(int flags) { return d().lifecycle().getControlInfo(ref, flags); }

    public void pmSuspendForDuration(int target, long duration, int flags) {
        w("virDomainPMSuspendForDuration");
        d().lifecycle().pmSuspendForDuration(ref, target, duration, flags);
    }

    public void pmWakeup(int flags) { w("virDomainPMWakeup"); d().lifecycle().pmWakeup(ref, flags); }

    public void sendProcessSignal(long pid, int signum, int flags) {
        w("virDomainSendProcessSignal");
        d().lifecycle().sendProcessSignal(ref, pid, signum, flags);
    }

    public void injectNMI(int flags) { w("virDomainInjectNMI"); d().lifecycle().injectNMI(ref, flags); }

    public void sendKey(int codeset, int holdtime, int[] keycodes, int flags) {
        w("virDomainSendKey");
        d().lifecycle().sendKey(ref, codeset, holdtime, keycodes, flags);
    }

    public void abortJob() { w("virDomainAbortJob"); d().lifecycle().abortJob(ref); }

    public DomainJobInfo getJobInfo() { return d().lifecycle().getJobInfo(ref); }

    public JobStats getJobStats(int flags) { return d().lifecycle().getJobStats(ref, flags); }

    public void setLifecycleAction(int type, int action, int flags) {
        w("virDomainSetLifecycleAction");
        d().lifecycle().setLifecycleAction(ref, type, action, flags);
    }

    public void coreDump(String to, int flags) { coreDumpWithFormat(to, 0, flags); }

    public void coreDumpWithFormat(String to, int dumpformat, int flags) {
        w("virDomainCoreDumpWithFormat");
        d().lifecycle().coreDump(ref, to, dumpformat, flags);
    }

    // ---- definition ----

    public String getXMLDesc(int flags) {
        if ((flags & XML_SECURE) != 0 && conn.isReadOnly()) {
            throw VirException.of(ErrorNumber.OPERATION_DENIED, ErrorDomain.DOMAIN,
                    "virDomainGetXMLDesc with secure flag");
        }
        return d().domains().getXMLDesc(ref, flags);
    }

    public void undefine() { undefineFlags(0); }

    public void undefineFlags(int flags) { w("virDomainUndefineFlags"); d().domains().undefine(ref, flags); }

    public boolean getAutostart() { return d().domains().getAutostart(ref); }

    public void setAutostart(boolean autostart) {
        w("virDomainSetAutostart");
        d().domains().setAutostart(ref, autostart);
    }

    public boolean isActive() { return d().domains().isActive(ref); }

    public boolean isPersistent() { return d().domains().isPersistent(ref); }

    public boolean isUpdated() { return d().domains().isUpdated(ref); }

    public String getMetadata(int type, String uri, int flags) {
        return d().domains().getMetadata(ref, type, uri, flags);
    }

    public void setMetadata(int type, String metadata, String key, String uri, int flags) {
        w("virDomainSetMetadata");
        d().domains().setMetadata(ref, type, metadata, key, uri, flags);
    }

    public Domain rename(String newName, int flags) {
        w("virDomainRename");
        return new Domain(conn, d().domains().rename(ref, newName, flags));
    }

    public String getOSType() { return d().domains().getOSType(ref); }

    public String getHostname(int flags) { return d().domains().getHostname(ref, flags); }

    // ---- save / restore ----

    public void save(String to) { saveFlags(to, null, 0); }

    public void saveFlags(String to, String dxml, int flags) {
        w("virDomainSaveFlags");
        d().saveRestore().save(ref, to, dxml, flags);
    }

    public void managedSave(int flags) { w("virDomainManagedSave"); d().saveRestore().managedSave(ref, flags); }

    public boolean hasManagedSaveImage(int flags) { return d().saveRestore().hasManagedSaveImage(ref, flags); }

    public void managedSaveRemove(int flags) {
        w("virDomainManagedSaveRemove");
        d().saveRestore().managedSaveRemove(ref, flags);
    }

    public String managedSaveGetXMLDesc(int flags) {
        if ((flags & XML_SECURE) != 0) {
            w("virDomainManagedSaveGetXMLDesc");
        }
        return d().saveRestore().managedSaveGetXMLDesc(ref, flags);
    }

    public void managedSaveDefineXML(String dxml, int flags) {
        w("virDomainManagedSaveDefineXML");
        d().saveRestore().managedSaveDefineXML(ref, dxml, flags);
    }

    // ---- devices ----

    public void attachDevice(String xml) {
        w("virDomainAttachDevice");
        Connect.as("virDomainAttachDevice", () -> d().devices().attachDevice(ref, xml, 0));
    }

    public void attachDeviceFlags(String xml, int flags) {
        w("virDomainAttachDeviceFlags");
        d().devices().attachDevice(ref, xml, flags);
    }

    public void detachDevice(String xml) {
        w("virDomainDetachDevice");
        Connect.as("virDomainDetachDevice", () -> d().devices().detachDevice(ref, xml, 0));
    }

    public void detachDeviceFlags(String xml, int flags) {
        w("virDomainDetachDeviceFlags");
        d().devices().detachDevice(ref, xml, flags);
    }

    public void updateDeviceFlags(String xml, int flags) {
        w("virDomainUpdateDeviceFlags");
        d().devices().updateDevice(ref, xml, flags);
    }

    public void detachDeviceAlias(String alias, int flags) {
        w("virDomainDetachDeviceAlias");
        d().devices().detachDeviceAlias(ref, alias, flags);
    }

    // ---- memory and vCPUs ----

    public long getMaxMemory() { return d().tuning().getMaxMemory(ref); }

    public void setMaxMemory(long kib) { w("virDomainSetMaxMemory"); d().tuning().setMaxMemory(ref, kib); }

    public void setMemory(long kib) { setMemoryFlags(kib, 0); }

    public void setMemoryFlags(long kib, int flags) {
        w("virDomainSetMemoryFlags");
        d().tuning().setMemory(ref, kib, flags);
    }

    public void setMemoryStatsPeriod(int period, int flags) {
        w("virDomainSetMemoryStatsPeriod");
        d().tuning().setMemoryStatsPeriod(ref, period, flags);
    }

    public void setVcpus(int nvcpus) { setVcpusFlags(nvcpus, 0); }

    public void setVcpusFlags(int nvcpus, int flags) {
        w("virDomainSetVcpusFlags");
        d().tuning().setVcpus(ref, nvcpus, flags);
    }

    public int getVcpusFlags(int flags) {
        if ((flags & 8) != 0) { // VIR_DOMAIN_VCPU_GUEST talks to the guest agent
            w("virDomainGetVcpusFlags");
        }
        return d().tuning().getVcpusFlags(ref, flags);
    }

    public int getMaxVcpus() { return d().tuning().getMaxVcpus(ref); }

    public List<VcpuInfo> getVcpus() { return d().tuning().getVcpus(ref); }

    public void pinVcpu(int vcpu, boolean[] cpumap) { pinVcpuFlags(vcpu, cpumap, 0); }

    public void pinVcpuFlags(int vcpu, boolean[] cpumap, int flags) {
        w("virDomainPinVcpuFlags");
        d().tuning().pinVcpu(ref, vcpu, cpumap, flags);
    }

    public List<boolean[]> getVcpuPinInfo(int flags) { return d().tuning().getVcpuPinInfo(ref, flags); }

    public void pinEmulator(boolean[] cpumap, int flags) {
        w("virDomainPinEmulator");
        d().tuning().pinEmulator(ref, cpumap, flags);
    }

    public boolean[] getEmulatorPinInfo(int flags) { return d().tuning().getEmulatorPinInfo(ref, flags); }

    public void setVcpu(String vcpumap, boolean state, int flags) {
        w("virDomainSetVcpu");
        d().tuning().setVcpu(ref, vcpumap, state, flags);
    }

    public List<IOThreadInfo> getIOThreadInfo(int flags) { return d().tuning().getIOThreadInfo(ref, flags); }

    public void pinIOThread(int iothreadId, boolean[] cpumap, int flags) {
        w("virDomainPinIOThread");
        d().tuning().pinIOThread(ref, iothreadId, cpumap, flags);
    }

    public void addIOThread(int iothreadId, int flags) {
        w("virDomainAddIOThread");
        d().tuning().addIOThread(ref, iothreadId, flags);
    }

    public void delIOThread(int iothreadId, int flags) {
        w("virDomainDelIOThread");
        d().tuning().delIOThread(ref, iothreadId, flags);
    }

    public void setIOThreadParams(int iothreadId, TypedParams params, int flags) {
        w("virDomainSetIOThreadParams");
        d().tuning().setIOThreadParams(ref, iothreadId, params, flags);
    }

    // ---- tunables ----

    public String getSchedulerType() { return d().tuning().getSchedulerType(ref); }

    /** The flag-less legacy call passes no flags at all, as libvirt's does. */
    public TypedParams getSchedulerParameters() { return d().tuning().getSchedulerParameters(ref, 0); }

    public TypedParams getSchedulerParametersFlags(int flags) {
        // libvirt asks for string parameters whenever the driver can send them (VIR_TYPED_PARAM_STRING_OKAY)
        return d().tuning().getSchedulerParameters(ref, flags | TYPED_PARAM_STRING_OKAY);
    }

    public void setSchedulerParameters(TypedParams params) { setSchedulerParametersFlags(params, 0); }

    public void setSchedulerParametersFlags(TypedParams params, int flags) {
        w("virDomainSetSchedulerParametersFlags");
        d().tuning().setSchedulerParameters(ref, params, flags);
    }

    public TypedParams getMemoryParameters(int flags) { return d().tuning().getMemoryParameters(ref, flags); }

    public void setMemoryParameters(TypedParams params, int flags) {
        w("virDomainSetMemoryParameters");
        d().tuning().setMemoryParameters(ref, params, flags);
    }

    public TypedParams getBlkioParameters(int flags) { return d().tuning().getBlkioParameters(ref, flags); }

    public void setBlkioParameters(TypedParams params, int flags) {
        w("virDomainSetBlkioParameters");
        d().tuning().setBlkioParameters(ref, params, flags);
    }

    public TypedParams getNumaParameters(int flags) { return d().tuning().getNumaParameters(ref, flags); }

    public void setNumaParameters(TypedParams params, int flags) {
        w("virDomainSetNumaParameters");
        d().tuning().setNumaParameters(ref, params, flags);
    }

    public TypedParams getInterfaceParameters(String device, int flags) {
        return d().tuning().getInterfaceParameters(ref, device, flags);
    }

    public void setInterfaceParameters(String device, TypedParams params, int flags) {
        w("virDomainSetInterfaceParameters");
        d().tuning().setInterfaceParameters(ref, device, params, flags);
    }

    public TypedParams getBlockIoTune(String disk, int flags) { return d().tuning().getBlockIoTune(ref, disk, flags); }

    public void setBlockIoTune(String disk, TypedParams params, int flags) {
        w("virDomainSetBlockIoTune");
        d().tuning().setBlockIoTune(ref, disk, params, flags);
    }

    public TypedParams getPerfEvents(int flags) { return d().tuning().getPerfEvents(ref, flags); }

    public void setPerfEvents(TypedParams params, int flags) {
        w("virDomainSetPerfEvents");
        d().tuning().setPerfEvents(ref, params, flags);
    }

    public TypedParams getLaunchSecurityInfo(int flags) {
        w("virDomainGetLaunchSecurityInfo");
        return d().tuning().getLaunchSecurityInfo(ref, flags | TYPED_PARAM_STRING_OKAY);
    }

    // ---- guest ----

    public DomainTime getTime(int flags) { w("virDomainGetTime"); return d().guest().getTime(ref, flags); }

    public void setTime(long seconds, int nseconds, int flags) {
        w("virDomainSetTime");
        d().guest().setTime(ref, seconds, nseconds, flags);
    }

    public TypedParams getGuestVcpus(int flags) { w("virDomainGetGuestVcpus"); return d().guest().getGuestVcpus(ref, flags); }

    public void setGuestVcpus(String cpumap, boolean state, int flags) {
        w("virDomainSetGuestVcpus");
        d().guest().setGuestVcpus(ref, cpumap, state, flags);
    }

    public TypedParams getGuestInfo(int types, int flags) {
        w("virDomainGetGuestInfo");
        return d().guest().getGuestInfo(ref, types, flags);
    }

    public int fsFreeze(List<String> mountpoints, int flags) {
        w("virDomainFSFreeze");
        return d().guest().fsFreeze(ref, mountpoints, flags);
    }

    public int fsThaw(List<String> mountpoints, int flags) {
        w("virDomainFSThaw");
        return d().guest().fsThaw(ref, mountpoints, flags);
    }

    public void fsTrim(String mountPoint, long minimum, int flags) {
        w("virDomainFSTrim");
        d().guest().fsTrim(ref, mountPoint, minimum, flags);
    }

    public List<DomainFSInfo> getFSInfo(int flags) { w("virDomainGetFSInfo"); return d().guest().getFSInfo(ref, flags); }

    /** VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT (1) needs a read-write connection, as in libvirt. */
    public List<DomainInterface> interfaceAddresses(int source, int flags) {
        if (source == 1) {
            w("virDomainInterfaceAddresses");
        }
        return d().guest().interfaceAddresses(ref, source, flags);
    }

    public void setUserPassword(String user, String password, int flags) {
        w("virDomainSetUserPassword");
        d().guest().setUserPassword(ref, user, password, flags);
    }

    public void agentSetResponseTimeout(int timeout, int flags) {
        w("virDomainAgentSetResponseTimeout");
        d().guest().agentSetResponseTimeout(ref, timeout, flags);
    }

    public List<SecurityLabel> getSecurityLabelList() { return d().guest().getSecurityLabelList(ref); }

    public SecurityLabel getSecurityLabel() { return d().guest().getSecurityLabel(ref); }

    public List<String> getMessages(int flags) { return d().guest().getMessages(ref, flags); }

    // ---- statistics ----

    public DomainBlockStats blockStats(String disk) { return d().stats().blockStats(ref, disk); }

    public TypedParams blockStatsFlags(String disk, int flags) { return d().stats().blockStatsFlags(ref, disk, flags); }

    public DomainInterfaceStats interfaceStats(String device) { return d().stats().interfaceStats(ref, device); }

    public List<DomainMemoryStat> memoryStats(int nrStats, int flags) {
        return d().stats().memoryStats(ref, nrStats, flags);
    }

    public DomainBlockInfo getBlockInfo(String disk, int flags) { return d().stats().getBlockInfo(ref, disk, flags); }

    public byte[] blockPeek(String disk, long offset, int size, int flags) {
        w("virDomainBlockPeek");
        return d().stats().blockPeek(ref, disk, offset, size, flags);
    }

    public byte[] memoryPeek(long start, int size, int flags) {
        w("virDomainMemoryPeek");
        return d().stats().memoryPeek(ref, start, size, flags);
    }

    public List<TypedParams> getCPUStats(int startCpu, int ncpus, int flags) {
        return d().stats().getCPUStats(ref, startCpu, ncpus, flags);
    }

    public List<DomainDiskError> getDiskErrors(int flags) { return d().stats().getDiskErrors(ref, flags); }

    public void setBlockThreshold(String dev, long threshold, int flags) {
        w("virDomainSetBlockThreshold");
        d().stats().setBlockThreshold(ref, dev, threshold, flags);
    }

    // ---- block jobs ----

    public void blockJobAbort(String disk, int flags) {
        w("virDomainBlockJobAbort");
        d().blockJobs().blockJobAbort(ref, disk, flags);
    }

    /** Null when no job runs on {@code disk}. */
    public BlockJobInfo getBlockJobInfo(String disk, int flags) {
        return d().blockJobs().getBlockJobInfo(ref, disk, flags);
    }

    public void blockJobSetSpeed(String disk, long bandwidth, int flags) {
        w("virDomainBlockJobSetSpeed");
        d().blockJobs().blockJobSetSpeed(ref, disk, bandwidth, flags);
    }

    public void blockPull(String disk, long bandwidth, int flags) {
        w("virDomainBlockPull");
        d().blockJobs().blockPull(ref, disk, bandwidth, flags);
    }

    public void blockRebase(String disk, String base, long bandwidth, int flags) {
        w("virDomainBlockRebase");
        d().blockJobs().blockRebase(ref, disk, base, bandwidth, flags);
    }

    public void blockCopy(String disk, String destxml, TypedParams params, int flags) {
        w("virDomainBlockCopy");
        d().blockJobs().blockCopy(ref, disk, destxml, params, flags);
    }

    public void blockCommit(String disk, String base, String top, long bandwidth, int flags) {
        w("virDomainBlockCommit");
        d().blockJobs().blockCommit(ref, disk, base, top, bandwidth, flags);
    }

    public void blockResize(String disk, long size, int flags) {
        w("virDomainBlockResize");
        d().blockJobs().blockResize(ref, disk, size, flags);
    }

    // ---- snapshots and checkpoints ----

    public DomainSnapshot snapshotCreateXML(String xml, int flags) {
        w("virDomainSnapshotCreateXML");
        return new DomainSnapshot(this, d().snapshots().snapshotCreateXML(ref, xml, flags));
    }

    public List<DomainSnapshot> listAllSnapshots(int flags) {
        return d().snapshots().listAllSnapshots(ref, flags).stream().map(s -> new DomainSnapshot(this, s)).toList();
    }

    public int snapshotNum(int flags) { return listAllSnapshots(flags).size(); }

    public List<String> snapshotListNames(int nameslen, int flags) {
        return listAllSnapshots(flags).stream().map(DomainSnapshot::getName).limit(nameslen).toList();
    }

    public DomainSnapshot snapshotLookupByName(String name, int flags) {
        return new DomainSnapshot(this, d().snapshots().snapshotLookupByName(ref, name, flags));
    }

    public boolean hasCurrentSnapshot(int flags) { return d().snapshots().hasCurrentSnapshot(ref, flags); }

    public DomainSnapshot snapshotCurrent(int flags) {
        return new DomainSnapshot(this, d().snapshots().snapshotCurrent(ref, flags));
    }

    public DomainCheckpoint checkpointCreateXML(String xml, int flags) {
        w("virDomainCheckpointCreateXML");
        return new DomainCheckpoint(this, d().checkpoints().checkpointCreateXML(ref, xml, flags));
    }

    public List<DomainCheckpoint> listAllCheckpoints(int flags) {
        return d().checkpoints().listAllCheckpoints(ref, flags).stream()
                .map(c -> new DomainCheckpoint(this, c)).toList();
    }

    public DomainCheckpoint checkpointLookupByName(String name, int flags) {
        return new DomainCheckpoint(this, d().checkpoints().checkpointLookupByName(ref, name, flags));
    }

    public void backupBegin(String backupXml, String checkpointXml, int flags) {
        w("virDomainBackupBegin");
        d().checkpoints().backupBegin(ref, backupXml, checkpointXml, flags);
    }

    public String backupGetXMLDesc(int flags) { return d().checkpoints().backupGetXMLDesc(ref, flags); }

    // ---- streams into the domain ----

    public void openConsole(String devName, Stream stream, int flags) {
        w("virDomainOpenConsole");
        stream.bind(d().consoles().openConsole(ref, devName, flags));
    }

    public void openChannel(String name, Stream stream, int flags) {
        w("virDomainOpenChannel");
        stream.bind(d().consoles().openChannel(ref, name, flags));
    }

    /** Returns the MIME type; the image arrives on {@code stream}. */
    public String screenshot(Stream stream, int screen, int flags) {
        w("virDomainScreenshot");
        var shot = d().consoles().screenshot(ref, screen, flags);
        stream.bind(shot.data());
        return shot.mimeType();
    }

    // ---- QEMU-specific (libvirt-qemu) ----

    public String qemuMonitorCommand(String cmd, int flags) {
        w("virDomainQemuMonitorCommand");
        return d().guest().qemuMonitorCommand(ref, cmd, flags);
    }

    public String qemuAgentCommand(String cmd, int timeout, int flags) {
        w("virDomainQemuAgentCommand");
        return d().guest().qemuAgentCommand(ref, cmd, timeout, flags);
    }

    @Override
    public String toString() {
        return "Domain[" + ref.name() + ", " + ref.uuid() + ", id " + ref.id() + "]";
    }
}
