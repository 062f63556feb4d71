package org.jvirt.qemu.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jvirt.api.Connect;
import org.jvirt.api.Domain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.qemu.guest.GuestConsole;
import org.jvirt.qemu.guest.TestGuestBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Live vCPU hot-plug on a real guest started with {@code <vcpu current='1'>2</vcpu>}: QEMU's command line, setvcpus
 * --live up (the guest's kernel sees cpu1 arrive through ACPI and brings it online) and down again (the guest ejects
 * it, QEMU reports the eject), vcpucount, and the live XML's {@code <vcpus>} as libvirt writes it.
 */
class QemuVcpuHotplugLiveTest {
    private static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");

    /** Not a JUnit @TempDir: the agent's socket path must stay under the 108 bytes of sun_path. */
    private Path root;

    @BeforeEach
    void makeRoot() throws Exception {
        root = Files.createTempDirectory(Path.of("/tmp"), "jvv");
    }

    @AfterEach
    void removeRoot() {
        QemuProcess.deleteTree(root);
    }

    private static void awaitAgent(Domain d) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!d.getXMLDesc(0).contains("name='org.qemu.guest_agent.0' state='connected'")) {
            assertTrue(System.nanoTime() < deadline, "the guest agent connects");
            Thread.sleep(100);
        }
    }

    @Test
    void hotplugAndUnplugAVcpu() throws Exception {
        assumeTrue(Files.isExecutable(QEMU), "unavailable: qemu-system-x86_64 not installed");
        TestGuestBuilder.TestGuest g = TestGuestBuilder.assumeGuest();
        QemuDriverProvider p = LiveGuests.provider(root);
        try (Connect c = LiveGuests.open(p)) {
            String xml = LiveGuests.guestXml("jv-vcpu", g).replace("<vcpu>1</vcpu>",
                    "<vcpu placement='static' current='1'>2</vcpu>");
            if (g.hasAgent()) {
                xml = xml.replace("<serial type='pty'>", "<controller type='virtio-serial' index='0'/>"
                        + "<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>"
                        + "<serial type='pty'>");
            }
            Domain d = c.domainDefineXML(xml).create();
            String log = Files.readString(root.resolve("var/log/jvirt/qemu/jv-vcpu.log"));
            assertTrue(log.contains("-smp 1,maxcpus=2,sockets=2,cores=1,threads=1"), log);
            assertEquals(1, d.getVcpusFlags(QemuDevices.AFFECT_LIVE));
            assertEquals(2, d.getVcpusFlags(QemuDevices.AFFECT_LIVE | QemuTuning.VCPU_MAXIMUM));
            try (GuestConsole con = GuestConsole.openPty(LiveGuests.pty(d))) {
                con.awaitLine("GUEST READY", Duration.ofSeconds(90));

                VirException tooMany = assertThrows(VirException.class,
                        () -> d.setVcpusFlags(3, QemuDevices.AFFECT_LIVE));
                assertEquals(ErrorNumber.INVALID_ARG, tooMany.code());

                d.setVcpusFlags(2, QemuDevices.AFFECT_LIVE);
                con.awaitLine("GUEST HOTPLUG add cpu cpu1", Duration.ofSeconds(60));
                con.send("test -e /sys/devices/system/cpu/cpu1 && echo GUEST CPUS $(cat /sys/devices/system/cpu/online)");
                con.awaitLine("GUEST CPUS 0-1", Duration.ofSeconds(30));
                assertEquals(2, d.getVcpusFlags(QemuDevices.AFFECT_LIVE));
                assertEquals(1, d.getVcpusFlags(QemuDevices.AFFECT_CONFIG), "a live change leaves the config");
                assertEquals(2, d.getVcpus().size(), "both vCPU threads");
                long pid = Long.parseLong(Files.readString(root.resolve("run/jvirt/qemu/jv-vcpu.pid")).strip());
                if (Files.readString(Path.of("/proc", Long.toString(pid), "cgroup")).contains(".libvirt-qemu/")) {
                    // under cgroups (root), the new vCPU's thread ("CPU 1/TCG", debug-threads=on) left the
                    // emulator group for a vcpu1 group of its own
                    String cg = "";
                    try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                        for (Path t : tasks.toList()) {
                            if (Files.readString(t.resolve("comm")).startsWith("CPU 1/")) {
                                cg = Files.readString(t.resolve("cgroup"));
                            }
                        }
                    }
                    assertTrue(cg.contains("/vcpu1\n"), cg);
                }
                String live = d.getXMLDesc(0);
                assertTrue(live.contains("""
                          <vcpu placement='static'>2</vcpu>
                          <vcpus>
                            <vcpu id='0' enabled='yes' hotpluggable='no' order='1'/>
                            <vcpu id='1' enabled='yes' hotpluggable='yes' order='2'/>
                          </vcpus>
                        """), live);
                assertTrue(!d.getXMLDesc(2).contains("<vcpus>"), "the inactive XML is untouched");

                if (g.hasAgent()) {
                    // setvcpus --guest: the guest agent offlines cpu1 inside the guest and onlines it again
                    awaitAgent(d);
                    assertEquals(2, d.getVcpusFlags(QemuTuning.VCPU_GUEST));
                    d.setVcpusFlags(1, QemuTuning.VCPU_GUEST);
                    assertEquals(1, d.getVcpusFlags(QemuTuning.VCPU_GUEST));
                    con.send("echo GUEST ONLINE $(cat /sys/devices/system/cpu/online)");
                    con.awaitLine("GUEST ONLINE 0", Duration.ofSeconds(30));
                    VirException more = assertThrows(VirException.class,
                            () -> d.setVcpusFlags(3, QemuTuning.VCPU_GUEST));
                    assertEquals(ErrorNumber.INVALID_ARG, more.code());
                    d.setVcpusFlags(2, QemuTuning.VCPU_GUEST);
                    con.send("echo GUEST ONLINE $(cat /sys/devices/system/cpu/online)");
                    con.awaitLine("GUEST ONLINE 0-1", Duration.ofSeconds(30));
                }

                // down again: the guest ejects cpu1 through ACPI, QEMU reports DEVICE_DELETED
                d.setVcpusFlags(1, QemuDevices.AFFECT_LIVE);
                con.awaitLine("GUEST HOTPLUG remove cpu cpu1", Duration.ofSeconds(60));
                assertEquals(1, d.getVcpusFlags(QemuDevices.AFFECT_LIVE));
                live = d.getXMLDesc(0);
                assertTrue(live.contains("""
                          <vcpu placement='static' current='1'>2</vcpu>
                          <vcpus>
                            <vcpu id='0' enabled='yes' hotpluggable='no' order='1'/>
                            <vcpu id='1' enabled='no' hotpluggable='yes'/>
                          </vcpus>
                        """), live);
                assertEquals(1, d.getVcpus().size());

                // Not tested: plugging the same slot again. QEMU 7.2 under TCG dies on that device_add (seen with
                // plain QEMU and QMP, no jvirt involved).
            }
            d.destroy();
        } finally {
            LiveGuests.destroyAll(p);
        }
    }
}
