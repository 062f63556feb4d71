package org.jvirt.qemu.caps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jvirt.host.AtomicFile;
import org.jvirt.qemu.caps.QemuCapsProbe.Exchange;
import org.jvirt.qemu.monitor.Json;
import org.jvirt.qemu.monitor.JsonParser;

/**
 * Probe results cached per binary (libvirt's virFileCache of qemuCaps under /var/cache/libvirt/qemu/capabilities):
 * one file per binary named by the SHA-256 of its path, holding the binary's mtime and size at probe time and the raw
 * transcripts. An entry is used only while the binary's mtime and size are unchanged and {@link #FORMAT} matches,
 * so upgrading QEMU or jvirt re-probes. Files are written atomically; a corrupt file is treated as absent.
 */
public final class QemuCapsCache {
    private static final System.Logger LOG = System.getLogger("org.jvirt.qemu.caps");
    /** Bump when the probe sequence or the file layout changes. */
    static final int FORMAT = 3;

    /** How to obtain the transcripts for a binary (the real probe, or a replay in tests). */
    public interface Prober {
        /** Returns [tcg transcript, kvm transcript (maybe empty)]. */
        List<List<Exchange>> probe(Path binary);
    }

    private final Path dir;
    private final Prober prober;
    private final Map<Path, QemuCaps> memory = new ConcurrentHashMap<>();

    public QemuCapsCache(Path dir, Prober prober) {
        this.dir = dir;
        this.prober = prober;
    }

    /** The real prober: TCG always, KVM when /dev/kvm opens and QEMU confirms it. */
    public static Prober liveProber(Path runDir) {
        return binary -> {
            List<Exchange> kvm = List.of();
            if (Files.isReadable(Path.of("/dev/kvm")) && Files.isWritable(Path.of("/dev/kvm"))) {
                try {
                    kvm = QemuCapsProbe.probeBinary(binary, "kvm", runDir);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "KVM probe of {0} failed: {1}", binary, e.getMessage());
                }
            }
            return List.of(QemuCapsProbe.probeBinary(binary, "tcg", runDir), kvm);
        };
    }

    /** The caps of {@code binary}: from memory, else from the cache file, else by probing (and storing). */
    public QemuCaps get(Path binary) {
        Stamp now = Stamp.of(binary);
        QemuCaps cached = memory.get(binary);
        Path file = dir.resolve(key(binary) + ".json");
        if (cached != null && now.equals(stampOfFile(file))) {
            return cached;
        }
        QemuCaps caps = load(file, binary, now);
        if (caps == null) {
            List<List<Exchange>> t = prober.probe(binary);
            caps = QemuCapsParser.parse(binary, t.get(0), t.get(1));
            store(file, binary, now, t);
        }
        memory.put(binary, caps);
        return caps;
    }

    /** Binary path + mtime + size: what must be unchanged for a cache entry to stay valid. */
    record Stamp(long mtimeNanos, long size) {
        static Stamp of(Path binary) {
            try {
                BasicFileAttributes a = Files.readAttributes(binary, BasicFileAttributes.class);
                return new Stamp(a.lastModifiedTime().toInstant().getEpochSecond() * 1_000_000_000L
                        + a.lastModifiedTime().toInstant().getNano(), a.size());
            } catch (IOException e) {
                throw org.jvirt.core.VirException.of(org.jvirt.core.ErrorNumber.SYSTEM_ERROR,
                        org.jvirt.core.ErrorDomain.QEMU, "Cannot check QEMU binary " + binary + ": " + e.getMessage());
            }
        }
    }

    private Stamp stampOfFile(Path file) {
        try {
            Json.Obj o = (Json.Obj) JsonParser.parse(Files.readString(file));
            return new Stamp(o.num("mtime", -1), o.num("size", -1));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private QemuCaps load(Path file, Path binary, Stamp now) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read {0}: {1}", file, e.getMessage());
            return null;
        }
        try {
            Json.Obj o = (Json.Obj) JsonParser.parse(text);
            if (o.num("format", -1) != FORMAT || !binary.toString().equals(o.str("binary"))
                    || !now.equals(new Stamp(o.num("mtime", -1), o.num("size", -1)))) {
                return null;
            }
            return QemuCapsParser.parse(binary, exchanges(o.arr("tcg")), exchanges(o.arr("kvm")));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "ignoring corrupt capabilities cache {0}: {1}", file, e.getMessage());
            return null;
        }
    }

    private void store(Path file, Path binary, Stamp stamp, List<List<Exchange>> t) {
        Json.Obj o = Json.object("format", FORMAT, "binary", binary.toString(), "mtime", stamp.mtimeNanos(),
                "size", stamp.size(), "tcg", json(t.get(0)), "kvm", json(t.get(1)));
        try {
            Files.createDirectories(dir);
            AtomicFile.write(file, o.write().getBytes(StandardCharsets.UTF_8), AtomicFile.DEFAULT_MODE);
        } catch (IOException | RuntimeException e) {
            // A cache that cannot be written only costs a re-probe next time.
            LOG.log(System.Logger.Level.WARNING, "cannot store capabilities cache {0}: {1}", file, e.getMessage());
        }
    }

    private static Json json(List<Exchange> t) {
        List<Json> l = new ArrayList<>();
        for (Exchange e : t) {
            l.add(new Json.Arr(List.of(e.request(), e.reply())));
        }
        return new Json.Arr(l);
    }

    private static List<Exchange> exchanges(List<Json> l) {
        List<Exchange> out = new ArrayList<>();
        for (Json j : l) {
            List<Json> pair = ((Json.Arr) j).items();
            out.add(new Exchange((Json.Obj) pair.get(0), (Json.Obj) pair.get(1)));
        }
        return out;
    }

    static String key(Path binary) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(binary.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
