package org.jvirt.qemu.command;

import java.util.Set;

import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.XmlElem;

/**
 * The -spice option, after qemuBuildGraphicsSPICECommandLine: a fixed port (and TLS port, with qemu.conf's x509
 * dir), a UNIX socket, or no listener; channel security modes, compression and feature switches; OpenGL.
 * Automatic port allocation is not modelled.
 */
final class QemuSpice {

    /** qemu.conf's default spice_tls_x509_cert_dir. */
    static final String SPICE_TLS_DIR = "/etc/pki/libvirt-spice";
    /** The DRM render node libvirt's test harness reports (a real start would probe /dev/dri). */
    static final String TEST_RENDER_NODE = "/dev/dri/foo";

    private QemuSpice() {}

    static String option(DomainDef def, XmlElem x, QemuBuildContext ctx) {
        for (XmlElem.Attr a : x.attrs()) {
            if (!Set.of("type", "port", "tlsPort", "autoport", "listen", "defaultMode").contains(a.name())) {
                throw QemuCommandBuilder.unsupported("spice " + a.name());
            }
        }
        XmlElem listen = null;
        for (XmlElem c : x.children("listen")) {
            if (listen != null) {
                throw QemuCommandBuilder.unsupported("spice listens");
            }
            listen = c;
        }
        String ltype = listen == null ? "address" : listen.attr("type");
        int port = Integer.parseInt(x.attr("port") == null ? "0" : x.attr("port"));
        int tlsPort = Integer.parseInt(x.attr("tlsPort") == null ? "0" : x.attr("tlsPort"));
        if ("yes".equals(x.attr("autoport")) || port < 0 || tlsPort < 0) {
            throw QemuCommandBuilder.unsupported("spice autoport");
        }
        StringBuilder s = new StringBuilder();
        switch (ltype) {
            case "none" -> s.append("port=0");
            case "socket" -> {
                String path = listen.attr("socket");
                if (path == null) {
                    path = ctx.domainDir(def.name()) + "/spice.sock";
                }
                s.append("unix,addr=").append(path.replace(",", ",,"));
            }
            case "address" -> {
                s.append("port=").append(port);
                if (tlsPort > 0) {
                    s.append(",tls-port=").append(tlsPort);
                }
                String addr = listen == null ? x.attr("listen") : listen.attr("address");
                if (listen != null && !Set.of("type", "address").containsAll(listen.attrs().stream()
                        .map(XmlElem.Attr::name).toList())) {
                    throw QemuCommandBuilder.unsupported("spice listen");
                }
                if (port > 0 || tlsPort > 0) {
                    s.append(",addr=").append(addr == null ? "127.0.0.1" : addr);
                } else if (addr != null) {
                    throw QemuCommandBuilder.unsupported("spice address without ports");
                }
            }
            default -> throw QemuCommandBuilder.unsupported("spice listen " + ltype);
        }
        XmlElem mouse = x.child("mouse");
        if (mouse != null) {
            s.append(",agent-mouse=").append(switch (mouse.attr("mode")) {
                case "server" -> "off";
                case "client" -> "on";
                default -> throw QemuCommandBuilder.unsupported("spice mouse");
            });
        }
        if (ctx.conf().spiceSasl()) {
            if (mouse != null) {
                throw QemuCommandBuilder.unsupported("spice sasl with mouse mode"); // order not pinned down
            }
            s.append(",sasl=on");
        }
        if (tlsPort > 0) {
            if (!ctx.conf().spiceTls()) {
                // libvirt refuses a TLS port while qemu.conf has spice_tls off
                throw QemuCommandBuilder.unsupported("spice TLS port with spice_tls off");
            }
            s.append(",x509-dir=").append(SPICE_TLS_DIR);
        }
        String dflt = x.attr("defaultMode");
        if (dflt != null && !dflt.equals("any")) {
            if (tlsPort == 0 && dflt.equals("secure")) {
                throw QemuCommandBuilder.unsupported("spice secure without a TLS port");
            }
            s.append(dflt.equals("secure") ? ",tls-channel=default" : ",plaintext-channel=default");
        }
        for (XmlElem c : x.children("channel")) {
            String mode = c.attr("mode");
            if ("secure".equals(mode)) {
                if (tlsPort == 0) {
                    throw QemuCommandBuilder.unsupported("spice secure channel without a TLS port");
                }
                s.append(",tls-channel=").append(c.attr("name"));
            } else if ("insecure".equals(mode)) {
                s.append(",plaintext-channel=").append(c.attr("name"));
            } else if (!"any".equals(mode)) {
                throw QemuCommandBuilder.unsupported("spice channel mode");
            }
        }
        String[][] compressions = {{"image", "compression", "image-compression"},
            {"jpeg", "compression", "jpeg-wan-compression"}, {"zlib", "compression", "zlib-glz-wan-compression"},
            {"playback", "compression", "playback-compression"}, {"streaming", "mode", "streaming-video"}};
        for (String[] c : compressions) {
            XmlElem e = x.child(c[0]);
            if (e != null) {
                s.append(',').append(c[2]).append('=').append(e.attr(c[1]));
            }
        }
        XmlElem clip = x.child("clipboard");
        if (clip != null && "no".equals(clip.attr("copypaste"))) {
            s.append(",disable-copy-paste=on");
        }
        XmlElem ft = x.child("filetransfer");
        if (ft != null && "no".equals(ft.attr("enable"))) {
            s.append(",disable-agent-file-xfer=on");
        }
        XmlElem gl = x.child("gl");
        if (gl != null && "yes".equals(gl.attr("enable"))) {
            String node = gl.attr("rendernode");
            if (node == null && ctx.live()) {
                throw QemuCommandBuilder.unsupported("spice gl render node probing");
            }
            s.append(",gl=on,rendernode=").append(node == null ? TEST_RENDER_NODE : node);
        }
        for (XmlElem c : x.children()) {
            if (!Set.of("listen", "channel", "image", "jpeg", "zlib", "playback", "streaming", "clipboard",
                    "filetransfer", "gl", "mouse").contains(c.name())) {
                throw QemuCommandBuilder.unsupported("spice " + c.name());
            }
        }
        return s.append(",seamless-migration=on").toString();
    }
}
