package org.jvirt.spi;

import java.util.List;
import org.jvirt.spi.Refs.CheckpointRef;
import org.jvirt.spi.Refs.DomainRef;

/** Domain checkpoints and backups: {@code virDomainCheckpoint*}, {@code virDomainBackup*}. */
public interface DomainCheckpoints {
    default CheckpointRef checkpointCreateXML(DomainRef dom, String xml, int flags) {
        throw Unsupported.of("virDomainCheckpointCreateXML");
    }

    default List<CheckpointRef> listAllCheckpoints(DomainRef dom, int flags) {
        throw Unsupported.of("virDomainListAllCheckpoints");
    }

    default List<CheckpointRef> listAllChildren(CheckpointRef cp, int flags) {
        throw Unsupported.of("virDomainCheckpointListAllChildren");
    }

    default CheckpointRef checkpointLookupByName(DomainRef dom, String name, int flags) {
        throw Unsupported.of("virDomainCheckpointLookupByName");
    }

    default String checkpointGetXMLDesc(CheckpointRef cp, int flags) {
        throw Unsupported.of("virDomainCheckpointGetXMLDesc");
    }

    default CheckpointRef checkpointGetParent(CheckpointRef cp, int flags) {
        throw Unsupported.of("virDomainCheckpointGetParent");
    }

    default void checkpointDelete(CheckpointRef cp, int flags) {
        throw Unsupported.of("virDomainCheckpointDelete");
    }

    default void backupBegin(DomainRef dom, String backupXml, String checkpointXml, int flags) {
        throw Unsupported.of("virDomainBackupBegin");
    }

    default String backupGetXMLDesc(DomainRef dom, int flags) {
        throw Unsupported.of("virDomainBackupGetXMLDesc");
    }
}
