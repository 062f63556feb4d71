package org.jvirt.qemu.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.XmlElem;

/**
 * A manually configured UEFI firmware, after qemuBuildPflashBlockdevCommandLine: the read-only code image as the
 * "libvirt-pflash0" blockdev pair and the variable store as "libvirt-pflash1", both handed to the machine as
 * pflash0/pflash1; or the firmware {@link QemuFirmwareDescriptors} selects for {@code <os firmware=...>}.
 */
final class QemuFirmware {

    /** qemu.conf's nvram_dir. */
    static final String NVRAM_DIR = "/var/lib/libvirt/qemu/nvram";

    private final String code;
    private final String vars;
    /** The firmware needs SMM and a secure flash (an autoselected descriptor's requires-smm). */
    private final boolean smm;
    /** A ROM image given with -bios (a memory-mapped BIOS), or null. */
    private final String bios;
    /** The variable store's storage node when it is not a local file, else null. */
    private Json varsStorage;
    /** Objects the variable store's storage needs first (its secret). */
    private final List<String> varsObjects = new ArrayList<>();

    QemuFirmware(DomainDef def, QemuBuildContext ctx) {
        XmlElem os = def.section("os").orElseThrow();
        XmlElem loader = os.child("loader");
        XmlElem nvram = os.child("nvram");
        if (os.attr("firmware") != null) {
            if (ctx.firmwareRoot() == null || ctx.live()) {
                // a start would also have to create the variable store from the template first
                throw QemuCommandBuilder.unsupported("<os> firmware");
            }
            QemuFirmwareDescriptors.Selected sel = QemuFirmwareDescriptors.select(def, ctx.firmwareRoot());
            boolean stateless = loader != null && "yes".equals(loader.attr("stateless"));
            if (loader != null && (!Set.of("stateless").containsAll(names(loader)) || !loader.children().isEmpty()
                    || loader.text() != null && !loader.text().isBlank())
                    || nvram != null && (stateless || !nvram.attrs().isEmpty() || !nvram.children().isEmpty())) {
                throw QemuCommandBuilder.unsupported("<os><loader> with firmware autoselection");
            }
            smm = sel.requiresSmm();
            if (sel.iface().equals("bios")) {
                bios = sel.code(); // loaded into memory, not a flash device
                code = null;
                vars = null;
                return;
            }
            bios = null;
            code = sel.code();
            String given = nvram == null || nvram.text() == null || nvram.text().isBlank() ? null
                    : nvram.text().strip();
            vars = stateless ? null : given != null ? given : NVRAM_DIR + "/" + def.name() + "_VARS.fd";
            return;
        }
        smm = false;
        bios = null;
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
            } else if ("network".equals(nvram.attr("type")) && src != null && nvram.children().size() == 1
                    && Set.of("type", "template").containsAll(names(nvram))) {
                // a variable store on a network server (qemuBuildPflashBlockdevCommandLine uses the disk rules)
                varsStorage = QemuNetworkDisks.storage(src, null, "libvirt-pflash1-storage", ctx.secrets(),
                        varsObjects);
                vars = src.attr("name");
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
            pair(out, "pflash0", Json.obj().put("driver", "file").put("filename", code), true);
        }
        if (vars != null) {
            out.addAll(varsObjects);
            pair(out, "pflash1", varsStorage != null ? varsStorage : Json.obj().put("driver", "file")
                    .put("filename", vars), false);
        }
        return out;
    }

    private static void pair(List<String> out, String name, Json storageProps, boolean readOnly) {
        String storage = "libvirt-" + name + "-storage";
        out.add("-blockdev");
        out.add(storageProps.put("node-name", storage).put("auto-read-only", true).put("discard", "unmap")
                .toString());
        out.add("-blockdev");
        out.add(Json.obj().put("node-name", "libvirt-" + name + "-format").put("read-only", readOnly)
                .put("driver", "raw").put("file", storage).toString());
    }

    /** The -bios image, or null. */
    String bios() {
        return bios;
    }

    /** The firmware requires SMM: the machine gets smm=on and the flash its secure property. */
    boolean smm() {
        return smm;
    }

    /** The -machine properties naming the flash devices. */
    String machineProps() {
        return (code == null ? "" : ",pflash0=libvirt-pflash0-format")
                + (vars == null ? "" : ",pflash1=libvirt-pflash1-format");
    }
}
