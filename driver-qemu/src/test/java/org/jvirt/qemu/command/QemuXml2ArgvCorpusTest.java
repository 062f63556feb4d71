package org.jvirt.qemu.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDefParser;
import org.jvirt.model.domain.ParseOptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the builder over libvirt's qemuxml2argv corpus cases recorded with the newest x86_64 capabilities
 * ({@code NAME.x86_64-latest.args}, QEMU 7.2.50) and compares the text exactly. Cases the builder declines
 * (CONFIG_UNSUPPORTED) count as not matching; any other outcome that differs is a wrong command line and is
 * listed separately. The floor only ratchets up.
 */
class QemuXml2ArgvCorpusTest {

    /** Cases matching exactly today; raise when the builder grows. */
    private static final int FLOOR = 224;

    /** libvirt's qemuxml2argvtest changes qemu.conf settings around these cases (see its main()). */
    static QemuBuildContext context(String name) {
        boolean vncTls = name.startsWith("graphics-vnc-tls");
        // audio-default-*: vnc_allow_host_audio=1 with QEMU_AUDIO_DRV=alsa, as the expected output records;
        // the harness always has spice_tls on, and spice_sasl for graphics-spice-sasl
        QemuConf conf = new QemuConf(name.startsWith("serial-tcp-tlsx509-chardev"), vncTls, vncTls,
                name.equals("graphics-vnc-tls-secret"), name.startsWith("audio-default-") ? "alsa" : null, true,
                name.equals("graphics-spice-sasl"));
        // the harness points firmware lookups at its own descriptor tree
        String shared = System.getProperty("jvirt.shared");
        return new QemuBuildContext("/usr/bin/qemu-system-x86_64", -1, "/tmp/lib", "/tmp/log", Set.of(), conf)
                .withFirmwareRoot(shared == null ? null : shared + "/corpora/qemufirmwaredata")
                .withSecrets(QemuXml2ArgvCorpusTest::harnessSecret);
    }

    /**
     * libvirt's harness: every secret looked up by usage or UUID has the same value, and its mocked random bytes make
     * the master key 0..31 and each IV 0..15.
     */
    static QemuSecrets.Encrypted harnessSecret(org.jvirt.model.domain.XmlElem ref) {
        try {
            byte[] key = new byte[32];
            byte[] iv = new byte[16];
            for (int i = 0; i < key.length; i++) {
                key[i] = (byte) i;
            }
            for (int i = 0; i < iv.length; i++) {
                iv[i] = (byte) i;
            }
            javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/CBC/PKCS5Padding");
            c.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(key, "AES"),
                    new javax.crypto.spec.IvParameterSpec(iv));
            byte[] data = c.doFinal("AQCVn5hO6HzFAhAAq0NCv8jtJcIcE+HOBlMQ1A".getBytes(
                    java.nio.charset.StandardCharsets.UTF_8));
            java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
            return new QemuSecrets.Encrypted(b64.encodeToString(data), b64.encodeToString(iv));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void corpus() throws IOException {
        String shared = System.getProperty("jvirt.shared");
        assumeTrue(shared != null && Files.isDirectory(Path.of(shared, "corpora", "qemuxml2argvdata")),
                "shared corpus absent");
        Path dir = Path.of(shared, "corpora", "qemuxml2argvdata");
        List<Path> cases;
        try (Stream<Path> s = Files.list(dir)) {
            cases = s.filter(p -> p.getFileName().toString().endsWith(".x86_64-latest.args")).sorted().toList();
        }
        int match = 0;
        List<String> wrong = new ArrayList<>();
        TreeMap<String, Integer> declined = new TreeMap<>();
        StringBuilder report = new StringBuilder();
        for (Path args : cases) {
            String fn = args.getFileName().toString();
            String name = fn.substring(0, fn.length() - ".x86_64-latest.args".length());
            Path xml = dir.resolve(name + ".xml");
            if (!Files.exists(xml)) {
                continue;
            }
            String expected = Files.readString(args);
            if (expected.endsWith("\n")) {
                expected = expected.substring(0, expected.length() - 1);
            }
            String got;
            try {
                DomainDef def = new DomainDefParser().parse(Files.readString(xml),
                        ParseOptions.generic().withRandom(mockRandom()));
                got = QemuCommandBuilder.build(def, context(name)).toArgsText();
            } catch (VirException e) {
                if (e.code() == ErrorNumber.CONFIG_UNSUPPORTED) {
                    declined.merge(e.getMessage(), 1, Integer::sum);
                    report.append("DECLINED ").append(name).append(": ").append(e.getMessage()).append('\n');
                    continue;
                }
                report.append("ERROR ").append(name).append(": ").append(e.getMessage()).append('\n');
                continue;
            } catch (RuntimeException e) {
                wrong.add(name);
                report.append("CRASH ").append(name).append(": ").append(e).append('\n');
                continue;
            }
            if (got.equals(expected)) {
                match++;
            } else {
                wrong.add(name);
                report.append("MISMATCH ").append(name).append('\n').append(diff(expected, got));
            }
        }
        report.insert(0, match + "/" + cases.size() + " match\n");
        declined.forEach((k, v) -> report.append("declined x").append(v).append(": ").append(k).append('\n'));
        Path out = Path.of("target", "qemuxml2argv-report.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println("qemuxml2argv: " + match + "/" + cases.size() + " match, wrong output: " + wrong);
        assertTrue(match >= FLOOR, "matches fell below the floor: " + match + " < " + FLOOR);
        assertEquals(List.of(), wrong, "builder produced a command line libvirt would not");
    }

    /** libvirt's test mock of virRandomBytes fills each request with 0, 1, 2, ...: a UUID gets bytes 0..15. */
    static RandomGenerator mockRandom() {
        return new RandomGenerator() {
            private int next;

            @Override
            public long nextLong() {
                return next++ % 16;
            }

            @Override
            public int nextInt(int bound) {
                return (int) (nextLong() % bound);
            }
        };
    }

    private static String diff(String expected, String got) {
        List<String> e = expected.lines().toList();
        List<String> g = got.lines().toList();
        StringBuilder sb = new StringBuilder();
        for (String l : e) {
            if (!g.contains(l)) {
                sb.append("  - ").append(l).append('\n');
            }
        }
        for (String l : g) {
            if (!e.contains(l)) {
                sb.append("  + ").append(l).append('\n');
            }
        }
        return sb.toString();
    }
}
