package org.jvirt.rpc.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jvirt.rpc.client.RpcClient;
import org.jvirt.rpc.protocol.remote.RemoteProcedures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Calls/s and p50/p99 latency of a trivial call (CONNECT_GET_HOSTNAME) on 1 and 8 unix connections. */
@Timeout(120)
class RpcThroughputTest {
    private static final long RUN_NANOS = 3_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void trivialCallThroughputAndLatency() throws Exception {
        try (RpcFixture f = new RpcFixture(dir, new ServerLimits(100, 20, 5, 5, -1, 0, 64))) {
            measure(f, 1, 500_000_000L);   // warm-up
            for (int conns : new int[] {1, 8}) {
                long[] lat = measure(f, conns, RUN_NANOS);
                Arrays.sort(lat);
                System.out.printf("RpcThroughputTest: %d connection(s): %.0f calls/s, p50 %.1f us, p99 %.1f us%n",
                        conns, lat.length / (RUN_NANOS / 1e9), lat[lat.length / 2] / 1e3,
                        lat[(int) (lat.length * 0.99)] / 1e3);
                assertTrue(lat.length > 100, "fewer than 100 calls in 3 s");
            }
        }
    }

    private static long[] measure(RpcFixture f, int conns, long nanos) throws Exception {
        List<RpcClient> clients = new ArrayList<>();
        for (int i = 0; i < conns; i++) {
            clients.add(f.client());
        }
        List<long[]> results = new ArrayList<>();
        try (var ex = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<long[]>> futures = new ArrayList<>();
            long end = System.nanoTime() + nanos;
            for (RpcClient c : clients) {
                futures.add(ex.submit(() -> {
                    long[] lat = new long[1 << 16];
                    int n = 0;
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        assertEquals("echo-host", c.call(RemoteProcedures.CONNECT_GET_HOSTNAME, null).hostname());
                        if (n == lat.length) {
                            lat = Arrays.copyOf(lat, n * 2);
                        }
                        lat[n++] = System.nanoTime() - t0;
                    }
                    return Arrays.copyOf(lat, n);
                }));
            }
            for (Future<long[]> r : futures) {
                results.add(r.get());
            }
        }
        for (RpcClient c : clients) {
            c.close();
        }
        return results.stream().flatMapToLong(Arrays::stream).toArray();
    }
}
