package org.jvirt.qemu.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jvirt.api.Connect;
import org.jvirt.api.Domain;
import org.jvirt.api.Records.DomainBlockStats;
import org.jvirt.api.Records.DomainMemoryStat;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.param.TypedParam;
import org.jvirt.qemu.guest.GuestConsole;
import org.jvirt.qemu.guest.TestGuestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Statistics and the balloon on real guests: block counters move with guest reads, all-domain stats of two guests. */
class QemuStatsLiveTest {
    private static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");

    @TempDir
    Path root;

    private static Map<String, String> params(Connect.DomainStatsRecord r) {
        return r.params().asList().stream().collect(Collectors.toMap(TypedParam::field, TypedParam::valueString,
                (a, b) -> a, java.util.LinkedHashMap::new));
    }

    @Test
    void balloonBlockStatsAndAllDomainStats() throws Exception {
        assumeTrue(Files.isExecutable(QEMU), "unavailable: qemu-system-x86_64 not installed");
        TestGuestBuilder.TestGuest g = TestGuestBuilder.assumeGuest();
        QemuDriverProvider p = LiveGuests.provider(root);
        try (Connect c = Connect.openAuth("qemu:///system", null, 0, List.of(p))) {
            Path imgA = QemuHotplugLiveTest.image(root, "a.img");
            Domain a = c.domainDefineXML(QemuHotplugLiveTest.xml("jv-sa", g, imgA)
                    .replace("<memballoon model='none'/>", "<memballoon model='virtio'/>")).create();
            Domain b = c.domainDefineXML(QemuHotplugLiveTest.xml("jv-sb", g, QemuHotplugLiveTest.image(root,
                    "b.img"))).create();
            assertTrue(a.getXMLDesc(0).contains("<alias name='balloon0'/>"), a.getXMLDesc(0));
            try (GuestConsole con = GuestConsole.openPty(LiveGuests.pty(a))) {
                con.awaitLine("GUEST READY", Duration.ofSeconds(120));

                DomainBlockStats before = a.blockStats("vda");
                assertEquals(-1, before.errs());
                con.send("dd if=/dev/vda of=/dev/null bs=4096 iflag=direct 2>/dev/null; echo GUEST DD DONE");
                con.awaitLine("GUEST DD DONE", Duration.ofSeconds(30));
                DomainBlockStats after = a.blockStats(imgA.toString());
                assertTrue(after.rdBytes() - before.rdBytes() >= 1 << 20, before + " -> " + after);
                assertTrue(after.rdReq() > before.rdReq(), before + " -> " + after);
                VirException bad = assertThrows(VirException.class, () -> a.blockStats("vdz"));
                assertEquals(ErrorNumber.INVALID_ARG, bad.code());
                assertEquals("invalid argument: invalid path: vdz", bad.getMessage());

                VirException high = assertThrows(VirException.class, () -> a.setMemoryFlags(200 * 1024, 1));
                assertEquals("invalid argument: cannot set memory higher than max memory", high.getMessage());
                a.setMemoryFlags(80 * 1024, 1);
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                long actual = -1;
                while (System.nanoTime() < deadline) {
                    actual = a.memoryStats(13, 0).stream().filter(s -> s.tag() == 6)
                            .mapToLong(DomainMemoryStat::value).findFirst().orElse(-1);
                    if (actual == 80 * 1024) {
                        break;
                    }
                    Thread.sleep(200);
                }
                assertEquals(80 * 1024, actual, "the guest gave the balloon its memory back");
                assertTrue(a.memoryStats(13, 0).stream().anyMatch(s -> s.tag() == 7 && s.value() > 0), "rss");
                assertTrue(a.getXMLDesc(0).contains("<currentMemory unit='KiB'>81920</currentMemory>"),
                        a.getXMLDesc(0));
                VirException noBalloon = assertThrows(VirException.class, () -> b.setMemoryFlags(80 * 1024, 1));
                assertEquals(ErrorNumber.OPERATION_INVALID, noBalloon.code());

                List<Connect.DomainStatsRecord> all = c.getAllDomainStats(0, 0);
                assertEquals(2, all.size());
                Map<String, String> pa = params(all.stream().filter(r -> r.dom().getName().equals("jv-sa"))
                        .findFirst().orElseThrow());
                assertEquals("1", pa.get("state.state"));
                assertEquals("1", pa.get("state.reason"));
                assertTrue(Long.parseLong(pa.get("cpu.time")) > 0, pa.toString());
                assertEquals("81920", pa.get("balloon.current"));
                assertEquals("98304", pa.get("balloon.maximum"));
                assertEquals("1", pa.get("vcpu.current"));
                // the booted guest's one vCPU thread has run (TCG): its time comes from /proc, in nanoseconds
                assertEquals("1", pa.get("vcpu.0.state"));
                assertTrue(Long.parseLong(pa.get("vcpu.0.time")) > 0, pa.toString());
                assertTrue(Long.parseLong(pa.get("vcpu.0.time")) <= Long.parseLong(pa.get("cpu.time")), pa.toString());
                assertTrue(pa.containsKey("vcpu.0.wait") && pa.containsKey("vcpu.0.delay"), pa.toString());
                assertTrue(!pa.containsKey("vcpu.1.state"), pa.toString());
                assertEquals("0", pa.get("net.count"));
                assertEquals("1", pa.get("block.count"));
                assertEquals("vda", pa.get("block.0.name"));
                assertEquals(imgA.toString(), pa.get("block.0.path"));
                assertTrue(Long.parseLong(pa.get("block.0.rd.bytes")) >= 1 << 20, pa.toString());
                List<Connect.DomainStatsRecord> one = c.domainListGetStats(List.of(b), QemuStats.STATS_STATE, 0);
                assertEquals(List.of("state.state", "state.reason"), List.copyOf(params(one.get(0)).keySet()));
                List<org.jvirt.core.param.TypedParams> cpu = a.getCPUStats(-1, 1, 0);
                assertEquals("cpu_time", cpu.get(0).asList().get(0).field());
            }
        } finally {
            LiveGuests.destroyAll(p);
        }
    }
}
