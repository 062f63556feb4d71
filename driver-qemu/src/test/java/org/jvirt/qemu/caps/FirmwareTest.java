package org.jvirt.qemu.caps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirmwareTest {
    @TempDir
    Path dir;

    private static String descriptor(String exec, String features) {
        return """
                {"interface-types": ["uefi"],
                 "mapping": {"device": "flash", "executable": {"filename": "%s", "format": "raw"}},
                 "targets": [{"architecture": "x86_64", "machines": ["pc-i440fx-*", "pc-q35-*"]}],
                 "features": [%s]}
                """.formatted(exec, features);
    }

    @Test
    void laterDirectoryOverridesSameNameAndOrderIsByFileName() throws Exception {
        Path sys = Files.createDirectories(dir.resolve("share"));
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(sys.resolve("60-plain.json"), descriptor("/fw/plain.fd", "\"acpi-s3\""));
        Files.writeString(sys.resolve("50-secure.json"), descriptor("/fw/secure.fd",
                "\"requires-smm\", \"secure-boot\""));
        Files.writeString(etc.resolve("60-plain.json"), descriptor("/fw/override.fd", ""));
        Files.writeString(etc.resolve("70-broken.json"), "{not json");
        List<Firmware> fws = Firmware.load(List.of(sys, etc, dir.resolve("absent")));
        assertEquals(List.of("/fw/secure.fd", "/fw/override.fd"), fws.stream().map(Firmware::executable).toList());
        assertTrue(fws.get(0).supports("x86_64", "pc-q35-7.2"));
        assertFalse(fws.get(0).supports("x86_64", "microvm"));
        assertFalse(fws.get(0).supports("aarch64", "pc-q35-7.2"));
    }
}
