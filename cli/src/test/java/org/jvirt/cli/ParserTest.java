package org.jvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.jvirt.cli.def.CommandTable;

/** The command parser against texts and splits verified with virsh 9.0.0. */
class ParserTest {
    private final List<String> errors = new ArrayList<>();
    private final Parser parser = new Parser(CommandTable.virsh(), errors::add);

    private List<Cmd> ok(String line) {
        Optional<List<Cmd>> r = parser.parseString(line);
        assertTrue(r.isPresent(), () -> "parse failed: " + errors);
        return r.get();
    }

    private String fails(String line) {
        assertTrue(parser.parseString(line).isEmpty(), "parse should fail: " + line);
        return String.join("\n", errors);
    }

    @Test
    void semicolonsAndNewlinesSeparateCommands() {
        List<Cmd> cmds = ok("list --all; dominfo test\nuri");
        assertEquals(List.of("list", "dominfo", "uri"), cmds.stream().map(Cmd::name).toList());
        assertTrue(cmds.get(0).has("all"));
        assertEquals("test", cmds.get(1).raw("domain"));
    }

    @Test
    void quotesAndBackslashesGroupWords() {
        Cmd c = ok("echo \"a b\" 'c;d' e\\;f 'x\\y' \"q\\\"r\"").getFirst();
        assertEquals(List.of("a b", "c;d", "e;f", "x\\y", "q\"r"), c.argv("string"));
    }

    @Test
    void hashStartsACommentUpToNewline() {
        List<Cmd> cmds = ok("echo a # b; echo c\necho d");
        assertEquals(2, cmds.size());
        assertEquals(List.of("a"), cmds.get(0).argv("string"));
        assertEquals(List.of("d"), cmds.get(1).argv("string"));
    }

    @Test
    void optionValueByEqualsOrNextWord() {
        assertEquals("5", ok("setmem --domain test --size=5").getFirst().raw("size"));
        assertEquals("test", ok("setmem --size 5 --domain test").getFirst().raw("domain"));
    }

    @Test
    void positionalArgumentsFillOptionsInDefinitionOrder() {
        Cmd c = ok("attach-disk dom src vdb --cache none").getFirst();
        assertEquals("dom", c.raw("domain"));
        assertEquals("src", c.raw("source"));
        assertEquals("vdb", c.raw("target"));
        assertEquals("none", c.raw("cache"));
        // an optional string option is positional too, unless it must be named
        Cmd d = ok("domblkinfo test vda").getFirst();
        assertEquals("vda", d.raw("device"));
    }

    @Test
    void doubleDashMakesTheRestData() {
        Cmd c = ok("echo -- --all --x").getFirst();
        assertEquals(List.of("--all", "--x"), c.argv("string"));
    }

    @Test
    void aliasOptionsResolveToTheirTarget() {
        assertEquals(List.of("hello"), ok("echo --hi").getFirst().argv("string"));
        assertEquals("5", ok("setmem test --kilobytes 5").getFirst().raw("size"));
        assertEquals("invalid '=' after option --hi", fails("echo --hi=3"));
    }

    @Test
    void aliasCommandsRunTheirTarget() {
        assertEquals("nodedev-detach", ok("nodedev-dettach pci_0000_00_00_0").getFirst().name());
    }

    @Test
    void helpOptionTurnsIntoHelpCommand() {
        Cmd c = ok("dominfo --help").getFirst();
        assertEquals("help", c.name());
        assertEquals("dominfo", c.raw("command"));
    }

    @Test
    void errorTextsMatchVirsh() {
        assertEquals("unknown command: 'foo'", fails("foo"));
        errors.clear();
        assertEquals("command 'list' doesn't support option --bogus", fails("list --bogus"));
        errors.clear();
        assertEquals("command 'dominfo' requires <domain> option", fails("dominfo"));
        errors.clear();
        assertEquals("missing \"", fails("echo \"abc"));
        errors.clear();
        assertEquals("dangling \\", fails("echo abc\\"));
        errors.clear();
        assertEquals("invalid '=' after option --all", fails("list --all=3"));
        errors.clear();
        assertEquals("unexpected data 'test2'", fails("dominfo test test2"));
        errors.clear();
        assertEquals("expected syntax: --domain <string>", fails("dominfo --domain"));
        errors.clear();
        assertEquals("option --domain already seen", fails("dominfo --domain test --domain x"));
        errors.clear();
        assertEquals("expected syntax: --size <number>", fails("setmem test --size"));
    }

    @Test
    void everyMissingRequiredOptionIsReported() {
        fails("attach-disk");
        assertEquals(List.of("command 'attach-disk' requires <domain> option",
                "command 'attach-disk' requires <source> option",
                "command 'attach-disk' requires <target> option"), errors);
    }

    @Test
    void oneSyntaxErrorRejectsTheWholeLine() {
        fails("list; foo");
        assertEquals(List.of("unknown command: 'foo'"), errors);
    }

    @Test
    void argvModeTakesWordsVerbatim() {
        Optional<List<Cmd>> r = parser.parseArgv(List.of("echo", "a;b", "'c'"));
        assertEquals(List.of("a;b", "'c'"), r.orElseThrow().getFirst().argv("string"));
    }

    @Test
    void emptyStringIsRejectedSilently() {
        assertTrue(parser.parseString("").isEmpty());
        assertTrue(errors.isEmpty());
        assertEquals(List.of(), ok(" ; "));
    }

    @Test
    void unknownOptionsAndDataAreIgnoredByHelp() {
        Cmd c = ok("help list --foo extra").getFirst();
        assertEquals("list", c.raw("command"));
    }
}
