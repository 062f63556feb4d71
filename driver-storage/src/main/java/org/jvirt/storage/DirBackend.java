package org.jvirt.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.host.Command;
import org.jvirt.host.CommandRunner;
import org.jvirt.model.storage.StoragePerms;
import org.jvirt.model.storage.StoragePoolDef;
import org.jvirt.model.storage.StorageVolDef;

/**
 * The {@code dir} pool backend (libvirt's storage_backend_fs.c with storage_util.c's local-file helpers): a pool is
 * a directory, each regular file or subdirectory in it a volume. Raw volumes are sparse files preallocated up to
 * their allocation; other formats are made by {@code qemu-img}. Every path is the pool directory plus a name that
 * holds no '/', checked before anything touches the disk.
 */
class DirBackend {
    /** VIR_STORAGE_DEFAULT_POOL_PERM_MODE and _VOL_PERM_MODE. */
    static final int DEFAULT_POOL_MODE = 0711;
    static final int DEFAULT_VOL_MODE = 0600;
    private static final int CHUNK = 1 << 20;

    final CommandRunner host;
    private final ImageProbe probe;

    DirBackend(CommandRunner host) {
        this.host = host;
        this.probe = new ImageProbe(host);
    }

    // ---- pools ----

    /** virStoragePoolBuildFlags. */
    static final int BUILD_NO_OVERWRITE = 4;
    static final int BUILD_OVERWRITE = 8;

    /**
     * virStorageBackendFileSystemBuild (dir and fs share it): the directory, then with an overwrite flag a file
     * system on the source device.
     */
    final void buildPool(StoragePoolDef def, int flags) {
        StorageErrors.checkFlags(flags, BUILD_OVERWRITE | BUILD_NO_OVERWRITE, "virStorageBackendFileSystemBuild");
        if ((flags & BUILD_OVERWRITE) != 0 && (flags & BUILD_NO_OVERWRITE) != 0) {
            throw StorageErrors.invalidArg("Flags 'VIR_STORAGE_POOL_BUILD_OVERWRITE' and "
                    + "'VIR_STORAGE_POOL_BUILD_NO_OVERWRITE' are mutually exclusive");
        }
        buildDir(def);
        if (flags != 0) {
            makeFileSystem(def, flags);
        }
    }

    /** virStorageBackendMakeFileSystem; a dir pool has no source device to format. */
    void makeFileSystem(StoragePoolDef def, int flags) {
        throw StorageErrors.operationInvalid("No source device specified when formatting pool '" + def.name()
                + "'");
    }

    /** virStorageBackendBuildLocal: mkdir -p; a new directory gets 0711 unless the XML says; owner as asked. */
    final void buildDir(StoragePoolDef def) {
        Path dir = Path.of(def.targetPath());
        StoragePerms perms = def.targetPerms() == null ? StoragePerms.UNSET : def.targetPerms();
        boolean existed = Files.isDirectory(dir);
        int mode = perms.mode() != -1 ? perms.mode() : existed ? -1 : DEFAULT_POOL_MODE;
        try {
            if (dir.getParent() != null) {
                Files.createDirectories(dir.getParent());
            }
            if (!existed) {
                Files.createDirectory(dir);
            }
        } catch (IOException e) {
            throw StorageErrors.system("cannot create path '" + dir + "'", e);
        }
        applyPerms(dir, mode, perms.uid(), perms.gid());
    }

    /** checkPool: whether a pool a previous daemon left active still is (its directory exists). */
    boolean isStarted(StoragePoolDef def) {
        return Files.isDirectory(Path.of(def.targetPath()));
    }

    /** stopPool: nothing to undo for a directory. */
    void stopPool(StoragePoolDef def) {
    }

    /** The pool's directory must exist to start (libvirt fails the first refresh otherwise). */
    void startPool(StoragePoolDef def) {
        Path dir = Path.of(def.targetPath());
        if (!Files.isDirectory(dir)) {
            throw StorageErrors.system("cannot open directory '" + dir + "'", Files.exists(dir)
                    ? "Not a directory" : "No such file or directory");
        }
    }

    /** virStorageBackendFileSystemDelete: rmdir, which fails while volumes remain. */
    void deletePool(StoragePoolDef def, int flags) {
        StorageErrors.checkFlags(flags, 0, "virStorageBackendFileSystemDelete");
        Path dir = Path.of(def.targetPath());
        try {
            Files.delete(dir);
        } catch (IOException e) {
            throw StorageErrors.system("failed to remove pool '" + dir + "'", e);
        }
    }

    /** Refreshed pool: statvfs sizes and the directory's real permissions; volumes from a directory scan. */
    record Scan(StoragePoolDef def, Map<String, StorageVolDef> volumes) {}

    Scan refreshPool(StoragePoolDef def) {
        Path dir = Path.of(def.targetPath());
        Map<String, StorageVolDef> vols = new LinkedHashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.startsWith(".")) {
                    continue; // libvirt skips dot files (atomic-write temporaries, lost+found is not one)
                }
                try {
                    StorageVolDef v = describe(name, p, null);
                    if (v != null) {
                        vols.put(name, v);
                    }
                } catch (NoSuchFileException gone) {
                    // deleted while scanning
                }
            }
        } catch (IOException e) {
            throw StorageErrors.system("cannot open directory '" + dir + "'", e);
        }
        return new Scan(withStat(def), vols);
    }

    /** The pool definition with statvfs sizes and the directory's mode/owner (virStorageBackendFileSystemRefresh). */
    StoragePoolDef withStat(StoragePoolDef def) {
        Path dir = Path.of(def.targetPath());
        try {
            FileStore fs = Files.getFileStore(dir);
            long capacity = fs.getTotalSpace();
            // libvirt: available = f_bfree * f_frsize (not f_bavail), allocation = the rest
            long available = fs.getUnallocatedSpace();
            long allocation = capacity - available;
            FileStat st = FileStat.of(dir);
            StoragePerms perms = new StoragePerms(st.mode() & 0777, st.uid(), st.gid(),
                    def.targetPerms() == null ? null : def.targetPerms().label());
            StoragePoolDef sized = def.withSizes(capacity, allocation, available);
            return new StoragePoolDef(sized.type(), sized.name(), sized.uuid(), sized.capacity(), sized.allocation(),
                    sized.available(), sized.cow(), sized.source(), sized.targetPath(), perms,
                    sized.refreshVolumeAllocation(), sized.namespace());
        } catch (IOException e) {
            throw StorageErrors.system("cannot statvfs path '" + dir + "'", e);
        }
    }

    /**
     * A volume as refresh sees it (virStorageBackendUpdateVolTargetInfo): null for what is no volume (sockets,
     * fifos, dangling links). Format, sizes, permissions and timestamps always come from the disk; a volume the
     * driver already knows ({@code known}) keeps what its XML said about compat, cluster size and features, as
     * libvirt's refreshVol does, while a newly discovered one gets the probed cluster size only (libvirt 9.0 prints
     * no compat for discovered images).
     */
    StorageVolDef describe(String name, Path path, StorageVolDef known) throws IOException {
        FileStat st = FileStat.of(path);
        String type;
        ImageProbe.Image img;
        if (st.regular()) {
            type = "file";
            img = probe.probe(path, st.size());
        } else if (st.directory()) {
            type = "dir";
            img = new ImageProbe.Image("dir", st.size(), null, 0, null, null);
        } else if (st.block()) {
            type = "block";
            img = ImageProbe.Image.raw(st.size());
        } else {
            return null;
        }
        StorageVolDef.Target old = known == null ? null : known.target();
        String compat = old != null ? old.compat() : null;
        long clusterSize = old != null ? old.clusterSize() : img.clusterSize();
        java.util.Set<String> features = old != null ? old.features() : null;
        // stat(2) has no birth time on Linux: libvirt prints it as 0
        StorageVolDef.Timestamps times = new StorageVolDef.Timestamps(st.atime(), st.mtime(), st.ctime(),
                new StorageVolDef.Time(0, 0));
        StorageVolDef.Target t = new StorageVolDef.Target(path.toString(), img.format(),
                new StoragePerms(st.mode() & 0777, st.uid(), st.gid(), null), times,
                old != null ? old.encryption() : null, compat, clusterSize, false, features);
        StorageVolDef.Target backing = img.backingPath() == null ? null : new StorageVolDef.Target(img.backingPath(),
                backingFormat(path, img.backingPath()), null, null, null, null, 0, false, null);
        return new StorageVolDef(name, path.toString(), type, List.of(), img.capacity(), st.allocation(), true,
                st.regular() ? st.size() : 0, t, backing);
    }

    /** The backing file's own probed format; raw when it cannot be read. */
    private String backingFormat(Path vol, String backing) {
        Path b = vol.resolveSibling(backing);
        try {
            return probe.probe(b, Files.size(b)).format();
        } catch (IOException e) {
            return "raw";
        }
    }

    // ---- volumes ----

    /** virStorageBackendFileSystemVolCreate + BuildVol: the file, its format, its permissions. */
    void createVol(Path path, StorageVolDef vol, int flags) {
        String format = format(vol);
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw StorageErrors.operationInvalid("volume target path '" + path + "' already exists");
        }
        StoragePerms perms = perms(vol);
        int mode = perms.mode() != -1 ? perms.mode() : DEFAULT_VOL_MODE;
        switch (format) {
            case "raw" -> createRaw(path, vol.capacity(), vol.allocation(), mode);
            case "dir" -> {
                try {
                    Files.createDirectory(path);
                } catch (IOException e) {
                    throw StorageErrors.system("cannot create path '" + path + "'", e);
                }
                // createFileDir: the volume default mode, 0600, even for a directory
                applyPerms(path, mode, -1, -1);
            }
            default -> {
                if ((flags & 1) != 0 && !format.equals("qcow2")) {
                    throw StorageErrors.of(ErrorNumber.CONFIG_UNSUPPORTED,
                            "metadata preallocation only available with qcow2");
                }
                qemuImg(Command.of("qemu-img", "create", "-f", format), path, vol, flags);
                applyPerms(path, mode, -1, -1);
            }
        }
        applyPerms(path, -1, perms.uid(), perms.gid());
    }

    private void qemuImg(Command base, Path path, StorageVolDef vol, int flags) {
        StringBuilder opts = new StringBuilder();
        String format = format(vol);
        if (format.equals("qcow2")) {
            String compat = vol.target().compat() != null ? vol.target().compat() : "1.1";
            opts.append("compat=").append(compat);
            if ((flags & 1) != 0) {
                opts.append(",preallocation=metadata");
            }
            if (vol.target().features() != null && vol.target().features().contains("lazy_refcounts")) {
                opts.append(",lazy_refcounts");
            }
            if (vol.target().clusterSize() > 0) {
                opts.append(",cluster_size=").append(vol.target().clusterSize());
            }
        }
        Command cmd = base;
        if (vol.backingStore() != null) {
            cmd = cmd.withArgs("-b", vol.backingStore().path(), "-F",
                    vol.backingStore().format() != null ? vol.backingStore().format() : "raw");
        }
        if (!opts.isEmpty()) {
            cmd = cmd.withArgs("-o", opts.toString());
        }
        // libvirt passes the size in KiB, rounded up
        host.run(cmd.withArgs(path.toString(), ((vol.capacity() + 1023) / 1024) + "K"));
    }

    /** storageBackendCreateRaw: O_EXCL, mode, ftruncate to capacity, then the allocation preallocated from 0. */
    private void createRaw(Path path, long capacity, long allocation, int mode) {
        try {
            Files.createFile(path, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(modeSet(mode)));
        } catch (IOException e) {
            throw StorageErrors.system("Failed to create file '" + path + "'", e);
        }
        applyPerms(path, mode, -1, -1);
        setLength(path, capacity);
        if (allocation > 0) {
            preallocate(path, 0, Math.min(allocation, capacity));
        }
    }

    /** ftruncate(2): RandomAccessFile.setLength extends sparsely, as libvirt's ftruncate does. */
    static void setLength(Path path, long size) {
        try (var raf = new java.io.RandomAccessFile(path.toFile(), "rw")) {
            raf.setLength(size);
        } catch (IOException e) {
            throw StorageErrors.system("Failed to truncate volume with path '" + path + "' to " + size
                    + " bytes", e);
        }
    }

    /** posix_fallocate over [offset, offset+length) via fallocate(1); zeros written where it is not supported. */
    void preallocate(Path path, long offset, long length) {
        if (length <= 0) {
            return;
        }
        var r = host.run(Command.of("fallocate", "-o", Long.toString(offset), "-l", Long.toString(length),
                path.toString()).allowingFailure());
        if (r.succeeded()) {
            return;
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
            writeZeros(ch, offset, length);
        } catch (IOException e) {
            throw StorageErrors.system("cannot allocate " + length + " bytes in file '" + path + "'", e);
        }
    }

    private static void writeZeros(FileChannel ch, long offset, long length) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocateDirect((int) Math.min(CHUNK, length));
        long done = 0;
        while (done < length) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), length - done));
            done += ch.write(zeros, offset + done);
        }
        ch.force(false);
    }

    /**
     * createXMLFrom: raw to raw is a sparse copy (zero chunks become holes, as libvirt's copy with sparse input);
     * any other pair is {@code qemu-img convert}.
     */
    void cloneVol(Path path, StorageVolDef vol, Path src, String srcFormat, int flags) {
        String format = format(vol);
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw StorageErrors.operationInvalid("volume target path '" + path + "' already exists");
        }
        StoragePerms perms = perms(vol);
        int mode = perms.mode() != -1 ? perms.mode() : DEFAULT_VOL_MODE;
        if (format.equals("raw") && srcFormat.equals("raw")) {
            createRaw(path, vol.capacity(), 0, mode);
            try (FileChannel in = FileChannel.open(src, StandardOpenOption.READ);
                 FileChannel out = FileChannel.open(path, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
                long pos = 0;
                long end = Math.min(in.size(), vol.capacity());
                while (pos < end) {
                    buf.clear().limit((int) Math.min(CHUNK, end - pos));
                    int n = in.read(buf, pos);
                    if (n <= 0) {
                        break;
                    }
                    buf.flip();
                    if (!allZero(buf)) {
                        while (buf.hasRemaining()) {
                            out.write(buf, pos + buf.position());
                        }
                    }
                    pos += n;
                }
                out.force(false);
            } catch (IOException e) {
                throw StorageErrors.system("failed to clone files from '" + src + "'", e);
            }
            if (vol.allocation() >= vol.capacity()) {
                // libvirt copies every block of a clone asked fully allocated, zeros included
                preallocate(path, 0, vol.capacity());
            }
        } else {
            Command cmd = Command.of("qemu-img", "convert", "-f", srcFormat, "-O", format);
            if (format.equals("qcow2")) {
                cmd = cmd.withArgs("-o", "compat=" + (vol.target().compat() != null ? vol.target().compat() : "1.1"));
            }
            host.run(cmd.withArgs(src.toString(), path.toString()));
            applyPerms(path, mode, -1, -1);
        }
        applyPerms(path, -1, perms.uid(), perms.gid());
    }

    private static boolean allZero(ByteBuffer b) {
        int i = b.position();
        int end = b.limit();
        for (; i + 8 <= end; i += 8) {
            if (b.getLong(i) != 0) {
                return false;
            }
        }
        for (; i < end; i++) {
            if (b.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    /** virStorageBackendVolDeleteLocal: unlink a file, rmdir a directory volume. */
    void deleteVol(Path path) {
        try {
            Files.delete(path);
        } catch (NoSuchFileException e) {
            // libvirt ignores ENOENT: the volume is gone either way
        } catch (IOException e) {
            throw StorageErrors.system(Files.isDirectory(path) ? "cannot remove directory '" + path + "'"
                    : "cannot unlink file '" + path + "'", e);
        }
    }

    /**
     * storageBackendVolWipeLocalFile with the zero algorithm: a sparse file is truncated to 0 and back (all holes);
     * a fully allocated one is overwritten with zeros over its allocation. Other algorithms run scrub(1), as libvirt.
     */
    void wipeVol(Path path, StorageVolDef vol, int algorithm) {
        if (algorithm == 9) {
            throw StorageErrors.of(ErrorNumber.ARGUMENT_UNSUPPORTED, "'trim' algorithm not supported");
        }
        if (algorithm < 0 || algorithm > 9) {
            throw StorageErrors.invalidArg("wiping algorithm " + algorithm + " not supported");
        }
        if (algorithm != 0) {
            String[] names = {"zero", "nnsa", "dod", "bsi", "gutmann", "schneier", "pfitzner7", "pfitzner33",
                "random"};
            host.run(Command.of("scrub", "-f", "-p", names[algorithm], path.toString()));
            return;
        }
        try {
            FileStat st = FileStat.of(path);
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
                if (st.regular() && st.allocation() < st.size()) {
                    ch.truncate(0);
                    ch.force(false);
                    setLength(path, st.size());
                } else {
                    writeZeros(ch, 0, Math.min(st.size(), Math.max(vol.allocation(), st.allocation())));
                }
            }
        } catch (IOException e) {
            throw StorageErrors.system("cannot fill file '" + path + "'", e);
        }
    }

    /**
     * virStorageBackendVolResizeLocal: raw files are truncated or, with ALLOCATE, preallocated up to the new size;
     * other formats go through {@code qemu-img resize} (with --shrink when asked).
     */
    void resizeVol(Path path, StorageVolDef vol, long capacity, int flags) {
        boolean allocate = (flags & 1) != 0;
        boolean shrink = (flags & 4) != 0;
        String format = vol.target().format();
        if ("raw".equals(format)) {
            try {
                long old = Files.size(path);
                if (allocate && capacity > old) {
                    preallocate(path, old, capacity - old);
                } else {
                    setLength(path, capacity);
                }
            } catch (IOException e) {
                throw StorageErrors.system("Failed to truncate volume with path '" + path + "' to " + capacity
                        + " bytes", e);
            }
            return;
        }
        if (allocate) {
            throw StorageErrors.of(ErrorNumber.OPERATION_UNSUPPORTED,
                    "preallocate is only supported for raw type volume");
        }
        Command cmd = Command.of("qemu-img", "resize");
        if (shrink) {
            cmd = cmd.withArgs("--shrink");
        }
        host.run(cmd.withArgs(path.toString(), Long.toString(capacity)));
    }

    // ---- helpers ----

    static String format(StorageVolDef vol) {
        return vol.target() == null || vol.target().format() == null ? "raw" : vol.target().format();
    }

    private static StoragePerms perms(StorageVolDef vol) {
        return vol.target() == null || vol.target().perms() == null ? StoragePerms.UNSET : vol.target().perms();
    }

    /** chmod when {@code mode} != -1; chown when an id is set and differs (libvirt's virFileOpenAs/virDirCreate). */
    static void applyPerms(Path path, int mode, long uid, long gid) {
        try {
            if (mode != -1) {
                Files.setPosixFilePermissions(path, modeSet(mode));
            }
            if (uid != -1) {
                Files.setAttribute(path, "unix:uid", (int) uid);
            }
            if (gid != -1) {
                Files.setAttribute(path, "unix:gid", (int) gid);
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw VirException.of(ErrorNumber.SYSTEM_ERROR, StorageErrors.DOM, (mode != -1
                    ? "cannot set mode of '" + path + "' to " + String.format("%04o", mode)
                    : "cannot chown '" + path + "' to (" + uid + ", " + gid + ")") + ": " + e.getMessage());
        }
    }

    static Set<PosixFilePermission> modeSet(int mode) {
        Set<PosixFilePermission> s = java.util.EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE, high bit first
        for (int i = 0; i < 9; i++) {
            if ((mode & (0400 >> i)) != 0) {
                s.add(bits[i]);
            }
        }
        return s;
    }
}
