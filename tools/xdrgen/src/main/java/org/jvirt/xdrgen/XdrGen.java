package org.jvirt.xdrgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Generates module rpc's protocol records from libvirt's {@code .x} files.
 * Usage: {@code XdrGen <libvirt-9.0.0 reference dir> <rpc module dir>}. Each protocol package is rewritten whole
 * (stale files removed) and {@code protocol-abi.txt} is rewritten; prints what it generated.
 */
public final class XdrGen {
    private XdrGen() {
    }

    /** The programs in dependency order: qemu and lxc use remote's types. */
    static List<Program> load(Path reference) {
        List<Program> all = new ArrayList<>();
        Program net = program(reference, "net", "src/rpc/virnetprotocol.x", "virNet", "VIR_NET_", "Net", List.of());
        Program keepalive = program(reference, "keepalive", "src/rpc/virkeepaliveprotocol.x", "keepalive_",
                "KEEPALIVE_", "Keepalive", List.of());
        Program remote = program(reference, "remote", "src/remote/remote_protocol.x", "remote_", "REMOTE_",
                "Remote", List.of());
        Program qemu = program(reference, "qemu", "src/remote/qemu_protocol.x", "qemu_", "QEMU_", "Qemu",
                List.of(remote));
        Program lxc = program(reference, "lxc", "src/remote/lxc_protocol.x", "lxc_", "LXC_", "Lxc", List.of(remote));
        Program admin = program(reference, "admin", "src/admin/admin_protocol.x", "admin_", "ADMIN_", "Admin",
                List.of());
        all.add(net);
        all.add(keepalive);
        all.add(remote);
        all.add(qemu);
        all.add(lxc);
        all.add(admin);
        return all;
    }

    private static Program program(Path reference, String key, String file, String cPrefix, String constPrefix,
                                   String javaPrefix, List<Program> imports) {
        try {
            String src = Files.readString(reference.resolve(file), StandardCharsets.UTF_8);
            return Program.of(key, file, cPrefix, constPrefix, javaPrefix, XParser.parse(file, src), imports);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What one run produces: files relative to the rpc module directory, and the counts it reports. */
    record Output(Map<String, String> files, List<String> summary) {
    }

    static final String ABI_PATH = "src/main/resources/org/jvirt/rpc/protocol-abi.txt";

    static String packageDir(Program p) {
        return "src/main/java/" + p.pkg().replace('.', '/');
    }

    static Output generate(Path reference) {
        List<Program> programs = load(reference);
        Map<String, String> files = new java.util.LinkedHashMap<>();
        List<String> summary = new ArrayList<>();
        int structs = 0;
        int unions = 0;
        int procs = 0;
        for (Program p : programs) {
            Map<String, String> own = new JavaEmitter(p).emit();
            own.forEach((name, text) -> files.put(packageDir(p) + "/" + name, text));
            long s = p.spec().defs().stream().filter(d -> d instanceof XSpec.StructDef).count();
            long u = p.spec().defs().stream().filter(d -> d instanceof XSpec.UnionDef).count();
            int n = p.procedureEnum() == null ? 0 : p.procedureEnum().members().size();
            summary.add(String.format("%-9s %4d structs %2d unions %4d procedures %4d files", p.key(), s, u, n,
                    own.size()));
            structs += (int) s;
            unions += (int) u;
            procs += n;
        }
        files.put(ABI_PATH, AbiEmitter.emit(programs));
        summary.add(String.format("total     %4d structs %2d unions %4d procedures", structs, unions, procs));
        return new Output(files, summary);
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: XdrGen <libvirt-9.0.0 reference dir> <rpc module dir>");
            System.exit(2);
        }
        Path reference = Path.of(args[0]);
        Path rpc = Path.of(args[1]);
        List<Program> programs = load(reference);
        Output out = generate(reference);
        // Each protocol package is owned by the generator: clear it so a removed type leaves no stale file.
        for (Program p : programs) {
            Path dir = rpc.resolve(packageDir(p));
            Files.createDirectories(dir);
            try (Stream<Path> old = Files.list(dir)) {
                for (Path f : old.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Files.delete(f);
                }
            }
        }
        for (Map.Entry<String, String> f : out.files().entrySet()) {
            Path target = rpc.resolve(f.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, f.getValue(), StandardCharsets.UTF_8);
        }
        out.summary().forEach(System.out::println);
    }
}
