package org.jvirt.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/**
 * Which cgroup hierarchies this host has and where this process sits in them (libvirt's vircgroupv1.c /
 * vircgroupv2.c detection: /proc/self/cgroup for the placement, /proc/self/mountinfo for the mounts, and
 * {@code cgroup.controllers} of the unified mount for the v2 controllers).
 *
 * @param v1Mounts    v1 controller name (e.g. "memory", "name=systemd") → its mount point
 * @param v1Placement v1 controller → this process's path in that hierarchy
 * @param v2Mount     the cgroup2 mount, or null
 * @param v2Placement this process's path in the unified hierarchy, or null
 * @param v2Controllers controllers enabled in the unified hierarchy (empty when all are bound to v1)
 */
public record CgroupInfo(Map<String, Path> v1Mounts, Map<String, String> v1Placement, Path v2Mount,
                         String v2Placement, Set<String> v2Controllers) {

    /** libvirt's controller list (virCgroupController) in its order. */
    public static final List<String> CONTROLLERS =
            List.of("cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "net_cls", "perf_event",
                    "name=systemd");

    /** Super-block options of a v1 cgroup mount that are not controller names. */
    private static final Set<String> NOT_CONTROLLERS =
            Set.of("rw", "ro", "xattr", "noprefix", "clone_children", "cpuset_v2_mode", "none");

    public enum Version { V1, V2, HYBRID, NONE }

    public CgroupInfo {
        v1Mounts = Map.copyOf(v1Mounts);
        v1Placement = Map.copyOf(v1Placement);
        v2Controllers = Set.copyOf(v2Controllers);
    }

    /**
     * V2 when everything is on the unified hierarchy; V1 when only v1 controllers are mounted; HYBRID when v1
     * controllers sit beside a cgroup2 mount that has no controllers (systemd's hybrid layout, as on this machine).
     */
    public Version version() {
        boolean v1 = v1Mounts.keySet().stream().anyMatch(c -> !c.startsWith("name="));
        if (v1 && v2Mount != null) {
            return Version.HYBRID;
        }
        if (v1) {
            return Version.V1;
        }
        return v2Mount != null ? Version.V2 : Version.NONE;
    }

    /** The hierarchy that manages a controller: "v1", "v2", or empty when neither has it. */
    public String versionOf(String controller) {
        if (v1Mounts.containsKey(controller)) {
            return "v1";
        }
        return v2Controllers.contains(controller) ? "v2" : "";
    }

    /** Reads this host's cgroup layout. */
    public static CgroupInfo detect() {
        try {
            String cg = Files.readString(Path.of("/proc/self/cgroup"));
            String mi = Files.readString(Path.of("/proc/self/mountinfo"));
            return parse(cg, mi, p -> {
                try {
                    return Files.readString(p);
                } catch (IOException e) {
                    return "";
                }
            });
        } catch (IOException e) {
            throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.CGROUP,
                    "Unable to read /proc/self/cgroup: " + e.getMessage());
        }
    }

    /** Pure form of {@link #detect()}: the two /proc files' text and a reader for cgroup.controllers. */
    public static CgroupInfo parse(String procSelfCgroup, String mountinfo, Function<Path, String> readFile) {
        Map<String, Path> v1Mounts = new LinkedHashMap<>();
        Path v2Mount = null;
        for (String line : mountinfo.split("\n")) {
            // "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [optional...] - FSTYPE SOURCE SUPEROPTS"
            int dash = line.indexOf(" - ");
            if (dash < 0) {
                continue;
            }
            String[] left = line.substring(0, dash).split(" ");
            String[] right = line.substring(dash + 3).split(" ");
            if (left.length < 5 || right.length < 3) {
                continue;
            }
            Path mountPoint = Path.of(unescape(left[4]));
            if (right[0].equals("cgroup2")) {
                v2Mount = v2Mount == null ? mountPoint : v2Mount;
            } else if (right[0].equals("cgroup")) {
                for (String opt : right[2].split(",")) {
                    if (!NOT_CONTROLLERS.contains(opt) && !opt.startsWith("release_agent=")) {
                        v1Mounts.putIfAbsent(opt, mountPoint);
                    }
                }
            }
        }
        Map<String, String> v1Placement = new LinkedHashMap<>();
        String v2Placement = null;
        for (String line : procSelfCgroup.split("\n")) {
            String[] f = line.split(":", 3);
            if (f.length < 3) {
                continue;
            }
            if (f[0].equals("0") && f[1].isEmpty()) {
                v2Placement = f[2];
            } else {
                for (String c : f[1].split(",")) {
                    v1Placement.put(c, f[2]);
                }
            }
        }
        Set<String> v2Controllers = new LinkedHashSet<>();
        if (v2Mount != null) {
            String text = readFile.apply(v2Mount.resolve("cgroup.controllers")).strip();
            if (!text.isEmpty()) {
                v2Controllers.addAll(Arrays.asList(text.split("\\s+")));
            }
        }
        return new CgroupInfo(v1Mounts, v1Placement, v2Mount, v2Placement, v2Controllers);
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    private static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }
}
