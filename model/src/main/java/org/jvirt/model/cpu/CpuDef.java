package org.jvirt.model.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.xml.XmlNode;
import org.jvirt.model.xml.XmlParser;
import org.jvirt.model.xml.XmlWriter;

/**
 * The part of libvirt's virCPUDef the CPU algorithms use: architecture, model, vendor and named features. A host CPU
 * (as parsed from capabilities-style XML) has no fallback and its features no policy (null); a computed guest CPU
 * has both and formats as libvirt's virCPUDefFormat formats a custom-mode guest CPU.
 */
public record CpuDef(String arch, String model, boolean fallbackForbid, String vendor, List<Feature> features) {
    /** A feature and its policy: "force", "require", "optional", "disable", "forbid", or null for a host CPU. */
    public record Feature(String name, String policy) {}

    /** virArch names libvirt knows (virArchFromString), "none" excluded. */
    static final Set<String> ARCHES = Set.of("alpha", "armv6l", "armv7l", "armv7b", "aarch64", "cris", "i686",
            "ia64", "lm32", "m68k", "microblaze", "microblazeel", "mips", "mipsel", "mips64", "mips64el", "openrisc",
            "parisc", "parisc64", "ppc", "ppcle", "ppc64", "ppc64le", "ppcemb", "riscv32", "riscv64", "s390",
            "s390x", "sh4", "sh4eb", "sparc", "sparc64", "unicore32", "x86_64", "xtensa", "xtensaeb");

    public CpuDef {
        features = List.copyOf(features);
    }

    /**
     * Parses one CPU as libvirt's virCPUDefParseXML does for VIR_CPU_TYPE_HOST, which is how the baseline APIs read
     * their input: the checks in libvirt's order, errors in VIR_FROM_CPU with libvirt's texts. Not checked (accepted
     * as libvirt would accept valid values): signature, counter, topology and NUMA contents.
     */
    public static CpuDef parseHost(XmlParser parser, String xml) {
        XmlNode cpu = new XmlNode(parser.parse(xml, "CPU_definition", ErrorDomain.CPU).getDocumentElement());
        if (!cpu.name().equals("cpu")) {
            throw error(ErrorNumber.XML_ERROR, "XML does not contain expected 'cpu' element");
        }
        if (cpu.attr("mode") != null) {
            throw error(ErrorNumber.CONFIG_UNSUPPORTED, "Attribute mode is only allowed for guest CPU");
        }
        String arch = text(cpu, "arch");
        if (arch == null) {
            throw error(ErrorNumber.XML_ERROR, "Missing CPU architecture");
        }
        if (!ARCHES.contains(arch)) {
            throw error(ErrorNumber.CONFIG_UNSUPPORTED, "Unknown architecture " + arch);
        }
        XmlNode microcode = cpu.child("microcode");
        if (microcode != null && microcode.attr("version") != null && !isUInt(microcode.attr("version"))) {
            throw error(ErrorNumber.CONFIG_UNSUPPORTED, "invalid microcode version");
        }
        String model = text(cpu, "model");
        if (model == null) {
            throw error(ErrorNumber.XML_ERROR, "Missing CPU model name");
        }
        String vendor = text(cpu, "vendor");
        List<Feature> features = new ArrayList<>();
        for (XmlNode f : cpu.children("feature")) {
            String name = f.attr("name");
            if (name == null || name.isEmpty()) {
                throw error(ErrorNumber.XML_ERROR, "Invalid CPU feature name");
            }
            if (features.stream().anyMatch(x -> x.name().equals(name))) {
                throw error(ErrorNumber.XML_ERROR, "CPU feature '" + name + "' specified more than once");
            }
            features.add(new Feature(name, null));
        }
        List<XmlNode> caches = cpu.children("cache");
        if (caches.size() > 1) {
            throw error(ErrorNumber.XML_ERROR, "at most one CPU cache element may be specified");
        }
        if (caches.size() == 1 && caches.getFirst().attr("level") != null
                && !List.of("1", "2", "3").contains(caches.getFirst().attr("level"))) {
            throw error(ErrorNumber.XML_ERROR, "invalid CPU cache level, must be in range [1,3]");
        }
        return new CpuDef(arch, model, false, vendor, features);
    }

    /** A custom-mode guest CPU, e.g. {@code <cpu mode='custom' match='exact'>}, as virCPUDefFormat writes it. */
    public String formatGuest() {
        StringBuilder out = new StringBuilder("<cpu mode='custom' match='exact'>\n");
        out.append("  <model fallback='").append(fallbackForbid ? "forbid" : "allow").append("'>")
                .append(XmlWriter.escape(model)).append("</model>\n");
        if (vendor != null) {
            out.append("  <vendor>").append(XmlWriter.escape(vendor)).append("</vendor>\n");
        }
        for (Feature f : features) {
            out.append("  <feature policy='").append(f.policy()).append("' name='")
                    .append(XmlWriter.escape(f.name())).append("'/>\n");
        }
        return out.append("</cpu>\n").toString();
    }

    /** virXPathString("string(./NAME[1])"): the first child's text, null when absent or empty. */
    private static String text(XmlNode parent, String name) {
        String t = parent.childText(name);
        return t == null || t.isEmpty() ? null : t;
    }

    /** virStrToLong_ui in base 10: optional leading blanks, digits, within 32 bits. */
    private static boolean isUInt(String s) {
        String t = s.stripLeading();
        if (t.isEmpty() || !t.chars().allMatch(Character::isDigit)) {
            return false;
        }
        return t.length() <= 10 && Long.parseLong(t) <= 0xffffffffL;
    }

    static VirException error(int code, String detail) {
        return VirException.of(code, ErrorDomain.CPU, detail);
    }
}
