package org.jvirt.qemu.command;

import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

import org.jvirt.model.domain.XmlElem;

/**
 * The storage node of a {@code <disk type='network'>} image, after libvirt's qemuBlockStorageSourceGetBackendProps
 * for NBD, Gluster, NFS, iSCSI and RBD. Username/secret authentication (iSCSI CHAP, Ceph) needs {@link QemuSecrets};
 * HTTP cookies and TLS are declined.
 */
final class QemuNetworkDisks {

    /** qemu.conf's gluster_debug_level default. */
    private static final int GLUSTER_DEBUG = 4;

    private QemuNetworkDisks() {}

    /**
     * The storage node's properties for {@code src} (node name {@code node}); a secret its {@code <auth>} (in the
     * source, or {@code diskAuth} at disk level) needs is added to {@code args} as an -object first.
     */
    static Json storage(XmlElem src, XmlElem diskAuth, String node, QemuSecrets secrets, List<String> args) {
        XmlElem auth = src.child("auth") != null ? src.child("auth") : diskAuth;
        if (src.child("auth") != null && diskAuth != null) {
            throw QemuCommandBuilder.unsupported("disk auth twice");
        }
        Auth a = auth == null ? null : auth(auth, node, secrets, args);
        Json j = storage(src);
        String protocol = src.attr("protocol");
        if (a == null) {
            if ("iscsi".equals(protocol)) {
                j.put("initiator-name", initiator(src));
            }
            return j;
        }
        return switch (protocol) {
            case "iscsi" -> j.put("user", a.user()).put("password-secret", a.secretId())
                    .put("initiator-name", initiator(src));
            case "rbd" -> j.put("user", a.user()).put("auth-client-required", new AudioProps.Raw("[\"cephx\",\"none\"]"))
                    .put("key-secret", a.secretId());
            default -> throw QemuCommandBuilder.unsupported("network disk auth for " + protocol);
        };
    }

    private record Auth(String user, String secretId) {}

    /** qemuBuildSecretInfoProps: the encrypted secret as "NODE-auth-secret0". */
    private static Auth auth(XmlElem auth, String node, QemuSecrets secrets, List<String> args) {
        XmlElem ref = auth.child("secret");
        if (secrets == null) {
            throw QemuCommandBuilder.unsupported("network disk secret"); // no master-key cipher for this build
        }
        if (auth.attr("username") == null || ref == null || auth.children().size() != 1
                || auth.attrs().size() != 1) {
            throw QemuCommandBuilder.unsupported("network disk auth");
        }
        QemuSecrets.Encrypted e = secrets.encrypt(ref);
        String id = node + "-auth-secret0";
        args.add("-object");
        args.add(Json.obj().put("qom-type", "secret").put("id", id).put("data", e.data()).put("keyid", "masterKey0")
                .put("iv", e.iv()).put("format", "base64").toString());
        return new Auth(auth.attr("username"), id);
    }

    private static String initiator(XmlElem src) {
        XmlElem init = src.child("initiator");
        if (init == null) {
            return null;
        }
        XmlElem iqn = init.child("iqn");
        if (iqn == null || iqn.attr("name") == null || init.children().size() != 1) {
            throw QemuCommandBuilder.unsupported("iscsi initiator");
        }
        return iqn.attr("name");
    }

    private static Json storage(XmlElem src) {
        for (XmlElem.Attr a : src.attrs()) {
            if (!Set.of("protocol", "name", "index").contains(a.name())) {
                throw QemuCommandBuilder.unsupported("disk source " + a.name());
            }
        }
        String protocol = src.attr("protocol");
        List<XmlElem> hosts = src.children("host");
        for (XmlElem c : src.children()) {
            boolean ok = switch (c.name()) {
                case "host" -> true;
                case "identity" -> "nfs".equals(protocol);
                case "auth" -> true; // handled above
                case "initiator" -> "iscsi".equals(protocol);
                case "snapshot", "config" -> "rbd".equals(protocol) && c.attrs().size() == 1;
                case "slices", "seclabel" -> true; // the caller's
                default -> false;
            };
            if (!ok) {
                throw QemuCommandBuilder.unsupported("network disk source " + c.name());
            }
        }
        String name = src.attr("name");
        return switch (protocol == null ? "" : protocol) {
            case "nbd" -> nbd(hosts, name);
            case "gluster" -> gluster(hosts, name);
            case "nfs" -> nfs(src, hosts, name);
            case "rbd" -> rbd(src, hosts, name);
            case "iscsi" -> iscsi(hosts, name);
            default -> throw QemuCommandBuilder.unsupported("network disk");
        };
    }

    /** qemuBlockStorageSourceGetNBDProps for one inet or unix server. */
    private static Json nbd(List<XmlElem> hosts, String name) {
        if (hosts.size() != 1) {
            throw QemuCommandBuilder.unsupported("nbd hosts");
        }
        XmlElem h = hosts.get(0);
        String transport = h.attr("transport") == null ? "tcp" : h.attr("transport");
        Json server;
        if (transport.equals("tcp") && h.attr("name") != null && h.attr("port") != null
                && h.attrs().size() == (h.attr("transport") == null ? 2 : 3)) {
            server = Json.obj().put("type", "inet").put("host", h.attr("name")).put("port", h.attr("port"));
        } else if (transport.equals("unix") && h.attr("socket") != null && h.attrs().size() == 2) {
            server = Json.obj().put("type", "unix").put("path", h.attr("socket"));
        } else {
            throw QemuCommandBuilder.unsupported("nbd host");
        }
        return Json.obj().put("driver", "nbd").put("server", server).put("export", name);
    }

    /** qemuBlockStorageSourceGetGlusterProps: "VOLUME/PATH" and a list of servers (port 24007 by default). */
    private static Json gluster(List<XmlElem> hosts, String name) {
        int slash = name == null ? -1 : name.indexOf('/');
        if (slash <= 0 || slash == name.length() - 1 || hosts.isEmpty()) {
            throw QemuCommandBuilder.unsupported("gluster source");
        }
        StringJoiner servers = new StringJoiner(",", "[", "]");
        for (XmlElem h : hosts) {
            String transport = h.attr("transport") == null ? "tcp" : h.attr("transport");
            if (transport.equals("tcp") && h.attr("name") != null && h.attr("socket") == null) {
                servers.add(Json.obj().put("type", "inet").put("host", h.attr("name"))
                        .put("port", h.attr("port") == null ? "24007" : h.attr("port")).toString());
            } else if (transport.equals("unix") && h.attr("socket") != null && h.attr("name") == null) {
                servers.add(Json.obj().put("type", "unix").put("path", h.attr("socket")).toString());
            } else {
                throw QemuCommandBuilder.unsupported("gluster host");
            }
        }
        return Json.obj().put("driver", "gluster").put("volume", name.substring(0, slash))
                .put("path", name.substring(slash + 1)).put("server", new AudioProps.Raw(servers.toString()))
                .put("debug", GLUSTER_DEBUG);
    }

    /**
     * qemuBlockStorageSourceGetNFSProps: one server, the export path, and the uid/gid QEMU acts as. Only numeric
     * ids ({@code +N}) are taken: names would need the host's user database.
     */
    private static Json nfs(XmlElem src, List<XmlElem> hosts, String name) {
        XmlElem id = src.child("identity");
        if (hosts.size() != 1 || hosts.get(0).attr("name") == null || hosts.get(0).attrs().size() != 1
                || name == null || id == null) {
            throw QemuCommandBuilder.unsupported("nfs source");
        }
        return Json.obj().put("driver", "nfs").put("server", Json.obj().put("host", hosts.get(0).attr("name"))
                .put("type", "inet")).put("path", name).put("user", numericId(id.attr("user")))
                .put("group", numericId(id.attr("group")));
    }

    private static long numericId(String v) {
        if (v == null || !v.matches("\\+[0-9]+")) {
            throw QemuCommandBuilder.unsupported("nfs identity " + v);
        }
        return Long.parseLong(v.substring(1));
    }

    /** qemuBlockStorageSourceGetISCSIProps: "IQN[/LUN]" on one TCP portal (port 3260 by default). */
    private static Json iscsi(List<XmlElem> hosts, String name) {
        if (hosts.size() != 1 || name == null || hosts.get(0).attr("name") == null
                || hosts.get(0).attr("transport") != null && !"tcp".equals(hosts.get(0).attr("transport"))
                || hosts.get(0).attr("socket") != null) {
            throw QemuCommandBuilder.unsupported("iscsi source");
        }
        XmlElem h = hosts.get(0);
        String host = h.attr("name");
        if (host.contains(":")) {
            throw QemuCommandBuilder.unsupported("iscsi IPv6 portal"); // bracketing not pinned down
        }
        int slash = name.lastIndexOf('/');
        String target = slash < 0 ? name : name.substring(0, slash);
        if (slash >= 0 && !name.substring(slash + 1).matches("[0-9]{1,9}")) {
            throw QemuCommandBuilder.unsupported("iscsi lun");
        }
        int lun = slash < 0 ? 0 : Integer.parseInt(name.substring(slash + 1));
        return Json.obj().put("driver", "iscsi").put("portal", host + ":" + (h.attr("port") == null ? "3260"
                : h.attr("port"))).put("target", target).put("lun", lun).put("transport", "tcp");
    }

    /** qemuBlockStorageSourceGetRBDProps without auth: "POOL/IMAGE", snapshot, config file, monitors. */
    private static Json rbd(XmlElem src, List<XmlElem> hosts, String name) {
        int slash = name == null ? -1 : name.indexOf('/');
        if (slash <= 0 || name.indexOf('/', slash + 1) >= 0) {
            throw QemuCommandBuilder.unsupported("rbd source");
        }
        XmlElem snap = src.child("snapshot");
        XmlElem conf = src.child("config");
        if (conf != null && !hosts.isEmpty()) {
            throw QemuCommandBuilder.unsupported("rbd config with hosts"); // property order not pinned down
        }
        Object servers = null;
        if (!hosts.isEmpty()) {
            StringJoiner sj = new StringJoiner(",", "[", "]");
            for (XmlElem h : hosts) {
                if (h.attr("name") == null || h.attr("port") == null || h.attrs().size() != 2) {
                    throw QemuCommandBuilder.unsupported("rbd host");
                }
                sj.add(Json.obj().put("host", h.attr("name")).put("port", h.attr("port")).toString());
            }
            servers = new AudioProps.Raw(sj.toString());
        }
        return Json.obj().put("driver", "rbd").put("pool", name.substring(0, slash))
                .put("image", name.substring(slash + 1)).put("snapshot", snap == null ? null : snap.attr("name"))
                .put("conf", conf == null ? null : conf.attr("file")).put("server", servers);
    }
}
