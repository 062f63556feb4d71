package org.jvirt.rpc.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.jvirt.rpc.protocol.keepalive.KeepaliveProcedures;
import org.jvirt.rpc.protocol.qemu.QemuProcedures;
import org.jvirt.rpc.protocol.remote.DomainGetStateArgs;
import org.jvirt.rpc.protocol.remote.DomainGetStateRet;
import org.jvirt.rpc.protocol.remote.DomainEventCallbackLifecycleMsg;
import org.jvirt.rpc.protocol.remote.RemoteProcedures;
import org.junit.jupiter.api.Test;

class ProcedureTableTest {
    @Test
    void findsProceduresByProgramAndNumber() {
        assertSame(RemoteProcedures.DOMAIN_GET_STATE, ProcedureTable.find(0x20008086, 212).orElseThrow());
        assertSame(KeepaliveProcedures.PONG, ProcedureTable.find(0x6b656570, 2).orElseThrow());
        assertSame(QemuProcedures.DOMAIN_MONITOR_COMMAND, ProcedureTable.find(0x20008087, 1).orElseThrow());
        assertEquals(Optional.empty(), ProcedureTable.find(0x20008086, 9999));
        assertEquals(Optional.empty(), ProcedureTable.find(0x12345678, 1));
        assertEquals(472, ProcedureTable.ALL.size());
    }

    @Test
    void declarationsCarryRecordsAndAnnotations() {
        Procedure<DomainGetStateArgs, DomainGetStateRet> p = RemoteProcedures.DOMAIN_GET_STATE;
        assertEquals("REMOTE_PROC_DOMAIN_GET_STATE", p.name());
        assertEquals(Procedure.Priority.HIGH, p.priority());
        assertEquals(List.of("domain:read"), p.acl());
        assertTrue(p.hasArgs() && p.hasRet());
        // Events take their *_msg record as the body the server sends.
        assertEquals(DomainEventCallbackLifecycleMsg.class, RemoteProcedures.DOMAIN_EVENT_CALLBACK_LIFECYCLE.args());
        assertEquals(Void.class, RemoteProcedures.DOMAIN_EVENT_CALLBACK_LIFECYCLE.ret());
        // Stream procedures and ACL filters come from the comment annotations.
        assertEquals(Procedure.Stream.READ, RemoteProcedures.STORAGE_VOL_DOWNLOAD.stream());
        assertEquals(Procedure.Stream.WRITE, RemoteProcedures.STORAGE_VOL_UPLOAD.stream());
        assertEquals(List.of("domain:getattr"), RemoteProcedures.CONNECT_LIST_ALL_DOMAINS.aclFilter());
        assertEquals(Procedure.Priority.LOW, RemoteProcedures.DOMAIN_CREATE_XML.priority());
    }
}
