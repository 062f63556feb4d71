package org.jvirt.remote.client;

import static org.jvirt.rpc.protocol.remote.RemoteProcedures.*;

import java.util.ArrayList;
import java.util.List;
import org.jvirt.api.Records;
import org.jvirt.core.param.TypedParams;
import org.jvirt.remote.Wire;
import org.jvirt.rpc.protocol.remote.*;
import org.jvirt.spi.DomainBlockJobs;
import org.jvirt.spi.DomainCheckpoints;
import org.jvirt.spi.DomainSnapshots;
import org.jvirt.spi.DomainStats;
import org.jvirt.spi.Refs.CheckpointRef;
import org.jvirt.spi.Refs.DomainRef;
import org.jvirt.spi.Refs.SnapshotRef;

/** The remote driver's domain data facets: statistics, block jobs, snapshots and checkpoints. */
final class RemoteDomainData {
    private final RemoteConnection c;
    final DomainStats stats = new Stats();
    final DomainBlockJobs blockJobs = new BlockJobs();
    final DomainSnapshots snapshots = new Snapshots();
    final DomainCheckpoints checkpoints = new Checkpoints();

    RemoteDomainData(RemoteConnection c) {
        this.c = c;
    }

    private static NonnullDomain w(DomainRef d) { return Wire.dom(d); }

    private final class Stats implements DomainStats {
        @Override public Records.DomainBlockStats blockStats(DomainRef dom, String disk) {
            DomainBlockStatsRet r = c.call(DOMAIN_BLOCK_STATS, new DomainBlockStatsArgs(w(dom), disk));
            return new Records.DomainBlockStats(r.rdReq(), r.rdBytes(), r.wrReq(), r.wrBytes(), r.errs());
        }

        @Override public TypedParams blockStatsFlags(DomainRef dom, String disk, int flags) {
            int n = c.call(DOMAIN_BLOCK_STATS_FLAGS, new DomainBlockStatsFlagsArgs(w(dom), disk, 0, flags)).nparams();
            return Wire.params(c.call(DOMAIN_BLOCK_STATS_FLAGS, new DomainBlockStatsFlagsArgs(w(dom), disk, n,
                    flags)).params());
        }

        @Override public Records.DomainInterfaceStats interfaceStats(DomainRef dom, String device) {
            DomainInterfaceStatsRet r = c.call(DOMAIN_INTERFACE_STATS, new DomainInterfaceStatsArgs(w(dom), device));
            return new Records.DomainInterfaceStats(r.rxBytes(), r.rxPackets(), r.rxErrs(), r.rxDrop(),
                    r.txBytes(), r.txPackets(), r.txErrs(), r.txDrop());
        }

        @Override public List<Records.DomainMemoryStat> memoryStats(DomainRef dom, int nrStats, int flags) {
            return c.call(DOMAIN_MEMORY_STATS, new DomainMemoryStatsArgs(w(dom), nrStats, flags)).stats().stream()
                    .map(s -> new Records.DomainMemoryStat(s.tag(), s.val())).toList();
        }

        @Override public Records.DomainBlockInfo getBlockInfo(DomainRef dom, String disk, int flags) {
            DomainGetBlockInfoRet r = c.call(DOMAIN_GET_BLOCK_INFO, new DomainGetBlockInfoArgs(w(dom), disk, flags));
            return new Records.DomainBlockInfo(r.capacity(), r.allocation(), r.physical());
        }

        @Override public byte[] blockPeek(DomainRef dom, String disk, long offset, int size, int flags) {
            return c.call(DOMAIN_BLOCK_PEEK, new DomainBlockPeekArgs(w(dom), disk, offset, size, flags)).buffer();
        }

        @Override public byte[] memoryPeek(DomainRef dom, long start, int size, int flags) {
            return c.call(DOMAIN_MEMORY_PEEK, new DomainMemoryPeekArgs(w(dom), start, size, flags)).buffer();
        }

        /** Asks for the per-CPU count first, then cuts the flat reply into one TypedParams per CPU. */
        @Override public List<TypedParams> getCPUStats(DomainRef dom, int startCpu, int ncpus, int flags) {
            int n = c.call(DOMAIN_GET_CPU_STATS, new DomainGetCpuStatsArgs(w(dom), 0, startCpu, ncpus, flags))
                    .nparams();
            DomainGetCpuStatsRet r = c.call(DOMAIN_GET_CPU_STATS, new DomainGetCpuStatsArgs(w(dom), n, startCpu,
                    ncpus, flags));
            List<TypedParams> out = new ArrayList<>();
            for (int i = 0; n > 0 && i < r.params().size(); i += n) {
                out.add(Wire.params(r.params().subList(i, Math.min(i + n, r.params().size()))));
            }
            return out;
        }

        @Override public List<Records.DomainDiskError> getDiskErrors(DomainRef dom, int flags) {
            int n = c.call(DOMAIN_GET_DISK_ERRORS, new DomainGetDiskErrorsArgs(w(dom), 0, flags)).nerrors();
            return c.call(DOMAIN_GET_DISK_ERRORS, new DomainGetDiskErrorsArgs(w(dom), n, flags)).errors().stream()
                    .map(e -> new Records.DomainDiskError(e.disk(), e.error())).toList();
        }

        @Override public List<StatsRecord> getAllDomainStats(List<DomainRef> doms, int stats, int flags) {
            List<NonnullDomain> wire = doms == null ? List.of() : doms.stream().map(RemoteDomainData::w).toList();
            return c.call(CONNECT_GET_ALL_DOMAIN_STATS, new ConnectGetAllDomainStatsArgs(wire, stats, flags))
                    .retStats().stream().map(s -> new StatsRecord(Wire.dom(s.dom()), Wire.params(s.params())))
                    .toList();
        }

        @Override public void setBlockThreshold(DomainRef dom, String dev, long threshold, int flags) {
            c.call(DOMAIN_SET_BLOCK_THRESHOLD, new DomainSetBlockThresholdArgs(w(dom), dev, threshold, flags));
        }
    }

    private final class BlockJobs implements DomainBlockJobs {
        @Override public void blockJobAbort(DomainRef dom, String disk, int flags) {
            c.call(DOMAIN_BLOCK_JOB_ABORT, new DomainBlockJobAbortArgs(w(dom), disk, flags));
        }

        @Override public BlockJobInfo getBlockJobInfo(DomainRef dom, String disk, int flags) {
            DomainGetBlockJobInfoRet r = c.call(DOMAIN_GET_BLOCK_JOB_INFO, new DomainGetBlockJobInfoArgs(w(dom),
                    disk, flags));
            return r.found() == 0 ? null : new BlockJobInfo(r.type(), r.bandwidth(), r.cur(), r.end());
        }

        @Override public void blockJobSetSpeed(DomainRef dom, String disk, long bandwidth, int flags) {
            c.call(DOMAIN_BLOCK_JOB_SET_SPEED, new DomainBlockJobSetSpeedArgs(w(dom), disk, bandwidth, flags));
        }

        @Override public void blockPull(DomainRef dom, String disk, long bandwidth, int flags) {
            c.call(DOMAIN_BLOCK_PULL, new DomainBlockPullArgs(w(dom), disk, bandwidth, flags));
        }

        @Override public void blockRebase(DomainRef dom, String disk, String base, long bandwidth, int flags) {
            c.call(DOMAIN_BLOCK_REBASE, new DomainBlockRebaseArgs(w(dom), disk, base, bandwidth, flags));
        }

        @Override public void blockCopy(DomainRef dom, String disk, String destxml, TypedParams params, int flags) {
            c.call(DOMAIN_BLOCK_COPY, new DomainBlockCopyArgs(w(dom), disk, destxml, Wire.params(params), flags));
        }

        @Override public void blockCommit(DomainRef dom, String disk, String base, String top, long bandwidth,
                                          int flags) {
            c.call(DOMAIN_BLOCK_COMMIT, new DomainBlockCommitArgs(w(dom), disk, base, top, bandwidth, flags));
        }

        @Override public void blockResize(DomainRef dom, String disk, long size, int flags) {
            c.call(DOMAIN_BLOCK_RESIZE, new DomainBlockResizeArgs(w(dom), disk, size, flags));
        }
    }

    private final class Snapshots implements DomainSnapshots {
        @Override public SnapshotRef snapshotCreateXML(DomainRef dom, String xml, int flags) {
            return Wire.snap(c.call(DOMAIN_SNAPSHOT_CREATE_XML, new DomainSnapshotCreateXmlArgs(w(dom), xml, flags))
                    .snap());
        }

        @Override public List<SnapshotRef> listAllSnapshots(DomainRef dom, int flags) {
            return c.call(DOMAIN_LIST_ALL_SNAPSHOTS, new DomainListAllSnapshotsArgs(w(dom), 1, flags)).snapshots()
                    .stream().map(Wire::snap).toList();
        }

        @Override public List<SnapshotRef> listAllChildren(SnapshotRef snap, int flags) {
            return c.call(DOMAIN_SNAPSHOT_LIST_ALL_CHILDREN, new DomainSnapshotListAllChildrenArgs(Wire.snap(snap),
                    1, flags)).snapshots().stream().map(Wire::snap).toList();
        }

        @Override public SnapshotRef snapshotLookupByName(DomainRef dom, String name, int flags) {
            return Wire.snap(c.call(DOMAIN_SNAPSHOT_LOOKUP_BY_NAME, new DomainSnapshotLookupByNameArgs(w(dom), name,
                    flags)).snap());
        }

        @Override public boolean hasCurrentSnapshot(DomainRef dom, int flags) {
            return c.call(DOMAIN_HAS_CURRENT_SNAPSHOT, new DomainHasCurrentSnapshotArgs(w(dom), flags)).result() != 0;
        }

        @Override public SnapshotRef snapshotCurrent(DomainRef dom, int flags) {
            return Wire.snap(c.call(DOMAIN_SNAPSHOT_CURRENT, new DomainSnapshotCurrentArgs(w(dom), flags)).snap());
        }

        @Override public String snapshotGetXMLDesc(SnapshotRef snap, int flags) {
            return c.call(DOMAIN_SNAPSHOT_GET_XML_DESC, new DomainSnapshotGetXmlDescArgs(Wire.snap(snap), flags))
                    .xml();
        }

        @Override public SnapshotRef snapshotGetParent(SnapshotRef snap, int flags) {
            return Wire.snap(c.call(DOMAIN_SNAPSHOT_GET_PARENT, new DomainSnapshotGetParentArgs(Wire.snap(snap),
                    flags)).snap());
        }

        @Override public boolean snapshotIsCurrent(SnapshotRef snap, int flags) {
            return c.call(DOMAIN_SNAPSHOT_IS_CURRENT, new DomainSnapshotIsCurrentArgs(Wire.snap(snap), flags))
                    .current() != 0;
        }

        @Override public boolean snapshotHasMetadata(SnapshotRef snap, int flags) {
            return c.call(DOMAIN_SNAPSHOT_HAS_METADATA, new DomainSnapshotHasMetadataArgs(Wire.snap(snap), flags))
                    .metadata() != 0;
        }

        @Override public void revertToSnapshot(SnapshotRef snap, int flags) {
            c.call(DOMAIN_REVERT_TO_SNAPSHOT, new DomainRevertToSnapshotArgs(Wire.snap(snap), flags));
        }

        @Override public void snapshotDelete(SnapshotRef snap, int flags) {
            c.call(DOMAIN_SNAPSHOT_DELETE, new DomainSnapshotDeleteArgs(Wire.snap(snap), flags));
        }
    }

    private final class Checkpoints implements DomainCheckpoints {
        @Override public CheckpointRef checkpointCreateXML(DomainRef dom, String xml, int flags) {
            return Wire.checkpoint(c.call(DOMAIN_CHECKPOINT_CREATE_XML, new DomainCheckpointCreateXmlArgs(w(dom),
                    xml, flags)).checkpoint());
        }

        @Override public List<CheckpointRef> listAllCheckpoints(DomainRef dom, int flags) {
            return c.call(DOMAIN_LIST_ALL_CHECKPOINTS, new DomainListAllCheckpointsArgs(w(dom), 1, flags))
                    .checkpoints().stream().map(Wire::checkpoint).toList();
        }

        @Override public List<CheckpointRef> listAllChildren(CheckpointRef cp, int flags) {
            return c.call(DOMAIN_CHECKPOINT_LIST_ALL_CHILDREN, new DomainCheckpointListAllChildrenArgs(
                    Wire.checkpoint(cp), 1, flags)).checkpoints().stream().map(Wire::checkpoint).toList();
        }

        @Override public CheckpointRef checkpointLookupByName(DomainRef dom, String name, int flags) {
            return Wire.checkpoint(c.call(DOMAIN_CHECKPOINT_LOOKUP_BY_NAME, new DomainCheckpointLookupByNameArgs(
                    w(dom), name, flags)).checkpoint());
        }

        @Override public String checkpointGetXMLDesc(CheckpointRef cp, int flags) {
            return c.call(DOMAIN_CHECKPOINT_GET_XML_DESC, new DomainCheckpointGetXmlDescArgs(Wire.checkpoint(cp),
                    flags)).xml();
        }

        @Override public CheckpointRef checkpointGetParent(CheckpointRef cp, int flags) {
            return Wire.checkpoint(c.call(DOMAIN_CHECKPOINT_GET_PARENT, new DomainCheckpointGetParentArgs(
                    Wire.checkpoint(cp), flags)).parent());
        }

        @Override public void checkpointDelete(CheckpointRef cp, int flags) {
            c.call(DOMAIN_CHECKPOINT_DELETE, new DomainCheckpointDeleteArgs(Wire.checkpoint(cp), flags));
        }

        @Override public void backupBegin(DomainRef dom, String backupXml, String checkpointXml, int flags) {
            c.call(DOMAIN_BACKUP_BEGIN, new DomainBackupBeginArgs(w(dom), backupXml, checkpointXml, flags));
        }

        @Override public String backupGetXMLDesc(DomainRef dom, int flags) {
            return c.call(DOMAIN_BACKUP_GET_XML_DESC, new DomainBackupGetXmlDescArgs(w(dom), flags)).xml();
        }
    }
}
