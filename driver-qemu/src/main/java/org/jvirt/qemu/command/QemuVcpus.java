package org.jvirt.qemu.command;

import java.util.ArrayList;
import java.util.List;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.XmlElem;

/**
 * The individual vCPUs of a domain: {@code <vcpus><vcpu id enabled hotpluggable order/></vcpus>} when the XML has
 * it, else libvirt's defaults (virDomainVcpuDefPostParse: the first {@code current} vCPUs online and not
 * hotpluggable, the rest offline and hotpluggable), and the {@code -smp} they give (qemuBuildSmpCommandLine: only
 * online non-hotpluggable vCPUs are counted, the hotpluggable ones are added with device_add).
 */
public final class QemuVcpus {
    private QemuVcpus() {}

    /** One vCPU; {@code order} 0 means none. */
    public record Vcpu(int id, boolean enabled, boolean hotpluggable, int order) {}

    /** Every vCPU from 0 to the maximum. */
    public static List<Vcpu> of(DomainDef def) {
        int max = def.maxVcpus();
        List<Vcpu> out = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            boolean on = i < def.currentVcpus();
            out.add(new Vcpu(i, on, !on, 0));
        }
        XmlElem vcpus = def.section("vcpus").orElse(null);
        if (vcpus != null) {
            for (XmlElem v : vcpus.children("vcpu")) {
                int id = Integer.parseInt(v.attr("id"));
                if (id < 0 || id >= max) {
                    continue;
                }
                boolean on = "yes".equals(v.attr("enabled"));
                String hp = v.attr("hotpluggable");
                boolean hot = hp == null ? !on : "yes".equals(hp);
                int order = v.attr("order") == null ? 0 : Integer.parseInt(v.attr("order"));
                out.set(id, new Vcpu(id, on, hot, order));
            }
        }
        return out;
    }

    /** libvirt's {@code <vcpus>} element for these vCPUs (virDomainCpuDefFormat's individual vCPU list). */
    public static XmlElem format(List<Vcpu> vcpus) {
        List<XmlElem> children = new ArrayList<>();
        for (Vcpu v : vcpus) {
            XmlElem e = XmlElem.of("vcpu", "id", Integer.toString(v.id()), "enabled", v.enabled() ? "yes" : "no",
                    "hotpluggable", v.hotpluggable() ? "yes" : "no");
            if (v.order() != 0) {
                e = e.withAttr("order", Integer.toString(v.order()));
            }
            children.add(e);
        }
        return XmlElem.of("vcpus").withChildren(children);
    }

    /**
     * The {@code -smp} value: the {@code <topology>}, or without one a socket per vCPU. Online hotpluggable vCPUs would
     * need device_add before the guest runs, which a start does not do yet: refused.
     */
    static String smp(DomainDef def) {
        List<Vcpu> all = of(def);
        int boot = 0;
        for (Vcpu v : all) {
            if (v.enabled() && v.hotpluggable()) {
                throw QemuCommandBuilder.unsupported("hotpluggable vcpus enabled at startup");
            }
            if (v.enabled()) {
                boot++;
            }
        }
        int max = def.maxVcpus();
        String head = boot + (boot != max ? ",maxcpus=" + max : "");
        XmlElem topo = def.section("cpu").map(c -> c.child("topology")).orElse(null);
        if (topo == null) {
            return head + ",sockets=" + max + ",cores=1,threads=1";
        }
        int[] n = new int[4];
        String[] names = {"sockets", "dies", "cores", "threads"};
        for (int i = 0; i < 4; i++) {
            String v = topo.attr(names[i]);
            n[i] = v == null ? (i == 1 ? 1 : 0) : Integer.parseInt(v);
        }
        if (topo.attrs().stream().anyMatch(a -> !List.of(names).contains(a.name()))
                || (long) n[0] * n[1] * n[2] * n[3] != max) {
            throw QemuCommandBuilder.unsupported("cpu topology"); // libvirt refuses a product other than the maximum
        }
        return head + ",sockets=" + n[0] + ",dies=" + n[1] + ",cores=" + n[2] + ",threads=" + n[3];
    }
}
