package org.jvirt.model.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.util.MacAddress;

/**
 * Post-parse defaults: libvirt's virDomainDefPostParse (common part) and, with {@link ParseOptions#testDriver()},
 * what the test driver adds (its post-parse callbacks and testDomainGenerateIfnames at define time).
 */
final class DomainPostParse {
    /** Children of {@code <os>} in virDomainDefFormatOS's order. */
    private static final List<String> OS_ORDER = List.of("type", "firmware", "init", "initarg", "initenv",
            "initdir", "inituser", "initgroup", "loader", "nvram", "kernel", "initrd", "cmdline", "dtb", "root",
            "acpi", "boot", "bootmenu", "smbios", "bios");
    /** Children of {@code <os>} that libvirt writes after {@code <boot>}. */
    private static final Set<String> OS_AFTER_BOOT = Set.of("bootmenu", "smbios", "bios");
    /** Children of {@code <interface>} that libvirt writes after {@code <target>}. */
    private static final Set<String> NET_BEFORE_TARGET = Set.of("mac", "source", "vlan", "virtualport", "ip",
            "route", "script", "downscript", "backenddomain", "bandwidth", "port");

    private DomainPostParse() {
    }

    static DomainDef apply(DomainDef def, ParseOptions o) {
        DomainDef.Memory m = def.memory();
        long numaTotal = numaMemory(def);
        if (numaTotal > 0 && m.total() == 0) {
            m = m.withTotal(numaTotal);
            def = def.withMemory(m);
        }
        if (m.total() == 0) {
            throw VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.DOMAIN,
                    "Memory size must be specified via <memory> or in the <numa> configuration");
        }
        if (o.inactive()) {
            def = InactiveParse.apply(def);
        }
        if (m.current() == 0 || m.current() > m.total()) {
            def = def.withMemory(m.withCurrent(m.total()));
        }
        XmlElem genid = def.section("genid").orElse(null);
        if (genid != null && (genid.text() == null || genid.text().isBlank())) {
            // <genid/> asks libvirt to generate the VM generation ID.
            def = def.withSection("genid", genid.withText(
                    org.jvirt.core.util.Uuids.generate(o.random()).toString()));
        }
        DomainValidate.bootOrder(def);
        def = osDefaults(def, o);
        if (def.section("clock").isEmpty()) {
            def = def.withSection("clock", XmlElem.of("clock", "offset", "utc"));
        }
        def = lifecycle(def, "on_poweroff", "destroy");
        def = lifecycle(def, "on_reboot", "restart");
        def = lifecycle(def, "on_crash", "destroy");
        def = SectionPostParse.apply(def);
        def = ScaledElems.apply(def);
        def = DevicePostParse.apply(def, o);
        def = interfaceNames(def, o);
        def = def.withSections(def.sections().stream().map(e -> AttrOrder.apply(e, "domain")).toList());
        def = def.withDevices(def.devices().stream()
                .map(d -> d.withXml(AttrOrder.apply(d.xml(), "devices"))).toList());
        return def;
    }

    /** virDomainNumaGetMemorySize: the sum of the guest NUMA cells' memory, in KiB. */
    private static long numaMemory(DomainDef def) {
        XmlElem cpu = def.section("cpu").orElse(null);
        XmlElem numa = cpu == null ? null : cpu.child("numa");
        if (numa == null) {
            return 0;
        }
        long sum = 0;
        for (XmlElem c : numa.children("cell")) {
            if (c.attr("memory") != null) {
                sum += DomainDefParser.scaledValue(c.attr("memory"), c.attr("unit"), "memory");
            }
        }
        return sum;
    }

    private static DomainDef lifecycle(DomainDef def, String name, String dflt) {
        if (def.section(name).map(XmlElem::text).filter(t -> !t.isBlank()).isEmpty()) {
            return def.withSection(name, XmlElem.of(name).withText(dflt));
        }
        return def;
    }

    private static DomainDef osDefaults(DomainDef def, ParseOptions o) {
        XmlElem os = def.section("os").orElseThrow();
        XmlElem type = os.child("type");
        if (type.attr("arch") == null && o.defaultArch() != null) {
            type = type.withAttrAfter("arch", o.defaultArch());
            os = os.withChild("type", type);
        }
        String osType = type.text() == null ? "" : type.text().strip();
        if (osType.equals("hvm") && os.child("boot") == null && !hasDeviceBoot(def)) {
            os = insertBefore(os, XmlElem.of("boot", "dev", "hd"), OS_AFTER_BOOT);
        }
        List<XmlElem> kids = new ArrayList<>(os.children());
        kids.sort(java.util.Comparator.comparingInt(c -> DevicePostParse.rank(OS_ORDER, c.name())));
        return def.withSection("os", os.withChildren(kids));
    }

    private static boolean hasDeviceBoot(DomainDef def) {
        return def.devices().stream().anyMatch(d -> d.xml().child("boot") != null);
    }

    /** Inserts {@code c} before the first child whose name is in {@code after}, else at the end. */
    static XmlElem insertBefore(XmlElem parent, XmlElem c, Set<String> after) {
        List<XmlElem> kids = parent.children();
        int i = 0;
        while (i < kids.size() && !after.contains(kids.get(i).name())) {
            i++;
        }
        return parent.insertChild(c, i);
    }

    /** Inserts {@code c} after the last child whose name is in {@code before}, else first. */
    static XmlElem insertAfterLast(XmlElem parent, XmlElem c, Set<String> before) {
        List<XmlElem> kids = parent.children();
        int pos = 0;
        for (int i = 0; i < kids.size(); i++) {
            if (before.contains(kids.get(i).name())) {
                pos = i + 1;
            }
        }
        return parent.insertChild(c, pos);
    }

    private static Set<String> union(Set<String> s, String more) {
        Set<String> out = new HashSet<>(s);
        out.add(more);
        return out;
    }

    /** testDomainGenerateIfnames: each interface without a target gets the first free "testnetN"; MACs too. */
    private static DomainDef interfaceNames(DomainDef def, ParseOptions o) {
        Set<String> used = new HashSet<>();
        for (DomainDevice d : def.devices(DeviceKind.INTERFACE)) {
            if (d.targetDev() != null) {
                used.add(d.targetDev());
            }
        }
        List<DomainDevice> out = new ArrayList<>();
        for (DomainDevice d : def.devices()) {
            if (d.kind() == DeviceKind.INTERFACE) {
                XmlElem x = d.xml();
                XmlElem src = x.child("source");
                if ("network".equals(x.attr("type")) && src != null && src.attr("bridge") != null) {
                    // The bridge of a network interface is runtime state ("actual"), not config.
                    x = x.withChild("source", src.withAttr("bridge", null));
                }
                if (x.child("mac") == null || x.child("mac").attr("address") == null) {
                    String mac = MacAddress.generate(MacAddress.QEMU_PREFIX, o.random()).toString();
                    x = x.withChild("mac", null).insertChild(XmlElem.of("mac", "address", mac), 0);
                }
                XmlElem t = x.child("target");
                if (o.testDriver() && (t == null || t.attr("dev") == null)) {
                    int n = 0;
                    while (used.contains("testnet" + n)) {
                        n++;
                    }
                    used.add("testnet" + n);
                    XmlElem nt = t == null ? XmlElem.of("target", "dev", "testnet" + n)
                            : t.withAttrAfter("dev", "testnet" + n);
                    x = t == null ? insertAfterLast(x, nt, "hostdev".equals(x.attr("type"))
                            ? union(NET_BEFORE_TARGET, "driver") : NET_BEFORE_TARGET) : x.withChild("target", nt);
                }
                d = d.withXml(x);
            }
            out.add(d);
        }
        return def.withDevices(out);
    }
}
