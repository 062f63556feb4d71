package org.jvirt.cli.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jvirt.api.Network;
import org.jvirt.api.NetworkPort;
import org.jvirt.api.Records.NetworkDHCPLease;
import org.jvirt.cli.Cmd;
import org.jvirt.cli.Ctl;
import org.jvirt.cli.Handler;
import org.jvirt.cli.Options;
import org.jvirt.cli.VshTable;
import org.jvirt.core.VirException;

/** The "Networking" group (virsh-network.c). */
final class NetworkCommands {
    // virConnectListAllNetworksFlags
    static final int LIST_INACTIVE = 1;
    static final int LIST_ACTIVE = 2;
    static final int LIST_PERSISTENT = 4;
    static final int LIST_TRANSIENT = 8;
    static final int LIST_AUTOSTART = 16;
    static final int LIST_NO_AUTOSTART = 32;
    private static final List<String> UPDATE_COMMANDS = List.of("none", "modify", "delete", "add-last", "add-first");
    private static final List<String> SECTIONS = List.of("none", "bridge", "domain", "ip", "ip-dhcp-host",
            "ip-dhcp-range", "forward", "forward-interface", "forward-pf", "portgroup", "dns-host", "dns-txt",
            "dns-srv");

    private NetworkCommands() {}

    static void register(Map<String, Handler> m) {
        m.put("net-autostart", NetworkCommands::autostart);
        m.put("net-create", (ctl, cmd) -> createOrDefine(ctl, cmd, true));
        m.put("net-define", (ctl, cmd) -> createOrDefine(ctl, cmd, false));
        m.put("net-destroy", simple(Network::destroy, "Network %s destroyed\n", "Failed to destroy network %s"));
        m.put("net-start", simple(Network::create, "Network %s started\n", "Failed to start network %s"));
        m.put("net-undefine", simple(Network::undefine, "Network %s has been undefined\n",
                "Failed to undefine network %s"));
        m.put("net-dumpxml", NetworkCommands::dumpxml);
        m.put("net-info", NetworkCommands::info);
        m.put("net-list", NetworkCommands::list);
        m.put("net-name", NetworkCommands::name);
        m.put("net-uuid", NetworkCommands::uuid);
        m.put("net-update", NetworkCommands::update);
        m.put("net-dhcp-leases", NetworkCommands::dhcpLeases);
        m.put("net-port-list", NetworkCommands::portList);
        m.put("net-port-create", NetworkCommands::portCreate);
        m.put("net-port-dumpxml", NetworkCommands::portDumpxml);
        m.put("net-port-delete", NetworkCommands::portDelete);
    }

    private interface NetAction {
        void apply(Network n);
    }

    private static Handler simple(NetAction action, String ok, String failed) {
        return (ctl, cmd) -> {
            Network net = Lookup.network(ctl, cmd);
            if (net == null) {
                return false;
            }
            try {
                action.apply(net);
            } catch (VirException e) {
                return Util.fail(ctl, e, failed, net.getName());
            }
            ctl.printExtra(String.format(ok, net.getName()));
            return true;
        };
    }

    private static boolean autostart(Ctl ctl, Cmd cmd) {
        Network net = Lookup.network(ctl, cmd);
        if (net == null) {
            return false;
        }
        boolean enable = !cmd.has("disable");
        try {
            net.setAutostart(enable);
        } catch (VirException e) {
            return Util.fail(ctl, e, enable ? "failed to mark network %s as autostarted"
                    : "failed to unmark network %s as autostarted", net.getName());
        }
        ctl.printExtra(String.format(enable ? "Network %s marked as autostarted\n"
                : "Network %s unmarked as autostarted\n", net.getName()));
        return true;
    }

    private static boolean createOrDefine(Ctl ctl, Cmd cmd, boolean create) {
        String from = Options.string(ctl, cmd, "file");
        int flags = cmd.has("validate") ? 1 : 0;
        String xml = Util.readFile(ctl, from);
        Network net;
        try {
            if (create) {
                net = flags != 0 ? ctl.conn().networkCreateXMLFlags(xml, flags) : ctl.conn().networkCreateXML(xml);
            } else {
                net = flags != 0 ? ctl.conn().networkDefineXMLFlags(xml, flags) : ctl.conn().networkDefineXML(xml);
            }
        } catch (VirException e) {
            return Util.fail(ctl, e, create ? "Failed to create network from %s" : "Failed to define network from %s",
                    from);
        }
        ctl.printExtra(String.format(create ? "Network %s created from %s\n" : "Network %s defined from %s\n",
                net.getName(), from));
        return true;
    }

    private static boolean dumpxml(Ctl ctl, Cmd cmd) {
        Network net = Lookup.network(ctl, cmd);
        if (net == null) {
            return false;
        }
        String xml = net.getXMLDesc(cmd.has("inactive") ? 1 : 0);
        return XPathOutput.print(ctl, cmd, xml);
    }

    private static boolean info(Ctl ctl, Cmd cmd) {
        Network net = Lookup.network(ctl, cmd);
        if (net == null) {
            return false;
        }
        ctl.printf("%-15s %s\n", "Name:", net.getName());
        ctl.printf("%-15s %s\n", "UUID:", net.getUUIDString());
        try {
            ctl.printf("%-15s %s\n", "Active:", net.isActive() ? "yes" : "no");
        } catch (VirException e) {
            ctl.setLastError(e);
        }
        try {
            ctl.printf("%-15s %s\n", "Persistent:", net.isPersistent() ? "yes" : "no");
        } catch (VirException e) {
            ctl.printf("%-15s %s\n", "Persistent:", "unknown");
        }
        try {
            ctl.printf("%-15s %s\n", "Autostart:", net.getAutostart() ? "yes" : "no");
        } catch (VirException e) {
            ctl.printf("%-15s %s\n", "Autostart:", "no autostart");
        }
        try {
            String bridge = net.getBridgeName();
            if (bridge != null) {
                ctl.printf("%-15s %s\n", "Bridge:", bridge);
            }
        } catch (VirException e) {
            ctl.resetError();
        }
        return true;
    }

    private static boolean list(Ctl ctl, Cmd cmd) {
        boolean optName = cmd.has("name");
        boolean optUUID = cmd.has("uuid");
        if (!Options.exclusive(ctl, cmd, "table", "name") || !Options.exclusive(ctl, cmd, "table", "uuid")) {
            return false;
        }
        boolean optTable = cmd.has("table") || (!optName && !optUUID);
        int flags = LIST_ACTIVE;
        if (cmd.has("inactive")) {
            flags = LIST_INACTIVE;
        }
        if (cmd.has("all")) {
            flags = LIST_ACTIVE | LIST_INACTIVE;
        }
        flags |= (cmd.has("persistent") ? LIST_PERSISTENT : 0) | (cmd.has("transient") ? LIST_TRANSIENT : 0)
                | (cmd.has("autostart") ? LIST_AUTOSTART : 0) | (cmd.has("no-autostart") ? LIST_NO_AUTOSTART : 0);
        List<Network> nets;
        try {
            nets = new ArrayList<>(ctl.conn().listAllNetworks(flags));
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to list networks");
        }
        nets.sort((a, b) -> String.CASE_INSENSITIVE_ORDER.compare(a.getName(), b.getName()));
        if (optTable) {
            VshTable t = new VshTable("Name", "State", "Autostart", "Persistent");
            for (Network n : nets) {
                String autostart;
                try {
                    autostart = n.getAutostart() ? "yes" : "no";
                } catch (VirException e) {
                    autostart = "no autostart";
                }
                t.row(n.getName(), n.isActive() ? "active" : "inactive", autostart, n.isPersistent() ? "yes" : "no");
            }
            t.print(ctl);
            return true;
        }
        StringBuilder sb = new StringBuilder();
        for (Network n : nets) {
            if (optUUID && optName) {
                sb.append(String.format("%-36s  %s\n", n.getUUIDString(), n.getName()));
            } else if (optUUID) {
                sb.append(n.getUUIDString()).append('\n');
            } else {
                sb.append(n.getName()).append('\n');
            }
        }
        ctl.print(sb.toString());
        return true;
    }

    private static boolean name(Ctl ctl, Cmd cmd) {
        String n = Options.string(ctl, cmd, "network");
        Network net;
        try {
            net = ctl.conn().networkLookupByUUIDString(n);
        } catch (VirException e) {
            return Util.fail(ctl, e, "failed to get network '%s'", n);
        }
        ctl.print(net.getName() + "\n");
        return true;
    }

    private static boolean uuid(Ctl ctl, Cmd cmd) {
        String n = Options.string(ctl, cmd, "network");
        Network net;
        try {
            net = ctl.conn().networkLookupByName(n);
        } catch (VirException e) {
            return Util.fail(ctl, e, "failed to get network '%s'", n);
        }
        ctl.print(net.getUUIDString() + "\n");
        return true;
    }

    private static boolean update(Ctl ctl, Cmd cmd) {
        if (!Options.exclusive(ctl, cmd, "current", "live") || !Options.exclusive(ctl, cmd, "current", "config")) {
            return false;
        }
        Network net = Lookup.network(ctl, cmd);
        if (net == null) {
            return false;
        }
        String commandStr = Options.string(ctl, cmd, "command");
        int command = commandStr.equals("add") ? 3 : UPDATE_COMMANDS.indexOf(commandStr);
        if (command <= 0) {
            ctl.errorf("unrecognized command name '%s'", commandStr);
            return false;
        }
        String sectionStr = Options.string(ctl, cmd, "section");
        int section = SECTIONS.indexOf(sectionStr);
        if (section <= 0) {
            ctl.errorf("unrecognized section name '%s'", sectionStr);
            return false;
        }
        Integer parent = Options.integer(ctl, cmd, "parent-index");
        int parentIndex = parent == null ? -1 : parent;
        String xmlArg = Options.string(ctl, cmd, "xml");
        String xml = xmlArg.startsWith("<") ? xmlArg : Util.readFile(ctl, xmlArg);
        boolean config = cmd.has("config");
        boolean live = cmd.has("live");
        int flags = (live ? 1 : 0) | (config ? 2 : 0);
        try {
            net.update(command, section, parentIndex, xml, flags);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to update network %s", net.getName());
        }
        String affected;
        if (config) {
            affected = live ? "persistent config and live state" : "persistent config";
        } else if (live) {
            affected = "live state";
        } else {
            affected = net.isActive() ? "live state" : "persistent config";
        }
        ctl.printExtra(String.format("Updated network %s %s", net.getName(), affected));
        return true;
    }

    private static boolean dhcpLeases(Ctl ctl, Cmd cmd) {
        String mac = Options.string(ctl, cmd, "mac");
        Network net = Lookup.network(ctl, cmd);
        if (net == null) {
            return false;
        }
        List<NetworkDHCPLease> leases;
        try {
            leases = new ArrayList<>(net.getDHCPLeases(mac, 0));
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to get leases info for %s", net.getName());
        }
        leases.sort((a, b) -> {
            int c = String.valueOf(a.mac()).compareTo(String.valueOf(b.mac()));
            return c != 0 ? c : String.valueOf(a.ipaddr()).compareTo(String.valueOf(b.ipaddr()));
        });
        VshTable t = new VshTable("Expiry Time", "MAC address", "Protocol", "IP address", "Hostname",
                "Client ID or DUID");
        for (NetworkDHCPLease l : leases) {
            String expiry = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                    .format(java.time.LocalDateTime.ofEpochSecond(l.expirytime(), 0,
                            java.time.ZoneId.systemDefault().getRules()
                                    .getOffset(java.time.Instant.ofEpochSecond(l.expirytime()))));
            String proto = l.type() == 0 ? "ipv4" : l.type() == 1 ? "ipv6" : "unknown";
            t.row(expiry, DomainInfoCommands.dash(l.mac()), proto, l.ipaddr() + "/" + l.prefix(),
                    DomainInfoCommands.dash(l.hostname()), DomainInfoCommands.dash(l.clientid()));
        }
        t.print(ctl);
        return true;
    }

    private static boolean portList(Ctl ctl, Cmd cmd) {
        Network net = Lookup.network(ctl, cmd);
        if (net == null) {
            return false;
        }
        boolean optUUID = cmd.has("uuid");
        if (!Options.exclusive(ctl, cmd, "table", "uuid")) {
            return false;
        }
        List<NetworkPort> ports;
        try {
            ports = new ArrayList<>(net.listAllPorts(0));
        } catch (VirException e) {
            ctl.setLastError(e);
            return false;
        }
        ports.sort((a, b) -> a.getUUIDString().compareTo(b.getUUIDString()));
        if (optUUID) {
            for (NetworkPort p : ports) {
                ctl.print(p.getUUIDString() + "\n");
            }
            return true;
        }
        VshTable t = new VshTable("UUID");
        for (NetworkPort p : ports) {
            t.row(p.getUUIDString());
        }
        t.print(ctl);
        return true;
    }

    private static NetworkPort port(Ctl ctl, Cmd cmd, Network net) {
        String uuid = Options.string(ctl, cmd, "port");
        try {
            return net.portLookupByUUIDString(uuid);
        } catch (VirException e) {
            Util.fail(ctl, e, "failed to get network port '%s'", uuid);
            return null;
        }
    }

    private static boolean portCreate(Ctl ctl, Cmd cmd) {
        Network net = Lookup.network(ctl, cmd);
        if (net == null) {
            return false;
        }
        String from = Options.string(ctl, cmd, "file");
        String xml = Util.readFile(ctl, from);
        NetworkPort port;
        try {
            port = net.portCreateXML(xml, cmd.has("validate") ? 1 : 0);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to create network from %s", from);
        }
        ctl.printExtra(String.format("Network port %s created from %s\n", port.getUUIDString(), from));
        return true;
    }

    private static boolean portDumpxml(Ctl ctl, Cmd cmd) {
        Network net = Lookup.network(ctl, cmd);
        if (net == null) {
            return false;
        }
        NetworkPort port = port(ctl, cmd, net);
        if (port == null) {
            return false;
        }
        return XPathOutput.print(ctl, cmd, port.getXMLDesc(0));
    }

    private static boolean portDelete(Ctl ctl, Cmd cmd) {
        Network net = Lookup.network(ctl, cmd);
        if (net == null) {
            return false;
        }
        NetworkPort port = port(ctl, cmd, net);
        if (port == null) {
            return false;
        }
        try {
            port.delete(0);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to delete network port %s", port.getUUIDString());
        }
        ctl.printExtra(String.format("Network port %s deleted\n", port.getUUIDString()));
        return true;
    }
}
