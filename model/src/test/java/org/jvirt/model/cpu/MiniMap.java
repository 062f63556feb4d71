package org.jvirt.model.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small hand-written CPU map in libvirt's format, so that the reader and the algorithms are tested on data whose
 * answers can be worked out by hand: eight features, two vendors, and models from old to new.
 */
final class MiniMap {
    private MiniMap() {}

    static final String INDEX = """
            <cpus>
              <arch name='x86'>
                <include filename='x86_vendors.xml'/>
                <include filename='x86_features.xml'/>
                <include filename='x86_models.xml'/>
              </arch>
              <arch name='ppc64'>
                <vendor name='IBM'/>
                <vendor name='Freescale'/>
                <model name='P8'><vendor name='IBM'/><pvr value='0x004b0000' mask='0xffff0000'/></model>
                <model name='Generic'/>
              </arch>
            </cpus>
            """;

    static final String VENDORS = """
            <cpus>
              <vendor name='Intel' string='GenuineIntel'/>
              <vendor name='AMD' string='AuthenticAMD'/>
            </cpus>
            """;

    static final String FEATURES = """
            <cpus>
              <feature name='fpu'><cpuid eax_in='0x01' edx='0x00000001'/></feature>
              <feature name='sse'><cpuid eax_in='0x01' edx='0x02000000'/></feature>
              <feature name='sse2'><cpuid eax_in='0x01' edx='0x04000000'/></feature>
              <feature name='mon'><cpuid eax_in='0x01' ecx='0x00000008'/></feature>
              <feature name='aes'><alias name='aes-ni' source='qemu'/><cpuid eax_in='0x01' ecx='0x02000000'/></feature>
              <feature name='avx'><cpuid eax_in='0x01' ecx='0x10000000'/></feature>
              <feature name='spec'><cpuid eax_in='0x07' ecx_in='0x00' edx='0x04000000'/></feature>
              <feature name='caps' migratable='no'><msr index='0x10a' edx='0x00000000' eax='0x00000001'/></feature>
            </cpus>
            """;

    /** Old has no vendor; MidSpec inherits Mid; New lists mon as removed; Hidden never names a guest CPU. */
    static final String MODELS = """
            <cpus>
              <model name='Old'><decode host='on' guest='on'/><feature name='fpu'/><feature name='sse'/></model>
              <model name='Mid'>
                <decode host='on' guest='on'/>
                <vendor name='Intel'/>
                <feature name='fpu'/><feature name='sse'/><feature name='sse2'/><feature name='aes'/>
              </model>
              <model name='MidSpec'><decode host='on' guest='on'/><model name='Mid'/><feature name='spec'/></model>
              <model name='Amd'>
                <decode host='on' guest='on'/>
                <vendor name='AMD'/>
                <feature name='fpu'/><feature name='sse'/><feature name='sse2'/><feature name='mon'/>
              </model>
              <model name='New'>
                <decode host='on' guest='on'/>
                <vendor name='Intel'/>
                <feature name='fpu'/><feature name='sse'/><feature name='sse2'/><feature name='aes'/>
                <feature name='avx'/><feature name='caps'/><feature name='mon' removed='yes'/>
              </model>
              <model name='Hidden'>
                <decode host='on' guest='off'/>
                <vendor name='Intel'/>
                <feature name='fpu'/><feature name='sse'/><feature name='sse2'/><feature name='aes'/>
                <feature name='avx'/>
              </model>
            </cpus>
            """;

    static Path write(Path dir) throws IOException {
        Files.writeString(dir.resolve("index.xml"), INDEX);
        Files.writeString(dir.resolve("x86_vendors.xml"), VENDORS);
        Files.writeString(dir.resolve("x86_features.xml"), FEATURES);
        Files.writeString(dir.resolve("x86_models.xml"), MODELS);
        return dir;
    }

    /** A host CPU element. */
    static String host(String arch, String model, String vendor, String... features) {
        StringBuilder s = new StringBuilder("<cpu><arch>" + arch + "</arch><model>" + model + "</model>");
        if (vendor != null) {
            s.append("<vendor>").append(vendor).append("</vendor>");
        }
        for (String f : features) {
            s.append("<feature name='").append(f).append("'/>");
        }
        return s.append("</cpu>").toString();
    }
}
