package org.jvirt.qemu.driver;

import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.qemu.monitor.Json;
import org.jvirt.qemu.monitor.QmpException;
import org.jvirt.spi.DomainGuest;
import org.jvirt.spi.Refs.DomainRef;

/** Guest-facing calls of the QEMU driver: the monitor pass-through (virDomainQemuMonitorCommand). */
final class QemuGuest implements DomainGuest {
    /** VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP. */
    static final int MONITOR_COMMAND_HMP = 1;

    private final QemuDriver driver;

    QemuGuest(QemuDriver driver) {
        this.driver = driver;
    }

    /**
     * qemuDomainQemuMonitorCommand: QMP text goes to QEMU as given and its whole reply comes back; with the HMP
     * flag the text is a human monitor command wrapped in human-monitor-command, and the reply is its output.
     */
    @Override
    public String qemuMonitorCommand(DomainRef dom, String cmd, int flags) {
        QemuErrors.checkFlags(flags, MONITOR_COMMAND_HMP, "qemuDomainQemuMonitorCommand");
        QemuDomainObj obj = driver.find(dom);
        obj.beginJob();
        try {
            if ((flags & MONITOR_COMMAND_HMP) != 0) {
                Json r = QemuLifecycle.qmp(obj, "human-monitor-command", Json.object("command-line", cmd));
                return r instanceof Json.Str s ? s.value() : "";
            }
            Json parsed;
            try {
                parsed = Json.parse(cmd);
            } catch (RuntimeException e) {
                throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.QEMU, "cannot parse json " + cmd
                        + ": " + e.getMessage());
            }
            if (!(parsed instanceof Json.Obj o) || o.str("execute") == null) {
                throw VirException.of(ErrorNumber.INTERNAL_ERROR, ErrorDomain.QEMU,
                        "Unable to execute QEMU command: missing 'execute'");
            }
            Json.Obj args = o.obj("arguments");
            Json.Obj reply;
            try {
                Json ret = QemuLifecycle.monitor(obj).execute(o.str("execute"), args, QemuProcess.QMP_TIMEOUT);
                reply = o.has("id") ? Json.object("return", ret, "id", o.get("id")) : Json.object("return", ret);
            } catch (QmpException.CommandFailed e) {
                // the caller sees QEMU's error object, as libvirt returns the raw reply
                Json.Obj err = Json.object("class", e.errorClass(), "desc", e.desc());
                reply = o.has("id") ? Json.object("error", err, "id", o.get("id")) : Json.object("error", err);
            } catch (QmpException e) {
                throw e.toVirException();
            }
            return reply.write();
        } finally {
            obj.endJob();
        }
    }
}
