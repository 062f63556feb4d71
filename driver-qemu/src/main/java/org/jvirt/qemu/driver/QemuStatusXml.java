package org.jvirt.qemu.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.host.AtomicFile;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDefFormatter;
import org.jvirt.model.xml.XmlNode;
import org.jvirt.model.xml.XmlParser;
import org.jvirt.model.xml.XmlWriter;

/**
 * The runtime status file of a running domain ({@code stateDir/NAME.xml}, libvirt's {@code <domstatus>}): what a
 * restarted daemon needs to find the guest again — pid and its start time (so a recycled pid is never taken for
 * QEMU), the monitor socket, state and reason, and the live definition. Written atomically after every change.
 */
final class QemuStatusXml {
    private static final String[] STATES = {"nostate", "running", "blocked", "paused", "shutdown", "shutoff",
        "crashed", "pmsuspended"};

    record Status(int id, long pid, long startTime, Path monitorSocket, int state, int reason, DomainDef live,
                  java.util.List<QemuBlockJobStatus.Saved> blockJobs) {}

    private QemuStatusXml() {}

    static void write(QemuDriver driver, QemuDomainObj obj) {
        String xml;
        Path file;
        synchronized (obj) {
            if (obj.live == null || obj.process == null) {
                return;
            }
            StringBuilder sb = new StringBuilder();
            sb.append("<domstatus state='").append(STATES[obj.state]).append("' reason='").append(obj.reason)
                    .append("' pid='").append(obj.process.pid()).append("' starttime='")
                    .append(obj.process.id().startTime()).append("'>\n");
            sb.append("  <monitor path='").append(XmlWriter.escape(obj.monitorSocket.toString())).append("' type='unix'/>\n");
            QemuBlockJobStatus.write(sb, obj.blockJobs.values());
            sb.append(driver.format(obj.live, DomainDefFormatter.SECURE, obj.id));
            if (sb.charAt(sb.length() - 1) != '\n') {
                sb.append('\n');
            }
            sb.append("</domstatus>\n");
            xml = sb.toString();
            file = driver.statusPath(obj.def.name());
        }
        AtomicFile.writeRuntime(file, xml);
    }

    static Status read(QemuDriver driver, Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.QEMU, "cannot read " + file + ": "
                    + e.getMessage());
        }
        XmlNode root = new XmlParser().parseRoot(text, file.toString(), "domstatus", ErrorDomain.QEMU);
        int from = text.indexOf("<domain ");
        int to = text.lastIndexOf("</domain>");
        if (from < 0 || to < from) {
            throw VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.QEMU, "no domain in status file " + file);
        }
        String domainXml = text.substring(from, to + "</domain>".length());
        DomainDef live = driver.parseLive(domainXml);
        int id = Integer.parseInt(attr(domainXml, "id"));
        int state = java.util.List.of(STATES).indexOf(root.attr("state"));
        XmlNode monitor = root.child("monitor");
        return new Status(id, Long.parseLong(root.attr("pid")), Long.parseLong(root.attr("starttime")),
                Path.of(monitor.attr("path")), state < 0 ? 1 : state, Integer.parseInt(root.attr("reason")), live,
                QemuBlockJobStatus.read(root));
    }

    /** An attribute of the first element of {@code xml}. */
    private static String attr(String xml, String name) {
        int end = xml.indexOf('>');
        String head = xml.substring(0, end);
        int i = head.indexOf(" " + name + "='");
        if (i < 0) {
            throw VirException.of(ErrorNumber.XML_ERROR, ErrorDomain.QEMU, "status file lacks the domain " + name);
        }
        int s = i + name.length() + 3;
        return head.substring(s, head.indexOf('\'', s));
    }
}
