package org.jvirt.storage;

import java.util.ArrayList;
import java.util.List;
import org.jvirt.host.Command;
import org.jvirt.model.storage.StoragePoolDef;
import org.jvirt.model.storage.StoragePoolType;

/**
 * The {@code mount} command of an fs or netfs pool, argument for argument as libvirt's
 * virStorageBackendFileSystemMountCmd builds it on Linux: {@code -o} with the default options nodev,nosuid,noexec, the
 * type's own (nfsvers=, guest for CIFS, direct-io-mode=1 for Gluster) and the pool's {@code <fs:mount_opts>}; then
 * {@code -t FORMAT} except for netfs "auto" (a plain mount finds NFS where {@code -t auto} does not); then the source
 * (the device, {@code HOST:DIR}, or {@code //HOST/DIR} for CIFS) and the target directory.
 */
final class MountCommand {
    /** libvirt's default_mount_opts on Linux: a pool's file system never carries devices, setuid or executables. */
    static final String DEFAULT_OPTIONS = "nodev,nosuid,noexec";

    private MountCommand() {}

    static Command of(StoragePoolDef def) {
        return Command.of(argv(def).toArray(String[]::new));
    }

    static List<String> argv(StoragePoolDef def) {
        boolean net = def.type() == StoragePoolType.NETFS;
        String format = def.source().format() == null ? "auto" : def.source().format();
        String extra = null;
        if (net && def.source().protocolVer() != null) {
            extra = "nfsvers=" + def.source().protocolVer();
        }
        boolean typed = true;
        if (net) {
            switch (format) {
                case "auto" -> typed = false;
                case "glusterfs" -> extra = "direct-io-mode=1";
                case "cifs" -> extra = "guest";
                default -> { }
            }
        }
        List<String> argv = new ArrayList<>(List.of("mount"));
        List<String> options = new ArrayList<>(List.of(DEFAULT_OPTIONS));
        if (extra != null) {
            options.add(extra);
        }
        if (def.namespace() instanceof StoragePoolDef.PoolNamespace.FsMountOpts opts) {
            options.addAll(opts.options());
        }
        argv.add("-o");
        argv.add(String.join(",", options));
        if (typed) {
            argv.add("-t");
            argv.add(format);
        }
        argv.add(source(def));
        argv.add(def.targetPath());
        return argv;
    }

    /** virStorageBackendFileSystemGetPoolSource. */
    static String source(StoragePoolDef def) {
        if (def.type() == StoragePoolType.NETFS) {
            String host = def.source().hosts().getFirst().name();
            return "cifs".equals(def.source().format()) ? "//" + host + "/" + def.source().dir()
                    : host + ":" + def.source().dir();
        }
        return def.source().devices().getFirst().path();
    }
}
