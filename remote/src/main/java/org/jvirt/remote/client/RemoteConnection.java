package org.jvirt.remote.client;

import static org.jvirt.rpc.protocol.remote.RemoteProcedures.*;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jvirt.api.Records;
import org.jvirt.api.event.DomainEvent;
import org.jvirt.api.event.ObjectEvent;
import org.jvirt.core.param.TypedParams;
import org.jvirt.remote.Events;
import org.jvirt.remote.Wire;
import org.jvirt.rpc.client.RpcCaller;
import org.jvirt.rpc.protocol.Procedure;
import org.jvirt.rpc.protocol.remote.*;
import org.jvirt.rpc.stream.StreamEndpoint;
import org.jvirt.spi.ConnectOps;
import org.jvirt.spi.ConnectUri;
import org.jvirt.spi.DomainBlockJobs;
import org.jvirt.spi.DomainCheckpoints;
import org.jvirt.spi.DomainConsoles;
import org.jvirt.spi.DomainDevices;
import org.jvirt.spi.DomainGuest;
import org.jvirt.spi.DomainLifecycle;
import org.jvirt.spi.DomainRegistry;
import org.jvirt.spi.DomainSaveRestore;
import org.jvirt.spi.DomainSnapshots;
import org.jvirt.spi.DomainStats;
import org.jvirt.spi.DomainTuning;
import org.jvirt.spi.EventOps;
import org.jvirt.spi.HypervisorConnection;
import org.jvirt.spi.InterfaceOps;
import org.jvirt.spi.NWFilterOps;
import org.jvirt.spi.NetworkOps;
import org.jvirt.spi.NodeDeviceOps;
import org.jvirt.spi.NodeOps;
import org.jvirt.spi.Refs.DomainRef;
import org.jvirt.spi.SecretOps;
import org.jvirt.spi.StoragePoolOps;
import org.jvirt.spi.StorageVolOps;
import org.jvirt.spi.StreamChannel;

/**
 * One connection of the remote driver: every SPI facet method is one RPC call on {@link RpcCaller}. Errors the
 * server sends come back as the VirException it raised (code, domain and message kept by the runtime).
 */
public final class RemoteConnection implements HypervisorConnection {
    private static final System.Logger LOG = System.getLogger("org.jvirt.remote.client");
    /** VIR_DRV_FEATURE_REMOTE: answered by the client itself, as remote_driver.c does. */
    static final int FEATURE_REMOTE = 2;
    /** VIR_DRV_FEATURE_PROGRAM_KEEPALIVE: the server answers keepalive pings. */
    static final int PROGRAM_KEEPALIVE = 10;

    private final RpcCaller rpc;
    private final ConnectUri uri;
    private final Map<Integer, Consumer<DomainEvent>> domainSinks = new ConcurrentHashMap<>();
    private final Map<String, Consumer<ObjectEvent>> objectSinks = new ConcurrentHashMap<>();

    private final ConnectOps connect = new Connect();
    private final NodeOps node = new Node();
    private final EventOps events = new Callbacks();
    private final DomainConsoles consoles = new Consoles();
    private final RemoteDomains domains;
    private final RemoteDomainData domainData;
    private final RemoteObjects objects;

    private RemoteConnection(RpcCaller rpc, ConnectUri uri) {
        this.rpc = rpc;
        this.uri = uri;
        this.domains = new RemoteDomains(this);
        this.domainData = new RemoteDomainData(this);
        this.objects = new RemoteObjects(this);
    }

    /** Sends CONNECT_OPEN for {@code name} on a fresh transport and routes the server's events. */
    static RemoteConnection open(RpcCaller rpc, ConnectUri uri, String name, boolean readOnly) {
        RemoteConnection c = new RemoteConnection(rpc, uri);
        Events.routeDomain(rpc, (id, e) -> {
            Consumer<DomainEvent> sink = c.domainSinks.get(id);
            if (sink != null) {
                sink.accept(e);
            }
        });
        Events.routeObjects(rpc, (id, e) -> {
            Consumer<ObjectEvent> sink = c.objectSinks.get(family(e) + ":" + id);
            if (sink != null) {
                sink.accept(e);
            }
        });
        rpc.call(CONNECT_OPEN, new ConnectOpenArgs(name.isEmpty() ? null : name,
                readOnly ? org.jvirt.api.Connect.OPEN_READONLY : 0));
        return c;
    }

    private static EventOps.Family family(ObjectEvent e) {
        return switch (e) {
            case ObjectEvent.NetworkLifecycle x -> EventOps.Family.NETWORK;
            case ObjectEvent.NetworkMetadataChange x -> EventOps.Family.NETWORK;
            case ObjectEvent.StoragePoolLifecycle x -> EventOps.Family.STORAGE_POOL;
            case ObjectEvent.StoragePoolRefresh x -> EventOps.Family.STORAGE_POOL;
            case ObjectEvent.NodeDeviceLifecycle x -> EventOps.Family.NODE_DEVICE;
            case ObjectEvent.NodeDeviceUpdate x -> EventOps.Family.NODE_DEVICE;
            case ObjectEvent.SecretLifecycle x -> EventOps.Family.SECRET;
            case ObjectEvent.SecretValueChanged x -> EventOps.Family.SECRET;
        };
    }

    <A, R> R call(Procedure<A, R> p, A args) {
        return rpc.call(p, args);
    }

    /** The driver's end of an RPC stream opened by {@code p}. */
    <A, R> StreamChannel stream(Procedure<A, R> p, A args) {
        return channel(rpc.callStream(p, args).stream());
    }

    <A, R> RpcCaller.StreamCall<R> streamCall(Procedure<A, R> p, A args) {
        return rpc.callStream(p, args);
    }

    static StreamChannel channel(StreamEndpoint e) {
        return new StreamChannel() {
            @Override
            public void send(byte[] data, int offset, int length) { e.write(data, offset, length); }

            @Override
            public int recv(byte[] buf, int offset, int length) { return e.read(buf, offset, length); }

            @Override
            public void finish() { e.finish(); }

            @Override
            public void abort() { e.abort(); }
        };
    }

    /**
     * doRemoteClose: CONNECT_CLOSE, then the transport goes whatever the server answered; a server that is already
     * gone must not make closing fail (the daemon releases the client's state when the socket drops).
     */
    @Override
    public void close() {
        try {
            if (rpc.isOpen()) {
                rpc.call(CONNECT_CLOSE, null);
            }
        } catch (org.jvirt.core.VirException e) {
            LOG.log(System.Logger.Level.DEBUG, "CONNECT_CLOSE failed: {0}", e.getMessage());
        } finally {
            rpc.close();
        }
    }

    @Override public ConnectOps connect() { return connect; }

    @Override public NodeOps node() { return node; }

    @Override public EventOps events() { return events; }

    @Override public DomainConsoles consoles() { return consoles; }

    @Override public DomainRegistry domains() { return domains.registry; }

    @Override public DomainLifecycle lifecycle() { return domains.lifecycle; }

    @Override public DomainSaveRestore saveRestore() { return domains.saveRestore; }

    @Override public DomainDevices devices() { return domains.devices; }

    @Override public DomainTuning tuning() { return domains.tuning; }

    @Override public DomainGuest guest() { return domains.guest; }

    @Override public DomainStats stats() { return domainData.stats; }

    @Override public DomainBlockJobs blockJobs() { return domainData.blockJobs; }

    @Override public DomainSnapshots snapshots() { return domainData.snapshots; }

    @Override public DomainCheckpoints checkpoints() { return domainData.checkpoints; }

    @Override public NetworkOps networks() { return objects.networks; }

    @Override public StoragePoolOps storagePools() { return objects.pools; }

    @Override public StorageVolOps storageVols() { return objects.vols; }

    @Override public SecretOps secrets() { return objects.secrets; }

    @Override public InterfaceOps interfaces() { return objects.interfaces; }

    @Override public NodeDeviceOps nodeDevices() { return objects.nodeDevices; }

    @Override public NWFilterOps nwfilters() { return objects.nwfilters; }

    private final class Connect implements ConnectOps {
        @Override public String getType() { return call(CONNECT_GET_TYPE, null).type(); }

        @Override public long getVersion() { return call(CONNECT_GET_VERSION, null).hvVer(); }

        @Override public String getHostname() { return call(CONNECT_GET_HOSTNAME, null).hostname(); }

        /** libvirt answers virConnectGetURI from the client's own URI, never asking the server. */
        @Override public String getURI() { return uri.text(); }

        @Override public int getMaxVcpus(String type) {
            return call(CONNECT_GET_MAX_VCPUS, new ConnectGetMaxVcpusArgs(type)).maxVcpus();
        }

        @Override public String getCapabilities() { return call(CONNECT_GET_CAPABILITIES, null).capabilities(); }

        @Override public String getDomainCapabilities(String emulator, String arch, String machine, String virttype,
                                                      int flags) {
            return call(CONNECT_GET_DOMAIN_CAPABILITIES, new ConnectGetDomainCapabilitiesArgs(emulator, arch,
                    machine, virttype, flags)).capabilities();
        }

        @Override public String getSysinfo(int flags) {
            return call(CONNECT_GET_SYSINFO, new ConnectGetSysinfoArgs(flags)).sysinfo();
        }

        @Override public boolean supportsFeature(int feature) {
            return feature == FEATURE_REMOTE
                    || call(CONNECT_SUPPORTS_FEATURE, new ConnectSupportsFeatureArgs(feature)).supported() != 0;
        }

        /** Encrypted when the transport is: TLS or an SSH tunnel. */
        @Override public boolean isEncrypted() {
            String t = uri.transport();
            return "tls".equals(t) || t != null && t.contains("ssh") || t == null && uri.host() != null;
        }

        /** Secure when both the transport (anything but plain TCP) and the server's driver are. */
        @Override public boolean isSecure() {
            return !"tcp".equals(uri.transport()) && call(CONNECT_IS_SECURE, null).secure() != 0;
        }

        @Override public boolean isAlive() { return rpc.isOpen(); }

        @Override public List<String> getCPUModelNames(String arch, int flags) {
            return call(CONNECT_GET_CPU_MODEL_NAMES, new ConnectGetCpuModelNamesArgs(arch, 1, flags)).models();
        }

        @Override public String baselineCPU(List<String> xmlCPUs, int flags) {
            return call(CONNECT_BASELINE_CPU, new ConnectBaselineCpuArgs(xmlCPUs, flags)).cpu();
        }

        @Override public String baselineHypervisorCPU(String emulator, String arch, String machine, String virttype,
                                                      List<String> xmlCPUs, int flags) {
            return call(CONNECT_BASELINE_HYPERVISOR_CPU, new ConnectBaselineHypervisorCpuArgs(emulator, arch,
                    machine, virttype, xmlCPUs, flags)).cpu();
        }

        @Override public int compareCPU(String xmlDesc, int flags) {
            return call(CONNECT_COMPARE_CPU, new ConnectCompareCpuArgs(xmlDesc, flags)).result();
        }

        @Override public int compareHypervisorCPU(String emulator, String arch, String machine, String virttype,
                                                  String xmlCPU, int flags) {
            return call(CONNECT_COMPARE_HYPERVISOR_CPU, new ConnectCompareHypervisorCpuArgs(emulator, arch, machine,
                    virttype, xmlCPU, flags)).result();
        }

        /**
         * remoteConnectSetKeepAlive: the client pings; the server answers PROGRAM_KEEPALIVE (checked as libvirt
         * does before starting). A transport without keepalive (a test loopback) accepts and ignores the request.
         */
        @Override public void setKeepAlive(int interval, int count) {
            if (rpc instanceof org.jvirt.rpc.client.RpcClient client && supportsFeature(PROGRAM_KEEPALIVE)) {
                client.startKeepAlive(interval, count);
            }
        }

        @Override public String domainXMLFromNative(String format, String config, int flags) {
            return call(CONNECT_DOMAIN_XML_FROM_NATIVE, new ConnectDomainXmlFromNativeArgs(format, config, flags))
                    .domainXml();
        }

        @Override public String domainXMLToNative(String format, String xml, int flags) {
            return call(CONNECT_DOMAIN_XML_TO_NATIVE, new ConnectDomainXmlToNativeArgs(format, xml, flags))
                    .nativeConfig();
        }

        @Override public String findStoragePoolSources(String type, String srcSpec, int flags) {
            return call(CONNECT_FIND_STORAGE_POOL_SOURCES, new ConnectFindStoragePoolSourcesArgs(type, srcSpec,
                    flags)).xml();
        }

        @Override public String getStoragePoolCapabilities(int flags) {
            return call(CONNECT_GET_STORAGE_POOL_CAPABILITIES, new ConnectGetStoragePoolCapabilitiesArgs(flags))
                    .capabilities();
        }
    }

    private final class Node implements NodeOps {
        @Override public Records.NodeInfo getInfo() {
            NodeGetInfoRet r = call(NODE_GET_INFO, null);
            return new Records.NodeInfo(Wire.chars(r.model()), r.memory(), r.cpus(), r.mhz(), r.nodes(),
                    r.sockets(), r.cores(), r.threads());
        }

        /** The two-call idiom: ask for the count, then for that many. */
        @Override public List<Records.NodeStat> getCPUStats(int cpuNum, int flags) {
            int n = call(NODE_GET_CPU_STATS, new NodeGetCpuStatsArgs(cpuNum, 0, flags)).nparams();
            return call(NODE_GET_CPU_STATS, new NodeGetCpuStatsArgs(cpuNum, n, flags)).params().stream()
                    .map(s -> new Records.NodeStat(s.field(), s.value())).toList();
        }

        @Override public List<Records.NodeStat> getMemoryStats(int cellNum, int flags) {
            int n = call(NODE_GET_MEMORY_STATS, new NodeGetMemoryStatsArgs(0, cellNum, flags)).nparams();
            return call(NODE_GET_MEMORY_STATS, new NodeGetMemoryStatsArgs(n, cellNum, flags)).params().stream()
                    .map(s -> new Records.NodeStat(s.field(), s.value())).toList();
        }

        @Override public long[] getCellsFreeMemory(int startCell, int maxCells) {
            return call(NODE_GET_CELLS_FREE_MEMORY, new NodeGetCellsFreeMemoryArgs(startCell, maxCells)).cells()
                    .stream().mapToLong(Long::longValue).toArray();
        }

        @Override public long getFreeMemory() { return call(NODE_GET_FREE_MEMORY, null).freeMem(); }

        @Override public long[] getFreePages(int[] pages, int startCell, int cellCount, int flags) {
            return call(NODE_GET_FREE_PAGES, new NodeGetFreePagesArgs(java.util.Arrays.stream(pages).boxed().toList(),
                    startCell, cellCount, flags)).counts().stream().mapToLong(Long::longValue).toArray();
        }

        @Override public int allocPages(int[] pageSizes, long[] pageCounts, int startCell, int cellCount, int flags) {
            return call(NODE_ALLOC_PAGES, new NodeAllocPagesArgs(java.util.Arrays.stream(pageSizes).boxed().toList(),
                    java.util.Arrays.stream(pageCounts).boxed().toList(), startCell, cellCount, flags)).ret();
        }

        @Override public boolean[] getCPUMap(int flags) {
            NodeGetCpuMapRet r = call(NODE_GET_CPU_MAP, new NodeGetCpuMapArgs(1, 1, flags));
            return Wire.cpumap(r.cpumap(), r.ret());
        }

        @Override public Records.SecurityModel getSecurityModel() {
            NodeGetSecurityModelRet r = call(NODE_GET_SECURITY_MODEL, null);
            return new Records.SecurityModel(Wire.chars(r.model()), Wire.chars(r.doi()));
        }

        @Override public TypedParams getMemoryParameters(int flags) {
            int n = call(NODE_GET_MEMORY_PARAMETERS, new NodeGetMemoryParametersArgs(0, flags)).nparams();
            return Wire.params(call(NODE_GET_MEMORY_PARAMETERS, new NodeGetMemoryParametersArgs(n, flags)).params());
        }

        @Override public void setMemoryParameters(TypedParams params, int flags) {
            call(NODE_SET_MEMORY_PARAMETERS, new NodeSetMemoryParametersArgs(Wire.params(params), flags));
        }

        @Override public void suspendForDuration(int target, long duration, int flags) {
            call(NODE_SUSPEND_FOR_DURATION, new NodeSuspendForDurationArgs(target, duration, flags));
        }

        @Override public TypedParams getSEVInfo(int flags) {
            return Wire.params(call(NODE_GET_SEV_INFO, new NodeGetSevInfoArgs(0, flags)).params());
        }
    }

    private final class Callbacks implements EventOps {
        @Override public int registerDomainEvent(DomainRef dom, int eventId, Consumer<DomainEvent> sink) {
            int id = call(CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY, new ConnectDomainEventCallbackRegisterAnyArgs(
                    eventId, dom == null ? null : Wire.dom(dom))).callbackID();
            domainSinks.put(id, sink);
            return id;
        }

        @Override public void deregisterDomainEvent(int callbackId) {
            call(CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY,
                    new ConnectDomainEventCallbackDeregisterAnyArgs(callbackId));
            domainSinks.remove(callbackId);
        }

        /** The object is named by name (UUID for secrets); the server wants the full handle, so it is looked up. */
        @Override public int registerObjectEvent(Family family, String objectKey, int eventId,
                                                 Consumer<ObjectEvent> sink) {
            int id = switch (family) {
                case NETWORK -> call(CONNECT_NETWORK_EVENT_REGISTER_ANY, new ConnectNetworkEventRegisterAnyArgs(
                        eventId, objectKey == null ? null : Wire.net(objects.networks.lookupByName(objectKey))))
                        .callbackID();
                case STORAGE_POOL -> call(CONNECT_STORAGE_POOL_EVENT_REGISTER_ANY,
                        new ConnectStoragePoolEventRegisterAnyArgs(eventId, objectKey == null ? null
                                : Wire.pool(objects.pools.lookupByName(objectKey)))).callbackID();
                case NODE_DEVICE -> call(CONNECT_NODE_DEVICE_EVENT_REGISTER_ANY,
                        new ConnectNodeDeviceEventRegisterAnyArgs(eventId, objectKey == null ? null
                                : new NonnullNodeDevice(objectKey))).callbackID();
                case SECRET -> call(CONNECT_SECRET_EVENT_REGISTER_ANY, new ConnectSecretEventRegisterAnyArgs(eventId,
                        objectKey == null ? null : Wire.secret(objects.secrets.lookupByUUID(
                                java.util.UUID.fromString(objectKey))))).callbackID();
            };
            objectSinks.put(family + ":" + id, sink);
            return id;
        }

        @Override public void deregisterObjectEvent(Family family, int callbackId) {
            switch (family) {
                case NETWORK -> call(CONNECT_NETWORK_EVENT_DEREGISTER_ANY,
                        new ConnectNetworkEventDeregisterAnyArgs(callbackId));
                case STORAGE_POOL -> call(CONNECT_STORAGE_POOL_EVENT_DEREGISTER_ANY,
                        new ConnectStoragePoolEventDeregisterAnyArgs(callbackId));
                case NODE_DEVICE -> call(CONNECT_NODE_DEVICE_EVENT_DEREGISTER_ANY,
                        new ConnectNodeDeviceEventDeregisterAnyArgs(callbackId));
                case SECRET -> call(CONNECT_SECRET_EVENT_DEREGISTER_ANY,
                        new ConnectSecretEventDeregisterAnyArgs(callbackId));
            }
            objectSinks.remove(family + ":" + callbackId);
        }
    }

    private final class Consoles implements DomainConsoles {
        @Override public StreamChannel openConsole(DomainRef dom, String devName, int flags) {
            return stream(DOMAIN_OPEN_CONSOLE, new DomainOpenConsoleArgs(Wire.dom(dom), devName, flags));
        }

        @Override public StreamChannel openChannel(DomainRef dom, String name, int flags) {
            return stream(DOMAIN_OPEN_CHANNEL, new DomainOpenChannelArgs(Wire.dom(dom), name, flags));
        }

        @Override public Screenshot screenshot(DomainRef dom, int screen, int flags) {
            var r = streamCall(DOMAIN_SCREENSHOT, new DomainScreenshotArgs(Wire.dom(dom), screen, flags));
            return new Screenshot(r.reply().mime(), channel(r.stream()));
        }
    }
}
