package org.jvirt.model.snapshot;

import java.util.List;

/**
 * A domain snapshot ({@code <domainsnapshot>}, libvirt's virDomainSnapshotDef).
 *
 * <p>{@code state} is null for a new snapshot (the driver sets it, e.g. "running" or "shutoff");
 * {@code memory} is null, "no", "internal", "external" or "manual". The embedded domain is kept as libvirt-formatted
 * text: {@code domainXml} is the whole {@code <domain ...>...</domain>} element (null when absent) and
 * {@code inactiveDomainXml} the {@code <inactiveDomain>} element. That is the seam to the domain model: a driver may
 * put there the output of the domain formatter (with the root renamed), and may later parse it with the domain
 * parser. Without a full domain the formatter prints {@code <domain><uuid>} with the UUID its caller passes.
 * {@code cookie} is the hypervisor's save cookie, kept as text.
 */
public record DomainSnapshotDef(String name, String description, String state, String parentName,
                                long creationTime, String memory, String memoryFile, List<SnapshotDisk> disks,
                                String domainXml, String inactiveDomainXml, String cookie) {

    public DomainSnapshotDef {
        disks = List.copyOf(disks);
    }

    /**
     * One {@code <disk>} of {@code <disks>}: {@code snapshot} null/"no"/"internal"/"external"/"manual"; {@code type}
     * the storage type (file, block, network, ...); {@code driverType} the image format, null when absent;
     * {@code metadataCacheMaxSize} -1 when absent; {@code sourceXml} the {@code <source>} element as libvirt prints
     * it (the domain model's disk source, kept as text), null when the disk has no source.
     */
    public record SnapshotDisk(String name, String snapshot, String type, String driverType,
                               long metadataCacheMaxSize, String sourceXml) {}

    public DomainSnapshotDef withName(String newName) {
        return new DomainSnapshotDef(newName, description, state, parentName, creationTime, memory, memoryFile, disks,
                domainXml, inactiveDomainXml, cookie);
    }

    /** What a driver fills at creation: state, parent, creation time, memory mode and the domain's XML. */
    public DomainSnapshotDef withRuntime(String newState, String newParent, long newCreationTime, String newMemory,
                                         String newDomainXml, String newInactiveDomainXml) {
        return new DomainSnapshotDef(name, description, newState, newParent, newCreationTime, newMemory, memoryFile,
                disks, newDomainXml, newInactiveDomainXml, cookie);
    }

    public DomainSnapshotDef withDisks(List<SnapshotDisk> newDisks) {
        return new DomainSnapshotDef(name, description, state, parentName, creationTime, memory, memoryFile, newDisks,
                domainXml, inactiveDomainXml, cookie);
    }

    public DomainSnapshotDef withDescription(String newDescription) {
        return new DomainSnapshotDef(name, newDescription, state, parentName, creationTime, memory, memoryFile, disks,
                domainXml, inactiveDomainXml, cookie);
    }
}
