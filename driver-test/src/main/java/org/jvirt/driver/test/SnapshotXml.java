package org.jvirt.driver.test;

import java.util.ArrayList;
import java.util.List;
import org.jvirt.model.checkpoint.DomainCheckpointDef;
import org.jvirt.model.checkpoint.DomainCheckpointFormatter;
import org.jvirt.model.checkpoint.DomainCheckpointParser;
import org.jvirt.model.domain.DeviceKind;
import org.jvirt.model.domain.DomainDevice;
import org.jvirt.model.snapshot.DomainSnapshotDef;
import org.jvirt.model.snapshot.DomainSnapshotFormatter;
import org.jvirt.model.snapshot.DomainSnapshotParser;

/**
 * The seam between the test driver's moments and the snapshot and checkpoint models: parsing a create request and
 * building the model's definition from a stored moment for formatting.
 */
final class SnapshotXml {
    private final DomainSnapshotParser snapshotParser = new DomainSnapshotParser();
    private final DomainCheckpointParser checkpointParser = new DomainCheckpointParser();

    /**
     * What a create request asks for: name (or the creation time), description, creation time; for a redefined
     * snapshot also the parent and domain state the XML names (null otherwise); the disk names it lists.
     */
    record Request(String name, String description, long creationTime, boolean manualDisk, String parent,
                   String state, List<String> disks) {}

    Request parseSnapshot(String text, boolean redefine) {
        int flags = DomainSnapshotParser.PARSE_DISKS | (redefine ? DomainSnapshotParser.PARSE_REDEFINE : 0);
        DomainSnapshotDef def = snapshotParser.parse(text, flags);
        boolean manual = def.disks().stream().anyMatch(d -> "manual".equals(d.snapshot()));
        return new Request(def.name(), def.description(), def.creationTime(), manual, def.parentName(),
                def.state(), def.disks().stream().map(DomainSnapshotDef.SnapshotDisk::name).toList());
    }

    Request parseCheckpoint(String text) {
        DomainCheckpointDef def = checkpointParser.parse(text, 0);
        return new Request(def.name(), def.description(), def.creationTime(), false, null, null,
                def.disks().stream().map(DomainCheckpointDef.Disk::name).toList());
    }

    static String stateName(int state) {
        return switch (state) {
            case DomainStates.RUNNING -> "running";
            case DomainStates.BLOCKED -> "blocked";
            case DomainStates.PAUSED -> "paused";
            case DomainStates.SHUTDOWN -> "shutdown";
            case DomainStates.SHUTOFF -> "shutoff";
            case DomainStates.CRASHED -> "crashed";
            case DomainStates.PMSUSPENDED -> "pmsuspended";
            default -> "nostate";
        };
    }

    /** A snapshot of the test driver: internal memory when the domain ran, every disk internal. */
    static String formatSnapshot(TestSnapshotTree.Moment m, DomainXml domainXml, int flags) {
        List<DomainSnapshotDef.SnapshotDisk> disks = new ArrayList<>();
        for (DomainDevice d : m.domain().devices(DeviceKind.DISK)) {
            disks.add(new DomainSnapshotDef.SnapshotDisk(d.targetDev(), "internal", null, null, -1, null));
        }
        DomainSnapshotDef def = new DomainSnapshotDef(m.name(), m.description(), m.state(), m.parent(),
                m.creationTime(), m.domainActive() ? "internal" : "no", null, disks,
                domainXml.format(m.domain(), 2 | (flags & 1), -1), null, null);
        return new DomainSnapshotFormatter().format(def, m.domain().uuid().toString(), 0);
    }

    /** A checkpoint of the test driver: a bitmap named after the checkpoint on every disk; sizes are not known. */
    static String formatCheckpoint(TestSnapshotTree.Moment m, DomainXml domainXml, int flags) {
        List<DomainCheckpointDef.Disk> disks = new ArrayList<>();
        for (DomainDevice d : m.domain().devices(DeviceKind.DISK)) {
            disks.add(new DomainCheckpointDef.Disk(d.targetDev(), "bitmap", m.name(), 0));
        }
        DomainCheckpointDef def = new DomainCheckpointDef(m.name(), m.description(), m.parent(), m.creationTime(),
                disks, domainXml.format(m.domain(), 2 | (flags & 1), -1));
        return new DomainCheckpointFormatter().format(def, flags & DomainCheckpointFormatter.FORMAT_NO_DOMAIN);
    }
}
