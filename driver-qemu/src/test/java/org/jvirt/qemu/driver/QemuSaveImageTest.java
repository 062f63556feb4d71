package org.jvirt.qemu.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The libvirt save image header: layout, round trip, and libvirt's errors for broken files. */
class QemuSaveImageTest {
    private static final String XML = "<domain type='qemu'><name>d</name></domain>";
    private static final byte[] PAYLOAD = "QEVM\0\0\0\3stream".getBytes(StandardCharsets.ISO_8859_1);

    @TempDir
    Path dir;

    private Path image(byte[] head, byte[] payload) throws Exception {
        Path f = dir.resolve("img.save");
        byte[] all = Arrays.copyOf(head, head.length + payload.length);
        System.arraycopy(payload, 0, all, head.length, payload.length);
        Files.write(f, all);
        return f;
    }

    @Test
    void layoutMatchesLibvirt() {
        byte[] h = QemuSaveImage.encode(XML, true, false);
        ByteBuffer b = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("LibvirtQemudSave", new String(h, 0, 16, StandardCharsets.US_ASCII));
        assertEquals(2, b.getInt(16));
        assertEquals(h.length - 92, b.getInt(20), "data_len covers XML and padding");
        assertEquals(1, b.getInt(24));
        assertEquals(0, b.getInt(28), "raw stream");
        assertEquals(0, b.getInt(32), "no cookie");
        assertEquals(0, h.length % 4096, "the stream starts on a 4 KiB boundary");
        assertTrue(h.length - 92 >= XML.length() + 1 + 1024, "at least 1 KiB of room for a longer XML");
        assertEquals(XML, new String(h, 92, XML.length(), StandardCharsets.UTF_8));
        assertEquals(0, h[92 + XML.length()]);
        assertEquals("LibvirtQemudPart", new String(QemuSaveImage.encode(XML, true, true), 0, 16,
                StandardCharsets.US_ASCII));
    }

    @Test
    void roundTripAndPayloadOffset() throws Exception {
        byte[] h = QemuSaveImage.encode(XML, false, false);
        Path f = image(h, PAYLOAD);
        QemuSaveImage img = QemuSaveImage.read(f);
        assertEquals(XML, img.xml());
        assertFalse(img.wasRunning());
        assertNull(img.cookie());
        assertEquals(h.length, img.payloadOffset());
        byte[] all = Files.readAllBytes(f);
        assertArrayEquals(PAYLOAD, Arrays.copyOfRange(all, (int) img.payloadOffset(), all.length));
    }

    @Test
    void rewriteKeepsTheStreamInPlace() throws Exception {
        Path f = image(QemuSaveImage.encode(XML, false, false), PAYLOAD);
        QemuSaveImage old = QemuSaveImage.read(f);
        String longer = XML.replace("<name>", "<description>" + "x".repeat(900) + "</description><name>");
        QemuSaveImage.rewrite(f, old, longer, true);
        QemuSaveImage img = QemuSaveImage.read(f);
        assertEquals(longer, img.xml());
        assertTrue(img.wasRunning());
        assertEquals(old.payloadOffset(), img.payloadOffset());
        byte[] all = Files.readAllBytes(f);
        assertArrayEquals(PAYLOAD, Arrays.copyOfRange(all, (int) img.payloadOffset(), all.length));

        VirException big = assertThrows(VirException.class, () -> QemuSaveImage.rewrite(f, img,
                "x".repeat(old.dataLen()), true));
        assertEquals("operation failed: new xml too large to fit in file", big.getMessage());
    }

    @Test
    void byteSwappedHeaderIsRead() throws Exception {
        byte[] h = QemuSaveImage.encode(XML, true, false);
        ByteBuffer le = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer be = ByteBuffer.wrap(h).order(ByteOrder.BIG_ENDIAN);
        int dataLen = le.getInt(20);
        be.putInt(16, 2).putInt(20, dataLen).putInt(24, 1);
        QemuSaveImage img = QemuSaveImage.read(image(h, PAYLOAD));
        assertEquals(XML, img.xml());
        assertTrue(img.wasRunning());
    }

    @Test
    void brokenFilesFailAsLibvirt() throws Exception {
        assertError(ErrorNumber.SYSTEM_ERROR, "Failed to open domain image file '" + dir.resolve("none")
                + "': No such file or directory", dir.resolve("none"));

        byte[] h = QemuSaveImage.encode(XML, true, false);
        assertError(ErrorNumber.OPERATION_FAILED, "operation failed: failed to read qemu header",
                image(Arrays.copyOf(h, 50), new byte[0]));

        byte[] wrong = h.clone();
        wrong[0] = 'X';
        assertError(ErrorNumber.OPERATION_FAILED, "operation failed: image magic is incorrect", image(wrong,
                PAYLOAD));

        assertError(ErrorNumber.OPERATION_FAILED, "operation failed: save image is incomplete",
                image(QemuSaveImage.encode(XML, true, true), PAYLOAD));

        byte[] v3 = h.clone();
        ByteBuffer.wrap(v3).order(ByteOrder.LITTLE_ENDIAN).putInt(16, 3);
        assertError(ErrorNumber.OPERATION_FAILED, "operation failed: image version is not supported (3 > 2)",
                image(v3, PAYLOAD));

        byte[] zero = h.clone();
        ByteBuffer.wrap(zero).order(ByteOrder.LITTLE_ENDIAN).putInt(20, 0);
        assertError(ErrorNumber.OPERATION_FAILED, "operation failed: invalid header data length: 0",
                image(zero, PAYLOAD));

        assertError(ErrorNumber.OPERATION_FAILED, "operation failed: failed to read domain XML",
                image(Arrays.copyOf(h, 92 + 10), new byte[0]));
    }

    private static void assertError(int code, String message, Path f) {
        VirException e = assertThrows(VirException.class, () -> QemuSaveImage.read(f));
        assertEquals(code, e.code());
        assertEquals(message, e.getMessage());
    }
}
