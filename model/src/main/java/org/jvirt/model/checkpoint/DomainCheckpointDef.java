package org.jvirt.model.checkpoint;

import java.util.List;

/**
 * A domain checkpoint ({@code <domaincheckpoint>}, libvirt's virDomainCheckpointDef). {@code domainXml} is the
 * embedded {@code <domain>} element kept as libvirt-formatted text (the seam to the domain model, as for
 * snapshots), null when absent.
 */
public record DomainCheckpointDef(String name, String description, String parentName, long creationTime,
                                  List<Disk> disks, String domainXml) {

    public DomainCheckpointDef {
        disks = List.copyOf(disks);
    }

    /**
     * {@code checkpoint} is "no" or "bitmap"; {@code bitmap} null until the driver names it; {@code size} is what
     * the driver reports for VIR_DOMAIN_CHECKPOINT_XML_SIZE.
     */
    public record Disk(String name, String checkpoint, String bitmap, long size) {}

    public DomainCheckpointDef withParent(String newParent) {
        return new DomainCheckpointDef(name, description, newParent, creationTime, disks, domainXml);
    }

    public DomainCheckpointDef withDisks(List<Disk> newDisks) {
        return new DomainCheckpointDef(name, description, parentName, creationTime, newDisks, domainXml);
    }

    public DomainCheckpointDef withDomainXml(String newDomainXml) {
        return new DomainCheckpointDef(name, description, parentName, creationTime, disks, newDomainXml);
    }
}
