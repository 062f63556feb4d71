package org.jvirt.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Set;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.junit.jupiter.api.Test;

class NetDevTest {

    /** A dry run in which no device exists: {@code ip link show dev X} fails as iproute2 does. */
    static RecordingCommandRunner nothingExists() {
        return new RecordingCommandRunner(c -> c.argv().contains("show") && c.argv().contains("dev")
                ? new CommandResult(1, "", "Device \"" + c.argv().getLast() + "\" does not exist.\n")
                : CommandResult.ok(""));
    }

    @Test
    void commandsAreIpInvocations() {
        RecordingCommandRunner r = nothingExists();
        NetDev nd = new NetDev(r);
        nd.createBridge("br-t");
        nd.createTap("vnet0", 107);
        nd.createTap("vnet9", 0, true);
        nd.addToBridge("br-t", "vnet0");
        nd.setMac("vnet0", "fe:54:00:aa:bb:01");
        nd.setOnline("vnet0", true);
        nd.delete("vnet0");
        assertEquals("""
                ip link add name br-t type bridge
                ip -o link show dev vnet0
                ip tuntap add dev vnet0 mode tap user 107
                ip -o link show dev vnet9
                ip tuntap add dev vnet9 mode tap user 0 multi_queue
                ip link set dev vnet0 master br-t
                ip link set dev vnet0 address fe:54:00:aa:bb:01
                ip link set dev vnet0 up
                ip link delete dev vnet0
                """, r.log());
    }

    @Test
    void createTapRefusesAnExistingNameAndLeavesItAlone() {
        RecordingCommandRunner r = new RecordingCommandRunner(); // every "ip link show dev" succeeds: it exists
        VirException e = assertThrows(VirException.class, () -> new NetDev(r).createTap("vnet3", 0));
        assertEquals(ErrorNumber.OPERATION_INVALID, e.code());
        assertEquals(org.jvirt.core.ErrorDomain.NONE, e.domain());
        assertEquals("Requested operation is not valid: The vnet3 interface already exists", e.getMessage());
        assertEquals("ip -o link show dev vnet3\n", r.log(), "only the existence check ran");
    }

    @Test
    void macvtapMtuAndIndexCommands() {
        RecordingCommandRunner r = new RecordingCommandRunner(c -> CommandResult.ok(
                "12: macvtap0@eth0: <BROADCAST,MULTICAST,UP> mtu 9000 qdisc noop state DOWN mode DEFAULT group"
                        + " default qlen 500\\    link/ether 52:54:00:11:22:33 brd ff:ff:ff:ff:ff:ff\n"));
        NetDev nd = new NetDev(r);
        nd.createMacvtap("macvtap0", "eth0", "52:54:00:11:22:33", "passthru");
        nd.setMtu("macvtap0", 9000);
        assertEquals(9000, nd.getMtu("macvtap0"));
        assertEquals(12, nd.ifIndex("macvtap0"));
        assertEquals("52:54:00:11:22:33", nd.getMac("macvtap0"));
        assertEquals("""
                ip link add link eth0 name macvtap0 address 52:54:00:11:22:33 type macvtap mode passthru
                ip link set dev macvtap0 mtu 9000
                ip -o link show dev macvtap0
                ip -o link show dev macvtap0
                ip -o link show dev macvtap0
                """, r.log());
    }

    @Test
    void macvtapKernelErrorUsesLibvirtsText() {
        NetDev nd = new NetDev(new RecordingCommandRunner(c -> new CommandResult(2, "",
                "RTNETLINK answers: File exists\n")));
        VirException e = assertThrows(VirException.class,
                () -> nd.createMacvtap("macvtap3", "eth0", "52:54:00:11:22:33", "vepa"));
        assertEquals(ErrorNumber.SYSTEM_ERROR, e.code());
        assertEquals("error creating macvtap interface macvtap3@eth0 (52:54:00:11:22:33): File exists",
                e.getMessage());
    }

    @Test
    void kernelErrorBecomesLibvirtText() {
        NetDev nd = new NetDev(new RecordingCommandRunner(c -> new CommandResult(2, "", "RTNETLINK answers: File exists\n")));
        VirException e = assertThrows(VirException.class, () -> nd.createBridge("br0"));
        assertEquals(ErrorNumber.SYSTEM_ERROR, e.code());
        assertEquals("Unable to create bridge br0: File exists", e.getMessage());
    }

    @Test
    void tooLongNameIsRefused() {
        VirException e = assertThrows(VirException.class,
                () -> new NetDev(new RecordingCommandRunner()).createTap("a-very-long-name0", 0));
        assertEquals("internal error: Network interface name 'a-very-long-name0' is too long", e.getMessage());
    }

    @Test
    void generatedNamesSkipExistingAndNeverGoBack() {
        NetDev nd = new NetDev(new RecordingCommandRunner());
        Set<String> existing = new java.util.HashSet<>(Set.of("vnet0", "vnet2"));
        assertEquals("vnet1", nd.generateName("vnet", existing::contains));
        assertEquals("vnet3", nd.generateName("vnet", existing::contains));
        existing.clear();
        // vnet0 and vnet1 are free again, but libvirt keeps counting up from the last one it handed out.
        assertEquals("vnet4", nd.generateName("vnet", existing::contains));
        assertEquals("macvtap0", nd.generateName("macvtap", existing::contains), "counters are per prefix");
    }

    @Test
    void reservedNamesMoveTheCounterPastThem() {
        NetDev nd = new NetDev(new RecordingCommandRunner());
        nd.reserveName("vnet7");
        nd.reserveName("vnet3");
        nd.reserveName("vnetx");
        assertEquals("vnet8", nd.generateName("vnet", n -> false));
        assertTrue(NetDev.isReservedName("macvlan2"));
        assertFalse(NetDev.isReservedName("tap0"));
    }

    @Test
    void generationWrapsAtTheLargestIndexThatFits() {
        NetDev nd = new NetDev(new RecordingCommandRunner());
        String prefix = "abcdefghijklmn"; // 14 chars: one digit left, ids 0..9
        for (int i = 0; i < 10; i++) {
            assertEquals(prefix + i, nd.generateName(prefix, n -> false));
        }
        assertEquals(prefix + 0, nd.generateName(prefix, n -> false));
        VirException e = assertThrows(VirException.class, () -> nd.generateName(prefix, n -> true));
        assertEquals("operation failed: no free " + prefix + " names found", e.getMessage());
    }

    @Test
    void realDevicesInsideAPrivateNamespace() {
        assumeTrue(NetNs.canCreate(), "needs root to create a network namespace; skipped");
        CommandRunner host = new ProcessCommandRunner();
        String nsName = "jvirt-t-" + ProcessHandle.current().pid();
        try (NetNs ns = NetNs.create(nsName, host)) {
            assertTrue(NetNs.list(host).contains(nsName));
            NetDev nd = new NetDev(ns.runner());
            assertFalse(nd.exists("br-jt"));
            nd.createBridge("br-jt");
            String tap = nd.generateName(NetDev.VNET_PREFIX);
            assertEquals("vnet0", tap);
            nd.createTap(tap, 0);
            nd.createTap("vnet1", 0);
            VirException taken = assertThrows(VirException.class, () -> nd.createTap("vnet1", 0));
            assertEquals("Requested operation is not valid: The vnet1 interface already exists", taken.getMessage());
            nd.createTap("mq0", 0, true);
            assertTrue(ns.exec(Command.of("ip", "-d", "-o", "link", "show", "dev", "mq0")).stdout()
                    .contains(" multi_queue "));
            nd.setMtu("vnet1", 1400);
            assertEquals(1400, nd.getMtu("vnet1"));
            assertTrue(nd.ifIndex("vnet1") > 1);
            // The counter moved past vnet0 and vnet1 exists: the next free one is vnet2.
            assertEquals("vnet2", nd.generateName(NetDev.VNET_PREFIX));
            nd.addToBridge("br-jt", tap);
            nd.setMac(tap, "fe:54:00:12:34:56");
            nd.setOnline("br-jt", true);
            nd.setOnline(tap, true);
            assertTrue(nd.isOnline("br-jt"));
            assertEquals("fe:54:00:12:34:56", nd.getMac(tap));
            assertEquals("br-jt", nd.master(tap));
            assertNull(nd.master("vnet1"));
            assertEquals(List.of("vnet0", "vnet1"), nd.listNames("vnet"));
            VirException dup = assertThrows(VirException.class, () -> nd.createBridge("br-jt"));
            assertEquals("Unable to create bridge br-jt: File exists", dup.getMessage());
            nd.setOnline(tap, false);
            assertFalse(nd.isOnline(tap));
            nd.delete(tap);
            assertFalse(nd.exists(tap));
            // Nothing leaked to the host.
            assertFalse(new NetDev(host).exists("br-jt"));
        }
        assertFalse(NetNs.list(host).contains(nsName));
    }
}
