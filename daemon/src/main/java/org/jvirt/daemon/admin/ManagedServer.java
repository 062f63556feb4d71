package org.jvirt.daemon.admin;

import java.util.Collection;
import org.jvirt.rpc.server.ClientSession;
import org.jvirt.rpc.server.RpcServer;
import org.jvirt.rpc.server.ServerLimits;

/**
 * One of the daemon's servers as the admin API names it ({@code virNetServer}: "libvirtd" or "admin"). The limits
 * the RPC runtime enforces are fixed for the server's life; {@code minWorkers} and {@code maxUnauthClients} are
 * only reported (jvirtd pre-starts no workers, and authenticates at the socket so no client ever waits
 * unauthenticated), which is why the admin API may change them at run time.
 */
public final class ManagedServer {
    private final String name;
    private final RpcServer server;
    private final ServerLimits limits;
    private volatile int minWorkers;
    private volatile int maxUnauthClients;

    public ManagedServer(String name, RpcServer server, ServerLimits limits, int minWorkers, int maxUnauthClients) {
        this.name = name;
        this.server = server;
        this.limits = limits;
        this.minWorkers = minWorkers;
        this.maxUnauthClients = maxUnauthClients;
    }

    public String name() {
        return name;
    }

    ServerLimits limits() {
        return limits;
    }

    int minWorkers() {
        return minWorkers;
    }

    void setMinWorkers(int minWorkers) {
        this.minWorkers = minWorkers;
    }

    int maxUnauthClients() {
        return maxUnauthClients;
    }

    void setMaxUnauthClients(int maxUnauthClients) {
        this.maxUnauthClients = maxUnauthClients;
    }

    Collection<? extends ClientSession> clients() {
        return server.clients();
    }

    int busyWorkers() {
        return server.busyWorkers();
    }

    int queuedCalls() {
        return server.queuedCalls();
    }
}
