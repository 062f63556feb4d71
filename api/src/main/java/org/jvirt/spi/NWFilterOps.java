package org.jvirt.spi;

import java.util.List;
import java.util.UUID;
import org.jvirt.spi.Refs.NWFilterBindingRef;
import org.jvirt.spi.Refs.NWFilterRef;

/** Network filters and their bindings: libvirt's {@code virNWFilterDriver}. */
public interface NWFilterOps {
    default List<NWFilterRef> listAll(int flags) { throw Unsupported.of("virConnectListAllNWFilters"); }

    default int numOfNWFilters() { throw Unsupported.of("virConnectNumOfNWFilters"); }

    default List<String> listNWFilters(int maxnames) { throw Unsupported.of("virConnectListNWFilters"); }

    default NWFilterRef lookupByName(String name) { throw Unsupported.of("virNWFilterLookupByName"); }

    default NWFilterRef lookupByUUID(UUID uuid) { throw Unsupported.of("virNWFilterLookupByUUID"); }

    default NWFilterRef defineXML(String xml, int flags) { throw Unsupported.of("virNWFilterDefineXMLFlags"); }

    default void undefine(NWFilterRef filter) { throw Unsupported.of("virNWFilterUndefine"); }

    default String getXMLDesc(NWFilterRef filter, int flags) { throw Unsupported.of("virNWFilterGetXMLDesc"); }

    default List<NWFilterBindingRef> listAllBindings(int flags) {
        throw Unsupported.of("virConnectListAllNWFilterBindings");
    }

    default NWFilterBindingRef bindingLookupByPortDev(String portdev) {
        throw Unsupported.of("virNWFilterBindingLookupByPortDev");
    }

    default NWFilterBindingRef bindingCreateXML(String xml, int flags) {
        throw Unsupported.of("virNWFilterBindingCreateXML");
    }

    default String bindingGetXMLDesc(NWFilterBindingRef binding, int flags) {
        throw Unsupported.of("virNWFilterBindingGetXMLDesc");
    }

    default void bindingDelete(NWFilterBindingRef binding) { throw Unsupported.of("virNWFilterBindingDelete"); }
}
