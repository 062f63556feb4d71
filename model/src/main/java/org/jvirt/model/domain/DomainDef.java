package org.jvirt.model.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * A domain's configuration ({@code virDomainDef}). The fields drivers read and change are typed; the remaining
 * top-level sections (os, features, cpu, clock, cputune, ...) are kept as element trees in {@link #sections},
 * formatted in libvirt's order by {@link DomainDefFormatter}.
 *
 * @param type virt type ("test", "kvm", ...)
 * @param name domain name
 * @param uuid domain UUID (generated at parse time when absent)
 * @param title one-line title or null
 * @param description free text or null
 * @param metadata the {@code <metadata>} element as written (foreign namespaces), or null
 * @param memory memory sizes in KiB
 * @param vcpu {@code <vcpu>}: maximum and current count, placement, cpuset
 * @param sections other top-level elements (including genid, os, clock, on_* ...) in input order
 * @param emulator {@code <devices><emulator>} or null
 * @param devices devices in input order (the formatter groups them by kind)
 */
public record DomainDef(String type, String name, UUID uuid, String title, String description, XmlElem metadata,
                        Memory memory, Vcpu vcpu, List<XmlElem> sections, String emulator,
                        List<DomainDevice> devices) {

    public DomainDef {
        sections = List.copyOf(sections);
        devices = List.copyOf(devices);
    }

    /**
     * Memory sizes in KiB ({@code <maxMemory>}, {@code <memory>}, {@code <currentMemory>}).
     *
     * @param maxMemory hotplug maximum, 0 when absent
     * @param slots hotplug slots, 0 when absent
     * @param total initial memory ({@code <memory>})
     * @param current balloon size ({@code <currentMemory>})
     * @param dumpCore "on"/"off" or null
     */
    public record Memory(long maxMemory, int slots, long total, long current, String dumpCore) {
        public Memory withTotal(long t) {
            return new Memory(maxMemory, slots, t, current, dumpCore);
        }

        public Memory withCurrent(long c) {
            return new Memory(maxMemory, slots, total, c, dumpCore);
        }

        public Memory withMax(long m, int s) {
            return new Memory(m, s, total, current, dumpCore);
        }
    }

    /**
     * {@code <vcpu placement cpuset current>max</vcpu>}.
     *
     * @param max maximum vCPUs
     * @param current online vCPUs (equal to max when the attribute is absent)
     * @param placement "static" or "auto"
     * @param cpuset host CPU set text or null
     */
    public record Vcpu(int max, int current, String placement, String cpuset) {
    }

    public DomainDef withName(String n) {
        return new DomainDef(type, n, uuid, title, description, metadata, memory, vcpu, sections, emulator, devices);
    }

    public DomainDef withUuid(UUID u) {
        return new DomainDef(type, name, u, title, description, metadata, memory, vcpu, sections, emulator, devices);
    }

    public DomainDef withTitle(String t) {
        return new DomainDef(type, name, uuid, t, description, metadata, memory, vcpu, sections, emulator, devices);
    }

    public DomainDef withDescription(String d) {
        return new DomainDef(type, name, uuid, title, d, metadata, memory, vcpu, sections, emulator, devices);
    }

    public DomainDef withMetadata(XmlElem m) {
        return new DomainDef(type, name, uuid, title, description, m, memory, vcpu, sections, emulator, devices);
    }

    public DomainDef withMemory(Memory m) {
        return new DomainDef(type, name, uuid, title, description, metadata, m, vcpu, sections, emulator, devices);
    }

    public DomainDef withVcpu(Vcpu v) {
        return new DomainDef(type, name, uuid, title, description, metadata, memory, v, sections, emulator, devices);
    }

    public DomainDef withSections(List<XmlElem> s) {
        return new DomainDef(type, name, uuid, title, description, metadata, memory, vcpu, s, emulator, devices);
    }

    public DomainDef withDevices(List<DomainDevice> d) {
        return new DomainDef(type, name, uuid, title, description, metadata, memory, vcpu, sections, emulator, d);
    }

    /** virDomainSetMemory: the balloon size in KiB. */
    public DomainDef withCurrentMemory(long kib) {
        return withMemory(memory.withCurrent(kib));
    }

    /** virDomainSetMaxMemory: the initial ({@code <memory>}) size in KiB; the balloon is clamped to it. */
    public DomainDef withTotalMemory(long kib) {
        return withMemory(memory.withTotal(kib).withCurrent(Math.min(memory.current(), kib)));
    }

    /** virDomainSetVcpus: maximum and online vCPU counts. */
    public DomainDef withVcpus(int max, int current) {
        return withVcpu(new Vcpu(max, current, vcpu.placement(), vcpu.cpuset()));
    }

    /** Sets {@code <on_poweroff>}, {@code <on_reboot>} or {@code <on_crash>} (e.g. "destroy", "restart"). */
    public DomainDef withLifecycleAction(String element, String action) {
        return withSection(element, XmlElem.of(element).withText(action));
    }

    /** {@code <os><type arch>}, or null. */
    public String osArch() {
        return section("os").map(o -> o.child("type")).map(t -> t.attr("arch")).orElse(null);
    }

    /** {@code <os><type machine>}, or null. */
    public String osMachine() {
        return section("os").map(o -> o.child("type")).map(t -> t.attr("machine")).orElse(null);
    }

    /** The {@code <os><boot dev>} list in order (empty with per-device boot order). */
    public List<String> bootDevices() {
        return section("os").map(o -> o.children("boot").stream().map(b -> b.attr("dev")).toList())
                .orElse(List.of());
    }

    /** Convenience: memory in KiB. */
    public long maxMemory() {
        return memory.maxMemory();
    }

    public long currentMemory() {
        return memory.current();
    }

    public long totalMemory() {
        return memory.total();
    }

    public int maxVcpus() {
        return vcpu.max();
    }

    public int currentVcpus() {
        return vcpu.current();
    }

    /** The first top-level section with this element name (e.g. "os", "cpu", "clock"), if any. */
    public Optional<XmlElem> section(String elementName) {
        return sections.stream().filter(s -> s.name().equals(elementName)).findFirst();
    }

    /** Replaces (or with null removes) the top-level section {@code elementName}, appending it when new. */
    public DomainDef withSection(String elementName, XmlElem value) {
        List<XmlElem> out = new ArrayList<>();
        boolean done = false;
        for (XmlElem s : sections) {
            if (s.name().equals(elementName)) {
                if (!done && value != null) {
                    out.add(value);
                }
                done = true;
            } else {
                out.add(s);
            }
        }
        if (!done && value != null) {
            out.add(value);
        }
        return withSections(out);
    }

    /** {@code <on_poweroff>}, {@code <on_reboot>}, {@code <on_crash>} action text, or null. */
    public String lifecycleAction(String element) {
        return section(element).map(XmlElem::text).orElse(null);
    }

    /** The os type ("hvm", "xen", "linux", "exe"). */
    public String osType() {
        return section("os").map(o -> o.childText("type")).map(String::strip).orElse(null);
    }

    public List<DomainDevice> devices(DeviceKind kind) {
        return devices.stream().filter(d -> d.kind() == kind).toList();
    }

    public Optional<DomainDevice> findDevice(Predicate<DomainDevice> p) {
        return devices.stream().filter(p).findFirst();
    }

    /** The disk or interface whose {@code <target dev>} is {@code dev}. */
    public Optional<DomainDevice> findByTarget(String dev) {
        return findDevice(d -> dev.equals(d.targetDev()));
    }

    public Optional<DomainDevice> findByAlias(String alias) {
        return findDevice(d -> alias.equals(d.alias()));
    }

    public DomainDef addDevice(DomainDevice d) {
        List<DomainDevice> out = new ArrayList<>(devices);
        out.add(d);
        return withDevices(out);
    }

    public DomainDef removeDevice(DomainDevice d) {
        List<DomainDevice> out = new ArrayList<>(devices);
        out.remove(d);
        return withDevices(out);
    }

    public DomainDef replaceDevice(DomainDevice old, DomainDevice replacement) {
        return withDevices(devices.stream().map(d -> d.equals(old) ? replacement : d).toList());
    }
}
