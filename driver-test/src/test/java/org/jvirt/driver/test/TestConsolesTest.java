package org.jvirt.driver.test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
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
            assertArrayEquals(TestConsoles.image(), png);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
            // Not checked for an active domain, as libvirt's test driver.
            c.lifecycle().destroy(test, 0);
            assertEquals("image/png", c.consoles().screenshot(test, 0, 0).mimeType());
            TestSupport.assertVirError(ErrorNumber.INVALID_ARG, ErrorDomain.TEST,
                    "unsupported flags (0x1) in function testDomainScreenshot",
                    () -> c.consoles().screenshot(test, 0, 1));
        }
    }

    /** Where libvirt is installed, the bytes are libvirt's own file (what python-libvirt receives from it). */
    @Test
    void libvirtsPictureWhenInstalled() throws Exception {
        assumeTrue(Files.isReadable(TestConsoles.LIBVIRT_SCREENSHOT), "libvirt's test-screenshot.png is absent");
        byte[] png = TestConsoles.image();
        assertEquals(33443, png.length);
        assertEquals("f408057be73a755235cb338167d1fbadb44c8767a7f481a030d6e03ecfe0eec5",
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(png)));
    }

    @Test
    void blankPngIsAValidPicture() throws Exception {
        var img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(TestConsoles.blankPng()));
        assertEquals(64, img.getWidth());
        assertEquals(48, img.getHeight());
    }
}
