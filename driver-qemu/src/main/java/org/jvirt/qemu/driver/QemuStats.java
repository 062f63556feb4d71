package org.jvirt.qemu.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jvirt.api.Records.DomainBlockInfo;
import org.jvirt.api.Records.DomainBlockStats;
import org.jvirt.api.Records.DomainInterfaceStats;
import org.jvirt.api.Records.DomainMemoryStat;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.param.TypedParam;
import org.jvirt.core.param.TypedParams;
import org.jvirt.model.domain.DeviceKind;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDevice;
import org.jvirt.model.domain.XmlElem;
import org.jvirt.qemu.monitor.Json;
import org.jvirt.spi.DomainStats;
import org.jvirt.spi.Refs.DomainRef;
import org.jvirt.spi.support.DomainStates;

/**
 * Statistics of QEMU domains (qemuDomainBlockStats, qemuDomainMemoryStats, qemuDomainGetCPUStats,
 * qemuConnectGetAllDomainStats ...): from QEMU's query-blockstats/query-block/query-balloon, the QEMU process's
 * /proc entries and the host TAP's counters.
 */
final class QemuStats implements DomainStats {
    static final int STATS_STATE = 1;
    static final int STATS_CPU_TOTAL = 2;
    static final int STATS_BALLOON = 4;
    static final int STATS_VCPU = 8;
    static final int STATS_INTERFACE = 16;
    static final int STATS_BLOCK = 32;
    static final int SUPPORTED = STATS_STATE | STATS_CPU_TOTAL | STATS_BALLOON | STATS_VCPU | STATS_INTERFACE
            | STATS_BLOCK;
    static final int ENFORCE_STATS = 0x80000000;

    static final int MEMORY_STAT_ACTUAL_BALLOON = 6;
    static final int MEMORY_STAT_RSS = 7;

    private final QemuDriver driver;

    QemuStats(QemuDriver driver) {
        this.driver = driver;
    }

    /** What one query needs of a domain, copied under its lock. */
    private record Snapshot(DomainDef def, boolean active, long pid, int state, int reason) {}

    private static Snapshot snapshot(QemuDomainObj obj) {
        synchronized (obj) {
            return new Snapshot(obj.current(), obj.isActive(), obj.process != null ? obj.process.pid() : -1,
                    obj.state, obj.reason);
        }
    }

    private static Snapshot active(QemuDomainObj obj) {
        Snapshot s = snapshot(obj);
        if (!s.active) {
            throw QemuErrors.notRunning();
        }
        return s;
    }

    // ---- block ----

    /** Counters of one disk as query-blockstats reports them. */
    record BlockCounters(long rdReq, long rdBytes, long rdTimeNs, long wrReq, long wrBytes, long wrTimeNs,
                         long flReq, long flTimeNs) {
        static final BlockCounters ZERO = new BlockCounters(0, 0, 0, 0, 0, 0, 0, 0);

        BlockCounters plus(BlockCounters o) {
            return new BlockCounters(rdReq + o.rdReq, rdBytes + o.rdBytes, rdTimeNs + o.rdTimeNs, wrReq + o.wrReq,
                    wrBytes + o.wrBytes, wrTimeNs + o.wrTimeNs, flReq + o.flReq, flTimeNs + o.flTimeNs);
        }
    }

    /** The counters of the disk with this alias in a query-blockstats reply (matched by its qdev path). */
    static BlockCounters countersFor(Json reply, String alias) {
        if (reply instanceof Json.Arr a) {
            for (Json j : a.items()) {
                if (j instanceof Json.Obj o && matchesQdev(o.str("qdev"), alias) && o.obj("stats") != null) {
                    Json.Obj s = o.obj("stats");
                    return new BlockCounters(s.num("rd_operations", 0), s.num("rd_bytes", 0),
                            s.num("rd_total_time_ns", 0), s.num("wr_operations", 0), s.num("wr_bytes", 0),
                            s.num("wr_total_time_ns", 0), s.num("flush_operations", 0),
                            s.num("flush_total_time_ns", 0));
                }
            }
        }
        return null;
    }

    static boolean matchesQdev(String qdev, String alias) {
        return qdev != null && alias != null && (qdev.equals(alias) || qdev.startsWith("/machine/peripheral/"
                + alias + "/"));
    }

    /** virDomainDiskByName: a target name or a source path; "invalid path: %s" otherwise. */
    static DomainDevice disk(DomainDef def, String path) {
        for (DomainDevice d : def.devices(DeviceKind.DISK)) {
            if (path.equals(d.targetDev()) || path.equals(sourcePath(d))) {
                return d;
            }
        }
        throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU, "invalid path: " + path);
    }

    static String sourcePath(DomainDevice d) {
        XmlElem s = d.xml().child("source");
        if (s == null) {
            return null;
        }
        return s.attr("file") != null ? s.attr("file") : s.attr("dev") != null ? s.attr("dev") : s.attr("name");
    }

    /** The counters of one disk, or of all ("" is libvirt's summary of every disk). */
    private BlockCounters blockCounters(QemuDomainObj obj, Snapshot s, String path) {
        Json reply = QemuLifecycle.qmp(obj, "query-blockstats", null);
        List<DomainDevice> disks = path.isEmpty() ? s.def.devices(DeviceKind.DISK) : List.of(disk(s.def, path));
        BlockCounters sum = BlockCounters.ZERO;
        for (DomainDevice d : disks) {
            BlockCounters c = countersFor(reply, d.alias());
            if (c == null && !path.isEmpty()) {
                throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.QEMU,
                        "cannot find statistics for device '" + d.alias() + "'");
            }
            if (c != null) {
                sum = sum.plus(c);
            }
        }
        return sum;
    }

    @Override
    public DomainBlockStats blockStats(DomainRef dom, String disk) {
        QemuDomainObj obj = driver.find(dom);
        BlockCounters c = blockCounters(obj, active(obj), disk);
        // QEMU has no error counter: libvirt reports -1
        return new DomainBlockStats(c.rdReq, c.rdBytes, c.wrReq, c.wrBytes, -1);
    }

    @Override
    public TypedParams blockStatsFlags(DomainRef dom, String disk, int flags) {
        QemuErrors.checkFlags(flags, 1, "qemuDomainBlockStatsFlags");
        QemuDomainObj obj = driver.find(dom);
        return blockStatsParams(blockCounters(obj, active(obj), disk));
    }

    /** qemuDomainBlockStatsFlags' fields, in its order. */
    static TypedParams blockStatsParams(BlockCounters c) {
        return TypedParams.of(new TypedParam.LLongParam("wr_bytes", c.wrBytes),
                new TypedParam.LLongParam("wr_operations", c.wrReq),
                new TypedParam.LLongParam("rd_bytes", c.rdBytes),
                new TypedParam.LLongParam("rd_operations", c.rdReq),
                new TypedParam.LLongParam("flush_operations", c.flReq),
                new TypedParam.LLongParam("wr_total_times", c.wrTimeNs),
                new TypedParam.LLongParam("rd_total_times", c.rdTimeNs),
                new TypedParam.LLongParam("flush_total_times", c.flTimeNs));
    }

    @Override
    public DomainBlockInfo getBlockInfo(DomainRef dom, String path, int flags) {
        QemuErrors.checkFlags(flags, 0, "qemuDomainGetBlockInfo");
        QemuDomainObj obj = driver.find(dom);
        Snapshot s = snapshot(obj);
        DomainDevice d = disk(s.def, path);
        String src = sourcePath(d);
        long size = fileSize(src);
        if (!s.active) {
            return new DomainBlockInfo(size, size, size);
        }
        Json.Obj image = imageOf(QemuLifecycle.qmp(obj, "query-block", null), d.alias());
        long capacity = image != null ? image.num("virtual-size", size) : size;
        long allocation = image != null ? image.num("actual-size", size) : size;
        return new DomainBlockInfo(capacity, allocation, size);
    }

    static Json.Obj imageOf(Json queryBlock, String alias) {
        if (queryBlock instanceof Json.Arr a) {
            for (Json j : a.items()) {
                if (j instanceof Json.Obj o && matchesQdev(o.str("qdev"), alias) && o.obj("inserted") != null) {
                    return o.obj("inserted").obj("image");
                }
            }
        }
        return null;
    }

    private static long fileSize(String path) {
        try {
            return path == null ? 0 : Files.size(Path.of(path));
        } catch (IOException e) {
            return 0;
        }
    }

    // ---- interfaces ----

    @Override
    public DomainInterfaceStats interfaceStats(DomainRef dom, String device) {
        QemuDomainObj obj = driver.find(dom);
        Snapshot s = active(obj);
        DomainDevice net = s.def.devices(DeviceKind.INTERFACE).stream().filter(d -> device.equals(d.targetDev())
                || device.equalsIgnoreCase(String.valueOf(d.mac()))).findFirst().orElseThrow(() ->
                VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU, "invalid path, '" + device
                        + "' is not a known interface"));
        String tap = net.targetDev();
        if (tap == null) {
            throw VirException.of(ErrorNumber.OPERATION_INVALID, ErrorDomain.QEMU,
                    "interface stats not implemented on this platform");
        }
        return tapStats(Path.of("/sys/class/net", tap, "statistics"), swapped(net));
    }

    /** virDomainNetTypeSharesHostView: only a TAP the guest does not share is seen from the other side. */
    static boolean swapped(DomainDevice net) {
        return !"ethernet".equals(net.type()) && !"direct".equals(net.type());
    }

    /**
     * The host TAP's counters; {@code swapped}, what the host receives is what the guest sent
     * (virNetDevTapInterfaceStats).
     */
    static DomainInterfaceStats tapStats(Path statistics, boolean swapped) {
        if (!swapped) {
            return new DomainInterfaceStats(counter(statistics, "rx_bytes"), counter(statistics, "rx_packets"),
                    counter(statistics, "rx_errors"), counter(statistics, "rx_dropped"),
                    counter(statistics, "tx_bytes"), counter(statistics, "tx_packets"),
                    counter(statistics, "tx_errors"), counter(statistics, "tx_dropped"));
        }
        return new DomainInterfaceStats(counter(statistics, "tx_bytes"), counter(statistics, "tx_packets"),
                counter(statistics, "tx_errors"), counter(statistics, "tx_dropped"), counter(statistics, "rx_bytes"),
                counter(statistics, "rx_packets"), counter(statistics, "rx_errors"),
                counter(statistics, "rx_dropped"));
    }

    private static long counter(Path dir, String name) {
        try {
            return Long.parseLong(Files.readString(dir.resolve(name)).strip());
        } catch (IOException | NumberFormatException e) {
            throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.QEMU, "Unable to read '"
                    + dir.resolve(name) + "': " + e.getMessage());
        }
    }

    // ---- memory and CPU ----

    @Override
    public List<DomainMemoryStat> memoryStats(DomainRef dom, int nrStats, int flags) {
        QemuErrors.checkFlags(flags, 0, "qemuDomainMemoryStats");
        QemuDomainObj obj = driver.find(dom);
        Snapshot s = active(obj);
        List<DomainMemoryStat> out = new ArrayList<>();
        out.add(new DomainMemoryStat(MEMORY_STAT_ACTUAL_BALLOON, balloonKiB(obj, s)));
        long rss = rssKiB(s.pid);
        if (rss >= 0) {
            out.add(new DomainMemoryStat(MEMORY_STAT_RSS, rss));
        }
        return out.size() > nrStats ? out.subList(0, Math.max(0, nrStats)) : out;
    }

    static boolean hasBalloon(DomainDef def) {
        return def.devices(DeviceKind.MEMBALLOON).stream().anyMatch(d -> !"none".equals(d.xml().attr("model")));
    }

    /** query-balloon's actual (bytes) in KiB when the guest has a balloon, else the defined current memory. */
    static long balloonKiB(QemuDomainObj obj, Snapshot s) {
        if (s.active && hasBalloon(s.def)) {
            try {
                if (QemuLifecycle.qmp(obj, "query-balloon", null) instanceof Json.Obj o && o.has("actual")) {
                    return o.num("actual", 0) / 1024;
                }
            } catch (VirException e) {
                // no balloon driver answering: fall back to the definition, as libvirt does
            }
        }
        return s.def.currentMemory();
    }

    /** VmRSS of the QEMU process in KiB, or -1. */
    static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).strip().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** utime and stime of a process in nanoseconds (/proc/PID/stat, clock ticks of 1/100 s). */
    static long[] cpuTimes(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]) * 10_000_000L, Long.parseLong(f[12]) * 10_000_000L};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    @Override
    public List<TypedParams> getCPUStats(DomainRef dom, int startCpu, int ncpus, int flags) {
        QemuErrors.checkFlags(flags, 0, "qemuDomainGetCPUStats");
        QemuDomainObj obj = driver.find(dom);
        Snapshot s = active(obj);
        if (startCpu != -1) {
            // per-host-CPU figures come from the cpuacct cgroup only
            throw VirException.of(ErrorNumber.OPERATION_INVALID, ErrorDomain.QEMU,
                    "cgroup CPUACCT controller is not mounted");
        }
        long[] t = cpuTimes(s.pid);
        return List.of(TypedParams.of(new TypedParam.ULLongParam("cpu_time", t[0] + t[1]),
                new TypedParam.ULLongParam("user_time", t[0]), new TypedParam.ULLongParam("system_time", t[1])));
    }

    // ---- all-domain statistics ----

    @Override
    public List<StatsRecord> getAllDomainStats(List<DomainRef> doms, int stats, int flags) {
        if ((flags & ENFORCE_STATS) != 0 && (stats & ~SUPPORTED) != 0) {
            throw VirException.of(ErrorNumber.ARGUMENT_UNSUPPORTED, ErrorDomain.QEMU, "Stats types bits 0x"
                    + Integer.toHexString(stats & ~SUPPORTED) + " are not supported by this daemon");
        }
        int want = stats == 0 ? SUPPORTED : stats & SUPPORTED;
        List<QemuDomainObj> objs = new ArrayList<>();
        if (doms == null) {
            for (QemuDomainObj o : driver.list()) {
                if (listed(o, flags)) {
                    objs.add(o);
                }
            }
        } else {
            for (DomainRef r : doms) {
                objs.add(driver.find(r));
            }
        }
        List<StatsRecord> out = new ArrayList<>();
        for (QemuDomainObj o : objs) {
            out.add(new StatsRecord(o.ref(), new TypedParams(collect(o, want))));
        }
        return out;
    }

    private static boolean listed(QemuDomainObj o, int flags) {
        Snapshot s = snapshot(o);
        boolean persistent;
        synchronized (o) {
            persistent = o.persistent;
        }
        boolean a = (flags & 1) != 0;
        boolean i = (flags & 2) != 0;
        if (a != i && a != s.active) {
            return false;
        }
        boolean p = (flags & 4) != 0;
        boolean t = (flags & 8) != 0;
        if (p != t && p != persistent) {
            return false;
        }
        int states = flags & (16 | 32 | 64 | 128);
        return states == 0 || (flags & 16) != 0 && s.state == DomainStates.RUNNING
                || (flags & 32) != 0 && s.state == DomainStates.PAUSED
                || (flags & 64) != 0 && s.state == DomainStates.SHUTOFF
                || (flags & 128) != 0 && s.state != DomainStates.RUNNING && s.state != DomainStates.PAUSED
                        && s.state != DomainStates.SHUTOFF;
    }

    private List<TypedParam> collect(QemuDomainObj obj, int want) {
        Snapshot s = snapshot(obj);
        List<TypedParam> p = new ArrayList<>();
        if ((want & STATS_STATE) != 0) {
            p.add(new TypedParam.IntParam("state.state", s.state));
            p.add(new TypedParam.IntParam("state.reason", s.reason));
        }
        if ((want & STATS_CPU_TOTAL) != 0 && s.active) {
            long[] t = cpuTimes(s.pid);
            p.add(new TypedParam.ULLongParam("cpu.time", t[0] + t[1]));
            p.add(new TypedParam.ULLongParam("cpu.user", t[0]));
            p.add(new TypedParam.ULLongParam("cpu.system", t[1]));
        }
        if ((want & STATS_BALLOON) != 0) {
            p.add(new TypedParam.ULLongParam("balloon.current", s.active ? balloonKiB(obj, s)
                    : s.def.totalMemory()));
            p.add(new TypedParam.ULLongParam("balloon.maximum", s.def.totalMemory()));
            if (s.active) {
                long rss = rssKiB(s.pid);
                if (rss >= 0) {
                    p.add(new TypedParam.ULLongParam("balloon.rss", rss));
                }
            }
        }
        if ((want & STATS_VCPU) != 0) {
            p.add(new TypedParam.UIntParam("vcpu.current", s.def.currentVcpus()));
            p.add(new TypedParam.UIntParam("vcpu.maximum", s.def.maxVcpus()));
            if (s.active) {
                p.addAll(vcpuParams(obj, s.pid));
            }
        }
        if ((want & STATS_INTERFACE) != 0 && s.active) {
            p.addAll(interfaceParams(s.def, net -> tapStats(Path.of("/sys/class/net", net.targetDev(),
                    "statistics"), swapped(net))));
        }
        if ((want & STATS_BLOCK) != 0) {
            Json reply = null;
            if (s.active) {
                try {
                    reply = QemuLifecycle.qmp(obj, "query-blockstats", null);
                } catch (VirException e) {
                    // the monitor went away: names and paths only, as libvirt reports what it can
                }
            }
            p.addAll(blockParams(s.def, reply));
        }
        return p;
    }

    /**
     * qemuDomainGetStatsVcpu's per-vCPU part for a running guest: state (1, running: QEMU runs every online vCPU's
     * thread), time, wait and delay of each online vCPU's thread. "halted" is left out as libvirt leaves it out on
     * x86 (it would only say the guest idles). Thread ids are cached on the domain.
     */
    private List<TypedParam> vcpuParams(QemuDomainObj obj, long pid) {
        java.util.Map<Integer, Long> threads = obj.vcpuThreads;
        if (threads == null) {
            try {
                threads = QemuProcess.vcpuThreads(QemuLifecycle.monitor(obj));
            } catch (VirException e) {
                return List.of(); // the guest stopped meanwhile: libvirt resets the error and reports no vCPUs
            }
            obj.vcpuThreads = threads;
        }
        List<TypedParam> p = new ArrayList<>();
        for (var e : new java.util.TreeMap<>(threads).entrySet()) {
            VcpuThreadStat t = VcpuThreadStat.read(pid, e.getValue());
            String k = "vcpu." + e.getKey() + ".";
            p.add(new TypedParam.IntParam(k + "state", 1));
            p.add(new TypedParam.ULLongParam(k + "time", t.cpuTimeNs()));
            p.add(new TypedParam.ULLongParam(k + "wait", t.waitNs()));
            p.add(new TypedParam.ULLongParam(k + "delay", t.delayNs()));
        }
        return p;
    }

    /** The "net.*" group: every interface's name, and the TAP counters where there is a TAP. */
    static List<TypedParam> interfaceParams(DomainDef def, java.util.function.Function<DomainDevice,
            DomainInterfaceStats> stats) {
        List<TypedParam> p = new ArrayList<>();
        List<DomainDevice> nets = def.devices(DeviceKind.INTERFACE);
        p.add(new TypedParam.UIntParam("net.count", nets.size()));
        for (int i = 0; i < nets.size(); i++) {
            String tap = nets.get(i).targetDev();
            if (tap == null) {
                continue;
            }
            String k = "net." + i + ".";
            p.add(new TypedParam.StringParam(k + "name", tap));
            DomainInterfaceStats st;
            try {
                st = stats.apply(nets.get(i));
            } catch (VirException e) {
                continue;
            }
            p.add(new TypedParam.ULLongParam(k + "rx.bytes", st.rxBytes()));
            p.add(new TypedParam.ULLongParam(k + "rx.pkts", st.rxPackets()));
            p.add(new TypedParam.ULLongParam(k + "rx.errs", st.rxErrs()));
            p.add(new TypedParam.ULLongParam(k + "rx.drop", st.rxDrop()));
            p.add(new TypedParam.ULLongParam(k + "tx.bytes", st.txBytes()));
            p.add(new TypedParam.ULLongParam(k + "tx.pkts", st.txPackets()));
            p.add(new TypedParam.ULLongParam(k + "tx.errs", st.txErrs()));
            p.add(new TypedParam.ULLongParam(k + "tx.drop", st.txDrop()));
        }
        return p;
    }

    /** The "block.*" group: name and path of every disk, and QEMU's counters while it runs. */
    static List<TypedParam> blockParams(DomainDef def, Json blockstats) {
        List<TypedParam> p = new ArrayList<>();
        List<DomainDevice> disks = def.devices(DeviceKind.DISK);
        p.add(new TypedParam.UIntParam("block.count", disks.size()));
        for (int i = 0; i < disks.size(); i++) {
            DomainDevice d = disks.get(i);
            String k = "block." + i + ".";
            p.add(new TypedParam.StringParam(k + "name", d.targetDev()));
            String src = sourcePath(d);
            if (src != null) {
                p.add(new TypedParam.StringParam(k + "path", src));
            }
            BlockCounters c = blockstats == null ? null : countersFor(blockstats, d.alias());
            if (c != null) {
                p.add(new TypedParam.ULLongParam(k + "rd.reqs", c.rdReq));
                p.add(new TypedParam.ULLongParam(k + "rd.bytes", c.rdBytes));
                p.add(new TypedParam.ULLongParam(k + "rd.times", c.rdTimeNs));
                p.add(new TypedParam.ULLongParam(k + "wr.reqs", c.wrReq));
                p.add(new TypedParam.ULLongParam(k + "wr.bytes", c.wrBytes));
                p.add(new TypedParam.ULLongParam(k + "wr.times", c.wrTimeNs));
                p.add(new TypedParam.ULLongParam(k + "fl.reqs", c.flReq));
                p.add(new TypedParam.ULLongParam(k + "fl.times", c.flTimeNs));
            }
            if (src != null && "file".equals(d.type())) {
                long size = fileSize(src);
                p.add(new TypedParam.ULLongParam(k + "physical", size));
            }
        }
        return p;
    }
}
