package org.jvirt.host.cgroup;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.host.CgroupInfo;

/**
 * Where and how guests get their cgroups (libvirt's virCgroupNewPartition / virCgroupNewMachineManual /
 * virCgroupNewDomainPartition, the layout without systemd-machined): a resource partition such as {@code /machine}
 * under each hierarchy's root, and in it one group per guest named {@code qemu-ID-NAME.libvirt-qemu}.
 *
 * <p>One backend serves all controllers: the v1 hierarchies when any wanted controller is mounted there (also in
 * systemd's hybrid layout, whose cgroup2 mount then has no controllers), else the unified hierarchy.
 */
public final class CgroupManager {
    private static final System.Logger LOG = System.getLogger("org.jvirt.host.cgroup");

    /** libvirt's default resource partition. */
    public static final String DEFAULT_PARTITION = "/machine";
    /** The controllers a guest's group gets when the host has them. */
    public static final List<String> DEFAULT_CONTROLLERS =
            List.of("cpu", "cpuacct", "cpuset", "memory", "devices", "blkio", "pids");
    /** Kernel controller names: a group name "NAME.xxx" with one of these as NAME must be escaped. */
    private static final List<String> KERNEL_CONTROLLERS = List.of("cpu", "cpuacct", "cpuset", "memory", "devices",
            "freezer", "blkio", "io", "net_cls", "perf_event", "net_prio", "hugetlb", "pids", "rdma", "misc");
    /** Characters virDomainMachineNameAppendValid keeps. */
    private static final String HOSTNAME_CHARS =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-";

    private final CgroupInfo info;
    private final CgroupFs fs;
    private final Map<String, Path> v1Mounts;
    private final Set<String> v2Controllers;

    /**
     * @param info   the host's layout ({@link CgroupInfo#detect()})
     * @param fs     file access ({@link KernelCgroupFs} for real)
     * @param wanted libvirt controller names to use when present (e.g. {@link #DEFAULT_CONTROLLERS})
     */
    public CgroupManager(CgroupInfo info, CgroupFs fs, Collection<String> wanted) {
        this.info = info;
        this.fs = fs;
        Map<String, Path> v1 = new LinkedHashMap<>();
        for (String c : wanted) {
            Path m = info.v1Mounts().get(c);
            if (m != null) {
                v1.put(c, m);
            }
        }
        this.v1Mounts = java.util.Collections.unmodifiableMap(v1);
        Set<String> v2 = new LinkedHashSet<>();
        if (v1.isEmpty() && info.v2Mount() != null) {
            for (String c : wanted) {
                String k = c.equals("cpuacct") ? "cpu" : CgroupV2.kernelName(c);
                if (info.v2Controllers().contains(k)) {
                    v2.add(c);
                }
            }
        }
        this.v2Controllers = java.util.Collections.unmodifiableSet(v2);
    }

    /** This host's cgroups with the real files and {@link #DEFAULT_CONTROLLERS}. */
    public static CgroupManager detect() {
        return new CgroupManager(CgroupInfo.detect(), new KernelCgroupFs(), DEFAULT_CONTROLLERS);
    }

    public CgroupInfo info() {
        return info;
    }

    /** Whether any wanted controller is usable. */
    public boolean available() {
        return !v1Mounts.isEmpty() || !v2Controllers.isEmpty();
    }

    /** The usable controllers, libvirt's names. */
    public Set<String> controllers() {
        return v1Mounts.isEmpty() ? v2Controllers : v1Mounts.keySet();
    }

    /** A handle on the group at {@code path} (absolute within each hierarchy, "/" is the root); nothing is created. */
    public Cgroup group(String path) {
        if (!available()) {
            throw CgroupErrors.system("At least one cgroup controller is required",
                    new java.io.IOException("No such device or address"));
        }
        if (!v1Mounts.isEmpty()) {
            return new CgroupV1(fs, v1Mounts, path);
        }
        return new CgroupV2(fs, info.v2Mount(), path, v2Controllers, false);
    }

    /**
     * virCgroupNewPartition: the resource partition's group, each level escaped and suffixed as libvirt does
     * ({@link #partitionPath}), created level by level when {@code create}; otherwise it must exist.
     */
    public Cgroup newPartition(String partition, boolean create) {
        if (!partition.startsWith("/")) {
            throw CgroupErrors.of(ErrorNumber.INVALID_ARG, "Partition path '" + partition + "' must start with '/'");
        }
        Cgroup g = group("/");
        for (String part : partitionPath(partition).split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            g = g.child(part);
            if (create) {
                g.create(false);
            } else if (!g.exists()) {
                throw missing(g);
            }
        }
        return g;
    }

    private static VirException missing(Cgroup g) {
        java.io.IOException enoent = new java.nio.file.NoSuchFileException(g.path());
        return switch (g) {
            case CgroupV1 v1 -> CgroupErrors.system("Failed to create v1 controller "
                    + v1.controllers().iterator().next() + " for group", enoent);
            case CgroupV2 v2 -> CgroupErrors.system("Failed to create v2 cgroup '" + v2.dir() + "'", enoent);
        };
    }

    /** The handle of a guest's group (for reconnecting to a running guest); nothing is created. */
    public Cgroup machine(String machineName, String driver, String partition) {
        if (!partition.startsWith("/")) {
            throw CgroupErrors.of(ErrorNumber.INVALID_ARG, "Partition path '" + partition + "' must start with '/'");
        }
        String p = partitionPath(partition);
        return group(CgroupV1.join(p, domainGroupName(machineName, driver)));
    }

    /**
     * virCgroupNewMachineManual: creates the guest's group in {@code partition} (the partition itself only when it
     * is the default {@code /machine}) and moves process {@code pid} into it. If the move fails the new group is
     * removed again and the move's error raised.
     */
    public Cgroup newMachine(String machineName, String driver, String partition, long pid) {
        Cgroup parent = newPartition(partition, partition.equals(DEFAULT_PARTITION));
        Cgroup group = parent.child(domainGroupName(machineName, driver));
        group.create(false);
        try {
            group.addProcess(pid);
        } catch (VirException e) {
            try {
                group.remove();
            } catch (VirException again) {
                LOG.log(Level.WARNING, "Failed to remove cgroup {0}: {1}", group, again.getMessage());
            }
            throw e;
        }
        return group;
    }

    /** virCgroupNewDomainPartition's group name: "MACHINE.libvirt-DRIVER", escaped. */
    public static String domainGroupName(String machineName, String driver) {
        return escape(machineName + ".libvirt-" + driver);
    }

    /**
     * virDomainDriverGenerateMachineName for a privileged driver: "DRIVER-ID-NAME" with NAME reduced to hostname
     * characters, runs of '.'/'-' collapsed, at most 64 characters and no trailing '-' or '.'.
     */
    public static String machineName(String driver, int id, String name) {
        StringBuilder b = new StringBuilder(driver).append('-').append(id).append('-');
        boolean skip = true;
        for (int i = 0; i < name.length(); i++) {
            if (b.length() >= 64) {
                break;
            }
            char c = name.charAt(i);
            if (c == '.' || c == '-') {
                if (!skip) {
                    b.append(c);
                }
                skip = true;
                continue;
            }
            skip = false;
            if (HOSTNAME_CHARS.indexOf(c) >= 0) {
                b.append(c);
            }
        }
        int end = b.length();
        while (end > 0 && (b.charAt(end - 1) == '-' || b.charAt(end - 1) == '.')) {
            end--;
        }
        return b.substring(0, end);
    }

    /**
     * virCgroupSetPartitionSuffix: every component but the fixed top-level "machine", "system" and "user" gets
     * ".partition" appended unless it has a dot, then is escaped; e.g. "/machine/prod" → "/machine/prod.partition".
     */
    public static String partitionPath(String partition) {
        List<String> out = new ArrayList<>();
        for (String t : partition.split("/", -1)) {
            if (t.isEmpty() || t.equals("machine") || t.equals("system") || t.equals("user")) {
                out.add(t);
                continue;
            }
            out.add(escape(t.contains(".") ? t : t + ".partition"));
        }
        String joined = String.join("/", out);
        return joined.isEmpty() ? "/" : joined;
    }

    /** virCgroupPartitionEscape: a leading '_' when the name could be mistaken for a control file. */
    public static String escape(String name) {
        boolean needs = name.startsWith("_") || name.startsWith(".") || name.startsWith("cgroup.");
        for (String c : KERNEL_CONTROLLERS) {
            needs |= name.startsWith(c + ".");
        }
        return needs ? "_" + name : name;
    }
}
