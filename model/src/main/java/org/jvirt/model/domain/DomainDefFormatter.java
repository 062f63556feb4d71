package org.jvirt.model.domain;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jvirt.model.xml.XmlWriter;

/** Formats a {@link DomainDef} the way libvirt 9.0.0's virDomainDefFormatInternal does, byte for byte. */
public final class DomainDefFormatter {
    /** VIR_DOMAIN_XML_SECURE: include passwords. */
    public static final int SECURE = 1;
    /** VIR_DOMAIN_XML_INACTIVE: the persistent config, without id and live-only data. */
    public static final int INACTIVE = 2;
    /** VIR_DOMAIN_XML_UPDATE_CPU. */
    public static final int UPDATE_CPU = 4;
    /** VIR_DOMAIN_XML_MIGRATABLE. */
    public static final int MIGRATABLE = 8;

    /** Top-level sections around the typed ones, in libvirt's output order; anything else is dropped. */
    static final List<String> BEFORE_VCPU = List.of("blkiotune", "memtune", "memoryBacking");
    static final List<String> AFTER_VCPU = List.of("vcpus", "iothreads", "iothreadids", "defaultiothread",
            "cputune", "numatune", "resource", "sysinfo", "bootloader", "bootloader_args", "os", "idmap",
            "features", "cpu", "clock", "on_poweroff", "on_reboot", "on_crash", "on_lockfailure", "pm", "perf");
    static final List<String> AFTER_DEVICES = List.of("seclabel", "keywrap", "launchSecurity");

    /** Every top-level element name the parser keeps. */
    static final List<String> KNOWN_SECTIONS = java.util.stream.Stream.of(List.of("genid"), BEFORE_VCPU, AFTER_VCPU,
            AFTER_DEVICES).flatMap(List::stream).toList();

    private static final Map<String, Integer> RANK = IntStream.range(0, KNOWN_SECTIONS.size()).boxed()
            .collect(Collectors.toMap(KNOWN_SECTIONS::get, i -> i));

    /** Elements libvirt writes with start and end tags even when they have no children. */
    private static final java.util.Set<String> ALWAYS_OPEN = java.util.Set.of("hyperv");

    private DomainDefFormatter() {
    }

    /**
     * The domain's XML. {@code liveId} is the running domain's id, or -1 for an inactive one; it is written only
     * without {@link #INACTIVE}.
     */
    public static String format(DomainDef def, int flags, int liveId) {
        boolean inactive = (flags & INACTIVE) != 0;
        XmlWriter w = new XmlWriter();
        w.open("domain", "type", def.type(), "id", !inactive && liveId >= 0 ? Integer.toString(liveId) : null);
        w.text("name", def.name());
        w.text("uuid", def.uuid().toString());
        sections(def, w, "genid", flags);
        w.text("title", def.title());
        w.text("description", def.description());
        if (def.metadata() != null && !def.metadata().children().isEmpty()) {
            w.open("metadata");
            StringBuilder b = new StringBuilder();
            for (XmlElem c : def.metadata().children()) {
                c.formatLibxml(b, 0);
            }
            w.raw(b.toString());
            w.close("metadata");
        }
        DomainDef.Memory m = def.memory();
        if (m.maxMemory() > 0) {
            w.text("maxMemory", Long.toString(m.maxMemory()), "slots", m.slots() > 0 ? Integer.toString(m.slots())
                    : null, "unit", "KiB");
        }
        w.text("memory", Long.toString(m.total()), "dumpCore", m.dumpCore(), "unit", "KiB");
        w.text("currentMemory", Long.toString(m.current()), "unit", "KiB");
        for (String s : BEFORE_VCPU) {
            sections(def, w, s, flags);
        }
        DomainDef.Vcpu v = def.vcpu();
        w.text("vcpu", Integer.toString(v.max()), "placement", v.placement(), "cpuset", v.cpuset(), "current",
                v.current() != v.max() ? Integer.toString(v.current()) : null);
        for (String s : AFTER_VCPU) {
            sections(def, w, s, flags);
        }
        w.open("devices");
        w.text("emulator", def.emulator());
        for (DeviceKind k : DeviceKind.values()) {
            for (DomainDevice d : def.devices()) {
                if (d.kind() == k) {
                    DeviceFormatter.format(d, w, flags);
                }
            }
        }
        w.close("devices");
        for (String s : AFTER_DEVICES) {
            sections(def, w, s, flags);
        }
        w.close("domain");
        return w.toString();
    }

    static boolean isKnownSection(String name) {
        return RANK.containsKey(name);
    }

    private static void sections(DomainDef def, XmlWriter w, String name, int flags) {
        for (XmlElem s : def.sections()) {
            if (s.name().equals(name)) {
                s.format(w, ALWAYS_OPEN);
            }
        }
    }
}
