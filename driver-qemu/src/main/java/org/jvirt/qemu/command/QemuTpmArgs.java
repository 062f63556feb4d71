package org.jvirt.qemu.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jvirt.model.domain.DeviceKind;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDevice;
import org.jvirt.model.domain.XmlElem;

/**
 * qemuBuildTPMsCommandLine: the TPM backend ({@code -tpmdev}) and its front end device. An emulator TPM is a swtpm
 * process reached over a UNIX socket: in libvirt's test harness that socket is {@code /dev/test}; in a real start
 * the driver runs swtpm first (see the driver's QemuTpm) on {@link #swtpmSocket(String)}. A passthrough TPM is the
 * host's device, which libvirt opens itself and passes through fd sets; the JDK cannot pass descriptors to a child,
 * so a real start declines it rather than hand QEMU paths libvirt never would.
 */
public final class QemuTpmArgs {

    /** The socket path libvirt's test harness gives swtpm. */
    private static final String TEST_SWTPM_SOCKET = "/dev/test";
    /** The descriptors libvirt's test harness shows for a passthrough TPM and its cancel file (after fd=1729). */
    private static final int TEST_FIRST_FD = 1730;

    private QemuTpmArgs() {}

    /** Where a running domain's swtpm listens: in the domain's private directory, which lives exactly as long. */
    public static String swtpmSocket(String domainDir) {
        return domainDir + "/tpm0-swtpm.sock";
    }

    /** The arguments for every {@code <tpm>} of {@code def}, in libvirt's order. */
    static List<String> build(DomainDef def, QemuBuildContext ctx) {
        List<String> out = new ArrayList<>();
        List<DomainDevice> tpms = def.devices(DeviceKind.TPM);
        if (tpms.size() > 1) {
            throw QemuCommandBuilder.unsupported("several TPMs");
        }
        for (DomainDevice d : tpms) {
            XmlElem x = d.xml();
            String model = x.attr("model") == null ? "tpm-tis" : x.attr("model");
            if (!Set.of("tpm-tis", "tpm-crb").contains(model)) {
                throw QemuCommandBuilder.unsupported("tpm model " + model);
            }
            for (XmlElem c : x.children()) {
                if (!Set.of("backend", "alias").contains(c.name())) {
                    throw QemuCommandBuilder.unsupported("tpm child " + c.name());
                }
            }
            XmlElem backend = x.child("backend");
            String type = backend == null || backend.attr("type") == null ? "" : backend.attr("type");
            switch (type) {
                case "external" -> {
                    XmlElem src = backend.child("source");
                    if (src == null || !"unix".equals(src.attr("type")) || src.attr("path") == null
                            || !"connect".equals(src.attr("mode") == null ? "connect" : src.attr("mode"))) {
                        throw QemuCommandBuilder.unsupported("tpm external source");
                    }
                    emulator(out, src.attr("path"));
                }
                case "emulator" -> {
                    if (ctx.live()) {
                        checkLiveEmulator(backend);
                    }
                    emulator(out, ctx.live() ? swtpmSocket(ctx.domainDir(def.name())) : TEST_SWTPM_SOCKET);
                }
                case "passthrough" -> passthrough(out, backend, ctx);
                default -> throw QemuCommandBuilder.unsupported("tpm backend");
            }
            out.add("-device");
            out.add(Json.obj().put("driver", model).put("tpmdev", "tpm-tpm0").put("id", "tpm0").toString());
        }
        return out;
    }

    private static void emulator(List<String> out, String socket) {
        out.addAll(List.of("-chardev", "socket,id=chrtpm,path=" + socket.replace(",", ",,"),
                "-tpmdev", "emulator,id=tpm-tpm0,chardev=chrtpm"));
    }

    /** What the driver's swtpm start knows how to set up; an encrypted state needs the secret driver. */
    private static void checkLiveEmulator(XmlElem backend) {
        for (XmlElem c : backend.children()) {
            if (!c.name().equals("active_pcr_banks")) {
                throw QemuCommandBuilder.unsupported("tpm emulator " + c.name());
            }
        }
        for (XmlElem.Attr a : backend.attrs()) {
            if (!Set.of("type", "version", "persistent_state").contains(a.name())) {
                throw QemuCommandBuilder.unsupported("tpm emulator " + a.name());
            }
        }
    }

    /**
     * The host TPM and its sysfs cancel file, each opened by libvirt and added to an fd set (qemuBuildTPMOpenBackendFDs).
     */
    private static void passthrough(List<String> out, XmlElem backend, QemuBuildContext ctx) {
        if (ctx.live()) {
            throw QemuCommandBuilder.unsupported("tpm passthrough in a real start (needs descriptor passing)");
        }
        XmlElem dev = backend.child("device");
        if (backend.children().size() > 1 || dev != null && (dev.attrs().size() != 1 || dev.attr("path") == null)) {
            throw QemuCommandBuilder.unsupported("tpm passthrough device");
        }
        out.addAll(List.of("-add-fd", "set=0,fd=" + TEST_FIRST_FD + ",opaque=tpm0-tpm",
                "-add-fd", "set=1,fd=" + (TEST_FIRST_FD + 1) + ",opaque=tpm0-cancel",
                "-tpmdev", "passthrough,id=tpm-tpm0,path=/dev/fdset/0,cancel-path=/dev/fdset/1"));
    }
}
