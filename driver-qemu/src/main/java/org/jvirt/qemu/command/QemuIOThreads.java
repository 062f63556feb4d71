package org.jvirt.qemu.command;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.XmlElem;

/**
 * I/O threads (qemuBuildIOThreadCommandLine): {@code <iothreads>N</iothreads>} gives QEMU iothread objects 1..N, or
 * the ids {@code <iothreadids>} lists; a virtio disk's or virtio-scsi controller's {@code <driver iothread='K'/>}
 * names one of them ("iothreadK"). The per-thread tunables of newer libvirt (pool sizes, polling) and ids that do not
 * add up to the count are declined rather than guessed.
 */
final class QemuIOThreads {
    private QemuIOThreads() {}

    /** The iothread ids, in the order libvirt keeps them; empty without {@code <iothreads>}. */
    static List<Integer> ids(DomainDef def) {
        Optional<XmlElem> count = def.section("iothreads");
        Optional<XmlElem> listed = def.section("iothreadids");
        if (count.isEmpty()) {
            if (listed.isPresent()) {
                throw QemuCommandBuilder.unsupported("<iothreadids> without <iothreads>");
            }
            return List.of();
        }
        XmlElem c = count.get();
        int n;
        try {
            n = Integer.parseInt(c.text() == null ? "" : c.text().strip());
        } catch (NumberFormatException e) {
            throw QemuCommandBuilder.unsupported("<iothreads> value");
        }
        if (!c.attrs().isEmpty() || !c.children().isEmpty() || n < 0) {
            throw QemuCommandBuilder.unsupported("<iothreads>");
        }
        if (listed.isEmpty()) {
            List<Integer> ids = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                ids.add(i);
            }
            return ids;
        }
        Set<Integer> ids = new LinkedHashSet<>();
        for (XmlElem t : listed.get().children()) {
            if (!t.name().equals("iothread") || t.attrs().size() != 1 || t.attr("id") == null
                    || !t.children().isEmpty()) {
                throw QemuCommandBuilder.unsupported("<iothreadids> entry");
            }
            int id = Integer.parseInt(t.attr("id"));
            if (id <= 0 || !ids.add(id)) {
                throw QemuCommandBuilder.unsupported("<iothreadids> id " + id);
            }
        }
        if (ids.size() != n) {
            throw QemuCommandBuilder.unsupported("<iothreadids> that do not match <iothreads>");
        }
        return List.copyOf(ids);
    }

    /** The {@code -object iothread} JSON of each id, right after {@code -smp}. */
    static List<String> objects(DomainDef def) {
        List<String> out = new ArrayList<>();
        for (int id : ids(def)) {
            out.add(Json.obj().put("qom-type", "iothread").put("id", "iothread" + id).toString());
        }
        return out;
    }

    /** A device's {@code <driver iothread='K'/>} as QEMU's id; null when it names none. */
    static String alias(DomainDef def, XmlElem driver) {
        String k = driver == null ? null : driver.attr("iothread");
        if (k == null) {
            return null;
        }
        int id;
        try {
            id = Integer.parseInt(k);
        } catch (NumberFormatException e) {
            throw QemuCommandBuilder.unsupported("iothread '" + k + "'");
        }
        if (!ids(def).contains(id)) {
            throw QemuCommandBuilder.unsupported("iothread " + id + " not defined in <iothreads>");
        }
        return "iothread" + id;
    }
}
