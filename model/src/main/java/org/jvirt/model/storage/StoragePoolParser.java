package org.jvirt.model.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.core.util.Uuids;
import org.jvirt.model.storage.StoragePoolDef.PoolNamespace;
import org.jvirt.model.xml.XmlNode;
import org.jvirt.model.xml.XmlParser;

/**
 * Parses {@code <pool>} XML as libvirt's virStoragePoolDefParseXML does: read the document, fill the defaults that
 * depend on the pool type (source name, target path of logical/zfs pools, gluster dir), then check what the type
 * requires. Backend namespaces (fs mount options, rbd config options) are read only when {@code backendNamespaces}
 * is set, as only the real storage driver registers them; the test driver does not.
 */
public final class StoragePoolParser {
    static final int DOM = ErrorDomain.STORAGE;

    private final XmlParser xml = new XmlParser();
    private final boolean backendNamespaces;
    private final Supplier<UUID> uuidSource;

    public StoragePoolParser() {
        this(false, Uuids::generate);
    }

    public StoragePoolParser(boolean backendNamespaces, Supplier<UUID> uuidSource) {
        this.backendNamespaces = backendNamespaces;
        this.uuidSource = uuidSource;
    }

    public StoragePoolDef parse(String text) {
        return parseNode(xml.parseRoot(text, "storage_pool_definition", "pool", org.jvirt.core.ErrorDomain.STORAGE));
    }

    /**
     * The {@code <source>} document of find-storage-pool-sources (virStoragePoolDefParseSourceString), read with
     * the rules of pool type {@code type}.
     */
    public StoragePoolDef.Source parseSourceSpec(String text, StoragePoolType type) {
        org.w3c.dom.Element root = xml.parse(text, "storage_source_specification").getDocumentElement();
        XmlNode node = new XmlNode(root);
        if (!node.name().equals("source")) {
            throw ConfXml.xmlError(DOM, "root element was not source");
        }
        return parseSource(node, type);
    }

    public StoragePoolDef parseNode(XmlNode root) {
        StoragePoolType type = parseType(root);
        XmlNode sourceNode = root.child("source");
        StoragePoolDef.Source source = sourceNode != null
                ? parseSource(sourceNode, type)
                : new StoragePoolDef.Source(List.of(), List.of(), null, null, null, null, type.defaultPoolFormat(),
                        null, null, null, null);

        String name = ConfXml.childString(root, "name");
        if (name == null && type.has(StoragePoolType.Flags.NAME) && source.name() != null) {
            name = source.name();
        }
        if (name == null) {
            throw ConfXml.xmlError(DOM, "missing pool source name element");
        }
        if (name.contains("/")) {
            throw ConfXml.xmlError(DOM, "name " + name + " cannot contain '/'");
        }
        String uuidText = ConfXml.childString(root, "uuid");
        UUID uuid = uuidText == null ? uuidSource.get()
                : Uuids.parse(uuidText).orElseThrow(() -> ConfXml.xmlError(DOM, "malformed uuid element"));

        Boolean cow = null;
        XmlNode features = root.child("features");
        if (features != null) {
            XmlNode cowNode = features.child("cow");
            if (cowNode != null) {
                cow = triState(cowNode, "state", "cow");
            }
            if (cow != null && type != StoragePoolType.FS && type != StoragePoolType.DIR) {
                throw VirException.of(ErrorNumber.NO_SUPPORT, DOM,
                        "cow feature may only be used for 'fs' and 'dir' pools");
            }
        }

        if (type.has(StoragePoolType.Flags.HOST) && source.hosts().isEmpty()) {
            throw ConfXml.xmlError(DOM, "missing storage pool source host name");
        }
        if (type.has(StoragePoolType.Flags.DIR) && source.dir() == null) {
            throw ConfXml.xmlError(DOM, "missing storage pool source path");
        }
        if (type.has(StoragePoolType.Flags.NAME) && source.name() == null) {
            source = withSourceName(source, name);
        }
        if (type.has(StoragePoolType.Flags.ADAPTER)) {
            validateAdapter(source.adapter());
        }
        if (type.flags() == StoragePoolType.Flags.DEVICE && source.devices().isEmpty()) {
            throw ConfXml.xmlError(DOM, "missing storage pool source device name");
        }

        String targetPath = null;
        StoragePerms perms = StoragePerms.UNSET;
        if (!type.has(StoragePoolType.Flags.NETWORK)) {
            String path;
            if (type == StoragePoolType.LOGICAL) {
                path = "/dev/" + source.name();
            } else if (type == StoragePoolType.ZFS) {
                path = "/dev/zvol/" + source.name();
            } else {
                path = ConfXml.pathString(root, "target", "path");
                if (path == null) {
                    throw ConfXml.xmlError(DOM, "missing storage pool target path");
                }
            }
            targetPath = ConfXml.sanitizePath(path);
            perms = StorageXml.parsePerms(ConfXml.descend(root, 2, "target", "permissions"));
        }
        if (type == StoragePoolType.ISCSI_DIRECT && source.initiatorIqn() == null) {
            throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, DOM, "missing initiator IQN");
        }

        PoolNamespace ns = backendNamespaces ? parseNamespace(root, type) : null;

        String refresh = ConfXml.pathAttr(root, "allocation", "refresh", "volume");
        if (refresh != null && !refresh.equals("default") && !refresh.equals("capacity")) {
            throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, DOM,
                    "unknown storage pool volume refresh allocation type " + refresh);
        }
        return new StoragePoolDef(type, name, uuid, 0, 0, 0, cow, source, targetPath, perms, refresh, ns);
    }

    private static StoragePoolType parseType(XmlNode root) {
        String t = root.attr("type");
        if (t == null) {
            throw ConfXml.xmlError(ErrorDomain.XML, "Missing required attribute 'type' in element 'pool'");
        }
        StoragePoolType type = StoragePoolType.fromXml(t);
        if (type == null) {
            throw ConfXml.xmlError(ErrorDomain.XML,
                    "Invalid value for attribute 'type' in element 'pool': '" + t + "'.");
        }
        return type;
    }

    /** virXMLPropTristateBool with VIR_XML_PROP_NONE. */
    static Boolean triState(XmlNode node, String attr, String element) {
        String v = node.attr(attr);
        if (v == null) {
            return null;
        }
        return switch (v) {
            case "yes" -> Boolean.TRUE;
            case "no" -> Boolean.FALSE;
            default -> throw ConfXml.xmlError(ErrorDomain.XML, "Invalid value for attribute '" + attr + "' in element '"
                    + element + "': '" + v + "'.");
        };
    }

    private StoragePoolDef.Source parseSource(XmlNode src, StoragePoolType type) {
        String name = ConfXml.childString(src, "name");
        if (type == StoragePoolType.RBD && name == null) {
            throw ConfXml.xmlError(DOM, "element 'name' is mandatory for RBD pool");
        }
        String format = null;
        if (!type.poolFormats().isEmpty()) {
            String f = ConfXml.pathAttr(src, "type", "format");
            if (f == null) {
                format = type.defaultPoolFormat();
            } else if (type.poolFormats().contains(f)) {
                format = f;
            } else {
                throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, DOM, "unknown pool format type " + f);
            }
        }
        List<StoragePoolDef.Host> hosts = new ArrayList<>();
        for (XmlNode h : src.children("host")) {
            String hn = h.attr("name");
            if (hn == null) {
                throw ConfXml.xmlError(DOM, "missing storage pool host name");
            }
            int port = 0;
            String p = h.attr("port");
            if (p != null) {
                port = ConfXml.parseLong(p, 10).filter(v -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE)
                        .orElseThrow(() -> ConfXml.xmlError(ErrorDomain.XML,
                                "Invalid value for attribute 'port' in element "
                                + "'host': '" + p + "'. Expected integer value")).intValue();
            }
            hosts.add(new StoragePoolDef.Host(hn, port));
        }
        String iqn = ConfXml.pathAttr(src, "name", "initiator", "iqn");
        List<StoragePoolDef.Device> devices = new ArrayList<>();
        for (XmlNode d : src.children("device")) {
            String path = d.attr("path");
            if (path == null) {
                throw ConfXml.xmlError(DOM, "missing storage pool source device path");
            }
            devices.add(new StoragePoolDef.Device(path, triState(d, "part_separator", "device"), List.of()));
        }
        String dir = ConfXml.pathAttr(src, "path", "dir");
        if (dir != null) {
            dir = ConfXml.sanitizePath(dir);
        }
        if (dir == null && type == StoragePoolType.GLUSTER) {
            dir = "/";
        }
        StorageAdapter adapter = null;
        XmlNode an = src.child("adapter");
        if (an != null) {
            adapter = parseAdapter(an);
        }
        StorageAuth auth = null;
        XmlNode authNode = src.child("auth");
        if (authNode != null) {
            auth = StorageXml.parseAuth(authNode, DOM);
            if (auth.authType() == null) {
                throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, DOM, "storage pool missing auth type");
            }
        }
        String ver = ConfXml.pathAttr(src, "ver", "protocol");
        if (ver != null) {
            // libvirt compares the numeric format with NETFS_NFS/NETFS_AUTO (1/0) whatever the pool type
            int idx = type.poolFormats().isEmpty() ? 0 : type.poolFormats().indexOf(format);
            if (idx != 0 && idx != 1) {
                List<String> netfs = StoragePoolType.NETFS.poolFormats();
                throw VirException.of(ErrorNumber.CONFIG_UNSUPPORTED, DOM,
                        "storage pool protocol ver unsupported for pool type '"
                        + (idx < netfs.size() ? netfs.get(idx) : "(null)") + "'");
            }
            if (ver.contains(",")) {
                throw VirException.of(ErrorNumber.XML_DETAIL, DOM,
                        "storage pool protocol ver '" + ver + "' must not contain ','");
            }
        }
        String vendor = ConfXml.pathAttr(src, "name", "vendor");
        String product = ConfXml.pathAttr(src, "name", "product");
        return new StoragePoolDef.Source(hosts, devices, dir, adapter, name, iqn, format, auth, ver, vendor,
                product);
    }

    private static StoragePoolDef.Source withSourceName(StoragePoolDef.Source s, String name) {
        return new StoragePoolDef.Source(s.hosts(), s.devices(), s.dir(), s.adapter(), name, s.initiatorIqn(),
                s.format(), s.auth(), s.protocolVer(), s.vendor(), s.product());
    }

    private static StorageAdapter parseAdapter(XmlNode node) {
        String type = node.attr("type");
        if (type == null) {
            // back-compat: a typeless adapter with a name is a scsi_host
            if (node.attr("wwnn") != null || node.attr("wwpn") != null || node.attr("parent") != null) {
                throw ConfXml.xmlError(DOM,
                        "Use of 'wwnn', 'wwpn', and 'parent' attributes requires use of the adapter 'type'");
            }
            if (node.child("parentaddr") != null) {
                throw ConfXml.xmlError(DOM, "Use of 'parentaddr' element requires use of the adapter 'type'");
            }
            String name = node.attr("name");
            return name == null ? null : new StorageAdapter.ScsiHost(name, null, 0);
        }
        switch (type) {
            case "scsi_host" -> {
                String name = node.attr("name");
                XmlNode pa = node.child("parentaddr");
                if (pa == null) {
                    return new StorageAdapter.ScsiHost(name, null, 0);
                }
                XmlNode addr = pa.child("address");
                if (addr == null) {
                    throw ConfXml.xmlError(DOM, "Missing scsi_host PCI address element");
                }
                StorageAdapter.PciAddress pci = StorageXml.parsePciAddress(addr);
                long uid = ConfXml.parseLong(pa.attr("unique_id"), 10)
                        .filter(v -> v >= 0 && v <= Integer.MAX_VALUE)
                        .orElseThrow(() -> ConfXml.xmlError(DOM,
                                "Missing or invalid scsi adapter 'unique_id' value"));
                return new StorageAdapter.ScsiHost(name, pci, (int) uid);
            }
            case "fc_host" -> {
                String managed = node.attr("managed");
                Boolean m = null;
                if (managed != null) {
                    m = switch (managed) {
                        case "yes" -> Boolean.TRUE;
                        case "no" -> Boolean.FALSE;
                        default -> throw ConfXml.xmlError(ErrorDomain.XML, "Invalid value for attribute "
                                + "'managed' in element 'adapter': '" + managed + "'.");
                    };
                }
                return new StorageAdapter.FcHost(node.attr("parent"), node.attr("parent_wwnn"),
                        node.attr("parent_wwpn"), node.attr("parent_fabric_wwn"), m, node.attr("wwnn"),
                        node.attr("wwpn"));
            }
            default -> throw ConfXml.xmlError(ErrorDomain.XML,
                    "Invalid value for attribute 'type' in element 'adapter': '" + type + "'.");
        }
    }

    private static void validateAdapter(StorageAdapter adapter) {
        switch (adapter) {
            case null -> throw ConfXml.xmlError(DOM, "missing storage pool source adapter");
            case StorageAdapter.ScsiHost s -> {
                if (s.name() == null && s.parentAddr() == null) {
                    throw ConfXml.xmlError(DOM,
                            "Either 'name' or 'parent' must be specified for the 'scsi_host' adapter");
                }
                if (s.name() != null && s.parentAddr() != null) {
                    throw ConfXml.xmlError(DOM,
                            "Both 'name' and 'parent' cannot be specified for the 'scsi_host' adapter");
                }
            }
            case StorageAdapter.FcHost f -> {
                if (f.wwnn() == null || f.wwpn() == null) {
                    throw ConfXml.xmlError(DOM,
                            "'wwnn' and 'wwpn' must be specified for adapter type 'fchost'");
                }
                validateWwn(f.wwnn());
                validateWwn(f.wwpn());
                if (f.parentWwnn() != null && f.parentWwpn() == null) {
                    throw ConfXml.xmlError(DOM, "when providing parent_wwnn='" + f.parentWwnn()
                            + "', the parent_wwpn must also be provided");
                }
                if (f.parentWwpn() != null && f.parentWwnn() == null) {
                    throw ConfXml.xmlError(DOM, "when providing parent_wwpn='" + f.parentWwpn()
                            + "', the parent_wwnn must also be provided");
                }
                if (f.parentWwnn() != null) {
                    validateWwn(f.parentWwnn());
                    validateWwn(f.parentWwpn());
                }
                if (f.parentFabricWwn() != null) {
                    validateWwn(f.parentFabricWwn());
                }
            }
        }
    }

    /** virValidateWWN: 16 hex digits after an optional "0x". */
    static void validateWwn(String wwn) {
        String p = wwn.startsWith("0x") ? wwn.substring(2) : wwn;
        boolean ok = p.length() == 16;
        for (int i = 0; ok && i < p.length(); i++) {
            ok = Character.digit(p.charAt(i), 16) >= 0;
        }
        if (!ok) {
            throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.NONE, "Malformed wwn: " + wwn);
        }
    }

    private static PoolNamespace parseNamespace(XmlNode root, StoragePoolType type) {
        if (type == StoragePoolType.FS || type == StoragePoolType.NETFS) {
            List<String> opts = new ArrayList<>();
            for (XmlNode c : root.children()) {
                if (PoolNamespace.FS_URI.equals(c.namespace()) && c.name().equals("mount_opts")) {
                    for (XmlNode o : c.children()) {
                        if (PoolNamespace.FS_URI.equals(o.namespace()) && o.name().equals("option")) {
                            String n = o.attr("name");
                            if (n == null) {
                                throw ConfXml.xmlError(DOM, "no fs mount option name specified");
                            }
                            opts.add(n);
                        }
                    }
                }
            }
            return opts.isEmpty() ? null : new PoolNamespace.FsMountOpts(List.copyOf(opts));
        }
        if (type == StoragePoolType.RBD) {
            List<PoolNamespace.RbdOption> opts = new ArrayList<>();
            for (XmlNode c : root.children()) {
                if (PoolNamespace.RBD_URI.equals(c.namespace()) && c.name().equals("config_opts")) {
                    for (XmlNode o : c.children()) {
                        if (PoolNamespace.RBD_URI.equals(o.namespace()) && o.name().equals("option")) {
                            String n = o.attr("name");
                            if (n == null) {
                                throw ConfXml.xmlError(DOM, "no rbd option name specified");
                            }
                            String v = o.attr("value");
                            if (v == null) {
                                throw ConfXml.xmlError(DOM, "no rbd option value specified for name '" + n + "'");
                            }
                            opts.add(new PoolNamespace.RbdOption(n, v));
                        }
                    }
                }
            }
            return opts.isEmpty() ? null : new PoolNamespace.RbdConfigOpts(List.copyOf(opts));
        }
        return null;
    }
}
