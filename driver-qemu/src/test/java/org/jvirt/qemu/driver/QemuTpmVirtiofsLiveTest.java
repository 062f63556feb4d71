package org.jvirt.qemu.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.stream.Stream;
import org.jvirt.api.Connect;
import org.jvirt.api.Domain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.host.ManagedProcess;
import org.jvirt.host.ProcessCommandRunner;
import org.jvirt.host.ProcessId;
import org.jvirt.qemu.guest.GuestConsole;
import org.jvirt.qemu.guest.TestGuestBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real swtpm and virtiofsd behind real guests, under TCG ({@code type='qemu'}: /dev/kvm here cannot boot a stock
 * kernel; the driver builds the same for KVM). A TPM 2.0 guest sees its TPM (/sys/class/tpm/tpm0, /dev/tpm0) and
 * QEMU's query-tpm shows the emulator; swtpm outlives a driver restart and is gone after destroy; the TPM's state
 * follows libvirt's undefine flags. A virtiofs guest mounts the share and reads what the test wrote on the host.
 */
class QemuTpmVirtiofsLiveTest {
    private static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");
    private static final Path VIRTIOFSD = Path.of("/usr/lib/qemu/virtiofsd");

    /** Not a JUnit @TempDir: the sockets' paths must stay under the 108 bytes of sun_path. */
    private Path root;

    @BeforeEach
    void makeRoot() throws Exception {
        root = Files.createTempDirectory(Path.of("/tmp"), "jvt");
    }

    /** Whatever failed, no swtpm or virtiofsd started under this test's root survives it. */
    @AfterEach
    void removeRoot() throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path pid : s.filter(p -> p.toString().endsWith("-swtpm.pid")
                    || p.toString().endsWith("-virtiofsd.pid")).toList()) {
                OptionalInt n = ManagedProcess.readPidFile(pid);
                if (n.isPresent()) {
                    ProcessId.of(n.getAsInt()).flatMap(id -> ManagedProcess.adopt(id, pid))
                            .ifPresent(p -> p.kill(Duration.ofSeconds(2)));
                }
            }
        }
        QemuProcess.deleteTree(root);
    }

    private static void assumeTools(Path... tools) {
        assumeTrue(Files.isExecutable(QEMU), "unavailable: qemu-system-x86_64 not installed");
        for (Path t : tools) {
            assumeTrue(Files.isExecutable(t), "unavailable: " + t + " not installed");
        }
    }

    private static Path which(String name) {
        return ProcessCommandRunner.findInPath(name).orElse(Path.of("/nonexistent/" + name));
    }

    private Path domainDir(Domain d) {
        return root.resolve("var/lib/jvirt/qemu/domain-" + d.getID() + "-" + d.getName());
    }

    private static long swtpmPid(Path domainDir) {
        OptionalInt pid = ManagedProcess.readPidFile(domainDir.resolve("tpm0-swtpm.pid"));
        assertTrue(pid.isPresent(), "swtpm pidfile in " + domainDir);
        assertEquals("swtpm", ProcessId.stat(pid.getAsInt()).orElseThrow().comm());
        return pid.getAsInt();
    }

    private static void awaitGone(long pid, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ProcessId.stat(pid).filter(s -> s.state() != 'Z').isPresent()) {
            assertTrue(System.nanoTime() < deadline, what + " (pid " + pid + ") still runs");
            Thread.sleep(50);
        }
    }

    static String tpmXml(String name, TestGuestBuilder.TestGuest g) {
        return LiveGuests.guestXml(name, g).replace("<memballoon model='none'/>",
                "<tpm model='tpm-tis'><backend type='emulator' version='2.0'/></tpm><memballoon model='none'/>");
    }

    @Test
    void tpmGuestSeesItsSwtpmWhichSurvivesARestartAndGoesWithDestroy() throws Exception {
        assumeTools(which("swtpm"), which("swtpm_setup"));
        TestGuestBuilder.TestGuest g = TestGuestBuilder.assumeGuest();
        QemuDriverProvider first = LiveGuests.provider(root);
        UUID uuid;
        long swtpm;
        Path stateDir;
        try (Connect c = LiveGuests.open(first)) {
            Domain d = c.domainDefineXML(tpmXml("jv-tpm", g));
            uuid = d.getUUID();
            stateDir = root.resolve("var/lib/jvirt/swtpm/" + uuid + "/tpm2");
            long t0 = System.nanoTime();
            d = d.create();
            System.out.printf("TCG start with swtpm_setup + swtpm: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertTrue(Files.exists(stateDir.resolve("tpm2-00.permall")), "swtpm_setup made the state");
            swtpm = swtpmPid(domainDir(d));
            String tpm = d.qemuMonitorCommand("{\"execute\":\"query-tpm\"}", 0);
            assertTrue(tpm.contains("\"model\":\"tpm-tis\"") && tpm.contains("\"type\":\"emulator\"")
                    && tpm.contains("\"chardev\":\"chrtpm\"") && tpm.contains("\"id\":\"tpm-tpm0\""), tpm);
            try (GuestConsole con = GuestConsole.openPty(LiveGuests.pty(d))) {
                con.awaitLine("GUEST READY", Duration.ofSeconds(90));
                // tpm_tis is built into the cloud kernel: the guest probed the TPM while booting
                con.send("echo GUEST TPM $(ls /sys/class/tpm) $(ls /dev/tpm0) $(cat /sys/class/tpm/tpm0/tpm_version_major)");
                con.awaitLine("GUEST TPM tpm0 /dev/tpm0 2", Duration.ofSeconds(30));
            }
        } catch (Throwable t) {
            LiveGuests.destroyAll(first);
            throw t;
        } finally {
            first.stateCleanup();
        }
        assertTrue(ProcessId.stat(swtpm).isPresent(), "swtpm runs on while jvirtd is away");
        QemuDriverProvider second = LiveGuests.provider(root);
        try (Connect c = LiveGuests.open(second)) {
            Domain d = c.domainLookupByName("jv-tpm");
            assertTrue(d.isActive());
            assertEquals(swtpm, swtpmPid(domainDir(d)));
            d.destroy();
            awaitGone(swtpm, "swtpm after destroy");

            // the second start reuses the state: no swtpm_setup
            long t0 = System.nanoTime();
            Domain rerun = d.create();
            System.out.printf("TCG start with swtpm (state exists): %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            long again = swtpmPid(domainDir(rerun));
            rerun.destroy();
            awaitGone(again, "swtpm after the second destroy");

            VirException both = assertThrows(VirException.class,
                    () -> d.undefineFlags(QemuDomains.UNDEFINE_TPM | QemuDomains.UNDEFINE_KEEP_TPM));
            assertEquals(ErrorNumber.OPERATION_INVALID, both.code());
            assertEquals("Requested operation is not valid: cannot both keep and delete TPM", both.getMessage());
            d.undefineFlags(QemuDomains.UNDEFINE_KEEP_TPM);
            assertTrue(Files.exists(stateDir.resolve("tpm2-00.permall")), "--keep-tpm keeps the state");
            Domain back = c.domainDefineXML(tpmXml("jv-tpm", g).replace("<name>", "<uuid>" + uuid + "</uuid><name>"));
            back.undefine();
            assertFalse(Files.exists(stateDir.getParent()), "a plain undefine removes the TPM state");
        } finally {
            LiveGuests.destroyAll(second);
        }
    }

    @Test
    void virtiofsGuestMountsTheShareAndReadsWhatTheHostWrote() throws Exception {
        assumeTools(VIRTIOFSD);
        assumeTrue("root".equals(System.getProperty("user.name")),
                "unavailable: virtiofsd's namespace sandbox needs root");
        TestGuestBuilder.TestGuest g = TestGuestBuilder.assumeGuest();
        assumeTrue(g.modules().contains("virtiofs"), "the test guest has no virtiofs module");
        Path share = Files.createDirectories(root.resolve("share"));
        String token = "hello-from-host-" + System.nanoTime();
        Files.writeString(share.resolve("hello.txt"), token + "\n");
        QemuDriverProvider p = LiveGuests.provider(root);
        try (Connect c = LiveGuests.open(p)) {
            String xml = LiveGuests.guestXml("jv-vfs", g)
                    .replace("<vcpu>", "<memoryBacking><source type='memfd'/><access mode='shared'/>"
                            + "</memoryBacking><vcpu>")
                    .replace("<memballoon model='none'/>", """
                            <filesystem type='mount' accessmode='passthrough'>
                              <driver type='virtiofs'/>
                              <binary xattr='on'><cache mode='always'/></binary>
                              <source dir='%s'/>
                              <target dir='hostshare'/>
                            </filesystem>
                            <memballoon model='none'/>""".formatted(share));
            long t0 = System.nanoTime();
            Domain d = c.domainDefineXML(xml).create();
            System.out.printf("TCG start with virtiofsd: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            Path dir = domainDir(d);
            assertTrue(Files.exists(dir.resolve("fs0-fs.sock")), "virtiofsd listens in the domain dir");
            OptionalInt pid = ManagedProcess.readPidFile(dir.resolve("fs0-virtiofsd.pid"));
            assertTrue(pid.isPresent());
            assertEquals("virtiofsd", ProcessId.stat(pid.getAsInt()).orElseThrow().comm());
            assertTrue(Files.readString(root.resolve("var/log/jvirt/qemu/jv-vfs.log"))
                    .contains("-chardev socket,id=chr-vu-fs0,path=" + dir.resolve("fs0-fs.sock")));
            try (GuestConsole con = GuestConsole.openPty(LiveGuests.pty(d))) {
                con.awaitLine("GUEST READY", Duration.ofSeconds(90));
                con.send("mkdir -p /mnt/h && mount -t virtiofs hostshare /mnt/h && echo GUEST FS $(cat /mnt/h/hello.txt)"
                        + " && echo from-guest > /mnt/h/out.txt && sync && echo GUEST FS WROTE");
                con.awaitLine("GUEST FS " + token, Duration.ofSeconds(60));
                con.awaitLine("GUEST FS WROTE", Duration.ofSeconds(30));
            }
            assertEquals("from-guest\n", Files.readString(share.resolve("out.txt")));
            d.destroy();
            awaitGone(pid.getAsInt(), "virtiofsd after destroy");
            assertFalse(Files.exists(dir), "the domain dir with the socket is gone");
            d.undefine();
        } finally {
            LiveGuests.destroyAll(p);
        }
    }

    @Test
    void aMissingExportDirectoryFailsTheStartAsLibvirtDoes() throws Exception {
        assumeTools(VIRTIOFSD);
        TestGuestBuilder.TestGuest g = TestGuestBuilder.assumeGuest();
        QemuDriverProvider p = LiveGuests.provider(root);
        try (Connect c = LiveGuests.open(p)) {
            Path missing = root.resolve("no-such-dir");
            Domain d = c.domainDefineXML(LiveGuests.guestXml("jv-vfs2", g)
                    .replace("<vcpu>", "<memoryBacking><source type='memfd'/><access mode='shared'/>"
                            + "</memoryBacking><vcpu>")
                    .replace("<memballoon model='none'/>", "<filesystem type='mount'><driver type='virtiofs'/>"
                            + "<source dir='" + missing + "'/><target dir='t'/></filesystem>"
                            + "<memballoon model='none'/>"));
            VirException e = assertThrows(VirException.class, d::create);
            assertEquals(ErrorNumber.OPERATION_FAILED, e.code());
            assertEquals("operation failed: the virtiofs export directory '" + missing + "' does not exist",
                    e.getMessage());
            assertFalse(d.isActive());
            List<String> logs;
            try (Stream<Path> s = Files.list(root.resolve("var/lib/jvirt/qemu"))) {
                logs = s.map(Path::toString).filter(n -> n.contains("domain-")).toList();
            }
            assertEquals(List.of(), logs, "the failed start left no domain dir");
            d.undefine();
        } finally {
            LiveGuests.destroyAll(p);
        }
    }
}
