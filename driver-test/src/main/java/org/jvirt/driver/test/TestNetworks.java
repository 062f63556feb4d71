package org.jvirt.driver.test;

import java.util.List;
import java.util.UUID;
import org.jvirt.api.event.ObjectEvent;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.network.NetworkDef;
import org.jvirt.model.network.NetworkDefFormatter;
import org.jvirt.model.network.NetworkDefParser;
import org.jvirt.spi.NetworkOps;
import org.jvirt.spi.Refs.NetworkRef;

/** Virtual networks of the test driver: define/create/destroy/undefine with their lifecycle events. */
final class TestNetworks implements NetworkOps {
    static final int EVENT_DEFINED = 0;
    static final int EVENT_UNDEFINED = 1;
    static final int EVENT_STARTED = 2;
    static final int EVENT_STOPPED = 3;

    private final TestDriver driver;
    private final TestNetworkUpdate updater;

    TestNetworks(TestDriver driver) {
        this.driver = driver;
        this.updater = driver.networkUpdate;
    }

    /** The seam to the network model: parse with the test driver's options (no dnsmasq namespace). */
    static NetworkDef parse(String xml) {
        return new NetworkDefParser().parse(xml);
    }

    private static NetworkRef ref(TestObjects.Network n) {
        return new NetworkRef(n.name(), n.uuid());
    }

    private TestObjects.Network find(NetworkRef ref) {
        for (TestObjects.Network n : driver.objects.networks) {
            if (n.uuid().equals(ref.uuid())) {
                return n;
            }
        }
        throw Errors.of(ErrorNumber.NO_NETWORK, "no network with matching uuid '" + ref.uuid() + "' ("
                + ref.name() + ")");
    }

    private TestObjects.Network byName(String name) {
        for (TestObjects.Network n : driver.objects.networks) {
            if (n.name().equals(name)) {
                return n;
            }
        }
        return null;
    }

    private void emit(TestObjects.Network n, int event) {
        driver.events.emit(new ObjectEvent.NetworkLifecycle(ref(n), event, 0));
    }

    @Override
    public List<NetworkRef> listAll(int flags) {
        Errors.checkFlags(flags, 0x3F, "testConnectListAllNetworks");
        return driver.locked(() -> driver.objects.networks.stream().filter(n -> filter(n, flags))
                .map(TestNetworks::ref).toList());
    }

    private static boolean filter(TestObjects.Network n, int f) {
        return pair(f, 2, 1, n.active) && pair(f, 4, 8, n.persistent) && pair(f, 16, 32, n.autostart);
    }

    static boolean pair(int flags, int yes, int no, boolean v) {
        boolean y = (flags & yes) != 0;
        boolean n = (flags & no) != 0;
        return y == n || (y ? v : !v);
    }

    @Override
    public int numOfNetworks() {
        return driver.locked(() -> (int) driver.objects.networks.stream().filter(n -> n.active).count());
    }

    @Override
    public List<String> listNetworks(int maxnames) {
        return driver.locked(() -> driver.objects.networks.stream().filter(n -> n.active)
                .map(TestObjects.Network::name).limit(Math.max(0, maxnames)).toList());
    }

    @Override
    public int numOfDefinedNetworks() {
        return driver.locked(() -> (int) driver.objects.networks.stream().filter(n -> !n.active).count());
    }

    @Override
    public List<String> listDefinedNetworks(int maxnames) {
        return driver.locked(() -> driver.objects.networks.stream().filter(n -> !n.active)
                .map(TestObjects.Network::name).limit(Math.max(0, maxnames)).toList());
    }

    @Override
    public NetworkRef lookupByName(String name) {
        return driver.locked(() -> {
            TestObjects.Network n = byName(name);
            if (n == null) {
                throw Errors.of(ErrorNumber.NO_NETWORK, "no network with matching name '" + name + "'");
            }
            return ref(n);
        });
    }

    @Override
    public NetworkRef lookupByUUID(UUID uuid) {
        return driver.locked(() -> {
            for (TestObjects.Network n : driver.objects.networks) {
                if (n.uuid().equals(uuid)) {
                    return ref(n);
                }
            }
            throw Errors.of(ErrorNumber.NO_NETWORK, "no network with matching uuid '" + uuid + "'");
        });
    }

    /** virNetworkObjListAssignDef's checks; returns the network of the same UUID, if any. */
    private TestObjects.Network assignable(NetworkDef def, boolean live) {
        String name = def.name();
        UUID uuid = def.uuid();
        for (TestObjects.Network n : driver.objects.networks) {
            if (n.uuid().equals(uuid)) {
                if (!n.name().equals(name)) {
                    throw VirException.of(ErrorNumber.OPERATION_FAILED, ErrorDomain.NETWORK, "network '"
                            + n.name() + "' is already defined with uuid " + uuid);
                }
                if (live && n.active) {
                    throw VirException.of(ErrorNumber.OPERATION_INVALID, ErrorDomain.NETWORK,
                            "network is already active as '" + n.name() + "'");
                }
                return n;
            }
        }
        TestObjects.Network other = byName(name);
        if (other != null) {
            throw VirException.of(ErrorNumber.OPERATION_FAILED, ErrorDomain.NETWORK, "network '" + name
                    + "' already exists with uuid " + other.uuid());
        }
        return null;
    }

    @Override
    public NetworkRef createXML(String text, int flags) {
        Errors.checkFlags(flags, 1, "testNetworkCreateXMLFlags");
        NetworkDef def = parse(text);
        return driver.locked(() -> {
            TestObjects.Network n = assignable(def, true);
            if (n == null) {
                n = new TestObjects.Network(def);
                driver.objects.networks.add(n);
            } else {
                n.newDef = n.persistent ? n.def : null;
                n.def = def;
            }
            n.active = true;
            emit(n, EVENT_STARTED);
            return ref(n);
        });
    }

    @Override
    public NetworkRef defineXML(String text, int flags) {
        Errors.checkFlags(flags, 1, "testNetworkDefineXMLFlags");
        NetworkDef def = parse(text);
        return driver.locked(() -> {
            TestObjects.Network n = assignable(def, false);
            if (n == null) {
                n = new TestObjects.Network(def);
                driver.objects.networks.add(n);
            } else if (n.active) {
                n.newDef = def;
            } else {
                n.def = def;
            }
            n.persistent = true;
            emit(n, EVENT_DEFINED);
            return ref(n);
        });
    }

    /** virNetworkObjUpdate: CURRENT means the live definition of an active network, else the persistent one. */
    @Override
    public void update(NetworkRef net, int command, int section, int parentIndex, String xml, int flags) {
        Errors.checkFlags(flags, DomainStates.AFFECT_LIVE | DomainStates.AFFECT_CONFIG, "testNetworkUpdate");
        driver.lockedRun(() -> {
            TestObjects.Network n = find(net);
            boolean live = (flags & DomainStates.AFFECT_LIVE) != 0;
            boolean config = (flags & DomainStates.AFFECT_CONFIG) != 0;
            if (!live && !config) {
                live = n.active;
                config = !n.active;
            }
            if (live && !n.active) {
                throw VirException.of(ErrorNumber.OPERATION_INVALID, ErrorDomain.NETWORK, "network is not running");
            }
            if (config && !n.persistent) {
                throw VirException.of(ErrorNumber.OPERATION_INVALID, ErrorDomain.NETWORK,
                        "cannot change persistent config of a transient network");
            }
            if (config) {
                NetworkDef base = n.active ? (n.newDef != null ? n.newDef : n.def) : n.def;
                NetworkDef updated = updater.apply(base, command, section, parentIndex, xml);
                if (n.active) {
                    n.newDef = updated;
                } else {
                    n.def = updated;
                }
            }
            if (live) {
                n.def = updater.apply(n.def, command, section, parentIndex, xml);
            }
        });
    }

    @Override
    public void undefine(NetworkRef net) {
        driver.lockedRun(() -> {
            TestObjects.Network n = find(net);
            if (n.active) {
                throw Errors.operationInvalid("Network '" + n.name() + "' is still running");
            }
            emit(n, EVENT_UNDEFINED);
            driver.objects.networks.remove(n);
        });
    }

    @Override
    public void create(NetworkRef net) {
        driver.lockedRun(() -> {
            TestObjects.Network n = find(net);
            if (n.active) {
                throw Errors.operationInvalid("Network '" + n.name() + "' is already running");
            }
            n.active = true;
            emit(n, EVENT_STARTED);
        });
    }

    @Override
    public void destroy(NetworkRef net) {
        driver.lockedRun(() -> {
            TestObjects.Network n = find(net);
            n.active = false;
            if (n.newDef != null) {
                n.def = n.newDef;
                n.newDef = null;
            }
            emit(n, EVENT_STOPPED);
            if (!n.persistent) {
                driver.objects.networks.remove(n);
            }
        });
    }

    @Override
    public String getXMLDesc(NetworkRef net, int flags) {
        Errors.checkFlags(flags, 0, "testNetworkGetXMLDesc");
        return driver.locked(() -> {
            TestObjects.Network n = find(net);
            return NetworkDefFormatter.format(n.def, flags);
        });
    }

    @Override
    public String getBridgeName(NetworkRef net) {
        return driver.locked(() -> {
            TestObjects.Network n = find(net);
            if (n.def.bridge() == null) {
                throw Errors.internal("network '" + n.name() + "' does not have a bridge name.");
            }
            return n.def.bridge();
        });
    }

    @Override
    public boolean getAutostart(NetworkRef net) {
        return driver.locked(() -> find(net).autostart);
    }

    @Override
    public void setAutostart(NetworkRef net, boolean autostart) {
        driver.lockedRun(() -> find(net).autostart = autostart);
    }

    @Override
    public boolean isActive(NetworkRef net) {
        return driver.locked(() -> find(net).active);
    }

    @Override
    public boolean isPersistent(NetworkRef net) {
        return driver.locked(() -> find(net).persistent);
    }
}
