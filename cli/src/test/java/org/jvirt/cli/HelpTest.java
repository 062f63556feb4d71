package org.jvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.jvirt.cli.def.CmdDef;
import org.jvirt.cli.def.CmdGroup;
import org.jvirt.cli.def.CommandTable;
import org.jvirt.cli.def.OptDef;
import org.jvirt.cli.def.OptType;

/** Help texts: fixed samples verified with virsh 9.0.0, and every command against the installed virsh if any. */
class HelpTest {
    private final CommandTable table = CommandTable.virsh();

    @Test
    void commandHelpHasNameSynopsisDescriptionAndOptions() {
        assertEquals("""
                  NAME
                    net-info - network information

                  SYNOPSIS
                    net-info <network>

                  DESCRIPTION
                    Returns basic information about the network

                  OPTIONS
                    [--network] <string>  network name or uuid

                """, Help.command(table.command("net-info")));
    }

    @Test
    void argvAfterPositionalOptionShowsOptionalName() {
        String h = Help.command(table.command("snapshot-create-as"));
        assertEquals(true, h.contains(" [--memspec <string>] [[--diskspec] <string>]...\n"), h);
        assertEquals(true, h.contains("    [--diskspec] <string>  disk attributes: "), h);
        String c = Help.command(table.command("complete"));
        assertEquals(true, c.contains("    complete [<string>]...\n"), c);
        assertEquals(true, c.contains("    <string>         partial string to autocomplete\n"), c);
    }

    @Test
    void aliasOptionsAreNotDocumented() {
        String h = Help.command(table.command("setmem"));
        assertEquals(false, h.contains("kilobytes"), h);
        assertEquals(true, h.contains("    setmem <domain> <size> [--config] [--live] [--current]\n"), h);
        assertEquals(true, h.contains("    [--size] <number>  new memory size, as scaled integer (default KiB)\n"), h);
    }

    @Test
    void groupListingSkipsAliasesAndInternalCommands() {
        String g = Help.group(table.group("virsh"));
        assertEquals("""
                 Virsh itself (help keyword 'virsh'):
                    cd                             change the current directory
                    echo                           echo arguments. Used for internal testing.
                    exit                           quit this interactive terminal
                    help                           print help
                    pwd                            print the current directory
                    quit                           quit this interactive terminal
                    connect                        (re)connect to hypervisor
                """, g);
        assertEquals(false, Help.group(table.group("nodedev")).contains("nodedev-dettach"));
    }

    @Test
    void groupsAreFoundByKeywordOrTitle() {
        assertNotNull(table.group("network"));
        assertNotNull(table.group("Networking"));
        assertEquals(null, table.group("virsh-domain"));
    }

    @Test
    void tableHasEveryVirshCommand() {
        int n = 0;
        for (CmdGroup g : table.groups()) {
            n += g.commands().size();
        }
        assertEquals(277, n);
        assertEquals(15, table.groups().size());
    }

    @Test
    void aliasOptionsNameExistingOptions() {
        for (CmdGroup g : table.groups()) {
            for (CmdDef c : g.commands()) {
                for (OptDef o : c.opts()) {
                    if (o.type() == OptType.ALIAS) {
                        String target = o.help().split("=", 2)[0];
                        assertNotNull(c.option(target), c.name() + " --" + o.name());
                    }
                }
                if (c.isAlias()) {
                    assertNotNull(table.command(c.aliasTarget()), c.name());
                }
            }
        }
    }

    /** Each command's help, each group's and the full listing, byte for byte against the installed virsh. */
    @Test
    void everyHelpTextMatchesInstalledVirsh() throws Exception {
        Path virsh = Path.of("/usr/bin/virsh");
        assumeTrue(Files.isExecutable(virsh), "virsh is not installed: nothing to compare with");
        StringBuilder script = new StringBuilder("help");
        StringBuilder expected = new StringBuilder(Help.all(table)).append('\n');
        List<String> names = new ArrayList<>();
        for (CmdGroup g : table.groups()) {
            script.append("; help ").append(g.keyword());
            expected.append(Help.group(g)).append('\n');
            for (CmdDef c : g.commands()) {
                names.add(c.name());
                script.append("; help ").append(c.name());
                CmdDef d = c.isAlias() ? table.command(c.aliasTarget()) : c;
                expected.append(Help.command(d)).append('\n');
            }
        }
        assertEquals(expected.toString(), runVirsh(virsh, script.toString()), "commands: " + names.size());
    }

    @Test
    void usageMatchesInstalledVirsh() throws Exception {
        Path virsh = Path.of("/usr/bin/virsh");
        assumeTrue(Files.isExecutable(virsh), "virsh is not installed: nothing to compare with");
        Process p = new ProcessBuilder(virsh.toString(), "-h").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        assertEquals(out, Help.usage(table));
    }

    private static String runVirsh(Path virsh, String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(virsh.toString(), "-c", "test:///default", script)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }
}
