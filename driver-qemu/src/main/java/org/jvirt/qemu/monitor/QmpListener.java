package org.jvirt.qemu.monitor;

/**
 * Receives a connection's events, in order, on the connection's own event thread (a virtual thread), never on the
 * reader, so a listener may issue commands: their replies are matched on the reader. A slow listener delays later
 * events; once {@code QmpConnection.EVENT_QUEUE} events are waiting the reader blocks too (back-pressure rather than
 * dropping a SHUTDOWN), and a listener blocked on a command at that moment would wait for its timeout.
 */
public interface QmpListener {
    void onEvent(QmpEvent event);

    /** The connection ended; called once, after every pending command has failed. {@code cause} says why. */
    default void onDisconnect(QmpException.Disconnected cause) {}

    QmpListener NONE = e -> {};
}
