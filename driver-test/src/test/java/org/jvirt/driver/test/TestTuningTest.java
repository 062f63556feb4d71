package org.jvirt.driver.test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.param.TypedParam;
import org.jvirt.core.param.TypedParams;
import org.jvirt.spi.HypervisorConnection;
import org.jvirt.spi.Refs.DomainRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TestTuningTest {
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
    void launchSecurityInfoRefusesTheStringOkayFlag() {
        TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.TEST,
                "unsupported flags (0x4) in function testDomainGetLaunchSecurityInfo",
                () -> c.tuning().getLaunchSecurityInfo(test, 4));
        assertEquals(List.of(), c.tuning().getLaunchSecurityInfo(test, 0).list());
    }

    @Test
    void setMaxMemoryOnRunningDomainIsRefused() {
        TestSupport.assertVirError(ErrorNumber.OPERATION_INVALID, ErrorDomain.TEST,
                "Requested operation is not valid: cannot resize the maximum memory on an active domain",
                () -> c.tuning().setMaxMemory(test, 1000));
    }

    @Test
    void setMemoryAboveMaximumIsInvalidArg() {
        TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.TEST,
                "invalid argument: cannot set memory higher than max memory",
                () -> c.tuning().setMemory(test, 99999999, 0));
        c.tuning().setMemory(test, 1000000, 0);
        assertEquals(1000000, c.lifecycle().getInfo(test).memory());
    }

    @Test
    void setMaxMemoryOfConfigLowersTheBalloonOnNextBoot() {
        c.tuning().setMemory(test, 1000, DomainStates.AFFECT_CONFIG | TestTuning.MEM_MAXIMUM);
        assertEquals(8388608, c.tuning().getMaxMemory(test));
        c.lifecycle().destroy(test, 0);
        assertEquals(List.of(1000L, 1000L), List.of(c.lifecycle().getInfo(test).maxMem(),
                c.lifecycle().getInfo(test).memory()));
    }

    @Test
    void setMemoryLiveOnInactiveDomainIsNotRunning() {
        c.lifecycle().destroy(test, 0);
        TestSupport.assertVirError(ErrorNumber.OPERATION_INVALID, ErrorDomain.DOMAIN,
                "Requested operation is not valid: domain is not running",
                () -> c.tuning().setMemory(test, 100, DomainStates.AFFECT_LIVE));
    }

    @Test
    void setVcpusChecksBothMaximums() {
        TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.TEST,
                "invalid argument: requested cpu amount exceeds maximum supported amount (40 > 32)",
                () -> c.tuning().setVcpus(test, 40, 0));
        TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.TEST,
                "invalid argument: requested cpu amount exceeds maximum (3 > 2)",
                () -> c.tuning().setVcpus(test, 3, 0));
        TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.TEST,
                "unsupported flags (0x8) in function testDomainSetVcpusFlags",
                () -> c.tuning().setVcpus(test, 1, 8));
    }

    @Test
    void vcpuCountsPerFlagFollowLibvirt() {
        c.tuning().setVcpus(test, 1, 0);
        c.tuning().setVcpus(test, 4, DomainStates.AFFECT_CONFIG | TestTuning.VCPU_MAXIMUM);
        List<Integer> got = List.of(0, 1, 2, 4, 5, 6).stream().map(f -> c.tuning().getVcpusFlags(test, f)).toList();
        assertEquals(List.of(1, 1, 2, 2, 2, 4), got);
        TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.DOMAIN,
                "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive",
                () -> c.tuning().getVcpusFlags(test, 3));
    }

    @Test
    void vcpuInfoAndPinning() {
        var info = c.tuning().getVcpus(test);
        assertEquals(2, info.size());
        assertEquals(List.of(0, 1, 15), List.of(info.get(0).number(), info.get(0).state(), info.get(0).cpu()));
        boolean[] pin = new boolean[16];
        pin[0] = true;
        c.tuning().pinVcpu(test, 0, new boolean[] {true, false}, 0);
        assertArrayEquals(pin, c.tuning().getVcpuPinInfo(test, 0).get(0));
        assertEquals(0, c.tuning().getVcpus(test).get(0).cpu());
        TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.TEST,
                "invalid argument: requested vcpu '5' is not present in the domain",
                () -> c.tuning().pinVcpu(test, 5, new boolean[] {true}, 0));
        c.lifecycle().destroy(test, 0);
        TestSupport.assertVirError(ErrorNumber.OPERATION_INVALID, ErrorDomain.TEST,
                "Requested operation is not valid: cannot list vcpus for an inactive domain",
                () -> c.tuning().getVcpus(test));
    }

    @Test
    void schedulerIsFairWithWeightFifty() {
        assertEquals("fair", c.tuning().getSchedulerType(test));
        assertEquals(TypedParams.of(new TypedParam.UIntParam("weight", 50)),
                c.tuning().getSchedulerParameters(test, 0));
        TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.TEST,
                "unsupported flags (0x4) in function testDomainGetSchedulerParametersFlags",
                () -> c.tuning().getSchedulerParameters(test, 4));
    }

    @Test
    void memoryParametersAreUnlimited() {
        TypedParams p = c.tuning().getMemoryParameters(test, 0);
        assertEquals(List.of("hard_limit", "soft_limit", "swap_hard_limit"),
                p.list().stream().map(TypedParam::field).toList());
        assertEquals(new TypedParam.ULLongParam("hard_limit", 9007199254740991L), p.list().get(0));
    }

    @Test
    void blkioWeightIsKept() {
        assertEquals(new TypedParam.UIntParam("weight", 0), c.tuning().getBlkioParameters(test, 0).list().get(0));
        c.tuning().setBlkioParameters(test, TypedParams.of(new TypedParam.UIntParam("weight", 100)), 0);
        assertEquals(new TypedParam.UIntParam("weight", 100), c.tuning().getBlkioParameters(test, 0).list().get(0));
    }

    @Test
    void interfaceParametersNeedAKnownInterface() {
        c.tuning().setInterfaceParameters(test, "testnet0",
                TypedParams.of(new TypedParam.UIntParam("inbound.average", 100)), 0);
        assertEquals(new TypedParam.UIntParam("inbound.average", 100),
                c.tuning().getInterfaceParameters(test, "testnet0", 0).list().get(0));
        TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.DOMAIN,
                "invalid argument: 'xx' is not a known interface",
                () -> c.tuning().getInterfaceParameters(test, "xx", 0));
    }

    @Test
    void blockIoTuneRejectsValuesAboveTheirMax() {
        assertEquals(20, c.tuning().getBlockIoTune(test, "vda", 0).size());
        TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.TEST,
                "invalid argument: total_bytes_sec cannot be set higher than total_bytes_sec_max ",
                () -> c.tuning().setBlockIoTune(test, "vda",
                        TypedParams.of(new TypedParam.ULLongParam("total_bytes_sec", 100)), 0));
    }

    @Test
    void perfEventsStartDisabled() {
        TypedParams p = c.tuning().getPerfEvents(test, 0);
        assertEquals(22, p.size());
        assertEquals(new TypedParam.BooleanParam("cmt", false), p.list().get(0));
    }

    @Test
    void numaModeNeedsANodeset() {
        TestSupport.assertVirError(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                "unsupported configuration: nodeset for NUMA memory tuning must be set if 'placement' is 'static'",
                () -> c.tuning().setNumaParameters(test, TypedParams.of(new TypedParam.IntParam("numa_mode", 1)), 0));
        c.tuning().setNumaParameters(test, TypedParams.of(new TypedParam.StringParam("numa_nodeset", "0")), 0);
        assertEquals(new TypedParam.StringParam("numa_nodeset", "0"),
                c.tuning().getNumaParameters(test, 0).list().get(1));
    }

    @Test
    void iothreadsAddPinAndDelete() {
        c.tuning().addIOThread(test, 1, 0);
        assertEquals(1, c.tuning().getIOThreadInfo(test, 0).get(0).iothreadId());
        c.tuning().pinIOThread(test, 1, new boolean[] {true, true}, 0);
        c.tuning().delIOThread(test, 1, 0);
        TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.DOMAIN,
                "invalid argument: cannot find IOThread '1' in iothreadids list",
                () -> c.tuning().delIOThread(test, 1, 0));
        TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.TEST,
                "invalid argument: cannot find IOThread '1' in iothreadids",
                () -> c.tuning().setIOThreadParams(test, 1, TypedParams.of(), 0));
    }
}
