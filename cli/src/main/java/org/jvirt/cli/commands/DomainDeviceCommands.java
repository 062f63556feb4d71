package org.jvirt.cli.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jvirt.api.Domain;
import org.jvirt.cli.Cmd;
import org.jvirt.cli.Ctl;
import org.jvirt.cli.Handler;
import org.jvirt.cli.Options;
import org.jvirt.core.VirException;
import org.jvirt.core.param.TypedParam;
import org.jvirt.core.param.TypedParams;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Disks, interfaces and block jobs of domains (virsh-domain.c's device commands). */
final class DomainDeviceCommands {
    private static final List<String> NET_TYPES = List.of("user", "ethernet", "vhostuser", "server", "client",
            "mcast", "network", "bridge", "internal", "direct", "hostdev", "udp", "vdpa");

    private DomainDeviceCommands() {}

    static void register(Map<String, Handler> m) {
        m.put("attach-interface", DomainDeviceCommands::attachInterface);
        m.put("attach-disk", DomainDeviceCommands::attachDisk);
        m.put("detach-disk", DomainDeviceCommands::detachDisk);
        m.put("detach-interface", DomainDeviceCommands::detachInterface);
        m.put("change-media", DomainDeviceCommands::changeMedia);
        m.put("domif-setlink", DomainDeviceCommands::domifSetlink);
        m.put("domiftune", DomainDeviceCommands::domiftune);
        m.put("blkdeviotune", DomainDeviceCommands::blkdeviotune);
        m.put("blockjob", DomainDeviceCommands::blockjob);
        m.put("blockresize", DomainDeviceCommands::blockresize);
        m.put("domblkthreshold", DomainDeviceCommands::domblkthreshold);
        m.put("blockpull", DomainDeviceCommands::blockpull);
        m.put("blockcommit", DomainDeviceCommands::blockcommit);
    }

    /** --persistent/--config/--live/--current of the attach/detach commands; null after a conflict. */
    private static Integer deviceFlags(Ctl ctl, Cmd cmd, Domain dom) {
        Integer flags = DomainTuneCommands.affect(ctl, cmd);
        if (flags == null) {
            return null;
        }
        if (cmd.has("persistent")) {
            if (!Options.exclusive(ctl, cmd, "persistent", "current")) {
                return null;
            }
            flags |= DomainTuneCommands.AFFECT_CONFIG;
            if (dom.isActive()) {
                flags |= DomainTuneCommands.AFFECT_LIVE;
            }
        }
        return flags;
    }

    private static void attach(Domain dom, String xml, int flags, boolean current) {
        if (flags != 0 || current) {
            dom.attachDeviceFlags(xml, flags);
        } else {
            dom.attachDevice(xml);
        }
    }

    private static void detach(Domain dom, String xml, int flags, boolean current) {
        if (flags != 0 || current) {
            dom.detachDeviceFlags(xml, flags);
        } else {
            dom.detachDevice(xml);
        }
    }

    private static boolean attachInterface(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        Integer flags = deviceFlags(ctl, cmd, dom);
        if (flags == null) {
            return false;
        }
        String type = Options.string(ctl, cmd, "type");
        String source = Options.string(ctl, cmd, "source");
        if (!NET_TYPES.contains(type)) {
            ctl.errorf("No support for %s in command 'attach-interface'", type);
            return false;
        }
        StringBuilder b = new StringBuilder("<interface type='").append(type).append('\'');
        b.append(cmd.has("managed") ? " managed='yes'>\n" : ">\n");
        switch (type) {
            case "network", "bridge" -> b.append("  <source ").append(type).append("='").append(source)
                    .append("'/>\n");
            case "direct" -> b.append("  <source dev='").append(source).append("'/>\n");
            default -> { }
        }
        String[][] simple = {{"target", "  <target dev='%s'/>\n"}, {"mac", "  <mac address='%s'/>\n"},
            {"script", "  <script path='%s'/>\n"}, {"model", "  <model type='%s'/>\n"},
            {"alias", "  <alias name='%s'/>\n"}};
        for (String[] s : simple) {
            String v = Options.string(ctl, cmd, s[0]);
            if (v != null) {
                b.append(String.format(s[1], v));
            }
        }
        b.append("</interface>\n");
        if (cmd.has("print-xml")) {
            ctl.print(b.toString());
            return true;
        }
        try {
            attach(dom, b.toString(), flags, cmd.has("current"));
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to attach interface");
        }
        ctl.printExtra("Interface attached successfully\n");
        return true;
    }

    private static boolean attachDisk(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        Integer flags = deviceFlags(ctl, cmd, dom);
        if (flags == null) {
            return false;
        }
        String source = Options.string(ctl, cmd, "source");
        String target = Options.string(ctl, cmd, "target");
        String sourcetype = Options.string(ctl, cmd, "sourcetype");
        if (sourcetype == null) {
            sourcetype = source != null && source.startsWith("/dev/") ? "block" : "file";
        }
        StringBuilder b = new StringBuilder("<disk type='").append(sourcetype).append('\'');
        String type = Options.string(ctl, cmd, "type");
        if (type != null) {
            b.append(" device='").append(type).append('\'');
        }
        if (cmd.has("rawio")) {
            b.append(" rawio='yes'");
        }
        b.append(">\n");
        String driver = Options.string(ctl, cmd, "driver");
        String subdriver = Options.string(ctl, cmd, "subdriver");
        String cache = Options.string(ctl, cmd, "cache");
        String io = Options.string(ctl, cmd, "io");
        String iothread = Options.string(ctl, cmd, "iothread");
        if (driver != null || subdriver != null || iothread != null || cache != null || io != null) {
            b.append("  <driver");
            appendAttr(b, "name", driver);
            appendAttr(b, "type", subdriver);
            appendAttr(b, "iothread", iothread);
            appendAttr(b, "cache", cache);
            appendAttr(b, "io", io);
            b.append("/>\n");
        }
        if (source != null) {
            b.append("  <source ").append("block".equals(sourcetype) ? "dev" : "file").append("='")
                    .append(org.jvirt.cli.Escapes.xml(source)).append("'/>\n");
        }
        b.append("  <target dev='").append(target).append('\'');
        appendAttr(b, "bus", Options.string(ctl, cmd, "targetbus"));
        b.append("/>\n");
        String mode = Options.string(ctl, cmd, "mode");
        if (mode != null) {
            if (!mode.equals("readonly") && !mode.equals("shareable")) {
                ctl.errorf("No support for %s in command 'attach-disk'", mode);
                return false;
            }
            b.append("  <").append(mode).append("/>\n");
        }
        String serial = Options.string(ctl, cmd, "serial");
        if (serial != null) {
            b.append("  <serial>").append(serial).append("</serial>\n");
        }
        String wwn = Options.string(ctl, cmd, "wwn");
        if (wwn != null) {
            b.append("  <wwn>").append(wwn).append("</wwn>\n");
        }
        String alias = Options.string(ctl, cmd, "alias");
        if (alias != null) {
            b.append("  <alias name='").append(alias).append("'/>\n");
        }
        b.append("</disk>\n");
        if (cmd.has("print-xml")) {
            ctl.print(b.toString());
            return true;
        }
        try {
            attach(dom, b.toString(), flags, cmd.has("current"));
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to attach disk");
        }
        ctl.printExtra("Disk attached successfully\n");
        return true;
    }

    private static void appendAttr(StringBuilder b, String name, String value) {
        if (value != null) {
            b.append(' ').append(name).append("='").append(value).append('\'');
        }
    }

    /** virshFindDisk: the disk whose source or target is {@code path}; null after reporting. */
    private static Node findDisk(Ctl ctl, Xml xml, String path, boolean removable) {
        for (Node disk : xml.nodes("/domain/devices/disk")) {
            if (removable) {
                String device = xml.string(disk, "string(./@device)");
                if (!"cdrom".equals(device) && !"floppy".equals(device)) {
                    continue;
                }
            }
            String target = xml.string(disk, "string(./target/@dev)");
            String source = xml.string(disk, "string(./source/@file|./source/@dev|./source/@dir|./source/@name"
                    + "|./source/@volume)");
            if (path.equals(target) || path.equals(source)) {
                return disk;
            }
        }
        ctl.errorf("No disk found whose source path or target is %s", path);
        return null;
    }

    private static boolean detachDisk(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        Integer flags = deviceFlags(ctl, cmd, dom);
        if (flags == null) {
            return false;
        }
        String target = Options.string(ctl, cmd, "target");
        Xml xml = Xml.parse(dom.getXMLDesc((flags & DomainTuneCommands.AFFECT_CONFIG) != 0 ? Domain.XML_INACTIVE
                : 0));
        Node disk = findDisk(ctl, xml, target, false);
        if (disk == null) {
            return false;
        }
        String diskXml = Xml.dump(disk) + "\n";
        if (cmd.has("print-xml")) {
            ctl.print(diskXml);
            return true;
        }
        try {
            detach(dom, diskXml, flags, cmd.has("current"));
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to detach disk");
        }
        ctl.printExtra("Disk detached successfully\n");
        return true;
    }

    private static boolean detachInterface(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        Integer flags = deviceFlags(ctl, cmd, dom);
        if (flags == null) {
            return false;
        }
        String type = Options.string(ctl, cmd, "type");
        String mac = Options.string(ctl, cmd, "mac");
        Xml xml = Xml.parse(dom.getXMLDesc((flags & DomainTuneCommands.AFFECT_CONFIG) != 0 ? Domain.XML_INACTIVE
                : 0));
        List<Node> nodes = xml.nodes("/domain/devices/interface[@type='" + type.replace("'", "") + "']");
        Node match = null;
        if (nodes.isEmpty()) {
            ctl.errorf("No interface found whose type is %s", type);
        } else if (mac == null && nodes.size() > 1) {
            ctl.errorf("Domain has %d interfaces. Please specify which one to detach using --mac", nodes.size());
        } else if (mac == null) {
            match = nodes.getFirst();
        } else {
            for (Node n : nodes) {
                String m = xml.string(n, "string(./mac/@address)");
                if (m != null && m.equalsIgnoreCase(mac)) {
                    match = n;
                    break;
                }
            }
            if (match == null) {
                ctl.errorf("No interface with MAC address %s was found", mac);
            }
        }
        boolean ok = false;
        if (match != null) {
            String ifXml = Xml.dump(match) + "\n";
            if (cmd.has("print-xml")) {
                ctl.print(ifXml);
                return true;
            }
            try {
                detach(dom, ifXml, flags, cmd.has("current"));
                ok = true;
            } catch (VirException e) {
                ctl.setLastError(e);
            }
        }
        if (!ok) {
            ctl.error("Failed to detach interface");
            return false;
        }
        ctl.printExtra("Interface detached successfully\n");
        return true;
    }

    private static boolean changeMedia(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        Integer flags = DomainTuneCommands.affect(ctl, cmd);
        if (flags == null) {
            return false;
        }
        String path = Options.string(ctl, cmd, "path");
        String source = Options.string(ctl, cmd, "source");
        boolean eject = cmd.has("eject");
        boolean insert = cmd.has("insert");
        boolean update = cmd.has("update");
        if (!Options.exclusive(ctl, cmd, "eject", "insert") || !Options.exclusive(ctl, cmd, "eject", "update")
                || !Options.exclusive(ctl, cmd, "insert", "update")) {
            return false;
        }
        if (!eject && !insert && !update) {
            update = true;
        }
        if (eject && source != null) {
            ctl.error("--source and --eject are mutually exclusive");
            return false;
        }
        if ((insert || update) && source == null && !eject && insert) {
            ctl.error("No source is specified for inserting media");
            return false;
        }
        Xml xml = Xml.parse(dom.getXMLDesc((flags & DomainTuneCommands.AFFECT_CONFIG) != 0 ? Domain.XML_INACTIVE
                : 0));
        Node disk = findDisk(ctl, xml, path, true);
        if (disk == null) {
            return false;
        }
        Element e = (Element) disk;
        for (Node s : xml.nodes(disk, "./source")) {
            disk.removeChild(s);
        }
        if (source != null) {
            Element src = e.getOwnerDocument().createElement("source");
            src.setAttribute("block".equals(e.getAttribute("type")) ? "dev" : "file", source);
            disk.appendChild(src);
        }
        String diskXml = Xml.dump(disk) + "\n";
        if (cmd.has("print-xml")) {
            ctl.print(diskXml);
            return true;
        }
        int f = flags | (cmd.has("force") ? 4 : 0);
        String[] fail = {"Failed to complete action eject", "Failed to complete action insert",
            "Failed to complete action update"};
        String[] ok = {"Successfully ejected media.\n", "Successfully inserted media.\n",
            "Successfully updated media.\n"};
        int op = eject ? 0 : insert ? 1 : 2;
        try {
            dom.updateDeviceFlags(diskXml, f);
        } catch (VirException ex) {
            return Util.fail(ctl, ex, fail[op]);
        }
        ctl.printExtra(ok[op]);
        return true;
    }

    private static boolean domifSetlink(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        String iface = Options.string(ctl, cmd, "interface");
        String state = Options.string(ctl, cmd, "state");
        boolean config = cmd.has("config");
        if (!state.equalsIgnoreCase("up") && !state.equalsIgnoreCase("down")) {
            ctl.errorf("invalid link state '%s'", state);
            return false;
        }
        Xml xml = Xml.parse(dom.getXMLDesc(config ? Domain.XML_INACTIVE : 0));
        String mac = DomainMiscCommands.normalizeMac(iface);
        List<Node> nodes = xml.nodes("/domain/devices/interface[(mac/@address = '" + (mac == null ? "" : mac)
                + "') or (target/@dev = '" + iface.replace("'", "") + "')]");
        if (nodes.isEmpty()) {
            if (mac != null) {
                ctl.errorf("Interface (mac: %s) not found.", mac);
            } else {
                ctl.errorf("Interface (dev: %s) not found.", iface);
            }
            return false;
        }
        if (nodes.size() > 1) {
            ctl.error("multiple matching interfaces found");
            return false;
        }
        Element el = (Element) nodes.getFirst();
        List<Node> links = xml.nodes(el, "./link");
        Element link;
        if (links.isEmpty()) {
            link = el.getOwnerDocument().createElement("link");
            el.appendChild(link);
        } else {
            link = (Element) links.getFirst();
        }
        link.setAttribute("state", state.toLowerCase(java.util.Locale.ROOT));
        String ifXml = Xml.dump(el) + "\n";
        if (cmd.has("print-xml")) {
            ctl.print(ifXml);
            return true;
        }
        try {
            dom.updateDeviceFlags(ifXml, config ? DomainTuneCommands.AFFECT_CONFIG : DomainTuneCommands.AFFECT_LIVE);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to update interface link state");
        }
        ctl.print("Device updated successfully\n");
        return true;
    }

    private static boolean domiftune(Ctl ctl, Cmd cmd) {
        Integer flags = DomainTuneCommands.affect(ctl, cmd);
        if (flags == null) {
            return false;
        }
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        String device = Options.string(ctl, cmd, "interface");
        List<TypedParam> set = new ArrayList<>();
        for (String dir : new String[] {"inbound", "outbound"}) {
            String v = Options.string(ctl, cmd, dir);
            if (v == null) {
                continue;
            }
            String[] parts = v.split(",", -1);
            String[] names = {"average", "peak", "burst", "floor"};
            if (parts.length > (dir.equals("inbound") ? 4 : 3)) {
                ctl.errorf("Too many values for %s", dir);
                return false;
            }
            for (int i = 0; i < parts.length; i++) {
                if (parts[i].isEmpty()) {
                    continue;
                }
                Long n = org.jvirt.cli.Numbers.parseUIntPositive(parts[i], 10);
                if (n == null) {
                    ctl.errorf("%s bandwidth value '%s' is invalid", dir, v);
                    return false;
                }
                set.add(new TypedParam.UIntParam(dir + "." + names[i], n.intValue()));
            }
        }
        return Util.getOrSet(ctl, set, () -> dom.getInterfaceParameters(device, flags), "Unable to get number of interface parameters",
                params -> dom.setInterfaceParameters(device, params, flags), "Unable to set interface parameters");
    }

    private static final String[] IOTUNE = {"total-bytes-sec", "read-bytes-sec", "write-bytes-sec", "total-iops-sec",
        "read-iops-sec", "write-iops-sec", "total-bytes-sec-max", "read-bytes-sec-max", "write-bytes-sec-max",
        "total-iops-sec-max", "read-iops-sec-max", "write-iops-sec-max", "size-iops-sec",
        "total-bytes-sec-max-length", "read-bytes-sec-max-length", "write-bytes-sec-max-length",
        "total-iops-sec-max-length", "read-iops-sec-max-length", "write-iops-sec-max-length"};

    private static boolean blkdeviotune(Ctl ctl, Cmd cmd) {
        Integer flags = DomainTuneCommands.affect(ctl, cmd);
        if (flags == null) {
            return false;
        }
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        String disk = Options.string(ctl, cmd, "device");
        List<TypedParam> set = new ArrayList<>();
        for (String o : IOTUNE) {
            Long v = o.contains("bytes-sec") && !o.endsWith("length") ? Options.scaled(ctl, cmd, o, 1, -1L)
                    : Options.ulongLong(ctl, cmd, o);
            if (v != null) {
                set.add(new TypedParam.ULLongParam(o.replace('-', '_'), v));
            }
        }
        String group = Options.string(ctl, cmd, "group-name");
        if (group != null) {
            set.add(new TypedParam.StringParam("group_name", group));
        }
        return Util.getOrSet(ctl, set, () -> dom.getBlockIoTune(disk, flags), "Unable to get number of block I/O throttle parameters",
                params -> dom.setBlockIoTune(disk, params, flags), "Unable to change block I/O throttle");
    }

    private static boolean blockjob(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        String path = Options.string(ctl, cmd, "path");
        if (cmd.has("abort") || cmd.has("pivot")) {
            dom.blockJobAbort(path, (cmd.has("async") ? 1 : 0) | (cmd.has("pivot") ? 2 : 0));
            return true;
        }
        Long bandwidth = Options.ulongLong(ctl, cmd, "bandwidth");
        if (bandwidth != null) {
            dom.blockJobSetSpeed(path, bandwidth, cmd.has("bytes") ? 1 : 0);
            return true;
        }
        var info = dom.getBlockJobInfo(path, cmd.has("bytes") ? 1 : 0);
        if (info == null) {
            ctl.printf("No current block job for %s\n", path);
            return true;
        }
        ctl.printf("%s\n", info);
        return true;
    }

    private static boolean blockresize(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        String path = Options.string(ctl, cmd, "path");
        long size = Options.scaled(ctl, cmd, "size", 1024, -1L);
        try {
            dom.blockResize(path, size, 1);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to resize block device '%s'", path);
        }
        ctl.printExtra(String.format("Block device '%s' is resized\n", path));
        return true;
    }

    private static boolean domblkthreshold(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        String dev = Options.string(ctl, cmd, "dev");
        long threshold = Options.scaled(ctl, cmd, "threshold", 1, -1L);
        dom.setBlockThreshold(dev, threshold, 0);
        return true;
    }

    private static boolean blockpull(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        String path = Options.string(ctl, cmd, "path");
        String base = Options.string(ctl, cmd, "base");
        Long bw = Options.ulongLong(ctl, cmd, "bandwidth");
        long bandwidth = bw == null ? 0 : bw;
        int flags = cmd.has("bytes") ? 64 : 0;
        if (base != null || cmd.has("keep-relative")) {
            dom.blockRebase(path, base, bandwidth, flags | (cmd.has("keep-relative") ? 16 : 0));
        } else {
            dom.blockPull(path, bandwidth, flags);
        }
        ctl.printExtra("Block Pull started");
        return true;
    }

    private static boolean blockcommit(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        String path = Options.string(ctl, cmd, "path");
        String base = Options.string(ctl, cmd, "base");
        String top = Options.string(ctl, cmd, "top");
        Long bw = Options.ulongLong(ctl, cmd, "bandwidth");
        int flags = (cmd.has("shallow") ? 1 : 0) | (cmd.has("delete") ? 2 : 0) | (cmd.has("active") ? 4 : 0)
                | (cmd.has("keep-relative") ? 8 : 0) | (cmd.has("bytes") ? 16 : 0);
        dom.blockCommit(path, base, top, bw == null ? 0 : bw, flags);
        ctl.printExtra("Block Commit started");
        return true;
    }
}
