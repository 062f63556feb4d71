package org.jvirt.driver.test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jvirt.model.domain.DomainDef;

/**
 * A domain's snapshots or checkpoints (libvirt's virDomainMomentObjList): named moments with a parent link, kept in
 * creation order, and the current one. Guarded by the state's lock.
 */
final class TestSnapshotTree {
    /**
     * One snapshot or checkpoint.
     *
     * @param name moment name
     * @param parent parent's name or null for a root
     * @param description description or null
     * @param creationTime seconds since the epoch
     * @param state the domain state name at creation ("running", "paused", "shutoff"), for snapshots
     * @param domain the domain definition captured
     * @param domainActive whether the domain ran when the moment was taken
     */
    record Moment(String name, String parent, String description, long creationTime, String state,
                  DomainDef domain, boolean domainActive) {
        Moment withParent(String p) {
            return new Moment(name, p, description, creationTime, state, domain, domainActive);
        }
    }

    private final Map<String, Moment> moments = new LinkedHashMap<>();
    private String current;

    int size() {
        return moments.size();
    }

    boolean isEmpty() {
        return moments.isEmpty();
    }

    Moment get(String name) {
        return moments.get(name);
    }

    List<Moment> all() {
        return List.copyOf(moments.values());
    }

    void put(Moment m) {
        moments.put(m.name(), m);
    }

    void remove(String name) {
        moments.remove(name);
        if (name.equals(current)) {
            current = null;
        }
    }

    String current() {
        return current;
    }

    void setCurrent(String name) {
        current = name;
    }

    List<Moment> children(String name) {
        List<Moment> out = new ArrayList<>();
        for (Moment m : moments.values()) {
            if (name.equals(m.parent())) {
                out.add(m);
            }
        }
        return out;
    }

    List<Moment> descendants(String name) {
        List<Moment> out = new ArrayList<>();
        for (Moment c : children(name)) {
            out.add(c);
            out.addAll(descendants(c.name()));
        }
        return out;
    }

    /**
     * The moments under {@code name} (the roots for null) in libvirt's topological order: depth first, parents
     * before children, and siblings newest first because virDomainMomentSetParent prepends a new child.
     */
    List<Moment> topological(String name) {
        List<Moment> out = new ArrayList<>();
        List<Moment> kids = new ArrayList<>();
        for (Moment m : moments.values()) {
            if (name == null ? m.parent() == null || !moments.containsKey(m.parent()) : name.equals(m.parent())) {
                kids.add(m);
            }
        }
        for (Moment c : kids.reversed()) {
            out.add(c);
            out.addAll(topological(c.name()));
        }
        return out;
    }

    void clear() {
        moments.clear();
        current = null;
    }
}
