package org.jvirt.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.jvirt.api.Records.NetworkDHCPLease;
import org.jvirt.core.ErrorNumber;
import org.jvirt.model.network.NetworkDef;
import org.jvirt.model.network.NetworkDefFormatter;
import org.jvirt.model.network.NetworkDefParser;
import org.jvirt.model.network.NetworkUpdate;
import org.jvirt.spi.NetworkOps;
import org.jvirt.spi.Refs.NetworkRef;

/** The network API of the driver (bridge_driver.c's virNetworkDriver table). */
final class Networks implements NetworkOps {
    static final int UPDATE_AFFECT_LIVE = 1;
    static final int UPDATE_AFFECT_CONFIG = 2;

    private final NetworkDriver driver;

    Networks(NetworkDriver driver) {
        this.driver = driver;
    }

    private List<NetObj> all() {
        return List.copyOf(driver.objects.values());
    }

    @Override
    public List<NetworkRef> listAll(int flags) {
        NetworkErrors.checkFlags(flags, 0x3F, "networkConnectListAllNetworks");
        return driver.locked(() -> all().stream().filter(n -> pair(flags, 2, 1, n.active)
                && pair(flags, 4, 8, n.persistent) && pair(flags, 16, 32, n.autostart)).map(NetObj::ref).toList());
    }

    /** A pair of filter flags: both or neither set means no filtering. */
    private static boolean pair(int flags, int yes, int no, boolean v) {
        boolean y = (flags & yes) != 0;
        boolean n = (flags & no) != 0;
        return y == n || (y ? v : !v);
    }

    @Override
    public int numOfNetworks() {
        return driver.locked(() -> (int) all().stream().filter(n -> n.active).count());
    }

    @Override
    public List<String> listNetworks(int maxnames) {
        return driver.locked(() -> all().stream().filter(n -> n.active).map(NetObj::name)
                .limit(Math.max(0, maxnames)).toList());
    }

    @Override
    public int numOfDefinedNetworks() {
        return driver.locked(() -> (int) all().stream().filter(n -> !n.active).count());
    }

    @Override
    public List<String> listDefinedNetworks(int maxnames) {
        return driver.locked(() -> all().stream().filter(n -> !n.active).map(NetObj::name)
                .limit(Math.max(0, maxnames)).toList());
    }

    @Override
    public NetworkRef lookupByName(String name) {
        return driver.locked(() -> {
            NetObj n = driver.objects.get(name);
            if (n == null) {
                throw NetworkErrors.noNetworkName(name);
            }
            return n.ref();
        });
    }

    @Override
    public NetworkRef lookupByUUID(UUID uuid) {
        return driver.locked(() -> all().stream().filter(n -> n.def.uuid().equals(uuid)).findFirst()
                .map(NetObj::ref).orElseThrow(() -> NetworkErrors.noNetworkUuid(uuid.toString())));
    }

    /** virNetworkObjListAssignDef's checks; returns the network of the same UUID, if any. */
    private NetObj assignable(NetworkDef def, boolean live) {
        for (NetObj n : driver.objects.values()) {
            if (n.def.uuid().equals(def.uuid())) {
                if (!n.name().equals(def.name())) {
                    throw NetworkErrors.of(ErrorNumber.OPERATION_FAILED, "network '" + n.name()
                            + "' is already defined with uuid " + def.uuid());
                }
                if (live && n.active) {
                    throw NetworkErrors.operationInvalid("network is already active as '" + n.name() + "'");
                }
                return n;
            }
        }
        NetObj other = driver.objects.get(def.name());
        if (other != null) {
            throw NetworkErrors.of(ErrorNumber.OPERATION_FAILED, "network '" + def.name()
                    + "' already exists with uuid " + other.def.uuid());
        }
        return null;
    }

    @Override
    public NetworkRef createXML(String xml, int flags) {
        NetworkErrors.checkFlags(flags, 1, "networkCreateXMLFlags");
        NetworkDef parsed = NetworkDriver.parse(xml);
        return driver.locked(() -> {
            NetObj existing = assignable(parsed, true);
            NetworkDef def = driver.complete(parsed);
            NetObj n = existing;
            NetworkDef previous = n == null ? null : n.def;
            if (n == null) {
                n = new NetObj(def);
                driver.objects.put(def.name(), n);
            } else {
                n.def = def;
                n.newDef = n.persistent ? previous : null;
            }
            try {
                driver.start(n);
            } catch (RuntimeException e) {
                if (existing == null) {
                    driver.objects.remove(def.name());
                } else {
                    n.def = previous;
                    n.newDef = null;
                }
                throw e;
            }
            driver.emit(n, NetworkDriver.EVENT_STARTED);
            return n.ref();
        });
    }

    @Override
    public NetworkRef defineXML(String xml, int flags) {
        NetworkErrors.checkFlags(flags, 1, "networkDefineXMLFlags");
        NetworkDef parsed = NetworkDriver.parse(xml);
        return driver.locked(() -> {
            NetObj n = assignable(parsed, false);
            NetworkDef def = driver.complete(parsed);
            driver.saveConfig(def);
            if (n == null) {
                n = new NetObj(def);
                driver.objects.put(def.name(), n);
            } else if (n.active) {
                n.newDef = def;
            } else {
                n.def = def;
            }
            n.persistent = true;
            driver.emit(n, NetworkDriver.EVENT_DEFINED);
            return n.ref();
        });
    }

    /** An active network stays up, transient; an inactive one is gone. */
    @Override
    public void undefine(NetworkRef net) {
        driver.lockedRun(() -> {
            NetObj n = driver.find(net);
            if (!n.persistent) {
                throw NetworkErrors.operationInvalid("can't undefine transient network");
            }
            NetworkDriver.delete(driver.configFile(n.name()));
            NetworkDriver.delete(driver.autostartLink(n.name()));
            n.autostart = false;
            n.persistent = false;
            n.newDef = null;
            driver.emit(n, NetworkDriver.EVENT_UNDEFINED);
            if (!n.active) {
                driver.objects.remove(n.name());
            }
        });
    }

    /**
     * networkUpdate: CURRENT means the live definition of a running network, else the persistent one; the section
     * is changed by libvirt's rules (virNetworkDefUpdateSection, the result re-validated), the config saved, and a
     * running network's dnsmasq restarted or refreshed as the section needs.
     */
    @Override
    public void update(NetworkRef net, int command, int section, int parentIndex, String xml, int flags) {
        NetworkErrors.checkFlags(flags, UPDATE_AFFECT_LIVE | UPDATE_AFFECT_CONFIG, "networkUpdate");
        driver.lockedRun(() -> {
            NetObj n = driver.find(net);
            int f = flags;
            if ((f & (UPDATE_AFFECT_LIVE | UPDATE_AFFECT_CONFIG)) == 0) {
                f |= n.active ? UPDATE_AFFECT_LIVE : UPDATE_AFFECT_CONFIG;
            }
            boolean live = (f & UPDATE_AFFECT_LIVE) != 0;
            boolean config = (f & UPDATE_AFFECT_CONFIG) != 0;
            if (live && !n.active) {
                throw NetworkErrors.operationInvalid("network is not running");
            }
            if (config && !n.persistent) {
                throw NetworkErrors.operationInvalid("cannot change persistent config of a transient network");
            }
            NetworkDefParser parser = new NetworkDefParser(true);
            NetworkDef liveDef = live ? NetworkUpdate.applyChecked(parser, n.def, command, section, parentIndex,
                    xml, 0) : null;
            NetworkDef configDef = config ? NetworkUpdate.applyChecked(parser, n.persistentDef(), command, section,
                    parentIndex, xml, NetworkDefFormatter.INACTIVE) : null;
            if (configDef != null) {
                driver.saveConfig(configDef);
                if (n.active) {
                    n.newDef = configDef;
                } else {
                    n.def = configDef;
                }
            }
            if (liveDef != null) {
                NetworkDef before = n.def;
                n.def = liveDef;
                driver.updated(n, before, section);
            }
        });
    }

    @Override
    public void create(NetworkRef net) {
        driver.lockedRun(() -> {
            NetObj n = driver.find(net);
            driver.start(n);
            driver.emit(n, NetworkDriver.EVENT_STARTED);
        });
    }

    @Override
    public void destroy(NetworkRef net) {
        driver.lockedRun(() -> {
            NetObj n = driver.find(net);
            if (!n.active) {
                throw NetworkErrors.operationInvalid("network '" + n.name() + "' is not active");
            }
            driver.emit(n, NetworkDriver.EVENT_STOPPED);
            driver.stop(n);
        });
    }

    @Override
    public String getXMLDesc(NetworkRef net, int flags) {
        NetworkErrors.checkFlags(flags, NetworkDefFormatter.INACTIVE, "networkGetXMLDesc");
        return driver.locked(() -> {
            NetObj n = driver.find(net);
            NetworkDef def = (flags & NetworkDefFormatter.INACTIVE) != 0 && n.newDef != null ? n.newDef : n.def;
            return NetworkDriver.format(def, flags);
        });
    }

    @Override
    public String getBridgeName(NetworkRef net) {
        return driver.locked(() -> {
            NetObj n = driver.find(net);
            if (n.def.bridge() == null) {
                throw NetworkErrors.internal("network '" + n.name() + "' does not have a bridge name.");
            }
            return n.def.bridge();
        });
    }

    /** What a guest NIC of type='network' joins: networkAllocatePort's checks, then the bridge. */
    String activeBridge(String name) {
        return driver.locked(() -> {
            NetObj n = driver.objects.get(name);
            if (n == null) {
                throw NetworkErrors.noNetworkName(name);
            }
            if (!n.active) {
                throw NetworkErrors.operationInvalid("network '" + name + "' is not active");
            }
            if (n.def.bridge() == null) {
                throw NetworkErrors.unsupported("Unexpected network forward type '" + n.def.forwardMode() + "'");
            }
            return n.def.bridge();
        });
    }

    @Override
    public boolean getAutostart(NetworkRef net) {
        return driver.locked(() -> driver.find(net).autostart);
    }

    @Override
    public void setAutostart(NetworkRef net, boolean autostart) {
        driver.lockedRun(() -> {
            NetObj n = driver.find(net);
            if (!n.persistent) {
                throw NetworkErrors.internal("cannot set autostart for transient network");
            }
            Path link = driver.autostartLink(n.name());
            try {
                if (autostart && !Files.isSymbolicLink(link)) {
                    NetworkDriver.mkdirs(driver.config.autostartDir());
                    Files.createSymbolicLink(link, driver.configFile(n.name()));
                } else if (!autostart) {
                    Files.deleteIfExists(link);
                }
            } catch (IOException e) {
                throw NetworkErrors.system((autostart ? "Failed to create symlink '" : "Failed to delete symlink '")
                        + link + "'" + (autostart ? " to '" + driver.configFile(n.name()) + "'" : "") + ": "
                        + e.getMessage());
            }
            n.autostart = autostart;
        });
    }

    @Override
    public boolean isActive(NetworkRef net) {
        return driver.locked(() -> driver.find(net).active);
    }

    @Override
    public boolean isPersistent(NetworkRef net) {
        return driver.locked(() -> driver.find(net).persistent);
    }

    @Override
    public List<NetworkDHCPLease> getDHCPLeases(NetworkRef net, String mac, int flags) {
        NetworkErrors.checkFlags(flags, 0, "networkGetDHCPLeases");
        return driver.locked(() -> {
            NetObj n = driver.find(net);
            return DhcpLeases.read(driver.host.leaseFile(n.name()), n.def, mac, System.currentTimeMillis() / 1000);
        });
    }
}
