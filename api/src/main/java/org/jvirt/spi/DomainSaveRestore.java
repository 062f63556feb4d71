package org.jvirt.spi;

import org.jvirt.spi.Refs.DomainRef;

/** Saving domain state to files and restoring it, including managed save. */
public interface DomainSaveRestore {
    /** {@code virDomainSaveFlags}; {@code dxml} may be null. */
    default void save(DomainRef dom, String to, String dxml, int flags) { throw Unsupported.of("virDomainSaveFlags"); }

    default void restore(String from, String dxml, int flags) { throw Unsupported.of("virDomainRestoreFlags"); }

    default String saveImageGetXMLDesc(String file, int flags) {
        throw Unsupported.of("virDomainSaveImageGetXMLDesc");
    }

    default void saveImageDefineXML(String file, String dxml, int flags) {
        throw Unsupported.of("virDomainSaveImageDefineXML");
    }

    default void managedSave(DomainRef dom, int flags) { throw Unsupported.of("virDomainManagedSave"); }

    default boolean hasManagedSaveImage(DomainRef dom, int flags) {
        throw Unsupported.of("virDomainHasManagedSaveImage");
    }

    default void managedSaveRemove(DomainRef dom, int flags) { throw Unsupported.of("virDomainManagedSaveRemove"); }

    default String managedSaveGetXMLDesc(DomainRef dom, int flags) {
        throw Unsupported.of("virDomainManagedSaveGetXMLDesc");
    }

    default void managedSaveDefineXML(DomainRef dom, String dxml, int flags) {
        throw Unsupported.of("virDomainManagedSaveDefineXML");
    }
}
