package org.jvirt.host;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One command to run (libvirt's virCommand before virCommandRun): argv, extra environment on top of the inherited
 * one, optional stdin bytes, a timeout, and whether a non-zero exit is an error (libvirt raises one unless the caller
 * asks for the exit status).
 */
public record Command(List<String> argv, Map<String, String> env, byte[] stdin, Duration timeout,
                      boolean allowFailure) {

    /** Commands that hang are a bug elsewhere; a minute is far above anything {@code ip} or qemu-img needs. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_=+,./:@%^-]+");

    public Command {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least the program name");
        }
        argv = List.copyOf(argv);
        env = Map.copyOf(new LinkedHashMap<>(env));
        stdin = stdin == null ? null : stdin.clone();
    }

    public static Command of(String... argv) {
        return new Command(List.of(argv), Map.of(), null, DEFAULT_TIMEOUT, false);
    }

    public static Command of(List<String> argv) {
        return new Command(argv, Map.of(), null, DEFAULT_TIMEOUT, false);
    }

    public Command withArgs(String... more) {
        List<String> a = new ArrayList<>(argv);
        a.addAll(List.of(more));
        return new Command(a, env, stdin, timeout, allowFailure);
    }

    public Command withEnv(String name, String value) {
        Map<String, String> e = new LinkedHashMap<>(env);
        e.put(name, value);
        return new Command(argv, e, stdin, timeout, allowFailure);
    }

    public Command withStdin(String text) {
        return new Command(argv, env, text.getBytes(StandardCharsets.UTF_8), timeout, allowFailure);
    }

    public Command withTimeout(Duration t) {
        return new Command(argv, env, stdin, t, allowFailure);
    }

    /** The caller reads the exit status itself (libvirt: passing a non-NULL exitstatus to virCommandRun). */
    public Command allowingFailure() {
        return new Command(argv, env, stdin, timeout, true);
    }

    /** The same command prefixed by another, e.g. {@code ip netns exec NS} in front of it. */
    public Command prefixed(List<String> prefix) {
        List<String> a = new ArrayList<>(prefix);
        a.addAll(argv);
        return new Command(a, env, stdin, timeout, allowFailure);
    }

    /**
     * virCommandToString: the extra environment as {@code NAME=value} then the arguments, separated by spaces, each
     * shell-quoted when it needs to be. This is the text in error messages and in dry-run logs.
     */
    public String display() {
        StringBuilder b = new StringBuilder();
        env.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                b.append(e.getKey()).append('=').append(quote(e.getValue())).append(' '));
        for (int i = 0; i < argv.size(); i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(quote(argv.get(i)));
        }
        return b.toString();
    }

    static String quote(String s) {
        if (!s.isEmpty() && SHELL_SAFE.matcher(s).matches()) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }

    @Override
    public String toString() {
        return display();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Command c && argv.equals(c.argv) && env.equals(c.env)
                && java.util.Arrays.equals(stdin, c.stdin) && timeout.equals(c.timeout) && allowFailure == c.allowFailure;
    }

    @Override
    public int hashCode() {
        return argv.hashCode() * 31 + env.hashCode();
    }
}
