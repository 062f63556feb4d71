package org.jvirt.driver.test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.jvirt.api.Records.DomainState;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.spi.HypervisorConnection;
import org.jvirt.spi.Refs.DomainRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestSaveRestoreTest {
    @TempDir
    Path dir;
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
    void saveWritesMagicLengthAndXmlThenRestoreRestarts() throws IOException {
        Path f = dir.resolve("x.save");
        c.saveRestore().save(test, f.toString(), null, 0);
        assertEquals(new DomainState(5, 5), c.lifecycle().getState(test, 0));
        byte[] data = Files.readAllBytes(f);
        assertArrayEquals("TestGuestMagic\0".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(data, 15));
        int len = ByteBuffer.wrap(data, 15, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assertEquals(data.length - 19, len);
        assertTrue(new String(data, 19, len, StandardCharsets.UTF_8).startsWith("<domain type='test' id='1'>"));
        c.saveRestore().restore(f.toString(), null, 0);
        assertEquals(new DomainState(1, 3), c.lifecycle().getState(test, 0));
        assertEquals(2, c.domains().lookupByName("test").id());
    }

    @Test
    void restoreOfForeignFileIsMismatchedMagic() throws IOException {
        Path f = dir.resolve("bad");
        Files.writeString(f, "NotAGuestMagicAtAll");
        TestSupport.assertVirError(ErrorNumber.INTERNAL_ERROR, ErrorDomain.TEST,
                "internal error: mismatched header magic", () -> c.saveRestore().restore(f.toString(), null, 0));
    }

    @Test
    void saveOfInactiveDomainIsOperationInvalid() {
        c.lifecycle().destroy(test, 0);
        TestSupport.assertVirError(ErrorNumber.OPERATION_INVALID, ErrorDomain.DOMAIN,
                "Requested operation is not valid: domain is not running",
                () -> c.saveRestore().save(test, dir.resolve("y").toString(), null, 0));
    }

    @Test
    void managedSaveStopsSavedAndStartClearsTheImage() {
        c.saveRestore().managedSave(test, 0);
        assertEquals(new DomainState(5, 5), c.lifecycle().getState(test, 0));
        assertTrue(c.saveRestore().hasManagedSaveImage(test, 0));
        TestSupport.assertVirError(ErrorNumber.OPERATION_INVALID, ErrorDomain.TEST,
                "Requested operation is not valid: Refusing to undefine while domain managed save image exists",
                () -> c.domains().undefine(test, 0));
        c.lifecycle().create(test, 0);
        assertFalse(c.saveRestore().hasManagedSaveImage(test, 0));
    }

    @Test
    void managedSaveOfTransientDomainIsRefused() {
        DomainRef tr = c.domains().createXML("<domain type='test'><name>tr</name><memory>1024</memory>"
                + "<os><type>hvm</type></os></domain>", 0);
        TestSupport.assertVirError(ErrorNumber.OPERATION_INVALID, ErrorDomain.TEST,
                "Requested operation is not valid: cannot do managed save for transient domain",
                () -> c.saveRestore().managedSave(tr, 0));
    }

    @Test
    void coreDumpKeepsRunningUnlessCrashRequested() throws IOException {
        Path f = dir.resolve("core");
        c.lifecycle().coreDump(test, f.toString(), 0, 0);
        assertEquals(new DomainState(1, 0), c.lifecycle().getState(test, 0));
        assertEquals(15, Files.size(f));
        c.lifecycle().coreDump(test, f.toString(), 0, 1);
        assertEquals(new DomainState(5, 3), c.lifecycle().getState(test, 0));
    }

    @Test
    void saveImageXmlIsTheInactiveDefinition() {
        Path f = dir.resolve("img.save");
        c.saveRestore().save(test, f.toString(), null, 0);
        String xml = c.saveRestore().saveImageGetXMLDesc(f.toString(), 0);
        assertTrue(xml.startsWith("<domain type='test'>\n  <name>test</name>"), xml);
        c.saveRestore().saveImageDefineXML(f.toString(), xml.replace("<memory unit='KiB'>8388608</memory>",
                "<memory unit='KiB'>4194304</memory>"), 0);
        assertTrue(c.saveRestore().saveImageGetXMLDesc(f.toString(), 0).contains("4194304</memory>"));
    }
}
