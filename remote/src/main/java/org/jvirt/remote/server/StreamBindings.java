package org.jvirt.remote.server;

import static org.jvirt.rpc.protocol.remote.RemoteProcedures.*;

import org.jvirt.api.Stream;
import org.jvirt.rpc.protocol.remote.DomainScreenshotRet;
import org.jvirt.rpc.server.ProgramHandler.StreamReply;
import org.jvirt.rpc.stream.StreamEndpoint;

/**
 * The stream-opening procedures: each binds a fresh API {@link Stream} of the client's Connect to the transfer and
 * hands it to the runtime, which pumps {@code VIR_NET_STREAM} packets through it.
 */
final class StreamBindings {
    private StreamBindings() {}

    static void install(Bindings b) {
        b.stream(STORAGE_VOL_UPLOAD, (c, a) -> {
            Stream s = c.conn().newStream(0);
            c.vol(a.vol()).upload(s, a.offset(), a.length(), a.flags());
            return new StreamReply(null, endpoint(s));
        });
        b.stream(STORAGE_VOL_DOWNLOAD, (c, a) -> {
            Stream s = c.conn().newStream(0);
            c.vol(a.vol()).download(s, a.offset(), a.length(), a.flags());
            return new StreamReply(null, endpoint(s));
        });
        b.stream(DOMAIN_OPEN_CONSOLE, (c, a) -> {
            Stream s = c.conn().newStream(0);
            c.dom(a.dom()).openConsole(a.devName(), s, a.flags());
            return new StreamReply(null, endpoint(s));
        });
        b.stream(DOMAIN_OPEN_CHANNEL, (c, a) -> {
            Stream s = c.conn().newStream(0);
            c.dom(a.dom()).openChannel(a.name(), s, a.flags());
            return new StreamReply(null, endpoint(s));
        });
        b.stream(DOMAIN_SCREENSHOT, (c, a) -> {
            Stream s = c.conn().newStream(0);
            String mime = c.dom(a.dom()).screenshot(s, a.screen(), a.flags());
            return new StreamReply(new DomainScreenshotRet(mime), endpoint(s));
        });
    }

    /** The runtime's view of an API stream. */
    static StreamEndpoint endpoint(Stream s) {
        return new StreamEndpoint() {
            @Override
            public void write(byte[] data, int offset, int length) { s.send(data, offset, length); }

            @Override
            public int read(byte[] buf, int offset, int length) { return s.recv(buf, offset, length); }

            @Override
            public void finish() { s.finish(); }

            @Override
            public void abort() { s.close(); }
        };
    }
}
