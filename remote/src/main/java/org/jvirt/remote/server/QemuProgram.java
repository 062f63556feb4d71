package org.jvirt.remote.server;

import static org.jvirt.rpc.protocol.qemu.QemuProcedures.*;

import org.jvirt.rpc.protocol.Procedure;
import org.jvirt.rpc.protocol.qemu.DomainAgentCommandRet;
import org.jvirt.rpc.protocol.qemu.DomainMonitorCommandRet;
import org.jvirt.rpc.protocol.qemu.QemuConstants;
import org.jvirt.rpc.server.ClientSession;
import org.jvirt.rpc.server.ProgramHandler;

/**
 * The QEMU program ({@code qemu_protocol.x}): monitor and agent pass-through on the connection the client opened
 * with the REMOTE program, as libvirtd's qemu dispatch shares the client's {@code virConnectPtr}.
 */
public final class QemuProgram implements ProgramHandler {
    private final Bindings bindings = new Bindings(QemuConstants.PROGRAM);

    public QemuProgram() {
        bindings.bind(DOMAIN_MONITOR_COMMAND, (c, a) -> new DomainMonitorCommandRet(
                c.dom(a.dom()).qemuMonitorCommand(a.cmd(), a.flags())));
        bindings.bind(DOMAIN_AGENT_COMMAND, (c, a) -> new DomainAgentCommandRet(
                c.dom(a.dom()).qemuAgentCommand(a.cmd(), a.timeout(), a.flags())));
        // Attaching foreign QEMU processes, QMP event streams and fd passing are not offered by jvirt's API.
        bindings.unsupported(DOMAIN_ATTACH, CONNECT_DOMAIN_MONITOR_EVENT_REGISTER,
                CONNECT_DOMAIN_MONITOR_EVENT_DEREGISTER, DOMAIN_MONITOR_COMMAND_WITH_FILES);
    }

    @Override
    public int program() { return QemuConstants.PROGRAM; }

    @Override
    public int version() { return QemuConstants.PROTOCOL_VERSION; }

    public Bindings bindings() { return bindings; }

    @Override
    public Object handle(ClientSession client, Procedure<?, ?> procedure, Object args) {
        return bindings.find(procedure).apply(RemoteProgram.context(client), args);
    }
}
