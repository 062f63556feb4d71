package org.jvirt.qemu.caps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.qemu.caps.QemuCapsProbe.Exchange;
import org.jvirt.qemu.monitor.Json;
import org.junit.jupiter.api.Test;

/** Domain capabilities follow what the probe saw, with no QEMU process (canned replies). */
class DomainCapsBuilderTest {

    private static QemuCaps caps(List<String> types, List<Json> cpuDefs) {
        List<Exchange> t = new ArrayList<>(QemuCapsCacheTest.canned(0));
        t.set(3, QemuCapsCacheTest.ex("qom-list-types", new Json.Arr(types.stream()
                .map(n -> (Json) Json.object("name", n)).toList())));
        t.add(QemuCapsCacheTest.ex("query-cpu-definitions", new Json.Arr(cpuDefs)));
        return QemuCapsParser.parse(Path.of("/usr/bin/qemu-system-x86_64"), t, List.of());
    }

    private static Json cpu(String name, String... blockers) {
        return Json.object("name", name, "typename", name + "-x86_64-cpu", "unavailable-features",
                List.of(blockers), "static", false, "deprecated", false);
    }

    @Test
    void devicesAndCpuModelsComeFromTheProbe() {
        QemuCaps q = caps(List.of("iothread", "VGA", "ich9-ahci", "usb-storage"),
                List.of(cpu("max"), cpu("qemu64"), cpu("Skylake-Client-v1"), cpu("EPYC", "svm"), cpu("KnightsMill")));
        String xml = DomainCapsBuilder.build(q, null, "qemu", new DomainCapsBuilder.HostEnv(List.of(), false));
        assertTrue(xml.contains("  <machine>pc-i440fx-7.2</machine>\n  <arch>x86_64</arch>\n  <vcpu max='255'/>\n"
                + "  <iothreads supported='yes'/>\n"), xml);
        assertTrue(xml.contains("""
                    <mode name='custom' supported='yes'>
                      <model usable='yes' vendor='unknown'>qemu64</model>
                      <model usable='no' vendor='AMD'>EPYC</model>
                    </mode>
                """), xml);
        assertTrue(xml.contains("""
                      <enum name='modelType'>
                        <value>vga</value>
                        <value>none</value>
                      </enum>
                """), xml);
        assertTrue(xml.contains("<value>sata</value>") && xml.contains("<value>usb</value>"));
        assertFalse(xml.contains("virtio-transitional"));
        assertTrue(xml.contains("<enum name='firmware'/>"));
        assertTrue(xml.contains("<memoryBacking supported='yes'>\n    <enum name='sourceType'>\n      <value>file</value>\n"
                + "      <value>anonymous</value>\n    </enum>"), xml);
    }

    @Test
    void q35DropsIdeAndRaisesVcpus() {
        QemuCaps q = caps(List.of(), List.of());
        String xml = DomainCapsBuilder.build(q, "q35", "qemu", new DomainCapsBuilder.HostEnv(List.of(), false));
        assertTrue(xml.contains("<machine>pc-q35-7.2</machine>") && xml.contains("<vcpu max='288'/>"));
        assertFalse(xml.contains("<value>ide</value>"));
    }

    @Test
    void unknownMachineAndMissingKvmAreLibvirtErrors() {
        QemuCaps q = caps(List.of(), List.of());
        var env = new DomainCapsBuilder.HostEnv(List.of(), false);
        VirException kvm = assertThrows(VirException.class, () -> DomainCapsBuilder.build(q, null, "kvm", env));
        assertEquals("invalid argument: the accel 'kvm' is not supported by '/usr/bin/qemu-system-x86_64' on this "
                + "host", kvm.getMessage());
        VirException m = assertThrows(VirException.class, () -> DomainCapsBuilder.build(q, "virt", "qemu", env));
        assertEquals(ErrorNumber.INVALID_ARG, m.code());
    }
}
