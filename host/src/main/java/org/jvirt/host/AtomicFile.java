package org.jvirt.host;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/**
 * Crash-safe replacement of a file (libvirt's virFileRewrite): the new content goes to a temporary file in the same
 * directory, is fsync'ed, renamed over the target, and then the directory is fsync'ed so that the rename itself
 * survives a power loss. A reader sees the old file or the new one, never a torn one.
 */
public final class AtomicFile {
    /** Config and status files hold secrets at times (VNC passwords): owner-only unless asked otherwise. */
    public static final Set<PosixFilePermission> DEFAULT_MODE = PosixFilePermissions.fromString("rw-------");

    private AtomicFile() {}

    public static void write(Path target, String content) {
        write(target, content.getBytes(StandardCharsets.UTF_8), DEFAULT_MODE);
    }

    public static void write(Path target, byte[] content, Set<PosixFilePermission> mode) {
        write(target, content, mode, true);
    }

    /**
     * The same replacement without the two fsyncs, for runtime state under {@code /run} (status XML, pidfiles):
     * the rename is still atomic for every reader and survives a daemon crash or {@code kill -9}, which is all such a
     * file must survive: after a power loss (when the fsyncs would matter) /run is empty and its guests are gone.
     * The fsyncs cost milliseconds per write on a disk, on the path of every guest start.
     */
    public static void writeRuntime(Path target, String content) {
        write(target, content.getBytes(StandardCharsets.UTF_8), DEFAULT_MODE, false);
    }

    /** {@link #writeRuntime(Path, String)} with an explicit mode. */
    public static void writeRuntime(Path target, byte[] content, Set<PosixFilePermission> mode) {
        write(target, content, mode, false);
    }

    private static void write(Path target, byte[] content, Set<PosixFilePermission> mode, boolean durable) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".new",
                    PosixFilePermissions.asFileAttribute(mode));
        } catch (IOException e) {
            throw sysError("cannot create file '" + target + "'", e);
        }
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                if (durable) {
                    try {
                        ch.force(true);
                    } catch (IOException e) {
                        throw sysError("cannot sync file '" + target + "'", e);
                    }
                }
            } catch (IOException e) {
                throw sysError("cannot write data to file '" + target + "'", e);
            }
            // createTempFile applies the umask; set the mode explicitly so 0644 status files really are 0644.
            Files.setPosixFilePermissions(tmp, mode);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw sysError("cannot rename file '" + tmp + "' as '" + target + "'", e);
            }
            done = true;
            if (durable) {
                syncDirectory(dir);
            }
        } catch (IOException e) {
            throw sysError("cannot rename file '" + tmp + "' as '" + target + "'", e);
        } finally {
            if (!done) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original error is the one that matters
                }
            }
        }
    }

    /** fsync on a directory: Linux allows opening it read-only and forcing it; that persists renames in it. */
    public static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            throw sysError("unable to fsync " + dir, e);
        }
    }

    private static VirException sysError(String text, IOException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.NONE, text + ": " + reason);
    }
}
