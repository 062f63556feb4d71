package org.jvirt.rpc.stream;

/**
 * One end of a libvirt data stream as the RPC runtime sees it (the daemon's side of an upload, download or console).
 * The runtime pumps {@code VIR_NET_STREAM} packets into {@link #write} and out of {@link #read}; the meaning of the
 * bytes belongs to whoever made the endpoint (e.g. the remote module adapting a driver's stream).
 */
public interface StreamEndpoint {
    /** Data the peer sent; blocks while the endpoint cannot take more (the packet stays unacknowledged). */
    void write(byte[] data, int offset, int length);

    /** Up to {@code length} bytes for the peer; 0 means end of stream. Blocks until data or end. */
    int read(byte[] buf, int offset, int length);

    /** The peer finished (status OK on an empty stream packet): commit. */
    void finish();

    /** The peer aborted, or the connection went away: discard. Idempotent. */
    void abort();
}
