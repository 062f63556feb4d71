package org.jvirt.model.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class CpuMapReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsVendorsFeaturesAndModelsInMapOrder() throws IOException {
        X86Map map = new CpuMapReader(MiniMap.write(dir)).x86();
        assertEquals(List.of("Intel", "AMD"), map.vendors().stream().map(X86Map.Vendor::name).toList());
        assertEquals(List.of("fpu", "sse", "sse2", "mon", "aes", "avx", "spec", "caps"),
                map.features().stream().map(X86Map.Feature::name).toList());
        assertEquals(List.of("Old", "Mid", "MidSpec", "Amd", "New", "Hidden"),
                map.models().stream().map(X86Map.Model::name).toList());
        assertFalse(map.feature("caps").migratable());
        assertTrue(map.feature("aes").migratable());
    }

    @Test
    void vendorStringIsCpuidLeafZero() throws IOException {
        X86Data intel = new CpuMapReader(MiniMap.write(dir)).x86().vendor("Intel").data();
        // "Genu" "ineI" "ntel" in EBX, EDX, ECX, little-endian, as the CPU returns them
        assertEquals(0x756e6547, intel.words().get(new X86Data.Word(false, 0, 0, X86Data.EBX)));
        assertEquals(0x49656e69, intel.words().get(new X86Data.Word(false, 0, 0, X86Data.EDX)));
        assertEquals(0x6c65746e, intel.words().get(new X86Data.Word(false, 0, 0, X86Data.ECX)));
    }

    @Test
    void modelsInheritTheirAncestorAndKeepRemovedFeaturesApart() throws IOException {
        X86Map map = new CpuMapReader(MiniMap.write(dir)).x86();
        X86Map.Model mid = map.model("Mid");
        X86Map.Model midSpec = map.model("MidSpec");
        assertEquals("Intel", midSpec.vendor().name());
        assertEquals(mid.data().union(map.feature("spec").data()), midSpec.data());
        X86Map.Model neu = map.model("New");
        assertEquals(List.of("mon"), neu.removedFeatures());
        assertFalse(neu.data().contains(map.feature("mon").data()));
        assertTrue(neu.data().contains(map.feature("caps").data()));
        assertFalse(map.model("Hidden").decodeGuest());
        assertTrue(map.model("Hidden").decodeHost());
    }

    @Test
    void readsElementsPlacedDirectlyUnderTheArch() throws IOException {
        Ppc64Map map = new CpuMapReader(MiniMap.write(dir)).ppc64();
        assertEquals(List.of("IBM", "Freescale"), map.vendors());
        assertEquals(List.of(new Ppc64Map.Model("P8", "IBM"), new Ppc64Map.Model("Generic", null)), map.models());
    }

    @Test
    void missingMapIsLibvirtsParseErrorWithLibxmlWarningOnStderr() {
        Path index = dir.resolve("none/index.xml");
        String stderr = capturingStderr(() -> assertVirError(ErrorNumber.XML_ERROR,
                "XML error: failed to parse xml document '" + index + "'",
                () -> new CpuMapReader(dir.resolve("none")).x86()));
        assertEquals("I/O warning : failed to load external entity \"" + index + "\"\n", stderr);
    }

    @Test
    void missingIncludeNamesTheIncludedFile() throws IOException {
        MiniMap.write(dir);
        Files.delete(dir.resolve("x86_models.xml"));
        capturingStderr(() -> assertVirError(ErrorNumber.XML_ERROR,
                "XML error: failed to parse xml document '" + dir.resolve("x86_models.xml") + "'",
                () -> new CpuMapReader(dir).x86()));
    }

    @Test
    void mapErrorsUseLibvirtsTexts() throws IOException {
        MiniMap.write(dir);
        Files.writeString(dir.resolve("index.xml"), MiniMap.INDEX.replace("'ppc64'", "'arm'"));
        assertVirError(ErrorNumber.INTERNAL_ERROR, "internal error: cannot find CPU map for ppc64 architecture",
                () -> new CpuMapReader(dir).ppc64());
        Files.writeString(dir.resolve("x86_models.xml"),
                "<cpus><model name='X'><decode host='on' guest='on'/><feature name='nope'/></model></cpus>");
        assertVirError(ErrorNumber.INTERNAL_ERROR,
                "internal error: Feature nope required by CPU model X not found", () -> new CpuMapReader(dir).x86());
        Files.writeString(dir.resolve("x86_models.xml"), "<cpus><model name='X'/></cpus>");
        assertVirError(ErrorNumber.INTERNAL_ERROR, "internal error: missing decode element in CPU model X",
                () -> new CpuMapReader(dir).x86());
        Files.writeString(dir.resolve("x86_models.xml"),
                "<cpus><model name='X'><decode host='on' guest='on'/><model name='Y'/></model></cpus>");
        assertVirError(ErrorNumber.INTERNAL_ERROR, "internal error: Ancestor model Y not found for CPU model X",
                () -> new CpuMapReader(dir).x86());
        Files.writeString(dir.resolve("x86_features.xml"), "<cpus><feature name='f'><alias name='g'/>"
                + "<msr index='0x10a' eax='0x1' edx='0'/><cpuid ecx='0x1'/></feature></cpus>");
        assertVirError(ErrorNumber.INTERNAL_ERROR, "internal error: Invalid cpuid[1]",
                () -> new CpuMapReader(dir).x86());
        Files.writeString(dir.resolve("x86_features.xml"), "<cpus><feature name='f'/></cpus>");
        assertVirError(ErrorNumber.INTERNAL_ERROR, "internal error: no x86 CPU data found",
                () -> new CpuMapReader(dir).x86());
        Files.writeString(dir.resolve("x86_vendors.xml"), "<cpus><vendor name='V' string='short'/></cpus>");
        assertVirError(ErrorNumber.INTERNAL_ERROR, "internal error: Invalid CPU vendor string 'short'",
                () -> new CpuMapReader(dir).x86());
        Files.writeString(dir.resolve("x86_vendors.xml"), "<cpus><vendor string='GenuineIntel'/></cpus>");
        assertVirError(ErrorNumber.INTERNAL_ERROR, "internal error: cannot find vendor name in CPU map '"
                + dir.resolve("x86_vendors.xml") + "'", () -> new CpuMapReader(dir).x86());
    }

    @Test
    void systemPropertyChoosesTheDirectory() {
        String old = System.getProperty(CpuMapReader.PROPERTY);
        try {
            System.setProperty(CpuMapReader.PROPERTY, dir.toString());
            assertEquals(dir, CpuMapReader.system().dir());
            System.clearProperty(CpuMapReader.PROPERTY);
            Path expected = Files.isDirectory(CpuMapReader.JVIRT_DIR) ? CpuMapReader.JVIRT_DIR
                    : CpuMapReader.LIBVIRT_DIR;
            assertEquals(expected, CpuMapReader.system().dir());
        } finally {
            if (old != null) {
                System.setProperty(CpuMapReader.PROPERTY, old);
            }
        }
    }

    static void assertVirError(int code, String message, Executable body) {
        VirException e = assertThrows(VirException.class, body);
        assertEquals(List.of(code, ErrorDomain.CPU, message), List.of(e.code(), e.domain(), e.getMessage()));
    }

    static String capturingStderr(Runnable body) {
        PrintStream old = System.err;
        var bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(old);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
