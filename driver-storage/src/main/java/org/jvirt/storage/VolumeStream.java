package org.jvirt.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jvirt.spi.StreamChannel;

/**
 * A volume's file behind a stream (libvirt's virFDStreamOpenFile): an upload writes at {@code offset} onwards
 * without truncating, a download reads from {@code offset}; a non-zero {@code length} bounds either, as fdstream
 * does (a write past it fails with ENOSPC, a read stops there). {@code onClose} runs once after finish or abort
 * (the driver refreshes the volume, as libvirt refreshes the pool after an upload).
 */
final class VolumeStream implements StreamChannel {
    private final Path path;
    private final FileChannel ch;
    private final boolean upload;
    private final long end;
    private final Runnable onClose;
    private long pos;
    private boolean closed;

    private VolumeStream(Path path, FileChannel ch, boolean upload, long offset, long length, Runnable onClose) {
        this.path = path;
        this.ch = ch;
        this.upload = upload;
        this.pos = offset;
        this.end = length == 0 ? Long.MAX_VALUE : offset + length;
        this.onClose = onClose;
    }

    static VolumeStream upload(Path path, long offset, long length, Runnable onClose) {
        return open(path, true, offset, length, onClose);
    }

    static VolumeStream download(Path path, long offset, long length, Runnable onClose) {
        return open(path, false, offset, length, onClose);
    }

    private static VolumeStream open(Path path, boolean upload, long offset, long length, Runnable onClose) {
        try {
            FileChannel ch = upload ? FileChannel.open(path, StandardOpenOption.WRITE)
                    : FileChannel.open(path, StandardOpenOption.READ);
            return new VolumeStream(path, ch, upload, offset, length, onClose);
        } catch (IOException e) {
            throw StorageErrors.system("Unable to open '" + path + "'", e);
        }
    }

    @Override
    public synchronized void send(byte[] data, int offset, int length) {
        if (!upload) {
            throw StorageErrors.operationInvalid("stream is read-only");
        }
        if (length > 0 && pos >= end) {
            throw StorageErrors.system("cannot write to stream", "No space left on device");
        }
        ByteBuffer buf = ByteBuffer.wrap(data, offset, (int) Math.min(length, end - pos));
        try {
            while (buf.hasRemaining()) {
                pos += ch.write(buf, pos);
            }
        } catch (IOException e) {
            throw StorageErrors.system("Unable to write to '" + path + "'", e);
        }
    }

    @Override
    public synchronized int recv(byte[] buf, int offset, int length) {
        if (upload) {
            throw StorageErrors.operationInvalid("stream is write-only");
        }
        int want = (int) Math.min(Math.min(length, buf.length - offset), end - pos);
        if (want <= 0) {
            return 0;
        }
        try {
            int n = ch.read(ByteBuffer.wrap(buf, offset, want), pos);
            if (n <= 0) {
                return 0;
            }
            pos += n;
            return n;
        } catch (IOException e) {
            throw StorageErrors.system("Unable to read from '" + path + "'", e);
        }
    }

    @Override
    public void finish() {
        try {
            if (upload) {
                ch.force(false);
            }
        } catch (IOException e) {
            throw StorageErrors.system("cannot sync data to volume with path '" + path + "'", e);
        } finally {
            close();
        }
    }

    @Override
    public void abort() {
        close();
    }

    private synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing was lost: data was written or is being discarded
        }
        onClose.run();
    }
}
