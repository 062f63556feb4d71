package org.jvirt.qemu.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.HashSet;

import org.jvirt.model.domain.DeviceKind;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDevice;
import org.jvirt.model.domain.XmlElem;

/**
 * Serial ports, virtio-serial channels and consoles with their host-side chardev backends, after libvirt's
 * qemuBuildSerialCommandLine, qemuBuildChannelsCommandLine and qemuBuildChardevStr.
 *
 * <p>A listening UNIX socket is opened by libvirt and passed to QEMU as a descriptor, which its test harness
 * shows as {@code fd=1729}; a real start ({@link QemuBuildContext#live()}) cannot pass descriptors, so QEMU is
 * given the path and creates the socket itself.
 */
final class QemuChardevs {
    private final DomainDef def;
    private final QemuBuildContext ctx;
    private final List<String> args;

    QemuChardevs(DomainDef def, QemuBuildContext ctx, List<String> args) {
        this.def = def;
        this.ctx = ctx;
        this.args = args;
    }

    private void add(String... a) {
        args.addAll(List.of(a));
    }

    private static String orDefault(String v, String d) {
        return v == null ? d : v;
    }

    // ---- serials / consoles ------------------------------------------------------------------------

    void build() {
        int i = 0;
        for (DomainDevice d : def.devices(DeviceKind.SERIAL)) {
            XmlElem x = d.xml();
            XmlElem t = x.child("target");
            for (XmlElem c : x.children()) {
                switch (c.name()) {
                    case "target", "alias", "source", "protocol" -> { }
                    default -> throw QemuCommandBuilder.unsupported("serial child " + c.name());
                }
            }
            if (t != null && (t.attr("type") != null && !"isa-serial".equals(t.attr("type"))
                    || t.child("model") != null && !"isa-serial".equals(t.child("model").attr("name")))) {
                throw QemuCommandBuilder.unsupported("serial");
            }
            int port = t != null && t.attr("port") != null ? Integer.parseInt(t.attr("port")) : i;
            add("-chardev", chardevBackend(x, "charserial" + i));
            add("-device", Json.obj().put("driver", "isa-serial").put("chardev", "charserial" + i)
                    .put("id", "serial" + i).put("index", port).toString());
            i++;
        }
        parallels();
        channels();
        consoles();
        args.addAll(QemuTpmArgs.build(def, ctx));
    }

    /**
     * qemuBuildConsoleCommandLine: a serial-type console is the serial port itself (nothing to add); a virtio console
     * is a chardev plus a virtconsole port on the first virtio-serial controller, numbered by its place among all
     * consoles.
     */
    private void consoles() {
        int i = 0;
        for (DomainDevice d : def.devices(DeviceKind.CONSOLE)) {
            XmlElem x = d.xml();
            XmlElem t = x.child("target");
            String tt = t == null ? "serial" : orDefault(t.attr("type"), "serial");
            if (tt.equals("virtio")) {
                // post-parse gives the console a port and a virtio-serial address; virtconsole names neither
                for (XmlElem c : x.children()) {
                    if (!Set.of("source", "target", "address", "alias").contains(c.name())
                            || c.name().equals("address") && (!"virtio-serial".equals(c.attr("type"))
                            || !"0".equals(orDefault(c.attr("controller"), "0"))
                            || !"0".equals(orDefault(c.attr("bus"), "0")))) {
                        throw QemuCommandBuilder.unsupported("console child " + c.name());
                    }
                }
                if (!Set.of("type", "port").containsAll(t.attrs().stream().map(XmlElem.Attr::name).toList())
                        || def.devices(DeviceKind.CONTROLLER).stream().noneMatch(c ->
                        "virtio-serial".equals(c.xml().attr("type")) && "0".equals(c.xml().attr("index")))) {
                    throw QemuCommandBuilder.unsupported("console");
                }
                add("-chardev", chardevBackend(x, "charconsole" + i));
                add("-device", Json.obj().put("driver", "virtconsole").put("chardev", "charconsole" + i)
                        .put("id", "console" + i).toString());
            } else if (!tt.equals("serial") || def.devices(DeviceKind.SERIAL).isEmpty()) {
                throw QemuCommandBuilder.unsupported("console");
            }
            i++;
        }
    }

    /** ISA parallel ports; a host parallel port ("dev") uses QEMU's parallel chardev. */
    private void parallels() {
        int i = 0;
        for (DomainDevice d : def.devices(DeviceKind.PARALLEL)) {
            XmlElem x = d.xml();
            XmlElem t = x.child("target");
            for (XmlElem c : x.children()) {
                if (!Set.of("source", "target", "protocol").contains(c.name())) {
                    throw QemuCommandBuilder.unsupported("parallel child " + c.name());
                }
            }
            if (t != null && (t.attr("port") == null || !Integer.toString(i).equals(t.attr("port"))
                    || t.attrs().size() != 1)) {
                throw QemuCommandBuilder.unsupported("parallel target");
            }
            String id = "charparallel" + i;
            if ("dev".equals(x.attr("type"))) {
                XmlElem src = x.child("source");
                if (src == null || src.attr("path") == null || src.attrs().size() != 1) {
                    throw QemuCommandBuilder.unsupported("parallel source");
                }
                add("-chardev", "parallel,id=" + id + ",path=" + src.attr("path").replace(",", ",,"));
            } else {
                add("-chardev", chardevBackend(x, id));
            }
            add("-device", Json.obj().put("driver", "isa-parallel").put("chardev", id).put("id", "parallel" + i)
                    .toString());
            i++;
        }
    }

    /**
     * virtio-serial channels: a chardev plus a virtserialport. Ports without an address get the next free one
     * from 1 on virtio-serial controller 0 bus 0 (virDomainVirtioSerialAddrAutoAssign; port 0 is for consoles).
     */
    private void channels() {
        List<DomainDevice> chans = def.devices(DeviceKind.CHANNEL);
        Set<String> used = new HashSet<>();
        for (DomainDevice d : chans) {
            XmlElem a = d.xml().child("address");
            if (a != null) {
                if (!"virtio-serial".equals(a.attr("type"))) {
                    throw QemuCommandBuilder.unsupported("channel address");
                }
                used.add(orDefault(a.attr("controller"), "0") + "." + orDefault(a.attr("bus"), "0") + "."
                        + orDefault(a.attr("port"), "0"));
            }
        }
        int i = 0;
        for (DomainDevice d : chans) {
            XmlElem x = d.xml();
            XmlElem t = x.child("target");
            for (XmlElem c : x.children()) {
                if (!Set.of("source", "target", "address").contains(c.name())) {
                    throw QemuCommandBuilder.unsupported("channel child " + c.name());
                }
            }
            if (t != null && "guestfwd".equals(t.attr("type"))) {
                guestfwd(x, t, i++);
                continue;
            }
            if (t == null || !"virtio".equals(t.attr("type")) || t.attr("name") == null
                    || !Set.of("type", "name", "state").containsAll(t.attrs().stream().map(XmlElem.Attr::name)
                    .toList()) || !Set.of("unix", "pty", "spicevmc", "qemu-vdagent").contains(x.attr("type"))) {
                throw QemuCommandBuilder.unsupported("channel");
            }
            XmlElem a = x.child("address");
            String ctrl;
            String bus;
            int port;
            if (a != null) {
                ctrl = orDefault(a.attr("controller"), "0");
                bus = orDefault(a.attr("bus"), "0");
                port = Integer.parseInt(orDefault(a.attr("port"), "0"));
                if (port == 0) {
                    throw QemuCommandBuilder.unsupported("channel port 0");
                }
            } else {
                ctrl = "0";
                bus = "0";
                port = 1;
                while (used.contains("0.0." + port)) {
                    port++;
                }
                used.add("0.0." + port);
            }
            String wanted = ctrl;
            if (def.devices(DeviceKind.CONTROLLER).stream().noneMatch(c ->
                    "virtio-serial".equals(c.xml().attr("type")) && wanted.equals(c.xml().attr("index")))) {
                throw QemuCommandBuilder.unsupported("channel without its virtio-serial controller");
            }
            String id = "charchannel" + i;
            XmlElem src = x.child("source");
            if ("unix".equals(x.attr("type")) && (src == null || src.attr("path") == null)) {
                // libvirt names the socket after the domain and the channel
                String path = ctx.libDir() + "/channel/target/domain-" + ctx.domainId() + "-"
                        + QemuMemory.shortName(def.name()) + "/" + t.attr("name");
                if (src != null && !"bind".equals(orDefault(src.attr("mode"), "bind")) || src != null
                        && src.attrs().size() > 1) {
                    throw QemuCommandBuilder.unsupported("channel source");
                }
                x = x.withoutChildren("source").withChildren(append(x.withoutChildren("source").children(),
                        XmlElem.of("source", "mode", "bind", "path", path)));
            }
            if ("spicevmc".equals(x.attr("type"))) {
                boolean spice = def.devices(DeviceKind.GRAPHICS).stream()
                        .anyMatch(g -> "spice".equals(g.xml().attr("type")));
                if (!spice || x.child("source") != null) {
                    throw QemuCommandBuilder.unsupported("spicevmc channel");
                }
                add("-chardev", "spicevmc,id=" + id + ",name=vdagent");
            } else if ("qemu-vdagent".equals(x.attr("type"))) {
                add("-chardev", qemuVdagent(x.child("source"), id));
            } else {
                add("-chardev", chardevBackend(x, id));
            }
            add("-device", Json.obj().put("driver", "virtserialport").put("bus", "virtio-serial" + ctrl + "." + bus)
                    .put("nr", port).put("chardev", id).put("id", "channel" + i).put("name", t.attr("name"))
                    .toString());
            i++;
        }
    }

    /** QEMU's own clipboard/mouse agent: the guest's spice-vdagent talks to QEMU instead of a SPICE client. */
    private static String qemuVdagent(XmlElem src, String id) {
        String s = "qemu-vdagent,id=" + id + ",name=vdagent";
        if (src == null) {
            return s;
        }
        if (!src.attrs().isEmpty()) {
            throw QemuCommandBuilder.unsupported("qemu-vdagent source");
        }
        XmlElem clip = src.child("clipboard");
        XmlElem mouse = src.child("mouse");
        for (XmlElem c : src.children()) {
            if (!Set.of("clipboard", "mouse").contains(c.name()) || c.attrs().size() != 1) {
                throw QemuCommandBuilder.unsupported("qemu-vdagent source " + c.name());
            }
        }
        if (clip != null) {
            String v = clip.attr("copypaste");
            if (!Set.of("yes", "no").contains(orDefault(v, ""))) {
                throw QemuCommandBuilder.unsupported("qemu-vdagent clipboard");
            }
            s += ",clipboard=" + (v.equals("yes") ? "on" : "off");
        }
        if (mouse != null) {
            s += switch (orDefault(mouse.attr("mode"), "")) {
                case "client" -> ",mouse=on";
                case "server" -> ",mouse=off";
                default -> throw QemuCommandBuilder.unsupported("qemu-vdagent mouse");
            };
        }
        return s;
    }

    /**
     * A guestfwd channel: connections the guest makes to ADDRESS:PORT on the user-mode network are forwarded to the
     * chardev, through a user netdev of their own (qemuBuildChannelGuestfwdNetdevProps).
     */
    private void guestfwd(XmlElem x, XmlElem t, int i) {
        if (t.attr("address") == null || t.attr("port") == null || t.attrs().size() != 3
                || x.child("address") != null) {
            throw QemuCommandBuilder.unsupported("guestfwd channel");
        }
        String id = "charchannel" + i;
        add("-chardev", chardevBackend(x, id));
        String fwd = Json.obj().put("str", "tcp:" + t.attr("address") + ":" + t.attr("port") + "-chardev:" + id)
                .toString();
        add("-netdev", Json.obj().put("type", "user").put("guestfwd", new AudioProps.Raw("[" + fwd + "]"))
                .put("id", "channel" + i).toString());
    }

    private static List<XmlElem> append(List<XmlElem> l, XmlElem e) {
        List<XmlElem> out = new ArrayList<>(l);
        out.add(e);
        return out;
    }

    /** qemuBuildChardevStr for the host-side backends handled so far (pty, tcp, unix, udp). */
    String chardevBackend(XmlElem x, String id) {
        String type = x.attr("type");
        List<XmlElem> sources = x.children("source");
        for (XmlElem src : sources) {
            for (XmlElem.Attr a : src.attrs()) {
                if (!Set.of("mode", "host", "service", "path", "tls").contains(a.name())) {
                    throw QemuCommandBuilder.unsupported("chardev source " + a.name());
                }
            }
            if (!src.children().isEmpty()) {
                throw QemuCommandBuilder.unsupported("chardev source child");
            }
        }
        XmlElem protocol = x.child("protocol");
        String proto = protocol == null ? "raw" : orDefault(protocol.attr("type"), "raw");
        // only TCP speaks a protocol; libvirt still writes the default raw one for the others
        if (!type.equals("tcp") && !proto.equals("raw") || !proto.equals("raw") && !proto.equals("telnet")) {
            throw QemuCommandBuilder.unsupported("chardev protocol");
        }
        XmlElem src = sources.isEmpty() ? null : sources.get(0);
        String mode = src == null ? "connect" : orDefault(src.attr("mode"), "connect");
        switch (type) {
            case "pty" -> {
                return "pty,id=" + id;
            }
            case "vc" -> {
                if (!sources.isEmpty()) {
                    throw QemuCommandBuilder.unsupported("vc source");
                }
                return "vc,id=" + id;
            }
            case "tcp" -> {
                if (sources.size() != 1) {
                    throw QemuCommandBuilder.unsupported("chardev tcp");
                }
                String s = "socket,id=" + id + ",host=" + src.attr("host") + ",port=" + src.attr("service");
                if (proto.equals("telnet")) {
                    s += ",telnet=on";
                }
                String tls = src.attr("tls");
                if ("yes".equals(tls) || tls == null && ctx.conf().chardevTls()) {
                    if (mode.equals("bind")) {
                        throw QemuCommandBuilder.unsupported("chardev tls server");
                    }
                    String obj = "obj" + id + "_tls0";
                    add("-object", Json.obj().put("qom-type", "tls-creds-x509").put("id", obj)
                            .put("dir", QemuConf.CHARDEV_TLS_DIR).put("endpoint", "client")
                            .put("verify-peer", true).toString());
                    s += ",tls-creds=" + obj;
                }
                return mode.equals("bind") ? s + ",server=on,wait=off" : s;
            }
            case "unix" -> {
                if (sources.size() != 1 || src.attr("path") == null) {
                    throw QemuCommandBuilder.unsupported("chardev unix");
                }
                // a listening socket is opened by libvirt and handed over as an fd (1729 in the test mocks)
                // a real start cannot pass the fd: QEMU then creates the listening socket itself
                if (mode.equals("bind")) {
                    return "socket,id=" + id + (ctx.live() ? ",path=" + src.attr("path") : ",fd=1729")
                            + ",server=on,wait=off";
                }
                return "socket,id=" + id + ",path=" + src.attr("path");
            }
            case "udp" -> {
                XmlElem bind = null;
                XmlElem connect = null;
                for (XmlElem so : sources) {
                    if ("bind".equals(so.attr("mode"))) {
                        bind = so;
                    } else {
                        connect = so;
                    }
                }
                String host = connect == null ? "" : orDefault(connect.attr("host"), "");
                String port = connect == null ? "" : orDefault(connect.attr("service"), "");
                String laddr = bind == null ? "" : orDefault(bind.attr("host"), "");
                String lport = bind == null ? "0" : orDefault(bind.attr("service"), "0");
                return "udp,id=" + id + ",host=" + host + ",port=" + port + ",localaddr=" + laddr
                        + ",localport=" + lport;
            }
            default -> throw QemuCommandBuilder.unsupported("chardev type " + type);
        }
    }
}
