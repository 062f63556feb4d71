package org.jvirt.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jvirt.api.event.ObjectEvent;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.util.MacAddress;
import org.jvirt.host.AtomicFile;
import org.jvirt.host.DefinitionFiles;
import org.jvirt.host.ManagedProcess;
import org.jvirt.host.ProcessId;
import org.jvirt.model.network.NetworkDef;
import org.jvirt.model.network.NetworkDefFormatter;
import org.jvirt.model.network.NetworkDefParser;
import org.jvirt.model.network.NetworkUpdate;
import org.jvirt.spi.Refs.NetworkRef;
import org.jvirt.spi.support.DriverEventBus;

/**
 * The network driver's state (libvirt's virNetworkDriverState): networks by name, their config and status files,
 * the one lock every operation takes, and the start/stop steps shared by the API and autostart. The API functions
 * are {@link Networks}; what happens on the host is {@link HostNetwork}'s.
 */
final class NetworkDriver {
    private static final System.Logger LOG = System.getLogger("org.jvirt.network");

    /** virNetworkEventLifecycleType. */
    static final int EVENT_DEFINED = 0;
    static final int EVENT_UNDEFINED = 1;
    static final int EVENT_STARTED = 2;
    static final int EVENT_STOPPED = 3;

    final NetworkConfig config;
    final HostNetwork host;
    final Networks networks;
    final Map<String, NetObj> objects = new LinkedHashMap<>();
    final DriverEventBus events = new DriverEventBus("network");
    private final ReentrantLock lock = new ReentrantLock();
    private final SecureRandom random = new SecureRandom();

    NetworkDriver(NetworkConfig config) {
        this.config = config;
        this.host = new HostNetwork(config);
        this.networks = new Networks(this);
    }

    <T> T locked(Supplier<T> body) {
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    void lockedRun(Runnable body) {
        locked(() -> {
            body.run();
            return null;
        });
    }

    void emit(NetObj n, int event) {
        events.emit(new ObjectEvent.NetworkLifecycle(n.ref(), event, 0));
    }

    void close() {
        events.close();
    }

    /** The network driver's parser: {@code <dnsmasq:options>} is accepted (libvirt's network xmlopt). */
    static NetworkDef parse(String xml) {
        return new NetworkDefParser(true).parse(xml);
    }

    static String format(NetworkDef def, int flags) {
        return NetworkDefFormatter.format(def, flags);
    }

    // ---- define-time completion: networkValidate / networkBridgeNameValidate / virNetworkSetBridgeMacAddr ----

    /**
     * Gives a virtual network a bridge name ({@code virbr%d}, or the template it has, the lowest number that no
     * other network claims and no host device has) and a MAC; a name given outright must be free of other networks.
     */
    NetworkDef complete(NetworkDef def) {
        if (!HostNetwork.isVirtual(def)) {
            return def;
        }
        String br = def.bridge();
        String name = def.name();
        Predicate<String> takenByOther = b -> objects.values().stream().anyMatch(o -> !o.name().equals(name)
                && (b.equals(o.def.bridge()) || o.newDef != null && b.equals(o.newDef.bridge())));
        if (br == null || br.contains("%d")) {
            String template = br == null ? "virbr%d" : br;
            String found = null;
            for (int i = 0; i < 256 && found == null; i++) {
                String candidate = template.replace("%d", Integer.toString(i));
                if (!takenByOther.test(candidate) && !host.netdev().exists(candidate)) {
                    found = candidate;
                }
            }
            if (found == null) {
                throw NetworkErrors.internal("Bridge generation exceeded max id 256");
            }
            def = def.withBridge(found);
        } else if (takenByOther.test(br)) {
            throw NetworkErrors.internal("bridge name '" + br + "' already in use.");
        }
        if (def.mac() == null) {
            def = def.withMac(MacAddress.generate(MacAddress.QEMU_PREFIX, random));
        }
        return def;
    }

    // ---- files ----

    Path configFile(String name) {
        return config.configDir().resolve(name + ".xml");
    }

    Path autostartLink(String name) {
        return config.autostartDir().resolve(name + ".xml");
    }

    Path statusFile(String name) {
        return config.stateDir().resolve(name + ".xml");
    }

    void saveConfig(NetworkDef def) {
        mkdirs(config.configDir());
        AtomicFile.write(configFile(def.name()), format(def, NetworkDefFormatter.INACTIVE));
    }

    private void saveStatus(NetObj n) {
        mkdirs(config.stateDir());
        AtomicFile.write(statusFile(n.name()), format(n.def, 0));
    }

    static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw NetworkErrors.system("cannot create directory '" + dir + "': " + e.getMessage());
        }
    }

    static void delete(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot remove " + f + ": " + e);
        }
    }

    // ---- start and stop ----

    /** networkStartNetwork: host setup, then the status file that lets a restarted daemon find it again. */
    void start(NetObj n) {
        if (n.active) {
            throw NetworkErrors.operationInvalid("network is already active");
        }
        n.dnsmasq = host.start(n.def);
        n.active = true;
        try {
            saveStatus(n);
        } catch (VirException e) {
            stop(n);
            throw e;
        }
    }

    /**
     * networkUpdate's host side for a running network whose live definition changed in {@code section}: what dnsmasq
     * reads on its command line or in its .conf (bridge, domain, ip, dhcp ranges, dns txt/srv, or DHCP switched on or
     * off) needs dnsmasq restarted; new DHCP or DNS host entries only its hosts files rewritten and a SIGHUP, as
     * libvirt does. The status file follows.
     */
    void updated(NetObj n, NetworkDef before, int section) {
        boolean restart = switch (section) {
            case NetworkUpdate.SECTION_BRIDGE, NetworkUpdate.SECTION_DOMAIN, NetworkUpdate.SECTION_IP,
                 NetworkUpdate.SECTION_IP_DHCP_RANGE, NetworkUpdate.SECTION_DNS_TXT,
                 NetworkUpdate.SECTION_DNS_SRV -> true;
            case NetworkUpdate.SECTION_IP_DHCP_HOST -> HostNetwork.dhcpActive(before) != HostNetwork.dhcpActive(n.def);
            default -> false;
        };
        boolean refresh = section == NetworkUpdate.SECTION_IP_DHCP_HOST || section == NetworkUpdate.SECTION_DNS_HOST;
        if (restart) {
            n.dnsmasq = host.restartDnsmasq(n.def, n.dnsmasq);
        } else if (refresh) {
            host.refreshDnsmasq(n.def, n.dnsmasq);
        }
        saveStatus(n);
    }

    /** networkShutdownNetwork; a transient network is gone afterwards, a redefined one takes its new definition. */
    void stop(NetObj n) {
        host.stop(n.def, n.dnsmasq);
        n.dnsmasq = null;
        n.active = false;
        delete(statusFile(n.name()));
        if (n.newDef != null) {
            n.def = n.newDef;
            n.newDef = null;
        }
        if (!n.persistent) {
            objects.remove(n.name());
        }
    }

    // ---- start-up: networkStateInitialize ----

    /** Loads definitions, takes back networks a previous daemon left running, then autostarts. */
    void initialize() {
        lockedRun(() -> {
            for (Path f : DefinitionFiles.xmlFiles(config.configDir())) {
                load(f, true);
            }
            for (Path f : DefinitionFiles.xmlFiles(config.stateDir())) {
                load(f, false);
            }
            for (NetObj n : new ArrayList<>(objects.values())) {
                n.autostart = n.persistent && Files.exists(autostartLink(n.name()));
                if (n.autostart && !n.active) {
                    try {
                        start(n);
                        emit(n, EVENT_STARTED);
                    } catch (VirException e) {
                        LOG.log(System.Logger.Level.ERROR, "Failed to autostart network '" + n.name() + "': "
                                + e.getMessage());
                    }
                }
            }
        });
    }

    private void load(Path file, boolean persistent) {
        NetworkDef def = DefinitionFiles.load(file, NetworkDriver::parse, NetworkDef::name, "network file",
                (f, name) -> "Network config filename '" + f + "' does not match network name '" + name + "'");
        if (def == null) {
            return;
        }
        if (persistent) {
            NetObj n = new NetObj(def);
            n.persistent = true;
            objects.put(def.name(), n);
            return;
        }
        // a status file: the network was active when the previous daemon stopped; its bridge says if it still is
        NetObj n = objects.get(def.name());
        if (n == null) {
            n = new NetObj(def);
            objects.put(def.name(), n);
        } else {
            n.newDef = n.def;
            n.def = def;
        }
        boolean alive = !HostNetwork.isVirtual(def) || def.bridge() != null && host.netdev().exists(def.bridge());
        if (alive) {
            n.active = true;
            n.dnsmasq = ManagedProcess.readPidFile(host.pidFile(def.name())).stream()
                    .mapToObj(pid -> ProcessId.of(pid).flatMap(id -> ManagedProcess.adopt(id,
                            host.pidFile(def.name()))).orElse(null))
                    .filter(Objects::nonNull).findFirst().orElse(null);
            return;
        }
        LOG.log(System.Logger.Level.INFO, "network '" + def.name() + "' is no longer active");
        delete(file);
        if (n.newDef != null) {
            n.def = n.newDef;
            n.newDef = null;
        }
        if (!n.persistent) {
            objects.remove(def.name());
        }
    }

    NetObj find(NetworkRef ref) {
        for (NetObj n : objects.values()) {
            if (n.def.uuid().equals(ref.uuid())) {
                return n;
            }
        }
        throw NetworkErrors.of(ErrorNumber.NO_NETWORK, "no network with matching uuid '" + ref.uuid() + "' ("
                + ref.name() + ")");
    }
}
