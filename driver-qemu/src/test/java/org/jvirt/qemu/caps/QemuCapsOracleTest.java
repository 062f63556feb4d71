package org.jvirt.qemu.caps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Our parsed probe against libvirt's own probe of the same binary: libvirt's qemuCaps cache file (the format of the
 * corpora's caps_*.xml) written by the oracle's session daemon. Machines, CPU definitions with their blockers, the
 * host CPU expansion, version and package must agree field by field.
 */
class QemuCapsOracleTest {

    @Test
    void probeAgreesWithLibvirtsQemuCaps() throws Exception {
        Path qemu = CapabilitiesOracleTest.BIN_DIR.resolve("qemu-system-x86_64");
        assumeTrue(Files.isExecutable(qemu), "qemu-system-x86_64 not installed; skipped");
        Path file = LibvirtQemuOracle.run(qemu).resolve("qemucaps-qemu-system-x86_64.xml");
        assumeTrue(Files.exists(file), "libvirt left no qemuCaps cache file; skipped");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Element root = f.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
        QemuCaps q = CapabilitiesOracleTest.probeAll().stream().filter(c -> c.binary().equals(qemu)).findFirst()
                .orElseThrow();

        assertEquals(text(root, "version"), Long.toString(q.version()));
        assertEquals(text(root, "package"), q.packageName());
        assertEquals(text(root, "arch"), q.arch());

        List<String> theirMachines = new ArrayList<>();
        List<String> theirCpus = new ArrayList<>();
        NodeList ms = root.getElementsByTagName("machine");
        for (int i = 0; i < ms.getLength(); i++) {
            Element m = (Element) ms.item(i);
            if (m.getAttribute("type").equals("tcg")) {
                theirMachines.add(String.join(" ", m.getAttribute("name"), m.getAttribute("alias"),
                        m.getAttribute("maxCpus"), m.getAttribute("default"), m.getAttribute("deprecated"),
                        m.getAttribute("defaultCPU"), m.getAttribute("numaMemSupported"),
                        m.getAttribute("defaultRAMid"), m.getAttribute("hotplugCpus")));
            }
        }
        NodeList cs = root.getElementsByTagName("cpu");
        for (int i = 0; i < cs.getLength(); i++) {
            Element c = (Element) cs.item(i);
            if (c.getAttribute("type").equals("tcg")) {
                List<String> blockers = new ArrayList<>();
                NodeList bs = c.getElementsByTagName("blocker");
                for (int j = 0; j < bs.getLength(); j++) {
                    blockers.add(((Element) bs.item(j)).getAttribute("name"));
                }
                theirCpus.add(c.getAttribute("name") + " " + c.getAttribute("typename") + " "
                        + c.getAttribute("usable") + " " + blockers + " " + c.getAttribute("deprecated"));
            }
        }
        // libvirt moves the default machine first and leaves "none" out; otherwise QEMU's order.
        List<String> ours = new ArrayList<>();
        List<QemuCaps.Machine> ordered = new ArrayList<>();
        q.tcg().defaultMachine().ifPresent(ordered::add);
        q.tcg().machines().stream().filter(m -> !m.isDefault() && !m.name().equals("none")).forEach(ordered::add);
        for (QemuCaps.Machine m : ordered) {
            ours.add(String.join(" ", m.name(), m.alias() == null ? "" : m.alias(), Integer.toString(m.maxCpus()),
                    m.isDefault() ? "yes" : "", m.deprecated() ? "yes" : "", java.util.Objects.toString(m.defaultCpuType(), ""),
                    m.numaMemSupported() ? "yes" : "", java.util.Objects.toString(m.defaultRamId(), ""),
                    m.hotplugCpus() ? "yes" : ""));
        }
        assertEquals(theirMachines, ours, "machines");
        List<String> ourCpus = q.tcg().cpuModels().stream().map(c -> c.name() + " " + c.typename() + " "
                + (c.usable() ? "yes" : "no") + " " + c.blockers() + " " + (c.deprecated() ? "yes" : "")).toList();
        assertEquals(theirCpus, ourCpus, "cpu definitions");

        Element host = (Element) root.getElementsByTagName("hostCPU").item(0);
        assertEquals(host.getAttribute("model"), q.tcg().hostCpu().model());
        Map<String, String> theirProps = new LinkedHashMap<>();
        NodeList ps = host.getElementsByTagName("property");
        for (int i = 0; i < ps.getLength(); i++) {
            Element p = (Element) ps.item(i);
            theirProps.put(p.getAttribute("name"), p.getAttribute("value"));
        }
        Map<String, String> ourProps = new LinkedHashMap<>(q.tcg().hostCpu().props());
        ourProps.keySet().retainAll(theirProps.keySet());
        int agree = (int) theirProps.entrySet().stream().filter(e -> e.getValue().equals(ourProps.get(e.getKey())))
                .count();
        System.out.printf("qemuCaps vs libvirt: %d/%d machines, %d/%d cpu definitions, host CPU model %s,"
                + " %d/%d properties equal%n", ours.size(), theirMachines.size(), ourCpus.size(), theirCpus.size(),
                host.getAttribute("model"), agree, theirProps.size());
        assertEquals(theirProps.size(), agree, "host CPU properties");
    }

    private static String text(Element root, String tag) {
        return root.getElementsByTagName(tag).item(0).getTextContent();
    }
}
