package org.jvirt.api;

import java.util.UUID;
import org.jvirt.spi.Refs.NWFilterRef;

/** A network filter handle ({@code virNWFilterPtr}). */
public final class NWFilter {
    private final Connect conn;
    private final NWFilterRef ref;

    NWFilter(Connect conn, NWFilterRef ref) {
        this.conn = conn;
        this.ref = ref;
    }

    public NWFilterRef ref() { return ref; }

    public String getName() { return ref.name(); }

    public UUID getUUID() { return ref.uuid(); }

    public String getUUIDString() { return ref.uuid().toString(); }

    public String getXMLDesc(int flags) { return conn.d().nwfilters().getXMLDesc(ref, flags); }

    public void undefine() { conn.checkWritable("virNWFilterUndefine"); conn.d().nwfilters().undefine(ref); }
}
