package org.jvirt.qemu.caps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jvirt.model.caps.Capabilities;

/**
 * The host half of {@code <capabilities>} read from /proc and /sys (libvirt's virCapabilitiesInitNUMA,
 * virCapabilitiesInitCaches, virHostCPUGetInfo). The root is a parameter so that tests can point it at a fake tree.
 * What libvirt gets from its CPU driver (model name, CPUID feature list) is not derived here.
 */
public final class HostInfo {
    private final Path root;

    public HostInfo(Path root) {
        this.root = root;
    }

    public static HostInfo system() {
        return new HostInfo(Path.of("/"));
    }

    private Path p(String s) {
        return root.resolve(s.substring(1));
    }

    private String read(String path) {
        try {
            return Files.readString(p(path)).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** Sizes in KiB of the pages the host offers: the base page and each hugepage size, ascending. */
    public List<Long> pageSizesKiB() {
        TreeSet<Long> sizes = new TreeSet<>();
        sizes.add(4L);
        try (Stream<Path> s = Files.list(p("/sys/kernel/mm/hugepages"))) {
            s.forEach(d -> {
                String n = d.getFileName().toString();
                if (n.startsWith("hugepages-") && n.endsWith("kB")) {
                    sizes.add(Long.parseLong(n.substring(10, n.length() - 2)));
                }
            });
        } catch (IOException e) {
            // no hugepage support
        }
        return List.copyOf(sizes);
    }

    /** "AMD" / "Intel" as libvirt names vendors, from /proc/cpuinfo's vendor_id. */
    public String cpuVendor() {
        String v = cpuinfo("vendor_id");
        return switch (v) {
            case "AuthenticAMD" -> "AMD";
            case "GenuineIntel" -> "Intel";
            case "HygonGenuine" -> "Hygon";
            default -> v.isEmpty() ? null : v;
        };
    }

    public long microcode() {
        String m = cpuinfo("microcode");
        if (m.isEmpty()) {
            return 0;
        }
        return m.startsWith("0x") ? Long.parseLong(m.substring(2), 16) : Long.parseLong(m);
    }

    private String cpuinfo(String key) {
        for (String line : read("/proc/cpuinfo").split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equals(key)) {
                return line.substring(colon + 1).strip();
            }
        }
        return "";
    }

    /** Online CPU ids from /sys/devices/system/cpu/online ("0-3,6"). */
    public List<Integer> onlineCpus() {
        return parseList(read("/sys/devices/system/cpu/online"));
    }

    static List<Integer> parseList(String s) {
        List<Integer> out = new ArrayList<>();
        if (s.isBlank()) {
            return out;
        }
        for (String part : s.split(",")) {
            int dash = part.indexOf('-');
            if (dash < 0) {
                out.add(Integer.parseInt(part.strip()));
            } else {
                for (int i = Integer.parseInt(part.substring(0, dash)); i <= Integer.parseInt(part.substring(dash + 1));
                     i++) {
                    out.add(i);
                }
            }
        }
        return out;
    }

    private int topo(int cpu, String f) {
        String v = read("/sys/devices/system/cpu/cpu" + cpu + "/topology/" + f);
        return v.isEmpty() ? 0 : Integer.parseInt(v);
    }

    /** sockets / dies per socket / cores per die / threads per core, as virHostCPUGetInfo computes them. */
    public Capabilities.Topology topology() {
        List<Integer> cpus = onlineCpus();
        TreeSet<Integer> sockets = new TreeSet<>();
        TreeSet<String> dies = new TreeSet<>();
        TreeSet<String> cores = new TreeSet<>();
        for (int c : cpus) {
            sockets.add(topo(c, "physical_package_id"));
            dies.add(topo(c, "physical_package_id") + "/" + topo(c, "die_id"));
            cores.add(topo(c, "physical_package_id") + "/" + topo(c, "die_id") + "/" + topo(c, "core_id"));
        }
        int s = Math.max(1, sockets.size());
        int d = Math.max(1, dies.size() / s);
        int c = Math.max(1, cores.size() / (s * d));
        int t = Math.max(1, cpus.size() / (s * d * c));
        return new Capabilities.Topology(s, d, c, t);
    }

    /** NUMA cells from /sys/devices/system/node; a host without that directory is one cell holding every CPU. */
    public List<Capabilities.NumaCell> numaCells() {
        List<Capabilities.NumaCell> cells = new ArrayList<>();
        List<Long> sizes = pageSizesKiB();
        for (int node : parseList(read("/sys/devices/system/node/online"))) {
            String base = "/sys/devices/system/node/node" + node;
            long memKiB = 0;
            for (String line : read(base + "/meminfo").split("\n")) {
                if (line.contains("MemTotal:")) {
                    memKiB = Long.parseLong(line.replaceAll(".*MemTotal:\\s*(\\d+).*", "$1"));
                }
            }
            List<Capabilities.Pages> pages = new ArrayList<>();
            long hugeKiB = 0;
            Map<Long, Long> huge = new TreeMap<>();
            for (long size : sizes) {
                if (size == 4) {
                    continue;
                }
                String n = read(base + "/hugepages/hugepages-" + size + "kB/nr_hugepages");
                long count = n.isEmpty() ? 0 : Long.parseLong(n);
                huge.put(size, count);
                hugeKiB += count * size;
            }
            pages.add(new Capabilities.Pages(4, (memKiB - hugeKiB) / 4));
            huge.forEach((size, count) -> pages.add(new Capabilities.Pages(size, count)));
            List<Capabilities.Distance> distances = new ArrayList<>();
            String[] dist = read(base + "/distance").split("\\s+");
            List<Integer> nodes = parseList(read("/sys/devices/system/node/online"));
            for (int i = 0; i < dist.length && i < nodes.size(); i++) {
                if (!dist[i].isEmpty()) {
                    distances.add(new Capabilities.Distance(nodes.get(i), Integer.parseInt(dist[i])));
                }
            }
            List<Capabilities.CellCpu> cpus = new ArrayList<>();
            for (int c : parseList(read(base + "/cpulist"))) {
                cpus.add(new Capabilities.CellCpu(c, topo(c, "physical_package_id"), topo(c, "die_id"),
                        topo(c, "core_id"), read("/sys/devices/system/cpu/cpu" + c + "/topology/thread_siblings_list")));
            }
            cells.add(new Capabilities.NumaCell(node, memKiB, pages, distances, cpus));
        }
        return cells;
    }

    /** Level-3 (and higher) cache banks, as virCapabilitiesInitCaches lists them for resctrl. */
    public List<Capabilities.CacheBank> cacheBanks() {
        Map<String, Capabilities.CacheBank> banks = new TreeMap<>();
        for (int cpu : onlineCpus()) {
            Path dir = p("/sys/devices/system/cpu/cpu" + cpu + "/cache");
            try (Stream<Path> s = Files.list(dir)) {
                for (Path idx : s.filter(x -> x.getFileName().toString().startsWith("index")).sorted().toList()) {
                    String rel = "/sys/devices/system/cpu/cpu" + cpu + "/cache/" + idx.getFileName();
                    int level = Integer.parseInt(read(rel + "/level"));
                    if (level < 3) {
                        continue;
                    }
                    String id = read(rel + "/id");
                    String type = switch (read(rel + "/type")) {
                        case "Unified" -> "both";
                        case "Instruction" -> "code";
                        default -> "data";
                    };
                    long kib = Long.parseLong(read(rel + "/size").replace("K", ""));
                    long size = kib;
                    String unit = "KiB";
                    if (kib % 1024 == 0) {
                        size = kib / 1024;
                        unit = "MiB";
                    }
                    banks.putIfAbsent(level + "/" + type + "/" + id, new Capabilities.CacheBank(
                            id.isEmpty() ? 0 : Integer.parseInt(id), level, type, size, unit,
                            read(rel + "/shared_cpu_list")));
                }
            } catch (IOException e) {
                // no cache info for this cpu
            }
        }
        return List.copyOf(banks.values());
    }

    /** IOMMU groups exist when the kernel has an IOMMU enabled. */
    public boolean iommu() {
        try (Stream<Path> s = Files.list(p("/sys/kernel/iommu_groups"))) {
            return s.findAny().isPresent();
        } catch (IOException e) {
            return false;
        }
    }
}
