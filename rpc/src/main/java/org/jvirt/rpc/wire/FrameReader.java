package org.jvirt.rpc.wire;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

/**
 * Reads packets from a byte stream, one at a time, on the caller's (virtual) thread. The length word is checked
 * before anything is allocated for the packet, and the packet buffer grows with the bytes that actually arrive,
 * so a peer that announces 32 MiB and sends nothing costs little.
 *
 * <p>Not thread-safe: a connection has one reader thread. Does not own the stream.
 */
public final class FrameReader {
    private static final System.Logger LOG = System.getLogger("org.jvirt.rpc.wire");

    private final InputStream in;

    public FrameReader(InputStream in) {
        this.in = in;
    }

    /**
     * The next packet, or empty when the stream ends cleanly between packets.
     *
     * @throws VirException {@code VIR_ERR_RPC} for a bad length or header; {@code VIR_ERR_SYSTEM_ERROR} when the
     *     stream ends inside a packet, as libvirt's "End of file while reading data"
     * @throws IOException when the stream fails
     */
    public Optional<Message> read() throws IOException {
        byte[] word = in.readNBytes(Frames.LEN_SIZE);
        if (word.length == 0) {
            return Optional.empty();
        }
        if (word.length < Frames.LEN_SIZE) {
            throw endOfFile();
        }
        int lengthWord = ((word[0] & 0xff) << 24) | ((word[1] & 0xff) << 16) | ((word[2] & 0xff) << 8)
                | (word[3] & 0xff);
        int len = Frames.bodyLength(lengthWord);
        // readNBytes(n) fills chunk by chunk: memory follows the bytes received, not the length claimed.
        byte[] body = in.readNBytes(len);
        if (body.length < len) {
            throw endOfFile();
        }
        Message m = Frames.decode(body);
        LOG.log(System.Logger.Level.TRACE, () -> "RPC_READ len=" + (len + Frames.LEN_SIZE) + " " + m.header());
        return Optional.of(m);
    }

    static VirException endOfFile() {
        // virReportSystemError(EIO, ...) in virnetsocket.c: the strerror text follows the message.
        return VirException.of(ErrorNumber.SYSTEM_ERROR, ErrorDomain.RPC,
                "End of file while reading data: Input/output error");
    }
}
