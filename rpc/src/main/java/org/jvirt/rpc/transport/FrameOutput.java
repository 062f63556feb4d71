package org.jvirt.rpc.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes whole, already encoded packets to a connection, one at a time, so that packets finished by different
 * threads (replies, events, stream data) never interleave. A writer blocked by a peer that does not read holds only
 * this connection's lock.
 */
public final class FrameOutput {
    private final OutputStream out;
    private final ReentrantLock lock = new ReentrantLock();

    public FrameOutput(OutputStream out) {
        this.out = out;
    }

    public void write(byte[] frame) throws IOException {
        lock.lock();
        try {
            out.write(frame);
            out.flush();
        } finally {
            lock.unlock();
        }
    }
}
