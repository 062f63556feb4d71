package org.jvirt.api;

import org.jvirt.spi.Refs.NWFilterBindingRef;

/** A network filter binding handle ({@code virNWFilterBindingPtr}). */
public final class NWFilterBinding {
    private final Connect conn;
    private final NWFilterBindingRef ref;

    NWFilterBinding(Connect conn, NWFilterBindingRef ref) {
        this.conn = conn;
        this.ref = ref;
    }

    public NWFilterBindingRef ref() { return ref; }

    public String getPortDev() { return ref.portdev(); }

    public String getFilterName() { return ref.filtername(); }

    public String getXMLDesc(int flags) { return conn.d().nwfilters().bindingGetXMLDesc(ref, flags); }

    public void delete() { conn.checkWritable("virNWFilterBindingDelete"); conn.d().nwfilters().bindingDelete(ref); }
}
