package org.jvirt.host;

/**
 * What a finished command left: its exit status as the JDK reports it (0-255 for a normal exit, 128+N when killed
 * by signal N), and its captured output decoded as UTF-8.
 */
public record CommandResult(int exitStatus, String stdout, String stderr) {

    public static CommandResult ok(String stdout) {
        return new CommandResult(0, stdout, "");
    }

    public boolean succeeded() {
        return exitStatus == 0;
    }
}
