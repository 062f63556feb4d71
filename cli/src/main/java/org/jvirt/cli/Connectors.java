package org.jvirt.cli;

import org.jvirt.api.Connect;

/** The connectors jvirsh can use. */
final class Connectors {
    private Connectors() {}

    /** Opens connections through jvirt's public API (drivers found by ServiceLoader). */
    static Connector defaultConnector() {
        return (uri, readonly) -> Session.of(readonly ? Connect.openReadOnly(uri) : Connect.open(uri));
    }
}
