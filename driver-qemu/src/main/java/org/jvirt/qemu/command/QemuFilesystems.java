package org.jvirt.qemu.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.domain.DeviceKind;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDevice;
import org.jvirt.model.domain.XmlElem;

/**
 * qemuBuildFilesystemCommandLine: each {@code <filesystem type='mount'>} is either a virtio-9p share served by QEMU
 * itself ({@code -fsdev} plus virtio-9p-pci) or a virtiofs share served by a virtiofsd process over vhost-user
 * ({@code -chardev socket} plus vhost-user-fs-pci). Both count in one alias sequence fs0, fs1, ...
 *
 * <p>libvirt starts virtiofsd itself (the driver's QemuVirtiofs) on {@link QemuVirtiofsOptions#socket}, or, with
 * {@code <source socket=...>}, QEMU connects to a daemon someone else runs. qemuValidateDomainDeviceDefFS's checks
 * for virtiofs are made here, with its texts, since this is where the builder first looks at a filesystem.
 */
final class QemuFilesystems {

    private QemuFilesystems() {}

    /**
     * qemuValidateDomainDeviceDefFS's checks, which libvirt makes when the definition is validated, before anything
     * of the command line is built.
     */
    static void validate(DomainDef def) {
        for (DomainDevice d : def.devices(DeviceKind.FILESYSTEM)) {
            XmlElem x = d.xml();
            XmlElem drv = x.child("driver");
            String type = drv == null || drv.attr("type") == null ? "path" : drv.attr("type");
            if (x.attr("fmode") != null || x.attr("dmode") != null) {
                if (!"mapped".equals(x.attr("accessmode"))) {
                    throw invalid("fmode and dmode must be used with accessmode=mapped");
                }
            }
            XmlElem binary = x.child("binary");
            if (binary != null && binary.child("sandbox") != null && !type.equals("virtiofs")) {
                throw invalid("sandbox can only be used with driver=virtiofs");
            }
            if (type.equals("virtiofs")) {
                validateVirtiofs(def, x);
            }
        }
    }

    /** The arguments for every filesystem; the builder has run {@link #validate} first. */
    static List<String> build(DomainDef def, QemuBuildContext ctx, BiFunction<Json, DomainDevice, Json> pci) {
        List<String> out = new ArrayList<>();
        int i = 0;
        for (DomainDevice d : def.devices(DeviceKind.FILESYSTEM)) {
            XmlElem x = d.xml();
            if (!"mount".equals(x.attr("type") == null ? "mount" : x.attr("type"))) {
                throw QemuCommandBuilder.unsupported("filesystem");
            }
            XmlElem drv = x.child("driver");
            String type = drv == null || drv.attr("type") == null ? "path" : drv.attr("type");
            String id = "fs" + i++;
            if (type.equals("virtiofs")) {
                virtiofs(out, def, ctx, d, id, pci);
            } else {
                ninePee(out, d, type, id, pci);
            }
        }
        return out;
    }

    private static VirException invalid(String msg) {
        return VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, ErrorDomain.QEMU, msg);
    }

    // ---- virtio-9p ----

    /** -fsdev plus virtio-9p-pci (qemuBuildFSStr, qemuBuildFSDevStr). */
    private static void ninePee(List<String> out, DomainDevice d, String type, String id,
                                BiFunction<Json, DomainDevice, Json> pci) {
        XmlElem x = d.xml();
        for (XmlElem c : x.children()) {
            if (!Set.of("driver", "source", "target", "address", "readonly", "alias").contains(c.name())) {
                throw QemuCommandBuilder.unsupported("filesystem child " + c.name());
            }
        }
        if (!Set.of("type", "accessmode", "fmode", "dmode", "multidevs", "model").containsAll(names(x))) {
            throw QemuCommandBuilder.unsupported("filesystem");
        }
        // qemuBuildVirtioDevGetConfig: the model picks the (non-)transitional variant of the device
        String driver = switch (x.attr("model") == null ? "virtio" : x.attr("model")) {
            case "virtio" -> "virtio-9p-pci";
            case "virtio-transitional" -> "virtio-9p-pci-transitional";
            case "virtio-non-transitional" -> "virtio-9p-pci-non-transitional";
            default -> throw QemuCommandBuilder.unsupported("filesystem model " + x.attr("model"));
        };
        XmlElem drv = x.child("driver");
        XmlElem src = x.child("source");
        XmlElem tgt = x.child("target");
        if (src == null || src.attr("dir") == null || src.attrs().size() != 1 || tgt == null
                || tgt.attr("dir") == null || tgt.attrs().size() != 1
                || drv != null && !Set.of("type", "wrpolicy", "iommu", "ats", "packed").containsAll(names(drv))) {
            throw QemuCommandBuilder.unsupported("filesystem");
        }
        String access = x.attr("accessmode") == null ? "passthrough" : x.attr("accessmode");
        StringBuilder fs = new StringBuilder();
        switch (type) {
            case "path" -> {
                fs.append("local,security_model=").append(switch (access) {
                    case "passthrough", "mapped" -> access;
                    case "squash" -> "none";
                    default -> throw QemuCommandBuilder.unsupported("filesystem accessmode");
                });
                String multidevs = x.attr("multidevs");
                if (multidevs != null && !multidevs.equals("default")) {
                    if (!Set.of("remap", "forbid", "warn").contains(multidevs)) {
                        throw QemuCommandBuilder.unsupported("filesystem multidevs");
                    }
                    fs.append(",multidevs=").append(multidevs);
                }
                // the XML takes the modes in octal with or without the leading 0; QEMU gets four digits
                for (String mode : List.of("fmode", "dmode")) {
                    if (x.attr(mode) != null) {
                        fs.append(',').append(mode).append('=')
                                .append(String.format("%04o", Integer.parseInt(x.attr(mode), 8)));
                    }
                }
            }
            case "handle" -> {
                if (!access.equals("passthrough") || x.attr("multidevs") != null || x.attr("fmode") != null
                        || x.attr("dmode") != null) {
                    throw QemuCommandBuilder.unsupported("handle accessmode");
                }
                fs.append("handle");
            }
            default -> throw QemuCommandBuilder.unsupported("filesystem driver " + type);
        }
        String wr = drv == null ? null : drv.attr("wrpolicy");
        if (wr != null) {
            if (!wr.equals("immediate")) {
                throw QemuCommandBuilder.unsupported("wrpolicy");
            }
            fs.append(",writeout=immediate");
        }
        fs.append(",id=fsdev-").append(id).append(",path=").append(src.attr("dir").replace(",", ",,"));
        if (x.child("readonly") != null) {
            fs.append(",readonly=on");
        }
        out.add("-fsdev");
        out.add(fs.toString());
        out.add("-device");
        Json dev = VirtioOptions.add(Json.obj().put("driver", driver), drv, Set.of("type", "wrpolicy"));
        out.add(pci.apply(dev.put("id", id).put("fsdev", "fsdev-" + id).put("mount_tag", tgt.attr("dir")), d)
                .toString());
    }

    // ---- virtiofs ----

    /** qemuValidateDomainDeviceDefFS for virtiofs, in libvirt's order. */
    private static void validateVirtiofs(DomainDef def, XmlElem x) {
        XmlElem drv = x.child("driver");
        if (x.child("readonly") != null) {
            throw invalid("virtiofs does not yet support read-only mode");
        }
        if (!"passthrough".equals(x.attr("accessmode") == null ? "passthrough" : x.attr("accessmode"))) {
            throw invalid("virtiofs only supports passthrough accessmode");
        }
        if (drv.attr("wrpolicy") != null) {
            throw invalid("virtiofs does not support wrpolicy");
        }
        if (x.attr("model") != null) {
            throw invalid("virtiofs does not support model");
        }
        if (drv.attr("format") != null) {
            throw invalid("virtiofs does not support format");
        }
        if (x.attr("multidevs") != null && !"default".equals(x.attr("multidevs"))) {
            throw invalid("virtiofs does not support multidevs");
        }
        if (x.attr("fmode") != null || x.attr("dmode") != null) {
            throw invalid("virtiofs does not support fmode and dmode");
        }
        requireSharedMemory(def, "virtiofs");
    }

    /** qemuBuildVHostUserFsCommandLine. */
    private static void virtiofs(List<String> out, DomainDef def, QemuBuildContext ctx, DomainDevice d, String id,
                                 BiFunction<Json, DomainDevice, Json> pci) {
        XmlElem x = d.xml();
        XmlElem drv = x.child("driver");
        for (XmlElem c : x.children()) {
            if (!Set.of("driver", "binary", "source", "target", "address", "alias").contains(c.name())) {
                throw QemuCommandBuilder.unsupported("virtiofs child " + c.name());
            }
        }
        if (!Set.of("type", "accessmode").containsAll(names(x))) {
            throw QemuCommandBuilder.unsupported("virtiofs");
        }
        XmlElem src = x.child("source");
        XmlElem tgt = x.child("target");
        String socket = src == null ? null : src.attr("socket");
        if (src == null || src.attrs().size() != 1 || socket == null && src.attr("dir") == null
                || socket != null && x.child("binary") != null || tgt == null || tgt.attr("dir") == null) {
            throw QemuCommandBuilder.unsupported("virtiofs source");
        }
        QemuVirtiofsOptions.check(x.child("binary"));
        String path = socket != null ? socket : QemuVirtiofsOptions.socket(ctx.domainDir(def.name()), id);
        out.add("-chardev");
        out.add("socket,id=chr-vu-" + id + ",path=" + path.replace(",", ",,"));
        Json dev = VirtioOptions.add(Json.obj().put("driver", "vhost-user-fs-pci"), drv, Set.of("type", "queue"))
                .put("id", id).put("chardev", "chr-vu-" + id);
        if (drv.attr("queue") != null) {
            dev.put("queue-size", Integer.parseInt(drv.attr("queue")));
        }
        out.add("-device");
        out.add(pci.apply(dev.put("tag", tgt.attr("dir")), d).toString());
    }

    /**
     * qemuValidateDomainDefVhostUserRequireSharedMemory: the vhost-user back end maps guest RAM, so without NUMA the
     * RAM must be shared memfd, and with NUMA every cell must be shared (by itself or through memoryBacking).
     */
    static void requireSharedMemory(DomainDef def, String what) {
        XmlElem backing = def.section("memoryBacking").orElse(null);
        String source = backing == null || backing.child("source") == null ? null
                : backing.child("source").attr("type");
        String access = backing == null || backing.child("access") == null ? null
                : backing.child("access").attr("mode");
        XmlElem cpu = def.section("cpu").orElse(null);
        XmlElem numa = cpu == null ? null : cpu.child("numa");
        List<XmlElem> cells = numa == null ? List.of() : numa.children("cell");
        if (cells.isEmpty() && !("memfd".equals(source) && "shared".equals(access))) {
            throw invalid("'" + what + "' requires shared memory");
        }
        for (XmlElem cell : cells) {
            String mode = cell.attr("memAccess");
            if (mode == null && !"shared".equals(access) || "private".equals(mode)) {
                throw invalid("'" + what + "' requires shared memory");
            }
        }
    }

    private static List<String> names(XmlElem x) {
        return x.attrs().stream().map(XmlElem.Attr::name).toList();
    }
}
