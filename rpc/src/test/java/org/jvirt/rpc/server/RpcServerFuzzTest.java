package org.jvirt.rpc.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jvirt.rpc.client.RpcClient;
import org.jvirt.rpc.protocol.keepalive.KeepaliveConstants;
import org.jvirt.rpc.protocol.remote.ConnectFindStoragePoolSourcesArgs;
import org.jvirt.rpc.protocol.remote.NonnullStorageVol;
import org.jvirt.rpc.protocol.remote.RemoteConstants;
import org.jvirt.rpc.protocol.remote.StorageVolUploadArgs;
import org.jvirt.rpc.transport.Connection;
import org.jvirt.rpc.wire.Frames;
import org.jvirt.rpc.wire.MessageHeader;
import org.jvirt.rpc.wire.MessageStatus;
import org.jvirt.rpc.wire.MessageType;
import org.jvirt.xdr.XdrCodecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random and mutated packets against an in-process server: at least 100,000 per run within about 60 s. Afterwards
 * the server must answer a normal call, have dropped every fuzzing client, and hold no more heap than a fixed bound.
 */
@Timeout(180)
class RpcServerFuzzTest {
    private static final int MIN_FRAMES = 100_000;
    private static final int TARGET_FRAMES = 150_000;
    private static final long TIME_LIMIT_NANOS = 60_000_000_000L;
    private static final long HEAP_BOUND = 256L << 20;
    private static final int[] PROGS = {RemoteConstants.PROGRAM, KeepaliveConstants.PROGRAM, 0x20008087, 0x00068000,
        0x06900690, 0, -1, 0x12345678};
    private static final int[] INTS = {0, 1, 2, 3, 4, 5, 6, 7, -1, 59, 75, 208, 209, 1000, Integer.MAX_VALUE,
        Integer.MIN_VALUE};

    @TempDir
    Path dir;

    private final XdrCodecs codecs = new XdrCodecs();
    private final Random rnd = new Random(Long.getLong("fuzz.seed", 20261125L));

    private static MessageHeader hdr(int prog, int proc, MessageType type, int serial, MessageStatus status) {
        return new MessageHeader(prog, 1, proc, type.code(), serial, status.code());
    }

    /** A well-formed packet of one of the kinds a client sends, with serial {@code serial}. */
    private byte[] base(int serial) {
        int r = RemoteConstants.PROGRAM;
        return switch (rnd.nextInt(9)) {
            case 0 -> Frames.encode(hdr(r, 59, MessageType.CALL, serial, MessageStatus.OK), codecs, null);
            case 1 -> Frames.encode(hdr(r, 75, MessageType.CALL, serial, MessageStatus.OK), codecs,
                    new ConnectFindStoragePoolSourcesArgs("echo", "x".repeat(rnd.nextInt(200)), 0));
            case 2 -> Frames.encode(hdr(r, 75, MessageType.CALL, serial, MessageStatus.OK), codecs,
                    new ConnectFindStoragePoolSourcesArgs("fail", "no", 0));
            case 3 -> Frames.encode(hdr(r, 75, MessageType.CALL, serial, MessageStatus.OK), codecs,
                    new ConnectFindStoragePoolSourcesArgs("whoami", null, 0));
            case 4 -> Frames.encode(hdr(r, 208, MessageType.CALL, serial, MessageStatus.OK), codecs,
                    new StorageVolUploadArgs(new NonnullStorageVol("p", "v" + serial, "k"), 0, 10, 0));
            case 5 -> Frames.encodeRaw(hdr(r, 208, MessageType.STREAM, serial - rnd.nextInt(3),
                    MessageStatus.values()[rnd.nextInt(3)]), randomBytes(rnd.nextInt(64)));
            case 6 -> Frames.encode(new MessageHeader(KeepaliveConstants.PROGRAM, 1, 1 + rnd.nextInt(2),
                    MessageType.MESSAGE.code(), 0, 0), codecs, null);
            case 7 -> Frames.encodeRaw(hdr(r, rnd.nextInt(500), MessageType.CALL, serial, MessageStatus.OK),
                    randomBytes(rnd.nextInt(64)));
            default -> Frames.encodeRaw(hdr(r, 75, MessageType.CALL, serial, MessageStatus.OK),
                    randomBytes(rnd.nextInt(128)));
        };
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    private static void setLength(byte[] f) {
        int n = f.length;
        f[0] = (byte) (n >>> 24);
        f[1] = (byte) (n >>> 16);
        f[2] = (byte) (n >>> 8);
        f[3] = (byte) n;
    }

    private static void setInt(byte[] f, int at, int v) {
        f[at] = (byte) (v >>> 24);
        f[at + 1] = (byte) (v >>> 16);
        f[at + 2] = (byte) (v >>> 8);
        f[at + 3] = (byte) v;
    }

    /** A mutated packet; {@code kills[0]} tells whether its framing is broken (the server will hang up). */
    private byte[] mutate(byte[] f, boolean[] kills) {
        kills[0] = false;
        switch (rnd.nextInt(12)) {
            case 0, 1, 2 -> {
                for (int i = 0, n = 1 + rnd.nextInt(4); i < n; i++) {
                    int at = 4 + rnd.nextInt(f.length - 4);
                    f[at] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case 3, 4, 5 -> {
                int field = rnd.nextInt(6);
                int v = field == 0 ? PROGS[rnd.nextInt(PROGS.length)] : INTS[rnd.nextInt(INTS.length)];
                setInt(f, 4 + 4 * field, v);
            }
            case 6 -> {
                f = java.util.Arrays.copyOf(f, Math.max(4, f.length - 1 - rnd.nextInt(Math.max(1, f.length - 4))));
                setLength(f);
            }
            case 7 -> {
                int old = f.length;
                f = java.util.Arrays.copyOf(f, old + rnd.nextInt(256));
                for (int i = old; i < f.length; i++) {
                    f[i] = (byte) rnd.nextInt();
                }
                setLength(f);
            }
            case 8 -> {
                // A random length word: too small, too large (up to 4 GiB claimed), or bigger than what follows.
                int[] lens = {0, 1, 3, 4, 27, Frames.MESSAGE_MAX + 5, -1, Integer.MAX_VALUE, f.length + 1000};
                setInt(f, 0, lens[rnd.nextInt(lens.length)]);
                kills[0] = true;
            }
            case 9 -> {
                f = randomBytes(4 + rnd.nextInt(200));
                kills[0] = true;
            }
            default -> {
                // Unchanged: the server must keep working normally between the broken ones.
            }
        }
        if (f.length < 4 + MessageHeader.SIZE) {
            kills[0] = true;
        }
        return f;
    }

    private static Connection open(RpcFixture f, List<Thread> drains) throws IOException {
        Connection c = f.connect();
        drains.add(Thread.ofVirtual().start(() -> {
            InputStream in = c.input();
            byte[] buf = new byte[65536];
            try {
                while (in.read(buf) >= 0) {
                    // Discard replies: only the server's survival is checked.
                }
            } catch (IOException e) {
                // Closed.
            }
        }));
        return c;
    }

    @Test
    void serverSurvivesRandomAndMutatedFrames() throws Exception {
        ServerLimits limits = new ServerLimits(50, 20, 5, 5, -1, 0, 256);
        try (RpcFixture f = new RpcFixture(dir, limits)) {
            List<Thread> drains = new ArrayList<>();
            Connection c = open(f, drains);
            long start = System.nanoTime();
            int frames = 0;
            int reconnects = 0;
            int serial = 1;
            boolean[] kills = new boolean[1];
            while (frames < TARGET_FRAMES && System.nanoTime() - start < TIME_LIMIT_NANOS) {
                byte[] frame = mutate(base(serial++), kills);
                frames++;
                try {
                    c.output().write(frame);
                    c.output().flush();
                } catch (IOException e) {
                    kills[0] = true;
                }
                if (kills[0]) {
                    c.close();
                    c = open(f, drains);
                    reconnects++;
                }
            }
            c.close();
            double secs = (System.nanoTime() - start) / 1e9;
            System.out.printf("RpcServerFuzzTest: %d frames in %.1f s (%.0f frames/s), %d reconnects%n", frames,
                    secs, frames / secs, reconnects);
            assertTrue(frames >= MIN_FRAMES, "only " + frames + " frames in the time limit");

            for (Thread t : drains) {
                t.join(10_000);
            }
            RpcServerTest.waitFor(() -> f.server.clientCount() == 0);
            try (RpcClient ok = f.client()) {
                assertEquals("still alive", RpcFixture.run(ok, "echo", "still alive"));
            }
            f.program.uploads.clear();
            long used = usedHeapAfterGc();
            System.out.printf("RpcServerFuzzTest: used heap after GC %d MiB%n", used >> 20);
            assertTrue(used < HEAP_BOUND, "heap after fuzzing " + (used >> 20) + " MiB");
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        var mem = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return mem.getHeapMemoryUsage().getUsed();
    }
}
