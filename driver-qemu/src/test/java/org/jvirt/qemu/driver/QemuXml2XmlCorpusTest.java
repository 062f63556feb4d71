package org.jvirt.qemu.driver;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jvirt.core.VirException;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDefFormatter;
import org.jvirt.qemu.caps.QemuCapsCache;
import org.jvirt.qemu.caps.QemuCapsProbe;
import org.jvirt.qemu.monitor.Json;
import org.jvirt.qemu.monitor.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libvirt's qemuxml2xml corpus through the QEMU driver's define path (parse, the driver's post-parse with the
 * probed capabilities of the installed QEMU, address assignment, inactive format): how many
 * {@code qemuxml2xmloutdata/NAME.x86_64-latest.xml} outputs come out byte-identical. The "-latest" outputs were made
 * for a QEMU 7.2-class binary, as Debian 12 installs. A ratchet: the count may only grow.
 */
class QemuXml2XmlCorpusTest {
    /** Cases matching today; raise when the driver's post-parse grows. */
    private static final int FLOOR = 89;
    private static final Pattern MACHINE = Pattern.compile("<type [^>]*machine='([^']*)'");
    private static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");

    @TempDir
    Path root;

    @Test
    void corpus() throws IOException {
        String shared = System.getProperty("jvirt.shared");
        assumeTrue(shared != null && Files.isDirectory(Path.of(shared, "corpora", "qemuxml2xmloutdata")),
                "shared corpus absent");
        assumeTrue(Files.isExecutable(QEMU), "unavailable: qemu-system-x86_64 not installed (capabilities probe)");
        Path in = Path.of(shared, "corpora", "qemuxml2argvdata");
        Path out = Path.of(shared, "corpora", "qemuxml2xmloutdata");
        QemuDriverConfig config = QemuDriverConfig.system(root).withEmulator(QEMU);
        QemuDriver driver = new QemuDriver(config, new QemuCapsCache(root.resolve("caps"), kvmAssumed(root)));
        List<Path> expected;
        try (Stream<Path> s = Files.list(out)) {
            expected = s.filter(p -> p.getFileName().toString().endsWith(".x86_64-latest.xml")).sorted().toList();
        }
        int match = 0;
        int total = 0;
        TreeMap<String, Integer> failures = new TreeMap<>();
        StringBuilder report = new StringBuilder();
        for (Path e : expected) {
            String fn = e.getFileName().toString();
            String name = fn.substring(0, fn.length() - ".x86_64-latest.xml".length());
            Path input = in.resolve(name + ".xml");
            if (!Files.exists(input)) {
                continue;
            }
            total++;
            try {
                String xml = Files.readString(input).replace("/usr/bin/qemu-system-x86_64", QEMU.toString());
                DomainDef def = driver.parse(xml, true);
                String got = unalias(xml, def.osMachine(),
                        driver.format(def, DomainDefFormatter.SECURE | DomainDefFormatter.INACTIVE, -1));
                if (got.equals(Files.readString(e))) {
                    match++;
                } else {
                    report.append("DIFF ").append(name).append('\n');
                    failures.merge("differs", 1, Integer::sum);
                }
            } catch (VirException ex) {
                report.append("ERROR ").append(name).append(": ").append(ex.getMessage()).append('\n');
                failures.merge(ex.getMessage().replaceAll("'[^']*'", "'…'"), 1, Integer::sum);
            }
        }
        driver.close();
        Path rep = Path.of("target", "qemuxml2xml-report.txt");
        Files.createDirectories(rep.getParent());
        Files.writeString(rep, match + "/" + total + " match\n" + report + failures);
        System.out.println("qemuxml2xml: " + match + "/" + total + " byte-identical; " + failures);
        assertTrue(match >= FLOOR, "matches fell below the floor: " + match + " < " + FLOOR);
    }

    /**
     * libvirt's test suite strips the machine aliases from the probed capabilities (virQEMUCapsStripMachineAliases)
     * so that its outputs do not change with every QEMU release: an input naming "pc" or "q35" keeps that name.
     * The driver canonicalises it, as a real libvirt does; the comparison puts the alias back.
     */
    private static String unalias(String input, String canonical, String got) {
        Matcher m = MACHINE.matcher(input);
        if (!m.find() || canonical == null || m.group(1).equals(canonical)) {
            return got;
        }
        return got.replace("machine='" + canonical + "'", "machine='" + m.group(1) + "'");
    }

    /**
     * The live probe, with the TCG answers standing in for KVM's when this host has no usable /dev/kvm: the corpus
     * is mostly {@code type='kvm'} guests and libvirt's own test harness assumes KVM in its capabilities too, so the
     * count must not depend on the machine the test runs on. Its own cache dir keeps the stand-in out of the shared
     * cache.
     */
    private static QemuCapsCache.Prober kvmAssumed(Path root) {
        QemuCapsCache.Prober live = QemuCapsCache.liveProber(root.resolve("probe"));
        return binary -> {
            var transcripts = live.probe(binary);
            if (!transcripts.get(1).isEmpty()) {
                return transcripts;
            }
            List<QemuCapsProbe.Exchange> kvm = transcripts.get(0).stream()
                    .map(e -> "query-kvm".equals(e.request().str("execute"))
                            ? new QemuCapsProbe.Exchange(e.request(), (Json.Obj) JsonParser.parse(
                                    "{\"return\": {\"enabled\": true, \"present\": true}}"))
                            : e)
                    .toList();
            return List.of(transcripts.get(0), kvm);
        };
    }
}
