package org.jvirt.qemu.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.host.Command;
import org.jvirt.host.CommandResult;
import org.jvirt.host.ManagedProcess;
import org.jvirt.host.ProcessCommandRunner;
import org.jvirt.host.ProcessId;
import org.jvirt.model.domain.DeviceKind;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDevice;
import org.jvirt.model.domain.XmlElem;
import org.jvirt.qemu.command.QemuTpmArgs;

/**
 * The swtpm behind a {@code <tpm><backend type='emulator'>} (libvirt's qemu_tpm.c). The TPM's state is made once by
 * {@code swtpm_setup} (EK and platform certificates, NVRAM locked) in a directory per domain UUID under the driver's
 * own root, as libvirt keeps it under its swtpm storage dir; each start runs {@code swtpm socket --daemon} on the
 * socket the command line names before QEMU starts, and {@code --terminate} ends it when QEMU closes the connection.
 *
 * <p>Nothing is kept in memory: the pidfile sits in the domain's private directory, so a stop after a jvirtd
 * restart finds the daemon the same way a stop in the same run does.
 */
final class QemuTpm {
    private static final System.Logger LOG = System.getLogger("org.jvirt.qemu.driver");
    /** How long start waits for swtpm's pidfile and socket (libvirt waits about as long). */
    private static final Duration SHOW_UP = Duration.ofSeconds(10);

    private final QemuDriverConfig config;

    QemuTpm(QemuDriverConfig config) {
        this.config = config;
    }

    /** The emulator backend of the domain's TPM, if it has one. */
    static Optional<XmlElem> emulatorBackend(DomainDef def) {
        for (DomainDevice d : def.devices(DeviceKind.TPM)) {
            XmlElem b = d.xml().child("backend");
            if (b != null && "emulator".equals(b.attr("type"))) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    /**
     * qemuDomainTPMDefPostParse: TPM 1.2 and 2.0 are not compatible, so an unversioned emulator gets 2.0 for the CRB
     * interface (which only exists for 2.0) and 1.2 otherwise.
     */
    static String version(DomainDef def, XmlElem backend) {
        if (backend.attr("version") != null) {
            return backend.attr("version");
        }
        String model = def.devices(DeviceKind.TPM).getFirst().xml().attr("model");
        return "tpm-crb".equals(model) ? "2.0" : "1.2";
    }

    /** libvirt's swtpmStorageDir: beside the QEMU driver's state (root) or in its config dir (session). */
    Path storageRoot() {
        return config.privileged() ? config.libDir().resolveSibling("swtpm") : config.configDir().resolve("swtpm");
    }

    /** Where swtpm keeps the state of a domain's TPM of {@code version}: ROOT/UUID/tpm2 or ROOT/UUID/tpm1.2. */
    Path stateDir(UUID uuid, String version) {
        return storageRoot().resolve(uuid.toString()).resolve("2.0".equals(version) ? "tpm2" : "tpm1.2");
    }

    Path logFile(String name) {
        return config.logDir().resolve(name + "-swtpm.log");
    }

    static Path pidFile(Path domainDir) {
        return domainDir.resolve("tpm0-swtpm.pid");
    }

    /** qemuExtTPMStart: make the state on first use, then run swtpm; the caller has the domain dir ready. */
    void start(DomainDef def, Path domainDir) {
        Optional<XmlElem> found = emulatorBackend(def);
        if (found.isEmpty()) {
            return;
        }
        XmlElem backend = found.get();
        String version = version(def, backend);
        Path swtpm = binary("swtpm");
        Path state = stateDir(def.uuid(), version);
        Path log = logFile(def.name());
        try {
            Files.createDirectories(state);
            // the state holds the TPM's secrets: only the daemon's user may enter (libvirt: 0700 for swtpm_user)
            var owner = java.nio.file.attribute.PosixFilePermissions.fromString("rwx------");
            Files.setPosixFilePermissions(state.getParent(), owner);
            Files.setPosixFilePermissions(state, owner);
            Files.createDirectories(log.getParent());
        } catch (IOException e) {
            throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.QEMU,
                    "Could not create TPM directory " + state + ": " + e.getMessage());
        }
        String banks = pcrBanks(backend);
        if (!hasState(state, version)) {
            setup(def, version, state, log, banks, false);
        } else if (banks != null && version.equals("2.0")) {
            // the banks are set before every start, as libvirt does when the XML names them
            setup(def, version, state, log, banks, true);
        }
        Path socket = Path.of(QemuTpmArgs.swtpmSocket(domainDir.toString()));
        Path pidFile = pidFile(domainDir);
        List<String> argv = new ArrayList<>(List.of(swtpm.toString(), "socket", "--ctrl",
                "type=unixio,path=" + socket + ",mode=0600", "--tpmstate", "dir=" + state + ",mode=0600",
                "--log", "file=" + log, "--terminate"));
        if (version.equals("2.0")) {
            argv.add("--tpm2");
        }
        argv.addAll(List.of("--daemon", "--pid", "file=" + pidFile));
        CommandResult r = config.host().run(Command.of(argv).allowingFailure());
        if (!r.succeeded()) {
            String err = r.stderr().strip();
            throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.QEMU,
                    err.isEmpty() ? "swtpm died unexpectedly" : "swtpm died and reported: " + err);
        }
        long deadline = System.nanoTime() + SHOW_UP.toNanos();
        while (ManagedProcess.readPidFile(pidFile).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.QEMU, "swtpm didn't show up");
            }
            pause();
        }
        while (!Files.exists(socket)) {
            if (System.nanoTime() > deadline || daemon(domainDir).isEmpty()) {
                throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.QEMU, "swtpm socket did not show up");
            }
            pause();
        }
    }

    /** The running swtpm of this domain dir, if its pidfile names a live swtpm. */
    static Optional<ManagedProcess> daemon(Path domainDir) {
        Path pidFile = pidFile(domainDir);
        var pid = ManagedProcess.readPidFile(pidFile);
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        return ProcessId.stat(pid.getAsInt()).filter(s -> s.comm().equals("swtpm") && s.state() != 'Z')
                .flatMap(s -> ManagedProcess.adopt(new ProcessId(s.pid(), s.startTime()), pidFile));
    }

    /**
     * qemuExtTPMStop: QEMU's exit normally ended swtpm already (--terminate); one still running (QEMU killed before
     * it connected, or a failed start) is stopped here.
     */
    void stop(Path domainDir, Duration grace) {
        daemon(domainDir).ifPresent(p -> {
            try {
                p.kill(grace);
            } catch (VirException e) {
                LOG.log(System.Logger.Level.WARNING, "swtpm: {0}", e.getMessage());
            }
        });
        QemuProcess.deleteQuietly(pidFile(domainDir));
    }

    /**
     * qemuTPMEmulatorCleanupHost: the state goes when the domain goes, unless it is marked persistent_state='yes'
     * (then only VIR_DOMAIN_UNDEFINE_TPM removes it) or VIR_DOMAIN_UNDEFINE_KEEP_TPM asks to keep it.
     */
    void cleanupHost(DomainDef def, int undefineFlags) {
        Optional<XmlElem> backend = emulatorBackend(def);
        if (backend.isEmpty()) {
            return;
        }
        boolean persistent = "yes".equals(backend.get().attr("persistent_state"));
        if (persistent && (undefineFlags & QemuDomains.UNDEFINE_TPM) != 0
                || !persistent && (undefineFlags & QemuDomains.UNDEFINE_KEEP_TPM) == 0) {
            QemuProcess.deleteTree(storageRoot().resolve(def.uuid().toString()));
        }
    }

    /** virDomainUndefineFlags' check before anything is removed. */
    static void checkUndefineFlags(int flags) {
        if ((flags & QemuDomains.UNDEFINE_TPM) != 0 && (flags & QemuDomains.UNDEFINE_KEEP_TPM) != 0) {
            throw VirException.of(ErrorNumber.OPERATION_INVALID, ErrorDomain.QEMU, "cannot both keep and delete TPM");
        }
    }

    private static boolean hasState(Path state, String version) {
        return Files.exists(state.resolve("2.0".equals(version) ? "tpm2-00.permall" : "tpm-00.permall"));
    }

    /** {@code <active_pcr_banks>} as swtpm_setup's comma list, or null when the XML leaves the banks alone. */
    private static String pcrBanks(XmlElem backend) {
        XmlElem banks = backend.child("active_pcr_banks");
        if (banks == null || banks.children().isEmpty()) {
            return null;
        }
        return String.join(",", banks.children().stream().map(XmlElem::name).toList());
    }

    /** qemuTPMEmulatorRunSetup (a new state) or qemuTPMEmulatorReconfigure (the PCR banks of an existing one). */
    private void setup(DomainDef def, String version, Path state, Path log, String banks, boolean reconfigure) {
        Path setup = binary("swtpm_setup");
        List<String> argv = new ArrayList<>(List.of(setup.toString()));
        if (version.equals("2.0")) {
            argv.add("--tpm2");
        }
        if (reconfigure) {
            argv.addAll(List.of("--tpm-state", state.toString(), "--logfile", log.toString(), "--pcr-banks", banks,
                    "--reconfigure"));
        } else {
            argv.addAll(List.of("--tpm-state", state.toString(), "--vmid", def.name() + ":" + def.uuid(),
                    "--logfile", log.toString(), "--createek", "--create-ek-cert", "--create-platform-cert",
                    "--lock-nvram", "--not-overwrite"));
            if (banks != null && version.equals("2.0")) {
                argv.addAll(List.of("--pcr-banks", banks));
            }
        }
        CommandResult r = config.host().run(Command.of(argv).withTimeout(Duration.ofMinutes(2)).allowingFailure());
        if (!r.succeeded()) {
            throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.QEMU, reconfigure
                    ? "Could not run '" + setup + " --reconfigure'. exitstatus: " + r.exitStatus()
                            + "; Check error log '" + log + "' for details."
                    : "Could not run '" + setup + "'. exitstatus: " + r.exitStatus() + "; Check error log '" + log
                            + "' for details.");
        }
    }

    /** virTPMEmulatorInit's lookup of swtpm and swtpm_setup. */
    private static Path binary(String name) {
        return ProcessCommandRunner.findInPath(name).orElseThrow(() -> VirException.of(ErrorNumber.SYSTEM_ERROR,
                ErrorDomain.TPM, "Unable to find '" + name + "' binary in $PATH: No such file or directory"));
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.QEMU, "interrupted waiting for swtpm");
        }
    }
}
