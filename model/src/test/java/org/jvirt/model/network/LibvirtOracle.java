package org.jvirt.model.network;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Real libvirt 9.0's test driver (test:///default through python3-libvirt) as an oracle: each document is defined,
 * dumped with flags 0 and undefined again, in one process for the whole batch. Results are cached under
 * target/oracle-cache keyed by the inputs' hash. Skips (JUnit assumption) when python3-libvirt is missing.
 */
public final class LibvirtOracle {
    private LibvirtOracle() {}

    /** The dumped XML, or the error libvirt raised (xml null). */
    public record Result(String xml, int code, int domain, String message) {}

    private static final String SCRIPT = """
            import base64, sys, libvirt
            libvirt.registerErrorHandler(lambda c, e: None, None)
            kind = sys.argv[1]
            conn = libvirt.open('test:///default')
            def enc(s):
                return base64.b64encode(s.encode('utf-8')).decode('ascii')
            for path in sys.argv[2:]:
                x = open(path, encoding='utf-8').read()
                if kind == 'network-update':
                    parts = x.split('\\n@@@\\n')
                    n = conn.networkDefineXML(parts[0])
                    try:
                        for step in parts[1:]:
                            cmd, section, idx, frag = step.split('|', 3)
                            try:
                                n.update(int(cmd), int(section), int(idx), frag, 0)
                                print('OK ' + enc(n.XMLDesc(0)))
                            except libvirt.libvirtError as e:
                                print('ERR %d %d %s' % (e.get_error_code(), e.get_error_domain(), enc(e.get_error_message() or '')))
                    finally:
                        n.undefine()
                    continue
                try:
                    define = {'network': conn.networkDefineXML, 'interface': conn.interfaceDefineXML,
                              'secret': conn.secretDefineXML, 'nwfilter': conn.nwfilterDefineXML}[kind]
                    o = define(x)
                    try:
                        print('OK ' + enc(o.XMLDesc(0)))
                    finally:
                        o.undefine()
                except libvirt.libvirtError as e:
                    print('ERR %d %d %s' % (e.get_error_code(), e.get_error_domain(), enc(e.get_error_message() or '')))
            """;

    public static List<Result> run(String kind, List<String> docs) {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "python3 not available");
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(kind.getBytes(StandardCharsets.UTF_8));
            for (String d : docs) {
                md.update((byte) 0);
                md.update(d.getBytes(StandardCharsets.UTF_8));
            }
            Path dir = Path.of("target", "oracle-cache");
            Files.createDirectories(dir);
            Path cache = dir.resolve(HexFormat.of().formatHex(md.digest()) + ".txt");
            if (!Files.exists(cache)) {
                Path work = Files.createTempDirectory(dir, "run");
                Path script = work.resolve("oracle.py");
                Files.writeString(script, SCRIPT);
                List<String> cmd = new ArrayList<>(List.of(python.toString(), script.toString(), kind));
                for (int i = 0; i < docs.size(); i++) {
                    Path f = work.resolve(i + ".xml");
                    Files.writeString(f, docs.get(i));
                    cmd.add(f.toString());
                }
                Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                int rc = p.waitFor();
                assumeTrue(rc == 0 && (kind.equals("network-update") || out.lines().count() == docs.size()),
                        "python3-libvirt oracle unavailable");
                Files.writeString(cache, out);
            }
            List<Result> results = new ArrayList<>();
            for (String line : Files.readAllLines(cache)) {
                String[] f = line.split(" ");
                if (f[0].equals("OK")) {
                    results.add(new Result(dec(f.length > 1 ? f[1] : ""), 0, 0, null));
                } else {
                    results.add(new Result(null, Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                            dec(f.length > 3 ? f[3] : "")));
                }
            }
            return results;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String dec(String b64) {
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }
}
