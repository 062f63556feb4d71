package org.jvirt.qemu.driver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.host.ManagedProcess;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.qemu.monitor.QmpConnection;
import org.jvirt.spi.Refs.DomainRef;
import org.jvirt.spi.support.DomainStates;

/**
 * One domain (libvirt's virDomainObj with qemuDomainObjPrivate). Fields are guarded by this object's monitor
 * ({@code synchronized}); the {@link #job} lock serialises modifying operations, as libvirt's job model does, so a
 * long start or save never blocks queries, and destroy kills the process first and takes the job afterwards.
 */
final class QemuDomainObj {
    /** libvirt's QEMU_JOB_WAIT_TIME: how long a modifying call waits for the one running before giving up. */
    static final Duration JOB_WAIT = Duration.ofSeconds(30);

    private final ReentrantLock job = new ReentrantLock();

    /** The persistent (or transient) definition. */
    DomainDef def;
    /** A definition saved while running, applied at the next stop (libvirt's newDef). */
    DomainDef newDef;
    /** The running definition (with generated names, addresses, pty paths); null while shut off. */
    DomainDef live;
    int id = -1;
    int state = DomainStates.SHUTOFF;
    int reason = DomainStates.SHUTOFF_UNKNOWN;
    long stateSinceMillis = System.currentTimeMillis();
    boolean persistent;
    boolean autostart;
    boolean hasManagedSave;
    /** Stopping on our request: a monitor EOF is then not a crash. */
    boolean beingDestroyed;
    /** QEMU reported SHUTDOWN (guest or host initiated) before its monitor closed. */
    boolean gotShutdown;
    /** A reboot asked through ACPI: the next SHUTDOWN resets and continues instead of stopping (fake reboot). */
    boolean fakeReboot;
    /** The reason a STOP event records (libvirt's priv->pausedReason): USER while suspend runs, else UNKNOWN. */
    int pausedReason = DomainStates.PAUSED_UNKNOWN;
    /** The reason a RESUME event records (libvirt's priv->runningReason). */
    int runningReason = DomainStates.RUNNING_UNPAUSED;
    /** A start is between spawn and its STARTED event: the RESUME of its {@code cont} is reported by the start. */
    boolean starting;

    ManagedProcess process;
    QmpConnection monitor;
    /** The guest agent while the guest has its port open (libvirt's priv->agent); see QemuAgents. */
    org.jvirt.qemu.monitor.QemuAgent agent;
    /** virDomainAgentSetResponseTimeout: seconds, or QemuAgent.TIMEOUT_BLOCK (libvirt's default) / _DEFAULT. */
    int agentTimeout = org.jvirt.qemu.monitor.QemuAgent.TIMEOUT_BLOCK;
    Path monitorSocket;
    /** The host-side resources made at start (TAPs), released at stop. */
    Object hostNetState;
    Object cgroup;
    /** Display ports this guest holds (autoport VNC), released at stop. */
    java.util.List<Integer> graphicsPorts = java.util.List.of();
    /** The open console session (virDomainOpenConsole), one at a time. */
    Object console;

    /**
     * vCPU index → host thread id of the running QEMU (libvirt's vcpupids), read at start or on first use and
     * forgotten when vCPUs are plugged or unplugged; null when unknown. Stats read it for every guest, so it saves
     * a monitor round trip per guest per call.
     */
    volatile java.util.Map<Integer, Long> vcpuThreads;

    /** Block jobs running in QEMU, by disk target (libvirt's disk->privateData->blockjob). */
    final java.util.Map<String, QemuBlockJobs.Job> blockJobs = new java.util.concurrent.ConcurrentHashMap<>();

    /** Hot-unplugs waiting for QEMU's DEVICE_DELETED, by device alias. */
    private final java.util.Map<String, java.util.concurrent.CompletableFuture<Void>> unplugs =
            new java.util.concurrent.ConcurrentHashMap<>();

    QemuDomainObj(DomainDef def, boolean persistent) {
        this.def = def;
        this.persistent = persistent;
    }

    /** Completes when QEMU reports the device with this alias gone. */
    java.util.concurrent.CompletableFuture<Void> awaitRemoval(String alias) {
        return unplugs.computeIfAbsent(alias, k -> new java.util.concurrent.CompletableFuture<>());
    }

    void deviceDeleted(String alias) {
        var f = unplugs.remove(alias);
        if (f != null) {
            f.complete(null);
        }
    }

    synchronized boolean isActive() {
        return id >= 0;
    }

    synchronized String name() {
        return def.name();
    }

    synchronized DomainRef ref() {
        return new DomainRef(def.name(), def.uuid(), id);
    }

    /** The definition the caller sees: the live one while running, else the persistent one. */
    synchronized DomainDef current() {
        return live != null ? live : def;
    }

    synchronized void setState(int s, int r) {
        state = s;
        reason = r;
        stateSinceMillis = System.currentTimeMillis();
    }

    /** Acquires the domain's job (one modifying operation at a time) or fails as libvirt does after 30 s. */
    void beginJob() {
        try {
            if (!job.tryLock(JOB_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw VirException.of(ErrorNumber.OPERATION_TIMEOUT, ErrorDomain.QEMU,
                        "cannot acquire state change lock");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VirException.of(ErrorNumber.OPERATION_ABORTED, ErrorDomain.QEMU, "interrupted");
        }
    }

    void endJob() {
        job.unlock();
    }

    boolean holdsJob() {
        return job.isHeldByCurrentThread();
    }
}
