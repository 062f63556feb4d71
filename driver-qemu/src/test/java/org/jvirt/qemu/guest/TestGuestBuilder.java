package org.jvirt.qemu.guest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jvirt.core.VirException;
import org.jvirt.host.AtomicFile;
import org.jvirt.host.Command;
import org.jvirt.host.CommandResult;
import org.jvirt.host.CommandRunner;
import org.jvirt.host.ProcessCommandRunner;
import org.junit.jupiter.api.Assumptions;

/**
 * Builds the tiny bootable test guest of /work/shared/docs/TEST-GUEST.md: Debian's versioned cloud kernel (downloaded
 * with {@code apt-get download} and unpacked with {@code dpkg-deb -x}, never installed) and a busybox-static initramfs
 * whose {@code /init} speaks the "GUEST ..." console protocol.
 *
 * <p>The output is cached under {@code jvirt.guest.cache} (default {@code ${java.io.tmpdir}/jvirt-test-guest}); a
 * stamp file records the package versions, the module list and a hash of the builder's scripts, so a rerun only asks
 * apt-cache for the current versions. With {@code jvirt.guest.offline=true} (or {@code GUEST_OFFLINE=1}) apt is not
 * asked at all and only the cache is used. When nothing can be built the result is {@link Result.Unavailable}, which
 * tests turn into a skip with its reason ({@link #assumeGuest()}), never a silent pass.
 */
public final class TestGuestBuilder {
    private static final System.Logger LOG = System.getLogger("org.jvirt.qemu.guest");

    /** Bump when the build steps change in a way the script hash does not see. */
    private static final String BUILDER_VERSION = "3";
    /** virtiofs (with fuse) mounts vhost-user-fs shares; the TPM TIS/CRB drivers are built into the cloud kernel. */
    public static final List<String> DEFAULT_MODULES = List.of("virtio_pci", "virtio_blk", "virtio_net",
            "virtio_console", "virtio_scsi", "sd_mod", "virtio_balloon", "evdev", "button", "virtiofs");
    private static final String KERNEL_META = "linux-image-cloud-amd64";
    private static final String BUSYBOX = "busybox-static";
    private static final List<String> SCRIPTS = List.of("init.sh", "console.sh", "uevent.sh", "power.sh",
            "shutdown.sh");
    /** The host's QEMU guest agent (Debian's qemu-guest-agent), copied into the guest with its libraries. */
    private static final List<Path> QEMU_GA = List.of(Path.of("/usr/sbin/qemu-ga"), Path.of("/usr/bin/qemu-ga"));
    private static final Duration APT_TIMEOUT = Duration.ofMinutes(5);

    /** What a build gives: the files to boot, or why there are none. */
    public sealed interface Result permits Result.Available, Result.Unavailable {
        record Available(TestGuest guest) implements Result {}

        record Unavailable(String reason) implements Result {}
    }

    /**
     * A built guest: boot {@code kernel} with {@code initrd} and {@code console=ttyS0}. {@code agent} names the
     * qemu-ga build inside it ("none" when the host has no qemu-guest-agent to copy).
     */
    public record TestGuest(Path kernel, Path initrd, String kernelPackage, String kernelVersion,
                            String busyboxVersion, List<String> modules, boolean fromCache, Duration buildTime,
                            String agent) {
        /** The guest runs qemu-ga on its org.qemu.guest_agent.0 port. */
        public boolean hasAgent() {
            return agent != null && !agent.equals("none");
        }
    }

    private final Path cacheDir;
    private final List<String> modules;
    private final boolean offline;
    private final CommandRunner runner;

    public TestGuestBuilder(Path cacheDir, List<String> modules, boolean offline, CommandRunner runner) {
        this.cacheDir = cacheDir;
        this.modules = List.copyOf(modules);
        this.offline = offline;
        this.runner = runner;
    }

    /** The builder configured from system properties and the environment, as tests use it. */
    public static TestGuestBuilder fromEnvironment() {
        String dir = System.getProperty("jvirt.guest.cache",
                Path.of(System.getProperty("java.io.tmpdir"), "jvirt-test-guest").toString());
        boolean offline = Boolean.getBoolean("jvirt.guest.offline") || "1".equals(System.getenv("GUEST_OFFLINE"));
        return new TestGuestBuilder(Path.of(dir), DEFAULT_MODULES, offline, new ProcessCommandRunner());
    }

    /** Builds (or reuses) the guest, or skips the calling test with "unavailable: reason". */
    public static TestGuest assumeGuest() {
        Result r = fromEnvironment().build();
        if (r instanceof Result.Unavailable(String reason)) {
            Assumptions.abort("unavailable: " + reason);
        }
        return ((Result.Available) r).guest();
    }

    public Path cacheDir() {
        return cacheDir;
    }

    /** Builds the guest unless the cache is current; serialised across JVMs by a lock file in the cache. */
    public Result build() {
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(cacheDir);
            try (FileChannel ch = FileChannel.open(cacheDir.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
                return buildLocked(t0);
            }
        } catch (IOException | UncheckedIOException | VirException e) {
            return new Result.Unavailable(e.getMessage());
        }
    }

    private Result buildLocked(long t0) throws IOException {
        Path stamp = cacheDir.resolve(".stamp");
        Optional<Map<String, String>> old = readStamp(stamp);
        Path kernel = cacheDir.resolve("vmlinuz");
        Path initrd = cacheDir.resolve("initrd.gz");
        boolean filesThere = Files.isRegularFile(kernel) && Files.isRegularFile(initrd);
        String hash = scriptHash();

        Optional<String[]> versions = offline ? Optional.empty() : currentVersions();
        if (versions.isEmpty()) {
            // Offline, or apt cannot tell: whatever was built last is good enough if this builder made it.
            if (old.isPresent() && filesThere && hash.equals(old.get().get("builder"))
                    && String.join(" ", modules).equals(old.get().get("modules"))) {
                return available(old.get(), kernel, initrd, true, t0);
            }
            return new Result.Unavailable(offline ? "offline and no usable guest cache in " + cacheDir
                    : "apt-cache cannot resolve " + KERNEL_META + " / " + BUSYBOX
                            + " (no apt lists? run apt-get update) and no guest cache in " + cacheDir);
        }
        String[] v = versions.get();
        Map<String, String> want = new java.util.LinkedHashMap<>();
        want.put("kernel-package", v[0]);
        want.put("kernel-version", v[1]);
        want.put("busybox-version", v[2]);
        want.put("modules", String.join(" ", modules));
        want.put("builder", hash);
        want.put("qemu-ga", hostAgent().map(TestGuestBuilder::agentStamp).orElse("none"));
        if (filesThere && old.isPresent() && old.get().equals(want)) {
            return available(want, kernel, initrd, true, t0);
        }
        Path debs = cacheDir.resolve(".debs");
        Files.createDirectories(debs);
        Path kdeb = fetch(debs, v[0], v[1]);
        Path bdeb = fetch(debs, BUSYBOX, v[2]);
        Path work = Files.createTempDirectory(cacheDir, "build.");
        try {
            List<String> loaded = assemble(work, kdeb, bdeb);
            Files.move(work.resolve("vmlinuz"), kernel, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            Files.move(work.resolve("initrd.gz"), initrd, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            AtomicFile.write(cacheDir.resolve("modules.order"), String.join("\n", loaded) + "\n");
            writeStamp(stamp, want);
            LOG.log(System.Logger.Level.INFO, "built test guest in {0}: {1} modules", cacheDir, loaded.size());
            return available(want, kernel, initrd, false, t0);
        } finally {
            deleteTree(work);
        }
    }

    private Result available(Map<String, String> s, Path kernel, Path initrd, boolean cached, long t0) {
        return new Result.Available(new TestGuest(kernel, initrd, s.get("kernel-package"), s.get("kernel-version"),
                s.get("busybox-version"), List.of(s.get("modules").split(" ")), cached,
                Duration.ofNanos(System.nanoTime() - t0), s.getOrDefault("qemu-ga", "none")));
    }

    /** {kernel package, its candidate version, busybox-static's candidate version}, or empty if apt cannot say. */
    private Optional<String[]> currentVersions() {
        CommandResult dep = runner.run(Command.of("apt-cache", "depends", KERNEL_META).allowingFailure());
        String pkg = null;
        for (String line : dep.stdout().lines().toList()) {
            String t = line.strip();
            if (t.startsWith("Depends: linux-image-") && t.endsWith("-cloud-amd64")) {
                pkg = t.substring("Depends: ".length());
                break;
            }
        }
        if (pkg == null) {
            return Optional.empty();
        }
        Optional<String> kv = candidate(pkg);
        Optional<String> bv = candidate(BUSYBOX);
        if (kv.isEmpty() || bv.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new String[] {pkg, kv.get(), bv.get()});
    }

    private Optional<String> candidate(String pkg) {
        CommandResult r = runner.run(Command.of("apt-cache", "policy", pkg).allowingFailure());
        return r.stdout().lines().map(String::strip).filter(l -> l.startsWith("Candidate: "))
                .map(l -> l.substring("Candidate: ".length())).filter(c -> !c.equals("(none)")).findFirst();
    }

    /** The .deb of {@code pkg} at {@code version}, downloaded into {@code debs} unless already there. */
    private Path fetch(Path debs, String pkg, String version) throws IOException {
        Optional<Path> have = findDeb(debs, pkg, version);
        if (have.isPresent()) {
            return have.get();
        }
        // apt-get download writes into the working directory; the sandbox option avoids the _apt warning as root.
        CommandResult r = runner.run(Command.of("sh", "-c", "cd \"$1\" && shift && exec \"$@\"", "sh",
                debs.toString(), "apt-get", "download", "-q", "-o", "APT::Sandbox::User=root", pkg + "=" + version)
                .withTimeout(APT_TIMEOUT).allowingFailure());
        if (!r.succeeded()) {
            throw new IOException("apt-get download " + pkg + "=" + version + " failed: "
                    + firstLine(r.stderr().isBlank() ? r.stdout() : r.stderr()));
        }
        return findDeb(debs, pkg, version).orElseThrow(() ->
                new IOException("apt-get download left no .deb of " + pkg + " in " + debs));
    }

    private Optional<Path> findDeb(Path debs, String pkg, String version) throws IOException {
        try (Stream<Path> s = Files.list(debs)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(pkg + "_")
                    && p.getFileName().toString().endsWith(".deb")).toList()) {
                CommandResult r = runner.run(Command.of("dpkg-deb", "-f", p.toString(), "Version").allowingFailure());
                if (r.succeeded() && r.stdout().strip().equals(version)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** Unpacks both packages and writes {@code work/vmlinuz} and {@code work/initrd.gz}; returns the module order. */
    private List<String> assemble(Path work, Path kdeb, Path bdeb) throws IOException {
        Path kx = work.resolve("kernel");
        Path bx = work.resolve("busybox");
        run("dpkg-deb", "-x", kdeb.toString(), kx.toString());
        run("dpkg-deb", "-x", bdeb.toString(), bx.toString());
        Path vmlinuz;
        try (Stream<Path> s = Files.list(kx.resolve("boot"))) {
            vmlinuz = s.filter(p -> p.getFileName().toString().startsWith("vmlinuz-")).findFirst()
                    .orElseThrow(() -> new IOException("no boot/vmlinuz-* in " + kdeb.getFileName()));
        }
        Files.copy(vmlinuz, work.resolve("vmlinuz"));
        Path busybox = bx.resolve("bin/busybox");
        if (!Files.isExecutable(busybox)) {
            throw new IOException("no bin/busybox in " + bdeb.getFileName());
        }

        Map<String, Path> kos = new HashMap<>();
        try (Stream<Path> s = Files.walk(kx.resolve("lib/modules"))) {
            s.filter(p -> p.getFileName().toString().endsWith(".ko"))
                    .forEach(p -> kos.put(moduleName(p.getFileName().toString()), p));
        }
        List<String> order = new ArrayList<>();
        LinkedHashSet<String> visiting = new LinkedHashSet<>();
        for (String m : modules) {
            addWithDeps(moduleName(m), kos, order, visiting);
        }

        Path root = work.resolve("root");
        for (String d : List.of("bin", "sbin", "etc", "proc", "sys", "dev", "tmp", "run", "lib/modules",
                "usr/bin", "usr/sbin")) {
            Files.createDirectories(root.resolve(d));
        }
        var exec = PosixFilePermissions.fromString("rwxr-xr-x");
        Files.copy(busybox, root.resolve("bin/busybox"));
        Files.setPosixFilePermissions(root.resolve("bin/busybox"), exec);
        Files.createSymbolicLink(root.resolve("bin/sh"), Path.of("busybox"));
        writeScript(root.resolve("init"), "init.sh");
        writeScript(root.resolve("etc/console.sh"), "console.sh");
        writeScript(root.resolve("etc/uevent.sh"), "uevent.sh");
        for (String p : List.of("poweroff", "reboot", "halt")) {
            writeScript(root.resolve("sbin/" + p), "power.sh");
        }
        writeScript(root.resolve("sbin/shutdown"), "shutdown.sh");
        Optional<Path> agent = hostAgent();
        if (agent.isPresent()) {
            copyWithLibraries(agent.get(), root, root.resolve("usr/sbin/qemu-ga"));
        }
        for (String m : order) {
            Files.copy(kos.get(m), root.resolve("lib/modules/" + m + ".ko"));
        }
        Files.writeString(root.resolve("etc/modules"), String.join("\n", order) + "\n");
        // The host has no GNU cpio: the package's own static busybox packs the archive.
        run("sh", "-c", "cd \"$1\" && find . | \"$2\" cpio -o -H newc -R 0:0 2>/dev/null | gzip -9n > \"$3\"",
                "sh", root.toString(), busybox.toAbsolutePath().toString(),
                work.resolve("initrd.gz").toAbsolutePath().toString());
        return order;
    }

    /** The host's qemu-ga, if qemu-guest-agent is installed. */
    private static Optional<Path> hostAgent() {
        return QEMU_GA.stream().filter(Files::isExecutable).findFirst();
    }

    /** Which qemu-ga went in: path, size and modification time, so an upgrade rebuilds the guest. */
    private static String agentStamp(Path ga) {
        try {
            return ga + ":" + Files.size(ga) + ":" + Files.getLastModifiedTime(ga).toMillis();
        } catch (IOException e) {
            return "none";
        }
    }

    /**
     * Copies a dynamically linked host binary to {@code target} and every library {@code ldd} lists, plus the
     * dynamic loader, to the same paths under {@code root} (symlinks resolved), so it runs in the busybox guest.
     */
    private void copyWithLibraries(Path binary, Path root, Path target) throws IOException {
        CommandResult r = runner.run(Command.of("ldd", binary.toString()).withTimeout(APT_TIMEOUT)
                .allowingFailure());
        if (!r.succeeded()) {
            throw new IOException("ldd " + binary + " failed: " + firstLine(r.stderr()));
        }
        Files.createDirectories(target.getParent());
        Files.copy(binary, target, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String line : r.stdout().lines().toList()) {
            String t = line.strip();
            String lib = null;
            int arrow = t.indexOf("=> ");
            if (arrow >= 0) {
                lib = t.substring(arrow + 3).split("\\s+")[0];
            } else if (t.startsWith("/")) {
                lib = t.split("\\s+")[0]; // the dynamic loader
            }
            if (lib == null || !lib.startsWith("/")) {
                continue; // linux-vdso has no file
            }
            Path dest = root.resolve(lib.substring(1));
            Files.createDirectories(dest.getParent());
            Files.copy(Path.of(lib).toRealPath(), dest, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(dest, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** Depth-first, dependencies first: the order insmod needs, since the .deb carries no modules.dep. */
    private static void addWithDeps(String name, Map<String, Path> kos, List<String> order, LinkedHashSet<String> visiting)
            throws IOException {
        if (order.contains(name)) {
            return;
        }
        Path ko = kos.get(name);
        if (ko == null) {
            throw new IOException("kernel module " + name + " is not in the kernel package");
        }
        if (!visiting.add(name)) {
            throw new IOException("kernel module dependency cycle: " + visiting);
        }
        for (String dep : modinfoDepends(Files.readAllBytes(ko))) {
            addWithDeps(moduleName(dep), kos, order, visiting);
        }
        visiting.remove(name);
        order.add(name);
    }

    /** The {@code depends=} entry of a module's .modinfo section (NUL-terminated "key=value" strings). */
    static List<String> modinfoDepends(byte[] ko) {
        byte[] key = "depends=".getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + key.length <= ko.length; i++) {
            for (int j = 0; j < key.length; j++) {
                if (ko[i + j] != key[j]) {
                    continue outer;
                }
            }
            if (i > 0 && ko[i - 1] != 0) {
                continue;
            }
            int end = i + key.length;
            while (end < ko.length && ko[end] != 0) {
                end++;
            }
            String v = new String(ko, i + key.length, end - i - key.length, StandardCharsets.US_ASCII);
            return v.isEmpty() ? List.of() : List.of(v.split(","));
        }
        return List.of();
    }

    /** Module names use '_' where file names may use '-'; the kernel treats them alike. */
    static String moduleName(String fileOrName) {
        String n = fileOrName.endsWith(".ko") ? fileOrName.substring(0, fileOrName.length() - 3) : fileOrName;
        return n.replace('-', '_');
    }

    private static void writeScript(Path target, String resource) throws IOException {
        Files.write(target, resource(resource));
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = TestGuestBuilder.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            return in.readAllBytes();
        }
    }

    private static String scriptHash() throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(BUILDER_VERSION.getBytes(StandardCharsets.US_ASCII));
            for (String s : SCRIPTS) {
                md.update(resource(s));
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void run(String... argv) throws IOException {
        CommandResult r = runner.run(Command.of(argv).withTimeout(APT_TIMEOUT).allowingFailure());
        if (!r.succeeded()) {
            throw new IOException(argv[0] + " failed (" + r.exitStatus() + "): " + firstLine(r.stderr()));
        }
    }

    private static String firstLine(String s) {
        return s.strip().lines().findFirst().orElse("");
    }

    private static Optional<Map<String, String>> readStamp(Path stamp) throws IOException {
        if (!Files.isRegularFile(stamp)) {
            return Optional.empty();
        }
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (String line : Files.readAllLines(stamp)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return Optional.of(m);
    }

    private static void writeStamp(Path stamp, Map<String, String> m) {
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        AtomicFile.write(stamp, b.toString());
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot remove " + dir, e);
        }
    }
}
