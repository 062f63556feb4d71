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

/**
 * Guest-facing calls of the QEMU driver: the monitor pass-through (virDomainQemuMonitorCommand), interface
 * addresses, and the calls answered by the guest agent (QemuGuestAgentOps).
 */
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

    @Override
    public String qemuAgentCommand(DomainRef dom, String cmd, int timeout, int flags) {
        QemuErrors.checkFlags(flags, 0, "qemuDomainQemuAgentCommand");
        return QemuGuestAgentOps.command(driver.find(dom), cmd, timeout);
    }

    /** qemuDomainAgentSetResponseTimeout: seconds, or -2 (block, the default), -1 (default), 0 (no wait). */
    @Override
    public void agentSetResponseTimeout(DomainRef dom, int timeout, int flags) {
        QemuErrors.checkFlags(flags, 0, "qemuDomainAgentSetResponseTimeout");
        if (timeout < org.jvirt.qemu.monitor.QemuAgent.TIMEOUT_BLOCK) {
            throw VirException.of(ErrorNumber.INVALID_ARG, ErrorDomain.QEMU, "guest agent timeout '" + timeout
                    + "' is less than the minimum '" + org.jvirt.qemu.monitor.QemuAgent.TIMEOUT_BLOCK + "'");
        }
        QemuDomainObj obj = driver.find(dom);
        synchronized (obj) {
            obj.agentTimeout = timeout;
        }
    }

    @Override
    public org.jvirt.api.Records.DomainTime getTime(DomainRef dom, int flags) {
        QemuErrors.checkFlags(flags, 0, "qemuDomainGetTime");
        return QemuGuestAgentOps.getTime(driver.find(dom));
    }

    /**
     * qemuDomainSetTime: the guest agent sets the guest's clock; then QEMU's RTC stops re-injecting the ticks it
     * missed meanwhile (rtc-reset-reinjection, x86 only), as libvirt does.
     */
    @Override
    public void setTime(DomainRef dom, long seconds, int nseconds, int flags) {
        QemuErrors.checkFlags(flags, QemuGuestAgentOps.TIME_SYNC, "qemuDomainSetTime");
        QemuDomainObj obj = driver.find(dom);
        QemuGuestAgentOps.setTime(obj, seconds, nseconds, (flags & QemuGuestAgentOps.TIME_SYNC) != 0);
        String arch;
        synchronized (obj) {
            arch = obj.live == null ? null : obj.live.osArch();
        }
        if (arch == null || arch.equals("x86_64") || arch.equals("i686")) {
            obj.beginJob();
            try {
                QemuLifecycle.qmp(obj, "rtc-reset-reinjection", null);
            } finally {
                obj.endJob();
            }
        }
    }

    @Override
    public org.jvirt.core.param.TypedParams getGuestInfo(DomainRef dom, int types, int flags) {
        QemuErrors.checkFlags(flags, 0, "qemuDomainGetGuestInfo");
        return QemuGuestAgentOps.guestInfo(driver.find(dom), types);
    }

    @Override
    public int fsFreeze(DomainRef dom, List<String> mountpoints, int flags) {
        QemuErrors.checkFlags(flags, 0, "qemuDomainFSFreeze");
        return QemuGuestAgentOps.fsFreeze(driver.find(dom), mountpoints);
    }

    /** qemuDomainFSThaw: the agent thaws everything it froze (it cannot thaw a subset). */
    @Override
    public int fsThaw(DomainRef dom, List<String> mountpoints, int flags) {
        QemuErrors.checkFlags(flags, 0, "qemuDomainFSThaw");
        if (mountpoints != null && !mountpoints.isEmpty()) {
            throw QemuErrors.argumentUnsupported("specifying mountpoints is not supported");
        }
        return QemuGuestAgentOps.fsThaw(driver.find(dom));
    }

    /** VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_*. */
    static final int SRC_LEASE = 0;
    static final int SRC_AGENT = 1;
    static final int SRC_ARP = 2;

    /**
     * qemuDomainInterfaceAddresses. ARP: the host's neighbour table (read with {@code ip neigh}, so it works in the
     * driver's network namespace too) matched by each interface's MAC, one entry per address found. LEASE: only
     * {@code type='network'} interfaces have leases, and jvirt has no network driver yet, so none. AGENT: the guest
     * agent's guest-network-get-interfaces.
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
            case SRC_AGENT -> QemuGuestAgentOps.interfaces(obj);
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
