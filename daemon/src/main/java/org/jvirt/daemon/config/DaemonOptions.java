package org.jvirt.daemon.config;

import java.nio.file.Path;
import org.jvirt.core.VirException;

/** jvirtd's command line, libvirtd's flags: {@code -d -f FILE -l -p FILE -t SECONDS -v --version -h}. */
public record DaemonOptions(boolean daemon, Path configFile, boolean listen, Path pidFile, int timeoutSeconds,
                            boolean verbose, boolean version, boolean help) {

    public static DaemonOptions parse(String... args) {
        boolean daemon = false;
        boolean listen = false;
        boolean verbose = false;
        boolean version = false;
        boolean help = false;
        Path config = null;
        Path pid = null;
        int timeout = -1;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String inline = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                inline = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            switch (a) {
                case "-d", "--daemon" -> daemon = true;
                case "-l", "--listen" -> listen = true;
                case "-v", "--verbose" -> verbose = true;
                case "--version" -> version = true;
                case "-h", "--help" -> help = true;
                case "-f", "--config" -> config = Path.of(inline != null ? inline : next(args, ++i, a));
                case "-p", "--pid-file" -> pid = Path.of(inline != null ? inline : next(args, ++i, a));
                case "-t", "--timeout" -> {
                    String v = inline != null ? inline : next(args, ++i, a);
                    try {
                        timeout = Integer.parseInt(v);
                        if (timeout <= 0) {
                            throw new NumberFormatException();
                        }
                    } catch (NumberFormatException e) {
                        throw VirException.invalidArg("Invalid value for timeout: " + v);
                    }
                }
                default -> throw VirException.invalidArg("unrecognized option '" + args[i] + "'");
            }
        }
        return new DaemonOptions(daemon, config, listen, pid, timeout, verbose, version, help);
    }

    private static String next(String[] args, int i, String opt) {
        if (i >= args.length) {
            throw VirException.invalidArg("option '" + opt + "' requires an argument");
        }
        return args[i];
    }

    public static final String USAGE = """
            Usage:
              jvirtd [options]

            Options:
              -h | --help             Display program help
              -v | --verbose          Verbose messages
              -d | --daemon           Run as a daemon & write PID file
              -l | --listen           Listen for TCP/IP connections
              -t | --timeout <secs>   Exit after timeout period
              -f | --config <file>    Configuration file
              -V | --version          Display version information
              -p | --pid-file <file>  Change name of PID file
            """;
}
