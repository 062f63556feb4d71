package org.jvirt.model.storage;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Real libvirt's test driver as an oracle: runs one batched {@code virsh -c test:///default} script whose steps are
 * separated by {@code echo} markers and returns each step's stdout. Output is cached under target/ by script hash.
 */
public final class VirshOracle {
    private static final Path VIRSH = Path.of("/usr/bin/virsh");

    private VirshOracle() {}

    public static void assumeAvailable() {
        assumeTrue(Files.isExecutable(VIRSH), "real virsh not installed");
    }

    /** Runs {@code steps} (each a ';'-joined command list) in one virsh; returns stdout of each step, by index. */
    public static Map<Integer, String> run(List<String> steps) {
        return run(steps, false);
    }

    /** As {@link #run(List)}; with {@code withErrors} each step's output also holds virsh's "error: ..." lines. */
    public static Map<Integer, String> run(List<String> steps, boolean withErrors) {
        assumeAvailable();
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            script.append("echo @@STEP").append(i).append("@@; ").append(steps.get(i)).append("; ");
        }
        script.append("echo @@END@@");
        String out = cached(script.toString(), withErrors);
        Map<Integer, String> result = new LinkedHashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            // virsh -q prints echo's text without a newline
            String start = "@@STEP" + i + "@@";
            String end = i + 1 < steps.size() ? "@@STEP" + (i + 1) + "@@" : "@@END@@";
            int a = out.indexOf(start);
            int b = out.indexOf(end);
            if (a >= 0 && b >= a) {
                result.put(i, out.substring(a + start.length(), b));
            }
        }
        return result;
    }

    private static String cached(String script, boolean withErrors) {
        try {
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((withErrors + script).getBytes(StandardCharsets.UTF_8))).substring(0, 20);
            Path dir = Path.of("target", "virsh-oracle");
            Files.createDirectories(dir);
            Path file = dir.resolve(hash + ".out");
            if (Files.exists(file)) {
                return Files.readString(file);
            }
            ProcessBuilder pb = new ProcessBuilder(VIRSH.toString(), "-q", "-c", "test:///default", script);
            if (withErrors) {
                pb.redirectErrorStream(true);
            } else {
                pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            }
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            Files.writeString(file, out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The message of the last "error: " line of a step's output (libvirt's error text), or null. */
    public static String lastError(String stepOutput) {
        String msg = null;
        for (String line : stepOutput.split("\n")) {
            if (line.startsWith("error: ")) {
                msg = line.substring("error: ".length());
            } else if (msg != null && !line.isEmpty() && !line.startsWith("<")) {
                msg = msg + "\n" + line;
            }
        }
        return msg;
    }

    /** virsh prints one extra newline after an XML document; strip it for comparison. */
    public static String xmlOf(String stepOutput) {
        return stepOutput.endsWith("\n\n") ? stepOutput.substring(0, stepOutput.length() - 1) : stepOutput;
    }
}
