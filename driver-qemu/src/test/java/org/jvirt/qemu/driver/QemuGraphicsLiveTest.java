package org.jvirt.qemu.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jvirt.api.Connect;
import org.jvirt.api.Domain;
import org.jvirt.core.VirException;
import org.jvirt.host.ProcessCommandRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Autoport VNC with real QEMU: two firmware-only guests (TCG; no OS needed) get distinct display ports, recorded in
 * the live XML, on which QEMU answers with the RFB greeting; a screenshot comes back as a PNG stream.
 */
class QemuGraphicsLiveTest {
    private static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");

    @TempDir
    Path root;

    private static String xml(String name) {
        return """
                <domain type='qemu'>
                  <name>%s</name>
                  <memory unit='MiB'>32</memory>
                  <os><type arch='x86_64' machine='pc'>hvm</type></os>
                  <devices>
                    <graphics type='vnc' autoport='yes' listen='127.0.0.1'/>
                    <video><model type='cirrus'/></video>
                    <memballoon model='none'/>
                  </devices>
                </domain>
                """.formatted(name);
    }

    private static int port(Domain d) {
        Matcher m = Pattern.compile("<graphics type='vnc' port='(\\d+)' autoport='yes'").matcher(d.getXMLDesc(0));
        assertTrue(m.find(), d.getXMLDesc(0));
        return Integer.parseInt(m.group(1));
    }

    private static String greeting(int port) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(5000);
            return new String(s.getInputStream().readNBytes(12));
        }
    }

    @Test
    void autoportGivesEachGuestItsOwnDisplay() throws Exception {
        assumeTrue(Files.isExecutable(QEMU), "unavailable: qemu-system-x86_64 not installed");
        QemuDriverProvider p = QemuDriverProvider.started(QemuDriverConfig.system(root)
                .withLaunch(List.of(), new ProcessCommandRunner()));
        try (Connect c = Connect.openAuth("qemu:///system", null, 0, List.of(p))) {
            Domain a = c.domainCreateXML(xml("jv-vnc-a"), 0);
            Domain b = c.domainCreateXML(xml("jv-vnc-b"), 0);
            int pa = port(a);
            int pb = port(b);
            assertTrue(pa >= 5900 && pb >= 5900, pa + " " + pb);
            assertNotEquals(pa, pb);
            assertTrue(greeting(pa).startsWith("RFB 003."), "QEMU serves VNC on " + pa);
            assertTrue(greeting(pb).startsWith("RFB 003."), "QEMU serves VNC on " + pb);
            // virDomainScreenshot: QEMU's screendump of the first head, as a PNG stream.
            try (org.jvirt.api.Stream shot = c.newStream(0)) {
                assertEquals("image/png", a.screenshot(shot, 0, 0));
                java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
                byte[] buf = new byte[65536];
                for (int n; (n = shot.recv(buf, 0, buf.length)) > 0; ) {
                    png.write(buf, 0, n);
                }
                byte[] img = png.toByteArray();
                assertTrue(img.length > 8 && img[1] == 'P' && img[2] == 'N' && img[3] == 'G', "a PNG image");
            }
            VirException noScreen = assertThrows(VirException.class, () -> a.screenshot(c.newStream(0), 1, 0));
            assertEquals("invalid argument: no such screen ID", noScreen.getMessage());
            a.destroy();
            b.destroy();
        } finally {
            try (Connect c = Connect.openAuth("qemu:///system", null, 0, List.of(p))) {
                for (Domain d : c.listAllDomains(1)) {
                    d.destroy();
                }
            }
            p.stateCleanup();
        }
    }
}
