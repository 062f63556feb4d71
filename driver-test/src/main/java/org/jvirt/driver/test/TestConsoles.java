package org.jvirt.driver.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.jvirt.spi.DomainConsoles;
import org.jvirt.spi.Refs.DomainRef;
import org.jvirt.spi.StreamChannel;

/**
 * testDomainScreenshot: libvirt's test driver streams a fixed PNG whatever the domain and screen, the file
 * test-screenshot.png of libvirt's data directory (1120x832 greyscale, 33443 bytes in libvirt 9.0.0), as
 * "image/png". jvirt does not ship libvirt's picture: it streams that same file when libvirt's data directory has it
 * (so clients see byte for byte what libvirt sends), else a small PNG of its own (a blank screen).
 */
final class TestConsoles implements DomainConsoles {
    private static final int WIDTH = 64;
    private static final int HEIGHT = 48;

    @Override
    public Screenshot screenshot(DomainRef dom, int screen, int flags) {
        Errors.checkFlags(flags, 0, "testDomainScreenshot");
        return new Screenshot("image/png", new ByteStream(image()));
    }

    /** Where libvirt installs its test driver's screenshot (PKGDATADIR "/test-screenshot.png"). */
    static final Path LIBVIRT_SCREENSHOT = Path.of("/usr/share/libvirt/test-screenshot.png");

    /** libvirt's picture when installed, else {@link #blankPng()}. */
    static byte[] image() {
        try {
            return Files.readAllBytes(LIBVIRT_SCREENSHOT);
        } catch (IOException e) {
            return blankPng();
        }
    }

    /** A WIDTH x HEIGHT black 8-bit greyscale PNG. */
    static byte[] blankPng() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(WIDTH).putInt(HEIGHT).put((byte) 8).put((byte) 0)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        byte[] raw = new byte[HEIGHT * (WIDTH + 1)];
        Deflater deflater = new Deflater();
        deflater.setInput(raw);
        deflater.finish();
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        byte[] buf = new byte[1024];
        while (!deflater.finished()) {
            z.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();
        chunk(out, "IDAT", z.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** A read-only stream over bytes held in memory. */
    static final class ByteStream implements StreamChannel {
        private final byte[] data;
        private int pos;

        ByteStream(byte[] data) {
            this.data = data;
        }

        @Override
        public synchronized void send(byte[] buf, int offset, int length) {
            throw Errors.operationInvalid("stream is read-only");
        }

        @Override
        public synchronized int recv(byte[] buf, int offset, int length) {
            int n = Math.min(length, Math.min(buf.length - offset, data.length - pos));
            System.arraycopy(data, pos, buf, offset, n);
            pos += n;
            return n;
        }

        @Override
        public void finish() {
            // nothing to release: the bytes live on the heap
        }

        @Override
        public void abort() {
            // nothing to release: the bytes live on the heap
        }
    }
}
