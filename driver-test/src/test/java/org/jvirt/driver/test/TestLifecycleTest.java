package org.jvirt.driver.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jvirt.api.Records.DomainState;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.spi.HypervisorConnection;
import org.jvirt.spi.Refs.DomainRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TestLifecycleTest {
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

    private DomainState state() {
        return c.lifecycle().getState(test, 0);
    }

    @Test
    void setLifecycleActionChangesTheLiveOrTheConfigDefinition() {
        c.lifecycle().setLifecycleAction(test, 0, 1, 0);
        assertTrue(c.domains().getXMLDesc(test, 0).contains("<on_poweroff>restart</on_poweroff>"));
        c.lifecycle().setLifecycleAction(test, 2, 4, 2);
        assertTrue(c.domains().getXMLDesc(test, 2).contains("<on_crash>coredump-destroy</on_crash>"));
        assertFalse(c.domains().getXMLDesc(test, 0).contains("coredump-destroy"));
        TestSupport.assertVirError(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                "unsupported configuration: Lifecycle event 'poweroff' doesn't support 'coredump-destroy' action",
                () -> c.lifecycle().setLifecycleAction(test, 0, 4, 0));
    }

    @Test
    void defaultDomainRunsWithUnknownReason() {
        assertEquals(new DomainState(1, 0), state());
    }

    @Test
    void destroyInactiveDomainIsOperationInvalid() {
        c.lifecycle().destroy(test, 0);
        assertEquals(new DomainState(5, 2), state());
        TestSupport.assertVirError(ErrorNumber.OPERATION_INVALID, ErrorDomain.DOMAIN,
                "Requested operation is not valid: domain is not running", () -> c.lifecycle().destroy(test, 0));
    }

    @Test
    void startingARunningDomainIsInternalError() {
        TestSupport.assertVirError(ErrorNumber.INTERNAL_ERROR, ErrorDomain.TEST,
                "internal error: Domain 'test' is already running", () -> c.lifecycle().create(test, 0));
    }

    @Test
    void suspendAndResumeSetPausedUserAndRunningUnpaused() {
        c.lifecycle().suspend(test);
        assertEquals(new DomainState(3, 1), state());
        TestSupport.assertVirError(ErrorNumber.INTERNAL_ERROR, ErrorDomain.TEST,
                "internal error: domain 'test' not running", () -> c.lifecycle().suspend(test));
        c.lifecycle().resume(test);
        assertEquals(new DomainState(1, 5), state());
        TestSupport.assertVirError(ErrorNumber.INTERNAL_ERROR, ErrorDomain.TEST,
                "internal error: domain 'test' not paused", () -> c.lifecycle().resume(test));
    }

    @Test
    void shutdownOfPausedDomainShutsItOff() {
        c.lifecycle().suspend(test);
        c.lifecycle().shutdown(test, 0);
        assertEquals(new DomainState(5, 1), state());
        TestSupport.assertVirError(ErrorNumber.INTERNAL_ERROR, ErrorDomain.TEST,
                "internal error: domain 'test' not running", () -> c.lifecycle().shutdown(test, 0));
    }

    @Test
    void idsIncreaseWithEachStart() {
        c.lifecycle().destroy(test, 0);
        assertEquals(2, c.lifecycle().create(test, 0).id());
        c.lifecycle().destroy(test, 0);
        assertEquals(3, c.lifecycle().create(test, 0).id());
        assertEquals(new DomainState(1, 1), state());
        assertEquals(-1, stopped().id());
    }

    private DomainRef stopped() {
        c.lifecycle().destroy(test, 0);
        return c.domains().lookupByName("test");
    }

    @Test
    void rebootRestartsWithBootedReason() {
        c.lifecycle().reboot(test, 0);
        assertEquals(new DomainState(1, 1), state());
        assertEquals(1, c.domains().lookupByName("test").id());
    }

    @Test
    void rebootAndResetNeedARunningDomain() {
        c.lifecycle().destroy(test, 0);
        TestSupport.assertVirError(ErrorNumber.OPERATION_INVALID, ErrorDomain.DOMAIN,
                "Requested operation is not valid: domain is not running", () -> c.lifecycle().reboot(test, 0));
        TestSupport.assertVirError(ErrorNumber.OPERATION_INVALID, ErrorDomain.DOMAIN,
                "Requested operation is not valid: domain is not running", () -> c.lifecycle().reset(test, 0));
    }

    @Test
    void unsupportedFlagsNameTheDriverFunction() {
        TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.TEST,
                "unsupported flags (0xfe) in function testDomainDestroyFlags", () -> c.lifecycle().destroy(test, 0xff));
        TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.TEST,
                "unsupported flags (0xe0) in function testDomainReboot", () -> c.lifecycle().reboot(test, 0xff));
    }

    @Test
    void transientDomainVanishesWhenStopped() {
        String xml = "<domain type='test'><name>tr</name><memory>1024</memory><os><type>hvm</type></os></domain>";
        DomainRef tr = c.domains().createXML(xml, 0);
        assertEquals(2, tr.id());
        assertFalse(c.domains().isPersistent(tr));
        c.lifecycle().destroy(tr, 0);
        TestSupport.assertVirError(ErrorNumber.NO_DOMAIN, ErrorDomain.TEST, "Domain not found",
                () -> c.domains().lookupByName("tr"));
        TestSupport.assertVirError(ErrorNumber.NO_DOMAIN, ErrorDomain.TEST,
                "Domain not found: no domain with matching uuid '" + tr.uuid() + "' (tr)",
                () -> c.lifecycle().getState(tr, 0));
    }

    @Test
    void undefiningARunningDomainMakesItTransient() {
        c.domains().undefine(test, 0);
        assertFalse(c.domains().isPersistent(test));
        assertTrue(c.domains().isActive(test));
        c.lifecycle().destroy(test, 0);
        assertEquals(List.of(), c.domains().listAll(0));
    }

    @Test
    void infoReportsStateMemoryAndVcpus() {
        var info = c.lifecycle().getInfo(test);
        assertEquals(List.of(1, 8388608L, 2097152L, 2), List.of(info.state(), info.maxMem(), info.memory(),
                info.nrVirtCpu()));
        assertTrue(info.cpuTime() > 1_600_000_000L * 1_000_000_000L);
    }

    @Test
    void sendProcessSignalOnlyToPidOne() {
        TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.TEST,
                "invalid argument: only sending a signal to pid 1 is supported",
                () -> c.lifecycle().sendProcessSignal(test, 2, 9, 0));
        TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.TEST,
                "invalid argument: signum value 99 is out of range",
                () -> c.lifecycle().sendProcessSignal(test, 1, 99, 0));
        c.lifecycle().sendProcessSignal(test, 1, 9, 0);
    }
}
