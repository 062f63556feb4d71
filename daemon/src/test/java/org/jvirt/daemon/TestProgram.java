package org.jvirt.daemon;

import org.jvirt.core.VirException;
import org.jvirt.rpc.protocol.Procedure;
import org.jvirt.rpc.protocol.remote.ConnectGetHostnameRet;
import org.jvirt.rpc.protocol.remote.RemoteConstants;
import org.jvirt.rpc.protocol.remote.RemoteProcedures;
import org.jvirt.rpc.server.ClientSession;
import org.jvirt.rpc.server.ProgramHandler;

/** Stands in for module remote's RemoteProgram (found by ServiceLoader): the hostname names the session. */
public final class TestProgram implements ProgramHandler {
    @Override
    public int program() {
        return RemoteConstants.PROGRAM;
    }

    @Override
    public int version() {
        return RemoteConstants.PROTOCOL_VERSION;
    }

    @Override
    public Object handle(ClientSession client, Procedure<?, ?> procedure, Object args) {
        if (procedure == RemoteProcedures.CONNECT_GET_HOSTNAME) {
            return new ConnectGetHostnameRet("test " + client.transport() + " ro=" + client.readOnly());
        }
        throw VirException.noSupport(procedure.name());
    }
}
