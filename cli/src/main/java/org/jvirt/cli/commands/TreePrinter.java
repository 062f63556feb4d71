package org.jvirt.cli.commands;

import java.util.List;

/** virsh's vshTreePrint: a node, then its children drawn with "|" and "+-", as snapshot-list --tree shows. */
final class TreePrinter {
    private TreePrinter() {}

    /** Prints the tree rooted at {@code root}; {@code parents.get(i)} is the parent name of {@code names.get(i)}. */
    static void print(StringBuilder out, List<String> names, List<String> parents, int root) {
        internal(out, names, parents, root, root, true, new StringBuilder());
    }

    private static void internal(StringBuilder out, List<String> names, List<String> parents, int devid, int lastdev,
                                 boolean root, StringBuilder indent) {
        String dev = names.get(devid);
        out.append(indent).append(root ? "" : "+- ").append(dev).append('\n');
        if (!root) {
            indent.append(devid == lastdev ? ' ' : '|').append(' ');
        }
        int nextlastdev = -1;
        for (int i = 0; i < names.size(); i++) {
            if (dev.equals(parents.get(i))) {
                nextlastdev = i;
            }
        }
        if (nextlastdev != -1) {
            out.append(indent).append("  |\n");
        }
        indent.append("  ");
        for (int i = 0; i < names.size(); i++) {
            if (dev.equals(parents.get(i))) {
                internal(out, names, parents, i, nextlastdev, false, indent);
            }
        }
        if (indent.length() >= 2 && indent.substring(indent.length() - 2).equals("  ")) {
            indent.setLength(indent.length() - 2);
        }
        if (nextlastdev == -1 && devid == lastdev) {
            out.append(indent).append('\n');
        }
        if (!root) {
            indent.setLength(Math.max(0, indent.length() - 2));
        }
    }

    /**
     * virsh's --tree listing of snapshots or checkpoints: every object whose parent is not in the list starts a
     * tree, printed with its descendants.
     */
    static String forest(List<String> names, List<String> parents) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            if (parents.get(i) == null || !names.contains(parents.get(i))) {
                print(sb, names, parents, i);
            }
        }
        return sb.toString();
    }

    /** One name a line, as virsh's --name listings. */
    static String lines(List<String> names) {
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
            sb.append(n).append('\n');
        }
        return sb.toString();
    }
}
