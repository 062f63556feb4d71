package org.jvirt.cli.def;

import static org.jvirt.cli.def.CmdDef.NOCONNECT;
import static org.jvirt.cli.def.CmdDef.cmd;
import static org.jvirt.cli.def.OptDef.*;

import java.util.List;

/**
 * Definitions of virsh's "Virsh itself" group (tools/virsh.c):
 * names, options in virsh's order, flags and help texts, as virsh 9.0.0 declares them.
 * Option order matters: positional arguments fill the non-boolean options in this order.
 */
final class VirshDefs {
    private VirshDefs() {}

    static final List<CmdDef> COMMANDS = List.of(
        cmd("cd", NOCONNECT, "change the current directory", "Change the current directory.",
            string("dir", 0, "directory to switch to (default: home or else root)")),
        cmd("echo", NOCONNECT, "echo arguments. Used for internal testing.",
            "Echo back arguments, possibly with quoting. Used for internal testing.",
            bool("shell", "escape for shell use"),
            bool("xml", "escape for XML use"),
            bool("split", "split each argument on ','; ',,' is an escape sequence"),
            bool("err", "output to stderr"),
            alias("str", "string"),
            alias("hi", "string=hello"),
            argv("string", 0, "arguments to echo")),
        cmd("exit", NOCONNECT, "quit this interactive terminal", ""),
        cmd("help", NOCONNECT, "print help",
            "Prints global help, command specific help, or help for a\n    group of related commands",
            string("command", COMPLETER, "Prints global help, command specific help, or help for a group of related commands")),
        cmd("pwd", NOCONNECT, "print the current directory", "Print the current directory."),
        cmd("quit", NOCONNECT, "quit this interactive terminal", ""),
        cmd("self-test", NOCONNECT, "internal command for testing virt shells", "internal use only",
            bool("completers-missing", "output the list of options which are missing completers")),
        cmd("complete", NOCONNECT, "internal command for autocompletion", "internal use only",
            argv("string", EMPTY_OK, "partial string to autocomplete")),
        cmd("connect", NOCONNECT, "(re)connect to hypervisor",
            "Connect to local hypervisor. This is built-in command after shell start up.",
            string("name", EMPTY_OK | COMPLETER, "hypervisor connection URI"),
            bool("readonly", "read-only connection")));
}
