package org.jvirt.qemu.caps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.host.ManagedProcess;
import org.jvirt.qemu.monitor.Json;
import org.jvirt.qemu.monitor.QmpConnection;
import org.jvirt.qemu.monitor.QmpException;
import org.jvirt.qemu.monitor.QmpListener;

/**
 * Probes a QEMU binary the way libvirt's virQEMUCapsInitQMP does: start it with {@code -machine none} and no
 * devices, ask over QMP, quit. The result is a transcript of (command, reply) pairs, which {@link QemuCapsParser}
 * turns into {@link QemuCaps}, {@link QemuCapsCache} stores, and {@link org.jvirt.qemu.monitor.FakeQmpPeer} can replay.
 * The sequence of commands depends only on earlier replies, so a replay asks exactly what the live probe asked.
 */
public final class QemuCapsProbe {
    private static final System.Logger LOG = System.getLogger("org.jvirt.qemu.caps");
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** Devices whose properties libvirt-style flags need (only those the binary has are asked for). */
    static final List<String> DEVICES_WITH_PROPS = List.of("virtio-blk-pci", "virtio-net-pci", "virtio-scsi-pci",
            "virtio-balloon-pci", "scsi-disk", "ide-hd", "usb-storage", "vfio-pci", "qxl-vga", "virtio-gpu-pci",
            "pcie-root-port", "usb-redir", "virtio-rng-pci");

    /** One command and QEMU's reply (the reply may be an error). */
    public record Exchange(Json.Obj request, Json.Obj reply) {}

    private QemuCapsProbe() {}

    /** Probes with TCG, and with KVM too when /dev/kvm can be opened and QEMU confirms KVM works. */
    public static QemuCaps probe(Path binary, Path runDir) {
        List<Exchange> kvm = List.of();
        if (Files.isReadable(Path.of("/dev/kvm")) && Files.isWritable(Path.of("/dev/kvm"))) {
            try {
                kvm = probeBinary(binary, "kvm", runDir);
            } catch (VirException | QmpException e) {
                LOG.log(System.Logger.Level.DEBUG, "KVM probe of {0} failed: {1}", binary, e.getMessage());
            }
        }
        List<Exchange> tcg = probeBinary(binary, "tcg", runDir);
        return QemuCapsParser.parse(binary, tcg, kvm);
    }

    /** Launches {@code binary -accel ACCEL} and runs {@link #query} against it. */
    public static List<Exchange> probeBinary(Path binary, String accel, Path runDir) {
        Path dir;
        try {
            Files.createDirectories(runDir);
            dir = Files.createTempDirectory(runDir, "probe-");
        } catch (IOException e) {
            throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.QEMU,
                    "cannot create directory '" + runDir + "': " + e.getMessage());
        }
        Path sock = dir.resolve("qmp.monitor");
        Path log = dir.resolve("qemu.log");
        ManagedProcess qemu = ManagedProcess.spawn(ManagedProcess.Spec.of(List.of(binary.toString(), "-S",
                "-no-user-config", "-nodefaults", "-nographic", "-machine", "none", "-accel", accel, "-qmp",
                "unix:" + sock + ",server=on,wait=off"), log));
        try (QmpConnection conn = new QmpConnection("probe", QmpListener.NONE)) {
            waitForSocket(binary, qemu, sock, log);
            conn.connect(sock, TIMEOUT);
            List<Exchange> t = query(conn, accel.equals("kvm"));
            try {
                conn.execute("quit", TIMEOUT);
            } catch (QmpException e) {
                // QEMU may close the socket before the reply: it is quitting either way
            }
            qemu.waitFor(Duration.ofSeconds(5));
            return t;
        } finally {
            if (qemu.isAlive()) {
                qemu.kill(Duration.ofSeconds(2));
            }
            deleteQuietly(sock);
            deleteQuietly(log);
            deleteQuietly(dir);
        }
    }

    /**
     * The query sequence. Optional commands that fail (SEV on a host without it) are recorded with their error
     * reply, as libvirt's .replies files do.
     */
    public static List<Exchange> query(QmpConnection conn, boolean kvm) {
        List<Exchange> out = Collections.synchronizedList(new ArrayList<>());
        conn.setTranscript((req, reply) -> out.add(new Exchange(req, reply)));
        try {
            conn.execute("query-version", TIMEOUT);
            conn.execute("query-target", TIMEOUT);
            conn.execute("query-commands", TIMEOUT);
            optional(conn, "query-qmp-schema", null);
            conn.execute("query-kvm", TIMEOUT);
            Json types = conn.execute("qom-list-types", TIMEOUT);
            conn.execute("query-machines", TIMEOUT);
            optional(conn, "query-cpu-definitions", null);
            // libvirt's host CPU probe: the static expansion names the base model, the full one lists every
            // property with its value.
            for (String type : List.of("static", "full")) {
                optional(conn, "query-cpu-model-expansion", Json.object("type", type,
                        "model", Json.object("name", kvm ? "host" : "max")));
            }
            optional(conn, "query-tpm-models", null);
            optional(conn, "query-tpm-types", null);
            optional(conn, "query-sev-capabilities", null);
            optional(conn, "query-sgx-capabilities", null);
            Set<String> have = QemuCapsParser.typeNames(types);
            for (String dev : DEVICES_WITH_PROPS) {
                if (have.contains(dev)) {
                    optional(conn, "device-list-properties", Json.object("typename", dev));
                }
            }
            return List.copyOf(out);
        } finally {
            conn.setTranscript(null);
        }
    }

    private static void optional(QmpConnection conn, String cmd, Json.Obj args) {
        try {
            conn.execute(cmd, args, TIMEOUT);
        } catch (QmpException.CommandFailed e) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: {1}", cmd, e.desc());
        }
    }

    /** QEMU creates the socket after parsing its command line; a QEMU that dies first leaves its reason in the log. */
    private static void waitForSocket(Path binary, ManagedProcess qemu, Path sock, Path log) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!Files.exists(sock)) {
            if (!qemu.isAlive() || System.nanoTime() > deadline) {
                String why = "";
                try {
                    why = Files.readString(log).strip();
                } catch (IOException e) {
                    why = e.getMessage();
                }
                throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.QEMU,
                        "Failed to probe capabilities for " + binary + ": " + why);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.QEMU, "interrupted");
            }
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot delete {0}: {1}", p, e.getMessage());
        }
    }
}
