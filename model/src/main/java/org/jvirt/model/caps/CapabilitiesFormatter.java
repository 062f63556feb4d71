package org.jvirt.model.caps;

import java.util.List;
import org.jvirt.model.caps.Capabilities.CacheBank;
import org.jvirt.model.caps.Capabilities.CellCpu;
import org.jvirt.model.caps.Capabilities.Guest;
import org.jvirt.model.caps.Capabilities.GuestDomain;
import org.jvirt.model.caps.Capabilities.GuestFeature;
import org.jvirt.model.caps.Capabilities.Host;
import org.jvirt.model.caps.Capabilities.HostCpu;
import org.jvirt.model.caps.Capabilities.Machine;
import org.jvirt.model.caps.Capabilities.NumaCell;
import org.jvirt.model.caps.Capabilities.SecModel;
import org.jvirt.model.xml.XmlWriter;

/** Formats capabilities exactly as libvirt's virCapabilitiesFormatXML (blank lines between sections included). */
public final class CapabilitiesFormatter {

    public String format(Capabilities caps) {
        StringBuilder out = new StringBuilder("<capabilities>\n\n");
        XmlWriter w = new XmlWriter(2);
        formatHost(w, caps.host());
        out.append(w).append('\n');
        for (Guest g : caps.guests()) {
            XmlWriter gw = new XmlWriter(2);
            formatGuest(gw, g);
            out.append(gw).append('\n');
        }
        out.append("</capabilities>\n");
        return out.toString();
    }

    private static void formatHost(XmlWriter w, Host h) {
        w.open("host");
        if (h.uuid() != null) {
            w.text("uuid", h.uuid().toString());
        }
        formatCpu(w, h.cpu());
        if (h.powerManagement().isEmpty()) {
            w.empty("power_management");
        } else {
            w.open("power_management");
            for (String p : h.powerManagement()) {
                w.empty(p);
            }
            w.close("power_management");
        }
        w.empty("iommu", "support", h.iommu() ? "yes" : "no");
        if (h.migration() != null) {
            w.open("migration_features");
            if (h.migration().live()) {
                w.empty("live");
            }
            if (!h.migration().uriTransports().isEmpty()) {
                w.open("uri_transports");
                for (String t : h.migration().uriTransports()) {
                    w.text("uri_transport", t);
                }
                w.close("uri_transports");
            }
            w.close("migration_features");
        }
        w.text("netprefix", h.netprefix());
        if (h.numaCells() != null) {
            formatNuma(w, h.numaCells());
        }
        if (!h.cacheBanks().isEmpty()) {
            w.open("cache");
            for (CacheBank b : h.cacheBanks()) {
                w.empty("bank", "id", Integer.toString(b.id()), "level", Integer.toString(b.level()), "type",
                        b.type(), "size", Long.toString(b.size()), "unit", b.unit(), "cpus", b.cpus());
            }
            w.close("cache");
        }
        for (SecModel s : h.secModels()) {
            w.open("secmodel");
            w.text("model", s.model());
            w.text("doi", s.doi());
            for (Capabilities.BaseLabel l : s.baseLabels()) {
                w.text("baselabel", l.label(), "type", l.type());
            }
            w.close("secmodel");
        }
        w.close("host");
    }

    private static void formatCpu(XmlWriter w, HostCpu c) {
        w.open("cpu");
        w.text("arch", c.arch());
        if (!c.features().isEmpty()) {
            w.open("features");
            for (String f : c.features()) {
                w.empty(f);
            }
            w.close("features");
        }
        w.text("model", c.model());
        w.text("vendor", c.vendor());
        if (c.microcode() != 0) {
            w.empty("microcode", "version", Long.toString(c.microcode()));
        }
        if (c.topology() != null) {
            Capabilities.Topology t = c.topology();
            w.empty("topology", "sockets", Integer.toString(t.sockets()), "dies",
                    t.dies() > 0 ? Integer.toString(t.dies()) : null, "cores", Integer.toString(t.cores()),
                    "threads", Integer.toString(t.threads()));
        }
        for (String f : c.cpuFeatures()) {
            w.empty("feature", "name", f);
        }
        for (long p : c.pageSizesKiB()) {
            w.empty("pages", "unit", "KiB", "size", Long.toString(p));
        }
        w.close("cpu");
    }

    private static void formatNuma(XmlWriter w, List<NumaCell> cells) {
        w.open("topology");
        w.open("cells", "num", Integer.toString(cells.size()));
        for (NumaCell cell : cells) {
            w.open("cell", "id", Integer.toString(cell.id()));
            if (cell.memoryKiB() != 0) {
                w.text("memory", Long.toUnsignedString(cell.memoryKiB()), "unit", "KiB");
            }
            for (Capabilities.Pages p : cell.pages()) {
                w.text("pages", Long.toUnsignedString(p.available()), "unit", "KiB", "size",
                        Long.toString(p.sizeKiB()));
            }
            if (!cell.distances().isEmpty()) {
                w.open("distances");
                for (Capabilities.Distance d : cell.distances()) {
                    w.empty("sibling", "id", Integer.toString(d.cellId()), "value", Integer.toString(d.value()));
                }
                w.close("distances");
            }
            w.open("cpus", "num", Integer.toString(cell.cpus().size()));
            for (CellCpu cpu : cell.cpus()) {
                if (cpu.siblings() == null) {
                    w.empty("cpu", "id", Integer.toString(cpu.id()));
                } else {
                    w.empty("cpu", "id", Integer.toString(cpu.id()), "socket_id", Integer.toString(cpu.socketId()),
                            "die_id", Integer.toString(cpu.dieId()), "core_id", Integer.toString(cpu.coreId()),
                            "siblings", cpu.siblings());
                }
            }
            w.close("cpus");
            w.close("cell");
        }
        w.close("cells");
        w.close("topology");
    }

    private static void formatGuest(XmlWriter w, Guest g) {
        w.open("guest");
        w.text("os_type", g.osType());
        w.open("arch", "name", g.arch());
        w.text("wordsize", Integer.toString(g.wordsize()));
        w.text("emulator", g.emulator());
        w.text("loader", g.loader());
        machines(w, g.machines());
        for (GuestDomain d : g.domains()) {
            if (d.emulator() == null && d.loader() == null && d.machines().isEmpty()) {
                w.empty("domain", "type", d.type());
            } else {
                w.open("domain", "type", d.type());
                w.text("emulator", d.emulator());
                w.text("loader", d.loader());
                machines(w, d.machines());
                w.close("domain");
            }
        }
        w.close("arch");
        if (!g.features().isEmpty()) {
            w.open("features");
            for (GuestFeature f : g.features()) {
                if (f.toggle() == null) {
                    w.empty(f.name());
                } else {
                    w.empty(f.name(), "default", f.defaultState(), "toggle", f.toggle());
                }
            }
            w.close("features");
        }
        w.close("guest");
    }

    private static void machines(XmlWriter w, List<Machine> machines) {
        for (Machine m : machines) {
            w.text("machine", m.name(), "canonical", m.canonical(), "maxCpus",
                    m.maxCpus() > 0 ? Integer.toString(m.maxCpus()) : null, "deprecated",
                    m.deprecated() ? "yes" : null);
        }
    }
}
