package org.jvirt.qemu.caps;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jvirt.qemu.monitor.Json;
import org.jvirt.qemu.monitor.JsonParser;

/**
 * QEMU firmware descriptors (docs/interop/firmware.json; libvirt's qemu_firmware.c): JSON files in
 * /usr/share/qemu/firmware, /etc/qemu/firmware and ~/.config/qemu/firmware, where a later directory overrides a file
 * of the same name, taken in file-name order.
 */
public record Firmware(String name, List<String> interfaces, String device, String executable,
                       List<Target> targets, List<String> features) {

    public record Target(String arch, List<String> machines) {}

    /** Descriptors in libvirt's priority order. Unreadable or malformed files are skipped. */
    public static List<Firmware> load(List<Path> dirs) {
        Map<String, Path> byName = new TreeMap<>();
        for (Path d : dirs) {
            try (Stream<Path> s = Files.list(d)) {
                s.filter(p -> p.getFileName().toString().endsWith(".json")).forEach(p ->
                        byName.put(p.getFileName().toString(), p));
            } catch (IOException e) {
                // directory absent
            }
        }
        List<Firmware> out = new ArrayList<>();
        for (Path p : byName.values()) {
            try {
                out.add(parse(p.getFileName().toString(), (Json.Obj) JsonParser.parse(Files.readString(p))));
            } catch (IOException | RuntimeException e) {
                // libvirt also skips descriptors it cannot parse
            }
        }
        return out;
    }

    static Firmware parse(String name, Json.Obj o) {
        Json.Obj mapping = o.obj("mapping");
        String exec = null;
        if (mapping != null && mapping.obj("executable") != null) {
            exec = mapping.obj("executable").str("filename");
        } else if (mapping != null) {
            exec = mapping.str("filename");
        }
        List<Target> targets = new ArrayList<>();
        for (Json t : o.arr("targets")) {
            Json.Obj to = (Json.Obj) t;
            targets.add(new Target(to.str("architecture"), strings(to.arr("machines"))));
        }
        return new Firmware(name, strings(o.arr("interface-types")), mapping == null ? null : mapping.str("device"),
                exec, targets, strings(o.arr("features")));
    }

    private static List<String> strings(List<Json> l) {
        return l.stream().filter(j -> j instanceof Json.Str).map(j -> ((Json.Str) j).value()).toList();
    }

    /** Whether the descriptor serves this arch and machine (glob patterns such as "pc-q35-*"). */
    public boolean supports(String arch, String machine) {
        for (Target t : targets) {
            if (!t.arch().equals(arch)) {
                continue;
            }
            for (String glob : t.machines()) {
                PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob);
                if (m.matches(Path.of(machine))) {
                    return true;
                }
            }
        }
        return false;
    }
}
