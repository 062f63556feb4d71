package org.jvirt.host;

import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/**
 * Runs a command to completion (libvirt's virCommandRun). The one I/O edge for {@code ip}, {@code qemu-img},
 * {@code dnsmasq --test} and the like: production code gets {@link ProcessCommandRunner}, tests a {@link
 * RecordingCommandRunner}.
 */
public interface CommandRunner {

    /**
     * Runs {@code cmd} and returns its result. A non-zero exit raises libvirt's "Child process (CMD) unexpected exit
     * status N: STDERR" unless {@link Command#allowFailure()}; a missing program raises "Cannot find 'X' in path".
     */
    CommandResult run(Command cmd);

    /** Convenience: run and return stdout. */
    default String output(String... argv) {
        return run(Command.of(argv)).stdout();
    }

    /**
     * Applies libvirt's exit check (virCommandWait) to a finished command: with failure not allowed, a non-zero
     * status becomes VIR_ERR_INTERNAL_ERROR "Child process (CMD) unexpected exit status N[: stderr]".
     */
    static CommandResult check(Command cmd, CommandResult result) {
        if (result.exitStatus() == 0 || cmd.allowFailure()) {
            return result;
        }
        String err = result.stderr();
        boolean haveErr = err != null && !err.isEmpty();
        throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.NONE,
                "Child process (" + cmd.display() + ") unexpected " + translateStatus(result.exitStatus())
                        + (haveErr ? ": " + err : ""));
    }

    /**
     * virProcessTranslateStatus. The JDK folds "killed by signal N" into 128+N, so a status in 129..192 is reported
     * as a fatal signal; a program that really exits with such a code is misreported the same way a shell would.
     */
    static String translateStatus(int status) {
        if (status > 128 && status <= 128 + 64) {
            return "fatal signal " + (status - 128);
        }
        return "exit status " + status;
    }
}
