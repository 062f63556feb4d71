package org.jvirt.model.cpu;

import static org.jvirt.model.cpu.CpuMapReaderTest.assertVirError;
import static org.jvirt.model.cpu.MiniMap.host;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jvirt.core.ErrorNumber;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The baseline algorithms on {@link MiniMap}, whose answers are worked out by hand in each test. */
class CpuBaselineTest {
    @TempDir
    Path dir;

    private CpuBaseline baseline;

    @BeforeEach
    void map() throws IOException {
        baseline = new CpuBaseline(new CpuMaps(new CpuMapReader(MiniMap.write(dir))));
    }

    private String base(boolean expand, String... cpus) {
        return baseline.baseline(List.of(cpus), expand);
    }

    @Test
    void intersectionDecodesToTheModelNeedingFewestChanges() {
        // Mid ∩ New = Mid: New would disable avx, caps and its removed mon; MidSpec would disable spec
        assertEquals("""
                <cpu mode='custom' match='exact'>
                  <model fallback='allow'>Mid</model>
                  <vendor>Intel</vendor>
                </cpu>
                """, base(false, host("x86_64", "Mid", "Intel"), host("x86_64", "New", "Intel")));
    }

    @Test
    void expandedFeaturesAreTheModelsSortedByName() {
        assertEquals("""
                <cpu mode='custom' match='exact'>
                  <model fallback='allow'>Mid</model>
                  <vendor>Intel</vendor>
                  <feature policy='require' name='aes'/>
                  <feature policy='require' name='fpu'/>
                  <feature policy='require' name='sse'/>
                  <feature policy='require' name='sse2'/>
                </cpu>
                """, base(true, host("x86_64", "Mid", "Intel"), host("i686", "New", "Intel")));
    }

    @Test
    void aLoneModelIsKeptWithFallbackForbiddenAndItsRemovedFeaturesDisabled() {
        assertEquals("""
                <cpu mode='custom' match='exact'>
                  <model fallback='forbid'>New</model>
                  <vendor>Intel</vendor>
                  <feature policy='disable' name='mon'/>
                </cpu>
                """, base(false, host("x86_64", "New", "Intel")));
        assertEquals("""
                <cpu mode='custom' match='exact'>
                  <model fallback='forbid'>New</model>
                  <vendor>Intel</vendor>
                  <feature policy='require' name='aes'/>
                  <feature policy='require' name='avx'/>
                  <feature policy='require' name='caps'/>
                  <feature policy='require' name='fpu'/>
                  <feature policy='disable' name='mon'/>
                  <feature policy='require' name='sse'/>
                  <feature policy='require' name='sse2'/>
                </cpu>
                """, base(true, host("x86_64", "New", "Intel"), host("x86_64", "New", "Intel")));
    }

    @Test
    void extraFeaturesOfEveryCpuAreRequiredInMapOrder() {
        assertEquals("""
                <cpu mode='custom' match='exact'>
                  <model fallback='forbid'>Mid</model>
                  <vendor>Intel</vendor>
                  <feature policy='require' name='avx'/>
                  <feature policy='require' name='spec'/>
                </cpu>
                """, base(false, host("x86_64", "Mid", "Intel", "spec", "avx"),
                host("x86_64", "Mid", "Intel", "avx", "spec", "mon")));
    }

    @Test
    void onEqualScoresFewerDisabledFeaturesWin() {
        // the data is New's: New disables its removed mon (score 2), Mid requires avx and caps (score 2, none
        // disabled), so Mid, tried after New, wins
        assertEquals("""
                <cpu mode='custom' match='exact'>
                  <model fallback='allow'>Mid</model>
                  <vendor>Intel</vendor>
                  <feature policy='require' name='avx'/>
                  <feature policy='require' name='caps'/>
                </cpu>
                """, base(false, host("x86_64", "Old", "Intel", "sse2", "aes", "avx", "caps"),
                host("x86_64", "Mid", "Intel", "avx", "caps")));
    }

    @Test
    void vendorIsPrintedOnlyWhenEveryCpuNamesIt() {
        // Old ∩ Mid = {fpu, sse}; Mid's vendor still restricts the candidates to Intel or vendor-less models
        assertEquals("""
                <cpu mode='custom' match='exact'>
                  <model fallback='allow'>Old</model>
                </cpu>
                """, base(false, host("x86_64", "Old", null), host("x86_64", "Mid", null)));
    }

    @Test
    void vendorErrors() {
        assertVirError(ErrorNumber.OPERATION_FAILED, "operation failed: Unknown CPU vendor Foo",
                () -> base(false, host("x86_64", "Mid", "Foo"), host("x86_64", "Mid", "Intel")));
        assertVirError(ErrorNumber.OPERATION_FAILED, "operation failed: Unknown CPU vendor Foo",
                () -> base(false, host("x86_64", "Old", null), host("x86_64", "Old", "Foo")));
        assertVirError(ErrorNumber.OPERATION_FAILED, "operation failed: CPU vendors do not match",
                () -> base(false, host("x86_64", "Mid", "Intel"), host("x86_64", "Old", "Foo")));
        assertVirError(ErrorNumber.OPERATION_FAILED,
                "operation failed: CPU vendor Intel of model Mid differs from vendor AMD",
                () -> base(false, host("x86_64", "Old", "AMD"), host("x86_64", "Mid", "AMD")));
        assertVirError(ErrorNumber.OPERATION_FAILED, "operation failed: CPU vendors do not match",
                () -> base(false, host("x86_64", "Mid", "Intel"), host("x86_64", "Amd", null)));
    }

    @Test
    void unknownModelsAndFeatures() {
        assertVirError(ErrorNumber.INTERNAL_ERROR, "internal error: Unknown CPU model Nope",
                () -> base(false, host("x86_64", "Mid", "Intel"), host("x86_64", "Nope", "Intel")));
        assertVirError(ErrorNumber.INTERNAL_ERROR, "internal error: Unknown CPU feature aes-ni",
                () -> base(false, host("x86_64", "Mid", "Intel", "aes-ni")));
    }

    @Test
    void architectureChoosesTheCpuDriver() {
        assertVirError(ErrorNumber.NO_SUPPORT, "this function is not supported by the connection driver: "
                + "cannot compute baseline CPU of s390x architecture", () -> base(false, host("s390x", "z", null)));
        assertVirError(ErrorNumber.NO_SUPPORT, "this function is not supported by the connection driver: "
                + "'riscv64' architecture is not supported by CPU driver",
                () -> base(false, host("riscv64", "r", null)));
        // arm copies the first model, whatever it is
        assertEquals("""
                <cpu mode='custom' match='exact'>
                  <model fallback='allow'>any&lt;thing</model>
                </cpu>
                """, base(true, host("aarch64", "any&lt;thing", "X", "f"), host("x86_64", "Mid", null)));
    }

    @Test
    void ppc64NeedsOneModelAndKeepsOnlyAVendorTheModelLacks() {
        assertEquals("""
                <cpu mode='custom' match='exact'>
                  <model fallback='forbid'>P8</model>
                </cpu>
                """, base(true, host("ppc64", "P8", "IBM", "ignored"), host("ppc64le", "P8", null)));
        assertEquals("""
                <cpu mode='custom' match='exact'>
                  <model fallback='forbid'>Generic</model>
                  <vendor>Freescale</vendor>
                </cpu>
                """, base(false, host("ppc64", "Generic", null), host("ppc64", "Generic", "Freescale")));
        assertVirError(ErrorNumber.OPERATION_FAILED, "operation failed: CPUs are incompatible",
                () -> base(false, host("ppc64", "P8", null), host("ppc64", "Generic", null)));
        assertVirError(ErrorNumber.OPERATION_FAILED, "operation failed: CPU vendors do not match",
                () -> base(false, host("ppc64", "Generic", "IBM"), host("ppc64", "Generic", "Freescale")));
        assertVirError(ErrorNumber.OPERATION_FAILED,
                "operation failed: CPU vendor IBM of model P8 differs from vendor Freescale",
                () -> base(false, host("ppc64", "P8", "Freescale")));
        assertVirError(ErrorNumber.OPERATION_FAILED, "operation failed: Unknown CPU vendor Foo",
                () -> base(false, host("ppc64", "P8", "Foo")));
        assertVirError(ErrorNumber.INTERNAL_ERROR, "internal error: Unknown CPU model P9",
                () -> base(false, host("ppc64", "P9", null)));
    }

    @Test
    void noCpus() {
        assertVirError(ErrorNumber.INVALID_ARG, "invalid argument: no CPUs given", () -> base(false));
    }
}
