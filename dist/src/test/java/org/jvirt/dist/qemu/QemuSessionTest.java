package org.jvirt.dist.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qemu:///session}: an unprivileged user that this test creates runs its own jvirtd, and real virsh, as that
 * user, defines and starts a TCG guest under the user's XDG directories and stops it. Needs root (to create the
 * user), virsh, qemu and the test guest built by driver-qemu's tests; skips with the reason otherwise.
 */
class QemuSessionTest {
    private static final String USER = "jvsession";
    private static final Path VIRSH = Path.of("/usr/bin/virsh");
    private static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");
    private static final Path GUEST = Path.of(System.getProperty("java.io.tmpdir"), "jvirt-test-guest");

    @TempDir
    Path scratch;

    private Process daemon;
    private Path home;

    /** Runs argv as the session user, with its own HOME and XDG_RUNTIME_DIR. */
    private ProcessBuilder asUser(List<String> argv) {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + USER, "--regid=" + USER,
                "--init-groups", "--", "env", "-i", "HOME=" + home, "XDG_RUNTIME_DIR=" + home.resolve("run"),
                "PATH=/usr/bin:/bin", "USER=" + USER, "LOGNAME=" + USER));
        cmd.addAll(argv);
        return new ProcessBuilder(cmd).redirectErrorStream(true);
    }

    private String virsh(String commands) throws Exception {
        Process p = asUser(List.of(VIRSH.toString(), "-c", "qemu:///session?socket="
                + home.resolve("run/jvirt/libvirt-sock"), commands)).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "virsh timed out");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "virsh " + commands + ":\n" + out + "\njvirtd:\n" + log());
        return out;
    }

    private String log() {
        try {
            return Files.readString(scratch.resolve("jvirtd.log"));
        } catch (IOException e) {
            return "";
        }
    }

    /** The test class path as plain jars in a directory the session user can read (root's ~/.m2 is private). */
    private Path readableClassPath() throws IOException {
        Path lib = scratch.resolve("lib");
        Files.createDirectories(lib);
        List<Path> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(e);
            entries.add(p);
            if (p.toString().endsWith(".jar") && Files.isRegularFile(p)) {
                try (JarFile jar = new JarFile(p.toFile())) {
                    String cp = jar.getManifest() == null ? null
                            : jar.getManifest().getMainAttributes().getValue("Class-Path");
                    if (cp != null) {
                        for (String u : cp.trim().split("\\s+")) {
                            entries.add(Path.of(URI.create(u)));
                        }
                    }
                }
            }
        }
        int i = 0;
        for (Path p : entries) {
            if (Files.isRegularFile(p) && p.toString().endsWith(".jar") && !p.getFileName().toString()
                    .startsWith("surefire")) {
                Files.copy(p, lib.resolve((i++) + "-" + p.getFileName()));
            } else if (Files.isDirectory(p)) {
                Path dir = lib.resolve("dir" + (i++));
                try (var walk = Files.walk(p)) {
                    for (Path f : walk.toList()) {
                        Path t = dir.resolve(p.relativize(f).toString());
                        if (Files.isDirectory(f)) {
                            Files.createDirectories(t);
                        } else {
                            Files.copy(f, t);
                        }
                    }
                }
            }
        }
        return lib;
    }

    @Test
    void anUnprivilegedUserRunsAGuestOnItsOwnDaemon() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "unavailable: needs root to create a user");
        assumeTrue(Files.isExecutable(VIRSH) && Files.isExecutable(QEMU), "unavailable: virsh or qemu missing");
        assumeTrue(Files.isReadable(GUEST.resolve("vmlinuz")) && Files.isReadable(GUEST.resolve("initrd.gz")),
                "unavailable: test guest not built (driver-qemu's tests build it into " + GUEST + ")");
        if (new ProcessBuilder("id", USER).start().waitFor() != 0) {
            assertEquals(0, new ProcessBuilder("useradd", "--system", "--no-create-home", "--shell",
                    "/usr/sbin/nologin", USER).inheritIO().start().waitFor(), "useradd");
        }
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwxr-xr-x"));
        home = scratch.resolve("home");
        Files.createDirectories(home.resolve("run"));
        Path lib = readableClassPath();
        assertEquals(0, new ProcessBuilder("chown", "-R", USER + ":" + USER, home.toString()).start().waitFor());
        assertEquals(0, new ProcessBuilder("chmod", "-R", "a+rX", lib.toString()).start().waitFor());
        StringBuilder cp = new StringBuilder();
        try (var s = Files.list(lib)) {
            for (Path p : s.sorted().toList()) {
                cp.append(cp.isEmpty() ? "" : ":").append(p);
            }
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        daemon = asUser(List.of(java, "-cp", cp.toString(), "org.jvirt.daemon.Jvirtd"))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(scratch.resolve("jvirtd.log").toFile())).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(home.resolve("run/jvirt/libvirt-sock"))) {
            assertTrue(daemon.isAlive(), "jvirtd died: " + log());
            assertTrue(System.nanoTime() < deadline, "jvirtd did not listen: " + log());
            Thread.sleep(50);
        }
        Path xml = home.resolve("vs1.xml");
        Files.writeString(xml, """
                <domain type='qemu'>
                  <name>vs1</name>
                  <memory unit='MiB'>96</memory>
                  <os>
                    <type arch='x86_64' machine='pc'>hvm</type>
                    <kernel>%s</kernel>
                    <initrd>%s</initrd>
                    <cmdline>console=ttyS0 panic=-1</cmdline>
                  </os>
                  <devices><serial type='pty'/><memballoon model='none'/></devices>
                </domain>
                """.formatted(GUEST.resolve("vmlinuz"), GUEST.resolve("initrd.gz")));
        assertEquals("qemu:///session", virsh("uri").strip().replaceFirst("\\?.*", ""));
        virsh("define " + xml);
        assertTrue(Files.exists(home.resolve(".config/jvirt/qemu/vs1.xml")), "config in the user's XDG dir");
        virsh("start vs1");
        assertEquals("running (booted)", virsh("domstate --reason vs1").strip());
        long qemuPid = Long.parseLong(Files.readString(home.resolve("run/jvirt/qemu/run/vs1.pid")).strip());
        String owner = Files.getOwner(Path.of("/proc", Long.toString(qemuPid))).getName();
        assertEquals(USER, owner, "QEMU runs as the session user");
        virsh("destroy vs1");
        assertEquals("shut off (destroyed)", virsh("domstate --reason vs1").strip());
        virsh("undefine vs1");
    }

    @AfterEach
    void stop() throws Exception {
        if (home != null) {
            Path pid = home.resolve("run/jvirt/qemu/run/vs1.pid");
            if (Files.exists(pid)) {
                ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(ProcessHandle::destroy);
            }
        }
        if (daemon != null) {
            daemon.destroy();
            if (!daemon.waitFor(10, TimeUnit.SECONDS)) {
                daemon.destroyForcibly();
            }
        }
    }
}
