package org.jvirt.cli.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jvirt.api.Domain;
import org.jvirt.api.DomainCheckpoint;
import org.jvirt.cli.Cmd;
import org.jvirt.cli.Ctl;
import org.jvirt.cli.Escapes;
import org.jvirt.cli.Handler;
import org.jvirt.cli.Options;
import org.jvirt.cli.VshTable;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/** The "Checkpoint" group (virsh-checkpoint.c). */
final class CheckpointCommands {
    static final int LIST_ROOTS = 1;
    static final int LIST_DESCENDANTS = 1;
    static final int LIST_TOPOLOGICAL = 2;
    static final int LIST_LEAVES = 4;
    static final int LIST_NO_LEAVES = 8;

    private CheckpointCommands() {}

    static void register(Map<String, Handler> m) {
        m.put("checkpoint-create-as", CheckpointCommands::createAs);
        m.put("checkpoint-create", CheckpointCommands::create);
        m.put("checkpoint-delete", CheckpointCommands::delete);
        m.put("checkpoint-dumpxml", CheckpointCommands::dumpxml);
        m.put("checkpoint-info", CheckpointCommands::info);
        m.put("checkpoint-list", CheckpointCommands::list);
        m.put("checkpoint-parent", CheckpointCommands::parent);
    }

    private static int createFlags(Cmd cmd) {
        return (has(cmd, "redefine") ? 1 : 0) | (cmd.has("quiesce") ? 2 : 0) | (has(cmd, "redefine-validate") ? 4 : 0);
    }

    private static boolean has(Cmd cmd, String opt) {
        return cmd.def().option(opt) != null && cmd.has(opt);
    }

    /** virshParseCheckpointDiskspec: "disk[,checkpoint=type][,bitmap=name]". */
    private static boolean diskspec(Ctl ctl, StringBuilder buf, String str) {
        List<String> a = Escapes.splitCommas(str);
        String checkpoint = null;
        String bitmap = null;
        for (String s : a.subList(1, a.size())) {
            if (checkpoint == null && s.startsWith("checkpoint=")) {
                checkpoint = s.substring(11);
            } else if (bitmap == null && s.startsWith("bitmap=")) {
                bitmap = s.substring(7);
            } else {
                ctl.errorf("unable to parse diskspec: %s", str);
                return false;
            }
        }
        buf.append("    <disk name='").append(Escapes.xml(a.getFirst())).append('\'');
        if (checkpoint != null) {
            buf.append(" checkpoint='").append(checkpoint).append('\'');
        }
        if (bitmap != null) {
            buf.append(" bitmap='").append(bitmap).append('\'');
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
        StringBuilder buf = new StringBuilder("<domaincheckpoint>\n");
        if (name != null) {
            buf.append("  <name>").append(Escapes.xml(name)).append("</name>\n");
        }
        if (desc != null) {
            buf.append("  <description>").append(Escapes.xml(desc)).append("</description>\n");
        }
        if (cmd.has("diskspec")) {
            buf.append("  <disks>\n");
            for (String d : cmd.argv("diskspec")) {
                if (!diskspec(ctl, buf, d)) {
                    return false;
                }
            }
            buf.append("  </disks>\n");
        }
        buf.append("</domaincheckpoint>\n");
        if (cmd.has("print-xml")) {
            ctl.print(buf + "\n");
            return true;
        }
        DomainCheckpoint chk = dom.checkpointCreateXML(buf.toString(), createFlags(cmd));
        ctl.printExtra(String.format("Domain checkpoint %s created", chk.getName()));
        return true;
    }

    private static boolean create(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        String from = Options.string(ctl, cmd, "xmlfile");
        String xml = from == null ? "<domaincheckpoint/>" : Util.readFile(ctl, from);
        DomainCheckpoint chk = dom.checkpointCreateXML(xml, createFlags(cmd));
        if (from != null) {
            ctl.printExtra(String.format("Domain checkpoint %s created from '%s'", chk.getName(), from));
        } else {
            ctl.printExtra(String.format("Domain checkpoint %s created", chk.getName()));
        }
        return true;
    }

    /** virshLookupCheckpoint: the named checkpoint, the libvirt error left pending on failure. */
    private static DomainCheckpoint lookup(Ctl ctl, Cmd cmd, String arg, Domain dom) {
        String name = Options.string(ctl, cmd, arg);
        if (name == null) {
            ctl.errorf("--%s is required", arg);
            return null;
        }
        try {
            return dom.checkpointLookupByName(name, 0);
        } catch (VirException e) {
            ctl.setLastError(e);
            return null;
        }
    }

    static String parentName(DomainCheckpoint chk) {
        try {
            return chk.getParent(0).getName();
        } catch (VirException e) {
            if (e.code() == ErrorNumber.NO_DOMAIN_CHECKPOINT) {
                return null;
            }
            throw e;
        }
    }

    private static boolean delete(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        DomainCheckpoint chk = lookup(ctl, cmd, "checkpointname", dom);
        if (chk == null) {
            return false;
        }
        int flags = (cmd.has("children") ? 1 : 0) | (cmd.has("metadata") ? 2 : 0)
                | (cmd.has("children-only") ? 4 : 0);
        try {
            chk.delete(flags);
        } catch (VirException e) {
            return Util.fail(ctl, e, "Failed to delete checkpoint %s", chk.getName());
        }
        ctl.printExtra(String.format((flags & 4) != 0 ? "Domain checkpoint %s children deleted\n"
                : "Domain checkpoint %s deleted\n", chk.getName()));
        return true;
    }

    private static boolean dumpxml(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        DomainCheckpoint chk = lookup(ctl, cmd, "checkpointname", dom);
        if (chk == null) {
            return false;
        }
        int flags = (cmd.has("security-info") ? 1 : 0) | (cmd.has("no-domain") ? 2 : 0) | (cmd.has("size") ? 4 : 0);
        return XPathOutput.print(ctl, cmd, chk.getXMLDesc(flags));
    }

    private static boolean info(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        DomainCheckpoint chk = lookup(ctl, cmd, "checkpointname", dom);
        if (chk == null) {
            return false;
        }
        ctl.printf("%-15s %s\n", "Name:", chk.getName());
        ctl.printf("%-15s %s\n", "Domain:", dom.getName());
        String parent = parentName(chk);
        ctl.printf("%-15s %s\n", "Parent:", parent == null ? "-" : parent);
        int children;
        try {
            children = chk.listAllChildren(0).size();
        } catch (VirException e) {
            if (e.code() == ErrorNumber.NO_SUPPORT) {
                return true;
            }
            throw e;
        }
        ctl.printf("%-15s %d\n", "Children:", children);
        ctl.printf("%-15s %d\n", "Descendants:", chk.listAllChildren(LIST_DESCENDANTS).size());
        return true;
    }

    private static boolean list(Ctl ctl, Cmd cmd) {
        boolean tree = cmd.has("tree");
        boolean name = cmd.has("name");
        boolean parent = cmd.has("parent");
        boolean roots = cmd.has("roots");
        boolean from = cmd.has("from");
        String[][] excl = {{"tree", "name"}, {"parent", "roots"}, {"parent", "tree"}, {"roots", "tree"},
            {"roots", "from"}};
        for (String[] e : excl) {
            if (!Options.exclusive(ctl, cmd, e[0], e[1])) {
                return false;
            }
        }
        int flags = 0;
        for (String[] f : new String[][] {{"leaves", "4"}, {"no-leaves", "8"}}) {
            if (cmd.has(f[0])) {
                if (tree) {
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
            if (!from) {
                ctl.error("--descendants requires --from");
                return false;
            }
            flags |= LIST_DESCENDANTS;
        }
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        List<DomainCheckpoint> chks;
        if (from) {
            DomainCheckpoint start = lookup(ctl, cmd, "from", dom);
            if (start == null) {
                return false;
            }
            chks = new ArrayList<>(start.listAllChildren(flags));
        } else {
            chks = new ArrayList<>(dom.listAllCheckpoints(flags));
        }
        if ((flags & LIST_TOPOLOGICAL) == 0) {
            chks.sort((a, b) -> String.CASE_INSENSITIVE_ORDER.compare(a.getName(), b.getName()));
        }
        List<String> names = chks.stream().map(DomainCheckpoint::getName).toList();
        if (tree) {
            List<String> parents = new ArrayList<>();
            for (DomainCheckpoint c : chks) {
                parents.add(parentName(c));
            }
            ctl.print(TreePrinter.forest(names, parents));
            return true;
        }
        if (name) {
            ctl.print(TreePrinter.lines(names));
            return true;
        }
        VshTable t = parent ? new VshTable("Name", "Creation Time", "Parent") : new VshTable("Name", "Creation Time");
        for (DomainCheckpoint c : chks) {
            Xml xml = Xml.parse(c.getXMLDesc(0));
            String created = xml.string("string(/domaincheckpoint/creationTime)");
            if (created == null) {
                continue;
            }
            String time = SnapshotCommands.creationTime(Long.parseLong(created.strip()));
            if (parent) {
                String p = xml.string("string(/domaincheckpoint/parent/name)");
                t.row(c.getName(), time, p == null ? "" : p);
            } else {
                t.row(c.getName(), time);
            }
        }
        t.print(ctl);
        return true;
    }

    private static boolean parent(Ctl ctl, Cmd cmd) {
        Domain dom = Lookup.domain(ctl, cmd);
        if (dom == null) {
            return false;
        }
        DomainCheckpoint chk = lookup(ctl, cmd, "checkpointname", dom);
        if (chk == null) {
            return false;
        }
        String parent = parentName(chk);
        if (parent == null) {
            ctl.errorf("checkpoint '%s' has no parent", chk.getName());
            return false;
        }
        ctl.print(parent);
        return true;
    }
}
