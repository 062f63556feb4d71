package org.jvirt.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jvirt.host.Command;
import org.jvirt.host.CommandRunner;

/**
 * Finds a file volume's format and virtual size, as libvirt's virStorageFileProbeFormat and qcow2 header reader do:
 * qcow2 (the common case) is read from its header here; other image magics are asked of
 * {@code qemu-img info --output=json}; anything else is raw, its capacity the file size.
 */
final class ImageProbe {
    /** A probed image: {@code compat}, {@code features} as libvirt's qcow2 reader fills them (null otherwise). */
    record Image(String format, long capacity, String compat, long clusterSize, Set<String> features,
                 String backingPath) {
        static Image raw(long size) {
            return new Image("raw", size, null, 0, null, null);
        }
    }

    private static final int QCOW_MAGIC = 0x514649fb;
    private static final Pattern FORMAT = Pattern.compile("\"format\":\\s*\"([^\"]+)\"");
    private static final Pattern VSIZE = Pattern.compile("\"virtual-size\":\\s*(\\d+)");

    private final CommandRunner host;

    ImageProbe(CommandRunner host) {
        this.host = host;
    }

    Image probe(Path path, long fileSize) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(512);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            while (head.hasRemaining() && ch.read(head) > 0) {
                // fill what the file has
            }
        }
        head.flip();
        if (head.remaining() >= 72 && head.getInt(0) == QCOW_MAGIC && head.getInt(4) >= 2) {
            return qcow2(path, head);
        }
        if (otherImageMagic(head)) {
            return qemuImgInfo(path, fileSize);
        }
        return Image.raw(fileSize);
    }

    /** The qcow2 header (big-endian): version, backing file, cluster bits, size and v3 feature bits. */
    private static Image qcow2(Path path, ByteBuffer h) throws IOException {
        int version = h.getInt(4);
        long backingOffset = h.getLong(8);
        int backingSize = h.getInt(16);
        long clusterSize = 1L << h.getInt(20);
        long size = h.getLong(24);
        String compat = version == 2 ? "0.10" : "1.1";
        Set<String> features = null;
        if (version >= 3 && h.remaining() >= 88) {
            features = new LinkedHashSet<>();
            if ((h.getLong(80) & 1) != 0) {
                features.add("lazy_refcounts");
            }
            if ((h.getLong(72) & (1 << 4)) != 0) {
                features.add("extended_l2");
            }
        }
        String backing = null;
        if (backingOffset != 0 && backingSize > 0 && backingSize < 4096) {
            ByteBuffer b = ByteBuffer.allocate(backingSize);
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                ch.read(b, backingOffset);
            }
            backing = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
        }
        return new Image("qcow2", size, compat, clusterSize, features, backing);
    }

    private static boolean otherImageMagic(ByteBuffer h) {
        return starts(h, "QFI") || starts(h, "QED\0") || starts(h, "KDMV") || starts(h, "conectix")
                || starts(h, "vhdxfile") || starts(h, "WithoutFreeSpace") || starts(h, "cloop")
                || (h.remaining() >= 68 && h.getInt(64) == 0x7f10dabe);
    }

    private static boolean starts(ByteBuffer h, String magic) {
        byte[] m = magic.getBytes(StandardCharsets.ISO_8859_1);
        if (h.remaining() < m.length) {
            return false;
        }
        for (int i = 0; i < m.length; i++) {
            if (h.get(i) != m[i]) {
                return false;
            }
        }
        return true;
    }

    private Image qemuImgInfo(Path path, long fileSize) {
        String json = host.run(Command.of("qemu-img", "info", "--output=json", "--force-share", path.toString())
                .allowingFailure()).stdout();
        Matcher f = FORMAT.matcher(json);
        Matcher v = VSIZE.matcher(json);
        if (!f.find() || !v.find()) {
            return Image.raw(fileSize);
        }
        return new Image(f.group(1), Long.parseLong(v.group(1)), null, 0, null, null);
    }
}
