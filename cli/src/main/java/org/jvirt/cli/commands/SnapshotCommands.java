package org.jvirt.cli.commands;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jvirt.api.Domain;
import org.jvirt.api.DomainSnapshot;
import org.jvirt.cli.Cmd;
import org.jvirt.cli.Ctl;
import org.jvirt.cli.Escapes;
import org.jvirt.cli.Handler;
import org.jvirt.cli.Options;
import org.jvirt.cli.VshTable;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/** The "Snapshot" group (virsh-snapshot.c). */
final class SnapshotCommands {
    // virDomainSnapshotListFlags
    static final int LIST_DESCENDANTS = 1;
    static final int LIST_ROOTS = 1;
    static final int LIST_METADATA = 2;
    static final int LIST_LEAVES = 4;
    static final int LIST_NO_LEAVES = 8;
    static final int LIST_NO_METADATA = 16;
    static final int LIST_INACTIVE = 32;
    static final int LIST_ACTIVE = 64;
    static final int LIST_DISK_ONLY = 128;
    static final int LIST_INTERNAL = 256;
    static final int LIST_EXTERNAL = 512;
    static final int LIST_TOPOLOGICAL = 1024;
    private static final String[][] CREATE_FLAGS = {{"redefine", "1"}, {"current", "2"}, {"no-metadata", "4"},
        {"halt", "8"}, {"disk-only", "16"}, {"reuse-external", "32"}, {"quiesce", "64"}, {"atomic", "128"},
        {"live", "256"}, {"validate", "512"}};

    private SnapshotCommands() {}

    static void register(Map<String, Handler> m) {
        m.put("snapshot-create-as", SnapshotCommands::createAs);
        m.put("snapshot-create", SnapshotCommands::create);
        m.put("snapshot-current", SnapshotCommands::current);
        m.put("snapshot-parent", SnapshotCommands::parent);
        m.put("snapshot-info", SnapshotCommands::info);
        m.put("snapshot-list", SnapshotCommands::list);
        m.put("snapshot-revert", SnapshotCommands::revert);
        m.put("snapshot-delete", SnapshotCommands::delete);
        m.put("snapshot-dumpxml", SnapshotCommands::dumpxml);
    }

    private static int createFlags(Cmd cmd) {
        int flags = 0;
        for (String[] f : CREATE_FLAGS) {
            if (cmd.def().option(f[0]) != null && cmd.has(f[0])) {
                flags |= Integer.parseInt(f[1]);
            }
        }
        return flags;
    }

    /** virshParseSnapshotDiskspec. */
    static boolean diskspec(Ctl ctl, StringBuilder buf, String str, String indent) {
        List<String> a = Escapes.splitCommas(str);
        String name = a.getFirst();
        String snapshot = null;
        String driver = null;
        String stype = null;
        String file = null;
        for (String s : a.subList(1, a.size())) {
            if (snapshot == null && s.startsWith("snapshot=")) {
                snapshot = s.substring(9);
            } else if (driver == null && s.startsWith("driver=")) {
                driver = s.substring(7);
            } else if (stype == null && s.startsWith("stype=")) {
                stype = s.substring(6);
            } else if (file == null && s.startsWith("file=")) {
                file = s.substring(5);
            } else {
                ctl.errorf("unable to parse diskspec: %s", str);
                return false;
            }
        }
        boolean isFile = true;
        buf.append(indent).append("<disk name='").append(Escapes.xml(name)).append('\'');
        if (snapshot != null) {
            buf.append(" snapshot='").append(snapshot).append('\'');
        }
        if (stype != null) {
            if (stype.equals("block")) {
                isFile = false;
            } else if (!stype.equals("file")) {
                ctl.errorf("Unknown storage type: '%s'", stype);
                ctl.errorf("unable to parse diskspec: %s", str);
                return false;
            }
            buf.append(" type='").append(stype).append('\'');
        }
        if (driver != null || file != null) {
            buf.append(">\n");
            if (driver != null) {
                buf.append(indent).append("  <driver type='").append(driver).append("'/>\n");
            }
            if (file != null) {
                buf.append(indent).append(isFile ? "  <source file='" : "  <source dev='").append(Escapes.xml(file))
                        .append("'/>\n");
            }
            buf.append(indent).append("</disk>\n");
        } else {
            buf.append("/>\n");
        }
        return true;
    }

    private static boolean memspec(Ctl ctl, StringBuilder buf, String str) {
        String snapshot = null;
        String file = null;
        for (String s : Escapes.splitCommas(str)) {
            if (snapshot == null && s.startsWith("snapshot=")) {
                snapshot = s.substring(9);
            } else if (file == null && s.startsWith("file=")) {
                file = s.substring(5);
            } else if (file == null && s.startsWith("/")) {
                file = s;
            } else {
                ctl.errorf("unable to parse memspec: %s", str);
                return false;
            }
        }
        buf.append("  <memory");
        if (snapshot != null) {
            buf.append(" snapshot='").append(Escapes.xml(snapshot)).append('\'');
        }
        if (file != null) {
            buf.append(" file='").append(Escapes.xml(file)).append('\'');
        }
        buf.append("/>\n");
        return true;
    }

    private static boolean createAs(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        String name = Options.string(ctl, cmd, "name");
        String desc = Options.string(ctl, cmd, "description");
        String mem = Options.string(ctl, cmd, "memspec");
        StringBuilder buf = new StringBuilder("<domainsnapshot>\n");
        if (name != null) {
            buf.append("  <name>").append(Escapes.xml(name)).append("</name>\n");
        }
        if (desc != null) {
            buf.append("  <description>").append(Escapes.xml(desc)).append("</description>\n");
        }
        if (mem != null && !memspec(ctl, buf, mem)) {
            return false;
        }
        if (cmd.has("diskspec")) {
            buf.append("  <disks>\n");
            for (String d : cmd.argv("diskspec")) {
                if (!diskspec(ctl, buf, d, "    ")) {
                    return false;
                }
            }
            buf.append("  </disks>\n");
        }
        buf.append("</domainsnapshot>\n");
        if (cmd.has("print-xml")) {
            ctl.print(buf + "\n");
            return true;
        }
        return doCreate(ctl, dom, buf.toString(), createFlags(cmd), null);
    }

    private static boolean doCreate(Ctl ctl, Domain dom, String xml, int flags, String from) {
        DomainSnapshot snap = dom.snapshotCreateXML(xml, flags);
        if (from != null) {
            ctl.printExtra(String.format("Domain snapshot %s created from '%s'", snap.getName(), from));
        } else {
            ctl.printExtra(String.format("Domain snapshot %s created", snap.getName()));
        }
        return true;
    }

    private static boolean create(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        String from = Options.string(ctl, cmd, "xmlfile");
        String xml = from == null ? "<domainsnapshot/>" : Util.readFile(ctl, from);
        return doCreate(ctl, dom, xml, createFlags(cmd), from);
    }

    /** virshLookupSnapshot: by the named option or --current; reports the libvirt error itself. */
    private static DomainSnapshot lookup(Ctl ctl, Cmd cmd, String arg, boolean exclusive, Domain dom) {
        boolean current = cmd.has("current");
        String name = Options.string(ctl, cmd, arg);
        if (exclusive && current && name != null) {
            ctl.errorf("--%s and --current are mutually exclusive", arg);
            return null;
        }
        try {
            if (name != null) {
                return dom.snapshotLookupByName(name, 0);
            } else if (current) {
                return dom.snapshotCurrent(0);
            }
        } catch (VirException e) {
            ctl.setLastError(e);
            return null;
        }
        ctl.errorf("--%s or --current is required", arg);
        return null;
    }

    /** virshGetSnapshotParent: the parent's name or null for a root. */
    static String parentName(DomainSnapshot snap) {
        try {
            return snap.getParent(0).getName();
        } catch (VirException e) {
            if (e.code() == ErrorNumber.NO_DOMAIN_SNAPSHOT) {
                return null;
            }
            throw e;
        }
    }

    private static boolean current(Ctl ctl, Cmd cmd) {
        if (!Options.exclusive(ctl, cmd, "name", "snapshotname")) {
            return false;
        }
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        String snapname = Options.string(ctl, cmd, "snapshotname");
        if (snapname != null) {
            DomainSnapshot snap = dom.snapshotLookupByName(snapname, 0);
            String xml = snap.getXMLDesc(Domain.XML_SECURE);
            dom.snapshotCreateXML(xml, 1 | 2);
            ctl.printExtra(String.format("Snapshot %s set as current", snapname));
            return true;
        }
        if (!dom.hasCurrentSnapshot(0)) {
            ctl.errorf("domain '%s' has no current snapshot", dom.getName());
            return false;
        }
        DomainSnapshot snap = dom.snapshotCurrent(0);
        if (cmd.has("name")) {
            ctl.print(snap.getName());
        } else {
            ctl.print(snap.getXMLDesc(cmd.has("security-info") ? Domain.XML_SECURE : 0));
        }
        return true;
    }

    private static boolean parent(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        DomainSnapshot snap = lookup(ctl, cmd, "snapshotname", true, dom);
        if (snap == null) {
            return false;
        }
        String parent = parentName(snap);
        if (parent == null) {
            ctl.errorf("snapshot '%s' has no parent", snap.getName());
            return false;
        }
        ctl.print(parent);
        return true;
    }

    private static boolean info(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        DomainSnapshot snap = lookup(ctl, cmd, "snapshotname", true, dom);
        if (snap == null) {
            return false;
        }
        ctl.printf("%-15s %s\n", "Name:", snap.getName());
        ctl.printf("%-15s %s\n", "Domain:", dom.getName());
        ctl.printf("%-15s %s\n", "Current:", snap.isCurrent(0) ? "yes" : "no");
        Xml xml = Xml.parse(snap.getXMLDesc(0));
        String state = xml.string("string(/domainsnapshot/state)");
        if (state == null) {
            ctl.error("unexpected problem reading snapshot xml");
            return false;
        }
        ctl.printf("%-15s %s\n", "State:", state);
        boolean external = !xml.nodes("/domainsnapshot/memory[@snapshot='external']"
                + "|/domainsnapshot/disks/disk[@snapshot='external']").isEmpty();
        ctl.printf("%-15s %s\n", "Location:", external ? "external" : "internal");
        String parent = xml.string("string(/domainsnapshot/parent/name)");
        ctl.printf("%-15s %s\n", "Parent:", parent == null ? "-" : parent);
        int children;
        try {
            children = snap.numChildren(0);
        } catch (VirException e) {
            if (e.code() == ErrorNumber.NO_SUPPORT) {
                return true;
            }
            throw e;
        }
        ctl.printf("%-15s %d\n", "Children:", children);
        ctl.printf("%-15s %d\n", "Descendants:", snap.numChildren(LIST_DESCENDANTS));
        try {
            ctl.printf("%-15s %s\n", "Metadata:", snap.hasMetadata(0) ? "yes" : "no");
        } catch (VirException e) {
            ctl.resetError();
        }
        return true;
    }

    static String creationTime(long epoch) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z")
                .format(Instant.ofEpochSecond(epoch).atZone(ZoneId.systemDefault()));
    }

    private static boolean list(Ctl ctl, Cmd cmd) {
        boolean tree = cmd.has("tree");
        boolean name = cmd.has("name");
        boolean parent = cmd.has("parent");
        boolean roots = cmd.has("roots");
        boolean from = cmd.has("from");
        boolean current = cmd.has("current");
        String[][] excl = {{"tree", "name"}, {"parent", "roots"}, {"parent", "tree"}, {"roots", "tree"},
            {"roots", "from"}, {"roots", "current"}};
        for (String[] e : excl) {
            if (!Options.exclusive(ctl, cmd, e[0], e[1])) {
                return false;
            }
        }
        int flags = 0;
        String[][] filters = {{"leaves", "4"}, {"no-leaves", "8"}, {"inactive", "32"}, {"active", "64"},
            {"disk-only", "128"}, {"internal", "256"}, {"external", "512"}, {"metadata", "2"},
            {"no-metadata", "16"}};
        for (String[] f : filters) {
            if (cmd.has(f[0])) {
                if (tree && !f[0].contains("metadata")) {
                    ctl.errorf("--%s and --tree are mutually exclusive", f[0]);
                    return false;
                }
                flags |= Integer.parseInt(f[1]);
            }
        }
        if (roots) {
            flags |= LIST_ROOTS;
        }
        if (cmd.has("topological")) {
            flags |= LIST_TOPOLOGICAL;
        }
        if (cmd.has("descendants")) {
            if (!from && !current) {
                ctl.error("--descendants requires --from or --current");
                return false;
            }
            flags |= LIST_DESCENDANTS;
        }
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        List<DomainSnapshot> snaps;
        if (from || current) {
            DomainSnapshot start = lookup(ctl, cmd, "from", true, dom);
            if (start == null) {
                return false;
            }
            snaps = new ArrayList<>(start.listAllChildren(flags));
        } else {
            snaps = new ArrayList<>(dom.listAllSnapshots(flags));
        }
        if ((flags & LIST_TOPOLOGICAL) == 0) {
            snaps.sort((a, b) -> String.CASE_INSENSITIVE_ORDER.compare(a.getName(), b.getName()));
        }
        List<String> names = snaps.stream().map(DomainSnapshot::getName).toList();
        if (tree) {
            List<String> parents = new ArrayList<>();
            for (DomainSnapshot s : snaps) {
                parents.add(parentName(s));
            }
            ctl.print(TreePrinter.forest(names, parents));
            return true;
        }
        if (name) {
            ctl.print(TreePrinter.lines(names));
            return true;
        }
        VshTable t = parent ? new VshTable("Name", "Creation Time", "State", "Parent")
                : new VshTable("Name", "Creation Time", "State");
        for (DomainSnapshot s : snaps) {
            Xml xml = Xml.parse(s.getXMLDesc(0));
            String state = xml.string("string(/domainsnapshot/state)");
            String created = xml.string("string(/domainsnapshot/creationTime)");
            if (created == null) {
                continue;
            }
            String time = creationTime(Long.parseLong(created.strip()));
            if (parent) {
                String p = xml.string("string(/domainsnapshot/parent/name)");
                t.row(s.getName(), time, state == null ? "" : state, p == null ? "" : p);
            } else {
                t.row(s.getName(), time, state == null ? "" : state);
            }
        }
        t.print(ctl);
        return true;
    }

    private static boolean revert(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        int flags = (cmd.has("running") ? 1 : 0) | (cmd.has("paused") ? 2 : 0) | (cmd.has("force") ? 4 : 0)
                | (cmd.has("reset-nvram") ? 8 : 0);
        DomainSnapshot snap = lookup(ctl, cmd, "snapshotname", false, dom);
        if (snap == null) {
            return false;
        }
        snap.revert(flags);
        ctl.printExtra(String.format("Domain snapshot %s reverted\n", snap.getName()));
        return true;
    }

    private static boolean delete(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        DomainSnapshot snap = lookup(ctl, cmd, "snapshotname", true, dom);
        if (snap == null) {
            return false;
        }
        int flags = (cmd.has("children") ? 1 : 0) | (cmd.has("metadata") ? 2 : 0)
                | (cmd.has("children-only") ? 4 : 0);
        try {
            snap.delete(flags);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to delete snapshot %s", snap.getName());
        }
        ctl.printExtra(String.format((flags & 4) != 0 ? "Domain snapshot %s children deleted\n"
                : "Domain snapshot %s deleted\n", snap.getName()));
        return true;
    }

    private static boolean dumpxml(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        String name = Options.string(ctl, cmd, "snapshotname");
        DomainSnapshot snap = dom.snapshotLookupByName(name, 0);
        return XPathOutput.print(ctl, cmd, snap.getXMLDesc(cmd.has("security-info") ? Domain.XML_SECURE : 0));
    }
}
