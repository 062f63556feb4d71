package org.jvirt.qemu.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What the host knows of one vCPU thread, read from {@code /proc/PID/task/TID} as libvirt's qemuDomainHelperGetVcpus
 * reads it: CPU time and the last host CPU from {@code stat}, the time spent waiting for I/O from {@code sched}'s
 * wait_sum (0 when the kernel keeps no schedstats, as libvirt reports then) and the time spent runnable but not
 * running (the guest's steal time) from {@code schedstat}. The affinity ({@code status}) is read apart, by
 * {@link #affinity}: vcpuinfo needs it, the per-guest stats of getAllDomainStats do not.
 *
 * @param cpuTimeNs user + system time, in nanoseconds (ticks of USER_HZ=100, as libvirt converts them)
 * @param cpu the host CPU the thread last ran on
 * @param waitNs wait_sum, in nanoseconds
 * @param delayNs run_delay, in nanoseconds
 */
record VcpuThreadStat(long cpuTimeNs, int cpu, long waitNs, long delayNs) {
    private static final long NS_PER_TICK = 10_000_000L;

    /** A thread that went away (or a field the kernel lacks) reads as zeros. */
    static VcpuThreadStat read(long pid, long tid) {
        Path task = task(pid, tid);
        long cpuTime = 0;
        int cpu = 0;
        try {
            String stat = Files.readString(task.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            cpuTime = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NS_PER_TICK;
            cpu = Integer.parseInt(f[36]);
        } catch (IOException | RuntimeException e) {
            // the thread just went away: report what is known
        }
        return new VcpuThreadStat(cpuTime, cpu, waitSum(task), runDelay(task));
    }

    /** The thread's CPU affinity, one flag per host CPU; "may run anywhere" when it cannot be read. */
    static boolean[] affinity(long pid, long tid, int hostCpus) {
        try {
            for (String line : Files.readAllLines(task(pid, tid).resolve("status"))) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    return cpuList(line.substring(line.indexOf(':') + 1).strip(), hostCpus);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the thread just went away
        }
        boolean[] all = new boolean[hostCpus];
        Arrays.fill(all, true);
        return all;
    }

    private static Path task(long pid, long tid) {
        return Path.of("/proc", Long.toString(pid), "task", Long.toString(tid));
    }

    /** "0-3,6" → flags for CPUs 0..hostCpus-1. */
    static boolean[] cpuList(String list, int hostCpus) {
        boolean[] set = new boolean[hostCpus];
        for (String range : list.split(",")) {
            if (range.isEmpty()) {
                continue;
            }
            String[] ab = range.split("-");
            int a = Integer.parseInt(ab[0]);
            int b = ab.length > 1 ? Integer.parseInt(ab[1]) : a;
            for (int c = a; c <= b && c < hostCpus; c++) {
                set[c] = true;
            }
        }
        return set;
    }

    /** virProcessGetSchedInfo: "se.statistics.wait_sum" (or "se.wait_sum") is in milliseconds with a fraction. */
    private static long waitSum(Path task) {
        try {
            for (String line : Files.readAllLines(task.resolve("sched"))) {
                if (line.startsWith("se.statistics.wait_sum") || line.startsWith("se.wait_sum")) {
                    String v = line.substring(line.indexOf(':') + 1).strip();
                    return (long) (Double.parseDouble(v) * 1_000_000);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no schedstats: 0, as libvirt reports
        }
        return 0;
    }

    /** schedstat: "time on CPU, time waiting on a run queue, timeslices", in nanoseconds. */
    private static long runDelay(Path task) {
        try {
            String[] f = Files.readString(task.resolve("schedstat")).strip().split("\\s+");
            return Long.parseLong(f[1]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
