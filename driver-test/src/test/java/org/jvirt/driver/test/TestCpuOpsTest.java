package org.jvirt.driver.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.spi.HypervisorConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCpuOpsTest {
    private static final String NEHALEM = "<cpu><arch>x86_64</arch><model>Nehalem</model><vendor>Intel</vendor></cpu>";
    private static final String WESTMERE = "<cpu><arch>x86_64</arch><model>Westmere</model><vendor>Intel</vendor>"
            + "</cpu>";

    @TempDir
    Path dir;

    @Test
    void baselineOfTheDefaultNode() {
        assumeTrue(Files.isRegularFile(Path.of("/usr/share/libvirt/cpu_map/index.xml")),
                "libvirt's CPU map is not installed");
        try (HypervisorConnection c = TestSupport.openDefault()) {
            assertEquals("""
                    <cpu mode='custom' match='exact'>
                      <model fallback='allow'>Nehalem</model>
                      <vendor>Intel</vendor>
                    </cpu>
                    """, c.connect().baselineCPU(List.of(NEHALEM, WESTMERE), 0));
            String expanded = c.connect().baselineCPU(List.of(NEHALEM, WESTMERE),
                    TestCpuOps.BASELINE_CPU_EXPAND_FEATURES);
            assertEquals(31, expanded.lines().filter(l -> l.contains("policy='require'")).count());
        }
    }

    @Test
    void migratableIsRefusedAsLibvirtsTestDriverDoes() {
        try (HypervisorConnection c = TestSupport.openDefault()) {
            TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.TEST,
                    "unsupported flags (0x2) in function testConnectBaselineCPU",
                    () -> c.connect().baselineCPU(List.of(NEHALEM), 2));
        }
    }

    @Test
    void missingCpuMapFailsAsInLibvirt() throws IOException {
        Path node = dir.resolve("node.xml");
        Files.writeString(node, "<node/>");
        Path map = dir.resolve("no-map");
        String old = System.getProperty("jvirt.cpu_map");
        PrintStream stderr = System.err;
        var captured = new ByteArrayOutputStream();
        System.setProperty("jvirt.cpu_map", map.toString());
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (HypervisorConnection c = TestSupport.open(new TestDriverProvider(), "test://" + node)) {
            TestSupport.assertVirError(ErrorNumber.XML_ERROR, ErrorDomain.CPU,
                    "XML error: failed to parse xml document '" + map.resolve("index.xml") + "'",
                    () -> c.connect().baselineCPU(List.of(NEHALEM), 0));
        } finally {
            System.setErr(stderr);
            if (old == null) {
                System.clearProperty("jvirt.cpu_map");
            } else {
                System.setProperty("jvirt.cpu_map", old);
            }
        }
        assertEquals("I/O warning : failed to load external entity \"" + map.resolve("index.xml") + "\"\n",
                captured.toString(StandardCharsets.UTF_8));
    }

    @Test
    void armNeedsNoMap() {
        try (HypervisorConnection c = TestSupport.openDefault()) {
            assertEquals("""
                    <cpu mode='custom' match='exact'>
                      <model fallback='allow'>cortex-a57</model>
                    </cpu>
                    """, c.connect().baselineCPU(List.of(
                    "<cpu><arch>aarch64</arch><model>cortex-a57</model></cpu>"), 1));
        }
    }
}
