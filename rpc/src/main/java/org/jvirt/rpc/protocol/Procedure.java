package org.jvirt.rpc.protocol;

import java.util.List;

/**
 * One RPC procedure, declared once and shared by client and server: {@code REMOTE_PROC_DOMAIN_GET_STATE = 212}
 * with its argument and return records and the annotations of its comment in the {@code .x} file.
 *
 * <p>{@code args} is the body a caller sends ({@code *_args}); for an event ({@code *_msg}, sent by the server as a
 * {@code VIR_NET_MESSAGE}) it is the message body. {@code Void.class} stands for no body, as libvirt's
 * {@code xdr_void}.
 *
 * @param program the program number, e.g. {@code 0x20008086}
 * @param version the program's protocol version
 * @param number the procedure number within the program
 * @param name libvirt's name, e.g. {@code REMOTE_PROC_DOMAIN_GET_STATE}
 * @param acl the {@code @acl} rules, e.g. {@code domain:read}, {@code domain:write:VIR_DOMAIN_AFFECT_CONFIG}
 * @param aclFilter the {@code @aclfilter} rules applied to returned lists
 */
public record Procedure<A, R>(int program, int version, int number, String name, Class<A> args, Class<R> ret,
                              Priority priority, List<String> acl, List<String> aclFilter, Stream stream) {

    /** {@code @priority}: high-priority calls may run on the extra workers reserved for them. */
    public enum Priority { LOW, HIGH }

    /** {@code @readstream} (daemon → client data) / {@code @writestream} (client → daemon), or none. */
    public enum Stream { NONE, READ, WRITE }

    public Procedure {
        acl = List.copyOf(acl);
        aclFilter = List.copyOf(aclFilter);
    }

    /** True when the call carries no argument body. */
    public boolean hasArgs() {
        return args != Void.class;
    }

    /** True when the reply carries no body. */
    public boolean hasRet() {
        return ret != Void.class;
    }
}
