package org.jvirt.cli.def;

import java.util.List;

/**
 * A group of commands as listed by virsh's {@code help} (virsh's vshCmdGrp).
 *
 * @param name the title, e.g. "Domain Management"
 * @param keyword the name {@code help KEYWORD} accepts, e.g. "domain"
 * @param commands the commands in virsh's listing order
 */
public record CmdGroup(String name, String keyword, List<CmdDef> commands) {
    public CmdGroup {
        commands = List.copyOf(commands);
    }
}
