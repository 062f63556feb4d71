package org.jvirt.qemu.driver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.host.Command;
import org.jvirt.model.domain.DeviceKind;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDevice;
import org.jvirt.model.domain.XmlElem;
import org.jvirt.model.snapshot.DomainSnapshotDef;
import org.jvirt.model.snapshot.DomainSnapshotDef.SnapshotDisk;
import org.jvirt.qemu.driver.QemuDiskChain.Layer;
import org.jvirt.qemu.monitor.Json;
import org.jvirt.qemu.monitor.QmpConnection;

/**
 * External disk-only snapshots (qemu_snapshot.c's external paths): each selected disk gets a new qcow2 overlay
 * backed by its current image. A running guest switches to the overlays in one {@code transaction} of
 * {@code blockdev-snapshot} actions (atomic in -blockdev mode, with or without the ATOMIC flag); a shut-off one
 * just has its overlays made with {@code qemu-img create -b}. Memory is never saved here, and reverting to such a
 * snapshot is refused, as in libvirt 9.0.
 */
final class QemuExternalSnapshots {
    static final int CREATE_REUSE_EXT = 32;
    static final int CREATE_QUIESCE = 64;

    private final QemuDriver driver;

    QemuExternalSnapshots(QemuDriver driver) {
        this.driver = driver;
    }

    /** A snapshot that leaves data outside the domain's images (virDomainSnapshotIsExternal). */
    static boolean isExternal(DomainSnapshotDef s) {
        return "external".equals(s.memory()) || s.disks().stream().anyMatch(d -> "external".equals(d.snapshot()));
    }

    /** Whether the request asks for an external snapshot (the caller routes it here). */
    static boolean wanted(DomainSnapshotDef req, int flags) {
        return (flags & QemuSnapshots.CREATE_DISK_ONLY) != 0 || isExternal(req);
    }

    /** One disk's overlay: the disk (target), its old top image, the new file. */
    private record Overlay(String dst, String alias, Layer old, String file, boolean created) {}

    /**
     * virDomainSnapshotAlignDisks plus the external create: which disks, their overlay names, then the overlays.
     * Returns the snapshot definition to store.
     */
    DomainSnapshotDef create(QemuDomainObj obj, DomainSnapshotDef req, int flags, String parent, String domainXml,
                             String inactiveDomainXml) {
        boolean active;
        DomainDef def;
        synchronized (obj) {
            active = obj.isActive();
            def = obj.current();
        }
        if ((flags & CREATE_QUIESCE) != 0) {
            // libvirt freezes the guest's filesystems through its agent around the transaction; not done here
            throw QemuErrors.argumentUnsupported("quiesced snapshots are not supported by jvirt's QEMU driver");
        }
        if (req.memory() != null && !req.memory().equals("no")) {
            throw QemuErrors.unsupported("memory state cannot be saved with offline or disk-only snapshot");
        }
        if (active && (flags & QemuSnapshots.CREATE_DISK_ONLY) == 0) {
            // a running guest's external snapshot without --disk-only would need an external memory image
            throw QemuErrors.unsupported("external snapshots of a running domain are supported only with "
                    + "VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY by jvirt's QEMU driver");
        }
        for (SnapshotDisk sd : req.disks()) {
            if (def.findByTarget(sd.name()).isEmpty() && def.devices(DeviceKind.DISK).stream()
                    .noneMatch(d -> sd.name().equals(fileOf(d.xml())))) {
                throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN, "no disk named '"
                        + sd.name() + "'");
            }
        }
        List<SnapshotDisk> sdisks = new ArrayList<>();
        List<Overlay> overlays = new ArrayList<>();
        for (DomainDevice d : def.devices(DeviceKind.DISK)) {
            XmlElem x = d.xml();
            String dst = d.targetDev();
            SnapshotDisk asked = req.disks().stream().filter(s -> s.name().equals(dst)
                    || s.name().equals(fileOf(x))).findFirst().orElse(null);
            boolean plain = "disk".equals(x.attr("device") == null ? "disk" : x.attr("device"))
                    && x.child("readonly") == null;
            String mode = asked != null && asked.snapshot() != null ? asked.snapshot() : plain ? "external" : "no";
            if (mode.equals("internal")) {
                throw QemuErrors.unsupported("active qemu domains require external disk snapshots; disk " + dst
                        + " requested internal");
            }
            if (!mode.equals("external")) {
                sdisks.add(new SnapshotDisk(dst, "no", null, null, -1, null));
                continue;
            }
            String orig = fileOf(x);
            if (orig == null) {
                throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                        "cannot generate external snapshot name for disk '" + dst + "' without source");
            }
            if (!"file".equals(x.attr("type"))) {
                throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                        "cannot generate external snapshot name for disk '" + dst + "' on a '" + x.attr("type")
                                + "' device");
            }
            String format = asked != null && asked.driverType() != null ? asked.driverType() : "qcow2";
            if (!format.equals("qcow2")) {
                throw QemuErrors.unsupported("external snapshot format for disk " + dst + " is unsupported: "
                        + format);
            }
            String file = asked == null ? null : sourceFile(asked.sourceXml());
            if (file == null) {
                file = defaultName(orig, req.name());
            }
            boolean reuse = (flags & CREATE_REUSE_EXT) != 0;
            if (!reuse && Files.exists(Path.of(file)) && !Files.isSymbolicLink(Path.of(file))) {
                throw QemuErrors.unsupported("external snapshot file for disk " + dst
                        + " already exists and is not a block device: " + file);
            }
            if (reuse && !Files.exists(Path.of(file))) {
                throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU, "missing existing file for disk "
                        + dst + ": " + file);
            }
            XmlElem drv = x.child("driver");
            Layer old = new Layer(orig, drv == null || drv.attr("type") == null ? "raw" : drv.attr("type"), null);
            overlays.add(new Overlay(dst, d.alias(), old, file, !reuse));
            sdisks.add(new SnapshotDisk(dst, "external", "file", "qcow2", -1, "<source file='" + xmlEscape(file)
                    + "'/>"));
        }
        if (overlays.isEmpty()) {
            throw QemuErrors.unsupported("disk-only snapshots require at least one disk to be selected for snapshot");
        }
        if (active) {
            createActive(obj, overlays);
        } else {
            createInactive(obj, overlays);
        }
        return req.withRuntime(active ? "disk-snapshot" : "shutoff", parent, req.creationTime(), "no", domainXml,
                inactiveDomainXml).withDisks(sdisks);
    }

    private static String fileOf(XmlElem disk) {
        XmlElem s = disk.child("source");
        return s == null ? null : s.attr("file");
    }

    private static String sourceFile(String sourceXml) {
        if (sourceXml == null) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("file=(['\"])(.*?)\\1").matcher(sourceXml);
        return m.find() ? m.group(2).replace("&apos;", "'").replace("&quot;", "\"").replace("&lt;", "<")
                .replace("&gt;", ">").replace("&amp;", "&") : null;
    }

    private static String xmlEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;");
    }

    /** virDomainSnapshotDefAssignExternalNames: the original's suffix replaced by the snapshot name. */
    static String defaultName(String orig, String snapshot) {
        int dot = orig.lastIndexOf('.');
        if (dot >= 0 && orig.indexOf('/', dot) < 0) {
            return orig.substring(0, dot) + "." + snapshot;
        }
        return orig + "." + snapshot;
    }

    private void qemuImgCreate(Overlay o, String size) {
        List<String> cmd = new ArrayList<>(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", o.old().format(),
                "-b", o.old().file()));
        if (size != null) {
            cmd.add("-u"); // the running QEMU holds the backing image; its size comes from QEMU
        }
        cmd.add(o.file());
        if (size != null) {
            cmd.add(size);
        }
        driver.config.host().run(Command.of(cmd));
    }

    /** qemuSnapshotCreateActiveExternal (disk-only): overlays made, opened without backing, swapped in at once. */
    private void createActive(QemuDomainObj obj, List<Overlay> overlays) {
        QmpConnection mon = QemuLifecycle.monitor(obj);
        List<String> added = new ArrayList<>();
        List<Json> actions = new ArrayList<>();
        List<List<Layer>> chains = new ArrayList<>();
        try {
            DomainDef live;
            synchronized (obj) {
                live = obj.live;
            }
            int index = QemuDiskChain.nextNodeIndex(mon, live);
            for (Overlay o : overlays) {
                List<Layer> chain = QemuDiskChain.query(mon, o.alias());
                chains.add(chain);
                if (o.created()) {
                    qemuImgCreate(new Overlay(o.dst(), o.alias(), chain.getFirst(), o.file(), true),
                            Long.toString(QemuDiskChain.virtualSize(mon, o.alias())));
                }
                String node = QemuDiskChain.blockdevAdd(mon, index++, o.file(), "qcow2", null);
                added.add(node);
                actions.add(Json.object("type", "blockdev-snapshot", "data", Json.object("node",
                        chain.getFirst().node(), "overlay", node)));
            }
            QemuDiskChain.qmp(mon, "transaction", Json.object("actions", new Json.Arr(actions)));
        } catch (RuntimeException e) {
            for (String n : added) {
                QemuDiskChain.blockdevDelPair(mon, n);
            }
            for (Overlay o : overlays) {
                if (o.created()) {
                    try {
                        Files.deleteIfExists(Path.of(o.file()));
                    } catch (java.io.IOException ignored) {
                        // best effort, as libvirt's cleanup
                    }
                }
            }
            throw e;
        }
        DomainDef cfg = null;
        for (int i = 0; i < overlays.size(); i++) {
            Overlay o = overlays.get(i);
            List<Layer> after = QemuDiskChain.query(mon, o.alias());
            synchronized (obj) {
                DomainDevice d = obj.live.findByTarget(o.dst()).orElseThrow();
                obj.live = obj.live.replaceDevice(d, d.withXml(QemuDiskChain.withChain(d.xml(), after, true,
                        QemuDiskChain.indexesFor(obj.live, after))));
                DomainDevice c = obj.persistent ? obj.def.findByTarget(o.dst()).orElse(null) : null;
                if (c != null && o.old().file().equals(fileOf(c.xml()))) {
                    List<Layer> chain = new ArrayList<>();
                    chain.add(new Layer(o.file(), "qcow2", null));
                    chain.addAll(QemuDiskChain.fromXml(c.xml()));
                    obj.def = obj.def.replaceDevice(c, c.withXml(QemuDiskChain.withChain(c.xml(), chain, false)));
                    cfg = obj.def;
                }
            }
        }
        if (cfg != null) {
            driver.saveConfig(cfg);
        }
        driver.process.writeStatusQuietly(obj);
    }

    /** qemuSnapshotCreateInactiveExternal: qemu-img makes the overlays; the definition points at them. */
    private void createInactive(QemuDomainObj obj, List<Overlay> overlays) {
        List<Overlay> made = new ArrayList<>();
        try {
            for (Overlay o : overlays) {
                if (o.created()) {
                    qemuImgCreate(o, null);
                    made.add(o);
                }
            }
        } catch (RuntimeException e) {
            for (Overlay o : made) {
                try {
                    Files.deleteIfExists(Path.of(o.file()));
                } catch (java.io.IOException ignored) {
                    // best effort
                }
            }
            throw e;
        }
        DomainDef def;
        boolean persistent;
        synchronized (obj) {
            for (Overlay o : overlays) {
                DomainDevice c = obj.def.findByTarget(o.dst()).orElseThrow();
                List<Layer> chain = new ArrayList<>();
                chain.add(new Layer(o.file(), "qcow2", null));
                chain.addAll(QemuDiskChain.fromXml(c.xml()));
                obj.def = obj.def.replaceDevice(c, c.withXml(QemuDiskChain.withChain(c.xml(), chain, false)));
            }
            def = obj.def;
            persistent = obj.persistent;
        }
        if (persistent) {
            driver.saveConfig(def);
        }
    }
}
