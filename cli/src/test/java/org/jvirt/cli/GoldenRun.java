package org.jvirt.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/** What one replay of a case through {@link Jvirsh#run} printed and returned, placeholders put back. */
record GoldenRun(String out, String err, int rc, String problem) {

    /** Exit code reported when jvirsh threw or hung instead of returning. */
    static final int NO_EXIT_CODE = -1;

    /** Runs the case through jvirsh with an empty stdin, in a fresh scratch directory for {@code @TMP@}. */
    static GoldenRun replay(GoldenCase c, Duration timeout) throws IOException, InterruptedException {
        Path tmp = Files.createTempDirectory("jvirt-golden-");
        try {
            String[] argv = c.argv(tmp);
            var outBytes = new ByteArrayOutputStream();
            var errBytes = new ByteArrayOutputStream();
            var out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
            var err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
            int[] rc = {NO_EXIT_CODE};
            Throwable[] thrown = {null};
            // What the process itself writes on stderr (libxml2's I/O warnings, which libvirt's in-process test
            // driver lets through and jvirt's prints the same way) belongs to the recording too, in order with
            // virsh's error lines: the case's stderr stands in for System.err while it runs (cases run one at a
            // time).
            PrintStream processErr = System.err;
            System.setErr(err);
            boolean returned;
            try {
                // A virtual thread, so that a jvirsh that hangs (as virsh 9.0's save can) costs this case only.
                Thread runner = Thread.ofVirtual().name("golden-" + c.id()).start(() -> {
                    try {
                        rc[0] = Jvirsh.run(argv, new ByteArrayInputStream(new byte[0]), out, err);
                    } catch (Throwable t) {
                        thrown[0] = t;
                    }
                });
                returned = runner.join(timeout);
                if (!returned) {
                    runner.interrupt();
                }
            } finally {
                System.setErr(processErr);
            }
            String problem = null;
            if (!returned) {
                problem = "jvirsh did not return within " + timeout.toSeconds() + " s";
            } else if (thrown[0] != null) {
                var trace = new StringWriter();
                thrown[0].printStackTrace(new PrintWriter(trace));
                problem = "jvirsh threw " + trace;
            }
            out.flush();
            err.flush();
            return new GoldenRun(c.unsubstitute(outBytes.toString(StandardCharsets.UTF_8), tmp),
                    c.unsubstitute(errBytes.toString(StandardCharsets.UTF_8), tmp), rc[0], problem);
        } finally {
            deleteTree(tmp);
        }
    }

    /** Compares with the recording after the case's .norm; returns "" on a match, else the differences. */
    String differences(GoldenCase c) {
        var report = new StringBuilder();
        if (problem != null) {
            report.append(problem).append('\n');
        }
        if (rc != c.rc()) {
            report.append("exit code: expected ").append(c.rc()).append(", got ").append(rc).append('\n');
        }
        GoldenNorm norm = c.norm();
        report.append(GoldenDiff.unified(c.id() + ".out (virsh)", norm.apply(c.out()),
                "stdout (jvirsh)", norm.apply(out)));
        report.append(GoldenDiff.unified(c.id() + ".err (virsh)", norm.apply(c.err()),
                "stderr (jvirsh)", norm.apply(err)));
        return report.toString();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
