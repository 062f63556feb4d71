package org.jvirt.qemu.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jvirt.api.Records.NodeInfo;
import org.jvirt.api.Records.NodeStat;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.spi.NodeOps;

/** The host's facts from /proc and /sys (libvirt's virnodesuspend.c/virhostcpu.c/virhostmem.c). */
final class HostNodeOps implements NodeOps {

    @Override
    public NodeInfo getInfo() {
        List<String> cpuinfo = lines("/proc/cpuinfo");
        int cpus = (int) cpuinfo.stream().filter(l -> l.startsWith("processor")).count();
        int mhz = cpuinfo.stream().filter(l -> l.startsWith("cpu MHz")).findFirst()
                .map(l -> (int) Double.parseDouble(l.substring(l.indexOf(':') + 1).strip())).orElse(0);
        int cores = cpuinfo.stream().filter(l -> l.startsWith("cpu cores")).findFirst()
                .map(l -> Integer.parseInt(l.substring(l.indexOf(':') + 1).strip())).orElse(cpus);
        int siblings = cpuinfo.stream().filter(l -> l.startsWith("siblings")).findFirst()
                .map(l -> Integer.parseInt(l.substring(l.indexOf(':') + 1).strip())).orElse(cores);
        int threads = Math.max(1, siblings / Math.max(1, cores));
        int sockets = Math.max(1, cpus / Math.max(1, cores * threads));
        return new NodeInfo(System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch"),
                meminfo("MemTotal"), cpus, mhz, 1, sockets, Math.max(1, cores), threads);
    }

    @Override
    public long getFreeMemory() {
        return meminfo("MemFree") * 1024;
    }

    @Override
    public long[] getCellsFreeMemory(int startCell, int maxCells) {
        if (startCell != 0) {
            throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.NONE, "start cell " + startCell
                    + " out of range (0-0)");
        }
        return new long[] {getFreeMemory()};
    }

    @Override
    public List<NodeStat> getMemoryStats(int cellNum, int flags) {
        return List.of(new NodeStat("total", meminfo("MemTotal")), new NodeStat("free", meminfo("MemFree")),
                new NodeStat("buffers", meminfo("Buffers")), new NodeStat("cached", meminfo("Cached")));
    }

    /** virHostCPUGetStats: jiffies from /proc/stat in nanoseconds (USER_HZ is 100 on Linux). */
    @Override
    public List<NodeStat> getCPUStats(int cpuNum, int flags) {
        String key = cpuNum < 0 ? "cpu" : "cpu" + cpuNum;
        for (String l : lines("/proc/stat")) {
            String[] f = l.split("\\s+");
            if (f[0].equals(key)) {
                long tick = 10_000_000L;
                List<NodeStat> out = new ArrayList<>();
                out.add(new NodeStat("kernel", (Long.parseLong(f[3]) + Long.parseLong(f[6]) + Long.parseLong(f[7]))
                        * tick));
                out.add(new NodeStat("user", (Long.parseLong(f[1]) + Long.parseLong(f[2])) * tick));
                out.add(new NodeStat("idle", Long.parseLong(f[4]) * tick));
                out.add(new NodeStat("iowait", Long.parseLong(f[5]) * tick));
                return out;
            }
        }
        throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.NONE, "Invalid cpuNum in virHostCPUGetStats");
    }

    private static long meminfo(String key) {
        for (String l : lines("/proc/meminfo")) {
            if (l.startsWith(key + ":")) {
                return Long.parseLong(l.substring(key.length() + 1).replace("kB", "").strip());
            }
        }
        return 0;
    }

    private static List<String> lines(String file) {
        try {
            return Files.readAllLines(Path.of(file));
        } catch (IOException e) {
            throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.NONE, "cannot read " + file + ": "
                    + e.getMessage());
        }
    }
}
