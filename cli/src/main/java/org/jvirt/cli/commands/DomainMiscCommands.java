package org.jvirt.cli.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jvirt.api.Connect;
import org.jvirt.api.Domain;
import org.jvirt.api.Records.DomainBlockStats;
import org.jvirt.api.Records.DomainInterface;
import org.jvirt.api.Records.DomainInterfaceStats;
import org.jvirt.api.Records.IOThreadInfo;
import org.jvirt.api.Records.IPAddress;
import org.jvirt.cli.Cmd;
import org.jvirt.cli.Ctl;
import org.jvirt.cli.Handler;
import org.jvirt.cli.Options;
import org.jvirt.cli.VshTable;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.param.TypedParam;
import org.jvirt.core.param.TypedParams;
import org.w3c.dom.Node;

/** Descriptions, metadata, statistics and devices of domains (virsh-domain.c, virsh-domain-monitor.c). */
final class DomainMiscCommands {
    private static final int METADATA_ELEMENT = 2;

    private DomainMiscCommands() {}

    static void register(Map<String, Handler> m) {
        m.put("desc", DomainMiscCommands::desc);
        m.put("metadata", DomainMiscCommands::metadata);
        m.put("set-lifecycle-action", DomainMiscCommands::setLifecycleAction);
        m.put("dump", DomainMiscCommands::dump);
        m.put("cpu-stats", DomainMiscCommands::cpuStats);
        m.put("domstats", DomainMiscCommands::domstats);
        m.put("perf", DomainMiscCommands::perf);
        m.put("iothreadinfo", DomainMiscCommands::iothreadinfo);
        m.put("domblkstat", DomainMiscCommands::domblkstat);
        m.put("domifstat", DomainMiscCommands::domifstat);
        m.put("domif-getlink", DomainMiscCommands::domifGetlink);
        m.put("domifaddr", DomainMiscCommands::domifaddr);
        m.put("domlaunchsecinfo", DomainMiscCommands::domlaunchsecinfo);
        m.put("domhostname", DomainMiscCommands::domhostname);
        m.put("domtime", DomainMiscCommands::domtime);
        m.put("domjobinfo", DomainMiscCommands::domjobinfo);
        m.put("domjobabort", (ctl, cmd) -> withDomain(ctl, cmd, Domain::abortJob));
        m.put("inject-nmi", (ctl, cmd) -> withDomain(ctl, cmd, d -> d.injectNMI(0)));
        m.put("attach-device", (ctl, cmd) -> device(ctl, cmd, 0));
        m.put("detach-device", (ctl, cmd) -> device(ctl, cmd, 1));
        m.put("update-device", (ctl, cmd) -> device(ctl, cmd, 2));
        m.put("save-image-dumpxml", DomainMiscCommands::saveImageDumpxml);
        m.put("save-image-define", DomainMiscCommands::saveImageDefine);
        m.put("managedsave-dumpxml", DomainMiscCommands::managedsaveDumpxml);
        m.put("managedsave-define", DomainMiscCommands::managedsaveDefine);
        m.put("domblkerror", DomainMiscCommands::domblkerror);
    }

    private interface DomainAction {
        void apply(Domain d);
    }

    private static boolean withDomain(Ctl ctl, Cmd cmd, DomainAction a) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        a.apply(dom);
        return true;
    }

    private static boolean desc(Ctl ctl, Cmd cmd) {
        Integer flags = DomainTuneCommands.affect(ctl, cmd);
        if (flags == null) {
            return false;
        }
        boolean title = cmd.has("title");
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        dom.getState(0);
        List<String> words = cmd.argv("new-desc");
        String what = title ? "title" : "description";
        if (!words.isEmpty() || cmd.has("edit")) {
            String desc = words.isEmpty() ? DomainInfoCommands.description(ctl, dom, title, flags)
                    : String.join(" ", words);
            try {
                dom.setMetadata(title ? DomainInfoCommands.METADATA_TITLE : DomainInfoCommands.METADATA_DESCRIPTION,
                        desc, null, null, flags);
            } catch (VirException e) {
                return Util.fail(ctl, e, "Failed to set new domain %s", what);
            }
            ctl.printExtra(title ? "Domain title updated successfully" : "Domain description updated successfully");
            return true;
        }
        String desc = DomainInfoCommands.description(ctl, dom, title, flags);
        if (!desc.isEmpty()) {
            ctl.print(desc);
        } else {
            ctl.printExtra(String.format(title ? "No title for domain: %s" : "No description for domain: %s",
                    dom.getName()));
        }
        return true;
    }

    private static boolean metadata(Ctl ctl, Cmd cmd) {
        if (!Options.exclusive(ctl, cmd, "edit", "set") || !Options.exclusive(ctl, cmd, "remove", "set")
                || !Options.exclusive(ctl, cmd, "remove", "edit")) {
            return false;
        }
        Integer flags = DomainTuneCommands.affect(ctl, cmd);
        if (flags == null) {
            return false;
        }
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        String uri = Options.string(ctl, cmd, "uri");
        String key = Options.string(ctl, cmd, "key");
        String set = Options.string(ctl, cmd, "set");
        boolean rem = cmd.has("remove");
        if ((set != null || cmd.has("edit")) && key == null) {
            ctl.error("namespace key is required when modifying metadata");
            return false;
        }
        if (set != null || rem) {
            dom.setMetadata(METADATA_ELEMENT, set, key, uri, flags);
            ctl.printExtra(rem ? "Metadata removed\n" : "Metadata modified\n");
            return true;
        }
        ctl.print(dom.getMetadata(METADATA_ELEMENT, uri, flags) + "\n");
        return true;
    }

    private static final List<String> LIFECYCLE_TYPES = List.of("poweroff", "reboot", "crash");
    private static final List<String> LIFECYCLE_ACTIONS = List.of("destroy", "restart", "rename-restart", "preserve",
            "coredump-destroy", "coredump-restart");

    private static boolean setLifecycleAction(Ctl ctl, Cmd cmd) {
        Integer flags = DomainTuneCommands.affect(ctl, cmd);
        if (flags == null) {
            return false;
        }
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        String typeStr = Options.string(ctl, cmd, "type");
        String actionStr = Options.string(ctl, cmd, "action");
        int type = LIFECYCLE_TYPES.indexOf(typeStr);
        if (type < 0) {
            ctl.errorf("Invalid lifecycle type '%s'.", typeStr);
            return false;
        }
        int action = LIFECYCLE_ACTIONS.indexOf(actionStr);
        if (action < 0) {
            ctl.errorf("Invalid lifecycle action '%s'.", actionStr);
            return false;
        }
        try {
            dom.setLifecycleAction(type, action, flags);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Unable to change lifecycle action.");
        }
        return true;
    }

    private static final List<String> DUMP_FORMATS = List.of("raw", "kdump-zlib", "kdump-lzo", "kdump-snappy",
            "win-dmp");

    private static boolean dump(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        String to = Options.string(ctl, cmd, "file");
        int flags = (cmd.has("crash") ? 1 : 0) | (cmd.has("live") ? 2 : 0) | (cmd.has("bypass-cache") ? 4 : 0)
                | (cmd.has("reset") ? 8 : 0) | (cmd.has("memory-only") ? 16 : 0);
        String format = Options.string(ctl, cmd, "format");
        int dumpformat = 0;
        if (format != null) {
            if ((flags & 16) == 0) {
                ctl.error("--format only works with --memory-only");
                return false;
            }
            dumpformat = DUMP_FORMATS.indexOf(format);
            if (dumpformat < 0) {
                ctl.errorf("format '%s' is not supported, expecting 'kdump-zlib', 'kdump-lzo', 'kdump-snappy', "
                        + "'win-dmp' or 'raw'", format);
                return false;
            }
        }
        try {
            if (dumpformat != 0) {
                dom.coreDumpWithFormat(ctl.file(to).toString(), dumpformat, flags);
            } else {
                dom.coreDump(ctl.file(to).toString(), flags);
            }
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to core dump domain '%s' to %s", dom.getName(), to);
        }
        ctl.printExtra(String.format("\nDomain '%s' dumped to %s\n", dom.getName(), to));
        return true;
    }

    private static void printCpuParams(StringBuilder sb, TypedParams params, boolean total) {
        for (TypedParam p : params.asList()) {
            boolean time = p.field().equals("cpu_time") || (!total && p.field().equals("vcpu_time"))
                    || (total && (p.field().equals("user_time") || p.field().equals("system_time")));
            if (time && p instanceof TypedParam.ULLongParam u) {
                double v = u.value() < 0 ? u.value() + 0x1p64 : u.value();
                sb.append(String.format("\t%-15s %16s seconds\n", p.field(), Util.fixed(v / 1_000_000_000.0, 9)));
            } else {
                sb.append(String.format("\t%-15s %s\n", p.field(), p.valueString()));
            }
        }
    }

    private static boolean cpuStats(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        boolean showTotal = cmd.has("total");
        boolean showPerCpu = false;
        Integer start = Options.integer(ctl, cmd, "start");
        if (start != null) {
            if (start < 0) {
                ctl.error("Invalid value for start CPU");
                return false;
            }
            showPerCpu = true;
        }
        Integer count = Options.integer(ctl, cmd, "count");
        if (count != null) {
            if (count < 0) {
                ctl.error("Invalid value for number of CPUs to show");
                return false;
            }
            showPerCpu = true;
        }
        if (!showTotal && !showPerCpu) {
            showTotal = true;
            showPerCpu = true;
        }
        StringBuilder sb = new StringBuilder();
        try {
            if (showPerCpu) {
                int cpu = start == null ? 0 : start;
                int maxId = DomainTuneCommands.hostCpus(ctl);
                if (cpu >= maxId) {
                    ctl.errorf("Start CPU %d is out of range (min: 0, max: %d)", cpu, maxId - 1);
                    return false;
                }
                int show = count == null ? maxId - cpu : Math.min(count, maxId - cpu);
                if (count != null && count > maxId) {
                    sb.append(String.format("Only %d CPUs available to show\n", maxId));
                }
                List<TypedParams> per = dom.getCPUStats(cpu, show, 0);
                for (int i = 0; i < per.size(); i++) {
                    if (per.get(i).size() == 0) {
                        continue;
                    }
                    sb.append("CPU").append(cpu + i).append(":\n");
                    printCpuParams(sb, per.get(i), false);
                }
            }
            if (showTotal) {
                List<TypedParams> total = dom.getCPUStats(-1, 1, 0);
                sb.append("Total:\n");
                if (!total.isEmpty()) {
                    printCpuParams(sb, total.getFirst(), true);
                }
            }
        } catch (VirException e) {
            ctl.print(sb.toString());
            return Util.fail(ctl, e, "Failed to retrieve CPU statistics for domain '%s'", dom.getName());
        }
        ctl.print(sb.toString());
        return true;
    }

    private static final String[][] STAT_GROUPS = {{"state", "1"}, {"cpu-total", "2"}, {"balloon", "4"},
        {"vcpu", "8"}, {"interface", "16"}, {"block", "32"}, {"perf", "64"}, {"iothread", "128"}, {"memory", "256"},
        {"dirtyrate", "512"}, {"vm", "1024"}};
    private static final String[][] STAT_FILTERS = {{"list-active", "1"}, {"list-inactive", "2"},
        {"list-persistent", "4"}, {"list-transient", "8"}, {"list-running", "16"}, {"list-paused", "32"},
        {"list-shutoff", "64"}, {"list-other", "128"}, {"nowait", "536870912"}, {"backing", "1073741824"},
        {"enforce", "-2147483648"}};

    private static boolean domstats(Ctl ctl, Cmd cmd) {
        int stats = 0;
        for (String[] g : STAT_GROUPS) {
            stats |= cmd.has(g[0]) ? Integer.parseInt(g[1]) : 0;
        }
        int flags = 0;
        for (String[] f : STAT_FILTERS) {
            flags |= cmd.has(f[0]) ? Integer.parseInt(f[1]) : 0;
        }
        Connect conn = ctl.conn();
        List<Connect.DomainStatsRecord> records;
        if (cmd.has("domain")) {
            List<Domain> doms = new ArrayList<>();
            for (String n : cmd.argv("domain")) {
                Domain d = Lookup.domainBy(ctl, n, Lookup.BYID | Lookup.BYUUID | Lookup.BYNAME);
                if (d == null) {
                    return false;
                }
                doms.add(d);
            }
            records = conn.domainListGetStats(doms, stats, flags);
        } else {
            records = conn.getAllDomainStats(stats, flags);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < records.size(); i++) {
            Connect.DomainStatsRecord r = records.get(i);
            sb.append("Domain: '").append(r.dom().getName()).append("'\n");
            for (TypedParam p : r.params().asList()) {
                sb.append("  ").append(p.field()).append('=').append(p.valueString()).append('\n');
            }
            if (i < records.size() - 1) {
                sb.append('\n');
            }
        }
        ctl.print(sb.toString());
        return true;
    }

    private static boolean perf(Ctl ctl, Cmd cmd) {
        Integer flags = DomainTuneCommands.affect(ctl, cmd);
        if (flags == null) {
            return false;
        }
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        String enable = Options.string(ctl, cmd, "enable");
        String disable = Options.string(ctl, cmd, "disable");
        if (enable == null && disable == null) {
            TypedParams params;
            try {
                params = dom.getPerfEvents(flags);
            } catch (VirException e) {
                return Util.fail(ctl, e, "Unable to get perf events");
            }
            for (TypedParam p : params.asList()) {
                boolean on = p instanceof TypedParam.BooleanParam b && b.value();
                ctl.printExtra(String.format("%-15s: %s\n", p.field(), on ? "enabled" : "disabled"));
            }
            return true;
        }
        List<TypedParam> set = new ArrayList<>();
        if (enable != null) {
            for (String e : org.jvirt.cli.Escapes.splitCommas(enable)) {
                set.add(new TypedParam.BooleanParam(e, true));
            }
        }
        if (disable != null) {
            for (String e : org.jvirt.cli.Escapes.splitCommas(disable)) {
                set.add(new TypedParam.BooleanParam(e, false));
            }
        }
        try {
            dom.setPerfEvents(new TypedParams(set), flags);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Unable to enable/disable perf events");
        }
        TypedParams params = dom.getPerfEvents(flags);
        for (TypedParam p : params.asList()) {
            boolean on = p instanceof TypedParam.BooleanParam b && b.value();
            ctl.printExtra(String.format("%-15s: %s\n", p.field(), on ? "enabled" : "disabled"));
        }
        return true;
    }

    private static boolean iothreadinfo(Ctl ctl, Cmd cmd) {
        Integer flags = DomainTuneCommands.affect(ctl, cmd);
        if (flags == null) {
            return false;
        }
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        List<IOThreadInfo> info;
        try {
            info = dom.getIOThreadInfo(flags);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Unable to get domain IOThreads information");
        }
        if (info.isEmpty()) {
            ctl.printExtra("No IOThreads found for the domain");
            return true;
        }
        VshTable t = new VshTable("IOThread ID", "CPU Affinity");
        for (IOThreadInfo i : info) {
            t.row(Integer.toUnsignedString(i.iothreadId()), Bitmaps.format(i.cpumap()));
        }
        t.print(ctl);
        return true;
    }

    private static final String[][] BLKSTAT = {
        {"rd_operations", "rd_req", "number of read operations:"},
        {"rd_bytes", "rd_bytes", "number of bytes read:"},
        {"wr_operations", "wr_req", "number of write operations:"},
        {"wr_bytes", "wr_bytes", "number of bytes written:"},
        {"errs", "errs", "error count:"},
        {"flush_operations", null, "number of flush operations:"},
        {"rd_total_times", null, "total duration of reads (ns):"},
        {"wr_total_times", null, "total duration of writes (ns):"},
        {"flush_total_times", null, "total duration of flushes (ns):"},
    };

    private static boolean domblkstat(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        boolean human = cmd.has("human");
        String device = Options.string(ctl, cmd, "device");
        if (device == null) {
            device = "";
        }
        StringBuilder sb = new StringBuilder();
        TypedParams params;
        try {
            params = dom.blockStatsFlags(device, 0);
        } catch (VirException e) {
            if (e.code() != ErrorNumber.NO_SUPPORT) {
                throw e;
            }
            DomainBlockStats st;
            try {
                st = dom.blockStats(device);
            } catch (VirException e2) {
                return Util.fail(ctl, e2, "Failed to get block stats %s %s", dom.getName(), device);
            }
            if (human) {
                sb.append("Device: ").append(device).append('\n');
                device = "";
            }
            long[] vals = {st.rdReq(), st.rdBytes(), st.wrReq(), st.wrBytes(), st.errs()};
            for (int i = 0; i < vals.length; i++) {
                if (vals[i] >= 0) {
                    String name = human ? String.format("%-31s", BLKSTAT[i][2]) : BLKSTAT[i][1];
                    sb.append(device).append(' ').append(name).append(' ').append(vals[i]).append('\n');
                }
            }
            ctl.print(sb.toString());
            return true;
        }
        if (human) {
            sb.append("Device: ").append(device).append('\n');
            device = "";
        }
        List<String> printed = new ArrayList<>();
        for (String[] o : BLKSTAT) {
            TypedParam p = params.get(o[0]).orElse(null);
            if (p == null) {
                continue;
            }
            printed.add(o[0]);
            String name = human ? o[2] : (o[1] != null ? o[1] : o[0]);
            sb.append(device).append(' ').append(human ? String.format("%-31s", name) : name).append(' ')
                    .append(p.valueString()).append('\n');
        }
        for (TypedParam p : params.asList()) {
            if (!printed.contains(p.field())) {
                sb.append(device).append(' ').append(p.field()).append(' ').append(p.valueString()).append('\n');
            }
        }
        ctl.print(sb.toString());
        return true;
    }

    private static boolean domifstat(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        String device = Options.string(ctl, cmd, "interface");
        DomainInterfaceStats st;
        try {
            st = dom.interfaceStats(device);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to get interface stats");
        }
        StringBuilder sb = new StringBuilder();
        String[] names = {"rx_bytes", "rx_packets", "rx_errs", "rx_drop", "tx_bytes", "tx_packets", "tx_errs",
            "tx_drop"};
        long[] vals = {st.rxBytes(), st.rxPackets(), st.rxErrs(), st.rxDrop(), st.txBytes(), st.txPackets(),
            st.txErrs(), st.txDrop()};
        for (int i = 0; i < names.length; i++) {
            if (vals[i] >= 0) {
                sb.append(device).append(' ').append(names[i]).append(' ').append(vals[i]).append('\n');
            }
        }
        ctl.print(sb.toString());
        return true;
    }

    /** virMacAddrParse + virMacAddrFormat: the normalized MAC, or null when {@code s} is not one. */
    static String normalizeMac(String s) {
        String[] parts = s.split(":", -1);
        if (parts.length != 6) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 2 || !p.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return null;
            }
            if (!sb.isEmpty()) {
                sb.append(':');
            }
            sb.append(String.format("%02x", Integer.parseInt(p, 16)));
        }
        return sb.toString();
    }

    private static boolean domifGetlink(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        String iface = Options.string(ctl, cmd, "interface");
        Xml xml = Xml.parse(dom.getXMLDesc(cmd.has("config") ? Domain.XML_INACTIVE : 0));
        String mac = normalizeMac(iface);
        String macstr = mac == null ? "" : mac;
        List<Node> nodes = xml.nodes("/domain/devices/interface[(mac/@address = '" + macstr + "') or (target/@dev = '"
                + iface.replace("'", "") + "')]");
        if (nodes.isEmpty()) {
            if (mac != null) {
                ctl.errorf("Interface (mac: %s) not found.", mac);
            } else {
                ctl.errorf("Interface (dev: %s) not found.", iface);
            }
            return false;
        }
        if (nodes.size() > 1) {
            ctl.error("multiple matching interfaces found");
            return false;
        }
        String state = xml.string(nodes.getFirst(), "string(./link/@state)");
        ctl.printf("%s %s", iface, state == null ? "up" : state);
        return true;
    }

    private static boolean domifaddr(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        String ifaceName = Options.string(ctl, cmd, "interface");
        String sourceStr = Options.string(ctl, cmd, "source");
        int source = 0;
        if (sourceStr != null) {
            source = switch (sourceStr) {
                case "lease" -> 0;
                case "agent" -> 1;
                case "arp" -> 2;
                default -> -1;
            };
            if (source < 0) {
                ctl.errorf("Unknown data source '%s'", sourceStr);
                return false;
            }
        }
        boolean full = cmd.has("full");
        List<DomainInterface> ifaces;
        try {
            ifaces = dom.interfaceAddresses(source, 0);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to query for interfaces addresses");
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(" %-10s %-20s %-8s     %s\n%s%s\n", "Name", "MAC address", "Protocol", "Address",
                "-------------------------------------------------", "------------------------------"));
        for (DomainInterface i : ifaces) {
            if (ifaceName != null && !ifaceName.equals(i.name())) {
                continue;
            }
            String hw = i.hwaddr() == null ? "N/A" : i.hwaddr();
            if (i.addrs().isEmpty()) {
                sb.append(String.format(" %-10s %-17s    %-12s %s\n", i.name(), hw, "N/A", "N/A"));
                continue;
            }
            boolean first = true;
            for (IPAddress a : i.addrs()) {
                String type = a.type() == 0 ? "ipv4" : a.type() == 1 ? "ipv6" : "N/A";
                String ip = a.addr() + "/" + a.prefix();
                if (first || full) {
                    sb.append(String.format(" %-10s %-17s    %-12s %s\n", i.name(), hw, type, ip));
                } else {
                    sb.append(String.format(" %-10s %-17s    %-12s %s\n", "-", "-", type, ip));
                }
                first = false;
            }
        }
        ctl.print(sb.toString());
        return true;
    }

    private static boolean domlaunchsecinfo(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        TypedParams params;
        try {
            params = dom.getLaunchSecurityInfo(0);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Unable to get launch security parameters");
        }
        for (TypedParam p : params.asList()) {
            ctl.printf("%-15s: %s\n", p.field(), p.valueString());
        }
        return true;
    }

    private static boolean domhostname(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        String source = Options.string(ctl, cmd, "source");
        int flags = 0;
        if (source != null) {
            switch (source) {
                case "agent" -> flags = 1;
                case "lease" -> flags = 2;
                default -> {
                    ctl.errorf("Unknown data source '%s'", source);
                    return false;
                }
            }
        }
        String h;
        try {
            h = dom.getHostname(flags);
        } catch (VirException e) {
            return Util.fail(ctl, e, "failed to get hostname");
        }
        ctl.print(h + "\n");
        return true;
    }

    private static boolean domtime(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        boolean now = cmd.has("now");
        boolean pretty = cmd.has("pretty");
        boolean sync = cmd.has("sync");
        Long time = Options.longLong(ctl, cmd, "time");
        if (!Options.exclusive(ctl, cmd, "time", "now") || !Options.exclusive(ctl, cmd, "time", "sync")) {
            return false;
        }
        if (time != null || now || sync) {
            long secs = now ? System.currentTimeMillis() / 1000 : time == null ? 0 : time;
            dom.setTime(secs, 0, sync ? 1 : 0);
            return true;
        }
        var t = dom.getTime(0);
        if (pretty) {
            var dt = java.time.LocalDateTime.ofEpochSecond(t.seconds(), 0, java.time.ZoneOffset.UTC);
            ctl.printf("Time: %s", dt.format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")));
        } else {
            ctl.printf("Time: %d", t.seconds());
        }
        return true;
    }

    private static boolean domjobinfo(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        var info = dom.getJobInfo();
        String[] types = {"None", "Bounded", "Unbounded", "Completed", "Failed", "Cancelled"};
        ctl.printf("%-17s %-12s\n", "Job type:", info.type() >= 0 && info.type() < types.length ? types[info.type()]
                : "Unknown");
        return true;
    }

    /** attach-device (0), detach-device (1), update-device (2) from an XML file. */
    private static boolean device(Ctl ctl, Cmd cmd, int op) {
        Integer flags = DomainTuneCommands.affect(ctl, cmd);
        if (flags == null) {
            return false;
        }
        if (cmd.has("persistent")) {
            if (!Options.exclusive(ctl, cmd, "persistent", "current")) {
                return false;
            }
            flags |= DomainTuneCommands.AFFECT_CONFIG;
        }
        if (op == 2 && cmd.has("force")) {
            flags |= 1 << 2;
        }
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        String from = Options.string(ctl, cmd, "file");
        String xml = Util.readFile(ctl, from);
        boolean persistentOnly = cmd.has("persistent");
        try {
            switch (op) {
                case 0 -> {
                    if (flags != 0 || cmd.has("current")) {
                        if (persistentOnly && dom.isActive()) {
                            flags |= DomainTuneCommands.AFFECT_LIVE;
                        }
                        dom.attachDeviceFlags(xml, flags);
                    } else {
                        dom.attachDevice(xml);
                    }
                }
                case 1 -> {
                    if (flags != 0 || cmd.has("current")) {
                        if (persistentOnly && dom.isActive()) {
                            flags |= DomainTuneCommands.AFFECT_LIVE;
                        }
                        dom.detachDeviceFlags(xml, flags);
                    } else {
                        dom.detachDevice(xml);
                    }
                }
                default -> dom.updateDeviceFlags(xml, flags);
            }
        } catch (VirException e) {
            String[] what = {"Failed to attach device from %s", "Failed to detach device from %s",
                "Failed to update device from %s"};
            return Util.fail(ctl, e, what[op], from);
        }
        String[] ok = {"Device attached successfully\n", "Device detached successfully\n",
            "Device updated successfully\n"};
        ctl.printExtra(ok[op]);
        return true;
    }

    private static boolean saveImageDumpxml(Ctl ctl, Cmd cmd) {
        String file = Options.string(ctl, cmd, "file");
        int flags = cmd.has("security-info") ? Domain.XML_SECURE : 0;
        String xml = ctl.conn().domainSaveImageGetXMLDesc(ctl.file(file).toString(), flags);
        return XPathOutput.print(ctl, cmd, xml);
    }

    private static boolean saveImageDefine(Ctl ctl, Cmd cmd) {
        String file = Options.string(ctl, cmd, "file");
        String xmlFile = Options.string(ctl, cmd, "xml");
        int flags = (cmd.has("running") ? 2 : 0) | (cmd.has("paused") ? 4 : 0);
        String xml = Util.readFile(ctl, xmlFile);
        try {
            ctl.conn().domainSaveImageDefineXML(ctl.file(file).toString(), xml, flags);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to update %s", file);
        }
        ctl.printExtra(String.format("State file %s updated.\n", file));
        return true;
    }

    private static boolean managedsaveDumpxml(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        int flags = cmd.has("security-info") ? Domain.XML_SECURE : 0;
        return XPathOutput.print(ctl, cmd, dom.managedSaveGetXMLDesc(flags));
    }

    private static boolean managedsaveDefine(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        String xmlFile = Options.string(ctl, cmd, "xml");
        int flags = (cmd.has("running") ? 2 : 0) | (cmd.has("paused") ? 4 : 0);
        String xml = Util.readFile(ctl, xmlFile);
        try {
            dom.managedSaveDefineXML(xml, flags);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to update %s XML configuration", dom.getName());
        }
        ctl.printExtra(String.format("Managed save state file of domain '%s' updated.\n", dom.getName()));
        return true;
    }

    private static boolean domblkerror(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        var errors = dom.getDiskErrors(0);
        if (errors.isEmpty()) {
            ctl.print("No errors found\n");
            return true;
        }
        String[] names = {"no error", "unspecified error", "no space"};
        for (var e : errors) {
            ctl.printf("%s: %s\n", e.disk(), e.error() >= 0 && e.error() < names.length ? names[e.error()] : "unknown");
        }
        return true;
    }
}
