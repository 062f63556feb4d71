package org.jvirt.qemu.driver;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jvirt.api.event.DomainEvent;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDefFormatter;
import org.jvirt.qemu.monitor.Json;
import org.jvirt.qemu.monitor.QmpConnection;
import org.jvirt.qemu.monitor.QmpException;
import org.jvirt.spi.DomainSaveRestore;
import org.jvirt.spi.Refs.DomainRef;
import org.jvirt.spi.support.DomainStates;

/**
 * Save/restore and managed save (qemuDomainSaveFlags, qemuDomainRestoreFlags, qemuDomainManagedSave...). QEMU runs
 * with {@code -sandbox spawn=deny}, so the {@code exec:} migration libvirt once used is out, and the JDK cannot hand
 * QEMU a file descriptor; the daemon carries the stream itself over a unix socket in the domain's private directory:
 * QEMU migrates into a socket we listen on and we copy into the image, and a restore starts QEMU with
 * {@code -incoming defer} and feeds the image's payload into the socket QEMU listens on.
 */
final class QemuSaveRestore implements DomainSaveRestore {
    static final int SAVE_BYPASS_CACHE = 1;
    static final int SAVE_RUNNING = 2;
    static final int SAVE_PAUSED = 4;
    static final int SAVE_RESET_NVRAM = 8;
    static final int SAVE_IMAGE_XML_SECURE = 1;
    /** virDomainCreate's VIR_DOMAIN_START_FORCE_BOOT: discard the managed save image. */
    static final int START_FORCE_BOOT = 8;
    /** libvirt's QEMU_DOMAIN_MIG_BANDWIDTH_MAX in bytes/s: a save runs unthrottled. */
    private static final long UNLIMITED_BANDWIDTH = (Long.MAX_VALUE / (1024 * 1024)) * 1024 * 1024;
    private static final long MIGRATION_TIMEOUT_MS = 10 * 60_000;

    private final QemuDriver driver;

    QemuSaveRestore(QemuDriver driver) {
        this.driver = driver;
    }

    // ---- save ----

    @Override
    public void save(DomainRef dom, String to, String dxml, int flags) {
        QemuErrors.checkFlags(flags, SAVE_BYPASS_CACHE | SAVE_RUNNING | SAVE_PAUSED, "qemuDomainSaveFlags");
        checkRunningPaused(flags, "VIR_DOMAIN_SAVE_RUNNING", "VIR_DOMAIN_SAVE_PAUSED");
        if (to == null) {
            throw VirException.invalidArg("to in virDomainSaveFlags must not be NULL");
        }
        saveTo(driver.find(dom), Path.of(to).toAbsolutePath(), dxml, flags, false);
    }

    @Override
    public void managedSave(DomainRef dom, int flags) {
        QemuErrors.checkFlags(flags, SAVE_BYPASS_CACHE | SAVE_RUNNING | SAVE_PAUSED, "qemuDomainManagedSave");
        checkRunningPaused(flags, "VIR_DOMAIN_SAVE_RUNNING", "VIR_DOMAIN_SAVE_PAUSED");
        QemuDomainObj obj = driver.find(dom);
        synchronized (obj) {
            if (!obj.persistent) {
                throw QemuErrors.operationInvalid("cannot do managed save for transient domain");
            }
        }
        saveTo(obj, driver.managedSavePath(obj.name()), null, flags, true);
    }

    private static void checkRunningPaused(int flags, String a, String b) {
        if ((flags & SAVE_RUNNING) != 0 && (flags & SAVE_PAUSED) != 0) {
            throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU, "Flags '" + a + "' and '" + b
                    + "' are mutually exclusive");
        }
    }

    private void saveTo(QemuDomainObj obj, Path file, String dxml, int flags, boolean managed) {
        obj.beginJob();
        try {
            boolean wasRunning;
            DomainDef live;
            int id;
            String name;
            synchronized (obj) {
                if (!obj.isActive()) {
                    throw QemuErrors.notRunning();
                }
                wasRunning = obj.state == DomainStates.RUNNING;
                live = obj.live;
                id = obj.id;
                name = obj.def.name();
            }
            boolean resumeAfterRestore = (flags & SAVE_RUNNING) != 0 || ((flags & SAVE_PAUSED) == 0 && wasRunning);
            String xml = imageXml(dxml != null ? driver.parse(dxml, true) : live);
            Path socket = driver.config.libDir().resolve("domain-" + id + "-" + name).resolve("save.sock");
            if (wasRunning) {
                synchronized (obj) {
                    obj.pausedReason = DomainStates.PAUSED_SAVE;
                }
                try {
                    QemuLifecycle.qmp(obj, "stop", null);
                } finally {
                    synchronized (obj) {
                        obj.pausedReason = DomainStates.PAUSED_UNKNOWN;
                    }
                }
                // the STOP event may have been handled already (it then emitted SUSPENDED), or not yet
                boolean emit = false;
                synchronized (obj) {
                    emit = obj.state == DomainStates.RUNNING;
                    obj.setState(DomainStates.PAUSED, DomainStates.PAUSED_SAVE);
                }
                if (emit) {
                    driver.emit(new DomainEvent.Lifecycle(obj.ref(), DomainStates.EVENT_SUSPENDED,
                            DomainStates.SUSPENDED_PAUSED));
                }
            }
            try {
                writeImage(obj, file, socket, xml, resumeAfterRestore);
            } catch (RuntimeException e) {
                QemuProcess.deleteQuietly(file);
                if (wasRunning) {
                    resumeAfterFailure(obj);
                }
                throw e;
            }
            synchronized (obj) {
                if (managed) {
                    obj.hasManagedSave = true;
                }
            }
            driver.process.stop(obj, DomainStates.SHUTOFF_SAVED, DomainStates.STOPPED_SAVED);
        } finally {
            obj.endJob();
        }
    }

    private void resumeAfterFailure(QemuDomainObj obj) {
        try {
            synchronized (obj) {
                obj.runningReason = DomainStates.RUNNING_SAVE_CANCELED;
            }
            QemuLifecycle.qmp(obj, "cont", null);
            obj.setState(DomainStates.RUNNING, DomainStates.RUNNING_SAVE_CANCELED);
        } catch (RuntimeException e) {
            System.getLogger("org.jvirt.qemu.driver").log(System.Logger.Level.WARNING,
                    "cannot resume {0} after a failed save: {1}", obj.name(), e.getMessage());
        } finally {
            synchronized (obj) {
                obj.runningReason = DomainStates.RUNNING_UNPAUSED;
            }
        }
    }

    /** The image's XML: libvirt stores the migratable inactive form of the running definition. */
    private String imageXml(DomainDef def) {
        return driver.format(def, DomainDefFormatter.INACTIVE | DomainDefFormatter.MIGRATABLE
                | DomainDefFormatter.SECURE, -1);
    }

    private void writeImage(QemuDomainObj obj, Path file, Path socket, String xml, boolean wasRunning) {
        byte[] head = QemuSaveImage.encode(xml, wasRunning, true);
        QemuProcess.deleteQuietly(socket);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
             ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            out.write(ByteBuffer.wrap(head), 0);
            server.bind(UnixDomainSocketAddress.of(socket));
            CompletableFuture<Long> copy = new CompletableFuture<>();
            Thread.ofVirtual().name("qemu-save-stream").start(() -> {
                try (SocketChannel in = server.accept()) {
                    long pos = head.length;
                    ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
                    while (in.read(buf) >= 0) {
                        buf.flip();
                        while (buf.hasRemaining()) {
                            pos += out.write(buf, pos);
                        }
                        buf.clear();
                    }
                    copy.complete(pos - head.length);
                } catch (IOException | RuntimeException e) {
                    copy.completeExceptionally(e);
                }
            });
            try {
                QemuLifecycle.qmp(obj, "migrate-set-parameters", Json.object("max-bandwidth",
                        Json.of(UNLIMITED_BANDWIDTH)));
                QemuLifecycle.qmp(obj, "migrate", Json.object("uri", "unix:" + socket));
                awaitMigration(QemuLifecycle.monitor(obj), "domain save");
                copy.get(60, TimeUnit.SECONDS);
            } catch (RuntimeException | InterruptedException | ExecutionException | TimeoutException e) {
                server.close();
                try {
                    QemuLifecycle.qmp(obj, "migrate_cancel", null);
                } catch (RuntimeException ignored) {
                    // the migration already ended
                }
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw e instanceof VirException v ? v : VirException.of(ErrorNumber.OPERATION_FAILED,
                        ErrorDomain.QEMU, "job 'domain save' failed: " + rootMessage(e));
            }
            QemuSaveImage.markComplete(out);
        } catch (IOException e) {
            throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.QEMU, "failed to create '" + file + "': "
                    + e.getMessage());
        } finally {
            QemuProcess.deleteQuietly(socket);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    /**
     * Polls query-migrate until the job completes; failures read as libvirt's qemuMigrationJobCheckStatus
     * ("operation failed: job 'domain save' failed: ...").
     */
    static void awaitMigration(QmpConnection mon, String job) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MIGRATION_TIMEOUT_MS);
        while (true) {
            Json r;
            try {
                r = mon.execute("query-migrate", QemuProcess.QMP_TIMEOUT);
            } catch (QmpException e) {
                throw e.toVirException();
            }
            String status = r instanceof Json.Obj o ? o.str("status") : null;
            if ("completed".equals(status)) {
                return;
            }
            if ("failed".equals(status)) {
                String desc = ((Json.Obj) r).str("error-desc");
                throw VirException.of(ErrorNumber.OPERATION_FAILED, ErrorDomain.QEMU, desc != null
                        ? "job '" + job + "' failed: " + desc : "job '" + job + "' unexpectedly failed");
            }
            if ("cancelled".equals(status)) {
                throw VirException.of(ErrorNumber.OPERATION_ABORTED, ErrorDomain.QEMU, "job '" + job
                        + "' canceled by client");
            }
            if (System.nanoTime() > deadline) {
                throw VirException.of(ErrorNumber.OPERATION_TIMEOUT, ErrorDomain.QEMU, "job '" + job
                        + "' unexpectedly failed");
            }
            try {
                Thread.sleep(status == null || "none".equals(status) || "setup".equals(status) ? 5 : 20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw VirException.of(ErrorNumber.OPERATION_ABORTED, ErrorDomain.QEMU, "job '" + job
                        + "' canceled by client");
            }
        }
    }

    // ---- restore ----

    @Override
    public void restore(String from, String dxml, int flags) {
        QemuErrors.checkFlags(flags, SAVE_BYPASS_CACHE | SAVE_RUNNING | SAVE_PAUSED | SAVE_RESET_NVRAM,
                "qemuDomainRestoreFlags");
        checkRunningPaused(flags, "VIR_DOMAIN_SAVE_RUNNING", "VIR_DOMAIN_SAVE_PAUSED");
        if (from == null) {
            throw VirException.invalidArg("from in virDomainRestoreFlags must not be NULL");
        }
        Path file = Path.of(from).toAbsolutePath();
        QemuSaveImage image = QemuSaveImage.read(file);
        DomainDef def = driver.parse(dxml != null ? dxml : image.xml(), true);
        QemuDriver.Added added = driver.add(def, false, true);
        restoreInto(added.obj(), def, added.existed(), file, image, flags);
    }

    /**
     * Runs {@code def} in {@code obj} from the image. An existing persistent domain keeps its definition aside in
     * newDef while the saved one runs (libvirt's virDomainObjAssignDef with live=true); stop puts it back.
     */
    private void restoreInto(QemuDomainObj obj, DomainDef def, boolean existed, Path file, QemuSaveImage image,
                             int flags) {
        obj.beginJob();
        try {
            synchronized (obj) {
                if (obj.isActive()) {
                    throw QemuErrors.operationInvalid("domain '" + obj.def.name() + "' is already active");
                }
                if (existed && obj.persistent && obj.def != def) {
                    obj.newDef = obj.def;
                }
                obj.def = def;
            }
            startFromImage(obj, file, image, flags);
        } finally {
            obj.endJob();
        }
    }

    /** The caller holds the job. */
    private void startFromImage(QemuDomainObj obj, Path file, QemuSaveImage image, int flags) {
        boolean paused = (flags & SAVE_PAUSED) != 0 || ((flags & SAVE_RUNNING) == 0 && !image.wasRunning());
        driver.process.start(obj, paused ? QemuProcess.START_PAUSED : 0, DomainStates.RUNNING_RESTORED,
                DomainStates.STARTED_RESTORED, new QemuProcess.StartHook() {
                    @Override
                    public List<String> extraArgs() {
                        return List.of("-incoming", "defer");
                    }

                    @Override
                    public void beforeCont(QemuDomainObj o, QmpConnection mon) {
                        feed(o, mon, file, image.payloadOffset());
                    }
                });
    }

    /** Starts QEMU's incoming migration on a unix socket and streams the image's payload into it. */
    private void feed(QemuDomainObj obj, QmpConnection mon, Path file, long offset) {
        Path socket;
        synchronized (obj) {
            socket = obj.monitorSocket.resolveSibling("restore.sock");
        }
        QemuProcess.deleteQuietly(socket);
        try {
            mon.execute("migrate-incoming", Json.object("uri", "unix:" + socket), QemuProcess.QMP_TIMEOUT);
        } catch (QmpException e) {
            throw e.toVirException();
        }
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
             SocketChannel out = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            // A plain read/write loop, not transferTo: on a virtual thread (every RPC call in jvirtd runs on one)
            // the socket is non-blocking underneath and transferTo may return 0 when QEMU's buffer is full, which
            // would end the stream early and make QEMU fail to load it.
            long pos = offset;
            long size = in.size();
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
            while (pos < size) {
                buf.clear();
                int n = in.read(buf, pos);
                if (n < 0) {
                    break;
                }
                pos += n;
                buf.flip();
                while (buf.hasRemaining()) {
                    out.write(buf);
                }
            }
            out.shutdownOutput();
            awaitMigration(mon, "start");
        } catch (IOException e) {
            throw VirException.of(ErrorNumber.OPERATION_FAILED, ErrorDomain.QEMU, "job 'start' failed: "
                    + e.getMessage());
        } finally {
            QemuProcess.deleteQuietly(socket);
        }
    }

    // ---- images ----

    @Override
    public String saveImageGetXMLDesc(String file, int flags) {
        QemuErrors.checkFlags(flags, SAVE_IMAGE_XML_SECURE, "qemuDomainSaveImageGetXMLDesc");
        QemuSaveImage image = QemuSaveImage.read(Path.of(file).toAbsolutePath());
        return formatImageXml(image, flags);
    }

    private String formatImageXml(QemuSaveImage image, int flags) {
        DomainDef def = driver.parse(image.xml(), true);
        return driver.format(def, DomainDefFormatter.INACTIVE | ((flags & SAVE_IMAGE_XML_SECURE) != 0
                ? DomainDefFormatter.SECURE : 0), -1);
    }

    @Override
    public void saveImageDefineXML(String file, String dxml, int flags) {
        QemuErrors.checkFlags(flags, SAVE_RUNNING | SAVE_PAUSED, "qemuDomainSaveImageDefineXML");
        checkRunningPaused(flags, "VIR_DOMAIN_SAVE_RUNNING", "VIR_DOMAIN_SAVE_PAUSED");
        defineImageXml(Path.of(file).toAbsolutePath(), dxml, flags);
    }

    private void defineImageXml(Path file, String dxml, int flags) {
        QemuSaveImage image = QemuSaveImage.read(file);
        DomainDef old = driver.parse(image.xml(), true);
        DomainDef def = driver.parse(dxml, true);
        if (!old.uuid().equals(def.uuid())) {
            throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                    "Target domain uuid " + def.uuid() + " does not match source " + old.uuid());
        }
        if (!old.name().equals(def.name())) {
            throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                    "Target domain name '" + def.name() + "' does not match source '" + old.name() + "'");
        }
        boolean running = (flags & SAVE_RUNNING) != 0 || ((flags & SAVE_PAUSED) == 0 && image.wasRunning());
        QemuSaveImage.rewrite(file, image, imageXml(def), running);
    }

    // ---- managed save ----

    @Override
    public boolean hasManagedSaveImage(DomainRef dom, int flags) {
        QemuErrors.checkFlags(flags, 0, "qemuDomainHasManagedSaveImage");
        QemuDomainObj obj = driver.find(dom);
        synchronized (obj) {
            return obj.hasManagedSave;
        }
    }

    @Override
    public void managedSaveRemove(DomainRef dom, int flags) {
        QemuErrors.checkFlags(flags, 0, "qemuDomainManagedSaveRemove");
        QemuDomainObj obj = driver.find(dom);
        obj.beginJob();
        try {
            removeManagedSave(obj);
        } finally {
            obj.endJob();
        }
    }

    private void removeManagedSave(QemuDomainObj obj) {
        Path p = driver.managedSavePath(obj.name());
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.QEMU, "Failed to remove managed save file '"
                    + p + "': " + e.getMessage());
        }
        synchronized (obj) {
            obj.hasManagedSave = false;
            if (!obj.isActive() && obj.reason == DomainStates.SHUTOFF_SAVED) {
                obj.setState(DomainStates.SHUTOFF, DomainStates.SHUTOFF_UNKNOWN);
            }
        }
    }

    @Override
    public String managedSaveGetXMLDesc(DomainRef dom, int flags) {
        QemuErrors.checkFlags(flags, SAVE_IMAGE_XML_SECURE, "qemuDomainManagedSaveGetXMLDesc");
        QemuDomainObj obj = driver.find(dom);
        return formatImageXml(QemuSaveImage.read(existingManagedSave(obj)), flags);
    }

    @Override
    public void managedSaveDefineXML(DomainRef dom, String dxml, int flags) {
        QemuErrors.checkFlags(flags, SAVE_RUNNING | SAVE_PAUSED, "qemuDomainManagedSaveDefineXML");
        checkRunningPaused(flags, "VIR_DOMAIN_SAVE_RUNNING", "VIR_DOMAIN_SAVE_PAUSED");
        QemuDomainObj obj = driver.find(dom);
        obj.beginJob();
        try {
            defineImageXml(existingManagedSave(obj), dxml, flags);
        } finally {
            obj.endJob();
        }
    }

    private static boolean isCorrupt(VirException e) {
        String m = e.getMessage();
        return m.endsWith("image magic is incorrect") || m.endsWith("save image is incomplete")
                || m.endsWith("failed to read qemu header");
    }

    private Path existingManagedSave(QemuDomainObj obj) {
        Path p = driver.managedSavePath(obj.name());
        if (!Files.exists(p)) {
            throw QemuErrors.operationInvalid("domain does not have managed save image");
        }
        return p;
    }

    /**
     * virDomainCreate of a domain with a managed save image (qemuDomainObjStart): restore from it and delete it;
     * {@code START_FORCE_BOOT} discards it instead. Returns false when there is no image, so the caller boots.
     * The caller holds the job.
     */
    boolean startManaged(QemuDomainObj obj, int flags) {
        Path p = driver.managedSavePath(obj.name());
        if (!Files.exists(p)) {
            return false;
        }
        if ((flags & START_FORCE_BOOT) != 0) {
            removeManagedSave(obj);
            return false;
        }
        QemuSaveImage image;
        try {
            image = QemuSaveImage.read(p);
        } catch (VirException e) {
            if (!isCorrupt(e)) {
                throw e;
            }
            // qemuSaveImageOpen(unlink_corrupt): an unreadable or half-written image is dropped and the guest boots
            System.getLogger("org.jvirt.qemu.driver").log(System.Logger.Level.WARNING,
                    "Ignoring incomplete managed state {0}: {1}", p, e.getMessage());
            removeManagedSave(obj);
            return false;
        }
        DomainDef def = driver.parse(image.xml(), true);
        synchronized (obj) {
            if (obj.isActive()) {
                throw QemuErrors.operationInvalid("domain is already running");
            }
            obj.newDef = obj.def;
            obj.def = def;
        }
        // A failed restore keeps the image, as libvirt does: the next create reports the same error.
        startFromImage(obj, p, image, (flags & QemuProcess.START_PAUSED) != 0 ? SAVE_PAUSED : 0);
        removeManagedSave(obj);
        return true;
    }
}
