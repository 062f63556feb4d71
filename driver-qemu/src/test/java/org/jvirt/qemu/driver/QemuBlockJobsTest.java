package org.jvirt.qemu.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/** The block-copy destination a client sends: what is read from it, and what never is. */
class QemuBlockJobsTest {
    @TempDir
    Path dir;

    @Test
    void destinationGivesFileAndFormat() {
        assertArrayEquals(new String[] {"/var/lib/x.qcow2", "qcow2"}, QemuBlockJobs.parseDestination(
                "<disk type='file'><driver type='qcow2'/><source file='/var/lib/x.qcow2'/></disk>"));
        assertArrayEquals(new String[] {"/x.img", null},
                QemuBlockJobs.parseDestination("<disk><source file='/x.img'/></disk>"));
    }

    @Test
    void anExternalEntityIsNeverRead() throws Exception {
        Path secret = dir.resolve("secret");
        Files.writeString(secret, "/stolen/path");
        String xml = "<!DOCTYPE disk [<!ENTITY x SYSTEM 'file://" + secret + "'>]>"
                + "<disk type='file'><source file='&x;'/></disk>";
        // XML forbids an external entity in an attribute; the parser refuses it without reading the file
        VirException e = assertThrows(VirException.class, () -> QemuBlockJobs.parseDestination(xml));
        assertEquals(ErrorNumber.XML_DETAIL, e.code());
        assertTrue(!e.getMessage().contains("stolen"), e.getMessage());
        // in element content, where XML allows it, it expands to nothing
        String inText = "<!DOCTYPE disk [<!ENTITY x SYSTEM 'file://" + secret + "'>]>"
                + "<disk type='file'><source file='/a.img'/><target>&x;</target></disk>";
        assertArrayEquals(new String[] {"/a.img", null}, QemuBlockJobs.parseDestination(inText));
    }

    @Test
    void wrongRootAndOtherDiskTypesAreRefused() {
        VirException root = assertThrows(VirException.class,
                () -> QemuBlockJobs.parseDestination("<domain/>"));
        assertEquals(ErrorNumber.XML_ERROR, root.code());
        VirException block = assertThrows(VirException.class,
                () -> QemuBlockJobs.parseDestination("<disk type='block'><source dev='/dev/sdz'/></disk>"));
        assertEquals(ErrorNumber.CONFIG_UNSUPPORTED, block.code());
    }
}
