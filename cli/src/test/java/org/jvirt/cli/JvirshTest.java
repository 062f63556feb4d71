package org.jvirt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/**
 * jvirsh as a process: global options, exit codes, command sequencing and the non-terminal shell, with texts
 * verified against virsh 9.0.0. A connector that always fails keeps these tests independent of any driver.
 */
class JvirshTest {
    private record Result(int rc, String out, String err) {}

    private static final Connector NO_DRIVER = (uri, ro) -> {
        throw VirException.of(ErrorNumber.NO_CONNECT, ErrorDomain.NONE, String.valueOf(uri));
    };

    private static Result withInput(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Jvirsh.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                NO_DRIVER);
        return new Result(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Result run(String... args) {
        return withInput("", args);
    }

    @Test
    void versionOptions() {
        assertEquals(new Result(0, "9.0.0\n", ""), run("-v"));
        assertEquals(new Result(0, "9.0.0\n", ""), run("--vers"));
        assertTrue(run("--version=long").out().startsWith("Virsh command line tool of libvirt 9.0.0\n"));
        assertEquals(run("-V"), run("--version=long"));
    }

    @Test
    void badGlobalOptionsFailWithVirshTexts() {
        assertEquals(new Result(1, "", "error: unsupported option '-x'. See --help.\n"), run("-x"));
        assertEquals(new Result(1, "", "error: option '-c'/'--connect' requires an argument\n"), run("-c"));
        assertEquals(new Result(1, "", "error: unsupported option '--k'. See --help.\n"), run("--k", "2"));
        assertEquals(new Result(1, "", "error: unsupported option '-h'. See --help.\n"), run("--help=3"));
        assertEquals(new Result(1, "", "error: option -d takes a numeric argument\n"), run("-d", "x", "echo a"));
        assertEquals(new Result(1, "", "error: option --debug takes a numeric argument\n"),
                run("--debug=x", "echo a"));
        assertEquals(new Result(1, "", "error: option -k requires a positive integer argument\n"),
                run("-k", "-1", "echo a"));
        assertEquals(new Result(1, "", "error: Invalid value for option --keepalive-count\n"),
                run("--keepalive-count=x", "echo a"));
        assertEquals(new Result(1, "", "error: Invalid string '^1' for escape sequence\n"), run("-e", "^1", "echo a"));
    }

    @Test
    void outOfRangeDebugLevelOnlyWarns() {
        assertEquals(new Result(0, "a\n", "error: ignoring debug level 9 out of range [0-4]\n"),
                run("-d", "9", "echo a"));
    }

    @Test
    void eachCommandIsFollowedByABlankLineUnlessQuiet() {
        assertEquals(new Result(0, "a\nb\n", ""), run("echo a;echo b"));
        assertEquals(new Result(0, "ab", ""), run("-q", "echo a; echo b"));
        assertEquals(new Result(0, "a; b\n", ""), run("echo", "a;", "b"));
    }

    @Test
    void timingPrintsDurationAfterEachCommand() {
        Result r = run("-t", "echo a");
        assertTrue(r.out().matches("a\n\\(Time: \\d+\\.\\d{3} ms\\)\n\n"), r.out());
    }

    @Test
    void syntaxErrorRunsNothing() {
        assertEquals(new Result(1, "", "error: unknown command: 'foo'\n"), run("echo a; foo"));
        assertEquals(new Result(1, "", ""), run(""));
    }

    @Test
    void exitCodeIsTheLastCommands() {
        Result r = run("help nosuch; echo a");
        assertEquals(new Result(0, "\na\n", "error: command or command group 'nosuch' doesn't exist\n"), r);
        assertEquals(1, run("echo a; help nosuch").rc());
    }

    @Test
    void quitStopsTheSequence() {
        assertEquals(new Result(0, "a\n", ""), run("echo a; quit; echo b"));
    }

    @Test
    void echoErrGoesToStderr() {
        assertEquals(new Result(0, "\n", "error: oops\n"), run("echo --err oops"));
    }

    @Test
    void cdNeedsInteractiveMode() {
        assertEquals(new Result(1, "\n", "error: cd: command valid only in interactive mode\n"), run("cd /tmp"));
    }

    @Test
    void failedNamedConnectionStopsBeforeAnyCommand() {
        assertEquals(new Result(1, "", "error: failed to connect to the hypervisor\n"
                + "error: no connection driver available for bogus:///x\n"), run("-c", "bogus:///x", "echo a"));
    }

    @Test
    void defaultConnectionIsOpenedOnlyWhenACommandNeedsIt() {
        Result r = run("echo a; uri");
        assertEquals(1, r.rc());
        assertEquals("a\n\n", r.out());
        assertEquals("error: failed to connect to the hypervisor\n"
                + "error: no connection driver available for null\n", r.err());
    }

    @Test
    void shellReadsLinesFromANonTerminalLikeReadline() {
        Result r = withInput("echo hi\nfoo\n", "-c", "test:///", "--readonly");
        // -c fails with this connector: no greeting, exit 1
        assertEquals(1, r.rc());
        Result s = withInput("echo hi\nfoo\n");
        assertEquals(new Result(0, """
                Welcome to virsh, the virtualization interactive terminal.

                Type:  'help' for help with commands
                       'quit' to quit

                virsh # echo hi
                hi
                virsh # foo
                virsh # \n""", "error: unknown command: 'foo'\n"), s);
    }

    @Test
    void quietShellAndQuit() {
        assertEquals(new Result(0, "virsh # echo a\navirsh # quit\n\n", ""), withInput("echo a\nquit\necho b\n", "-q"));
        assertEquals(new Result(0, "virsh # \n", ""), withInput("", "-q"));
    }

    @Test
    void usageListsEveryGroup() {
        Result r = run("-h");
        assertEquals(0, r.rc());
        assertTrue(r.out().contains(" Virsh itself (help keyword 'virsh')\n    cd "), r.out());
        assertTrue(r.out().endsWith("  (specify help <command> for details about the command)\n\n"));
    }
}
