package org.jvirt.host;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The test double of {@link CommandRunner}, like libvirt's virCommandSetDryRun: nothing runs; each command is
 * recorded (and its {@link Command#display()} line kept, the text libvirt's tests compare), and a responder decides
 * what the "process" printed and how it exited. The exit check is the real one, so error paths read the same.
 */
public final class RecordingCommandRunner implements CommandRunner {
    private final List<Command> commands = new ArrayList<>();
    private final Function<Command, CommandResult> responder;

    /** Every command succeeds with empty output. */
    public RecordingCommandRunner() {
        this(cmd -> CommandResult.ok(""));
    }

    public RecordingCommandRunner(Function<Command, CommandResult> responder) {
        this.responder = responder;
    }

    @Override
    public synchronized CommandResult run(Command cmd) {
        commands.add(cmd);
        return CommandRunner.check(cmd, responder.apply(cmd));
    }

    public synchronized List<Command> commands() {
        return List.copyOf(commands);
    }

    /** The dry-run log: one {@link Command#display()} line per command, in order. */
    public synchronized String log() {
        StringBuilder b = new StringBuilder();
        for (Command c : commands) {
            b.append(c.display()).append('\n');
        }
        return b.toString();
    }

    public synchronized void clear() {
        commands.clear();
    }
}
