package org.jvirt.driver.test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.domain.DeviceKind;
import org.jvirt.model.domain.DomainDevice;
import org.jvirt.spi.DomainCheckpoints;
import org.jvirt.spi.Refs.CheckpointRef;
import org.jvirt.spi.Refs.DomainRef;

/** Domain checkpoints of the test driver: metadata only, on running domains without snapshots. */
final class TestCheckpoints implements DomainCheckpoints {
    static final int LIST_ROOTS = 1;
    static final int LIST_LEAVES = 4;
    static final int LIST_NO_LEAVES = 8;

    private final TestDriver driver;
    private final SnapshotXml xml;

    TestCheckpoints(TestDriver driver) {
        this.driver = driver;
        this.xml = driver.snapshotXml;
    }

    private TestSnapshotTree.Moment find(TestDomainObj obj, String name) {
        TestSnapshotTree.Moment m = obj.checkpoints.get(name);
        if (m == null) {
            throw Errors.of(ErrorNumber.NO_DOMAIN_CHECKPOINT, "no domain checkpoint with matching name '" + name
                    + "'");
        }
        return m;
    }

    @Override
    public CheckpointRef checkpointCreateXML(DomainRef dom, String text, int flags) {
        Errors.checkFlags(flags, 0x7, "testDomainCheckpointCreateXML");
        SnapshotXml.Request req = xml.parseCheckpoint(text);
        return driver.locked(() -> {
            TestDomainObj obj = driver.domain(dom);
            if (!obj.isActive()) {
                throw Errors.of(ErrorNumber.OPERATION_UNSUPPORTED, "cannot create checkpoint for inactive domain");
            }
            if (!obj.snapshots.isEmpty()) {
                throw Errors.of(ErrorNumber.OPERATION_UNSUPPORTED, "cannot create checkpoint while snapshot exists");
            }
            alignDisks(obj, req.disks());
            String name = req.name();
            obj.checkpoints.put(new TestSnapshotTree.Moment(name, obj.checkpoints.current(), req.description(),
                    req.creationTime(), null, obj.def, true));
            obj.checkpoints.setCurrent(name);
            return new CheckpointRef(obj.ref(), name);
        });
    }

    /** virDomainCheckpointAlignDisks: every disk the request names must be a disk target of the domain, once. */
    private static void alignDisks(TestDomainObj obj, List<String> disks) {
        Set<String> targets = new HashSet<>();
        for (DomainDevice d : obj.def.devices(DeviceKind.DISK)) {
            targets.add(d.targetDev());
        }
        if (disks.size() > obj.def.devices(DeviceKind.DISK).size()) {
            throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN_CHECKPOINT,
                    "too many disk checkpoint requests for domain");
        }
        Set<String> seen = new HashSet<>();
        for (String disk : disks) {
            if (!targets.contains(disk)) {
                throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN_CHECKPOINT,
                        "no disk named '" + disk + "'");
            }
            if (!seen.add(disk)) {
                throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN_CHECKPOINT,
                        "disk '" + disk + "' specified twice");
            }
        }
    }

    @Override
    public List<CheckpointRef> listAllCheckpoints(DomainRef dom, int flags) {
        Errors.checkFlags(flags, 0xF, "testDomainListAllCheckpoints");
        return driver.locked(() -> {
            TestDomainObj obj = driver.domain(dom);
            List<TestSnapshotTree.Moment> all = obj.checkpoints.all();
            if ((flags & LIST_ROOTS) != 0) {
                all = all.stream().filter(m -> m.parent() == null).toList();
            }
            return filter(obj, all, flags);
        });
    }

    private static List<CheckpointRef> filter(TestDomainObj obj, List<TestSnapshotTree.Moment> in, int flags) {
        List<CheckpointRef> out = new ArrayList<>();
        for (TestSnapshotTree.Moment m : in) {
            boolean leaf = obj.checkpoints.children(m.name()).isEmpty();
            if (TestNetworks.pair(flags, LIST_LEAVES, LIST_NO_LEAVES, leaf)) {
                out.add(new CheckpointRef(obj.ref(), m.name()));
            }
        }
        return out;
    }

    @Override
    public List<CheckpointRef> listAllChildren(CheckpointRef cp, int flags) {
        Errors.checkFlags(flags, 0xF, "testDomainCheckpointListAllChildren");
        return driver.locked(() -> {
            TestDomainObj obj = driver.domain(cp.domain());
            find(obj, cp.name());
            List<TestSnapshotTree.Moment> kids = (flags & 1) != 0 ? obj.checkpoints.descendants(cp.name())
                    : obj.checkpoints.children(cp.name());
            return filter(obj, kids, flags & ~1);
        });
    }

    @Override
    public CheckpointRef checkpointLookupByName(DomainRef dom, String name, int flags) {
        Errors.checkFlags(flags, 0, "testDomainCheckpointLookupByName");
        return driver.locked(() -> {
            TestDomainObj obj = driver.domain(dom);
            return new CheckpointRef(obj.ref(), find(obj, name).name());
        });
    }

    @Override
    public String checkpointGetXMLDesc(CheckpointRef cp, int flags) {
        Errors.checkFlags(flags, 0x7, "testDomainCheckpointGetXMLDesc");
        return driver.locked(() -> {
            TestDomainObj obj = driver.domain(cp.domain());
            return SnapshotXml.formatCheckpoint(find(obj, cp.name()), driver.domainXml, flags);
        });
    }

    @Override
    public CheckpointRef checkpointGetParent(CheckpointRef cp, int flags) {
        Errors.checkFlags(flags, 0, "testDomainCheckpointGetParent");
        return driver.locked(() -> {
            TestDomainObj obj = driver.domain(cp.domain());
            TestSnapshotTree.Moment m = find(obj, cp.name());
            if (m.parent() == null) {
                throw Errors.of(ErrorNumber.NO_DOMAIN_CHECKPOINT, "checkpoint '" + m.name()
                        + "' does not have a parent");
            }
            return new CheckpointRef(obj.ref(), m.parent());
        });
    }

    @Override
    public void checkpointDelete(CheckpointRef cp, int flags) {
        Errors.checkFlags(flags, 0x7, "testDomainCheckpointDelete");
        driver.lockedRun(() -> {
            TestDomainObj obj = driver.domain(cp.domain());
            TestSnapshots.delete(obj.checkpoints, find(obj, cp.name()), flags);
        });
    }
}
