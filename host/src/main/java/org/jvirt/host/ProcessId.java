package org.jvirt.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A process as the kernel identifies it across pid reuse: its pid and its start time (field 22 of
 * /proc/PID/stat, in clock ticks since boot). Two processes that ever had the same pid never share both.
 */
public record ProcessId(long pid, long startTime) {

    /** What /proc/PID/stat says now, or empty when there is no such process. */
    public static Optional<ProcStat> stat(long pid) {
        return stat(Path.of("/proc"), pid);
    }

    static Optional<ProcStat> stat(Path proc, long pid) {
        try {
            return Optional.of(ProcStat.parse(Files.readString(proc.resolve(Long.toString(pid)).resolve("stat"))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // ESRCH while reading: the process went away between open and read
            return Optional.empty();
        }
    }

    /** The identity of a live process with this pid, or empty. */
    public static Optional<ProcessId> of(long pid) {
        return stat(pid).map(s -> new ProcessId(pid, s.startTime()));
    }

    /** True when a process with this pid and the same start time exists and is not a zombie. */
    public boolean isAlive() {
        return stat(pid).filter(s -> s.startTime() == startTime && s.state() != 'Z' && s.state() != 'X').isPresent();
    }

    /** The fields of /proc/PID/stat the drivers use. {@code comm} may contain spaces and parentheses. */
    public record ProcStat(long pid, String comm, char state, long ppid, long pgrp, long session, long startTime) {
        public static ProcStat parse(String line) {
            int open = line.indexOf('(');
            int close = line.lastIndexOf(')');
            if (open < 0 || close < open) {
                throw new IllegalArgumentException("malformed /proc stat line: " + line);
            }
            long pid = Long.parseLong(line.substring(0, open).trim());
            String comm = line.substring(open + 1, close);
            String[] f = line.substring(close + 2).trim().split(" ");
            // f[0] is field 3 (state); field N is f[N - 3].
            return new ProcStat(pid, comm, f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[2]),
                    Long.parseLong(f[3]), Long.parseLong(f[19]));
        }
    }
}
