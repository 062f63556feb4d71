package org.jvirt.model.cpu;

import static org.jvirt.model.cpu.MiniMap.host;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The baseline on the host's installed libvirt CPU map, against answers recorded from real virsh 9.0.0
 * ({@code virsh -c test:///default cpu-baseline FILE}) on the same map. Skipped where libvirt's map is absent.
 */
class InstalledCpuMapTest {
    private CpuBaseline baseline;

    @BeforeEach
    void map() {
        assumeTrue(Files.isRegularFile(CpuMapReader.LIBVIRT_DIR.resolve("index.xml")),
                "libvirt's CPU map is not installed in " + CpuMapReader.LIBVIRT_DIR);
        baseline = new CpuBaseline(new CpuMaps(new CpuMapReader(CpuMapReader.LIBVIRT_DIR)));
    }

    private String base(String... cpus) {
        return baseline.baseline(List.of(cpus), false);
    }

    @Test
    void nehalemAndWestmere() {
        assertEquals("""
                <cpu mode='custom' match='exact'>
                  <model fallback='allow'>Nehalem</model>
                  <vendor>Intel</vendor>
                </cpu>
                """, base(host("x86_64", "Nehalem", "Intel"), host("x86_64", "Westmere", "Intel")));
    }

    /** The disabled-feature penalty picks IvyBridge-IBRS with 13 extra features over Snowridge disabling 8. */
    @Test
    void snowridgeAndCooperlake() {
        assertEquals("""
                <cpu mode='custom' match='exact'>
                  <model fallback='allow'>IvyBridge-IBRS</model>
                  <vendor>Intel</vendor>
                  <feature policy='require' name='movbe'/>
                  <feature policy='require' name='arat'/>
                  <feature policy='require' name='rdseed'/>
                  <feature policy='require' name='smap'/>
                  <feature policy='require' name='clflushopt'/>
                  <feature policy='require' name='clwb'/>
                  <feature policy='require' name='arch-capabilities'/>
                  <feature policy='require' name='ssbd'/>
                  <feature policy='require' name='xsaveopt'/>
                  <feature policy='require' name='xsavec'/>
                  <feature policy='require' name='xgetbv1'/>
                  <feature policy='require' name='pdpe1gb'/>
                  <feature policy='require' name='3dnowprefetch'/>
                  <feature policy='disable' name='avx'/>
                  <feature policy='disable' name='f16c'/>
                </cpu>
                """, base(host("x86_64", "Snowridge", "Intel"), host("x86_64", "Cooperlake", "Intel")));
    }

    /** Removed features (removed='yes' in the map) are disabled in the result. */
    @Test
    void opteronAndEpyc() {
        assertEquals("""
                <cpu mode='custom' match='exact'>
                  <model fallback='allow'>Opteron_G3</model>
                  <vendor>AMD</vendor>
                  <feature policy='disable' name='monitor'/>
                </cpu>
                """, base(host("x86_64", "Opteron_G3", "AMD"), host("x86_64", "EPYC", "AMD")));
    }

    /** An input model with no disabled feature beats a better-scoring model that disables one. */
    @Test
    void preferredInputModelWithoutDisabledFeatures() {
        String[] sandyBridgeWithoutAvx = {"aes", "apic", "clflush", "cmov", "cx16", "cx8", "de", "fpu", "fxsr",
            "lahf_lm", "lm", "mca", "mce", "mmx", "msr", "mtrr", "nx", "pae", "pat", "pclmuldq", "pge", "pni",
            "popcnt", "pse", "pse36", "rdtscp", "sep", "sse", "sse2", "sse4.1", "sse4.2", "ssse3", "syscall", "tsc",
            "tsc-deadline", "x2apic", "xsave"};
        assertEquals("""
                <cpu mode='custom' match='exact'>
                  <model fallback='allow'>kvm64</model>
                  <vendor>Intel</vendor>
                  <feature policy='require' name='pclmuldq'/>
                  <feature policy='require' name='ssse3'/>
                  <feature policy='require' name='sse4.1'/>
                  <feature policy='require' name='sse4.2'/>
                  <feature policy='require' name='x2apic'/>
                  <feature policy='require' name='popcnt'/>
                  <feature policy='require' name='tsc-deadline'/>
                  <feature policy='require' name='aes'/>
                  <feature policy='require' name='xsave'/>
                  <feature policy='require' name='rdtscp'/>
                  <feature policy='require' name='lahf_lm'/>
                </cpu>
                """, base(host("x86_64", "kvm64", "Intel", sandyBridgeWithoutAvx),
                host("x86_64", "qemu64", "Intel", sandyBridgeWithoutAvx)));
    }

    /** A vendor foreign to the model leaves only vendor-less candidates. */
    @Test
    void intelModelWithAmdVendor() {
        assertEquals("""
                <cpu mode='custom' match='exact'>
                  <model fallback='allow'>kvm64</model>
                  <vendor>AMD</vendor>
                  <feature policy='require' name='ssse3'/>
                  <feature policy='require' name='sse4.1'/>
                  <feature policy='require' name='sse4.2'/>
                  <feature policy='require' name='popcnt'/>
                  <feature policy='require' name='lahf_lm'/>
                </cpu>
                """, base(host("x86_64", "Nehalem", "AMD")));
    }
}
