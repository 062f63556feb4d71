package org.jvirt.dist.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvirt.dist.DaemonProcess;
import org.jvirt.dist.DaemonProcess.Result;

/**
 * The QEMU driver through jvirtd with libvirt's own clients: real virsh defines, starts, pauses and stops a real
 * guest (TCG: /dev/kvm here cannot boot a stock kernel), python-libvirt reads its serial console through a stream,
 * and after {@code kill -9} of jvirtd a new jvirtd finds the guest still running and manages it. Needs root (TAPs and
 * cgroups are not used by this guest, but /run-style paths are), qemu, virsh, python3-libvirt and the test guest that
 * the driver-qemu tests build into {@code ${java.io.tmpdir}/jvirt-test-guest}; skips with the reason otherwise.
 */
class QemuDaemonTest {
    private static final Path VIRSH = Path.of("/usr/bin/virsh");
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");
    private static final Path GUEST = Path.of(System.getProperty("java.io.tmpdir"), "jvirt-test-guest");

    @TempDir
    Path root;

    private DaemonProcess jvirtd;

    private String uri() {
        return jvirtd.uri("qemu", "system");
    }

    private Result virsh(String commands) throws Exception {
        return DaemonProcess.virsh(uri(), List.of(commands));
    }

    private String virshOk(String commands) throws Exception {
        return jvirtd.virshOk(uri(), List.of(commands));
    }

    private String python(String script) throws Exception {
        Path f = root.resolve("client.py");
        Files.writeString(f, script);
        Process p = new ProcessBuilder(PYTHON.toString(), f.toString(), uri()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python client timed out");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static final String CONSOLE = """
            import libvirt, sys, time
            c = libvirt.open(sys.argv[1])
            d = c.lookupByName('vq1')
            s = c.newStream(0)
            d.openConsole(None, s, 0)
            buf = b''
            def until(text, secs):
                global buf
                t0 = time.time()
                while text not in buf and time.time() - t0 < secs:
                    r = s.recv(4096)
                    if not r:
                        break
                    buf += r
                return text in buf
            if sys.argv[-1] != 'skip-ready':
                print('ready' if until(b'GUEST READY', 90) else 'no-ready')
            s.send(b'echo GUEST ECHO $((6*7))\\n')
            print('echo' if until(b'GUEST ECHO 42', 30) else 'no-echo')
            s.abort()
            """;

    @Test
    void virshAndPythonManageARealGuestAcrossADaemonKill() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "unavailable: needs root");
        assumeTrue(Files.isExecutable(VIRSH) && Files.isExecutable(PYTHON) && Files.isExecutable(QEMU),
                "unavailable: virsh, python3 or qemu-system-x86_64 missing");
        assumeTrue(Files.exists(GUEST.resolve("vmlinuz")) && Files.exists(GUEST.resolve("initrd.gz")),
                "unavailable: test guest not built (driver-qemu's tests build it into " + GUEST + ")");
        Path xml = root.resolve("vq1.xml");
        Files.writeString(xml, """
                <domain type='qemu'>
                  <name>vq1</name>
                  <memory unit='MiB'>96</memory>
                  <vcpu>1</vcpu>
                  <os>
                    <type arch='x86_64' machine='pc'>hvm</type>
                    <kernel>%s</kernel>
                    <initrd>%s</initrd>
                    <cmdline>console=ttyS0 panic=-1</cmdline>
                  </os>
                  <features><acpi/></features>
                  <devices>
                    <serial type='pty'><target port='0'/></serial>
                    <console type='pty'><target type='serial' port='0'/></console>
                    <memballoon model='none'/>
                  </devices>
                </domain>
                """.formatted(GUEST.resolve("vmlinuz"), GUEST.resolve("initrd.gz")));
        jvirtd = DaemonProcess.jvirtd(root, root).start();
        assertTrue(virshOk("define " + xml).contains("Domain 'vq1' defined"));
        assertTrue(virshOk("start vq1").contains("Domain 'vq1' started"));
        assertEquals("running (booted)", virshOk("domstate --reason vq1").strip());
        assertEquals("ready\necho\n", python(CONSOLE));
        virshOk("suspend vq1");
        assertEquals("paused (user)", virshOk("domstate --reason vq1").strip());
        virshOk("resume vq1");

        jvirtd.kill();
        jvirtd.start();
        String list = virshOk("list");
        assertTrue(list.matches("(?s).*\\s1\\s+vq1\\s+running.*"), list);
        assertEquals("running (unpaused)", virshOk("domstate --reason vq1").strip());
        assertEquals("echo\n", python(CONSOLE.replace("sys.argv[-1] != 'skip-ready'", "False")));
        // save/restore through the daemon: the RPC call runs on a virtual thread, where the migration stream
        // must still reach QEMU whole (a transferTo that returned 0 once cut it short).
        Path image = root.resolve("vq1.img");
        assertTrue(virshOk("save vq1 " + image).contains("Domain 'vq1' saved to"));
        assertEquals("shut off (saved)", virshOk("domstate --reason vq1").strip());
        assertTrue(virshOk("restore " + image).contains("Domain restored from"));
        assertEquals("running (restored)", virshOk("domstate --reason vq1").strip());
        assertEquals("echo\n", python(CONSOLE.replace("sys.argv[-1] != 'skip-ready'", "False")));
        virshOk("shutdown vq1");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String state = "";
        while (System.nanoTime() < deadline && !(state = virshOk("domstate --reason vq1").strip())
                .equals("shut off (shutdown)")) {
            Thread.sleep(100);
        }
        assertEquals("shut off (shutdown)", state);
        Result again = virsh("destroy vq1");
        assertEquals(1, again.rc());
        assertTrue(again.out().contains("error: Requested operation is not valid: domain is not running"),
                again.out());
        virshOk("undefine vq1");
    }

    @AfterEach
    void stopEverything() throws Exception {
        if (jvirtd != null) {
            jvirtd.close();
        }
    }
}
