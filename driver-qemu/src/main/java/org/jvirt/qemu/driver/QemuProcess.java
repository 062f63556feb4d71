package org.jvirt.qemu.driver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jvirt.api.event.DomainEvent;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.host.DefinitionFiles;
import org.jvirt.host.ManagedProcess;
import org.jvirt.host.ProcessId;
import org.jvirt.model.domain.DeviceKind;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDevice;
import org.jvirt.model.domain.XmlElem;
import org.jvirt.qemu.command.QemuBuildContext;
import org.jvirt.qemu.command.QemuCommandBuilder;
import org.jvirt.qemu.command.QemuCommandLine;
import org.jvirt.qemu.command.QemuConf;
import org.jvirt.qemu.monitor.Json;
import org.jvirt.qemu.monitor.QmpConnection;
import org.jvirt.qemu.monitor.QmpEvent;
import org.jvirt.qemu.monitor.QmpException;
import org.jvirt.qemu.monitor.QmpListener;
import org.jvirt.spi.Refs.DomainRef;
import org.jvirt.spi.support.DomainStates;

/**
 * Starting, stopping and re-attaching to QEMU (libvirt's qemu_process.c). A start runs in named phases — prepare
 * (id, private directory, host devices), build the command line, spawn QEMU in its own session with output to its
 * log, connect QMP, read back what QEMU chose (pty paths), write the status file, {@code cont} — and any failure
 * rolls back through the one {@link #stop} path. QMP events drive the state machine: SHUTDOWN, STOP, RESUME, RESET
 * and the monitor's end-of-file, which is a crash unless a shutdown or destroy was under way.
 */
final class QemuProcess {
    private static final System.Logger LOG = System.getLogger("org.jvirt.qemu.driver");
    static final Duration QMP_TIMEOUT = Duration.ofSeconds(30);
    static final int START_PAUSED = 1;

    private final QemuDriver driver;
    private final SecureRandom random = new SecureRandom();
    private volatile String hostname;

    QemuProcess(QemuDriver driver) {
        this.driver = driver;
    }

    // ---- start ----

    /** Starts {@code obj} under its job; autostart and virDomainCreate come here. */
    void startJob(QemuDomainObj obj, int flags, boolean autostart) {
        obj.beginJob();
        try {
            start(obj, flags, DomainStates.RUNNING_BOOTED, DomainStates.STARTED_BOOTED);
        } finally {
            obj.endJob();
        }
    }

    /**
     * What a start may add for restore and snapshot revert: extra QEMU arguments (e.g. {@code -incoming defer}) and a
     * step run once the monitor answers, before the vCPUs run (e.g. feeding the saved state in).
     */
    interface StartHook {
        StartHook NONE = new StartHook() {};

        default List<String> extraArgs() {
            return List.of();
        }

        default void beforeCont(QemuDomainObj obj, QmpConnection mon) {}
    }

    /** The caller holds the job. */
    void start(QemuDomainObj obj, int flags, int runningReason, int startedDetail) {
        start(obj, flags, runningReason, startedDetail, StartHook.NONE);
    }

    /** The caller holds the job. */
    void start(QemuDomainObj obj, int flags, int runningReason, int startedDetail, StartHook hook) {
        DomainDef def;
        synchronized (obj) {
            if (obj.isActive()) {
                throw VirException.operationInvalid(ErrorDomain.QEMU, "domain is already running");
            }
            def = obj.def;
            obj.beingDestroyed = false;
            obj.gotShutdown = false;
            obj.fakeReboot = false;
        }
        int id = driver.allocateId();
        String name = def.name();
        Path domainDir = domainDir(id, name);
        Path monitorSocket = domainDir.resolve("monitor.sock");
        synchronized (obj) {
            obj.id = id;
            obj.live = def;
            obj.monitorSocket = monitorSocket;
            obj.setState(DomainStates.PAUSED, DomainStates.PAUSED_STARTING_UP);
        }
        try {
            prepareDomainDir(domainDir);
            DomainDef live = driver.hostNet().prepare(obj, def);
            live = driver.agents.prepare(live, id);
            List<Integer> ports = new ArrayList<>();
            try {
                live = driver.graphicsPorts.allocate(live, ports);
            } finally {
                synchronized (obj) {
                    obj.graphicsPorts = ports;
                }
            }
            synchronized (obj) {
                obj.live = live;
            }
            QemuBuildContext ctx = new QemuBuildContext(driver.config.emulator().toString(), id,
                    driver.config.libDir().toString(), driver.config.logDir().toString(), Set.of(),
                    QemuConf.defaults(), monitorSocket.toString());
            QemuCommandLine cmd = QemuCommandBuilder.build(QemuDiskChain.forCommandLine(live), ctx);
            if (!hook.extraArgs().isEmpty()) {
                List<String> argv = new ArrayList<>(cmd.argv());
                argv.addAll(hook.extraArgs());
                cmd = new QemuCommandLine(cmd.env(), argv);
            }
            new QemuExtDevices(driver.config).start(live, domainDir);
            Path log = driver.logPath(name);
            long logStart = writeLogHeader(log, cmd);
            ManagedProcess qemu = ManagedProcess.spawn(spec(cmd, log, driver.pidPath(name), domainDir));
            synchronized (obj) {
                obj.process = qemu;
            }
            QmpConnection mon = connectMonitor(obj, qemu, monitorSocket, log, logStart);
            live = readBackRuntime(mon, live);
            live = QemuAliases.assign(live);
            live = QemuDiskChain.detect(mon, live);
            synchronized (obj) {
                obj.live = live;
            }
            Map<Integer, Long> threads = vcpuThreads(mon);
            obj.vcpuThreads = threads;
            driver.cgroups().attach(obj, qemu.pid(), threads);
            hook.beforeCont(obj, mon);
            driver.hostNet().started(obj);
            writeStatus(obj);
            if ((flags & START_PAUSED) == 0) {
                synchronized (obj) {
                    obj.starting = true;
                    obj.runningReason = runningReason;
                }
                mon.execute("cont", QMP_TIMEOUT);
                obj.setState(DomainStates.RUNNING, runningReason);
            } else {
                obj.setState(DomainStates.PAUSED, DomainStates.PAUSED_USER);
            }
            writeStatus(obj);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "start of {0} failed: {1}", name, e.getMessage());
            synchronized (obj) {
                obj.starting = false;
            }
            stop(obj, DomainStates.SHUTOFF_FAILED, -1);
            throw e;
        }
        DomainRef ref = obj.ref();
        boolean resumed;
        synchronized (obj) {
            resumed = obj.starting;
            obj.starting = false;
            obj.runningReason = DomainStates.RUNNING_UNPAUSED;
        }
        if (resumed && runningReason == DomainStates.RUNNING_BOOTED) {
            // A boot: libvirt reports the start's own `cont` first, "Resumed Unpaused", then "Started Booted".
            driver.emit(new DomainEvent.Lifecycle(ref, DomainStates.EVENT_RESUMED, DomainStates.RESUMED_UNPAUSED));
            driver.emit(new DomainEvent.Lifecycle(ref, DomainStates.EVENT_STARTED, startedDetail));
        } else {
            // A restore or snapshot revert: "Started Restored/FromSnapshot", then the resume it caused
            // (qemuDomainRunningReasonToResumeEvent maps both reasons to RESUMED_FROM_SNAPSHOT).
            driver.emit(new DomainEvent.Lifecycle(ref, DomainStates.EVENT_STARTED, startedDetail));
            if (resumed) {
                driver.emit(new DomainEvent.Lifecycle(ref, DomainStates.EVENT_RESUMED,
                        DomainStates.RESUMED_FROM_SNAPSHOT));
            }
        }
        if ((flags & START_PAUSED) != 0) {
            driver.emit(new DomainEvent.Lifecycle(ref, DomainStates.EVENT_SUSPENDED, DomainStates.SUSPENDED_PAUSED));
        }
    }

    /** The per-domain private directory, named as the command line names it (libvirt shortens long names). */
    private Path domainDir(int id, String name) {
        return Path.of(QemuBuildContext.domainDir(driver.config.libDir().toString(), id, name));
    }

    private void prepareDomainDir(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            // QEMU reads its master key for secrets from here (libvirt's qemuDomainMasterKeyCreate).
            byte[] key = new byte[32];
            random.nextBytes(key);
            Path keyFile = dir.resolve("master-key.aes");
            Files.write(keyFile, key);
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.QEMU,
                    "cannot create domain directory '" + dir + "': " + e.getMessage());
        }
    }

    /** QEMU runs with exactly the environment libvirt gives it (nothing inherited), under the launch prefix. */
    private ManagedProcess.Spec spec(QemuCommandLine cmd, Path log, Path pidFile, Path workDir) {
        List<String> argv = new ArrayList<>(driver.config.launchPrefix());
        argv.addAll(cmd.argv());
        Map<String, String> env = new LinkedHashMap<>();
        for (String kv : cmd.env()) {
            int eq = kv.indexOf('=');
            env.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return new ManagedProcess.Spec(argv, env, log, pidFile, workDir, true);
    }

    /** Appends libvirt's start-up header to the domain log; returns the offset where QEMU's own output begins. */
    private long writeLogHeader(Path log, QemuCommandLine cmd) {
        String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern(
                "yyyy-MM-dd HH:mm:ss.SSSxx"));
        String header = stamp + ": starting up jvirt version: 9.0.0, hostname: " + hostname() + "\n"
                + cmd.toArgsText() + "\n";
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, header, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            return Files.size(log);
        } catch (IOException e) {
            throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.QEMU,
                    "failed to create logfile " + log + ": " + e.getMessage());
        }
    }

    /** Resolved once: a name lookup (files, then DNS) on every start cost 10-15 ms here, more with a slow resolver. */
    private String hostname() {
        String h = hostname;
        if (h == null) {
            try {
                h = java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                h = "localhost";
            }
            hostname = h;
        }
        return h;
    }

    /**
     * Connects QMP while watching the process: when QEMU exits first, the error quotes its log as libvirt's
     * "process exited while connecting to monitor" does.
     */
    private QmpConnection connectMonitor(QemuDomainObj obj, ManagedProcess qemu, Path socket, Path log,
                                         long logStart) {
        QmpConnection mon = new QmpConnection(obj.name(), listener(obj));
        long deadline = System.nanoTime() + driver.config.monitorTimeout().toNanos();
        while (true) {
            if (!qemu.isAlive()) {
                throw exitedWhileConnecting(log, logStart);
            }
            if (Files.exists(socket)) {
                try {
                    mon.connect(socket, Duration.ofSeconds(5));
                    break;
                } catch (VirException | QmpException e) {
                    if (!qemu.isAlive()) {
                        throw exitedWhileConnecting(log, logStart);
                    }
                    if (System.nanoTime() > deadline) {
                        throw e instanceof QmpException q ? q.toVirException() : (VirException) e;
                    }
                    mon = new QmpConnection(obj.name(), listener(obj));
                }
            } else if (System.nanoTime() > deadline) {
                throw VirException.of(ErrorNumber.OPERATION_TIMEOUT, ErrorDomain.QEMU,
                        "monitor socket did not show up");
            }
            // QEMU binds the socket ~50-150 ms after exec: a fine poll keeps the start from waiting on the timer.
            sleep(2);
        }
        synchronized (obj) {
            obj.monitor = mon;
        }
        return mon;
    }

    private static VirException exitedWhileConnecting(Path log, long from) {
        return VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.QEMU,
                "process exited while connecting to monitor: " + logTail(log, from));
    }

    /** QEMU's own output since {@code from}, trimmed, as libvirt quotes it in start errors. */
    static String logTail(Path log, long from) {
        try {
            byte[] all = Files.readAllBytes(log);
            int start = (int) Math.min(Math.max(0, from), all.length);
            String s = new String(all, start, all.length - start, StandardCharsets.UTF_8).strip();
            return s.length() > 1024 ? s.substring(s.length() - 1024) : s;
        } catch (IOException e) {
            return "";
        }
    }

    /** vCPU index → host thread id, from query-cpus-fast (for per-vCPU cgroups and pinning). */
    static Map<Integer, Long> vcpuThreads(QmpConnection mon) {
        Map<Integer, Long> out = new java.util.TreeMap<>();
        try {
            if (mon.execute("query-cpus-fast", QMP_TIMEOUT) instanceof Json.Arr arr) {
                for (Json j : arr.items()) {
                    if (j instanceof Json.Obj o) {
                        out.put((int) o.num("cpu-index", out.size()), o.num("thread-id", 0));
                    }
                }
            }
        } catch (QmpException e) {
            LOG.log(System.Logger.Level.DEBUG, "query-cpus-fast: {0}", e.getMessage());
        }
        return out;
    }

    /** What QEMU decided at start that the live XML shows: the pty behind each pty serial and console. */
    private DomainDef readBackRuntime(QmpConnection mon, DomainDef live) {
        Json r = mon.execute("query-chardev", QMP_TIMEOUT);
        Map<String, String> ptys = new java.util.HashMap<>();
        if (r instanceof Json.Arr arr) {
            for (Json j : arr.items()) {
                if (j instanceof Json.Obj o && o.str("filename") != null && o.str("filename").startsWith("pty:")) {
                    ptys.put(o.str("label"), o.str("filename").substring(4));
                }
            }
        }
        if (ptys.isEmpty()) {
            return live;
        }
        DomainDef out = live;
        int serial = 0;
        String firstSerialPty = null;
        for (DomainDevice d : live.devices()) {
            if (d.kind() == DeviceKind.SERIAL && "pty".equals(d.type())) {
                String pty = ptys.get("charserial" + serial);
                if (pty != null) {
                    if (firstSerialPty == null) {
                        firstSerialPty = pty;
                    }
                    out = out.replaceDevice(d, d.withXml(withSourcePath(d.xml(), pty)));
                }
                serial++;
            } else if (d.kind() == DeviceKind.SERIAL) {
                serial++;
            }
        }
        for (DomainDevice d : out.devices()) {
            if (d.kind() == DeviceKind.CONSOLE && "pty".equals(d.type()) && firstSerialPty != null) {
                XmlElem target = d.xml().child("target");
                if (target == null || "serial".equals(target.attr("type"))) {
                    out = out.replaceDevice(d, d.withXml(withSourcePath(d.xml(), firstSerialPty)));
                    break;
                }
            }
        }
        return out;
    }

    /** A pty device's live form: {@code <source path>} first; a console also repeats it as {@code tty}. */
    private static XmlElem withSourcePath(XmlElem dev, String path) {
        XmlElem source = dev.child("source");
        XmlElem out = source != null ? dev.withChild("source", source.withAttr("path", path))
                : dev.insertChild(XmlElem.of("source", "path", path), 0);
        return "console".equals(dev.name()) ? out.withAttrAfter("tty", path, "type") : out;
    }

    // ---- events ----

    private QmpListener listener(QemuDomainObj obj) {
        return new QmpListener() {
            @Override
            public void onEvent(QmpEvent e) {
                handleEvent(obj, e);
            }

            @Override
            public void onDisconnect(QmpException.Disconnected cause) {
                handleEof(obj);
            }
        };
    }

    void handleEvent(QemuDomainObj obj, QmpEvent e) {
        DomainRef ref = obj.ref();
        switch (e.name()) {
            case "SHUTDOWN" -> {
                boolean guest = e.data() != null && e.data().bool("guest", false);
                boolean fake;
                synchronized (obj) {
                    if (obj.beingDestroyed || obj.gotShutdown) {
                        // Our own SIGTERM (destroy), or a repeated event: nothing for the guest's owner to see.
                        return;
                    }
                    obj.gotShutdown = true;
                    // on_poweroff='restart' turns the guest's power-off into a reset, as libvirt's fake reboot.
                    String onPoweroff = obj.live == null ? null : obj.live.lifecycleAction("on_poweroff");
                    boolean reset = e.data() != null && "guest-reset".equals(e.data().str("reason"));
                    if (!reset && ("restart".equals(onPoweroff) || "restart-rename".equals(onPoweroff))) {
                        obj.fakeReboot = true;
                    }
                    fake = obj.fakeReboot;
                    if (obj.state == DomainStates.RUNNING) {
                        obj.setState(DomainStates.SHUTDOWN, DomainStates.SHUTDOWN_USER);
                    }
                }
                driver.emit(new DomainEvent.Lifecycle(ref, DomainStates.EVENT_SHUTDOWN,
                        guest ? DomainStates.SHUTDOWN_GUEST : DomainStates.SHUTDOWN_HOST));
                if (fake) {
                    Thread.ofVirtual().name("qemu-fake-reboot").start(() -> fakeReboot(obj));
                } else {
                    // on_poweroff: QEMU runs with -no-shutdown, so we end it; the monitor EOF then stops the domain.
                    killNoWait(obj);
                }
            }
            case "STOP" -> {
                boolean changed = false;
                synchronized (obj) {
                    if (obj.state == DomainStates.RUNNING) {
                        obj.setState(DomainStates.PAUSED, obj.pausedReason);
                        changed = true;
                    }
                }
                if (changed) {
                    writeStatusQuietly(obj);
                    driver.emit(new DomainEvent.Lifecycle(ref, DomainStates.EVENT_SUSPENDED,
                            DomainStates.SUSPENDED_PAUSED));
                }
            }
            case "RESUME" -> {
                boolean changed = false;
                synchronized (obj) {
                    if (obj.state == DomainStates.PAUSED) {
                        obj.setState(DomainStates.RUNNING, obj.runningReason);
                        changed = !obj.starting;
                    }
                }
                if (changed) {
                    writeStatusQuietly(obj);
                    driver.emit(new DomainEvent.Lifecycle(ref, DomainStates.EVENT_RESUMED,
                            DomainStates.RESUMED_UNPAUSED));
                }
            }
            case "RESET" -> driver.emit(new DomainEvent.Reboot(ref));
            case "GUEST_PANICKED" -> guestPanicked(obj);
            case "RTC_CHANGE" -> driver.emit(new DomainEvent.RtcChange(ref, e.data().num("offset", 0)));
            case "DEVICE_DELETED" -> {
                String dev = e.data() == null ? null : e.data().str("device");
                if (dev != null) {
                    driver.deviceDeleted(obj, dev);
                }
            }
            case "VSERPORT_CHANGE" -> driver.agents.serialChanged(obj, e.data());
            case "ACPI_DEVICE_OST" -> QemuVcpuHotplug.acpiOst(driver, obj, e.data());
            case "JOB_STATUS_CHANGE", "BLOCK_JOB_READY" -> QemuBlockJobs.onEvent(driver, obj, e);
            case "BALLOON_CHANGE" -> driver.emit(new DomainEvent.BalloonChange(ref,
                    e.data().num("actual", 0) / 1024));
            default -> LOG.log(System.Logger.Level.DEBUG, "{0}: QMP event {1}", obj.name(), e.name());
        }
    }

    /**
     * The guest reported a panic (pvpanic): state crashed (panicked), then {@code on_crash} decides — destroy (the
     * default) stops it as crashed, restart resets it, preserve leaves it crashed for inspection.
     */
    private void guestPanicked(QemuDomainObj obj) {
        String action;
        synchronized (obj) {
            if (!obj.isActive()) {
                return;
            }
            obj.setState(DomainStates.CRASHED, DomainStates.CRASHED_PANICKED);
            action = obj.live.lifecycleAction("on_crash");
        }
        driver.emit(new DomainEvent.Lifecycle(obj.ref(), DomainStates.EVENT_CRASHED,
                DomainStates.CRASHED_EVENT_PANICKED));
        String a = action == null ? "destroy" : action;
        Thread.ofVirtual().name("qemu-panic-" + obj.name()).start(() -> {
            switch (a) {
                case "restart", "restart-rename" -> fakeReboot(obj);
                case "preserve" -> writeStatusQuietly(obj);
                default -> {
                    obj.beginJob();
                    try {
                        synchronized (obj) {
                            obj.beingDestroyed = true;
                        }
                        stop(obj, DomainStates.SHUTOFF_CRASHED, DomainStates.STOPPED_CRASHED);
                    } finally {
                        obj.endJob();
                    }
                }
            }
        });
    }

    /** libvirt's qemuProcessFakeReboot: the guest shut down for a reboot we asked for, so reset and go on. */
    private void fakeReboot(QemuDomainObj obj) {
        QmpConnection mon;
        synchronized (obj) {
            obj.fakeReboot = false;
            mon = obj.monitor;
        }
        try {
            mon.execute("system_reset", QMP_TIMEOUT);
            mon.execute("cont", QMP_TIMEOUT);
            synchronized (obj) {
                obj.gotShutdown = false;
                obj.setState(DomainStates.RUNNING, DomainStates.RUNNING_BOOTED);
            }
            writeStatusQuietly(obj);
            driver.emit(new DomainEvent.Lifecycle(obj.ref(), DomainStates.EVENT_RESUMED,
                    DomainStates.RESUMED_UNPAUSED));
        } catch (RuntimeException ex) {
            LOG.log(System.Logger.Level.WARNING, "fake reboot of {0} failed: {1}", obj.name(), ex.getMessage());
            killNoWait(obj);
        }
    }

    private void killNoWait(QemuDomainObj obj) {
        ManagedProcess p;
        synchronized (obj) {
            p = obj.process;
        }
        if (p != null) {
            ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroy);
        }
    }

    /** The monitor closed: the guest shut down (we saw SHUTDOWN), was destroyed by us, or crashed. */
    private void handleEof(QemuDomainObj obj) {
        synchronized (obj) {
            if (obj.beingDestroyed || !obj.isActive()) {
                return;
            }
        }
        Thread.ofVirtual().name("qemu-eof-" + obj.name()).start(() -> {
            obj.beginJob();
            try {
                boolean shutdown;
                synchronized (obj) {
                    if (obj.beingDestroyed || !obj.isActive() || obj.monitor == null
                            || obj.monitor.runstate() == QmpConnection.Runstate.RUNNING) {
                        return;
                    }
                    shutdown = obj.gotShutdown;
                }
                stop(obj, shutdown ? DomainStates.SHUTOFF_SHUTDOWN : DomainStates.SHUTOFF_CRASHED,
                        shutdown ? DomainStates.STOPPED_SHUTDOWN : DomainStates.STOPPED_FAILED);
            } finally {
                obj.endJob();
            }
        });
    }

    // ---- stop ----

    /**
     * libvirt's qemuProcessStop: kill QEMU if it still runs, close the monitor, release host devices and files,
     * and mark the domain shut off with {@code reason}; emits STOPPED with {@code eventDetail} unless it is -1. A
     * transient domain disappears. The caller holds the job (or is the failing start).
     */
    void stop(QemuDomainObj obj, int reason, int eventDetail) {
        ManagedProcess p;
        QmpConnection mon;
        DomainDef live;
        String name;
        int id;
        synchronized (obj) {
            if (obj.id < 0) {
                return;
            }
            obj.beingDestroyed = true;
            p = obj.process;
            mon = obj.monitor;
            live = obj.live;
            name = obj.def.name();
            id = obj.id;
        }
        DomainRef ref = obj.ref();
        if (mon != null) {
            mon.close();
        }
        if (p != null) {
            try {
                p.kill(driver.config.destroyGrace());
            } catch (VirException e) {
                LOG.log(System.Logger.Level.WARNING, "{0}: {1}", name, e.getMessage());
            }
        }
        try {
            driver.cgroups().release(obj);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "{0}: cgroup cleanup: {1}", name, e.getMessage());
        }
        if (live != null) {
            try {
                driver.hostNet().release(obj, live);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "{0}: network cleanup: {1}", name, e.getMessage());
            }
        }
        List<Integer> ports;
        synchronized (obj) {
            ports = obj.graphicsPorts;
            obj.graphicsPorts = List.of();
        }
        driver.graphicsPorts.release(ports);
        deleteQuietly(driver.statusPath(name));
        deleteQuietly(driver.pidPath(name));
        if (live != null) {
            new QemuExtDevices(driver.config).stop(live, domainDir(id, name));
        }
        deleteTree(domainDir(id, name));
        driver.agents.release(obj, id, name);
        boolean transientGone;
        synchronized (obj) {
            obj.id = -1;
            obj.live = null;
            obj.process = null;
            obj.monitor = null;
            obj.monitorSocket = null;
            obj.vcpuThreads = null;
            obj.setState(DomainStates.SHUTOFF, reason);
            if (obj.newDef != null) {
                obj.def = obj.newDef;
                obj.newDef = null;
            }
            transientGone = !obj.persistent;
        }
        if (transientGone) {
            if (live != null) {
                new QemuExtDevices(driver.config).cleanupHost(live, 0);
            }
            driver.remove(obj);
        }
        if (eventDetail >= 0) {
            driver.emit(new DomainEvent.Lifecycle(new DomainRef(ref.name(), ref.uuid(), -1),
                    DomainStates.EVENT_STOPPED, eventDetail));
        }
    }

    /** virDomainDestroy: kill first (so a stuck job cannot block it), then take the job and clean up. */
    void destroy(QemuDomainObj obj, boolean graceful) {
        ManagedProcess p;
        synchronized (obj) {
            if (!obj.isActive()) {
                throw VirException.operationInvalid(ErrorDomain.QEMU, "domain is not running");
            }
            obj.beingDestroyed = true;
            p = obj.process;
        }
        if (p != null) {
            if (graceful) {
                ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroy);
                p.waitFor(driver.config.destroyGrace());
                if (p.isAlive()) {
                    synchronized (obj) {
                        obj.beingDestroyed = false;
                    }
                    throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.NONE, "Failed to terminate process "
                            + p.pid() + " with SIGTERM: Device or resource busy");
                }
            } else {
                p.kill(driver.config.destroyGrace());
            }
        }
        obj.beginJob();
        try {
            stop(obj, DomainStates.SHUTOFF_DESTROYED, DomainStates.STOPPED_DESTROYED);
        } finally {
            obj.endJob();
        }
    }

    // ---- status files and reconnect ----

    void writeStatus(QemuDomainObj obj) {
        QemuStatusXml.write(driver, obj);
    }

    void writeStatusQuietly(QemuDomainObj obj) {
        try {
            writeStatus(obj);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "{0}: cannot write status: {1}", obj.name(), e.getMessage());
        }
    }

    /** libvirt's qemuProcessReconnectAll: every status file is a guest that was running when we last looked. */
    void reconnectAll(Path stateDir) {
        for (Path f : DefinitionFiles.xmlFiles(stateDir)) {
            try {
                reconnect(QemuStatusXml.read(driver, f));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot reconnect {0}: {1}", f, e.getMessage());
            }
        }
    }

    private void reconnect(QemuStatusXml.Status st) {
        DomainDef live = st.live();
        Optional<QemuDomainObj> existing = driver.list().stream().filter(o -> o.ref().uuid().equals(live.uuid()))
                .findFirst();
        QemuDomainObj obj = existing.orElseGet(() -> driver.add(live, false, false).obj());
        driver.noteId(st.id());
        Optional<ManagedProcess> proc = ManagedProcess.adopt(new ProcessId(st.pid(), st.startTime()),
                driver.pidPath(live.name()));
        synchronized (obj) {
            obj.id = st.id();
            obj.live = live;
            obj.monitorSocket = st.monitorSocket();
            obj.process = proc.orElse(null);
            obj.setState(st.state(), st.reason());
        }
        if (proc.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "{0}: QEMU pid {1} is gone; marking it shut off", live.name(),
                    st.pid());
            stop(obj, DomainStates.SHUTOFF_UNKNOWN, DomainStates.STOPPED_FAILED);
            return;
        }
        QmpConnection mon = new QmpConnection(live.name(), listener(obj));
        try {
            mon.connect(st.monitorSocket(), Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "{0}: monitor did not answer ({1}); killing QEMU", live.name(),
                    e.getMessage());
            stop(obj, DomainStates.SHUTOFF_UNKNOWN, DomainStates.STOPPED_FAILED);
            return;
        }
        synchronized (obj) {
            obj.monitor = mon;
        }
        driver.hostNet().reconnected(obj, live);
        driver.agents.reconnected(obj);
        List<Integer> ports = driver.graphicsPorts.reserve(live);
        synchronized (obj) {
            obj.graphicsPorts = ports;
        }
        driver.cgroups().reconnect(obj);
        QemuBlockJobStatus.restore(driver, obj, mon, st.blockJobs());
        // The guest may have been paused or resumed while nobody watched: ask QEMU.
        Json status = mon.execute("query-status", QMP_TIMEOUT);
        if (status instanceof Json.Obj o) {
            boolean running = o.bool("running", false);
            String qs = o.str("status");
            synchronized (obj) {
                if (running && obj.state != DomainStates.RUNNING) {
                    obj.setState(DomainStates.RUNNING, DomainStates.RUNNING_UNPAUSED);
                } else if (!running && obj.state == DomainStates.RUNNING) {
                    obj.setState("shutdown".equals(qs) ? DomainStates.SHUTDOWN : DomainStates.PAUSED,
                            "shutdown".equals(qs) ? DomainStates.SHUTDOWN_USER : DomainStates.PAUSED_UNKNOWN);
                }
                obj.gotShutdown = "shutdown".equals(qs);
            }
            if ("shutdown".equals(qs)) {
                // It shut down while we were away (-no-shutdown keeps QEMU alive): finish the job.
                killNoWait(obj);
            }
        }
        writeStatusQuietly(obj);
        LOG.log(System.Logger.Level.INFO, "reconnected to {0} (pid {1})", live.name(), st.pid());
    }

    /** Daemon exit: monitors close, guests keep running (they are in their own sessions). */
    void disconnectAll() {
        for (QemuDomainObj obj : driver.list()) {
            QmpConnection mon;
            synchronized (obj) {
                mon = obj.monitor;
                obj.beingDestroyed = true; // the coming EOF is ours, not a crash
            }
            if (mon != null) {
                mon.close();
            }
            driver.agents.disconnect(obj);
        }
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot remove {0}: {1}", p, e.getMessage());
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(QemuProcess::deleteQuietly);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot remove {0}: {1}", dir, e.getMessage());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
