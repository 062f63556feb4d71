package org.jvirt.storage;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.jvirt.model.storage.StorageVolDef.Time;

/**
 * What libvirt's storage backend reads with fstat(2): type, mode, owner, size, allocated blocks and timestamps.
 * The JDK has no st_blocks, so this calls statx(2) through the foreign function API; struct statx has one layout on
 * every architecture. Without native access it falls back to the JDK's attributes and counts the size as allocated.
 *
 * @param allocation st_blocks * 512, what libvirt reports as a file's allocation
 */
record FileStat(boolean regular, boolean directory, boolean block, int mode, long uid, long gid, long size,
                long allocation, Time atime, Time mtime, Time ctime) {

    private static final int AT_FDCWD = -100;
    private static final int STATX_BASIC_STATS = 0x7ff;
    private static final int S_IFMT = 0170000;
    private static final MethodHandle STATX = lookup();

    private static MethodHandle lookup() {
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("statx").map(a -> linker.downcallHandle(a, FunctionDescriptor.of(
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS), Linker.Option.captureCallState("errno")))
                    .orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** stat(2) following symlinks; throws NoSuchFileException etc. as the JDK does. */
    static FileStat of(Path path) throws IOException {
        if (STATX != null) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment buf = arena.allocate(256, 8);
                MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
                int rc = (int) STATX.invokeExact(state, AT_FDCWD, arena.allocateFrom(path.toString()), 0,
                        STATX_BASIC_STATS, buf);
                if (rc == 0) {
                    int mode = Short.toUnsignedInt(buf.get(ValueLayout.JAVA_SHORT, 28));
                    int fmt = mode & S_IFMT;
                    return new FileStat(fmt == 0100000, fmt == 0040000, fmt == 0060000, mode & 07777,
                            Integer.toUnsignedLong(buf.get(ValueLayout.JAVA_INT, 20)),
                            Integer.toUnsignedLong(buf.get(ValueLayout.JAVA_INT, 24)),
                            buf.get(ValueLayout.JAVA_LONG, 40), buf.get(ValueLayout.JAVA_LONG, 48) * 512,
                            time(buf, 64), time(buf, 112), time(buf, 96));
                }
                // An error: let the JDK raise the right exception type below.
            } catch (IOException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
        return jdk(path);
    }

    private static Time time(MemorySegment buf, long offset) {
        return new Time(buf.get(ValueLayout.JAVA_LONG, offset), Integer.toUnsignedLong(
                buf.get(ValueLayout.JAVA_INT, offset + 8)));
    }

    private static FileStat jdk(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:mode,uid,gid,size,lastAccessTime,"
                + "lastModifiedTime,ctime,isRegularFile,isDirectory,isOther");
        int mode = (Integer) a.get("mode");
        long size = (Long) a.get("size");
        int fmt = mode & S_IFMT;
        return new FileStat(fmt == 0100000, fmt == 0040000, fmt == 0060000, mode & 07777,
                Integer.toUnsignedLong((Integer) a.get("uid")), Integer.toUnsignedLong((Integer) a.get("gid")),
                size, size, time((FileTime) a.get("lastAccessTime")), time((FileTime) a.get("lastModifiedTime")),
                time((FileTime) a.get("ctime")));
    }

    private static Time time(FileTime t) {
        java.time.Instant i = t.toInstant();
        return new Time(i.getEpochSecond(), i.getNano());
    }
}
