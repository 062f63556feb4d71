package org.jvirt.cli;

import java.util.List;

/**
 * virsh's global options as glibc's getopt_long parses them with virsh's option string
 * {@code "+:c:d:e:hk:K:l:qrtvV"}: clustered short options, attached or separate values, unique prefixes of long
 * options, and parsing stops at the first word that is not an option.
 */
final class GlobalOptions {
    /** A long option: name, whether it takes a value (0 no, 1 required, 2 optional), and its short letter. */
    private record LongOpt(String name, int arg, char val) {}

    private static final List<LongOpt> LONG = List.of(
            new LongOpt("connect", 1, 'c'), new LongOpt("debug", 1, 'd'), new LongOpt("escape", 1, 'e'),
            new LongOpt("help", 0, 'h'), new LongOpt("keepalive-interval", 1, 'k'),
            new LongOpt("keepalive-count", 1, 'K'), new LongOpt("log", 1, 'l'), new LongOpt("quiet", 0, 'q'),
            new LongOpt("readonly", 0, 'r'), new LongOpt("timing", 0, 't'), new LongOpt("version", 2, 'v'));
    private static final String WITH_ARG = "cdekKl";
    private static final String NO_ARG = "hqrtvV";

    /** One option found: its letter, its value (or null), and whether it was spelled as a long option. */
    record Found(char opt, String value, boolean isLong) {}

    /** A parse failure: the message virsh prints. */
    static final class Failure extends Exception {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    interface Sink {
        /** Handles one option; returns false to stop (e.g. after {@code -h}). */
        boolean accept(Found f) throws Failure;
    }

    private GlobalOptions() {}

    /** Feeds each option to {@code sink} in order; returns the index of the first non-option word. */
    static int parse(String[] args, Sink sink) throws Failure {
        int i = 0;
        while (i < args.length) {
            String a = args[i];
            if (a.equals("--")) {
                return i + 1;
            }
            if (a.startsWith("--")) {
                i = parseLong(args, i, sink);
                if (i < 0) {
                    return -1;
                }
                continue;
            }
            if (!a.startsWith("-") || a.length() == 1) {
                return i;
            }
            i++;
            for (int j = 1; j < a.length(); j++) {
                char c = a.charAt(j);
                if (WITH_ARG.indexOf(c) >= 0) {
                    String value;
                    if (j + 1 < a.length()) {
                        value = a.substring(j + 1);
                    } else if (i < args.length) {
                        value = args[i++];
                    } else {
                        throw new Failure(missingArg(c));
                    }
                    if (!sink.accept(new Found(c, value, false))) {
                        return -1;
                    }
                    break;
                } else if (NO_ARG.indexOf(c) >= 0) {
                    if (!sink.accept(new Found(c, null, false))) {
                        return -1;
                    }
                } else {
                    throw new Failure("unsupported option '-" + c + "'. See --help.");
                }
            }
        }
        return i;
    }

    private static int parseLong(String[] args, int i, Sink sink) throws Failure {
        String a = args[i];
        String body = a.substring(2);
        String value = null;
        int eq = body.indexOf('=');
        if (eq >= 0) {
            value = body.substring(eq + 1);
            body = body.substring(0, eq);
        }
        LongOpt match = null;
        int matches = 0;
        for (LongOpt o : LONG) {
            if (o.name().equals(body)) {
                match = o;
                matches = 1;
                break;
            }
            if (o.name().startsWith(body)) {
                match = o;
                matches++;
            }
        }
        if (matches != 1) {
            throw new Failure("unsupported option '" + a + "'. See --help.");
        }
        i++;
        if (match.arg() == 0 && value != null) {
            throw new Failure("unsupported option '-" + match.val() + "'. See --help.");
        }
        if (match.arg() == 1 && value == null) {
            if (i < args.length) {
                value = args[i++];
            } else {
                throw new Failure(missingArg(match.val()));
            }
        }
        if (!sink.accept(new Found(match.val(), value, true))) {
            return -1;
        }
        return i;
    }

    private static String missingArg(char c) {
        for (LongOpt o : LONG) {
            if (o.val() == c) {
                return "option '-" + c + "'/'--" + o.name() + "' requires an argument";
            }
        }
        return "option '-" + c + "' requires an argument";
    }
}
