package org.jvirt.spi;

import java.util.List;
import org.jvirt.spi.Refs.DomainRef;
import org.jvirt.spi.Refs.SnapshotRef;

/** Domain snapshots: {@code virDomainSnapshot*}. */
public interface DomainSnapshots {
    default SnapshotRef snapshotCreateXML(DomainRef dom, String xml, int flags) {
        throw Unsupported.of("virDomainSnapshotCreateXML");
    }

    /** {@code virDomainListAllSnapshots}: flags VIR_DOMAIN_SNAPSHOT_LIST_*. */
    default List<SnapshotRef> listAllSnapshots(DomainRef dom, int flags) {
        throw Unsupported.of("virDomainListAllSnapshots");
    }

    default List<SnapshotRef> listAllChildren(SnapshotRef snap, int flags) {
        throw Unsupported.of("virDomainSnapshotListAllChildren");
    }

    default SnapshotRef snapshotLookupByName(DomainRef dom, String name, int flags) {
        throw Unsupported.of("virDomainSnapshotLookupByName");
    }

    default boolean hasCurrentSnapshot(DomainRef dom, int flags) {
        throw Unsupported.of("virDomainHasCurrentSnapshot");
    }

    default SnapshotRef snapshotCurrent(DomainRef dom, int flags) {
        throw Unsupported.of("virDomainSnapshotCurrent");
    }

    default String snapshotGetXMLDesc(SnapshotRef snap, int flags) {
        throw Unsupported.of("virDomainSnapshotGetXMLDesc");
    }

    default SnapshotRef snapshotGetParent(SnapshotRef snap, int flags) {
        throw Unsupported.of("virDomainSnapshotGetParent");
    }

    default boolean snapshotIsCurrent(SnapshotRef snap, int flags) {
        throw Unsupported.of("virDomainSnapshotIsCurrent");
    }

    default boolean snapshotHasMetadata(SnapshotRef snap, int flags) {
        throw Unsupported.of("virDomainSnapshotHasMetadata");
    }

    default void revertToSnapshot(SnapshotRef snap, int flags) {
        throw Unsupported.of("virDomainRevertToSnapshot");
    }

    default void snapshotDelete(SnapshotRef snap, int flags) { throw Unsupported.of("virDomainSnapshotDelete"); }
}
