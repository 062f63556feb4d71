package org.jvirt.qemu.driver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jvirt.api.event.DomainEvent;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.param.TypedParam;
import org.jvirt.core.param.TypedParams;
import org.jvirt.host.Command;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDevice;
import org.jvirt.model.domain.XmlElem;
import org.jvirt.model.xml.XmlNode;
import org.jvirt.model.xml.XmlParser;
import org.jvirt.qemu.driver.QemuDiskChain.Layer;
import org.jvirt.qemu.monitor.Json;
import org.jvirt.qemu.monitor.QmpConnection;
import org.jvirt.qemu.monitor.QmpEvent;
import org.jvirt.spi.DomainBlockJobs;
import org.jvirt.spi.Refs.DomainRef;

/**
 * Block jobs in -blockdev mode (qemu_blockjob.c, qemu_driver.c's block job entry points): block-commit,
 * block-stream and blockdev-mirror with job ids named as libvirt names them ({@code commit-vda-libvirt-1-format}),
 * {@code auto-dismiss: false} so the outcome is read from query-jobs at JOB_STATUS_CHANGE "concluded" before
 * job-dismiss. A finished job rewrites the disk's {@code <source>}/{@code <backingStore>} chain from QEMU's view
 * and emits BLOCK_JOB (by path) and BLOCK_JOB_2 (by target).
 */
final class QemuBlockJobs implements DomainBlockJobs {
    static final int TYPE_PULL = 1;
    static final int TYPE_COPY = 2;
    static final int TYPE_COMMIT = 3;
    static final int TYPE_ACTIVE_COMMIT = 4;
    static final int COMPLETED = 0;
    static final int FAILED = 1;
    static final int CANCELED = 2;
    static final int READY = 3;

    static final int ABORT_ASYNC = 1;
    static final int ABORT_PIVOT = 2;
    static final int INFO_BANDWIDTH_BYTES = 1;
    static final int SPEED_BANDWIDTH_BYTES = 1;
    static final int PULL_BANDWIDTH_BYTES = 64;
    static final int REBASE_SHALLOW = 1;
    static final int REBASE_REUSE_EXT = 2;
    static final int REBASE_COPY_RAW = 4;
    static final int REBASE_COPY = 8;
    static final int REBASE_BANDWIDTH_BYTES = 64;
    static final int COPY_SHALLOW = 1;
    static final int COPY_REUSE_EXT = 2;
    static final int COPY_TRANSIENT_JOB = 4;
    static final int COPY_SYNCHRONOUS_WRITES = 8;
    static final int COMMIT_SHALLOW = 1;
    static final int COMMIT_DELETE = 2;
    static final int COMMIT_ACTIVE = 4;
    static final int COMMIT_BANDWIDTH_BYTES = 16;
    static final int RESIZE_BYTES = 1;

    private static final System.Logger LOG = System.getLogger(QemuBlockJobs.class.getName());

    /** libvirt's qemuBlockJobData: one job on one disk, from start until its concluded state is processed. */
    static final class Job {
        final String name;
        final String disk;
        final int type;
        final QmpConnection mon;
        /** The chain when the job started, top first. */
        final List<Layer> before;
        /** The copy's destination format node (blockdev-mirror target), else null. */
        final String mirrorNode;
        final boolean deleteCommitted;
        /** RUNNING, READY, then ABORTING or PIVOTING when asked. */
        volatile String state = "running";
        final CompletableFuture<Integer> done = new CompletableFuture<>();

        Job(String name, String disk, int type, QmpConnection mon, List<Layer> before, String mirrorNode,
            boolean deleteCommitted) {
            this.name = name;
            this.disk = disk;
            this.type = type;
            this.mon = mon;
            this.before = before;
            this.mirrorNode = mirrorNode;
            this.deleteCommitted = deleteCommitted;
        }
    }

    private final QemuDriver driver;

    QemuBlockJobs(QemuDriver driver) {
        this.driver = driver;
    }

    // ---- common steps ----

    private record Target(QemuDomainObj obj, QmpConnection mon, DomainDevice disk, String dst, DomainDef live) {}

    /** Under the domain's job: the running domain's monitor and the disk (by target or path) of its live XML. */
    private static Target target(QemuDomainObj obj, String disk) {
        QmpConnection mon = QemuLifecycle.monitor(obj);
        DomainDef live;
        synchronized (obj) {
            live = obj.live;
        }
        DomainDevice d = QemuDiskChain.disk(live, disk);
        return new Target(obj, mon, d, d.targetDev(), live);
    }

    /** The disk's job, if it runs on the current QEMU (a job of a QEMU that has gone is forgotten). */
    private static Job jobOf(QemuDomainObj obj, String dst, QmpConnection mon) {
        Job j = obj.blockJobs.get(dst);
        if (j != null && j.mon != mon) {
            obj.blockJobs.remove(dst, j);
            return null;
        }
        return j;
    }

    private static Job requireJob(Target t) {
        Job j = jobOf(t.obj(), t.dst(), t.mon());
        if (j == null) {
            throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU, "disk " + t.dst()
                    + " does not have an active block job");
        }
        return j;
    }

    /** MiB/s to bytes/s unless the caller gave bytes, refusing what does not fit as libvirt does. */
    static long speed(long bandwidth, boolean bytes) {
        if (bytes) {
            if (bandwidth < 0) {
                throw VirException.of(ErrorNumber.OVERFLOW, ErrorDomain.QEMU, "bandwidth must be less than "
                        + Long.MAX_VALUE + " bytes");
            }
            return bandwidth;
        }
        if (bandwidth < 0 || bandwidth > (Long.MAX_VALUE >> 20)) {
            throw VirException.of(ErrorNumber.OVERFLOW, ErrorDomain.QEMU, "bandwidth must be less than "
                    + (Long.MAX_VALUE >> 20));
        }
        return bandwidth << 20;
    }

    /** Registers the job first (its events may come before the command returns), then starts it in QEMU. */
    private void start(Target t, Job job, String command, Json.Obj args) {
        if (jobOf(t.obj(), t.dst(), t.mon()) != null || t.obj().blockJobs.putIfAbsent(t.dst(), job) != null) {
            throw QemuErrors.operationInvalid("disk '" + t.dst() + "' already in active block job");
        }
        try {
            QemuDiskChain.qmp(t.mon(), command, args);
        } catch (RuntimeException e) {
            t.obj().blockJobs.remove(t.dst(), job);
            throw e;
        }
        driver.process.writeStatusQuietly(t.obj()); // a restarted daemon must be able to finish it
    }

    /**
     * libvirt's job names ({@code commit-vda-libvirt-1-format}); a layer QEMU opened itself has an automatic node name
     * ({@code #block123}), whose '#' a job id may not contain.
     */
    private static String jobName(String kind, Target t, Layer layer) {
        Integer index = QemuDiskChain.indexes(t.live()).get(layer.file());
        return kind + "-" + t.dst() + "-" + (index != null ? "libvirt-" + index + "-format"
                : layer.node().replace("#", ""));
    }

    private static int indexOf(List<Layer> chain, String file, int from) {
        for (int i = from; i < chain.size(); i++) {
            if (chain.get(i).file().equals(file)) {
                return i;
            }
        }
        return -1;
    }

    private static Json.Obj args(Object... kv) {
        java.util.Map<String, Json> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] != null) {
                m.putAll(Json.object(kv[i], kv[i + 1]).members());
            }
        }
        return new Json.Obj(m);
    }

    // ---- commit, pull ----

    @Override
    public void blockCommit(DomainRef dom, String disk, String base, String top, long bandwidth, int flags) {
        QemuErrors.checkFlags(flags, COMMIT_SHALLOW | COMMIT_DELETE | COMMIT_ACTIVE | COMMIT_BANDWIDTH_BYTES,
                "qemuDomainBlockCommit");
        long speed = speed(bandwidth, (flags & COMMIT_BANDWIDTH_BYTES) != 0);
        QemuDomainObj obj = driver.find(dom);
        obj.beginJob();
        try {
            Target t = target(obj, disk);
            List<Layer> chain = QemuDiskChain.query(t.mon(), t.disk().alias());
            top = QemuDiskChain.resolveIndex(t.disk().xml(), t.dst(), top);
            base = QemuDiskChain.resolveIndex(t.disk().xml(), t.dst(), base);
            int topIdx = top == null || top.equals(t.dst()) ? 0 : indexOf(chain, top, 0);
            if (topIdx < 0) {
                throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU, "could not find image '" + top
                        + "' in chain for '" + chain.getFirst().file() + "'");
            }
            Layer topLayer = chain.get(topIdx);
            if (topIdx == chain.size() - 1) {
                throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU, "top '" + topLayer.file()
                        + "' in chain for '" + chain.getFirst().file() + "' has no backing file");
            }
            int baseIdx = base == null ? ((flags & COMMIT_SHALLOW) != 0 ? topIdx + 1 : chain.size() - 1)
                    : indexOf(chain, base, topIdx + 1);
            if (baseIdx < 0 || (flags & COMMIT_SHALLOW) != 0 && baseIdx != topIdx + 1) {
                throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU, "could not find image '" + base
                        + "' beneath '" + topLayer.file() + "' in chain for '" + chain.getFirst().file() + "'");
            }
            boolean active = topIdx == 0;
            if (active && (flags & COMMIT_ACTIVE) == 0) {
                throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU, "commit of '" + t.dst()
                        + "' active layer requires active flag");
            }
            if (!active && (flags & COMMIT_ACTIVE) != 0) {
                throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU, "active commit requested but '"
                        + topLayer.file() + "' is not active");
            }
            String name = jobName("commit", t, topLayer);
            Job job = new Job(name, t.dst(), active ? TYPE_ACTIVE_COMMIT : TYPE_COMMIT, t.mon(), chain, null,
                    (flags & COMMIT_DELETE) != 0);
            start(t, job, "block-commit", args("job-id", name, "device", chain.getFirst().node(),
                    "top-node", topLayer.node(), "base-node", chain.get(baseIdx).node(),
                    "speed", speed > 0 ? speed : null, "auto-finalize", true, "auto-dismiss", false));
        } finally {
            obj.endJob();
        }
    }

    @Override
    public void blockPull(DomainRef dom, String disk, long bandwidth, int flags) {
        QemuErrors.checkFlags(flags, PULL_BANDWIDTH_BYTES, "qemuDomainBlockPull");
        pull(dom, disk, null, bandwidth, (flags & PULL_BANDWIDTH_BYTES) != 0);
    }

    @Override
    public void blockRebase(DomainRef dom, String disk, String base, long bandwidth, int flags) {
        QemuErrors.checkFlags(flags, REBASE_SHALLOW | REBASE_REUSE_EXT | REBASE_COPY_RAW | REBASE_COPY
                | REBASE_BANDWIDTH_BYTES, "qemuDomainBlockRebase");
        boolean bytes = (flags & REBASE_BANDWIDTH_BYTES) != 0;
        if ((flags & REBASE_COPY) != 0) {
            // a copy through the old entry point: base names the destination file
            copy(dom, disk, base, (flags & REBASE_COPY_RAW) != 0 ? "raw" : null, speed(bandwidth, bytes),
                    (flags & REBASE_SHALLOW) != 0, (flags & REBASE_REUSE_EXT) != 0, false, false, 0, 0);
            return;
        }
        if ((flags & (REBASE_SHALLOW | REBASE_REUSE_EXT | REBASE_COPY_RAW)) != 0) {
            throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU, "flags 0x" + Integer.toHexString(flags
                    & (REBASE_SHALLOW | REBASE_REUSE_EXT | REBASE_COPY_RAW)) + " require VIR_DOMAIN_BLOCK_REBASE_COPY");
        }
        pull(dom, disk, base, bandwidth, bytes);
    }

    /** block-stream: the layers above base (all, without base) are copied into the top image. */
    private void pull(DomainRef dom, String disk, String base, long bandwidth, boolean bytes) {
        long speed = speed(bandwidth, bytes);
        QemuDomainObj obj = driver.find(dom);
        obj.beginJob();
        try {
            Target t = target(obj, disk);
            List<Layer> chain = QemuDiskChain.query(t.mon(), t.disk().alias());
            String baseNode = null;
            base = QemuDiskChain.resolveIndex(t.disk().xml(), t.dst(), base);
            if (base != null) {
                int i = indexOf(chain, base, 1);
                if (i < 0) {
                    throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU, "could not find image '" + base
                            + "' beneath '" + chain.getFirst().file() + "' in chain for '" + chain.getFirst().file()
                            + "'");
                }
                baseNode = chain.get(i).node();
            }
            String name = jobName("pull", t, chain.getFirst());
            Job job = new Job(name, t.dst(), TYPE_PULL, t.mon(), chain, null, false);
            start(t, job, "block-stream", args("job-id", name, "device", chain.getFirst().node(),
                    "base-node", baseNode, "speed", speed > 0 ? speed : null, "auto-finalize", true,
                    "auto-dismiss", false));
        } finally {
            obj.endJob();
        }
    }

    // ---- copy ----

    @Override
    public void blockCopy(DomainRef dom, String disk, String destxml, TypedParams params, int flags) {
        QemuErrors.checkFlags(flags, COPY_SHALLOW | COPY_REUSE_EXT | COPY_TRANSIENT_JOB | COPY_SYNCHRONOUS_WRITES,
                "qemuDomainBlockCopy");
        long bandwidth = 0;
        long granularity = 0;
        long bufSize = 0;
        if (params != null) {
            for (TypedParam p : params.asList()) {
                long v = Long.parseUnsignedLong(p.valueString());
                switch (p.field()) {
                    case "bandwidth" -> bandwidth = v;
                    case "granularity" -> granularity = v;
                    case "buf-size" -> bufSize = v;
                    default -> throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU,
                            "parameter '" + p.field() + "' not supported");
                }
            }
        }
        String[] dest = parseDestination(destxml);
        copy(dom, disk, dest[0], dest[1], speed(bandwidth, true), (flags & COPY_SHALLOW) != 0,
                (flags & COPY_REUSE_EXT) != 0, (flags & COPY_TRANSIENT_JOB) != 0,
                (flags & COPY_SYNCHRONOUS_WRITES) != 0, granularity, bufSize);
    }

    /**
     * The destination {@code <disk type='file'>}: its source file and driver type (null when not given). Parsed with
     * the model's hardened parser: an external entity in a client's XML must never be read.
     */
    static String[] parseDestination(String xml) {
        XmlNode root = new XmlParser().parseRoot(xml, "disk_definition", "disk", ErrorDomain.DOMAIN);
        String type = root.attr("type");
        if (!(type == null || type.equals("file"))) {
            throw QemuErrors.unsupported("block copy destination of type '" + type + "'");
        }
        XmlNode source = root.child("source");
        XmlNode drv = root.child("driver");
        String file = source == null ? null : source.attr("file");
        String format = drv == null ? null : drv.attr("type");
        if (file == null || file.isEmpty()) {
            throw VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.DOMAIN, "mirror requires source element");
        }
        return new String[] {file, format == null || format.isEmpty() ? null : format};
    }

    /**
     * qemuDomainBlockCopyCommon: the destination is created (unless reused) with the source's format, backed by the
     * source's backing image when shallow, opened as a libvirt-N node pair, and mirrored into; pivot is job-complete.
     */
    private void copy(DomainRef dom, String disk, String destFile, String destFormat, long speed, boolean shallow,
                      boolean reuse, boolean transientJob, boolean syncWrites, long granularity, long bufSize) {
        QemuDomainObj obj = driver.find(dom);
        obj.beginJob();
        try {
            Target t = target(obj, disk);
            synchronized (obj) {
                if (!transientJob && obj.persistent) {
                    // libvirt: a persistent domain could be managed-saved mid-copy, which the job would not survive
                    throw QemuErrors.operationInvalid("domain is not transient");
                }
            }
            if (jobOf(obj, t.dst(), t.mon()) != null) {
                throw QemuErrors.operationInvalid("disk '" + t.dst() + "' already in active block job");
            }
            List<Layer> chain = QemuDiskChain.query(t.mon(), t.disk().alias());
            Layer top = chain.getFirst();
            String format = destFormat != null ? destFormat : top.format();
            Layer backing = shallow && chain.size() > 1 ? chain.get(1) : null;
            Path destPath = Path.of(destFile);
            if (reuse && !Files.exists(destPath)) {
                throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU, "missing destination file for disk "
                        + t.dst() + ": " + destFile);
            }
            if (!reuse) {
                long size = QemuDiskChain.virtualSize(t.mon(), t.disk().alias());
                List<String> cmd = new java.util.ArrayList<>(List.of("qemu-img", "create", "-q", "-f", format));
                if (backing != null && format.equals("qcow2")) {
                    cmd.addAll(List.of("-F", backing.format(), "-b", backing.file(), "-u"));
                }
                cmd.addAll(List.of(destFile, Long.toString(size)));
                driver.config.host().run(Command.of(cmd.toArray(String[]::new)));
            }
            int index = QemuDiskChain.nextNodeIndex(t.mon(), t.live());
            String mirror = QemuDiskChain.blockdevAdd(t.mon(), index, destFile, format,
                    backing == null ? null : backing.node());
            String name = jobName("copy", t, top);
            Job job = new Job(name, t.dst(), TYPE_COPY, t.mon(), chain, mirror, false);
            try {
                start(t, job, "blockdev-mirror", args("job-id", name, "device", top.node(), "target", mirror,
                        "speed", speed > 0 ? speed : null, "sync", shallow ? "top" : "full",
                        "granularity", granularity > 0 ? granularity : null, "buf-size", bufSize > 0 ? bufSize : null,
                        "copy-mode", syncWrites ? "write-blocking" : null, "auto-finalize", true,
                        "auto-dismiss", false));
            } catch (RuntimeException e) {
                QemuDiskChain.blockdevDelPair(t.mon(), mirror);
                throw e;
            }
            setMirror(obj, t.dst(), XmlElem.of("mirror", "type", "file", "file", destFile, "format", format,
                    "job", "copy").withChildren(List.of(XmlElem.of("format", "type", format),
                    XmlElem.of("source", "file", destFile, "index", Integer.toString(index)),
                    XmlElem.of("backingStore"))));
            driver.process.writeStatusQuietly(obj); // the mirror is part of what a restarted daemon must see
        } finally {
            obj.endJob();
        }
    }

    /**
     * The disk's live {@code <mirror>} while a copy runs (after {@code <backingStore>}, as libvirt prints it), with
     * {@code ready='yes'} once QEMU said so; null removes it.
     */
    private static void setMirror(QemuDomainObj obj, String dst, XmlElem mirror) {
        synchronized (obj) {
            if (obj.live == null) {
                return;
            }
            DomainDevice d = obj.live.findByTarget(dst).orElse(null);
            if (d == null) {
                return;
            }
            XmlElem x = d.xml().withoutChildren("mirror");
            if (mirror != null) {
                int at = x.indexOf("backingStore") >= 0 ? x.indexOf("backingStore") + 1 : x.indexOf("source") + 1;
                x = x.insertChild(mirror, at);
            }
            obj.live = obj.live.replaceDevice(d, d.withXml(x));
        }
    }

    // ---- abort, info, speed, resize ----

    @Override
    public void blockJobAbort(DomainRef dom, String disk, int flags) {
        QemuErrors.checkFlags(flags, ABORT_ASYNC | ABORT_PIVOT, "qemuDomainBlockJobAbort");
        QemuDomainObj obj = driver.find(dom);
        Job job;
        obj.beginJob();
        try {
            Target t = target(obj, disk);
            job = requireJob(t);
            if ((flags & ABORT_PIVOT) != 0) {
                if (job.type != TYPE_COPY && job.type != TYPE_ACTIVE_COMMIT || !job.state.equals("ready")) {
                    throw VirException.of(ErrorNumber.BLOCK_COPY_ACTIVE, ErrorDomain.QEMU, "block job '" + job.name
                            + "' not ready for pivot yet");
                }
                job.state = "pivoting";
                QemuDiskChain.qmp(t.mon(), "job-complete", Json.object("id", job.name));
            } else {
                String was = job.state;
                job.state = "aborting";
                try {
                    QemuDiskChain.qmp(t.mon(), "block-job-cancel", Json.object("device", job.name));
                } catch (RuntimeException e) {
                    job.state = was;
                    throw e;
                }
            }
            driver.process.writeStatusQuietly(obj); // pivoting/aborting decides how a restarted daemon concludes it
            if ((flags & ABORT_ASYNC) == 0) {
                // qemuBlockJobSyncWait: the call returns once the job's end was processed (events emitted)
                try {
                    int status = await(obj, job);
                    if ((flags & ABORT_PIVOT) != 0 && status == FAILED) {
                        throw VirException.of(ErrorNumber.OPERATION_FAILED, ErrorDomain.QEMU, "block job '"
                                + job.name + "' failed while pivoting");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw VirException.of(ErrorNumber.OPERATION_ABORTED, ErrorDomain.QEMU, "interrupted");
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    throw VirException.of(ErrorNumber.OPERATION_FAILED, ErrorDomain.QEMU, "block job '"
                            + job.name + "' did not end: " + e);
                }
            }
        } finally {
            obj.endJob();
        }
    }

    /** The job's final status; gives up when its QEMU goes away (no concluded event will come then). */
    private static int await(QemuDomainObj obj, Job job) throws InterruptedException,
            java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
        while (true) {
            try {
                return job.done.get(1, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                synchronized (obj) {
                    if (obj.monitor != job.mon) {
                        obj.blockJobs.remove(job.disk, job);
                        throw QemuErrors.notRunning();
                    }
                }
            }
        }
    }

    @Override
    public BlockJobInfo getBlockJobInfo(DomainRef dom, String disk, int flags) {
        QemuErrors.checkFlags(flags, INFO_BANDWIDTH_BYTES, "qemuDomainGetBlockJobInfo");
        QemuDomainObj obj = driver.find(dom);
        Target t = target(obj, disk);
        Job job = jobOf(obj, t.dst(), t.mon());
        if (job == null) {
            return null;
        }
        for (Json j : ((Json.Arr) QemuDiskChain.qmp(t.mon(), "query-block-jobs", null)).items()) {
            Json.Obj b = (Json.Obj) j;
            if (!job.name.equals(b.str("device"))) {
                continue;
            }
            long speed = b.num("speed", 0);
            long bw = (flags & INFO_BANDWIDTH_BYTES) != 0 ? speed : (speed + (1L << 20) - 1) >> 20;
            long cur = b.num("offset", 0);
            long end = b.num("len", 0);
            boolean readyPresent = b.has("ready");
            boolean ready = b.bool("ready", false);
            // qemuBlockJobInfoTranslate: cur == end must not read as finished before the job is ready
            if (cur == 0 && end == 0 && readyPresent) {
                if (ready) {
                    cur = 1;
                }
                end = 1;
            }
            if (readyPresent && !ready && cur == end && cur > 0) {
                cur--;
            }
            return new BlockJobInfo(job.type, bw, cur, end);
        }
        return null;
    }

    @Override
    public void blockJobSetSpeed(DomainRef dom, String disk, long bandwidth, int flags) {
        QemuErrors.checkFlags(flags, SPEED_BANDWIDTH_BYTES, "qemuDomainBlockJobSetSpeed");
        long speed = speed(bandwidth, (flags & SPEED_BANDWIDTH_BYTES) != 0);
        QemuDomainObj obj = driver.find(dom);
        obj.beginJob();
        try {
            Target t = target(obj, disk);
            Job job = requireJob(t);
            QemuDiskChain.qmp(t.mon(), "block-job-set-speed", Json.object("device", job.name, "speed", speed));
        } finally {
            obj.endJob();
        }
    }

    @Override
    public void blockResize(DomainRef dom, String disk, long size, int flags) {
        QemuErrors.checkFlags(flags, RESIZE_BYTES, "qemuDomainBlockResize");
        long bytes = size;
        if ((flags & RESIZE_BYTES) == 0) {
            if (size < 0 || size > (Long.MAX_VALUE >> 10)) {
                throw VirException.of(ErrorNumber.OVERFLOW, ErrorDomain.QEMU, "size must be less than "
                        + (Long.MAX_VALUE >> 10) + " KiB");
            }
            bytes = size << 10;
        }
        QemuDomainObj obj = driver.find(dom);
        obj.beginJob();
        try {
            Target t = target(obj, disk);
            List<Layer> chain = QemuDiskChain.query(t.mon(), t.disk().alias());
            if (!chain.getFirst().format().equals("raw")) {
                bytes = (bytes + 511) / 512 * 512; // qcow2 sizes are whole sectors
            }
            QemuDiskChain.qmp(t.mon(), "block_resize", Json.object("node-name", chain.getFirst().node(),
                    "size", bytes));
        } finally {
            obj.endJob();
        }
    }

    // ---- events ----

    /** QMP job events of a domain (from the monitor's event thread: no monitor commands here). */
    static void onEvent(QemuDriver driver, QemuDomainObj obj, QmpEvent e) {
        Json.Obj data = e.data();
        if (data == null) {
            return;
        }
        String id = e.name().equals("BLOCK_JOB_READY") ? data.str("device") : data.str("id");
        Job job = obj.blockJobs.values().stream().filter(j -> j.name.equals(id)).findFirst().orElse(null);
        if (job == null) {
            return;
        }
        if (e.name().equals("BLOCK_JOB_READY")) {
            if (job.state.equals("running")) {
                ready(driver, obj, job);
            }
        } else if (e.name().equals("JOB_STATUS_CHANGE") && "concluded".equals(data.str("status"))) {
            Thread.ofVirtual().name("qemu-blockjob-" + id).start(() -> conclude(driver, obj, job));
        }
    }

    /** The job reached its ready phase (a copy mirrors, an active commit is synchronised): XML, status, event. */
    static void ready(QemuDriver driver, QemuDomainObj obj, Job job) {
        job.state = "ready";
        if (job.type == TYPE_COPY) {
            XmlElem m;
            synchronized (obj) {
                m = obj.live == null ? null : obj.live.findByTarget(job.disk).map(d -> d.xml().child("mirror"))
                        .orElse(null);
            }
            if (m != null) {
                setMirror(obj, job.disk, m.withAttr("ready", "yes"));
            }
        }
        driver.process.writeStatusQuietly(obj);
        emit(driver, obj, job, READY);
    }

    private static void emit(QemuDriver driver, QemuDomainObj obj, Job job, int status) {
        String path;
        synchronized (obj) {
            DomainDef live = obj.live;
            path = live == null ? null : live.findByTarget(job.disk).map(d -> d.xml().child("source"))
                    .map(s -> s.attr("file")).orElse(null);
        }
        DomainRef ref = obj.ref();
        if (path != null) {
            driver.emit(new DomainEvent.BlockJob(ref, path, job.type, status, false));
        }
        driver.emit(new DomainEvent.BlockJob(ref, job.disk, job.type, status, true));
    }

    /** qemuBlockJobEventProcessConcluded: the outcome, the chain QEMU now has, the XML, the events. */
    static void conclude(QemuDriver driver, QemuDomainObj obj, Job job) {
        int status = COMPLETED;
        try {
            String error = null;
            for (Json j : ((Json.Arr) QemuDiskChain.qmp(job.mon, "query-jobs", null)).items()) {
                Json.Obj q = (Json.Obj) j;
                if (job.name.equals(q.str("id"))) {
                    error = q.str("error");
                }
            }
            try {
                job.mon.execute("job-dismiss", Json.object("id", job.name), QemuProcess.QMP_TIMEOUT);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "job-dismiss {0}: {1}", job.name, e.getMessage());
            }
            String state = job.state;
            if (state.equals("aborting")) {
                status = CANCELED;
            } else if (error != null) {
                status = FAILED;
                LOG.log(System.Logger.Level.INFO, "block job {0} failed: {1}", job.name, error);
            }
            // a copy changes the chain only by its pivot; a cancelled or failed one leaves its target behind
            boolean changed = status == COMPLETED && (job.type != TYPE_COPY || state.equals("pivoting"));
            if (job.type == TYPE_COPY) {
                setMirror(obj, job.disk, null);
                if (!changed) {
                    QemuDiskChain.blockdevDelPair(job.mon, job.mirrorNode);
                }
            }
            if (changed) {
                updateChain(driver, obj, job);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "processing the end of block job {0}: {1}", job.name,
                    e.getMessage());
            status = FAILED;
        } finally {
            obj.blockJobs.remove(job.disk, job);
            driver.process.writeStatusQuietly(obj);
            emit(driver, obj, job, status);
            job.done.complete(status);
        }
    }

    /** The chain after a successful job: live XML from QEMU, the persistent disk when it named the same top. */
    private static void updateChain(QemuDriver driver, QemuDomainObj obj, Job job) {
        String alias;
        synchronized (obj) {
            alias = obj.live.findByTarget(job.disk).map(DomainDevice::alias).orElse(null);
        }
        List<Layer> after = QemuDiskChain.query(job.mon, alias);
        QemuDiskChain.releaseDropped(job.mon, job.before, after);
        if (job.deleteCommitted) {
            for (Layer l : job.before) {
                if (after.stream().noneMatch(a -> a.file().equals(l.file()))) {
                    try {
                        Files.deleteIfExists(Path.of(l.file()));
                    } catch (java.io.IOException e) {
                        LOG.log(System.Logger.Level.WARNING, "cannot delete committed image {0}", l.file());
                    }
                }
            }
        }
        DomainDef cfg = null;
        synchronized (obj) {
            DomainDevice d = obj.live.findByTarget(job.disk).orElseThrow();
            obj.live = obj.live.replaceDevice(d, d.withXml(QemuDiskChain.withChain(d.xml(), after, true,
                    QemuDiskChain.indexesFor(obj.live, after))));
            DomainDevice c = obj.persistent ? obj.def.findByTarget(job.disk).orElse(null) : null;
            if (c != null && !QemuDiskChain.fromXml(c.xml()).isEmpty()
                    && QemuDiskChain.fromXml(c.xml()).getFirst().file().equals(job.before.getFirst().file())) {
                obj.def = obj.def.replaceDevice(c, c.withXml(QemuDiskChain.persistentChain(c.xml(), after)));
                cfg = obj.def;
            }
        }
        if (cfg != null) {
            driver.saveConfig(cfg);
        }
        driver.process.writeStatusQuietly(obj);
    }
}
