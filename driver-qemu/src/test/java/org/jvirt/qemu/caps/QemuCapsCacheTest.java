package org.jvirt.qemu.caps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jvirt.qemu.caps.QemuCapsProbe.Exchange;
import org.jvirt.qemu.monitor.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cache validity by binary path + mtime + size, with a canned transcript (no QEMU needed). */
class QemuCapsCacheTest {
    @TempDir
    Path dir;

    static Exchange ex(String cmd, Json ret) {
        return new Exchange(Json.object("execute", cmd, "id", "libvirt-1"), Json.object("return", ret, "id",
                "libvirt-1"));
    }

    static List<Exchange> canned(int micro) {
        return List.of(
                ex("query-version", Json.object("qemu", Json.object("micro", micro, "minor", 2, "major", 7),
                        "package", "test")),
                ex("query-target", Json.object("arch", "x86_64")),
                ex("query-kvm", Json.object("enabled", false, "present", false)),
                ex("qom-list-types", new Json.Arr(List.of(Json.object("name", "virtio-blk-pci")))),
                ex("query-machines", new Json.Arr(List.of(
                        Json.object("name", "pc-q35-7.2", "alias", "q35", "cpu-max", 288),
                        Json.object("name", "none", "cpu-max", 1),
                        Json.object("name", "pc-i440fx-7.2", "alias", "pc", "is-default", true, "cpu-max", 255)))));
    }

    @Test
    void entryIsReusedUntilTheBinaryChanges() throws Exception {
        Path bin = dir.resolve("qemu-system-x86_64");
        Files.writeString(bin, "v1");
        AtomicInteger probes = new AtomicInteger();
        QemuCapsCache.Prober prober = b -> List.of(canned(probes.incrementAndGet()), List.of());
        QemuCaps a = new QemuCapsCache(dir.resolve("c"), prober).get(bin);
        assertEquals("7.2.1", a.versionString());
        assertEquals(1, probes.get());
        QemuCaps b = new QemuCapsCache(dir.resolve("c"), prober).get(bin);
        assertEquals(a, b);
        assertEquals(1, probes.get(), "a fresh cache object reads the file instead of probing");

        Files.setLastModifiedTime(bin, FileTime.fromMillis(1_000_000L));
        assertEquals("7.2.2", new QemuCapsCache(dir.resolve("c"), prober).get(bin).versionString());
        Files.writeString(bin, "v2 is longer");
        Files.setLastModifiedTime(bin, FileTime.fromMillis(1_000_000L));
        assertEquals("7.2.3", new QemuCapsCache(dir.resolve("c"), prober).get(bin).versionString(),
                "same mtime, new size: probed again");
        assertEquals(3, probes.get());
    }

    @Test
    void corruptCacheFileIsIgnored() throws Exception {
        Path bin = dir.resolve("qemu-system-x86_64");
        Files.writeString(bin, "v1");
        Files.createDirectories(dir.resolve("c"));
        Files.writeString(dir.resolve("c").resolve(QemuCapsCache.key(bin) + ".json"), "{\"format\":1,");
        AtomicInteger probes = new AtomicInteger();
        new QemuCapsCache(dir.resolve("c"), b -> List.of(canned(probes.incrementAndGet()), List.of())).get(bin);
        assertEquals(1, probes.get());
    }

    @Test
    void machinesListDefaultFirstWithoutNoneAndAliasesAfterTheirMachine() {
        QemuCaps q = QemuCapsParser.parse(Path.of("/usr/bin/qemu-system-x86_64"), canned(0), List.of());
        assertNull(q.kvm());
        var machines = CapabilitiesBuilder.machines(q.tcg());
        assertEquals(List.of("pc-i440fx-7.2", "pc", "pc-q35-7.2", "q35"),
                machines.stream().map(m -> m.name()).toList());
        assertEquals("pc-i440fx-7.2", machines.get(1).canonical());
    }
}
