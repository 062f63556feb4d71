package org.jvirt.cli;

import org.jvirt.api.Connect;

/** An open hypervisor connection as jvirsh holds it; closing it is virsh's virConnectClose. */
public interface Session extends AutoCloseable {
    /** The connection commands work on. */
    Connect conn();

    @Override
    void close();

    /** A session over a connection of jvirt's API. */
    static Session of(Connect conn) {
        return new Session() {
            @Override
            public Connect conn() {
                return conn;
            }

            @Override
            public void close() {
                conn.close();
            }
        };
    }
}
