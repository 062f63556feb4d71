package org.jvirt.cli.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jvirt.api.Domain;
import org.jvirt.api.Records.DomainInfo;
import org.jvirt.api.Records.VcpuInfo;
import org.jvirt.cli.Cmd;
import org.jvirt.cli.Ctl;
import org.jvirt.cli.Handler;
import org.jvirt.cli.Numbers;
import org.jvirt.cli.Options;
import org.jvirt.cli.VshTable;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.param.TypedParam;
import org.jvirt.core.param.TypedParams;

/** Memory, vCPU and scheduler tuning of domains (virsh-domain.c). */
final class DomainTuneCommands {
    static final int AFFECT_LIVE = 1;
    static final int AFFECT_CONFIG = 2;
    static final int VCPU_MAXIMUM = 4;
    static final int VCPU_GUEST = 8;
    static final int VCPU_HOTPLUGGABLE = 16;
    static final int MEM_MAXIMUM = 4;
    static final long MEMORY_PARAM_UNLIMITED = 9007199254740991L;

    private DomainTuneCommands() {}

    static void register(Map<String, Handler> m) {
        m.put("setmem", (ctl, cmd) -> setmem(ctl, cmd, false));
        m.put("setmaxmem", (ctl, cmd) -> setmem(ctl, cmd, true));
        m.put("setvcpus", DomainTuneCommands::setvcpus);
        m.put("vcpucount", DomainTuneCommands::vcpucount);
        m.put("vcpuinfo", DomainTuneCommands::vcpuinfo);
        m.put("vcpupin", DomainTuneCommands::vcpupin);
        m.put("emulatorpin", DomainTuneCommands::emulatorpin);
        m.put("memtune", DomainTuneCommands::memtune);
        m.put("blkiotune", DomainTuneCommands::blkiotune);
        m.put("numatune", DomainTuneCommands::numatune);
        m.put("schedinfo", DomainTuneCommands::schedinfo);
        m.put("setvcpu", DomainTuneCommands::setvcpu);
    }

    /** --config/--live/--current as VIR_DOMAIN_AFFECT_* flags; null after reporting a conflict. */
    static Integer affect(Ctl ctl, Cmd cmd) {
        if (!Options.exclusive(ctl, cmd, "current", "live") || !Options.exclusive(ctl, cmd, "current", "config")) {
            return null;
        }
        return (cmd.has("config") ? AFFECT_CONFIG : 0) | (cmd.has("live") ? AFFECT_LIVE : 0);
    }

    private static boolean setmem(Ctl ctl, Cmd cmd, boolean max) {
        Integer flags = affect(ctl, cmd);
        if (flags == null) {
            return false;
        }
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        long bytes = Options.scaled(ctl, cmd, "size", 1024, -1L);
        long kib = Long.divideUnsigned(bytes, 1024) + (Long.remainderUnsigned(bytes, 1024) != 0 ? 1 : 0);
        if (!max) {
            dom.setMemoryFlags(kib, flags);
            return true;
        }
        try {
            if (flags == 0) {
                dom.setMaxMemory(kib);
            } else {
                dom.setMemoryFlags(kib, flags | MEM_MAXIMUM);
            }
        } catch (VirException e) {
            return Util.fail(ctl, e, "Unable to change MaxMemorySize");
        }
        return true;
    }

    private static boolean setvcpus(Ctl ctl, Cmd cmd) {
        Integer flags = affect(ctl, cmd);
        if (flags == null || !Options.exclusive(ctl, cmd, "guest", "config")
                || !Options.requires(ctl, cmd, "maximum", "config")) {
            return false;
        }
        flags |= (cmd.has("guest") ? VCPU_GUEST : 0) | (cmd.has("maximum") ? VCPU_MAXIMUM : 0)
                | (cmd.has("hotpluggable") ? VCPU_HOTPLUGGABLE : 0);
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        int count = Options.integer(ctl, cmd, "count");
        if (count <= 0) {
            ctl.errorf("Can't set %d processors for a VM", count);
            return false;
        }
        if (!cmd.has("current") && flags == 0) {
            dom.setVcpus(count);
        } else {
            dom.setVcpusFlags(count, flags);
        }
        return true;
    }

    /** virshCPUCountCollect: -1 when the state rules the query out, -2 after an error. */
    private static int cpuCount(Ctl ctl, Domain dom, int flags, boolean checkState) {
        if (checkState && (((flags & AFFECT_LIVE) != 0 && !dom.isActive())
                || ((flags & AFFECT_CONFIG) != 0 && !dom.isPersistent()))) {
            return -1;
        }
        try {
            return dom.getVcpusFlags(flags);
        } catch (VirException e) {
            ctl.setLastError(e);
            return -2;
        }
    }

    private static boolean vcpucount(Ctl ctl, Cmd cmd) {
        boolean maximum = cmd.has("maximum");
        boolean active = cmd.has("active");
        boolean config = cmd.has("config");
        boolean live = cmd.has("live");
        boolean current = cmd.has("current");
        boolean guest = cmd.has("guest");
        boolean all = !maximum && !active && !current && !config && !live && !guest;
        // Before 0.9.4 --current meant the opposite of --maximum: "--current --live" is "--active --live".
        if (!maximum && !active && current && (live || config)) {
            current = false;
            active = true;
        }
        String[][] excl = {{"current", "live"}, {"current", "config"}, {"active", "maximum"}, {"guest", "config"}};
        boolean[][] vals = {{current, live}, {current, config}, {active, maximum}, {guest, config}};
        for (int i = 0; i < excl.length; i++) {
            if (vals[i][0] && vals[i][1]) {
                ctl.errorf("Options --%s and --%s are mutually exclusive", excl[i][0], excl[i][1]);
                return false;
            }
        }
        int flags = (config ? AFFECT_CONFIG : 0) | (live ? AFFECT_LIVE : 0) | (maximum ? VCPU_MAXIMUM : 0)
                | (guest ? VCPU_GUEST : 0);
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        if (all) {
            int confMax = cpuCount(ctl, dom, AFFECT_CONFIG | VCPU_MAXIMUM, true);
            int confCur = cpuCount(ctl, dom, AFFECT_CONFIG, true);
            int liveMax = cpuCount(ctl, dom, AFFECT_LIVE | VCPU_MAXIMUM, true);
            int liveCur = cpuCount(ctl, dom, AFFECT_LIVE, true);
            if (confMax == -2 || confCur == -2 || liveMax == -2 || liveCur == -2) {
                return false;
            }
            printCount(ctl, confMax, "maximum", "config");
            printCount(ctl, liveMax, "maximum", "live");
            printCount(ctl, confCur, "current", "config");
            printCount(ctl, liveCur, "current", "live");
            return true;
        }
        int count = cpuCount(ctl, dom, flags, false);
        if (count < 0) {
            return false;
        }
        ctl.printf("%d\n", count);
        return true;
    }

    private static void printCount(Ctl ctl, int n, String which, String state) {
        if (n > 0) {
            ctl.printf("%-12s %-12s %3d\n", which, state, n);
        }
    }

    /** virshNodeGetCPUCount: the host's CPU count as its CPU map reports it. */
    static int hostCpus(Ctl ctl) {
        try {
            return ctl.conn().nodeGetCPUMap(0).length;
        } catch (VirException e) {
            ctl.resetError();
            return ctl.conn().nodeGetInfo().cpus();
        }
    }

    private static String vcpuState(int s) {
        return switch (s) {
            case 0 -> "offline";
            case 1 -> "running";
            case 2 -> "idle";
            default -> "no state";
        };
    }

    private static boolean vcpuinfo(Ctl ctl, Cmd cmd) {
        boolean pretty = cmd.has("pretty");
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        DomainInfo info = dom.getInfo();
        int maxcpu = hostCpus(ctl);
        List<VcpuInfo> vcpus;
        try {
            vcpus = dom.getVcpus();
        } catch (VirException e) {
            if (info.state() != 5) {
                throw e;
            }
            ctl.resetError();
            List<boolean[]> pins = dom.getVcpuPinInfo(AFFECT_CONFIG);
            vcpus = new ArrayList<>();
            for (int i = 0; i < pins.size(); i++) {
                vcpus.add(new VcpuInfo(i, -1, 0, -1, pins.get(i)));
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int n = 0; n < vcpus.size(); n++) {
            VcpuInfo v = vcpus.get(n);
            sb.append(String.format("%-15s %d\n", "VCPU:", v.number()));
            if (v.cpu() == -1) {
                sb.append(String.format("%-15s %s\n", "CPU:", "N/A"));
                sb.append(String.format("%-15s %s\n", "State:", "N/A"));
                sb.append(String.format("%-15s %s\n", "CPU time", "N/A"));
            } else {
                sb.append(String.format("%-15s %d\n", "CPU:", v.cpu()));
                sb.append(String.format("%-15s %s\n", "State:", vcpuState(v.state())));
                if (v.cpuTime() != 0) {
                    sb.append(String.format("%-15s %ss\n", "CPU time:", Util.fixed(v.cpuTime() / 1_000_000_000.0, 1)));
                }
            }
            sb.append(String.format("%-15s ", "CPU Affinity:"));
            boolean[] map = java.util.Arrays.copyOf(v.affinity(), maxcpu);
            if (pretty) {
                sb.append(Bitmaps.format(map)).append(" (out of ").append(maxcpu).append(')');
            } else {
                for (boolean b : map) {
                    sb.append(b ? 'y' : '-');
                }
            }
            sb.append('\n');
            if (n < vcpus.size() - 1) {
                sb.append('\n');
            }
        }
        ctl.print(sb.toString());
        return true;
    }

    /** virshParseCPUList: "r" for all host CPUs, else a CPU list no larger than the host. */
    private static boolean[] parseCpuList(Ctl ctl, String cpulist, int maxcpu) {
        if (cpulist.startsWith("r")) {
            boolean[] all = new boolean[maxcpu];
            java.util.Arrays.fill(all, true);
            return all;
        }
        boolean[] map = Bitmaps.parse(cpulist, 1024);
        if (map == null) {
            ctl.setLastError(VirException.invalidArg("Failed to parse bitmap '" + cpulist + "'"));
            ctl.errorf("Invalid cpulist '%s'", cpulist);
            return null;
        }
        int last = -1;
        for (int i = 0; i < map.length; i++) {
            if (map[i]) {
                last = i;
            }
        }
        if (last >= maxcpu) {
            ctl.errorf("CPU %d in cpulist '%s' exceed the maxcpu %d", last, cpulist, maxcpu);
            return null;
        }
        return java.util.Arrays.copyOf(map, maxcpu);
    }

    private static boolean vcpupin(Ctl ctl, Cmd cmd) {
        Integer flags = affect(ctl, cmd);
        if (flags == null) {
            return false;
        }
        Long vcpuOpt = Options.uint(ctl, cmd, "vcpu");
        String cpulist = Options.string(ctl, cmd, "cpulist");
        if (cpulist == null && !Options.exclusive(ctl, cmd, "live", "config")) {
            return false;
        }
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        int maxcpu = hostCpus(ctl);
        if (cpulist == null) {
            int ncpus = cpuCount(ctl, dom, flags | VCPU_MAXIMUM, true);
            if (ncpus < 0) {
                if (ncpus == -1) {
                    ctl.error((flags & AFFECT_LIVE) != 0 ? "cannot get vcpupin for offline domain"
                            : "cannot get vcpupin for transient domain");
                }
                return false;
            }
            if (vcpuOpt != null && vcpuOpt >= ncpus) {
                if ((flags & AFFECT_LIVE) != 0 || ((flags & AFFECT_CONFIG) == 0 && dom.isActive())) {
                    ctl.errorf("vcpu %d is out of range of live cpu count %d", vcpuOpt, ncpus);
                } else {
                    ctl.errorf("vcpu %d is out of range of persistent cpu count %d", vcpuOpt, ncpus);
                }
                return false;
            }
            List<boolean[]> pins = dom.getVcpuPinInfo(flags);
            VshTable t = new VshTable("VCPU", "CPU Affinity");
            for (int i = 0; i < pins.size() && i < ncpus; i++) {
                if (vcpuOpt != null && i != vcpuOpt) {
                    continue;
                }
                t.row(Integer.toString(i), Bitmaps.format(java.util.Arrays.copyOf(pins.get(i), maxcpu)));
            }
            t.print(ctl);
            return true;
        }
        boolean[] map = parseCpuList(ctl, cpulist, maxcpu);
        if (map == null) {
            return false;
        }
        int vcpu = vcpuOpt == null ? 0 : vcpuOpt.intValue();
        if (flags == 0 && !cmd.has("current")) {
            dom.pinVcpu(vcpu, map);
        } else {
            dom.pinVcpuFlags(vcpu, map, flags);
        }
        return true;
    }

    private static boolean emulatorpin(Ctl ctl, Cmd cmd) {
        Integer flags = affect(ctl, cmd);
        if (flags == null) {
            return false;
        }
        String cpulist = Options.string(ctl, cmd, "cpulist");
        if (cpulist == null && !Options.exclusive(ctl, cmd, "live", "config")) {
            return false;
        }
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        int maxcpu = hostCpus(ctl);
        if (cpulist == null) {
            boolean[] map = java.util.Arrays.copyOf(dom.getEmulatorPinInfo(flags), maxcpu);
            ctl.printExtra("emulator: CPU Affinity\n");
            ctl.printExtra("----------------------------------\n");
            ctl.printExtra("       *: ");
            ctl.print(Bitmaps.format(map));
            ctl.print("\n");
            return true;
        }
        boolean[] map = parseCpuList(ctl, cpulist, maxcpu);
        if (map == null) {
            return false;
        }
        dom.pinEmulator(map, flags);
        return true;
    }

    /** virshMemtuneGetSize: KiB (rounded up), or the unlimited marker for a negative value; null when absent. */
    private static Long memtuneSize(Ctl ctl, Cmd cmd, String name) {
        String s = Options.stringQuiet(cmd, name);
        if (s == null) {
            return null;
        }
        String digits = s.replaceFirst("^(\\s*[-+]?\\d+).*$", "$1");
        Long v = Numbers.parseLong(digits, 10);
        if (v == null) {
            ctl.errorf("Unable to parse integer parameter %s", name);
            throw new Options.BadOption();
        }
        if (v < 0) {
            return MEMORY_PARAM_UNLIMITED;
        }
        Long bytes = Numbers.parseScaled(s.strip().replaceFirst("^\\+", ""), 1024, Long.MAX_VALUE);
        if (bytes == null) {
            ctl.errorf("Unable to parse integer parameter %s", name);
            throw new Options.BadOption();
        }
        return (bytes + 1023) / 1024;
    }

    private static boolean memtune(Ctl ctl, Cmd cmd) {
        Integer flags = affect(ctl, cmd);
        if (flags == null) {
            return false;
        }
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        List<TypedParam> set = new ArrayList<>();
        String[][] names = {{"hard-limit", "hard_limit"}, {"soft-limit", "soft_limit"},
            {"swap-hard-limit", "swap_hard_limit"}, {"min-guarantee", "min_guarantee"}};
        for (String[] n : names) {
            Long v = memtuneSize(ctl, cmd, n[0]);
            if (v != null) {
                set.add(new TypedParam.ULLongParam(n[1], v));
            }
        }
        if (set.isEmpty()) {
            TypedParams params;
            try {
                params = dom.getMemoryParameters(flags);
            } catch (VirException e) {
                return Util.fail(ctl, e, "Unable to get number of memory parameters");
            }
            for (TypedParam p : params.asList()) {
                String v = p instanceof TypedParam.ULLongParam u && u.value() == MEMORY_PARAM_UNLIMITED ? "unlimited"
                        : p.valueString();
                ctl.printf("%-15s: %s\n", p.field(), v);
            }
            return true;
        }
        try {
            dom.setMemoryParameters(new TypedParams(set), flags);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Unable to change memory parameters");
        }
        return true;
    }

    private static boolean blkiotune(Ctl ctl, Cmd cmd) {
        Integer flags = affect(ctl, cmd);
        if (flags == null) {
            return false;
        }
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        List<TypedParam> set = new ArrayList<>();
        Integer weight = Options.integer(ctl, cmd, "weight");
        if (weight != null) {
            if (weight <= 0) {
                ctl.errorf("Invalid value of %d for I/O weight", weight);
                return false;
            }
            set.add(new TypedParam.UIntParam("weight", weight));
        }
        String[][] names = {{"device-weights", "device_weight"}, {"device-read-iops-sec", "device_read_iops_sec"},
            {"device-write-iops-sec", "device_write_iops_sec"}, {"device-read-bytes-sec", "device_read_bytes_sec"},
            {"device-write-bytes-sec", "device_write_bytes_sec"}};
        for (String[] n : names) {
            String v = Options.string(ctl, cmd, n[0]);
            if (v != null) {
                set.add(new TypedParam.StringParam(n[1], v));
            }
        }
        return Util.getOrSet(ctl, set, () -> dom.getBlkioParameters(flags), "Unable to get number of blkio parameters",
                params -> dom.setBlkioParameters(params, flags), "Unable to change blkio parameters");
    }

    private static final List<String> NUMA_MODES = List.of("strict", "preferred", "interleave", "restrictive");

    private static boolean numatune(Ctl ctl, Cmd cmd) {
        Integer flags = affect(ctl, cmd);
        if (flags == null) {
            return false;
        }
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        List<TypedParam> set = new ArrayList<>();
        String mode = Options.string(ctl, cmd, "mode");
        if (mode != null) {
            int m = NUMA_MODES.indexOf(mode);
            if (m < 0) {
                Integer i = Numbers.parseInt(mode, 10);
                if (i == null) {
                    ctl.errorf("Invalid mode: %s", mode);
                    return false;
                }
                m = i;
            }
            set.add(new TypedParam.IntParam("numa_mode", m));
        }
        String nodeset = Options.string(ctl, cmd, "nodeset");
        if (nodeset != null) {
            set.add(new TypedParam.StringParam("numa_nodeset", nodeset));
        }
        if (set.isEmpty()) {
            TypedParams params;
            try {
                params = dom.getNumaParameters(flags);
            } catch (VirException e) {
                return Util.fail(ctl, e, "Unable to get number of memory parameters");
            }
            for (TypedParam p : params.asList()) {
                String v = p.valueString();
                if (p instanceof TypedParam.IntParam ip && p.field().equals("numa_mode")) {
                    v = ip.value() >= 0 && ip.value() < NUMA_MODES.size() ? NUMA_MODES.get(ip.value()) : null;
                }
                ctl.printf("%-15s: %s\n", p.field(), v);
            }
            return true;
        }
        try {
            dom.setNumaParameters(new TypedParams(set), flags);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Unable to change numa parameters");
        }
        return true;
    }

    /** A --set value typed like the parameter it replaces (virTypedParamsAddFromString). */
    private static TypedParam fromString(Ctl ctl, TypedParam like, String value) {
        String f = like.field();
        TypedParam p = switch (like) {
            case TypedParam.IntParam i -> {
                Integer v = Numbers.parseInt(value, 10);
                yield v == null ? null : new TypedParam.IntParam(f, v);
            }
            case TypedParam.UIntParam u -> {
                Long v = Numbers.parseUInt(value, 10);
                yield v == null ? null : new TypedParam.UIntParam(f, v.intValue());
            }
            case TypedParam.LLongParam l -> {
                Long v = Numbers.parseLong(value, 10);
                yield v == null ? null : new TypedParam.LLongParam(f, v);
            }
            case TypedParam.ULLongParam ul -> {
                Long v = Numbers.parseULong(value, 10);
                yield v == null ? null : new TypedParam.ULLongParam(f, v);
            }
            case TypedParam.DoubleParam d -> {
                try {
                    yield new TypedParam.DoubleParam(f, Double.parseDouble(value));
                } catch (NumberFormatException e) {
                    yield null;
                }
            }
            case TypedParam.BooleanParam b -> {
                if (value.equalsIgnoreCase("yes") || value.equals("1")) {
                    yield new TypedParam.BooleanParam(f, true);
                } else if (value.equalsIgnoreCase("no") || value.equals("0")) {
                    yield new TypedParam.BooleanParam(f, false);
                }
                yield null;
            }
            case TypedParam.StringParam s -> new TypedParam.StringParam(f, value);
        };
        if (p == null) {
            ctl.setLastError(VirException.invalidArg("Invalid value for field '" + f + "': expected "
                    + TypedParams.typeName(like.type())));
        }
        return p;
    }

    private static boolean schedinfo(Ctl ctl, Cmd cmd) {
        Integer flags = affect(ctl, cmd);
        if (flags == null) {
            return false;
        }
        boolean current = cmd.has("current");
        boolean live = cmd.has("live");
        boolean config = cmd.has("config");
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        String type;
        try {
            type = dom.getSchedulerType();
        } catch (VirException e) {
            ctl.setLastError(e);
            type = null;
        }
        ctl.printf("%-15s: %s\n", "Scheduler", type == null ? "Unknown" : type);
        if (type == null) {
            return false;
        }
        int queryFlags = live && config ? 0 : flags;
        TypedParams params = flags != 0 || current ? dom.getSchedulerParametersFlags(queryFlags)
                : dom.getSchedulerParameters();
        List<TypedParam> updates = new ArrayList<>();
        List<String> sets = new ArrayList<>(cmd.argv("set"));
        for (String legacy : new String[] {"weight", "cap"}) {
            if (cmd.has(legacy)) {
                sets.add(legacy + "=" + cmd.raw(legacy));
            }
        }
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq < 0) {
                ctl.error("Invalid syntax for --set, expecting name=value");
                return false;
            }
            String field = s.substring(0, eq);
            String value = s.substring(eq + 1);
            TypedParam like = params.get(field).orElse(null);
            if (like == null) {
                ctl.errorf("invalid scheduler option: %s", field);
                return false;
            }
            TypedParam p = fromString(ctl, like, value);
            if (p == null) {
                return false;
            }
            updates.add(p);
        }
        if (!updates.isEmpty()) {
            if (flags != 0 || current) {
                dom.setSchedulerParametersFlags(new TypedParams(updates), flags);
                params = dom.getSchedulerParametersFlags(queryFlags);
            } else {
                dom.setSchedulerParameters(new TypedParams(updates));
                params = dom.getSchedulerParameters();
            }
        } else if (live && config) {
            ctl.error("cannot query both live and config at once");
            return false;
        }
        for (TypedParam p : params.asList()) {
            ctl.printf("%-15s: %s\n", p.field(), p.valueString());
        }
        return true;
    }

    private static boolean setvcpu(Ctl ctl, Cmd cmd) {
        boolean enable = cmd.has("enable");
        boolean disable = cmd.has("disable");
        Integer flags = affect(ctl, cmd);
        if (flags == null || !Options.exclusive(ctl, cmd, "enable", "disable")) {
            return false;
        }
        if (!enable && !disable) {
            ctl.error("one of --enable, --disable is required");
            return false;
        }
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        String vcpulist = Options.string(ctl, cmd, "vcpulist");
        dom.setVcpu(vcpulist, enable, flags);
        return true;
    }

    static boolean isNoSupport(VirException e) {
        return e.code() == ErrorNumber.NO_SUPPORT;
    }
}
