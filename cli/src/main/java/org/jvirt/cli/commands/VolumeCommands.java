package org.jvirt.cli.commands;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jvirt.api.Records.StorageVolInfo;
import org.jvirt.api.StoragePool;
import org.jvirt.api.StorageVol;
import org.jvirt.api.Stream;
import org.jvirt.cli.Cmd;
import org.jvirt.cli.Ctl;
import org.jvirt.cli.Handler;
import org.jvirt.cli.Numbers;
import org.jvirt.cli.Options;
import org.jvirt.cli.VshTable;
import org.jvirt.core.VirException;

/** The "Storage Volume" group (virsh-volume.c). */
final class VolumeCommands {
    private static final List<String> WIPE_ALGORITHMS = List.of("zero", "nnsa", "dod", "bsi", "gutmann", "schneier",
            "pfitzner7", "pfitzner33", "random", "trim");

    private VolumeCommands() {}

    static void register(Map<String, Handler> m) {
        m.put("vol-create-as", VolumeCommands::createAs);
        m.put("vol-create", VolumeCommands::create);
        m.put("vol-create-from", VolumeCommands::createFrom);
        m.put("vol-clone", VolumeCommands::cloneVol);
        m.put("vol-delete", VolumeCommands::delete);
        m.put("vol-wipe", VolumeCommands::wipe);
        m.put("vol-info", VolumeCommands::info);
        m.put("vol-dumpxml", VolumeCommands::dumpxml);
        m.put("vol-list", VolumeCommands::list);
        m.put("vol-key", (ctl, cmd) -> printOf(ctl, cmd, "pool", StorageVol::getKey));
        m.put("vol-path", (ctl, cmd) -> printOf(ctl, cmd, "pool", StorageVol::getPath));
        m.put("vol-name", (ctl, cmd) -> printOf(ctl, cmd, null, StorageVol::getName));
        m.put("vol-pool", VolumeCommands::pool);
        m.put("vol-resize", VolumeCommands::resize);
        m.put("vol-download", VolumeCommands::download);
        m.put("vol-upload", VolumeCommands::upload);
    }

    /** virshCommandOptVolBy: by name in the given pool, then by key, then by path. */
    static StorageVol vol(Ctl ctl, Cmd cmd, String opt, String poolOpt) {
        String n = Options.string(ctl, cmd, opt);
        String p = poolOpt == null ? null : Options.string(ctl, cmd, poolOpt);
        StoragePool pool = null;
        if (p != null) {
            pool = Lookup.poolBy(ctl, p);
            if (pool == null) {
                return null;
            }
            if (!pool.isActive()) {
                ctl.errorf("pool '%s' is not active", p);
                return null;
            }
        }
        StorageVol vol = null;
        VirException last = null;
        if (pool != null) {
            try {
                vol = pool.storageVolLookupByName(n);
            } catch (VirException e) {
                last = e;
            }
        }
        if (vol == null) {
            try {
                vol = ctl.conn().storageVolLookupByKey(n);
            } catch (VirException e) {
                last = e;
            }
        }
        if (vol == null) {
            try {
                vol = ctl.conn().storageVolLookupByPath(n);
            } catch (VirException e) {
                last = e;
            }
        }
        if (vol == null) {
            ctl.setLastError(last);
            if (pool != null || poolOpt == null) {
                ctl.errorf("failed to get vol '%s'", n);
            } else {
                ctl.errorf("failed to get vol '%s', specifying --%s might help", n, poolOpt);
            }
            return null;
        }
        ctl.resetError();
        if (pool != null) {
            try {
                StoragePool volpool = vol.storagePoolLookupByVolume();
                if (!volpool.getName().equals(pool.getName())) {
                    ctl.errorf("Requested volume '%s' is not in pool '%s'", n, pool.getName());
                    return null;
                }
            } catch (VirException e) {
                ctl.resetError();
            }
        }
        return vol;
    }

    /** virshVolSize: a byte count with an optional unit suffix. */
    private static Long size(String s) {
        return Numbers.parseScaled(s, 1, -1L);
    }

    private static boolean createAs(Ctl ctl, Cmd cmd) {
        StoragePool pool = Lookup.pool(ctl, cmd, "pool");
        if (pool == null) {
            return false;
        }
        String name = Options.string(ctl, cmd, "name");
        String capacityStr = Options.string(ctl, cmd, "capacity");
        Long capacity = size(capacityStr);
        if (capacity == null) {
            ctl.errorf("Malformed size %s", capacityStr);
            return false;
        }
        String allocationStr = Options.stringQuiet(cmd, "allocation");
        Long allocation = null;
        if (allocationStr != null) {
            allocation = size(allocationStr);
            if (allocation == null) {
                ctl.errorf("Malformed size %s", allocationStr);
                return false;
            }
        }
        String format = Options.string(ctl, cmd, "format");
        String backing = Options.string(ctl, cmd, "backing-vol");
        String backingFormat = Options.string(ctl, cmd, "backing-vol-format");
        int flags = cmd.has("prealloc-metadata") ? 1 : 0;
        StringBuilder b = new StringBuilder("<volume>\n");
        b.append("  <name>").append(name).append("</name>\n");
        b.append("  <capacity>").append(Long.toUnsignedString(capacity)).append("</capacity>\n");
        if (allocation != null) {
            b.append("  <allocation>").append(Long.toUnsignedString(allocation)).append("</allocation>\n");
        }
        if (format != null) {
            b.append("  <target>\n    <format type='").append(format).append("'/>\n  </target>\n");
        }
        if (backing != null) {
            String path = backingPath(ctl, pool, backing);
            if (path == null) {
                return false;
            }
            b.append("  <backingStore>\n    <path>").append(path).append("</path>\n");
            if (backingFormat != null) {
                b.append("    <format type='").append(backingFormat).append("'/>\n");
            }
            b.append("  </backingStore>\n");
        }
        b.append("</volume>\n");
        if (cmd.has("print-xml")) {
            ctl.print(b.toString());
            return true;
        }
        try {
            pool.storageVolCreateXML(b.toString(), flags);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to create vol %s", name);
        }
        ctl.printExtra(String.format("Vol %s created\n", name));
        return true;
    }

    /** The backing volume given by name (in the pool), key or path, as its path. */
    private static String backingPath(Ctl ctl, StoragePool pool, String backing) {
        StorageVol v = null;
        try {
            v = pool.storageVolLookupByName(backing);
        } catch (VirException e) {
            ctl.resetError();
        }
        if (v == null) {
            try {
                v = ctl.conn().storageVolLookupByKey(backing);
            } catch (VirException e) {
                ctl.resetError();
            }
        }
        if (v == null) {
            try {
                v = ctl.conn().storageVolLookupByPath(backing);
            } catch (VirException e) {
                ctl.resetError();
            }
        }
        if (v == null) {
            ctl.errorf("failed to get vol '%s'", backing);
            return null;
        }
        return v.getPath();
    }

    private static boolean create(Ctl ctl, Cmd cmd) {
        StoragePool pool = Lookup.pool(ctl, cmd, "pool");
        if (pool == null) {
            return false;
        }
        String from = Options.string(ctl, cmd, "file");
        int flags = (cmd.has("prealloc-metadata") ? 1 : 0) | (cmd.has("validate") ? 4 : 0);
        String xml = Util.readFile(ctl, from);
        StorageVol vol;
        try {
            vol = pool.storageVolCreateXML(xml, flags);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to create vol from %s", from);
        }
        ctl.printExtra(String.format("Vol %s created from %s\n", vol.getName(), from));
        return true;
    }

    private static boolean createFrom(Ctl ctl, Cmd cmd) {
        StoragePool pool = Lookup.pool(ctl, cmd, "pool");
        if (pool == null) {
            return false;
        }
        String from = Options.string(ctl, cmd, "file");
        StorageVol input = vol(ctl, cmd, "vol", "inputpool");
        if (input == null) {
            return false;
        }
        int flags = (cmd.has("prealloc-metadata") ? 1 : 0) | (cmd.has("reflink") ? 2 : 0)
                | (cmd.has("validate") ? 4 : 0);
        String xml = Util.readFile(ctl, from);
        StorageVol vol;
        try {
            vol = pool.storageVolCreateXMLFrom(xml, input, flags);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to create vol from %s", from);
        }
        ctl.printExtra(String.format("Vol %s created from input vol %s\n", vol.getName(), input.getName()));
        return true;
    }

    private static boolean cloneVol(Ctl ctl, Cmd cmd) {
        StorageVol orig = vol(ctl, cmd, "vol", "pool");
        if (orig == null) {
            return false;
        }
        StoragePool pool;
        try {
            pool = orig.storagePoolLookupByVolume();
        } catch (VirException e) {
            return Util.fail(ctl, e, "failed to get parent pool");
        }
        String name = Options.string(ctl, cmd, "newname");
        int flags = (cmd.has("prealloc-metadata") ? 1 : 0) | (cmd.has("reflink") ? 2 : 0);
        String origXml = orig.getXMLDesc(0);
        String newXml = "<?xml version=\"1.0\"?>\n"
                + origXml.replaceFirst("<name>[^<]*</name>", "<name>" + java.util.regex.Matcher.quoteReplacement(
                        org.jvirt.cli.Escapes.xml(name)) + "</name>");
        if (cmd.has("print-xml")) {
            ctl.print(newXml);
            return true;
        }
        StorageVol vol;
        try {
            vol = pool.storageVolCreateXMLFrom(newXml, orig, flags);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to clone vol from %s", orig.getName());
        }
        ctl.printExtra(String.format("Vol %s cloned from %s\n", vol.getName(), orig.getName()));
        return true;
    }

    private static boolean delete(Ctl ctl, Cmd cmd) {
        StorageVol vol = vol(ctl, cmd, "vol", "pool");
        if (vol == null) {
            return false;
        }
        int flags = cmd.has("delete-snapshots") ? 2 : 0;
        try {
            vol.delete(flags);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to delete vol %s", vol.getName());
        }
        ctl.printExtra(String.format("Vol %s deleted\n", vol.getName()));
        return true;
    }

    private static boolean wipe(Ctl ctl, Cmd cmd) {
        StorageVol vol = vol(ctl, cmd, "vol", "pool");
        if (vol == null) {
            return false;
        }
        String algStr = Options.string(ctl, cmd, "algorithm");
        int alg = 0;
        if (algStr != null) {
            alg = WIPE_ALGORITHMS.indexOf(algStr);
            if (alg < 0) {
                ctl.errorf("Unsupported algorithm '%s'", algStr);
                return false;
            }
        }
        try {
            if (alg == 0) {
                vol.wipe(0);
            } else {
                vol.wipePattern(alg, 0);
            }
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to wipe vol %s", vol.getName());
        }
        ctl.printExtra(String.format("Vol %s wiped\n", vol.getName()));
        return true;
    }

    static String type(int t) {
        return switch (t) {
            case 0 -> "file";
            case 1 -> "block";
            case 2 -> "dir";
            case 3 -> "network";
            case 4 -> "netdir";
            case 5 -> "ploop";
            default -> "unknown";
        };
    }

    private static boolean info(Ctl ctl, Cmd cmd) {
        StorageVol vol = vol(ctl, cmd, "vol", "pool");
        if (vol == null) {
            return false;
        }
        boolean bytes = cmd.has("bytes");
        boolean physical = cmd.has("physical");
        ctl.printf("%-15s %s\n", "Name:", vol.getName());
        StorageVolInfo info;
        try {
            info = physical ? vol.getInfoFlags(1) : vol.getInfo();
        } catch (VirException e) {
            ctl.setLastError(e);
            return false;
        }
        ctl.printf("%-15s %s\n", "Type:", type(info.type()));
        if (bytes) {
            ctl.printf("%-15s %s %s\n", "Capacity:", Long.toUnsignedString(info.capacity()), "bytes");
            ctl.printf("%-15s %s %s\n", physical ? "Physical:" : "Allocation:",
                    Long.toUnsignedString(info.allocation()), "bytes");
        } else {
            ctl.printf("%-15s %s\n", "Capacity:", Util.prettyCapacity(info.capacity()));
            ctl.printf("%-15s %s\n", physical ? "Physical:" : "Allocation:", Util.prettyCapacity(info.allocation()));
        }
        return true;
    }

    private static boolean dumpxml(Ctl ctl, Cmd cmd) {
        StorageVol vol = vol(ctl, cmd, "vol", "pool");
        if (vol == null) {
            return false;
        }
        return XPathOutput.print(ctl, cmd, vol.getXMLDesc(0));
    }

    private static boolean list(Ctl ctl, Cmd cmd) {
        StoragePool pool = Lookup.pool(ctl, cmd, "pool");
        if (pool == null) {
            return false;
        }
        boolean details = cmd.has("details");
        List<StorageVol> vols;
        try {
            vols = new ArrayList<>(pool.listAllVolumes(0));
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to list volumes");
        }
        vols.sort((a, b) -> String.CASE_INSENSITIVE_ORDER.compare(a.getName(), b.getName()));
        VshTable t = details ? new VshTable("Name", "Path", "Type", "Capacity", "Allocation")
                : new VshTable("Name", "Path");
        for (StorageVol v : vols) {
            String path;
            try {
                path = v.getPath();
            } catch (VirException e) {
                path = "unknown";
            }
            if (!details) {
                t.row(v.getName(), path);
                continue;
            }
            try {
                StorageVolInfo info = v.getInfo();
                t.row(v.getName(), path, type(info.type()), Util.prettyCapacity(info.capacity()),
                        Util.prettyCapacity(info.allocation()));
            } catch (VirException e) {
                t.row(v.getName(), path, "unknown", "unknown", "unknown");
            }
        }
        t.print(ctl);
        return true;
    }

    private interface VolString {
        String get(StorageVol v);
    }

    private static boolean printOf(Ctl ctl, Cmd cmd, String poolOpt, VolString f) {
        StorageVol vol = vol(ctl, cmd, "vol", poolOpt);
        if (vol == null) {
            return false;
        }
        ctl.print(f.get(vol) + "\n");
        return true;
    }

    private static boolean pool(Ctl ctl, Cmd cmd) {
        StorageVol vol = vol(ctl, cmd, "vol", null);
        if (vol == null) {
            return false;
        }
        StoragePool pool;
        try {
            pool = vol.storagePoolLookupByVolume();
        } catch (VirException e) {
            return Util.fail(ctl, e, "failed to get parent pool");
        }
        ctl.print((cmd.has("uuid") ? pool.getUUIDString() : pool.getName()) + "\n");
        return true;
    }

    private static boolean resize(Ctl ctl, Cmd cmd) {
        StorageVol vol = vol(ctl, cmd, "vol", "pool");
        if (vol == null) {
            return false;
        }
        String capacityStr = Options.string(ctl, cmd, "capacity").stripLeading();
        boolean delta = cmd.has("delta");
        int flags = (cmd.has("allocate") ? 1 : 0) | (delta ? 2 : 0) | (cmd.has("shrink") ? 4 : 0);
        if (capacityStr.startsWith("-")) {
            if (!cmd.has("shrink")) {
                ctl.error("negative size requires --shrink");
                return false;
            }
            capacityStr = capacityStr.substring(1);
        }
        Long capacity = size(capacityStr);
        if (capacity == null) {
            ctl.errorf("Malformed size %s", capacityStr);
            return false;
        }
        try {
            vol.resize(capacity, flags);
        } catch (VirException e) {
            return Util.fail(ctl, e, delta ? "Failed to change size of volume '%s' by %s"
                    : "Failed to change size of volume '%s' to %s", vol.getName(), capacityStr);
        }
        ctl.printExtra(String.format(delta ? "Size of volume '%s' successfully changed by %s\n"
                : "Size of volume '%s' successfully changed to %s\n", vol.getName(), capacityStr));
        return true;
    }

    private static boolean download(Ctl ctl, Cmd cmd) {
        StorageVol vol = vol(ctl, cmd, "vol", "pool");
        if (vol == null) {
            return false;
        }
        String file = Options.string(ctl, cmd, "file");
        long offset = nz(Options.ulongLong(ctl, cmd, "offset"));
        long length = nz(Options.ulongLong(ctl, cmd, "length"));
        Path path = ctl.file(file);
        boolean created = !Files.exists(path);
        try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING); Stream st = ctl.conn().newStream(0)) {
            boolean ok = false;
            try {
                try {
                    vol.download(st, offset, length, cmd.has("sparse") ? 1 : 0);
                } catch (VirException e) {
                    return Util.fail(ctl, e, "cannot download from volume %s", Options.string(ctl, cmd, "vol"));
                }
                byte[] buf = new byte[256 * 1024];
                int n;
                while ((n = st.recv(buf, 0, buf.length)) > 0) {
                    out.write(buf, 0, n);
                }
                try {
                    st.finish();
                } catch (VirException e) {
                    return Util.fail(ctl, e, "cannot close volume %s", Options.string(ctl, cmd, "vol"));
                }
                ok = true;
                return true;
            } finally {
                if (!ok && created) {
                    Files.deleteIfExists(path);
                }
            }
        } catch (IOException e) {
            ctl.errorf("cannot create %s", file);
            return false;
        }
    }

    private static boolean upload(Ctl ctl, Cmd cmd) {
        StorageVol vol = vol(ctl, cmd, "vol", "pool");
        if (vol == null) {
            return false;
        }
        String file = Options.string(ctl, cmd, "file");
        long offset = nz(Options.ulongLong(ctl, cmd, "offset"));
        long length = nz(Options.ulongLong(ctl, cmd, "length"));
        InputStream in;
        try {
            in = Files.newInputStream(ctl.file(file));
        } catch (IOException e) {
            ctl.errorf("cannot read %s", file);
            return false;
        }
        try (in; Stream st = ctl.conn().newStream(0)) {
            try {
                vol.upload(st, offset, length, cmd.has("sparse") ? 1 : 0);
            } catch (VirException e) {
                return Util.fail(ctl, e, "cannot upload to volume %s", Options.string(ctl, cmd, "vol"));
            }
            byte[] buf = new byte[256 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                st.send(buf, 0, n);
            }
            try {
                st.finish();
            } catch (VirException e) {
                return Util.fail(ctl, e, "cannot close volume %s", Options.string(ctl, cmd, "vol"));
            }
            return true;
        } catch (IOException e) {
            ctl.errorf("cannot read %s", file);
            return false;
        }
    }

    private static long nz(Long v) {
        return v == null ? 0 : v;
    }
}
