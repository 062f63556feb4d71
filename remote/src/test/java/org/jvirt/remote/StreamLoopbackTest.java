package org.jvirt.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jvirt.api.Connect;
import org.jvirt.api.Stream;
import org.jvirt.api.StorageVol;
import org.jvirt.remote.client.RemoteDriverProvider;
import org.jvirt.remote.server.RemoteProgram;
import org.jvirt.spi.ConnectOps;
import org.jvirt.spi.DomainConsoles;
import org.jvirt.spi.DriverProvider;
import org.jvirt.spi.HypervisorConnection;
import org.jvirt.spi.Refs.DomainRef;
import org.jvirt.spi.Refs.StorageVolRef;
import org.jvirt.spi.StorageVolOps;
import org.jvirt.spi.StreamChannel;
import org.junit.jupiter.api.Test;

/** Volume upload/download and screenshots: the API stream of the client reaches the driver's stream channel. */
class StreamLoopbackTest {
    private static final byte[] CONTENT = "volume bytes: 0123456789".getBytes(StandardCharsets.US_ASCII);
    private final ByteArrayOutputStream uploaded = new ByteArrayOutputStream();
    private boolean committed;

    /** A driver whose one volume serves CONTENT and records what is uploaded. */
    private final DriverProvider fake = new DriverProvider() {
        @Override
        public String name() { return "Fake"; }

        @Override
        public OpenResult open(OpenRequest request) {
            if (request.uri() == null || !"fake".equals(request.uri().driver())) {
                return DriverProvider.declined();
            }
            return new OpenResult.Opened(new HypervisorConnection() {
                @Override
                public ConnectOps connect() { return () -> "FAKE"; }

                @Override
                public StorageVolOps storageVols() { return vols; }

                @Override
                public DomainConsoles consoles() { return consoles; }

                @Override
                public void close() {}
            });
        }
    };

    private final StorageVolOps vols = new StorageVolOps() {
        @Override
        public StorageVolRef lookupByKey(String key) { return new StorageVolRef("pool", "vol", key); }

        @Override
        public StreamChannel download(StorageVolRef vol, long offset, long length, int flags) {
            return reader(CONTENT, (int) offset);
        }

        @Override
        public StreamChannel upload(StorageVolRef vol, long offset, long length, int flags) {
            return new StreamChannel() {
                @Override public void send(byte[] data, int off, int len) { uploaded.write(data, off, len); }

                @Override public int recv(byte[] buf, int off, int len) { return 0; }

                @Override public void finish() { committed = true; }

                @Override public void abort() {}
            };
        }
    };

    private final DomainConsoles consoles = new DomainConsoles() {
        @Override
        public Screenshot screenshot(DomainRef dom, int screen, int flags) {
            return new Screenshot("image/png", reader(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, 0));
        }
    };

    private static StreamChannel reader(byte[] data, int start) {
        return new StreamChannel() {
            private int pos = start;

            @Override public void send(byte[] d, int off, int len) {}

            @Override public synchronized int recv(byte[] buf, int off, int len) {
                int n = Math.min(len, data.length - pos);
                System.arraycopy(data, pos, buf, off, n);
                pos += n;
                return n;
            }

            @Override public void finish() {}

            @Override public void abort() {}
        };
    }

    private Connect open() {
        RemoteProgram program = new RemoteProgram(RemoteProgram.OpenPolicy.probing(List.of(), List.of(fake)));
        return Connect.openAuth("fake+tcp://h/", null, 0,
                List.of(new RemoteDriverProvider((uri, ro, auth) -> new Loopback(program, false))));
    }

    private static byte[] readAll(Stream s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[5];
        for (int n; (n = s.recv(buf, 0, buf.length)) > 0; ) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    @Test
    void downloadAndUploadCrossTheStream() {
        try (Connect c = open()) {
            assertEquals("FAKE", c.getType());
            StorageVol vol = c.storageVolLookupByKey("/k");
            Stream down = c.newStream(0);
            vol.download(down, 3, 0, 0);
            assertArrayEquals(java.util.Arrays.copyOfRange(CONTENT, 3, CONTENT.length), readAll(down));
            down.finish();

            Stream up = c.newStream(0);
            vol.upload(up, 0, CONTENT.length, 0);
            up.send(CONTENT, 0, 10);
            up.send(CONTENT, 10, CONTENT.length - 10);
            up.finish();
            assertArrayEquals(CONTENT, uploaded.toByteArray());
            assertTrue(committed, "finish reached the driver");
        }
    }

    @Test
    void screenshotCarriesItsMimeTypeAndData() {
        try (Connect c = open()) {
            Stream s = c.newStream(0);
            String mime = org.jvirt.api.Handles.domain(c, new DomainRef("d", new java.util.UUID(0, 1), 1))
                    .screenshot(s, 0, 0);
            assertEquals("image/png", mime);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, readAll(s));
        }
    }
}
