package org.jvirt.qemu.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.jvirt.api.event.DomainEvent;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.domain.DeviceKind;
import org.jvirt.model.domain.DomainDef;
import org.jvirt.model.domain.DomainDevice;
import org.jvirt.model.domain.XmlElem;
import org.jvirt.qemu.command.QemuBuildContext;
import org.jvirt.qemu.monitor.Json;
import org.jvirt.qemu.monitor.QemuAgent;
import org.jvirt.spi.support.DomainStates;

/**
 * The guest agent's channel over a domain's life (libvirt's qemuConnectAgent, processSerialChangedEvent,
 * qemuDomainAgentAvailable). At start every virtio {@code <channel type='unix'>} without a path gets libvirt's
 * generated one, {@code LIBDIR/channel/target/domain-ID-NAME/TARGETNAME}, and the state {@code disconnected}. QEMU
 * reports the guest opening or closing its end of a port with VSERPORT_CHANGE: the live XML's {@code <target
 * state>} follows, and for the agent's port jvirt connects to (or drops) the socket and emits AGENT_LIFECYCLE.
 */
final class QemuAgents {
    private static final System.Logger LOG = System.getLogger("org.jvirt.qemu.driver");
    static final String AGENT_NAME = "org.qemu.guest_agent.0";
    /** VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_STATE_* and _REASON_*. */
    static final int STATE_CONNECTED = 1;
    static final int STATE_DISCONNECTED = 2;
    static final int REASON_DOMAIN_STARTED = 1;
    static final int REASON_CHANNEL = 2;

    private final QemuDriver driver;

    QemuAgents(QemuDriver driver) {
        this.driver = driver;
    }

    /** qemuFindAgentConfig: the virtio channel named org.qemu.guest_agent.0, or null. */
    static DomainDevice agentConfig(DomainDef def) {
        for (DomainDevice d : def.devices(DeviceKind.CHANNEL)) {
            XmlElem t = d.xml().child("target");
            if (t != null && "virtio".equals(t.attr("type")) && AGENT_NAME.equals(t.attr("name"))) {
                return d;
            }
        }
        return null;
    }

    /** libvirt's per-domain channel directory, {@code cfg->channelTargetDir/domain-ID-NAME}. */
    private Path channelDir(int id, String name) {
        return Path.of(QemuBuildContext.domainDir(driver.config.libDir().resolve("channel/target").toString(), id,
                name));
    }

    /** qemuDomainPrepareChannel + the channel directory: the live definition with generated socket paths. */
    DomainDef prepare(DomainDef live, int id) {
        DomainDef out = live;
        Path dir = channelDir(id, live.name());
        boolean made = false;
        for (DomainDevice d : live.devices(DeviceKind.CHANNEL)) {
            XmlElem x = d.xml();
            XmlElem t = x.child("target");
            if (t == null || !"virtio".equals(t.attr("type")) || !"unix".equals(x.attr("type"))) {
                continue;
            }
            XmlElem src = x.child("source");
            if (src == null || src.attr("path") == null) {
                if (t.attr("name") == null) {
                    continue; // libvirt names these vioser-CC-BB-PP.sock after the address; not handled here
                }
                String path = dir.resolve(t.attr("name")).toString();
                x = src == null ? x.insertChild(XmlElem.of("source", "mode", "bind", "path", path), 0)
                        : x.withChild("source", src.withAttr("mode", src.attr("mode") == null ? "bind"
                        : src.attr("mode")).withAttr("path", path));
                made = true;
            }
            x = x.withChild("target", t.withAttr("state", "disconnected"));
            out = out.replaceDevice(d, d.withXml(x));
        }
        if (made) {
            try {
                Files.createDirectories(dir);
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (IOException e) {
                throw VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.QEMU,
                        "Cannot create directory '" + dir + "': " + e.getMessage());
            }
        }
        return out;
    }

    /** The domain stopped: drop the agent and the channel directory. */
    void release(QemuDomainObj obj, int id, String name) {
        disconnect(obj);
        QemuProcess.deleteTree(channelDir(id, name));
    }

    /**
     * Drops the agent connection only (the driver shuts down, the guest closed its port). QEMU's chardev serves one
     * client at a time, so a connection left open would keep the next daemon from talking to the agent.
     */
    void disconnect(QemuDomainObj obj) {
        QemuAgent a;
        synchronized (obj) {
            a = obj.agent;
            obj.agent = null;
        }
        if (a != null) {
            a.close();
        }
    }

    /** VSERPORT_CHANGE {"id": ALIAS, "open": bool}: the guest opened or closed its end of a virtio port. */
    void serialChanged(QemuDomainObj obj, Json.Obj data) {
        if (data == null || data.str("id") == null) {
            return;
        }
        String alias = data.str("id");
        boolean open = data.bool("open", false);
        boolean isAgent = false;
        synchronized (obj) {
            if (obj.live == null) {
                return;
            }
            for (DomainDevice d : obj.live.devices(DeviceKind.CHANNEL)) {
                XmlElem t = d.xml().child("target");
                if (alias.equals(d.alias()) && t != null && "virtio".equals(t.attr("type"))) {
                    obj.live = obj.live.replaceDevice(d, d.withXml(d.xml().withChild("target",
                            t.withAttr("state", open ? "connected" : "disconnected"))));
                    isAgent = AGENT_NAME.equals(t.attr("name"));
                    break;
                }
            }
        }
        driver.process.writeStatusQuietly(obj);
        if (!isAgent) {
            return;
        }
        if (open) {
            connect(obj);
        } else {
            disconnect(obj);
        }
        driver.emit(new DomainEvent.AgentLifecycle(obj.ref(), open ? STATE_CONNECTED : STATE_DISCONNECTED,
                REASON_CHANNEL));
    }

    /** A restarted daemon reconnects to an agent whose port the guest had open. */
    void reconnected(QemuDomainObj obj) {
        DomainDevice c;
        synchronized (obj) {
            c = obj.live == null ? null : agentConfig(obj.live);
        }
        XmlElem t = c == null ? null : c.xml().child("target");
        if (t != null && "connected".equals(t.attr("state"))) {
            connect(obj);
        }
    }

    /** qemuConnectAgent: the channel must be a unix socket; failures leave the domain without an agent. */
    private void connect(QemuDomainObj obj) {
        String path;
        String name;
        synchronized (obj) {
            if (obj.agent != null || obj.live == null) {
                return;
            }
            DomainDevice c = agentConfig(obj.live);
            XmlElem src = c == null ? null : c.xml().child("source");
            if (c == null || !"unix".equals(c.xml().attr("type")) || src == null || src.attr("path") == null) {
                return;
            }
            path = src.attr("path");
            name = obj.live.name();
        }
        try {
            QemuAgent[] self = new QemuAgent[1];
            QemuAgent a = QemuAgent.connect(name, Path.of(path), () -> {
                synchronized (obj) {
                    if (obj.agent == self[0]) {
                        obj.agent = null;
                    }
                }
            });
            self[0] = a;
            boolean keep;
            synchronized (obj) {
                keep = obj.isActive() && obj.agent == null;
                if (keep) {
                    obj.agent = a;
                }
            }
            if (!keep) {
                a.close();
            }
        } catch (VirException e) {
            LOG.log(System.Logger.Level.WARNING, "{0}: cannot connect to the guest agent: {1}", name,
                    e.getMessage());
        }
    }

    /**
     * qemuDomainAgentAvailable: the agent of a running domain, or why there is none — not running, configured but
     * the guest has not opened the port ("QEMU guest agent is not connected"), or not configured.
     */
    static QemuAgent available(QemuDomainObj obj) {
        synchronized (obj) {
            if (!obj.isActive() || obj.state != DomainStates.RUNNING) {
                throw QemuErrors.operationInvalid("domain is not running");
            }
            if (obj.agent == null || !obj.agent.isRunning()) {
                if (agentConfig(obj.live) != null) {
                    throw VirException.of(ErrorNumber.AGENT_UNRESPONSIVE, ErrorDomain.QEMU,
                            "QEMU guest agent is not connected");
                }
                throw QemuErrors.argumentUnsupported("QEMU guest agent is not configured");
            }
            return obj.agent;
        }
    }

    /** The domain has an agent channel configured (whether or not the guest answers on it). */
    static boolean configured(QemuDomainObj obj) {
        synchronized (obj) {
            return agentConfig(obj.current()) != null;
        }
    }

    /** The agent is connected now (libvirt's {@code priv->agent != NULL}). */
    static boolean connected(QemuDomainObj obj) {
        synchronized (obj) {
            return obj.agent != null && obj.agent.isRunning();
        }
    }
}
