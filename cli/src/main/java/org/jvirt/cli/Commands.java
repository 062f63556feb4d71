package org.jvirt.cli;

import java.util.HashMap;
import java.util.Map;

/**
 * The implemented commands by name. A command of the table without an entry here fails as a libvirt driver without
 * the function would (VIR_ERR_NO_SUPPORT).
 */
final class Commands {
    private Commands() {}

    static Map<String, Handler> handlers() {
        Map<String, Handler> m = new HashMap<>();
        VirshCommands.register(m);
        org.jvirt.cli.commands.Registry.registerAll(m);
        return m;
    }
}
