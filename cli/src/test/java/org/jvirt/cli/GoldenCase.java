package org.jvirt.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One recorded virsh run: {@code <group>/<name>.args} (virsh's argv, one element per line) and, beside it,
 * what real virsh printed ({@code .out}, {@code .err}) and returned ({@code .rc}), with optional
 * {@code .norm} rules. {@code @FILES@} in an argument stands for {@code <group>/files}, {@code @TMP@} for a
 * scratch directory made fresh for each run; both are put back in the output before comparing.
 */
record GoldenCase(String group, String name, Path dir, List<String> args, String out, String err, int rc,
        GoldenNorm norm) {

    static final String FILES = "@FILES@";
    static final String TMP = "@TMP@";

    GoldenCase {
        args = List.copyOf(args);
    }

    /** The case id used in PENDING and by tools/golden/record: {@code group/name}. */
    String id() {
        return group + "/" + name;
    }

    Path argsFile() {
        return dir.resolve(name + ".args");
    }

    /** The directory {@code @FILES@} stands for. */
    Path filesDir() {
        return dir.resolve("files").toAbsolutePath();
    }

    /** The argv with the placeholders replaced. */
    String[] argv(Path tmpDir) {
        String files = filesDir().toString();
        String tmp = tmpDir.toAbsolutePath().toString();
        return args.stream().map(a -> a.replace(FILES, files).replace(TMP, tmp)).toArray(String[]::new);
    }

    /** Puts the placeholders back into what a run printed, as the recording script does. */
    String unsubstitute(String text, Path tmpDir) {
        return text.replace(tmpDir.toAbsolutePath().toString(), TMP).replace(filesDir().toString(), FILES);
    }

    /** Loads every case under {@code root}, sorted by id. */
    static List<GoldenCase> loadAll(Path root) throws IOException {
        List<GoldenCase> cases = new ArrayList<>();
        try (Stream<Path> groups = Files.list(root)) {
            for (Path group : groups.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(group)) {
                    for (Path args : files.filter(p -> p.getFileName().toString().endsWith(".args")).sorted().toList()) {
                        cases.add(load(args));
                    }
                }
            }
        }
        cases.sort(Comparator.comparing(GoldenCase::id));
        return cases;
    }

    /** Loads the case whose {@code .args} file is given; a missing recording is an error, not an empty one. */
    static GoldenCase load(Path argsFile) throws IOException {
        Path dir = argsFile.getParent();
        String file = argsFile.getFileName().toString();
        String name = file.substring(0, file.length() - ".args".length());
        List<String> args = Files.readAllLines(argsFile);
        String out = read(dir.resolve(name + ".out"));
        String err = read(dir.resolve(name + ".err"));
        String rcText = read(dir.resolve(name + ".rc")).strip();
        int rc;
        try {
            rc = Integer.parseInt(rcText);
        } catch (NumberFormatException e) {
            throw new IOException(dir.resolve(name + ".rc") + ": not an exit code: '" + rcText + "'", e);
        }
        return new GoldenCase(dir.getFileName().toString(), name, dir, args, out, err, rc,
                GoldenNorm.load(dir.resolve(name + ".norm")));
    }

    private static String read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new IOException(file + " is missing: record the case with tools/golden/record");
        }
        return Files.readString(file);
    }
}
