package org.jvirt.qemu.caps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jvirt.qemu.caps.QemuCapsProbe.Exchange;
import org.jvirt.qemu.monitor.FakeQmpPeer;
import org.jvirt.qemu.monitor.Json;
import org.jvirt.qemu.monitor.QmpConnection;
import org.jvirt.qemu.monitor.QmpListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Probes the real qemu-system-x86_64 (skipped when absent): cold probe, cache hit, cache invalidation, and a replay of
 * the recorded transcript through {@link FakeQmpPeer} that must give the same caps.
 */
class QemuCapsLiveTest {
    static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");

    @TempDir
    Path dir;

    @Test
    void probeCacheAndReplayAgree() throws Exception {
        assumeTrue(Files.isExecutable(QEMU), "qemu-system-x86_64 not installed; skipped");
        AtomicInteger probes = new AtomicInteger();
        List<List<List<Exchange>>> recorded = new ArrayList<>();
        QemuCapsCache.Prober live = QemuCapsCache.liveProber(dir.resolve("run"));
        QemuCapsCache.Prober counting = b -> {
            probes.incrementAndGet();
            List<List<Exchange>> t = live.probe(b);
            recorded.add(t);
            return t;
        };
        long t0 = System.nanoTime();
        QemuCaps cold = new QemuCapsCache(dir.resolve("cache"), counting).get(QEMU);
        long t1 = System.nanoTime();
        QemuCaps warm = new QemuCapsCache(dir.resolve("cache"), counting).get(QEMU);
        long t2 = System.nanoTime();
        System.out.printf("probe of %s: cold %.0f ms, from cache file %.0f ms (kvm probe: %s)%n", QEMU,
                (t1 - t0) / 1e6, (t2 - t1) / 1e6, cold.kvm() != null);
        assertEquals(1, probes.get(), "the second lookup is served from the cache file");
        assertEquals(cold, warm);

        assertEquals("x86_64", cold.arch());
        assertTrue(cold.version() >= 2_000_000, cold.versionString());
        assertTrue(cold.tcg().defaultMachine().isPresent());
        assertTrue(cold.tcg().machine("q35").isPresent(), "q35 alias resolves");
        assertTrue(cold.tcg().cpuModels().stream().anyMatch(c -> c.name().equals("qemu64") && c.usable()));
        assertTrue(cold.hasType("virtio-blk-pci"));
        assertFalse(cold.deviceProps().getOrDefault("virtio-blk-pci", List.of()).isEmpty());
        assertNotNull(cold.tcg().hostCpu(), "query-cpu-model-expansion of max");

        // Replaying the recorded TCG transcript through the fake peer asks the same questions and gets the same caps.
        List<Exchange> tcg = recorded.getFirst().getFirst();
        List<Json.Obj[]> pairs = tcg.stream().map(e -> new Json.Obj[] {e.request(), e.reply()}).toList();
        String replies = FakeQmpPeer.toReplies(pairs);
        try (FakeQmpPeer peer = FakeQmpPeer.start(dir.resolve("fake.sock"), concat(
                new FakeQmpPeer.Step.Expect("qmp_capabilities", null, FakeQmpPeer.ret(Json.object())),
                FakeQmpPeer.fromReplies(replies)));
             QmpConnection c = new QmpConnection("replay", QmpListener.NONE)) {
            c.connect(peer.socket(), QemuCapsProbe.TIMEOUT);
            List<Exchange> replayed = QemuCapsProbe.query(c, false);
            assertTrue(peer.failures().isEmpty(), peer.failures().toString());
            assertEquals(QemuCapsParser.parse(QEMU, tcg, List.of()), QemuCapsParser.parse(QEMU, replayed, List.of()));
        }
    }

    @SafeVarargs
    private static List<FakeQmpPeer.Step> concat(FakeQmpPeer.Step first, List<FakeQmpPeer.Step>... rest) {
        List<FakeQmpPeer.Step> l = new ArrayList<>();
        l.add(first);
        for (List<FakeQmpPeer.Step> r : rest) {
            l.addAll(r);
        }
        return l;
    }
}
