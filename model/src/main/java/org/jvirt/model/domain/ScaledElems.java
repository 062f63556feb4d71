package org.jvirt.model.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jvirt.core.util.ScaledSize;

/**
 * Sizes libvirt stores as numbers and prints in one fixed unit whatever unit the input used (memtune limits,
 * huge page sizes, pcihole64, SMM TSEG, qcow2 metadata cache, NUMA cell memory).
 */
final class ScaledElems {
    /** VIR_DOMAIN_MEMORY_PARAM_UNLIMITED in KiB: a memtune limit equal to it is not printed. */
    private static final long UNLIMITED_KIB = 9007199254740991L;

    /** element name → {default unit scale in bytes, output unit scale in bytes}, and the output unit text. */
    private record Rule(long defaultScale, long outScale, String outUnit) {
    }

    private static final Map<String, Rule> TEXT_RULES = Map.of(
            "hard_limit", new Rule(1024, 1024, "KiB"),
            "soft_limit", new Rule(1024, 1024, "KiB"),
            "swap_hard_limit", new Rule(1024, 1024, "KiB"),
            "min_guarantee", new Rule(1024, 1024, "KiB"),
            "pcihole64", new Rule(1024, 1024, "KiB"),
            "maxpagesize", new Rule(1024, 1024, "KiB"),
            "tseg", new Rule(1024 * 1024, 1024 * 1024, "MiB"),
            "max_size", new Rule(1, 1, "bytes"));
    private static final List<String> MEMTUNE_ORDER = List.of("hard_limit", "soft_limit", "swap_hard_limit",
            "min_guarantee");

    private ScaledElems() {
    }

    static DomainDef apply(DomainDef def) {
        def = def.withSections(def.sections().stream().map(ScaledElems::walk).filter(s -> !isEmptyMemtune(s))
                .toList());
        return def.withDevices(def.devices().stream().map(d -> d.withXml(walk(d.xml()))).toList());
    }

    private static boolean isEmptyMemtune(XmlElem s) {
        return s.name().equals("memtune") && s.children().isEmpty();
    }

    private static XmlElem walk(XmlElem e) {
        Rule r = TEXT_RULES.get(e.name());
        if (r != null && e.children().isEmpty() && e.text() != null && !e.text().isBlank()) {
            Long bytes = bytes(e.text(), e.attr("unit"), r.defaultScale);
            if (bytes != null) {
                long v = (bytes + r.outScale - 1) / r.outScale;
                return new XmlElem(e.name(), List.of(new XmlElem.Attr("unit", r.outUnit)), List.of(),
                        Long.toString(v));
            }
            return e;
        }
        if (e.name().equals("page") && e.attr("size") != null) {
            Long bytes = bytes(e.attr("size"), e.attr("unit"), 1024);
            if (bytes != null) {
                e = e.withAttr("size", Long.toString((bytes + 1023) / 1024)).withAttrAfter("unit", "KiB", "size")
                        .withAttr("unit", "KiB");
            }
        }
        if (e.children().isEmpty()) {
            return e;
        }
        List<XmlElem> kids = new ArrayList<>();
        for (XmlElem c : e.children()) {
            XmlElem w = walk(c);
            if (e.name().equals("memtune") && MEMTUNE_ORDER.contains(w.name())
                    && Long.toString(UNLIMITED_KIB).equals(w.text())) {
                continue;
            }
            kids.add(w);
        }
        if (e.name().equals("memtune")) {
            kids.sort(Comparator.comparingInt(c -> DevicePostParse.rank(MEMTUNE_ORDER, c.name())));
        }
        if (e.name().equals("numa")) {
            kids.sort(Comparator.comparingLong(c -> c.name().equals("cell") ? parseLong(c.attr("id")) : -1));
        }
        return e.withChildren(kids);
    }

    private static long parseLong(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Long bytes(String text, String unit, long defaultScale) {
        try {
            return ScaledSize.toBytes(Long.parseUnsignedLong(text.strip()), unit, defaultScale, Long.MAX_VALUE);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
