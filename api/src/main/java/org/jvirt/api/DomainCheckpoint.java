package org.jvirt.api;

import java.util.List;
import org.jvirt.spi.Refs.CheckpointRef;

/** A domain checkpoint handle ({@code virDomainCheckpointPtr}). */
public final class DomainCheckpoint {
    private final Domain domain;
    private final CheckpointRef ref;

    DomainCheckpoint(Domain domain, CheckpointRef ref) {
        this.domain = domain;
        this.ref = ref;
    }

    public CheckpointRef ref() { return ref; }

    public String getName() { return ref.name(); }

    public Domain getDomain() { return domain; }

    private org.jvirt.spi.DomainCheckpoints ops() { return domain.getConnect().d().checkpoints(); }

    public String getXMLDesc(int flags) { return ops().checkpointGetXMLDesc(ref, flags); }

    public DomainCheckpoint getParent(int flags) {
        return new DomainCheckpoint(domain, ops().checkpointGetParent(ref, flags));
    }

    public List<DomainCheckpoint> listAllChildren(int flags) {
        return ops().listAllChildren(ref, flags).stream().map(c -> new DomainCheckpoint(domain, c)).toList();
    }

    public void delete(int flags) {
        domain.getConnect().checkWritable("virDomainCheckpointDelete");
        ops().checkpointDelete(ref, flags);
    }
}
