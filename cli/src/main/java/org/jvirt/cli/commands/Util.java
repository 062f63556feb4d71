package org.jvirt.cli.commands;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.jvirt.cli.Ctl;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/** Small helpers shared by command implementations (virsh-util.c). */
final class Util {
    private Util() {}

    /** A VirException becomes the pending error and the command's message is printed (virsh's usual pattern). */
    static boolean fail(Ctl ctl, VirException e, String format, Object... args) {
        ctl.setLastError(e);
        ctl.errorf(format, args);
        return false;
    }

    /**
     * virFileReadAll as virsh uses it to read XML files: the content, or a pending libvirt system error such as
     * "Failed to open file 'x': No such file or directory".
     */
    static String readFile(Ctl ctl, String name) {
        try {
            byte[] data = Files.readAllBytes(ctl.file(name));
            if (data.length > 10 * 1024 * 1024) {
                throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.NONE,
                        "File '" + name + "' is too large");
            }
            return new String(data, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw system("Failed to open file '" + name + "': No such file or directory");
        } catch (java.nio.file.AccessDeniedException e) {
            throw system("Failed to open file '" + name + "': Permission denied");
        } catch (IOException e) {
            if (java.nio.file.Files.isDirectory(ctl.file(name))) {
                throw system("Failed to read file '" + name + "': Is a directory");
            }
            throw system("Failed to read file '" + name + "': " + e.getMessage());
        }
    }

    /** VIR_ERR_SYSTEM_ERROR: libvirt prints the detail alone. */
    static VirException system(String detail) {
        return new VirException(ErrorNumber.SYSTEM_ERROR, ErrorDomain.NONE, org.jvirt.core.ErrorLevel.ERROR,
                detail, null, null, null, 0, 0);
    }

    /** virshDomainStateToString. */
    static String domainState(int state) {
        return switch (state) {
            case 1 -> "running";
            case 2 -> "idle";
            case 3 -> "paused";
            case 4 -> "in shutdown";
            case 5 -> "shut off";
            case 6 -> "crashed";
            case 7 -> "pmsuspended";
            default -> "no state";
        };
    }

    /**
     * printf's "%.Nf" as glibc renders it: the exact binary value rounded half to even, where Java's formatter
     * would round 1.125 up.
     */
    static String fixed(double v, int digits) {
        return new java.math.BigDecimal(v).setScale(digits, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }

    /** "%.2f unit" of a byte count, as virsh's vshPrettyCapacity. */
    static String prettyCapacity(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes < 0 ? bytes + 0x1p64 : bytes;
        if (v < 1024) {
            return fixed(v, 2) + " " + units[0];
        }
        int i = 0;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return fixed(v, 2) + " " + units[i];
    }

    /** A call that may fail with a libvirt error. */
    @FunctionalInterface
    interface VirCall<T> {
        T call();
    }

    /** Prints what {@code call} returns followed by {@code suffix}, or virsh's {@code error} line when it fails. */
    static boolean printResult(Ctl ctl, VirCall<String> call, String error, String suffix) {
        String text;
        try {
            text = call.call();
        } catch (VirException e) {
            return fail(ctl, e, error);
        }
        ctl.print(text + suffix);
        return true;
    }

    /**
     * The shape of virsh's tuning commands (blkiotune, blkdeviotune, domiftune...): with no value given, print
     * every parameter as "name: value"; otherwise set the given ones. The two texts are virsh's error lines.
     */
    static boolean getOrSet(Ctl ctl, java.util.List<org.jvirt.core.param.TypedParam> set,
                            VirCall<org.jvirt.core.param.TypedParams> get, String getError,
                            java.util.function.Consumer<org.jvirt.core.param.TypedParams> apply, String setError) {
        try {
            if (set.isEmpty()) {
                for (org.jvirt.core.param.TypedParam p : get.call().asList()) {
                    ctl.printf("%-15s: %s\n", p.field(), p.valueString());
                }
            } else {
                apply.accept(new org.jvirt.core.param.TypedParams(set));
            }
            return true;
        } catch (VirException e) {
            return fail(ctl, e, set.isEmpty() ? getError : setError);
        }
    }
}
