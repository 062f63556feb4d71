package org.jvirt.qemu.driver;

import java.util.ArrayList;
import java.util.List;
import org.jvirt.api.Records.DomainInterface;
import org.jvirt.api.Records.IPAddress;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.host.Command;
import org.jvirt.model.domain.DeviceKind;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDevice;
import org.jvirt.model.domain.XmlElem;
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

    /** VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_*. */
    static final int SRC_LEASE = 0;
    static final int SRC_AGENT = 1;
    static final int SRC_ARP = 2;

    /**
     * qemuDomainInterfaceAddresses. ARP: the host's neighbour table (read with {@code ip neigh}, so it works in the
     * driver's network namespace too) matched by each interface's MAC, one entry per address found. LEASE: only
     * {@code type='network'} interfaces have leases, and jvirt has no network driver yet, so none. AGENT: needs the
     * guest agent, which jvirt does not speak yet.
     */
    @Override
    public List<DomainInterface> interfaceAddresses(DomainRef dom, int source, int flags) {
        QemuErrors.checkFlags(flags, 0, "qemuDomainInterfaceAddresses");
        QemuDomainObj obj = driver.find(dom);
        DomainDef live;
        synchronized (obj) {
            if (!obj.isActive()) {
                throw QemuErrors.notRunning();
            }
            live = obj.live;
        }
        return switch (source) {
            case SRC_LEASE -> List.of();
            case SRC_AGENT -> throw VirException.of(ErrorNumber.ARGUMENT_UNSUPPORTED, ErrorDomain.QEMU,
                    "QEMU guest agent is not configured");
            case SRC_ARP -> arp(live);
            default -> throw VirException.of(ErrorNumber.ARGUMENT_UNSUPPORTED, ErrorDomain.QEMU,
                    "Unknown IP address data source " + source);
        };
    }

    private List<DomainInterface> arp(DomainDef live) {
        String table = driver.config.host().run(Command.of("ip", "neigh", "show")).stdout();
        List<DomainInterface> out = new ArrayList<>();
        for (DomainDevice d : live.devices(DeviceKind.INTERFACE)) {
            String mac = d.mac();
            if (mac == null) {
                continue;
            }
            XmlElem target = d.xml().child("target");
            String name = target != null && target.attr("dev") != null ? target.attr("dev") : d.alias();
            for (String line : table.split("\n")) {
                String[] f = line.trim().split("\\s+");
                int ll = List.of(f).indexOf("lladdr");
                if (ll > 0 && ll + 1 < f.length && f[ll + 1].equalsIgnoreCase(mac) && !line.contains("FAILED")) {
                    int type = f[0].contains(":") ? 1 : 0;
                    out.add(new DomainInterface(name, mac, List.of(new IPAddress(type, f[0], 0))));
                }
            }
        }
        return out;
    }
}
