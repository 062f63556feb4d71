package org.jvirt.api;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jvirt.api.Records.NodeInfo;
import org.jvirt.api.Records.NodeStat;
import org.jvirt.api.Records.SecurityModel;
import org.jvirt.api.event.DomainEvent;
import org.jvirt.api.event.ObjectEvent;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.param.TypedParams;
import org.jvirt.core.util.Uuids;
import org.jvirt.spi.ConnectAuth;
import org.jvirt.spi.ConnectUri;
import org.jvirt.spi.DomainStats.StatsRecord;
import org.jvirt.spi.DriverProvider;
import org.jvirt.spi.DriverProvider.OpenRequest;
import org.jvirt.spi.DriverProvider.OpenResult;
import org.jvirt.spi.EventOps;
import org.jvirt.spi.HypervisorConnection;
import org.jvirt.spi.SecondaryDriverProvider;
import org.jvirt.spi.Refs.DomainRef;

/**
 * A connection to a hypervisor ({@code virConnectPtr}). Open one with {@link #open}, {@link #openReadOnly} or
 * {@link #openAuth}; close it with {@link #close}. Every public libvirt {@code virConnect*}/{@code virNode*} function
 * is a method here, named without its prefix. This class is also the one place where read-only connections are
 * refused modifying calls, for local and remote callers alike (the daemon dispatches onto this API).
 */
public final class Connect implements AutoCloseable {
    /** virConnectFlags. */
    public static final int OPEN_READONLY = 1 << 0;
    public static final int OPEN_NO_ALIASES = 1 << 1;

    private final HypervisorConnection driver;
    private final ConnectUri uri;
    private final boolean readOnly;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Connect(HypervisorConnection driver, ConnectUri uri, boolean readOnly) {
        this.driver = driver;
        this.uri = uri;
        this.readOnly = readOnly;
    }

    /** {@code virConnectOpen}. */
    public static Connect open(String uri) {
        return openAuth(uri, null, 0);
    }

    /** {@code virConnectOpenReadOnly}. */
    public static Connect openReadOnly(String uri) {
        return openAuth(uri, null, OPEN_READONLY);
    }

    /**
     * {@code virConnectOpenAuth}: asks every driver found by ServiceLoader in turn; the first that does not
     * decline wins. A null or empty URI means {@code LIBVIRT_DEFAULT_URI} from the environment.
     */
    public static Connect openAuth(String uri, ConnectAuth auth, int flags) {
        return openAuth(uri, auth, flags, InstalledDrivers.LIST);
    }

    /** As {@link #openAuth(String, ConnectAuth, int)} with an explicit set of drivers (the daemon, tests). */
    public static Connect openAuth(String uri, ConnectAuth auth, int flags, Iterable<DriverProvider> providers) {
        String text = uri == null || uri.isEmpty() ? System.getenv("LIBVIRT_DEFAULT_URI") : uri;
        ConnectUri parsed = text == null || text.isEmpty() ? null : ConnectUri.parse(text);
        boolean ro = (flags & OPEN_READONLY) != 0;
        OpenRequest request = new OpenRequest(parsed, ro, flags, auth);
        for (DriverProvider provider : providers) {
            if (provider.open(request) instanceof OpenResult.Opened opened) {
                return new Connect(ComposedConnection.compose(opened.connection(), request,
                        InstalledSecondaries.LIST), parsed, ro);
            }
        }
        throw VirException.of(ErrorNumber.NO_CONNECT, ErrorDomain.NONE,
                text == null ? "<null>" : text);
    }

    /** The driver behind this connection (for the daemon's dispatch and the support matrix; not for applications). */
    public HypervisorConnection driver() {
        checkOpen();
        return driver;
    }

    public boolean isReadOnly() {
        return readOnly;
    }

    /** libvirt's virCheckReadOnlyGoto: VIR_ERR_OPERATION_DENIED naming the public function. */
    void checkWritable(String function) {
        checkOpen();
        if (readOnly) {
            throw VirException.of(ErrorNumber.OPERATION_DENIED, ErrorDomain.ofFunction(function),
                    "read only access prevents " + function);
        }
    }

    /**
     * Runs a legacy entry point on the SPI's general one, as libvirt's own wrappers do, but reports NO_SUPPORT under
     * the function the caller called (e.g. virDomainCreate, not virDomainCreateWithFlags).
     */
    static <T> T as(String function, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (VirException e) {
            if (e.code() == ErrorNumber.NO_SUPPORT) {
                throw VirException.noSupport(function);
            }
            throw e;
        }
    }

    static void as(String function, Runnable call) {
        as(function, () -> {
            call.run();
            return null;
        });
    }

    HypervisorConnection d() {
        checkOpen();
        return driver;
    }

    private void checkOpen() {
        if (closed.get()) {
            throw VirException.of(ErrorNumber.INVALID_CONN, ErrorDomain.NONE, null);
        }
    }

    /** {@code virConnectClose}. Closing twice is harmless. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            driver.close();
        }
    }

    // ---- connection ----

    public String getType() { return d().connect().getType(); }

    public long getVersion() { return d().connect().getVersion(); }

    /** {@code virConnectGetLibVersion}: the version of libvirt this API corresponds to. */
    public long getLibVersion() { checkOpen(); return LIB_VERSION; }

    /** jvirt implements libvirt 9.0.0's API. */
    public static final long LIB_VERSION = 9_000_000L;

    public String getHostname() { return d().connect().getHostname(); }

    /** {@code virConnectGetURI}: the canonical URI, as the driver reports it, or the URI used to open. */
    public String getURI() {
        try {
            return d().connect().getURI();
        } catch (VirException e) {
            if (e.code() == ErrorNumber.NO_SUPPORT && uri != null) {
                return uri.text();
            }
            throw e;
        }
    }

    public String getSysinfo(int flags) { return d().connect().getSysinfo(flags); }

    public int getMaxVcpus(String type) { return d().connect().getMaxVcpus(type); }

    public String getCapabilities() { return d().connect().getCapabilities(); }

    public String getDomainCapabilities(String emulator, String arch, String machine, String virttype, int flags) {
        return d().connect().getDomainCapabilities(emulator, arch, machine, virttype, flags);
    }

    public boolean isEncrypted() { return d().connect().isEncrypted(); }

    public boolean isSecure() { return d().connect().isSecure(); }

    public boolean isAlive() { return !closed.get() && driver.connect().isAlive(); }

    public boolean supportsFeature(int feature) { return d().connect().supportsFeature(feature); }

    public List<String> getCPUModelNames(String arch, int flags) {
        return d().connect().getCPUModelNames(arch, flags);
    }

    public String baselineCPU(List<String> xmlCPUs, int flags) { return d().connect().baselineCPU(xmlCPUs, flags); }

    public String baselineHypervisorCPU(String emulator, String arch, String machine, String virttype,
                                        List<String> xmlCPUs, int flags) {
        return d().connect().baselineHypervisorCPU(emulator, arch, machine, virttype, xmlCPUs, flags);
    }

    public int compareCPU(String xmlDesc, int flags) { return d().connect().compareCPU(xmlDesc, flags); }

    public int compareHypervisorCPU(String emulator, String arch, String machine, String virttype, String xmlCPU,
                                    int flags) {
        return d().connect().compareHypervisorCPU(emulator, arch, machine, virttype, xmlCPU, flags);
    }

    public void setKeepAlive(int interval, int count) { d().connect().setKeepAlive(interval, count); }

    public String domainXMLFromNative(String format, String config, int flags) {
        checkWritable("virConnectDomainXMLFromNative");
        return d().connect().domainXMLFromNative(format, config, flags);
    }

    public String domainXMLToNative(String format, String xml, int flags) {
        checkWritable("virConnectDomainXMLToNative");
        return d().connect().domainXMLToNative(format, xml, flags);
    }

    public String findStoragePoolSources(String type, String srcSpec, int flags) {
        checkWritable("virConnectFindStoragePoolSources");
        return d().connect().findStoragePoolSources(type, srcSpec, flags);
    }

    public String getStoragePoolCapabilities(int flags) { return d().connect().getStoragePoolCapabilities(flags); }

    // ---- node ----

    public NodeInfo nodeGetInfo() { return d().node().getInfo(); }

    public List<NodeStat> nodeGetCPUStats(int cpuNum, int flags) { return d().node().getCPUStats(cpuNum, flags); }

    public List<NodeStat> nodeGetMemoryStats(int cellNum, int flags) {
        return d().node().getMemoryStats(cellNum, flags);
    }

    public long[] nodeGetCellsFreeMemory(int startCell, int maxCells) {
        if (startCell < 0) {
            throw VirException.unprefixed(ErrorNumber.INVALID_ARG, ErrorDomain.DOMAIN,
                    "startCell in virNodeGetCellsFreeMemory must be zero or greater");
        }
        if (maxCells <= 0) {
            throw VirException.unprefixed(ErrorNumber.INVALID_ARG, ErrorDomain.DOMAIN,
                    "maxCells in virNodeGetCellsFreeMemory must be greater than zero");
        }
        return d().node().getCellsFreeMemory(startCell, maxCells);
    }

    public long nodeGetFreeMemory() { return d().node().getFreeMemory(); }

    public long[] nodeGetFreePages(int[] pages, int startCell, int cellCount, int flags) {
        return d().node().getFreePages(pages, startCell, cellCount, flags);
    }

    public int nodeAllocPages(int[] pageSizes, long[] pageCounts, int startCell, int cellCount, int flags) {
        checkWritable("virNodeAllocPages");
        return d().node().allocPages(pageSizes, pageCounts, startCell, cellCount, flags);
    }

    public boolean[] nodeGetCPUMap(int flags) { return d().node().getCPUMap(flags); }

    public SecurityModel nodeGetSecurityModel() { return d().node().getSecurityModel(); }

    public TypedParams nodeGetMemoryParameters(int flags) { return d().node().getMemoryParameters(flags); }

    public void nodeSetMemoryParameters(TypedParams params, int flags) {
        checkWritable("virNodeSetMemoryParameters");
        d().node().setMemoryParameters(params, flags);
    }

    public void nodeSuspendForDuration(int target, long duration, int flags) {
        checkWritable("virNodeSuspendForDuration");
        d().node().suspendForDuration(target, duration, flags);
    }

    public TypedParams nodeGetSEVInfo(int flags) { return d().node().getSEVInfo(flags); }

    // ---- domains ----

    Domain wrap(DomainRef ref) { return new Domain(this, ref); }

    public List<Domain> listAllDomains(int flags) {
        List<Domain> out = new ArrayList<>();
        for (DomainRef r : d().domains().listAll(flags)) {
            out.add(wrap(r));
        }
        return out;
    }

    public int numOfDomains() { return d().domains().numOfDomains(); }

    public int[] listDomains(int maxids) { return d().domains().listDomainIds(maxids); }

    public int numOfDefinedDomains() { return d().domains().numOfDefinedDomains(); }

    public List<String> listDefinedDomains(int maxnames) { return d().domains().listDefinedDomains(maxnames); }

    public Domain domainLookupByID(int id) {
        if (id < 0) {
            throw VirException.unprefixed(ErrorNumber.INVALID_ARG, ErrorDomain.DOMAIN,
                    "id in virDomainLookupByID must be zero or greater");
        }
        return wrap(d().domains().lookupById(id));
    }

    public Domain domainLookupByUUID(UUID uuid) { return wrap(d().domains().lookupByUUID(uuid)); }

    public Domain domainLookupByUUIDString(String uuid) { return domainLookupByUUID(parseUuid(uuid)); }

    public Domain domainLookupByName(String name) { return wrap(d().domains().lookupByName(name)); }

    public Domain domainDefineXML(String xml) {
        checkWritable("virDomainDefineXML");
        return as("virDomainDefineXML", () -> wrap(d().domains().defineXML(xml, 0)));
    }

    public Domain domainDefineXMLFlags(String xml, int flags) {
        checkWritable("virDomainDefineXMLFlags");
        return wrap(d().domains().defineXML(xml, flags));
    }

    public Domain domainCreateXML(String xml, int flags) {
        checkWritable("virDomainCreateXML");
        return wrap(d().domains().createXML(xml, flags));
    }

    public void domainRestore(String from) { domainRestoreFlags(from, null, 0); }

    public void domainRestoreFlags(String from, String dxml, int flags) {
        checkWritable("virDomainRestoreFlags");
        d().saveRestore().restore(from, dxml, flags);
    }

    public String domainSaveImageGetXMLDesc(String file, int flags) {
        if ((flags & Domain.XML_SECURE) != 0) {
            checkWritable("virDomainSaveImageGetXMLDesc");
        }
        return d().saveRestore().saveImageGetXMLDesc(file, flags);
    }

    public void domainSaveImageDefineXML(String file, String dxml, int flags) {
        checkWritable("virDomainSaveImageDefineXML");
        d().saveRestore().saveImageDefineXML(file, dxml, flags);
    }

    /** {@code virConnectGetAllDomainStats}. */
    public List<DomainStatsRecord> getAllDomainStats(int stats, int flags) {
        return toStats(d().stats().getAllDomainStats(null, stats, flags));
    }

    /** {@code virDomainListGetStats}. */
    public List<DomainStatsRecord> domainListGetStats(List<Domain> doms, int stats, int flags) {
        List<DomainRef> refs = doms.stream().map(Domain::ref).toList();
        return toStats(d().stats().getAllDomainStats(refs, stats, flags));
    }

    /** One domain's statistics: {@code virDomainStatsRecord}. */
    public record DomainStatsRecord(Domain dom, TypedParams params) {}

    private List<DomainStatsRecord> toStats(List<StatsRecord> records) {
        return records.stream().map(r -> new DomainStatsRecord(wrap(r.dom()), r.params())).toList();
    }

    // ---- events ----

    /** {@code virConnectDomainEventRegisterAny}: {@code dom} null for all domains; returns the callback id. */
    public int domainEventRegisterAny(Domain dom, int eventId, Consumer<DomainEvent> callback) {
        if (eventId < 0 || eventId >= DomainEvent.ID_LAST) {
            throw VirException.invalidArg("eventID in virConnectDomainEventRegisterAny must be less than "
                    + DomainEvent.ID_LAST + ", but is " + eventId);
        }
        return d().events().registerDomainEvent(dom == null ? null : dom.ref(), eventId, callback);
    }

    public void domainEventDeregisterAny(int callbackId) { d().events().deregisterDomainEvent(callbackId); }

    public int networkEventRegisterAny(Network net, int eventId, Consumer<ObjectEvent> callback) {
        return d().events().registerObjectEvent(EventOps.Family.NETWORK, net == null ? null : net.getName(),
                eventId, callback);
    }

    public void networkEventDeregisterAny(int callbackId) {
        d().events().deregisterObjectEvent(EventOps.Family.NETWORK, callbackId);
    }

    public int storagePoolEventRegisterAny(StoragePool pool, int eventId, Consumer<ObjectEvent> callback) {
        return d().events().registerObjectEvent(EventOps.Family.STORAGE_POOL, pool == null ? null : pool.getName(),
                eventId, callback);
    }

    public void storagePoolEventDeregisterAny(int callbackId) {
        d().events().deregisterObjectEvent(EventOps.Family.STORAGE_POOL, callbackId);
    }

    public int nodeDeviceEventRegisterAny(NodeDevice dev, int eventId, Consumer<ObjectEvent> callback) {
        return d().events().registerObjectEvent(EventOps.Family.NODE_DEVICE, dev == null ? null : dev.getName(),
                eventId, callback);
    }

    public void nodeDeviceEventDeregisterAny(int callbackId) {
        d().events().deregisterObjectEvent(EventOps.Family.NODE_DEVICE, callbackId);
    }

    public int secretEventRegisterAny(Secret secret, int eventId, Consumer<ObjectEvent> callback) {
        return d().events().registerObjectEvent(EventOps.Family.SECRET,
                secret == null ? null : secret.getUUIDString(), eventId, callback);
    }

    public void secretEventDeregisterAny(int callbackId) {
        d().events().deregisterObjectEvent(EventOps.Family.SECRET, callbackId);
    }


    // ---- networks ----

    public List<Network> listAllNetworks(int flags) {
        return d().networks().listAll(flags).stream().map(r -> new Network(this, r)).toList();
    }

    public int numOfNetworks() { return d().networks().numOfNetworks(); }

    public List<String> listNetworks(int maxnames) { return d().networks().listNetworks(maxnames); }

    public int numOfDefinedNetworks() { return d().networks().numOfDefinedNetworks(); }

    public List<String> listDefinedNetworks(int maxnames) { return d().networks().listDefinedNetworks(maxnames); }

    public Network networkLookupByName(String name) { return new Network(this, d().networks().lookupByName(name)); }

    public Network networkLookupByUUID(UUID uuid) { return new Network(this, d().networks().lookupByUUID(uuid)); }

    public Network networkLookupByUUIDString(String uuid) { return networkLookupByUUID(parseUuid(uuid)); }

    public Network networkCreateXML(String xml) { return networkCreateXMLFlags(xml, 0); }

    public Network networkCreateXMLFlags(String xml, int flags) {
        checkWritable("virNetworkCreateXMLFlags");
        return new Network(this, d().networks().createXML(xml, flags));
    }

    public Network networkDefineXML(String xml) { return networkDefineXMLFlags(xml, 0); }

    public Network networkDefineXMLFlags(String xml, int flags) {
        checkWritable("virNetworkDefineXMLFlags");
        return new Network(this, d().networks().defineXML(xml, flags));
    }

    // ---- storage ----

    public List<StoragePool> listAllStoragePools(int flags) {
        return d().storagePools().listAll(flags).stream().map(r -> new StoragePool(this, r)).toList();
    }

    public int numOfStoragePools() { return d().storagePools().numOfPools(); }

    public List<String> listStoragePools(int maxnames) { return d().storagePools().listPools(maxnames); }

    public int numOfDefinedStoragePools() { return d().storagePools().numOfDefinedPools(); }

    public List<String> listDefinedStoragePools(int maxnames) {
        return d().storagePools().listDefinedPools(maxnames);
    }

    public StoragePool storagePoolLookupByName(String name) {
        return new StoragePool(this, d().storagePools().lookupByName(name));
    }

    public StoragePool storagePoolLookupByUUID(UUID uuid) {
        return new StoragePool(this, d().storagePools().lookupByUUID(uuid));
    }

    public StoragePool storagePoolLookupByUUIDString(String uuid) { return storagePoolLookupByUUID(parseUuid(uuid)); }

    public StoragePool storagePoolLookupByTargetPath(String path) {
        return new StoragePool(this, d().storagePools().lookupByTargetPath(path));
    }

    public StoragePool storagePoolCreateXML(String xml, int flags) {
        checkWritable("virStoragePoolCreateXML");
        return new StoragePool(this, d().storagePools().createXML(xml, flags));
    }

    public StoragePool storagePoolDefineXML(String xml, int flags) {
        checkWritable("virStoragePoolDefineXML");
        return new StoragePool(this, d().storagePools().defineXML(xml, flags));
    }

    public StorageVol storageVolLookupByKey(String key) {
        return new StorageVol(this, d().storageVols().lookupByKey(key));
    }

    public StorageVol storageVolLookupByPath(String path) {
        return new StorageVol(this, d().storageVols().lookupByPath(path));
    }

    // ---- secrets ----

    public List<Secret> listAllSecrets(int flags) {
        return d().secrets().listAll(flags).stream().map(r -> new Secret(this, r)).toList();
    }

    public int numOfSecrets() { return d().secrets().numOfSecrets(); }

    public List<String> listSecrets(int maxuuids) { return d().secrets().listSecrets(maxuuids); }

    public Secret secretLookupByUUID(UUID uuid) { return new Secret(this, d().secrets().lookupByUUID(uuid)); }

    public Secret secretLookupByUUIDString(String uuid) { return secretLookupByUUID(parseUuid(uuid)); }

    public Secret secretLookupByUsage(int usageType, String usageId) {
        return new Secret(this, d().secrets().lookupByUsage(usageType, usageId));
    }

    public Secret secretDefineXML(String xml, int flags) {
        checkWritable("virSecretDefineXML");
        return new Secret(this, d().secrets().defineXML(xml, flags));
    }

    // ---- host interfaces ----

    public List<Interface> listAllInterfaces(int flags) {
        return d().interfaces().listAll(flags).stream().map(r -> new Interface(this, r)).toList();
    }

    public int numOfInterfaces() { return d().interfaces().numOfInterfaces(); }

    public List<String> listInterfaces(int maxnames) { return d().interfaces().listInterfaces(maxnames); }

    public int numOfDefinedInterfaces() { return d().interfaces().numOfDefinedInterfaces(); }

    public List<String> listDefinedInterfaces(int maxnames) {
        return d().interfaces().listDefinedInterfaces(maxnames);
    }

    public Interface interfaceLookupByName(String name) {
        return new Interface(this, d().interfaces().lookupByName(name));
    }

    public Interface interfaceLookupByMACString(String mac) {
        return new Interface(this, d().interfaces().lookupByMACString(mac));
    }

    public Interface interfaceDefineXML(String xml, int flags) {
        checkWritable("virInterfaceDefineXML");
        return new Interface(this, d().interfaces().defineXML(xml, flags));
    }

    public void interfaceChangeBegin(int flags) {
        checkWritable("virInterfaceChangeBegin");
        d().interfaces().changeBegin(flags);
    }

    public void interfaceChangeCommit(int flags) {
        checkWritable("virInterfaceChangeCommit");
        d().interfaces().changeCommit(flags);
    }

    public void interfaceChangeRollback(int flags) {
        checkWritable("virInterfaceChangeRollback");
        d().interfaces().changeRollback(flags);
    }

    // ---- node devices ----

    public List<NodeDevice> listAllNodeDevices(int flags) {
        return d().nodeDevices().listAll(flags).stream().map(r -> new NodeDevice(this, r)).toList();
    }

    public int nodeNumOfDevices(String cap, int flags) { return d().nodeDevices().numOfDevices(cap, flags); }

    public List<String> nodeListDevices(String cap, int maxnames, int flags) {
        return d().nodeDevices().listDevices(cap, maxnames, flags);
    }

    public NodeDevice nodeDeviceLookupByName(String name) {
        return new NodeDevice(this, d().nodeDevices().lookupByName(name));
    }

    public NodeDevice nodeDeviceLookupSCSIHostByWWN(String wwnn, String wwpn, int flags) {
        return new NodeDevice(this, d().nodeDevices().lookupSCSIHostByWWN(wwnn, wwpn, flags));
    }

    public NodeDevice nodeDeviceCreateXML(String xml, int flags) {
        checkWritable("virNodeDeviceCreateXML");
        return new NodeDevice(this, d().nodeDevices().createXML(xml, flags));
    }

    public NodeDevice nodeDeviceDefineXML(String xml, int flags) {
        checkWritable("virNodeDeviceDefineXML");
        return new NodeDevice(this, d().nodeDevices().defineXML(xml, flags));
    }

    // ---- network filters ----

    public List<NWFilter> listAllNWFilters(int flags) {
        return d().nwfilters().listAll(flags).stream().map(r -> new NWFilter(this, r)).toList();
    }

    public int numOfNWFilters() { return d().nwfilters().numOfNWFilters(); }

    public List<String> listNWFilters(int maxnames) { return d().nwfilters().listNWFilters(maxnames); }

    public NWFilter nwfilterLookupByName(String name) {
        return new NWFilter(this, d().nwfilters().lookupByName(name));
    }

    public NWFilter nwfilterLookupByUUID(UUID uuid) { return new NWFilter(this, d().nwfilters().lookupByUUID(uuid)); }

    public NWFilter nwfilterLookupByUUIDString(String uuid) { return nwfilterLookupByUUID(parseUuid(uuid)); }

    public NWFilter nwfilterDefineXML(String xml) {
        checkWritable("virNWFilterDefineXML");
        return as("virNWFilterDefineXML", () -> new NWFilter(this, d().nwfilters().defineXML(xml, 0)));
    }

    public NWFilter nwfilterDefineXMLFlags(String xml, int flags) {
        checkWritable("virNWFilterDefineXMLFlags");
        return new NWFilter(this, d().nwfilters().defineXML(xml, flags));
    }

    public List<NWFilterBinding> listAllNWFilterBindings(int flags) {
        return d().nwfilters().listAllBindings(flags).stream().map(r -> new NWFilterBinding(this, r)).toList();
    }

    public NWFilterBinding nwfilterBindingLookupByPortDev(String portdev) {
        return new NWFilterBinding(this, d().nwfilters().bindingLookupByPortDev(portdev));
    }

    public NWFilterBinding nwfilterBindingCreateXML(String xml, int flags) {
        checkWritable("virNWFilterBindingCreateXML");
        return new NWFilterBinding(this, d().nwfilters().bindingCreateXML(xml, flags));
    }

    // ---- streams ----

    /** {@code virStreamNew}: a stream not yet bound to any transfer. */
    public Stream newStream(int flags) {
        checkOpen();
        return new Stream(this, flags);
    }

    /**
     * The drivers on the class path, loaded once per process (the class-holder idiom): like libvirt's driver
     * registration, one provider instance per driver, so that state a driver shares between connections (the
     * test driver's default state, a QEMU driver's domain list) is shared. The list itself never changes.
     */
    /**
     * The process's secondary drivers (storage...), loaded once like the primary ones. A daemon initialises exactly
     * these instances ({@code SecondaryDriverProvider.stateInitialize}); in other processes they lend nothing.
     */
    public static List<SecondaryDriverProvider> secondaryDrivers() {
        return InstalledSecondaries.LIST;
    }

    private static final class InstalledSecondaries {
        static final List<SecondaryDriverProvider> LIST =
                ServiceLoader.load(SecondaryDriverProvider.class, Connect.class.getClassLoader()).stream()
                        .map(ServiceLoader.Provider::get).toList();
    }

    private static final class InstalledDrivers {
        static final List<DriverProvider> LIST =
                ServiceLoader.load(DriverProvider.class, Connect.class.getClassLoader()).stream()
                        .map(ServiceLoader.Provider::get).toList();
    }

    static UUID parseUuid(String text) {
        return Uuids.parse(text).orElseThrow(() -> VirException.invalidArg("uuidstr " + text));
    }

    @Override
    public String toString() {
        return "Connect[" + (uri == null ? "" : uri.text()) + (readOnly ? ", read-only" : "") + "]";
    }
}
