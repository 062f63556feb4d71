package org.jvirt.qemu.driver;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jvirt.model.xml.XmlNode;
import org.jvirt.model.xml.XmlWriter;
import org.jvirt.qemu.driver.QemuBlockJobs.Job;
import org.jvirt.qemu.driver.QemuDiskChain.Layer;
import org.jvirt.qemu.monitor.Json;
import org.jvirt.qemu.monitor.QmpConnection;

/**
 * Block jobs across a daemon restart (libvirt's {@code <blockjobs>} in the status XML and qemuBlockJobRefreshJobs):
 * what a job needs to be finished by a new daemon — its QEMU job id, disk, type, state, the chain it started from and
 * the copy's target node — is written into the domain's status file while the job runs; on reconnect each saved job
 * is matched against QEMU's {@code query-jobs}: still running, became ready while nobody watched (the READY event
 * is replayed), concluded (processed now, as its event would have been), or gone (forgotten).
 */
final class QemuBlockJobStatus {
    private static final System.Logger LOG = System.getLogger(QemuBlockJobStatus.class.getName());
    private static final String[] TYPES = {"", "pull", "copy", "commit", "active-commit"};

    /** A job as the status file keeps it. */
    record Saved(String name, String disk, int type, String state, String mirrorNode, boolean deleteCommitted,
                 List<Layer> before) {}

    private QemuBlockJobStatus() {}

    /** The {@code <blockjobs>} element of the status file, or nothing when no job runs. */
    static void write(StringBuilder sb, Collection<Job> jobs) {
        if (jobs.isEmpty()) {
            return;
        }
        sb.append("  <blockjobs active='yes'>\n");
        for (Job j : jobs) {
            sb.append("    <blockjob name='").append(XmlWriter.escape(j.name)).append("' type='")
                    .append(TYPES[j.type]).append("' state='").append(j.state).append("' disk='")
                    .append(XmlWriter.escape(j.disk)).append('\'');
            if (j.mirrorNode != null) {
                sb.append(" mirrorNode='").append(XmlWriter.escape(j.mirrorNode)).append('\'');
            }
            if (j.deleteCommitted) {
                sb.append(" delete='yes'");
            }
            sb.append(">\n");
            for (Layer l : j.before) {
                sb.append("      <layer file='").append(XmlWriter.escape(l.file())).append("' format='")
                        .append(XmlWriter.escape(l.format())).append("' node='").append(XmlWriter.escape(l.node()))
                        .append("'/>\n");
            }
            sb.append("    </blockjob>\n");
        }
        sb.append("  </blockjobs>\n");
    }

    /** The saved jobs of a status file's root element (none in a file from before jobs were saved). */
    static List<Saved> read(XmlNode domstatus) {
        XmlNode jobs = domstatus.child("blockjobs");
        if (jobs == null) {
            return List.of();
        }
        List<Saved> out = new ArrayList<>();
        for (XmlNode j : jobs.children("blockjob")) {
            int type = List.of(TYPES).indexOf(j.attr("type"));
            if (type <= 0 || j.attr("name") == null || j.attr("disk") == null) {
                continue;
            }
            List<Layer> before = new ArrayList<>();
            for (XmlNode l : j.children("layer")) {
                before.add(new Layer(l.attr("file"), l.attr("format"), l.attr("node")));
            }
            String state = j.attr("state");
            out.add(new Saved(j.attr("name"), j.attr("disk"), type, state == null ? "running" : state,
                    j.attr("mirrorNode"), "yes".equals(j.attr("delete")), List.copyOf(before)));
        }
        return out;
    }

    /** After the monitor is back: each saved job takes up where QEMU is now. */
    static void restore(QemuDriver driver, QemuDomainObj obj, QmpConnection mon, List<Saved> saved) {
        if (saved.isEmpty()) {
            return;
        }
        Map<String, Json.Obj> inQemu = new HashMap<>();
        try {
            for (Json j : ((Json.Arr) QemuDiskChain.qmp(mon, "query-jobs", null)).items()) {
                Json.Obj q = (Json.Obj) j;
                inQemu.put(q.str("id"), q);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "{0}: cannot list block jobs: {1}", obj.name(), e.getMessage());
            return;
        }
        for (Saved s : saved) {
            Json.Obj q = inQemu.get(s.name());
            if (q == null) {
                LOG.log(System.Logger.Level.INFO, "{0}: block job {1} is gone from QEMU", obj.name(), s.name());
                continue;
            }
            Job job = new Job(s.name(), s.disk(), s.type(), mon, s.before(), s.mirrorNode(), s.deleteCommitted());
            job.state = s.state();
            obj.blockJobs.put(s.disk(), job);
            String status = q.str("status");
            if ("ready".equals(status) && job.state.equals("running")) {
                QemuBlockJobs.ready(driver, obj, job);
            } else if ("concluded".equals(status)) {
                Thread.ofVirtual().name("qemu-blockjob-" + s.name())
                        .start(() -> QemuBlockJobs.conclude(driver, obj, job));
            }
        }
    }
}
