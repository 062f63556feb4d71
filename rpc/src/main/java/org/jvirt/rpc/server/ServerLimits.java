package org.jvirt.rpc.server;

/**
 * The server's limits, libvirtd.conf's names and defaults.
 *
 * @param maxClients {@code max_clients}: further clients wait in the listen backlog
 * @param maxWorkers {@code max_workers}: calls running at once over all clients
 * @param prioWorkers {@code prio_workers}: extra slots only high-priority procedures may use
 * @param maxClientRequests {@code max_client_requests}: calls in flight per client; the server stops reading a
 *     client that has this many
 * @param keepaliveInterval {@code keepalive_interval} seconds of silence before a ping; -1 disables
 * @param keepaliveCount {@code keepalive_count} unanswered pings before the client is dropped; 0 disables
 * @param eventQueue events and pings waiting for one client; a client that lets it overflow is disconnected
 */
public record ServerLimits(int maxClients, int maxWorkers, int prioWorkers, int maxClientRequests,
                           int keepaliveInterval, int keepaliveCount, int eventQueue) {
    public ServerLimits {
        if (maxClients < 1 || maxWorkers < 1 || prioWorkers < 0 || maxClientRequests < 1 || eventQueue < 1) {
            throw new IllegalArgumentException("invalid server limits");
        }
    }

    public static ServerLimits defaults() {
        return new ServerLimits(5000, 20, 5, 5, 5, 5, 1024);
    }

    public ServerLimits withKeepalive(int interval, int count) {
        return new ServerLimits(maxClients, maxWorkers, prioWorkers, maxClientRequests, interval, count, eventQueue);
    }

    boolean keepaliveEnabled() {
        return keepaliveInterval > 0 && keepaliveCount > 0;
    }
}
