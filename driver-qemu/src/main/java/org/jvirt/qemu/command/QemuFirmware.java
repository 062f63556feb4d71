package org.jvirt.qemu.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.XmlElem;

/**
 * A manually configured UEFI firmware, after qemuBuildPflashBlockdevCommandLine: the read-only code image as the
 * "libvirt-pflash0" blockdev pair and the variable store as "libvirt-pflash1", both handed to the machine as
 * pflash0/pflash1. Automatic firmware selection ({@code <os firmware=...>}) and secure boot are not modelled.
 */
final class QemuFirmware {

    /** qemu.conf's nvram_dir. */
    static final String NVRAM_DIR = "/var/lib/libvirt/qemu/nvram";

    private final String code;
    private final String vars;

    QemuFirmware(DomainDef def) {
        XmlElem os = def.section("os").orElseThrow();
        XmlElem loader = os.child("loader");
        XmlElem nvram = os.child("nvram");
        if (loader == null) {
            if (nvram != null) {
                throw QemuCommandBuilder.unsupported("<nvram> without <loader>");
            }
            code = null;
            vars = null;
            return;
        }
        String path = loader.text() == null ? null : loader.text().strip();
        boolean stateless = "yes".equals(loader.attr("stateless"));
        if (path == null || path.isEmpty() || !"pflash".equals(loader.attr("type"))
                || !"yes".equals(loader.attr("readonly")) || !loader.children().isEmpty()
                || !Set.of("type", "readonly", "stateless").containsAll(names(loader))
                || stateless && nvram != null) {
            throw QemuCommandBuilder.unsupported("<os><loader>");
        }
        code = path;
        if (stateless) {
            vars = null;
        } else if (nvram == null || nvram.children().isEmpty() && (nvram.text() == null || nvram.text().isBlank())) {
            if (nvram != null && !Set.of("template").containsAll(names(nvram))) {
                throw QemuCommandBuilder.unsupported("<os><nvram>");
            }
            // the store libvirt creates from the template
            vars = NVRAM_DIR + "/" + def.name() + "_VARS.fd";
        } else {
            XmlElem src = nvram.child("source");
            if (nvram.text() != null && !nvram.text().isBlank() && nvram.children().isEmpty()
                    && Set.of("template").containsAll(names(nvram))) {
                vars = nvram.text().strip();
            } else if ("file".equals(nvram.attr("type")) && src != null && src.attr("file") != null
                    && src.attrs().size() == 1 && nvram.children().size() == 1
                    && Set.of("type", "template").containsAll(names(nvram))) {
                vars = src.attr("file");
            } else {
                throw QemuCommandBuilder.unsupported("<os><nvram>");
            }
        }
    }

    private static List<String> names(XmlElem x) {
        return x.attrs().stream().map(XmlElem.Attr::name).toList();
    }

    /** The -blockdev arguments, placed before -machine. */
    List<String> blockdevs() {
        List<String> out = new ArrayList<>();
        if (code != null) {
            pair(out, "pflash0", code, true);
        }
        if (vars != null) {
            pair(out, "pflash1", vars, false);
        }
        return out;
    }

    private static void pair(List<String> out, String name, String path, boolean readOnly) {
        String storage = "libvirt-" + name + "-storage";
        out.add("-blockdev");
        out.add(Json.obj().put("driver", "file").put("filename", path).put("node-name", storage)
                .put("auto-read-only", true).put("discard", "unmap").toString());
        out.add("-blockdev");
        out.add(Json.obj().put("node-name", "libvirt-" + name + "-format").put("read-only", readOnly)
                .put("driver", "raw").put("file", storage).toString());
    }

    /** The -machine properties naming the flash devices. */
    String machineProps() {
        return (code == null ? "" : ",pflash0=libvirt-pflash0-format")
                + (vars == null ? "" : ",pflash1=libvirt-pflash1-format");
    }
}
