package org.jvirt.remote.server;

import java.util.List;
import java.util.ServiceLoader;
import org.jvirt.api.Connect;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.remote.Wire;
import org.jvirt.rpc.protocol.Procedure;
import org.jvirt.rpc.protocol.remote.AuthListRet;
import org.jvirt.rpc.protocol.remote.ConnectGetCapabilitiesRet;
import org.jvirt.rpc.protocol.remote.ConnectGetHostnameRet;
import org.jvirt.rpc.protocol.remote.ConnectGetLibVersionRet;
import org.jvirt.rpc.protocol.remote.ConnectGetMaxVcpusRet;
import org.jvirt.rpc.protocol.remote.ConnectGetSysinfoRet;
import org.jvirt.rpc.protocol.remote.ConnectGetTypeRet;
import org.jvirt.rpc.protocol.remote.ConnectGetUriRet;
import org.jvirt.rpc.protocol.remote.ConnectGetVersionRet;
import org.jvirt.rpc.protocol.remote.ConnectIsSecureRet;
import org.jvirt.rpc.protocol.remote.ConnectSupportsFeatureRet;
import org.jvirt.rpc.protocol.remote.ConnectGetDomainCapabilitiesRet;
import org.jvirt.rpc.protocol.remote.ConnectGetCpuModelNamesRet;
import org.jvirt.rpc.protocol.remote.ConnectBaselineCpuRet;
import org.jvirt.rpc.protocol.remote.ConnectBaselineHypervisorCpuRet;
import org.jvirt.rpc.protocol.remote.ConnectCompareCpuRet;
import org.jvirt.rpc.protocol.remote.ConnectCompareHypervisorCpuRet;
import org.jvirt.rpc.protocol.remote.ConnectDomainXmlFromNativeRet;
import org.jvirt.rpc.protocol.remote.ConnectDomainXmlToNativeRet;
import org.jvirt.rpc.protocol.remote.ConnectFindStoragePoolSourcesRet;
import org.jvirt.rpc.protocol.remote.ConnectGetStoragePoolCapabilitiesRet;
import org.jvirt.rpc.protocol.remote.RemoteConstants;
import org.jvirt.rpc.protocol.remote.RemoteProcedures;
import org.jvirt.rpc.server.ClientSession;
import org.jvirt.rpc.server.ProgramHandler;
import org.jvirt.spi.DriverProvider;

/**
 * The REMOTE program as jvirtd serves it (libvirt's {@code remote_daemon_dispatch.c}): each procedure is bound to
 * the public API of the client's own {@link Connect}, so read-only and NO_SUPPORT checks happen there, once.
 */
public final class RemoteProgram implements ProgramHandler {
    /** VIR_DRV_FEATURE_* numbers (libvirt_internal.h) the daemon itself answers. */
    static final int FEATURE_REMOTE = 2;
    static final int FEATURE_FD_PASSING = 8;
    static final int FEATURE_TYPED_PARAM_STRING = 9;
    static final int FEATURE_PROGRAM_KEEPALIVE = 10;
    static final int FEATURE_REMOTE_EVENT_CALLBACK = 14;
    static final int FEATURE_REMOTE_CLOSE_CALLBACK = 15;

    /** REMOTE_AUTH_NONE: jvirtd authenticates at the socket (peer credentials, TLS) and asks nothing more. */
    static final int AUTH_NONE = 0;

    /** How the daemon opens a client's connection; a null or empty URI means the daemon's default. */
    @FunctionalInterface
    public interface OpenPolicy {
        Connect open(String uri, boolean readOnly);

        /**
         * libvirtd's policy: {@code uri} opened with {@code providers} (one instance each for the daemon's life, so
         * that e.g. test:///default is shared by all clients as in libvirtd); with no URI, the first of
         * {@code candidates} that opens. The remote driver is never among them: a daemon does not relay.
         */
        static OpenPolicy probing(List<String> candidates, List<DriverProvider> providers) {
            List<DriverProvider> local = providers.stream().filter(p -> !"remote".equals(p.name())).toList();
            return (uri, ro) -> {
                int flags = ro ? Connect.OPEN_READONLY : 0;
                if (uri != null && !uri.isEmpty()) {
                    return Connect.openAuth(uri, null, flags, local);
                }
                VirException last = null;
                for (String candidate : candidates) {
                    try {
                        return Connect.openAuth(candidate, null, flags, local);
                    } catch (VirException e) {
                        last = e;
                    }
                }
                throw last != null ? last : VirException.of(ErrorNumber.NO_CONNECT, ErrorDomain.NONE, "<null>");
            };
        }
    }

    private final OpenPolicy openPolicy;
    private final Bindings bindings = new Bindings(RemoteConstants.PROGRAM);

    /** The daemon's default: qemu:///system, else test:///default, for clients that name no URI. */
    public RemoteProgram() {
        this(OpenPolicy.probing(List.of("qemu:///system", "test:///default"),
                ServiceLoader.load(DriverProvider.class, RemoteProgram.class.getClassLoader()).stream()
                        .map(ServiceLoader.Provider::get).toList()));
    }

    public RemoteProgram(OpenPolicy openPolicy) {
        this.openPolicy = openPolicy;
        bindConnect(bindings);
        DomainBindings.install(bindings);
        ObjectBindings.install(bindings);
        EventBindings.install(bindings);
        StreamBindings.install(bindings);
        Unbound.install(bindings);
    }

    @Override
    public int program() { return RemoteConstants.PROGRAM; }

    @Override
    public int version() { return RemoteConstants.PROTOCOL_VERSION; }

    /** The binding table, for completeness tests. */
    public Bindings bindings() { return bindings; }

    @Override
    public Object handle(ClientSession client, Procedure<?, ?> procedure, Object args) {
        return bindings.find(procedure).apply(context(client), args);
    }

    /** The client's state, shared by the programs of one connection (REMOTE opens it, QEMU uses it). */
    static ClientContext context(ClientSession session) {
        synchronized (session) {
            ClientContext c = session.attachment(ClientContext.class);
            if (c == null) {
                c = new ClientContext(session);
                session.attach(ClientContext.class, c);
            }
            return c;
        }
    }

    @Override
    public void clientClosed(ClientSession client) {
        ClientContext c = client.attachment(ClientContext.class);
        if (c != null) {
            c.release();
        }
    }

    private void bindConnect(Bindings b) {
        b.run(RemoteProcedures.CONNECT_OPEN, (c, a) -> {
            if (c.isOpen()) {
                throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.RPC,
                        "connection already open");
            }
            boolean ro = c.session().readOnly() || (a.flags() & Connect.OPEN_READONLY) != 0;
            c.open(openPolicy.open(a.name(), ro));
        });
        b.run(RemoteProcedures.CONNECT_CLOSE, (c, a) -> c.release());
        b.bind(RemoteProcedures.CONNECT_GET_TYPE, (c, a) -> new ConnectGetTypeRet(c.conn().getType()));
        b.bind(RemoteProcedures.CONNECT_GET_VERSION, (c, a) -> new ConnectGetVersionRet(c.conn().getVersion()));
        b.bind(RemoteProcedures.CONNECT_GET_LIB_VERSION,
                (c, a) -> new ConnectGetLibVersionRet(c.conn().getLibVersion()));
        b.bind(RemoteProcedures.CONNECT_GET_HOSTNAME, (c, a) -> new ConnectGetHostnameRet(c.conn().getHostname()));
        b.bind(RemoteProcedures.CONNECT_GET_URI, (c, a) -> new ConnectGetUriRet(c.conn().getURI()));
        b.bind(RemoteProcedures.CONNECT_GET_SYSINFO,
                (c, a) -> new ConnectGetSysinfoRet(c.conn().getSysinfo(a.flags())));
        b.bind(RemoteProcedures.CONNECT_GET_MAX_VCPUS,
                (c, a) -> new ConnectGetMaxVcpusRet(c.conn().getMaxVcpus(a.type())));
        b.bind(RemoteProcedures.CONNECT_GET_CAPABILITIES,
                (c, a) -> new ConnectGetCapabilitiesRet(c.conn().getCapabilities()));
        b.bind(RemoteProcedures.CONNECT_GET_DOMAIN_CAPABILITIES, (c, a) -> new ConnectGetDomainCapabilitiesRet(
                c.conn().getDomainCapabilities(a.emulatorbin(), a.arch(), a.machine(), a.virttype(), a.flags())));
        b.bind(RemoteProcedures.CONNECT_GET_STORAGE_POOL_CAPABILITIES, (c, a) ->
                new ConnectGetStoragePoolCapabilitiesRet(c.conn().getStoragePoolCapabilities(a.flags())));
        b.bind(RemoteProcedures.CONNECT_IS_SECURE, (c, a) -> new ConnectIsSecureRet(c.conn().isSecure() ? 1 : 0));
        b.bind(RemoteProcedures.CONNECT_SUPPORTS_FEATURE,
                (c, a) -> new ConnectSupportsFeatureRet(supportsFeature(c, a.feature()) ? 1 : 0));
        b.bind(RemoteProcedures.AUTH_LIST, (c, a) -> new AuthListRet(List.of(AUTH_NONE)));
        b.bind(RemoteProcedures.CONNECT_GET_CPU_MODEL_NAMES, (c, a) -> {
            List<String> names = c.conn().getCPUModelNames(a.arch(), a.flags());
            return new ConnectGetCpuModelNamesRet(Wire.limit(names, a.needResults()), names.size());
        });
        b.bind(RemoteProcedures.CONNECT_BASELINE_CPU,
                (c, a) -> new ConnectBaselineCpuRet(c.conn().baselineCPU(a.xmlCPUs(), a.flags())));
        b.bind(RemoteProcedures.CONNECT_BASELINE_HYPERVISOR_CPU, (c, a) -> new ConnectBaselineHypervisorCpuRet(
                c.conn().baselineHypervisorCPU(a.emulator(), a.arch(), a.machine(), a.virttype(), a.xmlCPUs(),
                        a.flags())));
        b.bind(RemoteProcedures.CONNECT_COMPARE_CPU,
                (c, a) -> new ConnectCompareCpuRet(c.conn().compareCPU(a.xml(), a.flags())));
        b.bind(RemoteProcedures.CONNECT_COMPARE_HYPERVISOR_CPU, (c, a) -> new ConnectCompareHypervisorCpuRet(
                c.conn().compareHypervisorCPU(a.emulator(), a.arch(), a.machine(), a.virttype(), a.xmlCPU(),
                        a.flags())));
        b.bind(RemoteProcedures.CONNECT_DOMAIN_XML_FROM_NATIVE, (c, a) -> new ConnectDomainXmlFromNativeRet(
                c.conn().domainXMLFromNative(a.nativeFormat(), a.nativeConfig(), a.flags())));
        b.bind(RemoteProcedures.CONNECT_DOMAIN_XML_TO_NATIVE, (c, a) -> new ConnectDomainXmlToNativeRet(
                c.conn().domainXMLToNative(a.nativeFormat(), a.domainXml(), a.flags())));
        b.bind(RemoteProcedures.CONNECT_FIND_STORAGE_POOL_SOURCES, (c, a) -> new ConnectFindStoragePoolSourcesRet(
                c.conn().findStoragePoolSources(a.type(), a.srcSpec(), a.flags())));
        // Close callbacks: the daemon sends CONNECT_EVENT_CONNECTION_CLOSED only when its driver connection
        // dies; registering just records the wish, as remoteDispatchConnectRegisterCloseCallback does.
        b.run(RemoteProcedures.CONNECT_REGISTER_CLOSE_CALLBACK, (c, a) -> c.conn());
        b.run(RemoteProcedures.CONNECT_UNREGISTER_CLOSE_CALLBACK, (c, a) -> c.conn());
    }

    /**
     * {@code remoteDispatchConnectSupportsFeature}: the features of the RPC layer are the daemon's to answer;
     * everything else is the driver's.
     */
    private static boolean supportsFeature(ClientContext c, int feature) {
        return switch (feature) {
            case FEATURE_REMOTE_EVENT_CALLBACK, FEATURE_REMOTE_CLOSE_CALLBACK, FEATURE_PROGRAM_KEEPALIVE,
                 FEATURE_TYPED_PARAM_STRING -> {
                c.conn();
                yield true;
            }
            // Descriptors travel only over unix sockets (SCM_RIGHTS).
            case FEATURE_FD_PASSING -> {
                c.conn();
                yield "unix".equals(c.session().transport());
            }
            default -> c.conn().supportsFeature(feature);
        };
    }
}
