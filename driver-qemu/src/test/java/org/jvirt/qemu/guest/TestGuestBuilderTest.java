package org.jvirt.qemu.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jvirt.host.ProcessCommandRunner;
import org.jvirt.host.RecordingCommandRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestGuestBuilderTest {
    @TempDir
    Path dir;

    @Test
    void readsDependsFromModinfoSection() {
        byte[] ko = "\u007fELF junk depends=\0license=GPL\0depends=virtio,virtio_ring\0vermagic=6.1\0"
                .getBytes(StandardCharsets.ISO_8859_1);
        // The first "depends=" is not at the start of a modinfo string (no NUL before it), so it is skipped.
        assertEquals(List.of("virtio", "virtio_ring"), TestGuestBuilder.modinfoDepends(ko));
        assertEquals(List.of(), TestGuestBuilder.modinfoDepends("\0depends=\0name=evdev\0"
                .getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(List.of(), TestGuestBuilder.modinfoDepends(new byte[0]));
    }

    @Test
    void moduleNamesNormaliseDashes() {
        assertEquals("virtio_pci_modern_dev", TestGuestBuilder.moduleName("virtio-pci-modern-dev.ko"));
        assertEquals("sd_mod", TestGuestBuilder.moduleName("sd_mod"));
    }

    @Test
    void offlineWithoutCacheIsUnavailableWithReason() {
        var r = new TestGuestBuilder(dir.resolve("empty"), TestGuestBuilder.DEFAULT_MODULES, true,
                new ProcessCommandRunner()).build();
        var u = assertInstanceOf(TestGuestBuilder.Result.Unavailable.class, r);
        assertTrue(u.reason().startsWith("offline and no usable guest cache in "), u.reason());
    }

    @Test
    void aptThatKnowsNothingMakesItUnavailable() {
        // apt-cache answering with nothing (no lists) must not be taken for an empty, successful build.
        RecordingCommandRunner apt = new RecordingCommandRunner();
        var r = new TestGuestBuilder(dir.resolve("c"), TestGuestBuilder.DEFAULT_MODULES, false, apt).build();
        var u = assertInstanceOf(TestGuestBuilder.Result.Unavailable.class, r);
        assertTrue(u.reason().contains("apt-cache cannot resolve linux-image-cloud-amd64"), u.reason());
    }

    @Test
    void secondBuildComesFromTheStampedCache() throws Exception {
        TestGuestBuilder.TestGuest first = TestGuestBuilder.assumeGuest();
        TestGuestBuilder.TestGuest again = TestGuestBuilder.assumeGuest();
        assertTrue(again.fromCache(), "stamp unchanged, nothing rebuilt");
        assertEquals(first.kernel(), again.kernel());
        assertEquals(Files.getLastModifiedTime(first.initrd()), Files.getLastModifiedTime(again.initrd()));
        assertTrue(Files.size(again.kernel()) > 1_000_000, "a real bzImage");
        System.out.printf("TestGuestBuilderTest: first %d ms (%s), cached %d ms%n", first.buildTime().toMillis(),
                first.fromCache() ? "cached" : "cold", again.buildTime().toMillis());
    }
}
