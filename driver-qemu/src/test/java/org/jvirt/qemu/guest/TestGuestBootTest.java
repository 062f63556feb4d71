package org.jvirt.qemu.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.jvirt.host.Command;
import org.jvirt.host.ManagedProcess;
import org.jvirt.host.ProcessCommandRunner;
import org.jvirt.qemu.monitor.Json;
import org.jvirt.qemu.monitor.QmpConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boots the test guest with plain QEMU (no jvirt driver) and checks the console protocol end to end.
 *
 * <p>It uses TCG ({@code -accel tcg}), not KVM, on purpose: /dev/kvm on the development hosts is a paravirtual
 * {@code kvm_pvm} nested inside another VM, on which a stock Debian kernel cannot boot (instruction emulation fails;
 * see /work/shared/docs/TEST-GUEST.md, pitfall 1). TCG boots it in about 2 s. 96 MiB because the kernel does not
 * fit in 64 MiB (pitfall 2).
 */
class TestGuestBootTest {
    private static final System.Logger LOG = System.getLogger("org.jvirt.qemu.guest");
    private static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");
    private static final String MAC = "52:54:00:12:34:56";
    private static final long DISK_BYTES = 16L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void bootsReportsDevicesAndPowersOffOnAcpiButton() throws Exception {
        assumeTrue(Files.isExecutable(QEMU), "unavailable: qemu-system-x86_64 not installed");
        TestGuestBuilder.TestGuest guest = TestGuestBuilder.assumeGuest();
        LOG.log(System.Logger.Level.INFO, "guest {0} {1} ({2}) in {3} ms", guest.kernelPackage(),
                guest.kernelVersion(), guest.fromCache() ? "cached" : "built", guest.buildTime().toMillis());

        Path disk = dir.resolve("disk0.raw");
        new ProcessCommandRunner().run(Command.of("qemu-img", "create", "-q", "-f", "raw", disk.toString(),
                Long.toString(DISK_BYTES)));
        Path console = dir.resolve("console.sock");
        Path qmp = dir.resolve("qmp.sock");
        long t0 = System.nanoTime();
        ManagedProcess qemu = ManagedProcess.spawn(ManagedProcess.Spec.of(List.of(QEMU.toString(),
                "-accel", "tcg", "-machine", "pc", "-m", "96", "-smp", "1", "-nodefaults", "-nographic",
                "-no-user-config", "-kernel", guest.kernel().toString(), "-initrd", guest.initrd().toString(),
                "-append", "console=ttyS0 panic=-1",
                "-serial", "unix:" + console + ",server=on,wait=off",
                "-qmp", "unix:" + qmp + ",server=on,wait=off",
                "-drive", "file=" + disk + ",format=raw,if=none,id=drive0",
                "-device", "virtio-blk-pci,drive=drive0",
                "-netdev", "user,id=net0", "-device", "virtio-net-pci,netdev=net0,mac=" + MAC),
                dir.resolve("qemu.log")));
        try (GuestConsole con = GuestConsole.connectUnix(console, Duration.ofSeconds(10));
             QmpConnection mon = new QmpConnection("testguest", event -> {})) {
            con.awaitLine("GUEST READY", Duration.ofSeconds(45));
            long ready = System.nanoTime();
            assertEquals(List.of("GUEST NET eth0 " + MAC), con.seen("GUEST NET"), con.tail(40));
            assertEquals(List.of("GUEST BLOCK vda " + DISK_BYTES), con.seen("GUEST BLOCK"), con.tail(40));
            assertEquals(List.of(), con.seen("GUEST WARN"), "power button armed, every module loaded");

            // The console shell evals what is typed.
            con.send("echo GUEST ECHO $((6*7))");
            con.awaitLine("GUEST ECHO 42", Duration.ofSeconds(10));

            mon.connect(qmp, Duration.ofSeconds(10));
            // Live hot-plug of a second virtio disk (i440fx ACPI PCI hotplug) reaches the guest's uevent hook.
            Path disk1 = dir.resolve("disk1.raw");
            new ProcessCommandRunner().run(Command.of("qemu-img", "create", "-q", "-f", "raw", disk1.toString(),
                    "1M"));
            mon.execute("blockdev-add", Json.object("driver", "raw", "node-name", "hp1",
                    "file", Json.object("driver", "file", "filename", disk1.toString())), Duration.ofSeconds(10));
            mon.execute("device_add", Json.object("driver", "virtio-blk-pci", "drive", "hp1", "id", "hp1"),
                    Duration.ofSeconds(10));
            con.awaitLine("GUEST HOTPLUG add block vdb", Duration.ofSeconds(15));
            mon.execute("device_del", Json.object("id", "hp1"), Duration.ofSeconds(10));
            con.awaitLine("GUEST HOTPLUG remove block vdb", Duration.ofSeconds(15));

            long down = System.nanoTime();
            mon.execute("system_powerdown", Duration.ofSeconds(10));
            con.awaitLine("GUEST POWEROFF", Duration.ofSeconds(15));
            OptionalInt rc = qemu.waitFor(Duration.ofSeconds(15));
            long gone = System.nanoTime();
            assertEquals(OptionalInt.of(0), rc, "QEMU exits by itself after the guest powers off");
            LOG.log(System.Logger.Level.INFO, "boot to READY {0} ms, system_powerdown to QEMU exit {1} ms",
                    (ready - t0) / 1_000_000, (gone - down) / 1_000_000);
            System.out.printf("TestGuestBootTest: build %d ms (%s), boot to READY %d ms, poweroff %d ms%n",
                    guest.buildTime().toMillis(), guest.fromCache() ? "cached" : "cold", (ready - t0) / 1_000_000,
                    (gone - down) / 1_000_000);
        } finally {
            qemu.kill(Duration.ofSeconds(2));
        }
        assertTrue(!qemu.isAlive());
    }
}
