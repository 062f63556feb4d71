package org.jvirt.remote.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jvirt.api.Connect;
import org.jvirt.api.Domain;
import org.jvirt.api.DomainCheckpoint;
import org.jvirt.api.DomainSnapshot;
import org.jvirt.api.Interface;
import org.jvirt.api.NWFilter;
import org.jvirt.api.NWFilterBinding;
import org.jvirt.api.Network;
import org.jvirt.api.NetworkPort;
import org.jvirt.api.NodeDevice;
import org.jvirt.api.Handles;
import org.jvirt.api.Secret;
import org.jvirt.api.StoragePool;
import org.jvirt.api.StorageVol;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.remote.Wire;
import org.jvirt.rpc.protocol.remote.NonnullDomain;
import org.jvirt.rpc.protocol.remote.NonnullDomainCheckpoint;
import org.jvirt.rpc.protocol.remote.NonnullDomainSnapshot;
import org.jvirt.rpc.protocol.remote.NonnullInterface;
import org.jvirt.rpc.protocol.remote.NonnullNetwork;
import org.jvirt.rpc.protocol.remote.NonnullNetworkPort;
import org.jvirt.rpc.protocol.remote.NonnullNodeDevice;
import org.jvirt.rpc.protocol.remote.NonnullNwfilter;
import org.jvirt.rpc.protocol.remote.NonnullNwfilterBinding;
import org.jvirt.rpc.protocol.remote.NonnullSecret;
import org.jvirt.rpc.protocol.remote.NonnullStoragePool;
import org.jvirt.rpc.protocol.remote.NonnullStorageVol;
import org.jvirt.rpc.server.ClientSession;
import org.jvirt.spi.Refs.NodeDeviceRef;

/**
 * What the remote program keeps per client (libvirtd's {@code daemonClientPrivate}): the client's own Connect and
 * its event callbacks. The handle helpers turn wire handles into public API handles without a lookup, as
 * {@code get_nonnull_domain} does.
 */
public final class ClientContext {
    private final ClientSession session;
    private volatile Connect conn;
    /** "family:callback id" → deregistration, for every event callback the client holds. */
    private final Map<String, Runnable> callbacks = new ConcurrentHashMap<>();

    ClientContext(ClientSession session) {
        this.session = session;
    }

    public ClientSession session() { return session; }

    /** The client's connection for hypervisor calls; libvirtd's remoteGetHypervisorConn error before CONNECT_OPEN. */
    public Connect conn() {
        return opened("hypervisor connection not open");
    }

    /**
     * The same connection for the secondary drivers' calls (network, storage, secret, interface, node device,
     * nwfilter): libvirtd reports a different text for them before CONNECT_OPEN.
     */
    public Connect secondary() {
        return opened("connection not open");
    }

    private Connect opened(String error) {
        Connect c = conn;
        if (c == null) {
            throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.RPC, error);
        }
        return c;
    }

    boolean isOpen() { return conn != null; }

    synchronized void open(Connect c) {
        if (conn != null) {
            c.close();
            throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.RPC, "connection already open");
        }
        conn = c;
    }

    void addCallback(String family, int id, Runnable deregister) { callbacks.put(family + ":" + id, deregister); }

    /**
     * Deregisters one of this client's callbacks; an id it does not hold is libvirtd's "&lt;what&gt; event callback
     * %d not registered" (e.g. "domain", "storage pool").
     */
    void removeCallback(String family, int id, String what) {
        Runnable r = callbacks.remove(family + ":" + id);
        if (r == null) {
            throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.RPC,
                    what + " event callback " + id + " not registered");
        }
        r.run();
    }

    /** Releases the callbacks and the connection (CONNECT_CLOSE or the socket going away). */
    synchronized void release() {
        for (String key : callbacks.keySet()) {
            Runnable r = callbacks.remove(key);
            try {
                if (r != null) {
                    r.run();
                }
            } catch (VirException ignored) {
                // the driver already forgot the callback: nothing left to release
            }
        }
        Connect c = conn;
        conn = null;
        if (c != null) {
            c.close();
        }
    }

    public Domain dom(NonnullDomain d) { return Handles.domain(conn(), Wire.dom(d)); }

    public Network net(NonnullNetwork n) { return Handles.network(secondary(), Wire.net(n)); }

    public NetworkPort port(NonnullNetworkPort p) { return Handles.networkPort(secondary(), Wire.port(p)); }

    public StoragePool pool(NonnullStoragePool p) { return Handles.storagePool(secondary(), Wire.pool(p)); }

    public StorageVol vol(NonnullStorageVol v) { return Handles.storageVol(secondary(), Wire.vol(v)); }

    public Secret secret(NonnullSecret s) { return Handles.secret(secondary(), Wire.secret(s)); }

    public Interface iface(NonnullInterface i) { return Handles.iface(secondary(), Wire.iface(i)); }

    public NodeDevice dev(NonnullNodeDevice d) { return Handles.nodeDevice(secondary(), Wire.dev(d)); }

    public NodeDevice dev(String name) { return Handles.nodeDevice(secondary(), new NodeDeviceRef(name)); }

    public NWFilter filter(NonnullNwfilter f) { return Handles.nwfilter(secondary(), Wire.filter(f)); }

    public NWFilterBinding binding(NonnullNwfilterBinding b) {
        return Handles.nwfilterBinding(secondary(), Wire.binding(b));
    }

    public DomainSnapshot snap(NonnullDomainSnapshot s) { return Handles.snapshot(conn(), Wire.snap(s)); }

    public DomainCheckpoint checkpoint(NonnullDomainCheckpoint c) {
        return Handles.checkpoint(conn(), Wire.checkpoint(c));
    }
}
