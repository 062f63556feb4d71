package org.jvirt.cli;

import java.io.InputStream;
import java.io.PrintStream;

/** jvirsh: virsh's command line on jvirt's API. */
public final class Jvirsh {
    private Jvirsh() {}

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /**
     * Runs jvirsh as a process would, with the given streams: returns the exit code virsh would return.
     * Everything jvirsh prints goes through {@code out} and {@code err}; nothing here calls System.exit.
     */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        err.println("error: jvirsh is not implemented yet");
        return 1;
    }
}
