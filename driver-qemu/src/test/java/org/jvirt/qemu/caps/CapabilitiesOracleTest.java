package org.jvirt.qemu.caps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jvirt.model.caps.CapabilitiesFormatter;
import org.junit.jupiter.api.Test;

/**
 * Our {@code capabilities} against real libvirt's for the same QEMU binaries on this host. The guest sections must
 * be identical; the host section is compared line by line and the match is reported (libvirt's CPU model and
 * CPUID feature list come from its CPU driver, which jvirt does not have yet).
 */
class CapabilitiesOracleTest {
    static final Path BIN_DIR = Path.of("/usr/bin");

    static List<QemuCaps> probeAll() {
        QemuCapsCache cache = new QemuCapsCache(Path.of("target", "caps-cache").toAbsolutePath(),
                QemuCapsCache.liveProber(Path.of("target", "caps-run").toAbsolutePath()));
        List<QemuCaps> out = new ArrayList<>();
        for (Path b : QemuBinaries.list(BIN_DIR)) {
            out.add(cache.get(b));
        }
        return out;
    }

    @Test
    void capabilitiesMatchLibvirt() throws Exception {
        Path qemu = BIN_DIR.resolve("qemu-system-x86_64");
        assumeTrue(Files.isExecutable(qemu), "qemu-system-x86_64 not installed; skipped");
        Path oracle = LibvirtQemuOracle.run(qemu);
        String theirs = Files.readString(oracle.resolve("caps.xml"));
        Matcher m = Pattern.compile("<uuid>(.*)</uuid>").matcher(theirs);
        assumeTrue(m.find(), "oracle output has no host uuid");
        List<QemuCaps> all = probeAll();
        String ours = new CapabilitiesFormatter().format(CapabilitiesBuilder.build(HostInfo.system(),
                UUID.fromString(m.group(1)), "x86_64", all, false));
        Files.writeString(Path.of("target", "caps-ours.xml"), ours);

        List<String> ourGuests = sections(ours, "guest");
        List<String> theirGuests = sections(theirs, "guest");
        assertEquals(theirGuests.size(), ourGuests.size(), "one <guest> per emulator");
        for (int i = 0; i < ourGuests.size(); i++) {
            assertEquals(theirGuests.get(i), ourGuests.get(i), "guest section " + i);
        }
        String ourHost = sections(ours, "host").getFirst();
        String theirHost = sections(theirs, "host").getFirst();
        List<String> theirLines = theirHost.lines().toList();
        long matching = ourHost.lines().filter(theirLines::contains).count();
        System.out.printf("capabilities: %d/%d guest sections identical (%d lines); host section %d/%d of libvirt's"
                + " lines present%n", ourGuests.size(), theirGuests.size(),
                ourGuests.stream().mapToLong(s -> s.lines().count()).sum(), matching, theirLines.size());
        for (String must : List.of("topology", "cache", "secmodel", "migration_features")) {
            assertEquals(dynamic(sections(theirHost, must)), dynamic(sections(ourHost, must)),
                    "<" + must + "> of the host");
        }
        assertTrue(ours.startsWith("<capabilities>\n\n  <host>\n"));
    }

    /**
     * A cell's memory and free page counts move with the host (this VM's memory is hot-plugged and ballooned, and the
     * oracle's answer may be cached from earlier): compared as present, not by value.
     */
    private static List<String> dynamic(List<String> sections) {
        return sections.stream().map(x -> x.replaceAll("(<memory unit='KiB'>)\\d+(</memory>)", "$1N$2")
                .replaceAll("(<pages unit='KiB' size='\\d+'>)\\d+(</pages>)", "$1N$2")).toList();
    }

    static List<String> sections(String xml, String tag) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?s)\\n( *)<" + tag + "[ >].*?\\n\\1</" + tag + ">").matcher(xml);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
