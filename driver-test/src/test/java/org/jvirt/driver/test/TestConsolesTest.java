package org.jvirt.driver.test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.spi.DomainConsoles.Screenshot;
import org.jvirt.spi.HypervisorConnection;
import org.jvirt.spi.Refs.DomainRef;
import org.junit.jupiter.api.Test;

class TestConsolesTest {
    @Test
    void screenshotStreamsAPng() {
        try (HypervisorConnection c = TestSupport.openDefault()) {
            DomainRef test = c.domains().lookupByName("test");
            Screenshot s = c.consoles().screenshot(test, 0, 0);
            assertEquals("image/png", s.mimeType());
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[16];
            for (int n; (n = s.data().recv(buf, 0, buf.length)) > 0;) {
                got.write(buf, 0, n);
            }
            s.data().finish();
            byte[] png = got.toByteArray();
            assertArrayEquals(TestConsoles.blankPng(), png);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
            TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.TEST,
                    "unsupported flags (0x1) in function testDomainScreenshot",
                    () -> c.consoles().screenshot(test, 0, 1));
        }
    }
}
