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

    @Test
    void commandsAreIpInvocations() {
        RecordingCommandRunner r = new RecordingCommandRunner();
        NetDev nd = new NetDev(r);
        nd.createBridge("br-t");
        nd.createTap("vnet0", 107);
        nd.addToBridge("br-t", "vnet0");
        nd.setMac("vnet0", "fe:54:00:aa:bb:01");
        nd.setOnline("vnet0", true);
        nd.delete("vnet0");
        assertEquals("""
                ip link add name br-t type bridge
                ip tuntap add dev vnet0 mode tap user 107
                ip link set dev vnet0 master br-t
                ip link set dev vnet0 address fe:54:00:aa:bb:01
                ip link set dev vnet0 up
                ip link delete dev vnet0
                """, r.log());
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
