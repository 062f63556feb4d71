package org.jvirt.cli.commands;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jvirt.api.Interface;
import org.jvirt.api.NWFilter;
import org.jvirt.api.NWFilterBinding;
import org.jvirt.api.Secret;
import org.jvirt.cli.Cmd;
import org.jvirt.cli.Ctl;
import org.jvirt.cli.Handler;
import org.jvirt.cli.Options;
import org.jvirt.cli.VshTable;
import org.jvirt.core.VirException;

/** The "Interface", "Secret" and "Network Filter" groups (virsh-interface.c, virsh-secret.c, virsh-nwfilter.c). */
final class HostObjectCommands {
    private HostObjectCommands() {}

    static void register(Map<String, Handler> m) {
        m.put("iface-list", HostObjectCommands::ifaceList);
        m.put("iface-name", (ctl, cmd) -> ifacePrint(ctl, cmd, Lookup.BYMAC, Interface::getName));
        m.put("iface-mac", (ctl, cmd) -> ifacePrint(ctl, cmd, Lookup.BYNAME, Interface::getMACString));
        m.put("iface-define", HostObjectCommands::ifaceDefine);
        m.put("iface-undefine", ifaceAction(Interface::undefine, "Interface %s undefined\n",
                "Failed to undefine interface %s"));
        m.put("iface-start", ifaceAction(i -> i.create(0), "Interface %s started\n", "Failed to start interface %s"));
        m.put("iface-destroy", ifaceAction(i -> i.destroy(0), "Interface %s destroyed\n",
                "Failed to destroy interface %s"));
        m.put("iface-dumpxml", HostObjectCommands::ifaceDumpxml);
        m.put("iface-begin", (ctl, cmd) -> transaction(ctl, 0));
        m.put("iface-commit", (ctl, cmd) -> transaction(ctl, 1));
        m.put("iface-rollback", (ctl, cmd) -> transaction(ctl, 2));
        m.put("iface-bridge", HostObjectCommands::ifaceBridge);
        m.put("iface-unbridge", HostObjectCommands::ifaceUnbridge);
        m.put("secret-define", HostObjectCommands::secretDefine);
        m.put("secret-dumpxml", HostObjectCommands::secretDumpxml);
        m.put("secret-list", HostObjectCommands::secretList);
        m.put("secret-undefine", HostObjectCommands::secretUndefine);
        m.put("secret-get-value", HostObjectCommands::secretGetValue);
        m.put("secret-set-value", HostObjectCommands::secretSetValue);
        m.put("nwfilter-define", HostObjectCommands::nwfilterDefine);
        m.put("nwfilter-undefine", HostObjectCommands::nwfilterUndefine);
        m.put("nwfilter-dumpxml", HostObjectCommands::nwfilterDumpxml);
        m.put("nwfilter-list", HostObjectCommands::nwfilterList);
        m.put("nwfilter-binding-create", HostObjectCommands::bindingCreate);
        m.put("nwfilter-binding-delete", HostObjectCommands::bindingDelete);
        m.put("nwfilter-binding-dumpxml", HostObjectCommands::bindingDumpxml);
        m.put("nwfilter-binding-list", HostObjectCommands::bindingList);
    }

    private interface IfaceAction {
        void apply(Interface i);
    }

    private interface IfaceString {
        String get(Interface i);
    }

    private static Handler ifaceAction(IfaceAction a, String ok, String failed) {
        return (ctl, cmd) -> {
            Interface iface = Lookup.iface(ctl, cmd, "interface");
            if (iface == null) {
                return false;
            }
            try {
                a.apply(iface);
            } catch (VirException e) {
                return Util.fail(ctl, e, failed, iface.getName());
            }
            ctl.printExtra(String.format(ok, iface.getName()));
            return true;
        };
    }

    private static boolean ifacePrint(Ctl ctl, Cmd cmd, int flags, IfaceString f) {
        Interface iface = Lookup.iface(ctl, cmd, "interface", flags);
        if (iface == null) {
            return false;
        }
        ctl.print(f.get(iface) + "\n");
        return true;
    }

    private static boolean ifaceList(Ctl ctl, Cmd cmd) {
        int flags = 2;
        if (cmd.has("inactive")) {
            flags = 1;
        }
        if (cmd.has("all")) {
            flags = 3;
        }
        List<Interface> list;
        try {
            list = new ArrayList<>(ctl.conn().listAllInterfaces(flags));
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to list interfaces");
        }
        list.sort((a, b) -> String.CASE_INSENSITIVE_ORDER.compare(a.getName(), b.getName()));
        VshTable t = new VshTable("Name", "State", "MAC Address");
        for (Interface i : list) {
            String mac = i.getMACString();
            t.row(i.getName(), i.isActive() ? "active" : "inactive", mac == null ? "" : mac);
        }
        t.print(ctl);
        return true;
    }

    private static boolean ifaceDefine(Ctl ctl, Cmd cmd) {
        String from = Options.string(ctl, cmd, "file");
        String xml = Util.readFile(ctl, from);
        Interface iface;
        try {
            iface = ctl.conn().interfaceDefineXML(xml, cmd.has("validate") ? 1 : 0);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to define interface from %s", from);
        }
        ctl.printExtra(String.format("Interface %s defined from %s\n", iface.getName(), from));
        return true;
    }

    private static boolean ifaceDumpxml(Ctl ctl, Cmd cmd) {
        Interface iface = Lookup.iface(ctl, cmd, "interface");
        if (iface == null) {
            return false;
        }
        return XPathOutput.print(ctl, cmd, iface.getXMLDesc(cmd.has("inactive") ? 1 : 0));
    }

    private static boolean transaction(Ctl ctl, int op) {
        String[] fail = {"Failed to begin network config change transaction",
            "Failed to commit network config change transaction",
            "Failed to rollback network config change transaction"};
        String[] ok = {"Network config change transaction started\n",
            "Network config change transaction committed\n", "Network config change transaction rolled back\n"};
        try {
            switch (op) {
                case 0 -> ctl.conn().interfaceChangeBegin(0);
                case 1 -> ctl.conn().interfaceChangeCommit(0);
                default -> ctl.conn().interfaceChangeRollback(0);
            }
        } catch (VirException e) {
            return Util.fail(ctl, e, fail[op]);
        }
        ctl.printExtra(ok[op]);
        return true;
    }

    /** virsh's iface-bridge: the existing interface's inactive XML moved under a new bridge definition. */
    private static boolean ifaceBridge(Ctl ctl, Cmd cmd) {
        Interface iface = Lookup.iface(ctl, cmd, "interface");
        if (iface == null) {
            return false;
        }
        String bridge = Options.string(ctl, cmd, "bridge");
        Integer delay = Options.integer(ctl, cmd, "delay");
        boolean stp = !cmd.has("no-stp");
        String xml;
        try {
            xml = iface.getXMLDesc(1);
        } catch (VirException e) {
            ctl.setLastError(e);
            return false;
        }
        String ifType = Xml.parse(xml).string("string(/interface/@type)");
        if ("bridge".equals(ifType)) {
            ctl.errorf("Interface '%s' is already a bridge", iface.getName());
            return false;
        }
        String inner = xml.replaceFirst("(?s)^\\s*<interface[^>]*>", "").replaceFirst("(?s)</interface>\\s*$", "");
        String bridgeXml = "<interface type='bridge' name='" + bridge + "'>\n" + inner
                + "<bridge stp='" + (stp ? "on" : "off") + "'" + (delay != null ? " delay='" + delay + "'" : "")
                + ">\n<interface type='" + ifType + "' name='" + iface.getName() + "'/>\n</bridge>\n</interface>\n";
        try {
            iface.destroy(0);
        } catch (VirException e) {
            ctl.resetError();
        }
        Interface br;
        try {
            br = ctl.conn().interfaceDefineXML(bridgeXml, 0);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to define new bridge interface %s", bridge);
        }
        ctl.printExtra(String.format("Created bridge %s with attached device %s\n", bridge, iface.getName()));
        if (!cmd.has("no-start")) {
            try {
                br.create(0);
            } catch (VirException e) {
                return Util.fail(ctl, e, "Failed to start bridge interface %s", bridge);
            }
            ctl.printExtra(String.format("Bridge interface %s started\n", bridge));
        }
        return true;
    }

    private static boolean ifaceUnbridge(Ctl ctl, Cmd cmd) {
        Interface br = Lookup.iface(ctl, cmd, "bridge", Lookup.BYNAME);
        if (br == null) {
            return false;
        }
        Xml xml = Xml.parse(br.getXMLDesc(1));
        if (!"bridge".equals(xml.string("string(/interface/@type)"))) {
            ctl.errorf("Interface '%s' is not a bridge", br.getName());
            return false;
        }
        var ifs = xml.nodes("/interface/bridge/interface");
        if (ifs.size() != 1) {
            ctl.errorf(ifs.isEmpty() ? "No interface attached to bridge %s"
                    : "Multiple interfaces attached to bridge %s", br.getName());
            return false;
        }
        String ifName = xml.string(ifs.getFirst(), "string(./@name)");
        String ifXml = Xml.dump(ifs.getFirst());
        try {
            br.destroy(0);
            br.undefine();
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to undefine bridge interface %s", br.getName());
        }
        Interface iface;
        try {
            iface = ctl.conn().interfaceDefineXML(ifXml, 0);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to define new interface %s", ifName);
        }
        ctl.printExtra(String.format("Device %s un-attached from bridge %s\n", ifName, br.getName()));
        if (!cmd.has("no-start")) {
            iface.create(0);
            ctl.printExtra(String.format("Interface %s started\n", ifName));
        }
        return true;
    }

    private static boolean secretDefine(Ctl ctl, Cmd cmd) {
        String from = Options.string(ctl, cmd, "file");
        String xml = Util.readFile(ctl, from);
        Secret s;
        try {
            s = ctl.conn().secretDefineXML(xml, cmd.has("validate") ? 1 : 0);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to set attributes from %s", from);
        }
        ctl.printExtra(String.format("Secret %s created\n", s.getUUIDString()));
        return true;
    }

    private static boolean secretDumpxml(Ctl ctl, Cmd cmd) {
        Secret s = Lookup.secret(ctl, cmd);
        if (s == null) {
            return false;
        }
        return XPathOutput.print(ctl, cmd, s.getXMLDesc(0));
    }

    private static boolean secretUndefine(Ctl ctl, Cmd cmd) {
        Secret s = Lookup.secret(ctl, cmd);
        if (s == null) {
            return false;
        }
        try {
            s.undefine();
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to delete secret %s", Options.string(ctl, cmd, "secret"));
        }
        ctl.printExtra(String.format("Secret %s deleted\n", Options.string(ctl, cmd, "secret")));
        return true;
    }

    private static final String[] USAGE = {"none", "volume", "ceph", "iscsi", "tls", "vtpm"};

    private static boolean secretList(Ctl ctl, Cmd cmd) {
        int flags = (cmd.has("ephemeral") ? 1 : 0) | (cmd.has("no-ephemeral") ? 2 : 0)
                | (cmd.has("private") ? 4 : 0) | (cmd.has("no-private") ? 8 : 0);
        List<Secret> list = new ArrayList<>();
        try {
            list.addAll(ctl.conn().listAllSecrets(flags));
        } catch (VirException e) {
            if (e.code() != org.jvirt.core.ErrorNumber.NO_SUPPORT) {
                return Util.fail(ctl, e, "Failed to list node secrets");
            }
            // virsh falls back to the old listing API, which cannot filter
            if (flags != 0) {
                ctl.error("Filtering is not supported by this libvirt");
                return false;
            }
            try {
                ctl.conn().numOfSecrets();
            } catch (VirException e2) {
                return Util.fail(ctl, e2, "Failed to count secrets");
            }
            List<String> uuids;
            try {
                uuids = ctl.conn().listSecrets(Integer.MAX_VALUE);
            } catch (VirException e2) {
                return Util.fail(ctl, e2, "Failed to list secrets");
            }
            for (String u : uuids) {
                list.add(ctl.conn().secretLookupByUUIDString(u));
            }
        }
        list.sort((a, b) -> a.getUUIDString().compareTo(b.getUUIDString()));
        VshTable t = new VshTable("UUID", "Usage");
        for (Secret s : list) {
            int type = s.getUsageType();
            if (type > 0 && type < USAGE.length) {
                t.row(s.getUUIDString(), USAGE[type] + " " + s.getUsageID());
            } else {
                t.row(s.getUUIDString(), "Unused");
            }
        }
        t.print(ctl);
        return true;
    }

    private static boolean secretGetValue(Ctl ctl, Cmd cmd) {
        Secret s = Lookup.secret(ctl, cmd);
        if (s == null) {
            return false;
        }
        byte[] v = s.getValue(0);
        if (cmd.has("plain")) {
            ctl.out().write(v, 0, v.length);
        } else {
            ctl.print(Base64.getEncoder().encodeToString(v) + "\n");
        }
        return true;
    }

    private static boolean secretSetValue(Ctl ctl, Cmd cmd) {
        Secret s = Lookup.secret(ctl, cmd);
        if (s == null) {
            return false;
        }
        String base64 = Options.string(ctl, cmd, "base64");
        String file = Options.string(ctl, cmd, "file");
        boolean plain = cmd.has("plain");
        if (!Options.exclusive(ctl, cmd, "file", "base64") || !Options.exclusive(ctl, cmd, "plain", "base64")
                || !Options.exclusive(ctl, cmd, "interactive", "base64")
                || !Options.exclusive(ctl, cmd, "interactive", "plain")
                || !Options.exclusive(ctl, cmd, "interactive", "file")) {
            return false;
        }
        byte[] value;
        if (file != null) {
            String content = Util.readFile(ctl, file);
            value = content.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } else if (base64 != null) {
            value = base64.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } else {
            ctl.error("Input secret value is missing");
            return false;
        }
        if (!plain) {
            try {
                value = Base64.getMimeDecoder().decode(new String(value, java.nio.charset.StandardCharsets.UTF_8)
                        .strip());
            } catch (IllegalArgumentException e) {
                ctl.error("Invalid base64 data");
                return false;
            }
        }
        try {
            s.setValue(value, 0);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to set secret value");
        }
        ctl.printExtra("Secret value set\n");
        return true;
    }

    private static boolean nwfilterDefine(Ctl ctl, Cmd cmd) {
        String from = Options.string(ctl, cmd, "file");
        String xml = Util.readFile(ctl, from);
        NWFilter f;
        try {
            int flags = cmd.has("validate") ? 1 : 0;
            f = flags != 0 ? ctl.conn().nwfilterDefineXMLFlags(xml, flags) : ctl.conn().nwfilterDefineXML(xml);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to define network filter from %s", from);
        }
        ctl.printExtra(String.format("Network filter %s defined from %s\n", f.getName(), from));
        return true;
    }

    private static boolean nwfilterUndefine(Ctl ctl, Cmd cmd) {
        NWFilter f = Lookup.nwfilter(ctl, cmd);
        if (f == null) {
            return false;
        }
        try {
            f.undefine();
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to undefine network filter %s", Options.string(ctl, cmd, "nwfilter"));
        }
        ctl.printExtra(String.format("Network filter %s undefined\n", Options.string(ctl, cmd, "nwfilter")));
        return true;
    }

    private static boolean nwfilterDumpxml(Ctl ctl, Cmd cmd) {
        NWFilter f = Lookup.nwfilter(ctl, cmd);
        if (f == null) {
            return false;
        }
        return XPathOutput.print(ctl, cmd, f.getXMLDesc(0));
    }

    private static boolean nwfilterList(Ctl ctl, Cmd cmd) {
        List<NWFilter> list = new ArrayList<>();
        try {
            list.addAll(ctl.conn().listAllNWFilters(0));
        } catch (VirException e) {
            if (e.code() != org.jvirt.core.ErrorNumber.NO_SUPPORT) {
                return Util.fail(ctl, e, "Failed to list network filters");
            }
            // virsh falls back to the old listing API
            try {
                ctl.conn().numOfNWFilters();
            } catch (VirException e2) {
                return Util.fail(ctl, e2, "Failed to count network filters");
            }
            List<String> names;
            try {
                names = ctl.conn().listNWFilters(Integer.MAX_VALUE);
            } catch (VirException e2) {
                return Util.fail(ctl, e2, "Failed to list network filters");
            }
            for (String n : names) {
                list.add(ctl.conn().nwfilterLookupByName(n));
            }
        }
        list.sort((a, b) -> String.CASE_INSENSITIVE_ORDER.compare(a.getName(), b.getName()));
        VshTable t = new VshTable("UUID", "Name");
        for (NWFilter f : list) {
            t.row(f.getUUIDString(), f.getName());
        }
        t.print(ctl);
        return true;
    }

    private static NWFilterBinding binding(Ctl ctl, Cmd cmd) {
        String n = Options.string(ctl, cmd, "binding");
        try {
            return ctl.conn().nwfilterBindingLookupByPortDev(n);
        } catch (VirException e) {
            Util.fail(ctl, e, "failed to get nwfilter binding '%s'", n);
            return null;
        }
    }

    private static boolean bindingCreate(Ctl ctl, Cmd cmd) {
        String from = Options.string(ctl, cmd, "file");
        String xml = Util.readFile(ctl, from);
        NWFilterBinding b;
        try {
            b = ctl.conn().nwfilterBindingCreateXML(xml, cmd.has("validate") ? 1 : 0);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to create network filter from %s", from);
        }
        ctl.printExtra(String.format("Network filter binding on %s created from %s\n", b.getPortDev(), from));
        return true;
    }

    private static boolean bindingDelete(Ctl ctl, Cmd cmd) {
        NWFilterBinding b = binding(ctl, cmd);
        if (b == null) {
            return false;
        }
        try {
            b.delete();
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to delete network filter binding %s", b.getPortDev());
        }
        ctl.printExtra(String.format("Network filter binding on %s deleted\n", b.getPortDev()));
        return true;
    }

    private static boolean bindingDumpxml(Ctl ctl, Cmd cmd) {
        NWFilterBinding b = binding(ctl, cmd);
        if (b == null) {
            return false;
        }
        return XPathOutput.print(ctl, cmd, b.getXMLDesc(0));
    }

    private static boolean bindingList(Ctl ctl, Cmd cmd) {
        List<NWFilterBinding> list;
        try {
            list = new ArrayList<>(ctl.conn().listAllNWFilterBindings(0));
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to list network filter bindings");
        }
        list.sort((a, b) -> String.CASE_INSENSITIVE_ORDER.compare(a.getPortDev(), b.getPortDev()));
        VshTable t = new VshTable("Port Dev", "Filter");
        for (NWFilterBinding b : list) {
            t.row(b.getPortDev(), b.getFilterName());
        }
        t.print(ctl);
        return true;
    }
}
