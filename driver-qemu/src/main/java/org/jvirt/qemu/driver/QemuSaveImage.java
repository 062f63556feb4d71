package org.jvirt.qemu.driver;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/**
 * libvirt's QEMU save image header (qemu_saveimage.h), so images move between jvirt and libvirt. Layout, all integers
 * in the host's order (little-endian on x86_64; a reader that sees a byte-swapped version swaps every field):
 *
 * <pre>
 *   0  char     magic[16]      "LibvirtQemudSave", or "LibvirtQemudPart" while the QEMU stream is being written
 *  16  uint32   version        2
 *  20  uint32   data_len       bytes of the data area after the header
 *  24  uint32   was_running    1: resume after restore
 *  28  uint32   compressed     0: raw QEMU stream (the only format written here)
 *  32  uint32   cookieOffset   offset of the migration cookie in the data area, 0: none
 *  36  uint32   unused[14]     zero
 *  92  data area: inactive domain XML, NUL, (cookie, NUL,) NUL padding
 *  92 + data_len: the QEMU migration stream
 * </pre>
 *
 * The padding is at least 1 KiB so saveImageDefineXML can store slightly longer XML in place, and rounds the stream's
 * start to a 4 KiB boundary as libvirt does for O_DIRECT writes.
 */
record QemuSaveImage(int version, int dataLen, boolean wasRunning, int compressed, int cookieOffset, String xml,
                     String cookie) {
    static final String MAGIC = "LibvirtQemudSave";
    static final String PARTIAL = "LibvirtQemudPart";
    static final int VERSION = 2;
    static final int HEADER_SIZE = 92;
    private static final int MIN_PAD = 1024;
    private static final int ALIGN = 4096;

    /** Where the QEMU stream begins. */
    long payloadOffset() {
        return HEADER_SIZE + (long) dataLen;
    }

    /** A new image's header and data area for {@code xml}; {@code partial} writes the in-progress magic. */
    static byte[] encode(String xml, boolean wasRunning, boolean partial) {
        byte[] x = xml.getBytes(StandardCharsets.UTF_8);
        int len = x.length + 1;
        int dataLen = len + MIN_PAD;
        dataLen += (ALIGN - (HEADER_SIZE + dataLen) % ALIGN) % ALIGN;
        return encode(x, dataLen, wasRunning, partial);
    }

    private static byte[] encode(byte[] xml, int dataLen, boolean wasRunning, boolean partial) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE + dataLen).order(ByteOrder.LITTLE_ENDIAN);
        b.put((partial ? PARTIAL : MAGIC).getBytes(StandardCharsets.US_ASCII));
        b.putInt(VERSION).putInt(dataLen).putInt(wasRunning ? 1 : 0).putInt(0).putInt(0);
        b.position(HEADER_SIZE);
        b.put(xml);
        return b.array();
    }

    /** Reads and checks an image's header and XML with libvirt's errors (qemuSaveImageOpen). */
    static QemuSaveImage read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(ch);
        } catch (NoSuchFileException e) {
            throw openFailed(file, "No such file or directory");
        } catch (IOException e) {
            throw openFailed(file, e.getMessage());
        }
    }

    static VirException openFailed(Path file, String why) {
        return VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.QEMU, "Failed to open domain image file '"
                + file + "': " + why);
    }

    static QemuSaveImage read(FileChannel ch) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(HEADER_SIZE);
        if (readFully(ch, h, 0) < HEADER_SIZE) {
            throw failed("failed to read qemu header");
        }
        h.flip();
        String magic = new String(h.array(), 0, 16, StandardCharsets.ISO_8859_1);
        if (!magic.equals(MAGIC)) {
            throw failed(magic.equals(PARTIAL) ? "save image is incomplete" : "image magic is incorrect");
        }
        h.order(ByteOrder.LITTLE_ENDIAN);
        int version = h.getInt(16);
        if (version > VERSION) {
            if (Integer.reverseBytes(version) > VERSION) {
                throw failed("image version is not supported (" + version + " > " + VERSION + ")");
            }
            h.order(ByteOrder.BIG_ENDIAN);
            version = h.getInt(16);
        }
        int dataLen = h.getInt(20);
        boolean wasRunning = h.getInt(24) != 0;
        int compressed = h.getInt(28);
        int cookieOffset = version == 2 ? h.getInt(32) : 0;
        if (dataLen <= 0) {
            throw failed("invalid header data length: " + dataLen);
        }
        if (compressed != 0) {
            // libvirt would pipe the stream through gzip/xz/...; the daemon carries only raw streams.
            throw VirException.of(ErrorNumber.OPERATION_FAILED, ErrorDomain.QEMU,
                    "Invalid compressed save format " + compressed);
        }
        ByteBuffer data = ByteBuffer.allocate(dataLen);
        if (readFully(ch, data, HEADER_SIZE) < dataLen) {
            throw failed("failed to read domain XML");
        }
        byte[] d = data.array();
        int xmlEnd = cookieOffset > 0 ? Math.min(cookieOffset, dataLen) : dataLen;
        String xml = cString(d, 0, xmlEnd);
        String cookie = cookieOffset > 0 && cookieOffset < dataLen ? cString(d, cookieOffset, dataLen) : null;
        return new QemuSaveImage(version, dataLen, wasRunning, compressed, cookieOffset, xml, cookie);
    }

    /**
     * Replaces the XML (and was_running) in place, as virDomainSaveImageDefineXML does: the data area keeps its size,
     * so the stream behind it stays where it is.
     */
    static void rewrite(Path file, QemuSaveImage old, String xml, boolean wasRunning) {
        byte[] x = xml.getBytes(StandardCharsets.UTF_8);
        int cookieLen = old.cookie == null ? 0 : old.cookie.getBytes(StandardCharsets.UTF_8).length + 1;
        if (x.length + 1 + cookieLen > old.dataLen) {
            throw failed("new xml too large to fit in file");
        }
        ByteBuffer b = ByteBuffer.wrap(encode(x, old.dataLen, wasRunning, false)).order(ByteOrder.LITTLE_ENDIAN);
        if (old.cookie != null) {
            b.putInt(32, x.length + 1);
            b.put(HEADER_SIZE + x.length + 1, old.cookie.getBytes(StandardCharsets.UTF_8));
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(b.rewind(), 0);
            ch.force(true);
        } catch (IOException e) {
            throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.QEMU, "failed to write header to domain save"
                    + " file '" + file + "': " + e.getMessage());
        }
    }

    /** The stream is complete: swap the in-progress magic for the real one (libvirt's qemuSaveImageCreate). */
    static void markComplete(FileChannel ch) throws IOException {
        ch.write(ByteBuffer.wrap(MAGIC.getBytes(StandardCharsets.US_ASCII)), 0);
        ch.force(true);
    }

    private static VirException failed(String detail) {
        return VirException.of(ErrorNumber.OPERATION_FAILED, ErrorDomain.QEMU, detail);
    }

    private static int readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        int total = 0;
        while (b.hasRemaining()) {
            int n = ch.read(b, pos + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private static String cString(byte[] d, int from, int to) {
        int end = from;
        while (end < to && d[end] != 0) {
            end++;
        }
        return new String(d, from, end - from, StandardCharsets.UTF_8);
    }
}
