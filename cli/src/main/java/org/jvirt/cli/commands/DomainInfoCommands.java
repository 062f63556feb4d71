package org.jvirt.cli.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jvirt.api.Domain;
import org.jvirt.api.Records.DomainBlockInfo;
import org.jvirt.api.Records.DomainInfo;
import org.jvirt.api.Records.DomainMemoryStat;
import org.jvirt.api.Records.DomainState;
import org.jvirt.api.Records.SecurityLabel;
import org.jvirt.api.Records.SecurityModel;
import org.jvirt.cli.Cmd;
import org.jvirt.cli.Ctl;
import org.jvirt.cli.Handler;
import org.jvirt.cli.Options;
import org.jvirt.cli.VshTable;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.w3c.dom.Node;

/** Querying domains: list, dominfo, domstate, domid/domname/domuuid, dumpxml, device lists (virsh-domain-monitor.c). */
final class DomainInfoCommands {
    // virConnectListAllDomainsFlags
    static final int LIST_ACTIVE = 1;
    static final int LIST_INACTIVE = 2;
    static final int LIST_PERSISTENT = 4;
    static final int LIST_TRANSIENT = 8;
    static final int LIST_RUNNING = 16;
    static final int LIST_PAUSED = 32;
    static final int LIST_SHUTOFF = 64;
    static final int LIST_OTHER = 128;
    static final int LIST_MANAGEDSAVE = 256;
    static final int LIST_NO_MANAGEDSAVE = 512;
    static final int LIST_AUTOSTART = 1024;
    static final int LIST_NO_AUTOSTART = 2048;
    static final int LIST_HAS_SNAPSHOT = 4096;
    static final int LIST_NO_SNAPSHOT = 8192;
    static final int LIST_HAS_CHECKPOINT = 16384;
    static final int LIST_NO_CHECKPOINT = 32768;
    static final int METADATA_DESCRIPTION = 0;
    static final int METADATA_TITLE = 1;

    private DomainInfoCommands() {}

    static void register(Map<String, Handler> m) {
        m.put("list", DomainInfoCommands::list);
        m.put("dominfo", DomainInfoCommands::dominfo);
        m.put("domstate", DomainInfoCommands::domstate);
        m.put("domid", DomainInfoCommands::domid);
        m.put("domname", DomainInfoCommands::domname);
        m.put("domuuid", DomainInfoCommands::domuuid);
        m.put("dumpxml", DomainInfoCommands::dumpxml);
        m.put("domblklist", DomainInfoCommands::domblklist);
        m.put("domiflist", DomainInfoCommands::domiflist);
        m.put("domblkinfo", DomainInfoCommands::domblkinfo);
        m.put("dommemstat", DomainInfoCommands::dommemstat);
        m.put("domcontrol", DomainInfoCommands::domcontrol);
    }

    private static final String[][] REASONS = {
        {"unknown"},
        {"unknown", "booted", "migrated", "restored", "from snapshot", "unpaused", "migration canceled",
            "save canceled", "event wakeup", "crashed", "post-copy", "post-copy failed"},
        {"unknown"},
        {"unknown", "user", "migrating", "saving", "dumping", "I/O error", "watchdog", "from snapshot",
            "shutting down", "creating snapshot", "crashed", "starting up", "post-copy", "post-copy failed",
            "api error"},
        {"unknown", "user"},
        {"unknown", "shutdown", "destroyed", "crashed", "migrated", "saved", "failed", "from snapshot", "daemon"},
        {"unknown", "panicked"},
        {"unknown"},
    };

    /** virshDomainStateReasonToString. */
    static String reason(int state, int reason) {
        if (state < 0 || state >= REASONS.length || reason < 0 || reason >= REASONS[state].length) {
            return "unknown";
        }
        return REASONS[state][reason];
    }

    private static boolean list(Ctl ctl, Cmd cmd) {
        boolean optTitle = cmd.has("title");
        boolean optUUID = cmd.has("uuid");
        boolean optName = cmd.has("name");
        boolean optID = cmd.has("id");
        boolean optManagedSave = cmd.has("managed-save");
        if (!Options.exclusive(ctl, cmd, "table", "name") || !Options.exclusive(ctl, cmd, "table", "uuid")
                || !Options.exclusive(ctl, cmd, "table", "id")) {
            return false;
        }
        boolean optTable = cmd.has("table") || (!optUUID && !optName && !optID);
        int flags = LIST_ACTIVE;
        if (cmd.has("inactive")) {
            flags = LIST_INACTIVE;
        }
        if (cmd.has("all")) {
            flags = LIST_ACTIVE | LIST_INACTIVE;
        }
        flags |= filter(cmd, "persistent", LIST_PERSISTENT) | filter(cmd, "transient", LIST_TRANSIENT)
                | filter(cmd, "with-managed-save", LIST_MANAGEDSAVE)
                | filter(cmd, "without-managed-save", LIST_NO_MANAGEDSAVE)
                | filter(cmd, "autostart", LIST_AUTOSTART) | filter(cmd, "no-autostart", LIST_NO_AUTOSTART)
                | filter(cmd, "with-snapshot", LIST_HAS_SNAPSHOT) | filter(cmd, "without-snapshot", LIST_NO_SNAPSHOT)
                | filter(cmd, "with-checkpoint", LIST_HAS_CHECKPOINT)
                | filter(cmd, "without-checkpoint", LIST_NO_CHECKPOINT)
                | filter(cmd, "state-running", LIST_RUNNING) | filter(cmd, "state-paused", LIST_PAUSED)
                | filter(cmd, "state-shutoff", LIST_SHUTOFF) | filter(cmd, "state-other", LIST_OTHER);
        List<Domain> doms = listDomains(ctl, flags);
        if (doms == null) {
            return false;
        }
        VshTable table = null;
        if (optTable) {
            table = optTitle ? new VshTable("Id", "Name", "State", "Title") : new VshTable("Id", "Name", "State");
        }
        StringBuilder plain = new StringBuilder();
        for (Domain dom : doms) {
            int id = dom.getID();
            String idBuf = id != -1 ? Integer.toString(id) : "-";
            if (optTable) {
                int state;
                try {
                    state = domainState(dom);
                } catch (VirException e) {
                    continue;
                }
                String stateStr = Util.domainState(state);
                if (optManagedSave && state != -2) {
                    try {
                        if (dom.hasManagedSaveImage(0)) {
                            stateStr = "saved";
                        }
                    } catch (VirException e) {
                        // virsh treats an error like "no image"
                    }
                }
                if (optTitle) {
                    String title = description(ctl, dom, true, 0);
                    table.row(idBuf, dom.getName(), stateStr, title);
                } else {
                    table.row(idBuf, dom.getName(), stateStr);
                }
            } else {
                String sep = "";
                if (optUUID) {
                    plain.append(dom.getUUIDString());
                    sep = " ";
                }
                if (optID) {
                    if (id == -1 && !optUUID && !optName) {
                        continue;
                    }
                    plain.append(sep).append(idBuf);
                    sep = " ";
                }
                if (optName) {
                    plain.append(sep).append(dom.getName());
                }
                plain.append('\n');
            }
        }
        if (optTable) {
            table.print(ctl);
        } else {
            ctl.print(plain.toString());
        }
        return true;
    }

    private static int filter(Cmd cmd, String opt, int flag) {
        return cmd.has(opt) ? flag : 0;
    }

    /** virshDomainListCollect: all domains matching flags, sorted by name as virsh sorts them. */
    static List<Domain> listDomains(Ctl ctl, int flags) {
        List<Domain> doms;
        try {
            doms = new ArrayList<>(ctl.conn().listAllDomains(flags));
        } catch (VirException e) {
            ctl.setLastError(e);
            ctl.error("Failed to list domains");
            return null;
        }
        // virsh sorts active domains by id first, then inactive ones by name.
        doms.sort((a, b) -> {
            int ia = a.getID();
            int ib = b.getID();
            if (ia != -1 && ib != -1) {
                return Integer.compare(ia, ib);
            }
            if (ia != -1) {
                return -1;
            }
            if (ib != -1) {
                return 1;
            }
            return String.CASE_INSENSITIVE_ORDER.compare(a.getName(), b.getName());
        });
        return doms;
    }

    /** virshDomainState. */
    static int domainState(Domain dom) {
        return dom.getState(0).state();
    }

    /** virshGetDomainDescription: the title or description, "" when the domain has none. */
    static String description(Ctl ctl, Domain dom, boolean title, int flags) {
        try {
            return dom.getMetadata(title ? METADATA_TITLE : METADATA_DESCRIPTION, null, flags);
        } catch (VirException e) {
            if (e.code() == ErrorNumber.NO_DOMAIN_METADATA) {
                return "";
            }
            if (e.code() != ErrorNumber.NO_SUPPORT) {
                throw e;
            }
        }
        Xml xml = Xml.parse(dom.getXMLDesc(flags));
        String s = xml.string(title ? "string(/domain/title[1])" : "string(/domain/description[1])");
        return s == null ? "" : s;
    }

    private static boolean dominfo(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        boolean ret = true;
        int id = dom.getID();
        if (id == -1) {
            ctl.printf("%-15s %s\n", "Id:", "-");
        } else {
            ctl.printf("%-15s %d\n", "Id:", id);
        }
        ctl.printf("%-15s %s\n", "Name:", dom.getName());
        ctl.printf("%-15s %s\n", "UUID:", dom.getUUIDString());
        try {
            ctl.printf("%-15s %s\n", "OS Type:", dom.getOSType());
        } catch (VirException e) {
            ctl.setLastError(e);
        }
        try {
            DomainInfo info = dom.getInfo();
            ctl.printf("%-15s %s\n", "State:", Util.domainState(info.state()));
            ctl.printf("%-15s %d\n", "CPU(s):", info.nrVirtCpu());
            if (info.cpuTime() != 0) {
                double used = Long.compareUnsigned(info.cpuTime(), 0) < 0 ? info.cpuTime() + 0x1p64 : info.cpuTime();
                ctl.printf("%-15s %ss\n", "CPU time:", Util.fixed(used / 1_000_000_000.0, 1));
            }
            if (info.maxMem() != 0xFFFFFFFFL) {
                ctl.printf("%-15s %s KiB\n", "Max memory:", Long.toUnsignedString(info.maxMem()));
            } else {
                ctl.printf("%-15s %s\n", "Max memory:", "no limit");
            }
            ctl.printf("%-15s %s KiB\n", "Used memory:", Long.toUnsignedString(info.memory()));
        } catch (VirException e) {
            ctl.setLastError(e);
            ret = false;
        }
        try {
            ctl.printf("%-15s %s\n", "Persistent:", dom.isPersistent() ? "yes" : "no");
        } catch (VirException e) {
            ctl.printf("%-15s %s\n", "Persistent:", "unknown");
        }
        try {
            ctl.printf("%-15s %s\n", "Autostart:", dom.getAutostart() ? "enable" : "disable");
        } catch (VirException e) {
            ctl.setLastError(e);
        }
        try {
            ctl.printf("%-15s %s\n", "Managed save:", dom.hasManagedSaveImage(0) ? "yes" : "no");
        } catch (VirException e) {
            ctl.printf("%-15s %s\n", "Managed save:", "unknown");
        }
        SecurityModel model;
        try {
            model = ctl.conn().nodeGetSecurityModel();
        } catch (VirException e) {
            if (e.code() != ErrorNumber.NO_SUPPORT) {
                ctl.setLastError(e);
                return false;
            }
            ctl.resetError();
            return ret;
        }
        if (model.model() != null && !model.model().isEmpty()) {
            ctl.printf("%-15s %s\n", "Security model:", model.model());
            ctl.printf("%-15s %s\n", "Security DOI:", model.doi());
            SecurityLabel label;
            try {
                label = dom.getSecurityLabel();
            } catch (VirException e) {
                ctl.setLastError(e);
                return false;
            }
            if (label != null && label.label() != null && !label.label().isEmpty()) {
                ctl.printf("%-15s %s (%s)\n", "Security label:", label.label(),
                        label.enforcing() ? "enforcing" : "permissive");
            }
        }
        return ret;
    }

    private static boolean domstate(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        DomainState st = dom.getState(0);
        if (cmd.has("reason")) {
            ctl.printf("%s (%s)\n", Util.domainState(st.state()), reason(st.state(), st.reason()));
        } else {
            ctl.printf("%s\n", Util.domainState(st.state()));
        }
        return true;
    }

    private static boolean domid(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd, "domain", Lookup.BYNAME | Lookup.BYUUID);
        if (dom == null) {
            return false;
        }
        int id = dom.getID();
        ctl.print(id == -1 ? "-\n" : id + "\n");
        return true;
    }

    private static boolean domname(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd, "domain", Lookup.BYID | Lookup.BYUUID);
        if (dom == null) {
            return false;
        }
        ctl.print(dom.getName() + "\n");
        return true;
    }

    private static boolean domuuid(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd, "domain", Lookup.BYNAME | Lookup.BYID);
        if (dom == null) {
            return false;
        }
        ctl.print(dom.getUUIDString() + "\n");
        return true;
    }

    private static boolean dumpxml(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        int flags = (cmd.has("inactive") ? Domain.XML_INACTIVE : 0) | (cmd.has("security-info") ? Domain.XML_SECURE : 0)
                | (cmd.has("update-cpu") ? Domain.XML_UPDATE_CPU : 0)
                | (cmd.has("migratable") ? Domain.XML_MIGRATABLE : 0);
        String xml = dom.getXMLDesc(flags);
        return XPathOutput.print(ctl, cmd, xml);
    }

    private static boolean domblklist(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        boolean details = cmd.has("details");
        Xml xml = Xml.parse(dom.getXMLDesc(cmd.has("inactive") ? Domain.XML_INACTIVE : 0));
        VshTable table = details ? new VshTable("Type", "Device", "Target", "Source") : new VshTable("Target", "Source");
        for (Node disk : xml.nodes("/domain/devices/disk")) {
            String type = xml.string(disk, "string(./@type)");
            String device = null;
            if (details) {
                device = xml.string(disk, "string(./@device)");
                if (type == null || device == null) {
                    ctl.print("unable to query block list details");
                    return false;
                }
            }
            String target = xml.string(disk, "string(./target/@dev)");
            if (target == null) {
                ctl.error("unable to query block list");
                return false;
            }
            String source;
            if ("nvme".equals(type)) {
                String addr = xml.string(disk, "string(./source/address/@domain)");
                source = "nvme://" + addr;
            } else {
                source = xml.string(disk, "string(./source/@file|./source/@dev|./source/@dir|./source/@name"
                        + "|./source/@volume)");
            }
            source = source == null ? "-" : source;
            if (details) {
                table.row(type, device, target, source);
            } else {
                table.row(target, source);
            }
        }
        table.print(ctl);
        return true;
    }

    private static boolean domiflist(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        Xml xml = Xml.parse(dom.getXMLDesc(cmd.has("inactive") ? Domain.XML_INACTIVE : 0));
        VshTable table = new VshTable("Interface", "Type", "Source", "Model", "MAC");
        for (Node ifc : xml.nodes("/domain/devices/interface")) {
            String type = xml.string(ifc, "string(./@type)");
            String source = xml.string(ifc, "string(./source/@bridge|./source/@dev|./source/@network"
                    + "|./source/@name|./source/@path)");
            String target = xml.string(ifc, "string(./target/@dev)");
            String model = xml.string(ifc, "string(./model/@type)");
            String mac = xml.string(ifc, "string(./mac/@address)");
            table.row(dash(target), type == null ? "" : type, dash(source), dash(model), dash(mac));
        }
        table.print(ctl);
        return true;
    }

    static String dash(String s) {
        return s == null ? "-" : s;
    }

    private static boolean domblkinfo(Ctl ctl, Cmd cmd) {
        boolean human = cmd.has("human");
        boolean all = cmd.has("all");
        if (!Options.exclusive(ctl, cmd, "all", "device")) {
            return false;
        }
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        if (all) {
            Xml xml = Xml.parse(dom.getXMLDesc(0));
            VshTable table = new VshTable("Target", "Capacity", "Allocation", "Physical");
            for (Node disk : xml.nodes("/domain/devices/disk")) {
                String target = xml.string(disk, "string(./target/@dev)");
                String protocol = xml.string(disk, "string(./source/@protocol)");
                boolean hasSource = !xml.nodes(disk, "./source").isEmpty();
                DomainBlockInfo info = null;
                if (hasSource || protocol != null) {
                    info = dom.getBlockInfo(target, 0);
                }
                if (info == null) {
                    table.row(target, "-", "-", "-");
                } else {
                    table.row(target, size(info.capacity(), human), size(info.allocation(), human),
                            size(info.physical(), human));
                }
            }
            table.print(ctl);
            return true;
        }
        String device = Options.string(ctl, cmd, "device");
        if (device == null) {
            ctl.error("either --all or --device must be specified");
            return false;
        }
        DomainBlockInfo info = dom.getBlockInfo(device, 0);
        ctl.printf("%-15s %s\n", "Capacity:", size(info.capacity(), human));
        ctl.printf("%-15s %s\n", "Allocation:", size(info.allocation(), human));
        ctl.printf("%-15s %s\n", "Physical:", size(info.physical(), human));
        return true;
    }

    private static String size(long v, boolean human) {
        if (human) {
            return Util.prettyCapacity(v).replaceFirst("^(\\d+\\.\\d\\d)0* ", "$1 ");
        }
        return Long.toUnsignedString(v);
    }

    private static final String[] MEMSTAT_TAGS = {"swap_in", "swap_out", "major_fault", "minor_fault", "unused",
        "available", "actual", "rss", "usable", "last_update", "disk_caches", "hugetlb_pgalloc", "hugetlb_pgfail"};

    private static boolean dommemstat(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        int flags = (cmd.has("config") ? 2 : 0) | (cmd.has("live") ? 1 : 0);
        if (cmd.has("current")) {
            if (cmd.has("live") || cmd.has("config")) {
                ctl.error(cmd.has("live") ? "Options --current and --live are mutually exclusive"
                        : "Options --current and --config are mutually exclusive");
                return false;
            }
        }
        Integer period = Options.integer(ctl, cmd, "period");
        if (period != null) {
            if (period < 0) {
                ctl.errorf("Invalid collection period value '%d'", period);
                return false;
            }
            try {
                dom.setMemoryStatsPeriod(period, flags);
            } catch (VirException e) {
                ctl.setLastError(e);
                ctl.error("Unable to change balloon collection period.");
                return false;
            }
            return true;
        }
        List<DomainMemoryStat> stats;
        try {
            stats = dom.memoryStats(13, 0);
        } catch (VirException e) {
            ctl.setLastError(e);
            ctl.error("Failed to get memory statistics for domain");
            return false;
        }
        for (DomainMemoryStat s : stats) {
            String tag = s.tag() >= 0 && s.tag() < MEMSTAT_TAGS.length ? MEMSTAT_TAGS[s.tag()] : null;
            if (tag != null) {
                ctl.printf("%s %s\n", tag, Long.toUnsignedString(s.value()));
            }
        }
        return true;
    }

    private static boolean domcontrol(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        var info = dom.getControlInfo(0);
        String[] states = {"ok", "background job", "occupied", "error"};
        String st = info.state() >= 0 && info.state() < states.length ? states[info.state()] : "unknown";
        if (info.state() != 0 && info.state() != 3) {
            ctl.printf("%s (%.3fs)\n", st, info.stateTime() / 1000.0);
        } else {
            ctl.printf("%s\n", st);
        }
        return true;
    }
}
