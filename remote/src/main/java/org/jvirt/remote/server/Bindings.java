package org.jvirt.remote.server;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.rpc.protocol.Procedure;
import org.jvirt.rpc.server.ProgramHandler;

/**
 * The binding table: procedure number → a 1–3 line function onto the public API. A procedure is either bound or
 * listed as unsupported (answering VIR_ERR_NO_SUPPORT), so that a completeness test can enumerate the protocol.
 */
public final class Bindings {
    /** One binding: decoded arguments in, reply body out (null for Void). */
    @FunctionalInterface
    public interface Call<A, R> {
        R apply(ClientContext client, A args);
    }

    private final int program;
    private final Map<Integer, Call<Object, Object>> table = new HashMap<>();
    private final Set<Integer> unsupported = new HashSet<>();

    /** The table of one RPC program ({@code REMOTE_PROGRAM}, {@code QEMU_PROGRAM}, ...). */
    public Bindings(int program) {
        this.program = program;
    }

    @SuppressWarnings("unchecked")
    public <A, R> void bind(Procedure<A, R> p, Call<A, R> call) {
        if (p.program() != program) {
            throw new IllegalArgumentException(p.name() + " belongs to another program");
        }
        if (table.put(p.number(), (Call<Object, Object>) call) != null || unsupported.contains(p.number())) {
            throw new IllegalStateException("procedure bound twice: " + p.name());
        }
    }

    /**
     * A {@code @readstream}/{@code @writestream} binding: it answers a {@link ProgramHandler.StreamReply} (the
     * reply body and the stream), which the runtime unpacks, instead of the procedure's reply record.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <A> void stream(Procedure<A, ?> p, Call<A, ProgramHandler.StreamReply> call) {
        if (p.stream() == Procedure.Stream.NONE) {
            throw new IllegalStateException(p.name() + " opens no stream");
        }
        bind((Procedure) p, (Call) call);
    }

    /** A binding whose reply carries no body. */
    public <A> void run(Procedure<A, Void> p, BiConsumer<ClientContext, A> call) {
        bind(p, (c, a) -> {
            call.accept(c, a);
            return null;
        });
    }

    /** Procedures jvirtd does not implement: they answer VIR_ERR_NO_SUPPORT naming the procedure. */
    public void unsupported(Procedure<?, ?>... ps) {
        for (Procedure<?, ?> p : ps) {
            if (table.containsKey(p.number()) || !unsupported.add(p.number())) {
                throw new IllegalStateException("procedure listed twice: " + p.name());
            }
        }
    }

    /**
     * The bound libvirtd's generated dispatchers put on a caller's maxnames/maxids before calling the API: more
     * than the reply array may carry is a VIR_ERR_RPC error, e.g. "maxnames > REMOTE_NETWORK_LIST_MAX".
     */
    public static int max(int requested, int limit, String what) {
        if (requested > limit) {
            throw VirException.of(ErrorNumber.RPC, ErrorDomain.RPC, what);
        }
        return requested;
    }

    Call<Object, Object> find(Procedure<?, ?> p) {
        Call<Object, Object> c = p.program() == program ? table.get(p.number()) : null;
        if (c == null) {
            throw VirException.noSupport(apiName(p));
        }
        return c;
    }

    private static final java.util.Map<String, String> ACRONYMS = java.util.Map.ofEntries(
            java.util.Map.entry("SSH", "SSH"), java.util.Map.entry("XML", "XML"), java.util.Map.entry("UUID", "UUID"),
            java.util.Map.entry("ID", "ID"), java.util.Map.entry("CPU", "CPU"), java.util.Map.entry("SCSI", "SCSI"),
            java.util.Map.entry("WWN", "WWN"), java.util.Map.entry("MAC", "MAC"), java.util.Map.entry("NMI", "NMI"),
            java.util.Map.entry("FS", "FS"), java.util.Map.entry("PM", "PM"), java.util.Map.entry("SEV", "SEV"),
            java.util.Map.entry("URI", "URI"), java.util.Map.entry("IO", "Io"), java.util.Map.entry("DHCP", "DHCP"),
            java.util.Map.entry("NWFILTER", "NWFilter"), java.util.Map.entry("IOTHREAD", "IOThread"));

    /**
     * The public function a procedure stands for, as libvirtd names it in NO_SUPPORT errors:
     * REMOTE_PROC_DOMAIN_AUTHORIZED_SSH_KEYS_GET is virDomainAuthorizedSSHKeysGet; QEMU_PROC_CONNECT_DOMAIN_MONITOR_*
     * is virConnectDomainQemuMonitor*.
     */
    static String apiName(Procedure<?, ?> p) {
        String n = p.name().replaceFirst("^(REMOTE|QEMU|LXC|ADMIN)_PROC_", "");
        if (p.name().startsWith("QEMU_PROC_CONNECT_DOMAIN_MONITOR")) {
            n = n.replace("DOMAIN_MONITOR", "DOMAIN_QEMU_MONITOR");
        }
        StringBuilder b = new StringBuilder("vir");
        for (String w : n.split("_")) {
            String a = ACRONYMS.get(w);
            b.append(a != null ? a : w.isEmpty() ? "" : w.charAt(0) + w.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return b.toString();
    }

    public Set<Integer> bound() { return Collections.unmodifiableSet(table.keySet()); }

    public Set<Integer> unsupportedNumbers() { return Collections.unmodifiableSet(unsupported); }
}
