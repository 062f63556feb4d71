package org.jvirt.rpc.transport;

import java.io.IOException;

/** A listening socket: unix, TCP or TLS. {@link #close} makes a blocked {@link #accept} fail. */
public interface Listener extends AutoCloseable {
    /** Waits for the next client. The connection is not {@link Connection#start started} yet. */
    Connection accept() throws IOException;

    /** What the listener is bound to, e.g. "/run/jvirt/libvirt-sock" or "0.0.0.0:16509". */
    String address();

    @Override
    void close();
}
