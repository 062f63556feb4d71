package org.jvirt.qemu.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.domain.DeviceKind;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDefParser;
import org.jvirt.model.domain.DomainDevice;
import org.jvirt.model.domain.ParseOptions;
import org.jvirt.model.domain.XmlElem;
import org.junit.jupiter.api.Test;

/**
 * Compares the PCI addresses (and auto-added PCI controllers) of {@link QemuDomainAddresses#assign} with the ones
 * libvirt records in qemuxml2xmloutdata/NAME.x86_64-latest.xml for the input qemuxml2argvdata/NAME.xml. A device is
 * identified by controller type+index, or by its kind and position among devices of that kind. Inputs the
 * assignment declines (CONFIG_UNSUPPORTED) are skipped; for the others every address must agree.
 */
class QemuDomainAddressesCorpusTest {

    /** Addresses reproduced today; raise as the assignment grows. */
    private static final int FLOOR = 422;

    @Test
    void corpus() throws IOException {
        String shared = System.getProperty("jvirt.shared");
        assumeTrue(shared != null && Files.isDirectory(Path.of(shared, "corpora", "qemuxml2xmloutdata")),
                "shared corpus absent");
        Path outDir = Path.of(shared, "corpora", "qemuxml2xmloutdata");
        Path inDir = Path.of(shared, "corpora", "qemuxml2argvdata");
        List<Path> outs;
        try (Stream<Path> s = Files.list(outDir)) {
            outs = s.filter(p -> p.getFileName().toString().endsWith(".x86_64-latest.xml")).sorted().toList();
        }
        int total = 0;
        int matched = 0;
        int cases = 0;
        List<String> wrong = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        for (Path out : outs) {
            String fn = out.getFileName().toString();
            String name = fn.substring(0, fn.length() - ".x86_64-latest.xml".length());
            Path in = inDir.resolve(name + ".xml");
            if (!Files.exists(in)) {
                continue;
            }
            Map<String, String> expected;
            DomainDef input;
            try {
                expected = addresses(new DomainDefParser().parse(Files.readString(out), ParseOptions.generic()));
                input = new DomainDefParser().parse(Files.readString(in), ParseOptions.generic());
            } catch (VirException e) {
                continue;
            }
            total += expected.size();
            Map<String, String> got;
            try {
                got = addresses(QemuDomainAddresses.assign(input, QemuXml2ArgvCorpusTest.context(name)));
            } catch (VirException e) {
                if (e.code() != ErrorNumber.CONFIG_UNSUPPORTED) {
                    throw e;
                }
                report.append("DECLINED ").append(name).append(": ").append(e.getMessage()).append('\n');
                continue;
            }
            cases++;
            boolean ok = true;
            for (Map.Entry<String, String> e : expected.entrySet()) {
                if (e.getValue().equals(got.get(e.getKey()))) {
                    matched++;
                } else {
                    ok = false;
                    report.append("DIFF ").append(name).append(' ').append(e.getKey()).append(": want ")
                            .append(e.getValue()).append(" got ").append(got.get(e.getKey())).append('\n');
                }
            }
            for (String k : got.keySet()) {
                if (!expected.containsKey(k)) {
                    ok = false;
                    report.append("EXTRA ").append(name).append(' ').append(k).append('\n');
                }
            }
            if (!ok) {
                wrong.add(name);
            }
        }
        report.insert(0, matched + "/" + total + " addresses in " + cases + " cases\n");
        Path rep = Path.of("target", "qemu-addresses-report.txt");
        Files.createDirectories(rep.getParent());
        Files.writeString(rep, report);
        System.out.println("pci addresses: " + matched + "/" + total + ", wrong cases: " + wrong);
        assertTrue(matched >= FLOOR, "matched addresses fell below the floor: " + matched + " < " + FLOOR);
        assertEquals(List.of(), wrong, "addresses differing from libvirt's");
    }

    /** Device identity to its PCI address (plus pcie-root-port chassis/port), for devices that have one. */
    static Map<String, String> addresses(DomainDef def) {
        Map<String, String> out = new LinkedHashMap<>();
        Map<DeviceKind, Integer> ordinal = new HashMap<>();
        for (DomainDevice d : def.devices()) {
            XmlElem x = d.xml();
            int n = ordinal.merge(d.kind(), 1, Integer::sum) - 1;
            String key = d.kind() == DeviceKind.CONTROLLER ? "controller/" + x.attr("type") + "/" + x.attr("index")
                    : d.kind().element() + "/" + n;
            XmlElem a = x.child("address");
            if (a == null || !"pci".equals(a.attr("type"))) {
                continue;
            }
            StringBuilder v = new StringBuilder();
            for (XmlElem.Attr at : a.attrs()) {
                v.append(at.name()).append('=').append(at.value()).append(' ');
            }
            if (d.kind() == DeviceKind.CONTROLLER && "pci".equals(x.attr("type"))) {
                v.append(x.attr("model"));
                XmlElem t = x.child("target");
                if (t != null) {
                    t.attrs().forEach(at -> v.append(' ').append(at.name()).append('=').append(at.value()));
                }
            }
            out.put(key, v.toString().strip());
        }
        return out;
    }
}
