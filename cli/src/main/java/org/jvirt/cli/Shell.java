package org.jvirt.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * virsh's interactive mode: a greeting, then one line at a time until EOF or {@code quit}. On a terminal the line
 * editor is JLine (history, completion of commands and options); otherwise lines are read from the input stream
 * and, like readline does when stdin is not a terminal, each prompt and line is echoed to the output.
 */
final class Shell {
    private final Ctl ctl;
    private final Jvirsh runner;
    private final Parser parser;

    Shell(Ctl ctl, Jvirsh runner, Parser parser) {
        this.ctl = ctl;
        this.runner = runner;
        this.parser = parser;
    }

    void run() {
        if (!ctl.quiet()) {
            ctl.print("Welcome to virsh, the virtualization interactive terminal.\n\n");
            ctl.print("Type:  'help' for help with commands\n       'quit' to quit\n\n");
        }
        if (ctl.in() == System.in && System.console() != null && System.console().isTerminal()) {
            runTerminal();
        } else {
            runStream();
        }
        ctl.print("\n");
    }

    private String prompt() {
        return ctl.readonly() ? "virsh > " : "virsh # ";
    }

    private void runLine(String line) {
        if (line.isEmpty()) {
            return;
        }
        Optional<List<Cmd>> cmds = parser.parseString(line);
        cmds.ifPresent(runner::runCommands);
    }

    private void runStream() {
        BufferedReader r = new BufferedReader(new InputStreamReader(ctl.in(), StandardCharsets.UTF_8));
        try {
            while (true) {
                ctl.print(prompt());
                String line = r.readLine();
                if (line == null) {
                    break;
                }
                ctl.print(line + "\n");
                runLine(line);
                if (!ctl.interactive()) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void runTerminal() {
        // The exec provider needs no native access, so the JVM prints no restricted-method warnings.
        try (Terminal terminal = TerminalBuilder.builder().system(true).provider("exec").build()) {
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("jvirsh")
                    .completer(new ShellCompleter(ctl.table()))
                    .variable(LineReader.HISTORY_FILE, historyFile())
                    .variable(LineReader.HISTORY_SIZE, 500)
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                    .build();
            while (true) {
                String line;
                try {
                    line = reader.readLine(prompt());
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                runLine(line);
                ctl.out().flush();
                if (!ctl.interactive()) {
                    break;
                }
            }
            reader.getHistory().save();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** virsh keeps its history in $XDG_CACHE_HOME/virsh/history; jvirsh keeps its own beside it. */
    private static Path historyFile() {
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isEmpty() ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("jvirsh").resolve("history");
    }
}
