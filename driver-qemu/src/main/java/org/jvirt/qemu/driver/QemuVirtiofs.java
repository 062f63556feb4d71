package org.jvirt.qemu.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.host.ManagedProcess;
import org.jvirt.host.ProcessId;
import org.jvirt.model.domain.DeviceKind;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDevice;
import org.jvirt.model.domain.XmlElem;
import org.jvirt.qemu.command.QemuVirtiofsOptions;
import org.jvirt.qemu.monitor.Json;
import org.jvirt.qemu.monitor.JsonParser;

/**
 * The virtiofsd behind each {@code <filesystem><driver type='virtiofs'/>} with a source dir (libvirt's
 * qemu_virtiofs.c): started before QEMU on the socket the command line names, in its own session with its output in
 * {@code LOGDIR/NAME-fsN-virtiofsd.log}, and stopped after QEMU. A filesystem with {@code <source socket=>} has a
 * daemon someone else runs. The binary is {@code <binary path=>} or the one QEMU's vhost-user descriptors name
 * (qemuVhostUserFillDomainFS).
 *
 * <p>Its pidfile sits in the domain's private directory, so a stop after a jvirtd restart finds it.
 */
final class QemuVirtiofs {
    private static final System.Logger LOG = System.getLogger("org.jvirt.qemu.driver");
    /** virtiofsd listens within milliseconds; a loaded host gets some slack. */
    private static final Duration SHOW_UP = Duration.ofSeconds(15);
    /** Where QEMU's packages install vhost-user back-end descriptors (docs/interop/vhost-user.json). */
    private static final List<Path> DESCRIPTOR_DIRS = List.of(Path.of("/etc/qemu/vhost-user"),
            Path.of("/usr/share/qemu/vhost-user"));

    private final QemuDriverConfig config;

    QemuVirtiofs(QemuDriverConfig config) {
        this.config = config;
    }

    /** One virtiofs share the driver must serve: its alias (fsN, counted over all filesystems) and XML. */
    record Share(String alias, XmlElem xml) {}

    static List<Share> shares(DomainDef def) {
        List<Share> out = new ArrayList<>();
        int i = 0;
        for (DomainDevice d : def.devices(DeviceKind.FILESYSTEM)) {
            XmlElem x = d.xml();
            String alias = "fs" + i++;
            XmlElem drv = x.child("driver");
            XmlElem src = x.child("source");
            if (drv != null && "virtiofs".equals(drv.attr("type")) && src != null && src.attr("dir") != null) {
                out.add(new Share(alias, x));
            }
        }
        return out;
    }

    static Path pidFile(Path domainDir, String alias) {
        return domainDir.resolve(alias + "-virtiofsd.pid");
    }

    Path logFile(String name, String alias) {
        return config.logDir().resolve(name + "-" + alias + "-virtiofsd.log");
    }

    /** qemuVirtioFSStart for every share; the caller stops whatever started when a later one fails. */
    void start(DomainDef def, Path domainDir) {
        List<Share> shares = shares(def);
        if (!shares.isEmpty() && !config.privileged()) {
            throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.QEMU,
                    "virtiofs is not yet supported in session mode");
        }
        for (Share s : shares) {
            Path binary = binary(s.xml());
            String dir = s.xml().child("source").attr("dir");
            if (!Files.isDirectory(Path.of(dir))) {
                throw VirException.of(ErrorNumber.OPERATION_FAILED, ErrorDomain.QEMU,
                        "the virtiofs export directory '" + dir + "' does not exist");
            }
            Path socket = Path.of(QemuVirtiofsOptions.socket(domainDir.toString(), s.alias()));
            List<String> argv = new ArrayList<>(List.of(binary.toString()));
            argv.addAll(QemuVirtiofsOptions.arguments(s.xml(), socket.toString()));
            Path log = logFile(def.name(), s.alias());
            try {
                Files.createDirectories(log.getParent());
            } catch (IOException e) {
                throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.QEMU,
                        "cannot create log directory " + log.getParent() + ": " + e.getMessage());
            }
            ManagedProcess p = ManagedProcess.spawn(new ManagedProcess.Spec(argv, Map.of(), log,
                    pidFile(domainDir, s.alias()), domainDir));
            long deadline = System.nanoTime() + SHOW_UP.toNanos();
            while (!Files.exists(socket)) {
                if (!p.isAlive()) {
                    throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.QEMU,
                            "virtiofsd died unexpectedly: " + QemuProcess.logTail(log, 0));
                }
                if (System.nanoTime() > deadline) {
                    throw VirException.of(ErrorNumber.OPERATION_FAILED, ErrorDomain.QEMU,
                            "Could not start 'virtiofsd'");
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw VirException.of(ErrorNumber.OPERATION_FAILED, ErrorDomain.QEMU,
                            "Could not start 'virtiofsd'");
                }
            }
        }
    }

    /** qemuVirtioFSStop: the daemons of every share of the run in {@code domainDir}. */
    void stop(DomainDef def, Path domainDir, Duration grace) {
        for (Share s : shares(def)) {
            Path pidFile = pidFile(domainDir, s.alias());
            var pid = ManagedProcess.readPidFile(pidFile);
            if (pid.isPresent()) {
                ProcessId.of(pid.getAsInt()).flatMap(id -> ManagedProcess.adopt(id, pidFile)).ifPresent(p -> {
                    try {
                        p.kill(grace);
                    } catch (VirException e) {
                        LOG.log(System.Logger.Level.WARNING, "virtiofsd: {0}", e.getMessage());
                    }
                });
            }
            QemuProcess.deleteQuietly(pidFile);
            QemuProcess.deleteQuietly(Path.of(QemuVirtiofsOptions.socket(domainDir.toString(), s.alias())));
        }
    }

    /** {@code <binary path=>}, else the first "fs" back end QEMU's vhost-user descriptors name. */
    private static Path binary(XmlElem fs) {
        XmlElem b = fs.child("binary");
        if (b != null && b.attr("path") != null) {
            Path p = Path.of(b.attr("path"));
            if (!Files.isExecutable(p)) {
                throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.QEMU,
                        "virtiofsd binary '" + p + "' is not executable");
            }
            return p;
        }
        return describedBinary().orElseThrow(() -> VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.QEMU,
                "Unable to find a satisfying virtiofsd"));
    }

    /** qemuVhostUserFillDomainFS: descriptors sorted by file name, /etc before /usr/share for the same name. */
    static Optional<Path> describedBinary() {
        java.util.TreeMap<String, Path> byName = new java.util.TreeMap<>();
        for (Path dir : DESCRIPTOR_DIRS.reversed()) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.getFileName().toString().endsWith(".json"))
                        .forEach(p -> byName.put(p.getFileName().toString(), p));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "cannot list {0}: {1}", dir, e.getMessage());
            }
        }
        for (Path p : byName.values()) {
            try {
                if (JsonParser.parse(Files.readString(p)) instanceof Json.Obj o && "fs".equals(o.str("type"))
                        && o.str("binary") != null && Files.isExecutable(Path.of(o.str("binary")))) {
                    return Optional.of(Path.of(o.str("binary")));
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "skipping vhost-user descriptor {0}: {1}", p, e.getMessage());
            }
        }
        return Optional.empty();
    }
}
