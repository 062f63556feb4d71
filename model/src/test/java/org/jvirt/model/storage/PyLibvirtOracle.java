package org.jvirt.model.storage;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * python3-libvirt against test:///default as an oracle for errors: unlike virsh it shows each error's code and
 * domain. For each input file, the outcome of one define/create call: null when accepted, else the error.
 */
public final class PyLibvirtOracle {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    /** libvirt's error as python sees it. */
    public record Err(int code, int domain, String message) {}

    private PyLibvirtOracle() {}

    private static final String SCRIPT = """
            import sys
            try:
                import libvirt
            except ImportError:
                print("NO-LIBVIRT"); sys.exit(0)
            libvirt.registerErrorHandler(lambda a, b: None, None)
            c = libvirt.open('test:///default')
            kind = sys.argv[1]
            for f in sys.argv[2:]:
                xml = open(f).read()
                try:
                    if kind == 'pool':
                        c.storagePoolDefineXML(xml).undefine()
                    elif kind == 'vol':
                        c.storagePoolLookupByName('default-pool').createXML(xml).delete()
                    elif kind == 'nodedev':
                        c.nodeDeviceCreateXML(xml).destroy()
                    elif kind == 'snapshot':
                        c.lookupByName('test').snapshotCreateXML(xml).delete()
                    elif kind == 'checkpoint':
                        c.lookupByName('test').checkpointCreateXML(xml).delete()
                    print("OK")
                except libvirt.libvirtError as e:
                    msg = e.get_error_message().replace('\\\\', '\\\\\\\\').replace('\\n', '\\\\n')
                    print("ERR %d %d %s" % (e.get_error_code(), e.get_error_domain(), msg))
            """;

    public static List<Err> run(String kind, List<Path> files) {
        assumeTrue(Files.isExecutable(PYTHON), "python3 not installed");
        try {
            Path dir = Path.of("target", "pylibvirt-oracle");
            Files.createDirectories(dir);
            Path script = dir.resolve("oracle.py");
            Files.writeString(script, SCRIPT);
            List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), script.toString(), kind));
            files.forEach(f -> cmd.add(f.toAbsolutePath().toString()));
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            assumeTrue(!out.startsWith("NO-LIBVIRT"), "python3-libvirt not installed");
            List<Err> result = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (line.equals("OK")) {
                    result.add(null);
                } else if (line.startsWith("ERR ")) {
                    String[] f = line.split(" ", 4);
                    result.add(new Err(Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                            f[3].replace("\\n", "\n").replace("\\\\", "\\")));
                }
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Compares our outcome per file with the oracle's; returns mismatch descriptions. */
    public static List<String> compare(List<Path> files, List<Err> oracle, List<org.jvirt.core.VirException> ours) {
        List<String> report = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Err o = i < oracle.size() ? oracle.get(i) : null;
            org.jvirt.core.VirException e = ours.get(i);
            if (o == null && e == null) {
                continue;
            }
            if (o == null || e == null || o.code() != e.code() || o.domain() != e.domain()
                    || !o.message().equals(e.getMessage())) {
                report.add(files.get(i) + "\n  libvirt: " + o + "\n  ours:    "
                        + (e == null ? "accepted" : e.code() + " " + e.domain() + " " + e.getMessage()));
            }
        }
        return report;
    }
}
