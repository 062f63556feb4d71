package org.jvirt.driver.test;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.spi.HypervisorConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TestCpuModelsTest {
    private HypervisorConnection c;

    @BeforeEach
    void open() {
        c = TestSupport.openDefault();
    }

    @AfterEach
    void close() {
        c.close();
    }

    @Test
    void x86AndPpc64AnswerFromTheCpuMap() {
        List<String> x86 = c.connect().getCPUModelNames("x86_64", 0);
        assertEquals(58, x86.size());
        assertEquals(List.of("486", "pentium"), x86.subList(0, 2));
        assertEquals("Dhyana", x86.getLast());
        assertEquals(x86, c.connect().getCPUModelNames("i686", 0));
        assertEquals(List.of("POWER6", "POWER7", "POWER8", "POWER9", "POWER10", "POWERPC_e5500", "POWERPC_e6500"),
                c.connect().getCPUModelNames("ppc64le", 0));
    }

    @Test
    void armAndS390AcceptEveryModel() {
        assertEquals(List.of(), c.connect().getCPUModelNames("aarch64", 0));
        assertEquals(List.of(), c.connect().getCPUModelNames("s390x", 0));
    }

    @Test
    void unknownOrDriverlessArchitecturesFail() {
        TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.TEST,
                "invalid argument: cannot find architecture zz80",
                () -> c.connect().getCPUModelNames("zz80", 0));
        TestSupport.assertVirError(ErrorNumber.NO_SUPPORT, ErrorDomain.CPU,
                "this function is not supported by the connection driver: 'mips' architecture is not supported by"
                        + " CPU driver",
                () -> c.connect().getCPUModelNames("mips", 0));
        TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.TEST,
                "unsupported flags (0x1) in function testConnectGetCPUModelNames",
                () -> c.connect().getCPUModelNames("x86_64", 1));
    }
}
