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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jvirt.api.Connect;
import org.jvirt.api.Domain;
import org.jvirt.api.Records.DomainInterface;
import org.jvirt.api.Records.DomainTime;
import org.jvirt.api.event.DomainEvent;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.param.TypedParam;
import org.jvirt.qemu.guest.GuestConsole;
import org.jvirt.qemu.guest.TestGuestBuilder;
import org.jvirt.spi.support.DomainStates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The QEMU guest agent against qemu-ga running in the test guest: the channel's live state and AGENT_LIFECYCLE
 * events, domifaddr --source agent, domtime get/set/--sync, qemu-agent-command, guestinfo, fsfreeze/thaw, and
 * shutdown/reboot --mode agent; plus libvirt's errors for a guest without the channel.
 */
class QemuAgentLiveTest {
    private static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");
    private static final String MAC = "52:54:00:4a:67:01";

    /** Not a JUnit @TempDir: the channel socket path must stay under the 108 bytes of sun_path. */
    private Path root;

    @BeforeEach
    void makeRoot() throws Exception {
        root = Files.createTempDirectory(Path.of("/tmp"), "jva");
    }

    @AfterEach
    void removeRoot() {
        QemuProcess.deleteTree(root);
    }

    static String agentXml(String name, TestGuestBuilder.TestGuest g) {
        return LiveGuests.guestXml(name, g)
                .replace("panic=-1", "panic=-1 guest.ip=10.0.2.15/24")
                .replace("<serial type='pty'>", """
                        <controller type='virtio-serial' index='0'/>
                        <interface type='user'><mac address='%s'/><model type='virtio'/></interface>
                        <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>
                        <serial type='pty'>""".formatted(MAC));
    }

    static TestGuestBuilder.TestGuest assumeAgentGuest() {
        TestGuestBuilder.TestGuest g = TestGuestBuilder.assumeGuest();
        assumeTrue(g.hasAgent(), "unavailable: the host has no qemu-ga (Debian package qemu-guest-agent) to put "
                + "into the test guest");
        return g;
    }

    static DomainEvent.AgentLifecycle nextAgentEvent(LinkedBlockingQueue<DomainEvent> q) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            DomainEvent e = q.poll(1, TimeUnit.SECONDS);
            if (e instanceof DomainEvent.AgentLifecycle a) {
                return a;
            }
        }
        throw new AssertionError("no AGENT_LIFECYCLE event within 60 s");
    }

    @Test
    void agentCommandsOnARealGuest() throws Exception {
        assumeTrue(Files.isExecutable(QEMU), "unavailable: qemu-system-x86_64 not installed");
        TestGuestBuilder.TestGuest g = assumeAgentGuest();
        QemuDriverProvider p = LiveGuests.provider(root);
        try (Connect c = LiveGuests.open(p)) {
            LinkedBlockingQueue<DomainEvent> agentEvents = new LinkedBlockingQueue<>();
            c.domainEventRegisterAny(null, DomainEvent.ID_AGENT_LIFECYCLE, agentEvents::add);
            LinkedBlockingQueue<DomainEvent> lifecycle = new LinkedBlockingQueue<>();
            c.domainEventRegisterAny(null, DomainEvent.ID_LIFECYCLE, lifecycle::add);
            Path vda = root.resolve("vda.img");
            Files.write(vda, new byte[1 << 20]);
            Domain d = c.domainDefineXML(agentXml("jv-agent", g).replace("<serial type='pty'>",
                    "<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='" + vda
                            + "'/><target dev='vda' bus='virtio'/></disk>"
                            + "<serial type='pty'>")).create();
            String live = d.getXMLDesc(0);
            String sock = root.resolve("var/lib/jvirt/qemu/channel/target/domain-" + d.getID()
                    + "-jv-agent/org.qemu.guest_agent.0").toString();
            assertTrue(live.contains("<source mode='bind' path='" + sock + "'/>"), live);
            assertTrue(live.contains("<target type='virtio' name='org.qemu.guest_agent.0' state='disconnected'/>"),
                    live);
            assertTrue(!d.getXMLDesc(2).contains("state="), "the inactive XML has no state");
            try (GuestConsole con = GuestConsole.openPty(LiveGuests.pty(d))) {
                con.awaitLine("GUEST READY", Duration.ofSeconds(90));
                DomainEvent.AgentLifecycle up = nextAgentEvent(agentEvents);
                assertEquals(List.of(QemuAgents.STATE_CONNECTED, QemuAgents.REASON_CHANNEL),
                        List.of(up.state(), up.reason()));
                assertTrue(d.getXMLDesc(0).contains("name='org.qemu.guest_agent.0' state='connected'/>"));

                // qemu-agent-command: the raw reply, and an agent error as an error
                String ping = d.qemuAgentCommand("{\"execute\":\"guest-ping\"}", 10, 0);
                assertEquals("{\"return\":{}}", ping);
                String info = d.qemuAgentCommand("{\"execute\":\"guest-info\"}", -1, 0);
                assertTrue(info.contains("\"supported_commands\""), info);
                VirException bad = assertThrows(VirException.class,
                        () -> d.qemuAgentCommand("{\"execute\":\"no-such-command\"}", 10, 0));
                assertEquals(ErrorNumber.INTERNAL_ERROR, bad.code());
                assertTrue(bad.getMessage().contains("unable to execute QEMU agent command 'no-such-command'"),
                        bad.getMessage());
                VirException low = assertThrows(VirException.class,
                        () -> d.qemuAgentCommand("{\"execute\":\"guest-ping\"}", -3, 0));
                assertEquals(ErrorNumber.INVALID_ARG, low.code());

                // domifaddr --source agent: lo and eth0 with the address init gave it
                List<DomainInterface> ifs = d.interfaceAddresses(QemuGuest.SRC_AGENT, 0);
                Map<String, DomainInterface> byName = ifs.stream().collect(Collectors.toMap(
                        DomainInterface::name, i -> i));
                assertTrue(byName.containsKey("lo") && byName.containsKey("eth0"), ifs.toString());
                assertEquals(MAC, byName.get("eth0").hwaddr());
                assertTrue(byName.get("eth0").addrs().stream().anyMatch(a -> a.type() == 0
                        && a.addr().equals("10.0.2.15") && a.prefix() == 24), ifs.toString());

                // domtime: read; set (qemu-ga also writes the RTC); move only the system clock from the console;
                // --sync takes the guest's time back from the RTC; set to the host's time again
                long host = System.currentTimeMillis() / 1000;
                DomainTime t = d.getTime(0);
                assertTrue(Math.abs(t.seconds() - host) < 120, "guest time " + t + " vs host " + host);
                d.setTime(1_000_000_000L, 0, 0);
                DomainTime set = d.getTime(0);
                assertTrue(set.seconds() >= 1_000_000_000L && set.seconds() < 1_000_000_060L, set.toString());
                con.send("date -u -s '2030-01-01 00:00:00' >/dev/null && echo GUEST DATE-SET");
                con.awaitLine("GUEST DATE-SET", Duration.ofSeconds(30));
                long y2030 = 1_893_456_000L;
                assertTrue(Math.abs(d.getTime(0).seconds() - y2030) < 60, d.getTime(0).toString());
                d.setTime(0, 0, QemuGuestAgentOps.TIME_SYNC);
                DomainTime synced = d.getTime(0);
                assertTrue(synced.seconds() >= 1_000_000_000L && synced.seconds() < 1_000_000_120L,
                        "after --sync the RTC's time: " + synced);
                long now = System.currentTimeMillis() / 1000;
                d.setTime(now, 0, 0);
                assertTrue(Math.abs(d.getTime(0).seconds() - now) < 60);

                // guestinfo: what the busybox guest can answer
                Map<String, String> gi = d.getGuestInfo(0, 0).asList().stream().collect(Collectors.toMap(
                        TypedParam::field, TypedParam::valueString, (a, b) -> a, java.util.LinkedHashMap::new));
                assertEquals("jvirt-guest", gi.get("hostname"), gi.toString());
                assertEquals("jvirt-test", gi.get("os.id"), gi.toString());
                assertEquals("x86_64", gi.get("os.machine"), gi.toString());
                assertTrue(gi.containsKey("timezone.offset"), gi.toString());
                assertTrue(gi.containsKey("if.count"), gi.toString());
                assertTrue(gi.containsKey("fs.count"), gi.toString());
                // guest-get-disks: the guest's /dev/vda matched to the domain's vda by its PCI address
                Map<String, String> disks = d.getGuestInfo(QemuGuestAgentOps.INFO_DISKS, 0).asList().stream()
                        .collect(Collectors.toMap(TypedParam::field, TypedParam::valueString));
                String vdaIndex = disks.entrySet().stream().filter(e -> e.getValue().equals("/dev/vda"))
                        .map(e -> e.getKey().split("\\.")[1]).findFirst().orElseThrow(() ->
                                new AssertionError("no /dev/vda in " + disks));
                assertEquals("vda", disks.get("disk." + vdaIndex + ".alias"), disks.toString());
                assertEquals("no", disks.get("disk." + vdaIndex + ".partition"), disks.toString());
                // no serial: qemu-ga reads it from the udev database, and the busybox guest runs no udev
                Map<String, String> only = d.getGuestInfo(QemuGuestAgentOps.INFO_HOSTNAME, 0).asList().stream()
                        .collect(Collectors.toMap(TypedParam::field, TypedParam::valueString));
                assertEquals(Map.of("hostname", "jvirt-guest"), only);

                // vcpucount --guest: the CPUs the guest itself reports (guest-get-vcpus)
                assertEquals(1, d.getVcpusFlags(QemuTuning.VCPU_GUEST));

                // fsfreeze/fsthaw: the initramfs has no freezable filesystem, so both count zero
                assertEquals(0, d.fsFreeze(List.of(), 0));
                assertEquals(0, d.fsThaw(List.of(), 0));

                // reboot --mode agent: the guest reboots itself (no fake reboot), the agent comes back
                d.reboot(QemuLifecycle.SHUTDOWN_AGENT);
                con.awaitLine("GUEST AGENT-SHUTDOWN reboot", Duration.ofSeconds(30));
                con.awaitLine("GUEST READY", Duration.ofSeconds(90));
                DomainEvent.AgentLifecycle next;
                do {
                    next = nextAgentEvent(agentEvents);
                } while (next.state() != QemuAgents.STATE_CONNECTED);
                assertEquals(DomainStates.RUNNING, d.getState(0).state());

                // shutdown --mode agent: the guest powers itself off through qemu-ga
                d.shutdownFlags(QemuLifecycle.SHUTDOWN_AGENT);
                con.awaitLine("GUEST AGENT-SHUTDOWN poweroff", Duration.ofSeconds(30));
                LiveGuests.awaitEvent(lifecycle, DomainStates.EVENT_STOPPED, DomainStates.STOPPED_SHUTDOWN);
                assertEquals(DomainStates.SHUTOFF, d.getState(0).state());
            }
        } finally {
            LiveGuests.destroyAll(p);
        }
    }

    /** A restarted driver finds the channel connected in the status file and talks to the agent again. */
    @Test
    void agentSurvivesADriverRestart() throws Exception {
        assumeTrue(Files.isExecutable(QEMU), "unavailable: qemu-system-x86_64 not installed");
        TestGuestBuilder.TestGuest g = assumeAgentGuest();
        QemuDriverProvider first = LiveGuests.provider(root);
        try (Connect c = LiveGuests.open(first)) {
            LinkedBlockingQueue<DomainEvent> agentEvents = new LinkedBlockingQueue<>();
            c.domainEventRegisterAny(null, DomainEvent.ID_AGENT_LIFECYCLE, agentEvents::add);
            Domain d = c.domainCreateXML(agentXml("jv-agr", g), 0);
            assertEquals(QemuAgents.STATE_CONNECTED, nextAgentEvent(agentEvents).state());
            assertEquals("{\"return\":{}}", d.qemuAgentCommand("{\"execute\":\"guest-ping\"}", 10, 0));
        } catch (Throwable t) {
            LiveGuests.destroyAll(first);
            throw t;
        } finally {
            first.stateCleanup();
        }
        QemuDriverProvider second = LiveGuests.provider(root);
        try (Connect c = LiveGuests.open(second)) {
            Domain d = c.domainLookupByName("jv-agr");
            assertTrue(d.getXMLDesc(0).contains("name='org.qemu.guest_agent.0' state='connected'/>"));
            assertEquals("{\"return\":{}}", d.qemuAgentCommand("{\"execute\":\"guest-ping\"}", 10, 0));
            assertTrue(Math.abs(d.getTime(0).seconds() - System.currentTimeMillis() / 1000) < 120);
        } finally {
            LiveGuests.destroyAll(second);
        }
    }

    @Test
    void errorsWithoutAConnectedAgent() throws Exception {
        assumeTrue(Files.isExecutable(QEMU), "unavailable: qemu-system-x86_64 not installed");
        TestGuestBuilder.TestGuest g = TestGuestBuilder.assumeGuest();
        QemuDriverProvider p = LiveGuests.provider(root);
        try (Connect c = LiveGuests.open(p)) {
            // no channel at all: "argument unsupported: QEMU guest agent is not configured"
            Domain plain = c.domainCreateXML(LiveGuests.guestXml("jv-noagent", g), 0);
            for (Runnable call : List.<Runnable>of(
                    () -> plain.getTime(0),
                    () -> plain.qemuAgentCommand("{\"execute\":\"guest-ping\"}", 5, 0),
                    () -> plain.interfaceAddresses(QemuGuest.SRC_AGENT, 0),
                    () -> plain.shutdownFlags(QemuLifecycle.SHUTDOWN_AGENT))) {
                VirException e = assertThrows(VirException.class, call::run);
                assertEquals(ErrorNumber.ARGUMENT_UNSUPPORTED, e.code());
                assertTrue(e.getMessage().endsWith("QEMU guest agent is not configured"), e.getMessage());
            }
            plain.destroy();

            // the channel, but the guest never opens it (paused): "Guest agent is not responding: QEMU guest
            // agent is not connected" — once running; while paused, "domain is not running"
            Domain quiet = c.domainCreateXML(agentXml("jv-quiet", g), QemuProcess.START_PAUSED);
            VirException paused = assertThrows(VirException.class, () -> quiet.getTime(0));
            assertEquals(ErrorNumber.OPERATION_INVALID, paused.code());
            quiet.resume();
            VirException notConnected = assertThrows(VirException.class, () -> quiet.getTime(0));
            assertEquals(ErrorNumber.AGENT_UNRESPONSIVE, notConnected.code());
            assertEquals("Guest agent is not responding: QEMU guest agent is not connected",
                    notConnected.getMessage());
            quiet.destroy();
        } finally {
            LiveGuests.destroyAll(p);
        }
    }
}
