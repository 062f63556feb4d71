package org.jvirt.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jvirt.cli.def.CmdDef;
import org.jvirt.cli.def.CmdGroup;

/** The "Virsh itself" group (virsh.c and vsh.c): help, echo, cd, pwd, quit, exit, connect, self-test, complete. */
final class VirshCommands {
    private VirshCommands() {}

    static void register(Map<String, Handler> m) {
        m.put("help", VirshCommands::help);
        m.put("echo", VirshCommands::echo);
        m.put("cd", VirshCommands::cd);
        m.put("pwd", VirshCommands::pwd);
        m.put("quit", VirshCommands::quit);
        m.put("exit", VirshCommands::quit);
        m.put("self-test", VirshCommands::selfTest);
    }

    private static boolean help(Ctl ctl, Cmd cmd) {
        String name = cmd.raw("command");
        if (name == null || name.isEmpty()) {
            ctl.print(Help.all(ctl.table()));
            return true;
        }
        CmdDef def = ctl.table().command(name);
        if (def != null) {
            if (def.isAlias()) {
                def = ctl.table().command(def.aliasTarget());
            }
            ctl.print(Help.command(def));
            return true;
        }
        CmdGroup g = ctl.table().group(name);
        if (g != null) {
            ctl.print(Help.group(g));
            return true;
        }
        ctl.errorf("command or command group '%s' doesn't exist", name);
        return false;
    }

    private static boolean echo(Ctl ctl, Cmd cmd) {
        boolean shell = cmd.has("shell");
        boolean xml = cmd.has("xml");
        boolean err = cmd.has("err");
        boolean split = cmd.has("split");
        if (!Options.exclusive(ctl, cmd, "shell", "xml") || !Options.exclusive(ctl, cmd, "shell", "split")
                || !Options.exclusive(ctl, cmd, "xml", "split")) {
            return false;
        }
        StringBuilder buf = new StringBuilder();
        for (String arg : cmd.argv("string")) {
            if (xml) {
                buf.append(Escapes.xml(arg));
            } else if (shell) {
                buf.append(Escapes.shell(arg));
            } else if (split) {
                for (String part : Escapes.splitCommas(arg)) {
                    buf.append(part).append('\n');
                }
            } else {
                buf.append(arg);
            }
            buf.append(' ');
        }
        int end = buf.length();
        while (end > 0 && buf.charAt(end - 1) == ' ') {
            end--;
        }
        String text = buf.substring(0, end);
        if (!text.isEmpty()) {
            if (err) {
                ctl.error(text);
            } else {
                ctl.print(text);
            }
        }
        return true;
    }

    private static boolean cd(Ctl ctl, Cmd cmd) {
        if (!ctl.interactive()) {
            ctl.error("cd: command valid only in interactive mode");
            return false;
        }
        String dir = cmd.raw("dir");
        if (dir == null || dir.isEmpty()) {
            dir = System.getProperty("user.home", "/");
        }
        Path target = ctl.file(dir).normalize();
        if (!Files.exists(target)) {
            ctl.errorf("cd: %s: %s", "No such file or directory", dir);
            return false;
        }
        if (!Files.isDirectory(target)) {
            ctl.errorf("cd: %s: %s", "Not a directory", dir);
            return false;
        }
        ctl.cwd(target);
        return true;
    }

    private static boolean pwd(Ctl ctl, Cmd cmd) {
        ctl.print(ctl.cwd() + "\n");
        return true;
    }

    private static boolean quit(Ctl ctl, Cmd cmd) {
        ctl.interactive(false);
        return true;
    }

    /** virsh checks its own tables here; jvirsh's table is data checked by unit tests, so there is nothing to do. */
    private static boolean selfTest(Ctl ctl, Cmd cmd) {
        return true;
    }

    static List<String> names(CmdGroup g) {
        return g.commands().stream().map(CmdDef::name).toList();
    }
}
