package org.jvirt.api;

import java.util.UUID;
import org.jvirt.spi.Refs.SecretRef;

/** A secret handle ({@code virSecretPtr}). */
public final class Secret {
    private final Connect conn;
    private final SecretRef ref;

    Secret(Connect conn, SecretRef ref) {
        this.conn = conn;
        this.ref = ref;
    }

    public SecretRef ref() { return ref; }

    public Connect getConnect() { return conn; }

    public UUID getUUID() { return ref.uuid(); }

    public String getUUIDString() { return ref.uuid().toString(); }

    public int getUsageType() { return ref.usageType(); }

    public String getUsageID() { return ref.usageId(); }

    public String getXMLDesc(int flags) { return conn.d().secrets().getXMLDesc(ref, flags); }

    public void setValue(byte[] value, int flags) {
        conn.checkWritable("virSecretSetValue");
        conn.d().secrets().setValue(ref, value, flags);
    }

    /** Read-only connections may not read secret values, as in libvirt. */
    public byte[] getValue(int flags) {
        conn.checkWritable("virSecretGetValue");
        return conn.d().secrets().getValue(ref, flags);
    }

    public void undefine() { conn.checkWritable("virSecretUndefine"); conn.d().secrets().undefine(ref); }
}
