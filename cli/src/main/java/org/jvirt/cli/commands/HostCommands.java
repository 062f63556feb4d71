package org.jvirt.cli.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jvirt.api.Connect;
import org.jvirt.api.Records.NodeInfo;
import org.jvirt.api.Records.NodeStat;
import org.jvirt.cli.Cmd;
import org.jvirt.cli.Ctl;
import org.jvirt.cli.Handler;
import org.jvirt.cli.Options;
import org.jvirt.core.VirException;
import org.jvirt.core.param.TypedParam;
import org.jvirt.core.param.TypedParams;
import org.w3c.dom.Node;

/** The "Host and Hypervisor" group (virsh-host.c). */
final class HostCommands {
    private HostCommands() {}

    static void register(Map<String, Handler> m) {
        m.put("uri", HostCommands::uri);
        m.put("hostname", HostCommands::hostname);
        m.put("sysinfo", HostCommands::sysinfo);
        m.put("capabilities", HostCommands::capabilities);
        m.put("nodeinfo", HostCommands::nodeinfo);
        m.put("version", HostCommands::version);
        m.put("maxvcpus", HostCommands::maxvcpus);
        m.put("freecell", HostCommands::freecell);
        m.put("freepages", HostCommands::freepages);
        m.put("allocpages", HostCommands::allocpages);
        m.put("nodecpustats", HostCommands::nodecpustats);
        m.put("nodememstats", HostCommands::nodememstats);
        m.put("nodecpumap", HostCommands::nodecpumap);
        m.put("cpu-models", HostCommands::cpuModels);
        m.put("domcapabilities", HostCommands::domcapabilities);
        m.put("node-memory-tune", HostCommands::nodeMemoryTune);
        m.put("nodesevinfo", HostCommands::nodesevinfo);
        m.put("nodesuspend", HostCommands::nodesuspend);
        m.put("cpu-baseline", HostCommands::cpuBaseline);
        m.put("cpu-compare", HostCommands::cpuCompare);
        m.put("hypervisor-cpu-compare", HostCommands::hypervisorCpuCompare);
        m.put("hypervisor-cpu-baseline", HostCommands::hypervisorCpuBaseline);
        m.put("domxml-from-native", HostCommands::domxmlFromNative);
        m.put("domxml-to-native", HostCommands::domxmlToNative);
    }

    private static boolean uri(Ctl ctl, Cmd cmd) {
        return Util.printResult(ctl, () -> ctl.conn().getURI(), "failed to get URI", "\n");
    }

    private static boolean hostname(Ctl ctl, Cmd cmd) {
        return Util.printResult(ctl, () -> ctl.conn().getHostname(), "failed to get hostname", "\n");
    }

    private static boolean sysinfo(Ctl ctl, Cmd cmd) {
        return Util.printResult(ctl, () -> ctl.conn().getSysinfo(0), "failed to get sysinfo", "");
    }

    private static boolean capabilities(Ctl ctl, Cmd cmd) {
        return Util.printResult(ctl, () -> ctl.conn().getCapabilities(), "failed to get capabilities", "\n");
    }

    private static boolean nodeinfo(Ctl ctl, Cmd cmd) {
        NodeInfo info;
        try {
            info = ctl.conn().nodeGetInfo();
        } catch (VirException e) {
            return Util.fail(ctl, e, "failed to get node information");
        }
        ctl.printf("%-20s %s\n", "CPU model:", info.model());
        ctl.printf("%-20s %d\n", "CPU(s):", info.cpus());
        if (info.mhz() != 0) {
            ctl.printf("%-20s %d MHz\n", "CPU frequency:", info.mhz());
        }
        ctl.printf("%-20s %d\n", "CPU socket(s):", info.sockets());
        ctl.printf("%-20s %d\n", "Core(s) per socket:", info.cores());
        ctl.printf("%-20s %d\n", "Thread(s) per core:", info.threads());
        ctl.printf("%-20s %d\n", "NUMA cell(s):", info.nodes());
        ctl.printf("%-20s %s KiB\n", "Memory size:", Long.toUnsignedString(info.memory()));
        return true;
    }

    private static String ver(long v) {
        return (v / 1_000_000) + "." + (v / 1000 % 1000) + "." + (v % 1000);
    }

    private static boolean version(Ctl ctl, Cmd cmd) {
        Connect conn = ctl.conn();
        ctl.print("Compiled against library: libvirt 9.0.0\n");
        ctl.print("Using library: libvirt " + ver(Connect.LIB_VERSION) + "\n");
        String type;
        try {
            type = conn.getType();
        } catch (VirException e) {
            return Util.fail(ctl, e, "failed to get hypervisor type");
        }
        ctl.print("Using API: " + type + " " + ver(Connect.LIB_VERSION) + "\n");
        long hv;
        try {
            hv = conn.getVersion();
        } catch (VirException e) {
            return Util.fail(ctl, e, "failed to get the hypervisor version");
        }
        if (hv == 0) {
            ctl.print("Cannot extract running " + type + " hypervisor version\n");
        } else {
            ctl.print("Running hypervisor: " + type + " " + ver(hv) + "\n");
        }
        if (cmd.has("daemon")) {
            long d;
            try {
                d = conn.getLibVersion();
            } catch (VirException e) {
                return Util.fail(ctl, e, "failed to get the daemon version");
            }
            ctl.print("Running against daemon: " + ver(d) + "\n");
        }
        return true;
    }

    private static boolean maxvcpus(Ctl ctl, Cmd cmd) {
        String type = Options.string(ctl, cmd, "type");
        int vcpus = -1;
        try {
            String caps = ctl.conn().getDomainCapabilities(null, null, null, type, 0);
            String max = Xml.parse(caps).string("string(/domainCapabilities/vcpu[1]/@max)");
            if (max != null) {
                vcpus = Integer.parseInt(max);
            }
        } catch (VirException | NumberFormatException e) {
            ctl.resetError();
        }
        if (vcpus < 0) {
            vcpus = ctl.conn().getMaxVcpus(type);
        }
        ctl.print(vcpus + "\n");
        return true;
    }

    /** The NUMA cells of the host capabilities, by their id attribute. */
    private static List<Long> cells(Ctl ctl) {
        Xml caps = Xml.parse(ctl.conn().getCapabilities());
        List<Long> ids = new ArrayList<>();
        for (Node n : caps.nodes("/capabilities/host/topology/cells/cell")) {
            ids.add(Long.parseLong(caps.string(n, "string(./@id)")));
        }
        return ids;
    }

    private static boolean freecell(Ctl ctl, Cmd cmd) {
        boolean all = cmd.has("all");
        boolean cellno = cmd.has("cellno");
        if (!Options.exclusive(ctl, cmd, "all", "cellno")) {
            return false;
        }
        Integer cell = cellno ? Options.integer(ctl, cmd, "cellno") : null;
        Connect conn = ctl.conn();
        if (all) {
            List<Long> ids;
            try {
                ids = cells(ctl);
            } catch (VirException e) {
                return Util.fail(ctl, e, "unable to get node capabilities");
            }
            long total = 0;
            List<long[]> rows = new ArrayList<>();
            for (long id : ids) {
                long[] free;
                try {
                    free = conn.nodeGetCellsFreeMemory((int) id, 1);
                } catch (VirException e) {
                    return Util.fail(ctl, e, "failed to get free memory for NUMA node number: %d", id);
                }
                rows.add(new long[] {id, free[0]});
            }
            for (long[] r : rows) {
                ctl.printf("%5d: %10s KiB\n", r[0], Long.toUnsignedString(Long.divideUnsigned(r[1], 1024)));
                total += r[1];
            }
            ctl.printExtra("--------------------\n");
            ctl.printExtra(String.format("%5s: %10s KiB\n", "Total", Long.toUnsignedString(Long.divideUnsigned(total,
                    1024))));
        } else if (cellno) {
            long[] free = conn.nodeGetCellsFreeMemory(cell, 1);
            ctl.printf("%d: %s KiB\n", cell, Long.toUnsignedString(Long.divideUnsigned(free[0], 1024)));
        } else {
            long mem = conn.nodeGetFreeMemory();
            if (mem == 0) {
                return false;
            }
            ctl.printf("%s: %s KiB\n", "Total", Long.toUnsignedString(Long.divideUnsigned(mem, 1024)));
        }
        return true;
    }

    private static int[] pageSizes(Ctl ctl) {
        Xml caps = Xml.parse(ctl.conn().getCapabilities());
        List<Node> pages = caps.nodes("/capabilities/host/cpu/pages");
        int[] sizes = new int[pages.size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = Integer.parseInt(caps.string(pages.get(i), "string(./@size)"));
        }
        return sizes;
    }

    private static boolean freepages(Ctl ctl, Cmd cmd) {
        boolean all = cmd.has("all");
        boolean cellno = cmd.has("cellno");
        Long pagesz = Options.scaled(ctl, cmd, "pagesize", 1024, 0xFFFFFFFFL);
        if (!Options.exclusive(ctl, cmd, "all", "cellno")) {
            return false;
        }
        Connect conn = ctl.conn();
        int[] sizes = pagesz != null ? new int[] {(int) (pagesz / 1024)} : null;
        if (all) {
            List<Long> ids;
            try {
                ids = cells(ctl);
                if (sizes == null) {
                    sizes = pageSizes(ctl);
                }
            } catch (VirException e) {
                return Util.fail(ctl, e, "unable to get node capabilities");
            }
            for (long id : ids) {
                long[] counts = conn.nodeGetFreePages(sizes, (int) id, 1, 0);
                ctl.printf("Node %d:\n", id);
                for (int j = 0; j < sizes.length; j++) {
                    ctl.printf("%dKiB: %d\n", sizes[j], counts[j]);
                }
                ctl.print("\n");
            }
            return true;
        }
        if (!cellno) {
            ctl.error("missing cellno argument");
            return false;
        }
        int cell = Options.integer(ctl, cmd, "cellno");
        if (cell < -1) {
            ctl.error("cell number must be non-negative integer or -1");
            return false;
        }
        if (sizes == null) {
            sizes = pageSizes(ctl);
        }
        long[] counts = conn.nodeGetFreePages(sizes, cell, 1, 0);
        for (int j = 0; j < sizes.length; j++) {
            ctl.printf("%dKiB: %d\n", sizes[j], counts[j]);
        }
        return true;
    }

    private static boolean allocpages(Ctl ctl, Cmd cmd) {
        boolean add = cmd.has("add");
        boolean all = cmd.has("all");
        boolean cellno = cmd.has("cellno");
        if (!Options.exclusive(ctl, cmd, "cellno", "all")) {
            return false;
        }
        int startCell = cellno ? Options.integer(ctl, cmd, "cellno") : -1;
        long size = Options.scaled(ctl, cmd, "pagesize", 1024, 0xFFFFFFFFL);
        int[] sizes = {(int) ((size + 1023) / 1024)};
        long[] counts = {Options.ulongLong(ctl, cmd, "pagecount")};
        int flags = add ? 1 : 2;
        Connect conn = ctl.conn();
        if (all) {
            for (long id : cells(ctl)) {
                conn.nodeAllocPages(sizes, counts, (int) id, 1, flags);
            }
        } else {
            conn.nodeAllocPages(sizes, counts, startCell, 1, flags);
        }
        return true;
    }

    private static boolean nodecpustats(Ctl ctl, Cmd cmd) {
        Integer cpu = Options.integer(ctl, cmd, "cpu");
        int cpuNum = cpu == null ? -1 : cpu;
        boolean percent = cmd.has("percent");
        List<NodeStat> first;
        try {
            first = ctl.conn().nodeGetCPUStats(cpuNum, 0);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Unable to get number of cpu stats");
        }
        long[] v = new long[5];
        boolean[] present = new boolean[5];
        collect(first, v, present);
        if (!percent) {
            String[] names = {"user:", "system:", "idle:", "iowait:"};
            for (int i = 0; i < 4; i++) {
                if (present[i]) {
                    ctl.printf("%-15s %20s\n", names[i], Long.toUnsignedString(v[i]));
                }
            }
            return true;
        }
        if (present[4]) {
            ctl.printf("%-15s %5.1f%%\n", "usage:", (double) v[4]);
            ctl.printf("%-15s %5.1f%%\n", "idle:", 100.0 - v[4]);
            return true;
        }
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        long[] w = new long[5];
        collect(ctl.conn().nodeGetCPUStats(cpuNum, 0), w, new boolean[5]);
        double user = w[0] - v[0];
        double sys = w[1] - v[1];
        double idle = w[2] - v[2];
        double iowait = w[3] - v[3];
        double total = user + sys + idle + iowait;
        ctl.printf("%-15s %5.1f%%\n", "usage:", (user + sys) / total * 100);
        ctl.printf("%-15s %5.1f%%\n", "user:", user / total * 100);
        ctl.printf("%-15s %5.1f%%\n", "system:", sys / total * 100);
        ctl.printf("%-15s %5.1f%%\n", "idle:", idle / total * 100);
        ctl.printf("%-15s %5.1f%%\n", "iowait:", iowait / total * 100);
        return true;
    }

    private static void collect(List<NodeStat> stats, long[] v, boolean[] present) {
        for (NodeStat s : stats) {
            int i = switch (s.field()) {
                case "user" -> 0;
                case "kernel" -> 1;
                case "idle" -> 2;
                case "iowait" -> 3;
                case "utilization" -> 4;
                default -> -1;
            };
            if (i >= 0) {
                v[i] = s.value();
                present[i] = true;
            }
        }
    }

    private static boolean nodememstats(Ctl ctl, Cmd cmd) {
        Integer cell = Options.integer(ctl, cmd, "cell");
        List<NodeStat> stats;
        try {
            stats = ctl.conn().nodeGetMemoryStats(cell == null ? -1 : cell, 0);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Unable to get number of memory stats");
        }
        for (NodeStat s : stats) {
            ctl.printf("%-7s %20s KiB\n", s.field(), Long.toUnsignedString(s.value()));
        }
        return true;
    }

    private static boolean nodecpumap(Ctl ctl, Cmd cmd) {
        boolean[] map;
        try {
            map = ctl.conn().nodeGetCPUMap(0);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Unable to get cpu map");
        }
        int online = 0;
        for (boolean b : map) {
            online += b ? 1 : 0;
        }
        ctl.printf("%-15s %d\n", "CPUs present:", map.length);
        ctl.printf("%-15s %d\n", "CPUs online:", online);
        ctl.printf("%-15s ", "CPU map:");
        if (cmd.has("pretty")) {
            ctl.print(Bitmaps.format(map));
        } else {
            StringBuilder sb = new StringBuilder();
            for (boolean b : map) {
                sb.append(b ? 'y' : '-');
            }
            ctl.print(sb.toString());
        }
        ctl.print("\n");
        return true;
    }

    private static boolean cpuModels(Ctl ctl, Cmd cmd) {
        String arch = Options.string(ctl, cmd, "arch");
        List<String> models;
        try {
            models = ctl.conn().getCPUModelNames(arch, 0);
        } catch (VirException e) {
            return Util.fail(ctl, e, "failed to get CPU model names");
        }
        if (models.isEmpty()) {
            ctl.printExtra("all CPU models are accepted\n");
        }
        for (String m : models) {
            ctl.print(m + "\n");
        }
        return true;
    }

    private static boolean domcapabilities(Ctl ctl, Cmd cmd) {
        String virttype = Options.string(ctl, cmd, "virttype");
        String emulator = Options.string(ctl, cmd, "emulatorbin");
        String arch = Options.string(ctl, cmd, "arch");
        String machine = Options.string(ctl, cmd, "machine");
        String caps;
        try {
            caps = ctl.conn().getDomainCapabilities(emulator, arch, machine, virttype, 0);
        } catch (VirException e) {
            return Util.fail(ctl, e, "failed to get emulator capabilities");
        }
        ctl.print(caps + "\n");
        return true;
    }

    private static boolean nodeMemoryTune(Ctl ctl, Cmd cmd) {
        List<TypedParam> set = new ArrayList<>();
        for (String[] o : new String[][] {{"shm-pages-to-scan", "shm_pages_to_scan"},
            {"shm-sleep-millisecs", "shm_sleep_millisecs"}, {"shm-merge-across-nodes", "shm_merge_across_nodes"}}) {
            Long v = Options.uint(ctl, cmd, o[0]);
            if (v != null) {
                set.add(new TypedParam.UIntParam(o[1], v.intValue()));
            }
        }
        if (set.isEmpty()) {
            TypedParams params;
            try {
                params = ctl.conn().nodeGetMemoryParameters(0);
            } catch (VirException e) {
                return Util.fail(ctl, e, "Unable to get number of memory parameters");
            }
            ctl.print("Shared memory:\n");
            for (TypedParam p : params.asList()) {
                ctl.printf("\t%-15s %s\n", p.field(), p.valueString());
            }
            return true;
        }
        try {
            ctl.conn().nodeSetMemoryParameters(new TypedParams(set), 0);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Unable to change memory parameters");
        }
        return true;
    }

    private static boolean nodesevinfo(Ctl ctl, Cmd cmd) {
        TypedParams params;
        try {
            params = ctl.conn().nodeGetSEVInfo(0);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Unable to get host SEV information");
        }
        for (TypedParam p : params.asList()) {
            ctl.printf("%-18s: %s\n", p.field(), p.valueString());
        }
        return true;
    }

    private static boolean nodesuspend(Ctl ctl, Cmd cmd) {
        String target = Options.string(ctl, cmd, "target");
        Long duration = Options.longLong(ctl, cmd, "duration");
        int t;
        switch (target) {
            case "mem" -> t = 0;
            case "disk" -> t = 1;
            case "hybrid" -> t = 2;
            default -> {
                ctl.error("Invalid target argument");
                return false;
            }
        }
        if (duration <= 0) {
            ctl.error("Invalid duration argument");
            return false;
        }
        try {
            ctl.conn().nodeSuspendForDuration(t, duration, 0);
        } catch (VirException e) {
            return Util.fail(ctl, e, "The host was not suspended");
        }
        return true;
    }

    /**
     * virshExtractCPUDefXMLs: every {@code <cpu>} of a CPU, domain, capabilities or domain capabilities document;
     * null after reporting when there is none.
     */
    static List<String> extractCpus(Ctl ctl, String file) {
        String buffer = Util.readFile(ctl, file);
        String doc = buffer;
        if (buffer.startsWith("<?xml") && buffer.contains("?>")) {
            doc = buffer.substring(buffer.indexOf("?>") + 2);
        }
        Xml xml;
        try {
            xml = Xml.parse("<container>" + doc + "</container>");
        } catch (IllegalStateException e) {
            throw VirException.of(org.jvirt.core.ErrorNumber.XML_ERROR, org.jvirt.core.ErrorDomain.NONE,
                    "(" + file + ")");
        }
        List<Node> nodes = xml.nodes("/container/cpu|/container/domain/cpu|/container/capabilities/host/cpu"
                + "|/container/domainCapabilities/cpu/mode[@name='host-model' and @supported='yes']");
        if (nodes.isEmpty()) {
            ctl.errorf("File '%s' does not contain any <cpu> element or valid domain XML, host capabilities XML, "
                    + "or domain capabilities XML", file);
            return null;
        }
        List<String> cpus = new ArrayList<>();
        for (Node n : nodes) {
            if (n.getNodeName().equals("mode")) {
                Node cpu = n.getOwnerDocument().renameNode(n, null, "cpu");
                while (cpu.getAttributes().getLength() > 0) {
                    cpu.getAttributes().removeNamedItem(cpu.getAttributes().item(0).getNodeName());
                }
                n = cpu;
            }
            cpus.add(Xml.dump(n));
        }
        return cpus;
    }

    private static boolean cpuBaseline(Ctl ctl, Cmd cmd) {
        String from = Options.string(ctl, cmd, "file");
        int flags = (cmd.has("features") ? 1 : 0) | (cmd.has("migratable") ? 2 : 0);
        List<String> cpus = extractCpus(ctl, from);
        if (cpus == null) {
            return false;
        }
        ctl.print(ctl.conn().baselineCPU(cpus, flags));
        return true;
    }

    private static boolean cpuCompare(Ctl ctl, Cmd cmd) {
        String from = Options.string(ctl, cmd, "file");
        int flags = (cmd.has("error") ? 1 : 0) | (cmd.has("validate") ? 2 : 0);
        List<String> cpus = extractCpus(ctl, from);
        if (cpus == null) {
            return false;
        }
        int r;
        try {
            r = ctl.conn().compareCPU(cpus.getFirst(), flags);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to compare host CPU with %s", from);
        }
        switch (r) {
            case 0 -> ctl.printf("CPU described in %s is incompatible with host CPU\n", from);
            case 1 -> ctl.printf("CPU described in %s is identical to host CPU\n", from);
            case 2 -> ctl.printf("Host CPU is a superset of CPU described in %s\n", from);
            default -> {
                ctl.errorf("Failed to compare host CPU with %s", from);
                return false;
            }
        }
        return r != 0;
    }

    private static boolean hypervisorCpuCompare(Ctl ctl, Cmd cmd) {
        String from = Options.string(ctl, cmd, "file");
        String virttype = Options.string(ctl, cmd, "virttype");
        String emulator = Options.string(ctl, cmd, "emulator");
        String arch = Options.string(ctl, cmd, "arch");
        String machine = Options.string(ctl, cmd, "machine");
        int flags = (cmd.has("error") ? 1 : 0) | (cmd.has("validate") ? 2 : 0);
        List<String> cpus = extractCpus(ctl, from);
        if (cpus == null) {
            return false;
        }
        int r;
        try {
            r = ctl.conn().compareHypervisorCPU(emulator, arch, machine, virttype, cpus.getFirst(), flags);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to compare hypervisor CPU with %s", from);
        }
        switch (r) {
            case 0 -> ctl.printf("CPU described in %s is incompatible with the CPU provided by hypervisor on the host\n",
                    from);
            case 1 -> ctl.printf("CPU described in %s is identical to the CPU provided by hypervisor on the host\n",
                    from);
            case 2 -> ctl.printf("The CPU provided by hypervisor on the host is a superset of CPU described in %s\n",
                    from);
            default -> {
                ctl.errorf("Failed to compare hypervisor CPU with %s", from);
                return false;
            }
        }
        return r != 0;
    }

    private static boolean hypervisorCpuBaseline(Ctl ctl, Cmd cmd) {
        String from = Options.string(ctl, cmd, "file");
        String virttype = Options.string(ctl, cmd, "virttype");
        String emulator = Options.string(ctl, cmd, "emulator");
        String arch = Options.string(ctl, cmd, "arch");
        String machine = Options.string(ctl, cmd, "machine");
        String model = Options.string(ctl, cmd, "model");
        int flags = (cmd.has("features") ? 1 : 0) | (cmd.has("migratable") ? 2 : 0);
        if (!Options.exclusive(ctl, cmd, "file", "model")) {
            return false;
        }
        List<String> cpus;
        if (from != null) {
            cpus = extractCpus(ctl, from);
            if (cpus == null) {
                return false;
            }
        } else if (model != null) {
            cpus = List.of("<cpu><model>" + org.jvirt.cli.Escapes.xml(model) + "</model></cpu>");
        } else {
            ctl.error("Either --file or --model is required");
            return false;
        }
        ctl.print(ctl.conn().baselineHypervisorCPU(emulator, arch, machine, virttype, cpus, flags));
        return true;
    }

    private static boolean domxmlFromNative(Ctl ctl, Cmd cmd) {
        String format = Options.string(ctl, cmd, "format");
        String file = Options.string(ctl, cmd, "config");
        String config = Util.readFile(ctl, file);
        ctl.print(ctl.conn().domainXMLFromNative(format, config, 0));
        return true;
    }

    private static boolean domxmlToNative(Ctl ctl, Cmd cmd) {
        if (!Options.exclusive(ctl, cmd, "domain", "xml")) {
            return false;
        }
        String format = Options.string(ctl, cmd, "format");
        String domname = Options.string(ctl, cmd, "domain");
        String file = Options.string(ctl, cmd, "xml");
        String xml;
        if (domname != null) {
            var dom = Lookup.domainBy(ctl, domname, Lookup.BYID | Lookup.BYUUID | Lookup.BYNAME);
            if (dom == null) {
                return false;
            }
            xml = dom.getXMLDesc(0);
        } else if (file != null) {
            xml = Util.readFile(ctl, file);
        } else {
            ctl.error("need either domain or domain XML");
            return false;
        }
        ctl.print(ctl.conn().domainXMLToNative(format, xml, 0));
        return true;
    }
}
