package org.jvirt.api;

import org.jvirt.spi.Refs.InterfaceRef;

/** A host interface handle ({@code virInterfacePtr}). */
public final class Interface {
    private final Connect conn;
    private final InterfaceRef ref;

    Interface(Connect conn, InterfaceRef ref) {
        this.conn = conn;
        this.ref = ref;
    }

    public InterfaceRef ref() { return ref; }

    public Connect getConnect() { return conn; }

    public String getName() { return ref.name(); }

    public String getMACString() { return ref.mac(); }

    public String getXMLDesc(int flags) { return conn.d().interfaces().getXMLDesc(ref, flags); }

    public void undefine() { conn.checkWritable("virInterfaceUndefine"); conn.d().interfaces().undefine(ref); }

    public void create(int flags) { conn.checkWritable("virInterfaceCreate"); conn.d().interfaces().create(ref, flags); }

    public void destroy(int flags) {
        conn.checkWritable("virInterfaceDestroy");
        conn.d().interfaces().destroy(ref, flags);
    }

    public boolean isActive() { return conn.d().interfaces().isActive(ref); }
}
