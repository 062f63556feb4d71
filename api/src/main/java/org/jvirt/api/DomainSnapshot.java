package org.jvirt.api;

import java.util.List;
import org.jvirt.spi.Refs.SnapshotRef;

/** A domain snapshot handle ({@code virDomainSnapshotPtr}). */
public final class DomainSnapshot {
    private final Domain domain;
    private final SnapshotRef ref;

    DomainSnapshot(Domain domain, SnapshotRef ref) {
        this.domain = domain;
        this.ref = ref;
    }

    public SnapshotRef ref() { return ref; }

    public String getName() { return ref.name(); }

    public Domain getDomain() { return domain; }

    public Connect getConnect() { return domain.getConnect(); }

    private org.jvirt.spi.DomainSnapshots ops() { return domain.getConnect().d().snapshots(); }

    public String getXMLDesc(int flags) {
        if ((flags & Domain.XML_SECURE) != 0) {
            domain.getConnect().checkWritable("virDomainSnapshotGetXMLDesc");
        }
        return ops().snapshotGetXMLDesc(ref, flags);
    }

    public DomainSnapshot getParent(int flags) { return new DomainSnapshot(domain, ops().snapshotGetParent(ref, flags)); }

    public List<DomainSnapshot> listAllChildren(int flags) {
        return ops().listAllChildren(ref, flags).stream().map(s -> new DomainSnapshot(domain, s)).toList();
    }

    public int numChildren(int flags) { return listAllChildren(flags).size(); }

    public boolean isCurrent(int flags) { return ops().snapshotIsCurrent(ref, flags); }

    public boolean hasMetadata(int flags) { return ops().snapshotHasMetadata(ref, flags); }

    public void revert(int flags) {
        domain.getConnect().checkWritable("virDomainRevertToSnapshot");
        ops().revertToSnapshot(ref, flags);
    }

    public void delete(int flags) {
        domain.getConnect().checkWritable("virDomainSnapshotDelete");
        ops().snapshotDelete(ref, flags);
    }
}
