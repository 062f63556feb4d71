package org.jvirt.cli.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jvirt.api.Records.StoragePoolInfo;
import org.jvirt.api.StoragePool;
import org.jvirt.cli.Cmd;
import org.jvirt.cli.Ctl;
import org.jvirt.cli.Escapes;
import org.jvirt.cli.Handler;
import org.jvirt.cli.Options;
import org.jvirt.cli.VshTable;
import org.jvirt.core.VirException;

/** The "Storage Pool" group (virsh-pool.c). */
final class PoolCommands {
    static final int LIST_INACTIVE = 1;
    static final int LIST_ACTIVE = 2;
    static final List<String> TYPES = List.of("dir", "fs", "netfs", "logical", "disk", "iscsi", "iscsi-direct",
            "scsi", "mpath", "rbd", "sheepdog", "gluster", "zfs", "vstorage");
    /** VIR_CONNECT_LIST_STORAGE_POOLS_* bit for each of {@link #TYPES}. */
    private static final int[] TYPE_FLAGS = {64, 128, 256, 512, 1024, 2048, 524288, 4096, 8192, 16384, 32768,
        65536, 131072, 262144};

    private PoolCommands() {}

    static void register(Map<String, Handler> m) {
        m.put("pool-autostart", PoolCommands::autostart);
        m.put("pool-build", PoolCommands::build);
        m.put("pool-create", PoolCommands::create);
        m.put("pool-define", PoolCommands::define);
        m.put("pool-create-as", (ctl, cmd) -> createAs(ctl, cmd, true));
        m.put("pool-define-as", (ctl, cmd) -> createAs(ctl, cmd, false));
        m.put("pool-delete", simple(p -> p.delete(0), "Pool %s deleted\n", "Failed to delete pool %s"));
        m.put("pool-destroy", simple(StoragePool::destroy, "Pool %s destroyed\n", "Failed to destroy pool %s"));
        m.put("pool-refresh", simple(p -> p.refresh(0), "Pool %s refreshed\n", "Failed to refresh pool %s"));
        m.put("pool-undefine", simple(StoragePool::undefine, "Pool %s has been undefined\n",
                "Failed to undefine pool %s"));
        m.put("pool-start", PoolCommands::start);
        m.put("pool-dumpxml", PoolCommands::dumpxml);
        m.put("pool-info", PoolCommands::info);
        m.put("pool-list", PoolCommands::list);
        m.put("pool-name", PoolCommands::name);
        m.put("pool-uuid", PoolCommands::uuid);
        m.put("pool-capabilities", PoolCommands::capabilities);
        m.put("find-storage-pool-sources", PoolCommands::findSources);
        m.put("find-storage-pool-sources-as", PoolCommands::findSourcesAs);
    }

    private interface PoolAction {
        void apply(StoragePool p);
    }

    private static Handler simple(PoolAction action, String ok, String failed) {
        return (ctl, cmd) -> {
            StoragePool pool = Lookup.pool(ctl, cmd, "pool");
            if (pool == null) {
                return false;
            }
            try {
                action.apply(pool);
            } catch (VirException e) {
                return Util.fail(ctl, e, failed, pool.getName());
            }
            ctl.printExtra(String.format(ok, pool.getName()));
            return true;
        };
    }

    private static boolean autostart(Ctl ctl, Cmd cmd) {
        StoragePool pool = Lookup.pool(ctl, cmd, "pool");
        if (pool == null) {
            return false;
        }
        boolean enable = !cmd.has("disable");
        try {
            pool.setAutostart(enable);
        } catch (VirException e) {
            return Util.fail(ctl, e, enable ? "failed to mark pool %s as autostarted"
                    : "failed to unmark pool %s as autostarted", pool.getName());
        }
        ctl.printExtra(String.format(enable ? "Pool %s marked as autostarted\n" : "Pool %s unmarked as autostarted\n",
                pool.getName()));
        return true;
    }

    private static boolean build(Ctl ctl, Cmd cmd) {
        StoragePool pool = Lookup.pool(ctl, cmd, "pool");
        if (pool == null) {
            return false;
        }
        int flags = (cmd.has("no-overwrite") ? 4 : 0) | (cmd.has("overwrite") ? 8 : 0);
        try {
            pool.build(flags);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to build pool %s", pool.getName());
        }
        ctl.printExtra(String.format("Pool %s built\n", pool.getName()));
        return true;
    }

    /** VIR_STORAGE_POOL_CREATE_WITH_BUILD* from --build/--overwrite/--no-overwrite; null after an error. */
    private static Integer createFlags(Ctl ctl, Cmd cmd) {
        if (!Options.exclusive(ctl, cmd, "overwrite", "no-overwrite")) {
            return null;
        }
        return (cmd.has("build") ? 1 : 0) | (cmd.has("overwrite") ? 2 : 0) | (cmd.has("no-overwrite") ? 4 : 0);
    }

    private static boolean create(Ctl ctl, Cmd cmd) {
        String from = Options.string(ctl, cmd, "file");
        Integer flags = createFlags(ctl, cmd);
        if (flags == null) {
            return false;
        }
        String xml = Util.readFile(ctl, from);
        StoragePool pool;
        try {
            pool = ctl.conn().storagePoolCreateXML(xml, flags);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to create pool from %s", from);
        }
        ctl.printExtra(String.format("Pool %s created from %s\n", pool.getName(), from));
        return true;
    }

    private static boolean define(Ctl ctl, Cmd cmd) {
        String from = Options.string(ctl, cmd, "file");
        int flags = cmd.has("validate") ? 1 : 0;
        String xml = Util.readFile(ctl, from);
        StoragePool pool;
        try {
            pool = ctl.conn().storagePoolDefineXML(xml, flags);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to define pool from %s", from);
        }
        ctl.printExtra(String.format("Pool %s defined from %s\n", pool.getName(), from));
        return true;
    }

    private static boolean start(Ctl ctl, Cmd cmd) {
        StoragePool pool = Lookup.pool(ctl, cmd, "pool");
        if (pool == null) {
            return false;
        }
        Integer flags = createFlags(ctl, cmd);
        if (flags == null) {
            return false;
        }
        try {
            pool.create(flags);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to start pool %s", pool.getName());
        }
        ctl.printExtra(String.format("Pool %s started\n", pool.getName()));
        return true;
    }

    /** virshBuildPoolXML. */
    private static String buildXml(Ctl ctl, Cmd cmd, String name, String type) {
        String srcHost = Options.string(ctl, cmd, "source-host");
        String srcPath = Options.string(ctl, cmd, "source-path");
        String srcDev = Options.string(ctl, cmd, "source-dev");
        String srcName = Options.string(ctl, cmd, "source-name");
        String srcFormat = Options.string(ctl, cmd, "source-format");
        String target = Options.string(ctl, cmd, "target");
        String authType = Options.string(ctl, cmd, "auth-type");
        String authUsername = Options.string(ctl, cmd, "auth-username");
        String secretUsage = Options.string(ctl, cmd, "secret-usage");
        String secretUUID = Options.string(ctl, cmd, "secret-uuid");
        String adapterName = Options.string(ctl, cmd, "adapter-name");
        String adapterWwnn = Options.string(ctl, cmd, "adapter-wwnn");
        String adapterWwpn = Options.string(ctl, cmd, "adapter-wwpn");
        String adapterParent = Options.string(ctl, cmd, "adapter-parent");
        String adapterParentWwnn = Options.string(ctl, cmd, "adapter-parent-wwnn");
        String adapterParentWwpn = Options.string(ctl, cmd, "adapter-parent-wwpn");
        String adapterParentFabricWwn = Options.string(ctl, cmd, "adapter-parent-fabric-wwn");
        String protoVer = Options.string(ctl, cmd, "source-protocol-ver");
        String initiator = Options.string(ctl, cmd, "source-initiator");
        StringBuilder b = new StringBuilder();
        b.append("<pool type='").append(type).append("'>\n");
        b.append("  <name>").append(name).append("</name>\n");
        if (srcHost != null || srcPath != null || srcDev != null || initiator != null || srcFormat != null
                || srcName != null || (adapterWwnn != null && adapterWwpn != null) || adapterName != null) {
            b.append("  <source>\n");
            if (srcHost != null) {
                b.append("    <host name='").append(srcHost).append("'/>\n");
            }
            if (srcPath != null) {
                b.append("    <dir path='").append(srcPath).append("'/>\n");
            }
            if (srcDev != null) {
                b.append("    <device path='").append(srcDev).append("'/>\n");
            }
            if (initiator != null) {
                b.append("    <initiator>\n      <iqn name='").append(initiator).append("'/>\n    </initiator>\n");
            }
            if (adapterWwnn != null && adapterWwpn != null) {
                b.append("    <adapter type='fc_host'");
                if (adapterParent != null) {
                    b.append(" parent='").append(adapterParent).append('\'');
                } else if (adapterParentWwnn != null && adapterParentWwpn != null) {
                    b.append(" parent_wwnn='").append(adapterParentWwnn).append("' parent_wwpn='")
                            .append(adapterParentWwpn).append('\'');
                } else if (adapterParentFabricWwn != null) {
                    b.append(" parent_fabric_wwn='").append(adapterParentFabricWwn).append('\'');
                }
                b.append(" wwnn='").append(adapterWwnn).append("' wwpn='").append(adapterWwpn).append("'/>\n");
            } else if (adapterName != null) {
                b.append("    <adapter type='scsi_host' name='").append(adapterName).append("'/>\n");
            }
            if (authType != null && authUsername != null && (secretUsage != null || secretUUID != null)) {
                b.append("    <auth type='").append(authType).append("' username='").append(authUsername)
                        .append("'>\n");
                if (secretUsage != null) {
                    b.append("      <secret usage='").append(secretUsage).append("'/>\n");
                } else {
                    b.append("      <secret uuid='").append(secretUUID).append("'/>\n");
                }
                b.append("    </auth>\n");
            }
            if (srcFormat != null) {
                b.append("    <format type='").append(srcFormat).append("'/>\n");
            }
            if (srcName != null) {
                b.append("    <name>").append(srcName).append("</name>\n");
            }
            if (protoVer != null) {
                b.append("    <protocol ver='").append(protoVer).append("'/>\n");
            }
            b.append("  </source>\n");
        }
        if (target != null) {
            b.append("  <target>\n    <path>").append(target).append("</path>\n  </target>\n");
        }
        b.append("</pool>\n");
        return b.toString();
    }

    private static boolean createAs(Ctl ctl, Cmd cmd, boolean create) {
        String name = Options.string(ctl, cmd, "name");
        String type = Options.string(ctl, cmd, "type");
        Integer flags = create ? createFlags(ctl, cmd) : Integer.valueOf(0);
        if (flags == null) {
            return false;
        }
        String xml = buildXml(ctl, cmd, name, type);
        if (cmd.has("print-xml")) {
            ctl.print(xml);
            return true;
        }
        StoragePool pool;
        try {
            pool = create ? ctl.conn().storagePoolCreateXML(xml, flags) : ctl.conn().storagePoolDefineXML(xml, 0);
        } catch (VirException e) {
            return Util.fail(ctl, e, create ? "Failed to create pool %s" : "Failed to define pool %s", name);
        }
        ctl.printExtra(String.format(create ? "Pool %s created\n" : "Pool %s defined\n", pool.getName()));
        return true;
    }

    private static boolean dumpxml(Ctl ctl, Cmd cmd) {
        StoragePool pool = Lookup.pool(ctl, cmd, "pool");
        if (pool == null) {
            return false;
        }
        return XPathOutput.print(ctl, cmd, pool.getXMLDesc(cmd.has("inactive") ? 1 : 0));
    }

    static String state(int s) {
        return switch (s) {
            case 0 -> "inactive";
            case 1 -> "building";
            case 2 -> "running";
            case 3 -> "degraded";
            case 4 -> "inaccessible";
            default -> "unknown";
        };
    }

    private static String pretty(long v) {
        return Util.prettyCapacity(v);
    }

    private static boolean info(Ctl ctl, Cmd cmd) {
        StoragePool pool = Lookup.pool(ctl, cmd, "pool");
        if (pool == null) {
            return false;
        }
        boolean bytes = cmd.has("bytes");
        ctl.printf("%-15s %s\n", "Name:", pool.getName());
        ctl.printf("%-15s %s\n", "UUID:", pool.getUUIDString());
        StoragePoolInfo info;
        try {
            info = pool.getInfo();
        } catch (VirException e) {
            ctl.setLastError(e);
            return false;
        }
        ctl.printf("%-15s %s\n", "State:", state(info.state()));
        try {
            ctl.printf("%-15s %s\n", "Persistent:", pool.isPersistent() ? "yes" : "no");
        } catch (VirException e) {
            ctl.printf("%-15s %s\n", "Persistent:", "unknown");
        }
        try {
            ctl.printf("%-15s %s\n", "Autostart:", pool.getAutostart() ? "yes" : "no");
        } catch (VirException e) {
            ctl.printf("%-15s %s\n", "Autostart:", "no autostart");
        }
        if (info.state() == 2 || info.state() == 3) {
            if (bytes) {
                ctl.printf("%-15s %s\n", "Capacity:", Long.toUnsignedString(info.capacity()));
                ctl.printf("%-15s %s\n", "Allocation:", Long.toUnsignedString(info.allocation()));
                ctl.printf("%-15s %s\n", "Available:", Long.toUnsignedString(info.available()));
            } else {
                ctl.printf("%-15s %s\n", "Capacity:", pretty(info.capacity()));
                ctl.printf("%-15s %s\n", "Allocation:", pretty(info.allocation()));
                ctl.printf("%-15s %s\n", "Available:", pretty(info.available()));
            }
        }
        return true;
    }

    private static boolean list(Ctl ctl, Cmd cmd) {
        boolean details = cmd.has("details");
        boolean optUUID = cmd.has("uuid");
        boolean optName = cmd.has("name");
        if (!Options.exclusive(ctl, cmd, "details", "uuid") || !Options.exclusive(ctl, cmd, "details", "name")) {
            return false;
        }
        int flags = LIST_ACTIVE;
        if (cmd.has("inactive")) {
            flags = LIST_INACTIVE;
        }
        if (cmd.has("all")) {
            flags = LIST_ACTIVE | LIST_INACTIVE;
        }
        flags |= (cmd.has("persistent") ? 4 : 0) | (cmd.has("transient") ? 8 : 0) | (cmd.has("autostart") ? 16 : 0)
                | (cmd.has("no-autostart") ? 32 : 0);
        String type = Options.string(ctl, cmd, "type");
        if (type != null) {
            for (String t : Escapes.splitCommas(type)) {
                int i = TYPES.indexOf(t);
                if (i < 0) {
                    ctl.errorf("Invalid pool type '%s'", t);
                    return false;
                }
                flags |= TYPE_FLAGS[i];
            }
        }
        List<StoragePool> pools;
        try {
            pools = new ArrayList<>(ctl.conn().listAllStoragePools(flags));
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to list pools");
        }
        pools.sort((a, b) -> String.CASE_INSENSITIVE_ORDER.compare(a.getName(), b.getName()));
        List<String[]> rows = new ArrayList<>();
        for (StoragePool p : pools) {
            String autostart;
            try {
                autostart = p.getAutostart() ? "yes" : "no";
            } catch (VirException e) {
                autostart = "no autostart";
            }
            String persistent = "";
            if (details) {
                try {
                    persistent = p.isPersistent() ? "yes" : "no";
                } catch (VirException e) {
                    persistent = "unknown";
                }
            }
            String st;
            String cap = "";
            String alloc = "";
            String avail = "";
            try {
                StoragePoolInfo info = p.getInfo();
                if (details) {
                    st = state(info.state());
                    if (info.state() == 2 || info.state() == 3) {
                        cap = pretty(info.capacity());
                        alloc = pretty(info.allocation());
                        avail = pretty(info.available());
                    } else {
                        cap = "-";
                        alloc = "-";
                        avail = "-";
                    }
                } else {
                    st = p.isActive() ? "active" : "inactive";
                }
            } catch (VirException e) {
                ctl.error("Could not retrieve pool information");
                st = "unknown";
                cap = "unknown";
                alloc = "unknown";
                avail = "unknown";
            }
            rows.add(new String[] {p.getName(), st, autostart, persistent, cap, alloc, avail, p.getUUIDString()});
        }
        if (!details) {
            if (optUUID || optName) {
                StringBuilder sb = new StringBuilder();
                for (String[] r : rows) {
                    if (optUUID) {
                        sb.append(String.format("%-36s%c", r[7], optName ? ' ' : '\n'));
                    }
                    if (optName) {
                        sb.append(String.format("%-20s\n", r[0]));
                    }
                }
                ctl.print(sb.toString());
                return true;
            }
            VshTable t = new VshTable("Name", "State", "Autostart");
            for (String[] r : rows) {
                t.row(r[0], r[1], r[2]);
            }
            t.print(ctl);
            return true;
        }
        VshTable t = new VshTable("Name", "State", "Autostart", "Persistent", "Capacity", "Allocation", "Available");
        for (String[] r : rows) {
            t.row(r[0], r[1], r[2], r[3], r[4], r[5], r[6]);
        }
        t.print(ctl);
        return true;
    }

    private static boolean name(Ctl ctl, Cmd cmd) {
        String n = Options.string(ctl, cmd, "pool");
        StoragePool pool;
        try {
            pool = ctl.conn().storagePoolLookupByUUIDString(n);
        } catch (VirException e) {
            return Util.fail(ctl, e, "failed to get pool '%s'", n);
        }
        ctl.print(pool.getName() + "\n");
        return true;
    }

    private static boolean uuid(Ctl ctl, Cmd cmd) {
        String n = Options.string(ctl, cmd, "pool");
        StoragePool pool;
        try {
            pool = ctl.conn().storagePoolLookupByName(n);
        } catch (VirException e) {
            return Util.fail(ctl, e, "failed to get pool '%s'", n);
        }
        ctl.print(pool.getUUIDString() + "\n");
        return true;
    }

    private static boolean capabilities(Ctl ctl, Cmd cmd) {
        String caps;
        try {
            caps = ctl.conn().getStoragePoolCapabilities(0);
        } catch (VirException e) {
            return Util.fail(ctl, e, "failed to get storage pool capabilities");
        }
        ctl.print(caps);
        return true;
    }

    private static boolean findSources(Ctl ctl, Cmd cmd) {
        String type = Options.string(ctl, cmd, "type");
        String specFile = Options.string(ctl, cmd, "srcSpec");
        String spec = specFile == null ? null : Util.readFile(ctl, specFile);
        String list;
        try {
            list = ctl.conn().findStoragePoolSources(type, spec, 0);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to find any %s pool sources", type);
        }
        ctl.print(list);
        return true;
    }

    private static boolean findSourcesAs(Ctl ctl, Cmd cmd) {
        String type = Options.string(ctl, cmd, "type");
        String host = Options.string(ctl, cmd, "host");
        String port = Options.string(ctl, cmd, "port");
        String initiator = Options.string(ctl, cmd, "initiator");
        String spec = null;
        if (host != null) {
            StringBuilder b = new StringBuilder("<source>\n  <host name='").append(host).append('\'');
            if (port != null) {
                b.append(" port='").append(port).append('\'');
            }
            b.append("/>\n");
            if (initiator != null) {
                b.append("  <initiator>\n    <iqn name='").append(initiator).append("'/>\n  </initiator>\n");
            }
            b.append("</source>\n");
            spec = b.toString();
        }
        String list;
        try {
            list = ctl.conn().findStoragePoolSources(type, spec, 0);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to find any %s pool sources", type);
        }
        ctl.print(list);
        return true;
    }
}
