package org.jvirt.qemu.caps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Our {@code domcapabilities} against real libvirt's for qemu-system-x86_64 (TCG; default machine and q35). Every
 * line is compared in order (a diff by longest common subsequence); the only accepted difference is the host-model
 * CPU mode, which needs libvirt's CPU driver.
 */
class DomainCapsOracleTest {

    @Test
    void domainCapabilitiesMatchLibvirtExceptHostModel() throws Exception {
        Path qemu = CapabilitiesOracleTest.BIN_DIR.resolve("qemu-system-x86_64");
        assumeTrue(Files.isExecutable(qemu), "qemu-system-x86_64 not installed; skipped");
        Path oracle = LibvirtQemuOracle.run(qemu);
        QemuCaps q = CapabilitiesOracleTest.probeAll().stream().filter(c -> c.binary().equals(qemu)).findFirst()
                .orElseThrow();
        DomainCapsBuilder.HostEnv env = DomainCapsBuilder.HostEnv.system();
        for (String[] c : new String[][] {{"domcaps-qemu.xml", null}, {"domcaps-qemu-q35.xml", "q35"}}) {
            String theirs = stripHostModel(Files.readString(oracle.resolve(c[0])).strip());
            String ours = DomainCapsBuilder.build(q, c[1], "qemu", env).strip();
            Files.writeString(Path.of("target", "ours-" + c[0]), ours + "\n");
            List<String> a = theirs.lines().toList();
            List<String> b = ours.lines().filter(l -> !l.contains("name='host-model'")).toList();
            int common = lcs(a, b);
            System.out.printf("domcapabilities %s: %d/%d of libvirt's lines matched in order (host-model mode"
                    + " excluded), %d extra lines of ours%n", c[0], common, a.size(), b.size() - common);
            assertEquals(a, b, c[0]);
        }
    }

    /** Drops libvirt's host-model mode block (from its opening tag to its closing tag). */
    static String stripHostModel(String xml) {
        List<String> out = new ArrayList<>();
        boolean skip = false;
        for (String l : xml.lines().toList()) {
            if (l.contains("<mode name='host-model'")) {
                skip = !l.endsWith("/>");
                continue;
            }
            if (skip) {
                skip = !l.contains("</mode>");
                continue;
            }
            out.add(l);
        }
        return String.join("\n", out);
    }

    static int lcs(List<String> a, List<String> b) {
        int[][] d = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                d[i][j] = a.get(i).equals(b.get(j)) ? d[i + 1][j + 1] + 1 : Math.max(d[i + 1][j], d[i][j + 1]);
            }
        }
        assertTrue(d[0][0] >= 0);
        return d[0][0];
    }
}
