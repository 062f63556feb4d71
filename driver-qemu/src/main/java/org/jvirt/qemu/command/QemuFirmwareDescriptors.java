package org.jvirt.qemu.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.XmlElem;
import org.jvirt.qemu.monitor.JsonParser;

/**
 * Firmware autoselection for {@code <os firmware='bios|efi'>}, after libvirt's qemu_firmware.c: QEMU's firmware
 * descriptors (docs/interop/firmware.json) are read from /usr/share/qemu/firmware, /etc/qemu/firmware and the
 * user's ~/.config/qemu/firmware, where a file overrides (and an empty one masks) a same-named file of a lower
 * directory; the candidates are tried in file-name order and the first that fits the domain wins: its interface
 * type, a target with the domain's architecture and a machine glob matching its machine type, the loader's
 * stateless wish, and every {@code <firmware><feature>} the domain requires on or off.
 */
final class QemuFirmwareDescriptors {

    /** The chosen firmware: {@code template} is the variable store template, null for a stateless image. */
    record Selected(String iface, String code, String template, boolean requiresSmm, boolean secureBoot) {}

    private static final List<String> DIRS = List.of("/usr/share/qemu/firmware", "/etc/qemu/firmware",
            "/home/user/.config/qemu/firmware");

    private QemuFirmwareDescriptors() {}

    static Selected select(DomainDef def, String root) {
        XmlElem os = def.section("os").orElseThrow();
        String want = os.attr("firmware");
        XmlElem loader = os.child("loader");
        boolean stateless = loader != null && "yes".equals(loader.attr("stateless"));
        Map<String, Boolean> features = new TreeMap<>();
        XmlElem fw = os.child("firmware");
        if (fw != null) {
            for (XmlElem f : fw.children()) {
                if (!f.name().equals("feature") || f.attr("name") == null
                        || !Set.of("yes", "no").contains(f.attr("enabled"))) {
                    throw QemuCommandBuilder.unsupported("<os><firmware>");
                }
                features.put(f.attr("name"), "yes".equals(f.attr("enabled")));
            }
        }
        String iface = switch (want) {
            case "bios" -> "bios";
            case "efi" -> "uefi";
            default -> throw QemuCommandBuilder.unsupported("<os> firmware " + want);
        };
        String arch = "i686".equals(def.osArch()) ? "i386" : def.osArch();
        for (Path p : descriptors(root)) {
            org.jvirt.qemu.monitor.Json.Obj d;
            try {
                if (!(JsonParser.parse(Files.readString(p)) instanceof org.jvirt.qemu.monitor.Json.Obj o)) {
                    continue;
                }
                d = o;
            } catch (IOException | RuntimeException e) {
                continue; // libvirt skips a descriptor it cannot parse
            }
            if (d.arr("interface-types").stream().noneMatch(t -> t.equals(new org.jvirt.qemu.monitor.Json.Str(
                    iface)))) {
                continue;
            }
            boolean target = d.arr("targets").stream().anyMatch(t -> t instanceof org.jvirt.qemu.monitor.Json.Obj o
                    && arch.equals(o.str("architecture")) && o.arr("machines").stream().anyMatch(m ->
                    m instanceof org.jvirt.qemu.monitor.Json.Str s && glob(s.value(), def.osMachine())));
            if (!target) {
                continue;
            }
            Set<String> has = new java.util.HashSet<>();
            for (var f : d.arr("features")) {
                if (f instanceof org.jvirt.qemu.monitor.Json.Str s) {
                    has.add(s.value());
                }
            }
            if (features.entrySet().stream().anyMatch(e -> has.contains(e.getKey()) != e.getValue())) {
                continue;
            }
            var mapping = d.obj("mapping");
            if (mapping == null) {
                continue;
            }
            String device = mapping.str("device");
            if (iface.equals("bios")) {
                if ("memory".equals(device)) {
                    return new Selected(iface, mapping.str("filename"), null, false, false);
                }
                continue;
            }
            if (!"flash".equals(device)) {
                continue;
            }
            String mode = mapping.str("mode") == null ? "split" : mapping.str("mode");
            var exec = mapping.obj("executable");
            var tmpl = mapping.obj("nvram-template");
            if (mode.equals("combined")) {
                // a single writable image: not how the pflash pair is built here
                throw QemuCommandBuilder.unsupported("combined firmware image");
            }
            if (mode.equals("stateless") != stateless || exec == null || !"raw".equals(exec.str("format"))
                    || !stateless && (tmpl == null || !"raw".equals(tmpl.str("format")))) {
                continue;
            }
            return new Selected(iface, exec.str("filename"), stateless ? null : tmpl.str("filename"),
                    has.contains("requires-smm"), has.contains("secure-boot"));
        }
        throw QemuCommandBuilder.unsupported("no firmware descriptor fits");
    }

    /** The descriptor files by name, each from the highest directory that has it; empty files mask. */
    private static List<Path> descriptors(String root) {
        TreeMap<String, Path> byName = new TreeMap<>();
        for (String dir : DIRS) {
            Path d = Path.of(root + dir);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> s = Files.list(d)) {
                s.filter(p -> p.getFileName().toString().endsWith(".json")).forEach(p ->
                        byName.put(p.getFileName().toString(), p));
            } catch (IOException e) {
                throw QemuCommandBuilder.unsupported("firmware descriptors unreadable: " + e.getMessage());
            }
        }
        List<Path> out = new ArrayList<>();
        for (Path p : byName.values()) {
            try {
                if (Files.size(p) > 0) {
                    out.add(p);
                }
            } catch (IOException e) {
                // a vanished file is no candidate
            }
        }
        return out;
    }

    /** fnmatch-style glob with * and ?, as the descriptors' machine lists use. */
    static boolean glob(String pattern, String s) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return s != null && s.matches(re.toString());
    }
}
