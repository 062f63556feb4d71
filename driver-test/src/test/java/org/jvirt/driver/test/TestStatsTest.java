package org.jvirt.driver.test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jvirt.api.Records.DomainBlockInfo;
import org.jvirt.api.Records.DomainDiskError;
import org.jvirt.api.Records.DomainFSInfo;
import org.jvirt.api.Records.DomainMemoryStat;
import org.jvirt.api.Records.DomainTime;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.param.TypedParam;
import org.jvirt.core.param.TypedParams;
import org.jvirt.spi.HypervisorConnection;
import org.jvirt.spi.Refs.DomainRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Statistics and guest-agent answers the test driver fakes. */
class TestStatsTest {
    private HypervisorConnection c;
    private DomainRef test;

    @BeforeEach
    void open() {
        c = TestSupport.openDefault();
        test = c.domains().lookupByName("test");
    }

    @AfterEach
    void close() {
        c.close();
    }

    @Test
    void blockStatsDivideTheClock() {
        long before = System.currentTimeMillis() * 1000 / 10;
        var s = c.stats().blockStats(test, "vda");
        assertTrue(s.rdReq() >= before && s.rdReq() < before + 10_000_000);
        assertEquals(s.rdReq() / 2, s.rdBytes(), 1);
        TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.TEST, "invalid argument: invalid path: xx",
                () -> c.stats().blockStats(test, "xx"));
        TestSupport.assertVirError(ErrorNumber.OPERATION_UNSUPPORTED, ErrorDomain.TEST,
                "Operation not supported: summary statistics are not supported yet",
                () -> c.stats().blockStats(test, ""));
    }

    @Test
    void interfaceStatsNeedAKnownInterface() {
        var s = c.stats().interfaceStats(test, "testnet0");
        assertEquals(s.rxBytes() / 10, s.rxPackets(), 1);
        assertEquals(s.rxErrs() / 2, s.rxDrop());
        TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.DOMAIN,
                "invalid argument: 'xx' is not a known interface", () -> c.stats().interfaceStats(test, "xx"));
    }

    @Test
    void memoryStatsFollowTheBalloon() {
        List<DomainMemoryStat> s = c.stats().memoryStats(test, 13, 0);
        assertEquals(new DomainMemoryStat(6, 2097152), s.get(0));
        assertEquals(new DomainMemoryStat(10, 262144), s.get(9));
        assertEquals(new DomainMemoryStat(7, 1048576), s.get(12));
        c.lifecycle().destroy(test, 0);
        TestSupport.assertVirError(ErrorNumber.OPERATION_INVALID, ErrorDomain.DOMAIN,
                "Requested operation is not valid: domain is not running", () -> c.stats().memoryStats(test, 13, 0));
    }

    @Test
    void blockInfoIsFixedEvenWhenInactive() {
        c.lifecycle().destroy(test, 0);
        assertEquals(new DomainBlockInfo(1099506450432L, 1099511627776L, 1099511627776L),
                c.stats().getBlockInfo(test, "vda", 0));
        TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.TEST,
                "invalid argument: invalid path xx not assigned to domain",
                () -> c.stats().getBlockInfo(test, "xx", 0));
    }

    @Test
    void cpuStatsSplitTheFixedTotalPerVcpu() {
        assertEquals(List.of(TypedParams.of(new TypedParam.ULLongParam("cpu_time", 48772617035L),
                new TypedParam.ULLongParam("user_time", 5540000000L),
                new TypedParam.ULLongParam("system_time", 6460000000L))), c.stats().getCPUStats(test, -1, 1, 0));
        assertEquals(List.of(TypedParams.of(new TypedParam.ULLongParam("cpu_time", 24386308518L),
                new TypedParam.ULLongParam("vcpu_time", 23151740628L))), c.stats().getCPUStats(test, 1, 1, 0));
        TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.TEST,
                "invalid argument: start_cpu 5 larger than maximum of 1", () -> c.stats().getCPUStats(test, 5, 1, 0));
    }

    @Test
    void diskErrorsAndMemoryPeek() {
        assertEquals(List.of(new DomainDiskError("vda", 1)), c.stats().getDiskErrors(test, 0));
        assertArrayEquals(new byte[] {0, 1, 2, 3}, c.stats().memoryPeek(test, 0, 4, 1));
    }

    @Test
    void domainStatsKnowOnlyStateAndIothreads() {
        var recs = c.stats().getAllDomainStats(null, 0, 0);
        assertEquals(1, recs.size());
        assertEquals(TypedParams.of(new TypedParam.IntParam("state.state", 1),
                new TypedParam.IntParam("state.reason", 0)), recs.get(0).params());
        TestSupport.assertVirError(ErrorNumber.ARGUMENT_UNSUPPORTED, ErrorDomain.TEST,
                "argument unsupported: Stats types bits 0x8 are not supported by this daemon",
                () -> c.stats().getAllDomainStats(null, 8, 0x80000000));
        assertEquals(List.of(), c.stats().getAllDomainStats(null, 0, 2));
    }

    @Test
    void guestClockFilesystemsAndAddresses() {
        assertEquals(new DomainTime(627319920, 0), c.guest().getTime(test, 0));
        c.guest().setTime(test, 5, 3, 0);
        assertEquals(new DomainTime(5, 3), c.guest().getTime(test, 0));
        assertEquals(1, c.guest().fsFreeze(test, List.of("/"), 0));
        assertEquals(0, c.guest().fsFreeze(test, List.of("/"), 0));
        assertEquals(1, c.guest().fsFreeze(test, List.of(), 0));
        assertEquals(2, c.guest().fsThaw(test, List.of(), 0));
        TestSupport.assertVirError(ErrorNumber.OPERATION_INVALID, ErrorDomain.TEST,
                "Requested operation is not valid: mount point not found: /x",
                () -> c.guest().fsFreeze(test, List.of("/x"), 0));
        assertEquals(List.of(new DomainFSInfo("/", "vda1", "ext4", List.of("vda")),
                new DomainFSInfo("/boot", "vda2", "ext4", List.of("vda"))), c.guest().getFSInfo(test, 0));
        var ifs = c.guest().interfaceAddresses(test, 0, 0);
        assertEquals(List.of("testnet0", "aa:bb:cc:dd:ee:ff", "192.168.122.3"),
                List.of(ifs.get(0).name(), ifs.get(0).hwaddr(), ifs.get(0).addrs().get(0).addr()));
        TestSupport.assertVirError(ErrorNumber.ARGUMENT_UNSUPPORTED, ErrorDomain.TEST,
                "argument unsupported: Unknown IP address data source 5",
                () -> c.guest().interfaceAddresses(test, 5, 0));
        c.lifecycle().destroy(test, 0);
        TestSupport.assertVirError(ErrorNumber.OPERATION_INVALID, ErrorDomain.TEST,
                "Requested operation is not valid: domain is not running", () -> c.guest().getTime(test, 0));
    }
}
