package org.jvirt.model.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.util.ScaledSize;
import org.jvirt.core.util.Uuids;
import org.jvirt.model.xml.XmlParser;

/**
 * Parses domain XML (virDomainDefParseString): parse, then post-parse defaults ({@link DomainPostParse}), then
 * validation, as separate steps.
 */
public final class DomainDefParser {
    /** libvirt's virDomainVirtType names. */
    static final Set<String> VIRT_TYPES = Set.of("none", "qemu", "kqemu", "kvm", "xen", "lxc", "uml", "openvz",
            "test", "vmware", "hyperv", "vbox", "phyp", "parallels", "bhyve", "vz", "hvf");

    private final XmlParser xmlParser = new XmlParser();

    public DomainDef parse(String xml, ParseOptions options) {
        xmlParser.parseRoot(xml, "domain_definition", "domain", org.jvirt.core.ErrorDomain.DOMAIN);
        XmlElem root = OrderedXmlReader.read(xml);
        DomainDef def = parseRaw(root, options);
        def = DomainPostParse.apply(def, options);
        DomainValidate.validate(def, options);
        return def;
    }

    /** The parse step alone: no defaults beyond those the parser itself fills in (UUID, vcpu count). */
    DomainDef parseRaw(XmlElem root, ParseOptions options) {
        String type = root.attr("type");
        if (type == null) {
            throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.DOMAIN, "missing domain type attribute");
        }
        if (!VIRT_TYPES.contains(type)) {
            throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN, "invalid domain type " + type);
        }
        String name = root.childText("name");
        if (name == null || name.isEmpty()) {
            throw VirException.of(ErrorNumber.NO_NAME, ErrorDomain.DOMAIN, null);
        }
        String uuidText = root.childText("uuid");
        UUID uuid;
        if (uuidText == null) {
            uuid = Uuids.generate(options.random());
        } else {
            uuid = Uuids.parse(uuidText).orElseThrow(() -> VirException.of(ErrorNumber.INTERNAL_ERROR,
                    ErrorDomain.DOMAIN, "malformed uuid element"));
        }
        // libvirt's virXPathString gives NULL for an empty string: an empty title or description is no title
        String title = emptyToNull(root.childText("title"));
        if (title != null && title.indexOf('\n') >= 0) {
            throw VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.DOMAIN, "Domain title can't contain newlines");
        }
        String description = emptyToNull(root.childText("description"));
        XmlElem metadata = root.child("metadata");
        DomainDef.Memory memory = parseMemory(root);
        DomainDef.Vcpu vcpu = parseVcpu(root);
        List<XmlElem> sections = new ArrayList<>();
        for (XmlElem c : root.children()) {
            if (DomainDefFormatter.isKnownSection(c.name())) {
                sections.add(c);
            }
        }
        XmlElem devs = root.child("devices");
        String emulator = null;
        List<DomainDevice> devices = new ArrayList<>();
        if (devs != null) {
            emulator = devs.childText("emulator");
            for (XmlElem c : devs.children()) {
                DeviceKind k = DeviceKind.ofElement(c.name());
                if (k != null) {
                    devices.add(new DomainDevice(k, c));
                }
            }
        }
        XmlElem os = root.child("os");
        if (os == null || os.child("type") == null) {
            throw VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.DOMAIN, "an os <type> must be specified");
        }
        return new DomainDef(type, name, uuid, title, description, metadata, memory, vcpu, sections, emulator,
                devices);
    }

    private static DomainDef.Memory parseMemory(XmlElem root) {
        long total = scaled(root.child("memory"), "memory");
        long current = scaled(root.child("currentMemory"), "currentMemory");
        XmlElem max = root.child("maxMemory");
        long maxMem = scaled(max, "maxMemory");
        int slots = 0;
        if (max != null && max.attr("slots") != null) {
            slots = parseUInt(max.attr("slots"), "Failed to parse memory slot count");
        }
        XmlElem mem = root.child("memory");
        return new DomainDef.Memory(maxMem, slots, total, current, mem == null ? null : mem.attr("dumpCore"));
    }

    /** virDomainParseMemory: a scaled value rounded up to KiB. */
    static long scaled(XmlElem e, String what) {
        if (e == null || e.text() == null || e.text().isBlank()) {
            return 0;
        }
        long v;
        try {
            v = Long.parseUnsignedLong(e.text().strip());
        } catch (NumberFormatException ex) {
            throw VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.DOMAIN,
                    "Invalid value '" + e.text() + "' for element or attribute './" + what + "[1]'");
        }
        long bytes = ScaledSize.toBytes(v, e.attr("unit"), 1024, Long.MAX_VALUE);
        return (bytes + 1023) / 1024;
    }

    /** A scaled value given as text and unit, in KiB rounded up. */
    static long scaledValue(String text, String unit, String what) {
        long v;
        try {
            v = Long.parseUnsignedLong(text.strip());
        } catch (NumberFormatException ex) {
            throw VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.DOMAIN, "could not parse " + what);
        }
        return (ScaledSize.toBytes(v, unit, 1024, Long.MAX_VALUE) + 1023) / 1024;
    }

    private static int parseUInt(String s, String err) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException ex) {
            throw VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.DOMAIN, err);
        }
    }

    private static DomainDef.Vcpu parseVcpu(XmlElem root) {
        XmlElem v = root.child("vcpu");
        if (v == null) {
            return new DomainDef.Vcpu(1, 1, "static", null);
        }
        int max = 1;
        if (v.text() != null && !v.text().isBlank()) {
            max = parseUInt(v.text(), "maximum vcpus count must be an integer");
        }
        int current = max;
        if (v.attr("current") != null) {
            current = parseUInt(v.attr("current"), "current vcpus count must be an integer");
        }
        String placement = v.attr("placement");
        String cpuset = v.attr("cpuset");
        if (cpuset != null) {
            cpuset = SectionPostParse.bitmapAttr(v, "cpuset").attr("cpuset");
        }
        if (placement == null) {
            placement = "static";
        }
        return new DomainDef.Vcpu(max, current, placement, cpuset);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
