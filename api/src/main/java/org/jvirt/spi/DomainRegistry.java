package org.jvirt.spi;

import java.util.List;
import java.util.UUID;
import org.jvirt.spi.Refs.DomainRef;

/** Finding, defining and describing domains. */
public interface DomainRegistry {
    /** {@code virConnectListAllDomains}: flags are VIR_CONNECT_LIST_DOMAINS_*. */
    default List<DomainRef> listAll(int flags) { throw Unsupported.of("virConnectListAllDomains"); }

    default int numOfDomains() { throw Unsupported.of("virConnectNumOfDomains"); }

    default int[] listDomainIds(int maxids) { throw Unsupported.of("virConnectListDomains"); }

    default int numOfDefinedDomains() { throw Unsupported.of("virConnectNumOfDefinedDomains"); }

    default List<String> listDefinedDomains(int maxnames) { throw Unsupported.of("virConnectListDefinedDomains"); }

    default DomainRef lookupById(int id) { throw Unsupported.of("virDomainLookupByID"); }

    default DomainRef lookupByUUID(UUID uuid) { throw Unsupported.of("virDomainLookupByUUID"); }

    default DomainRef lookupByName(String name) { throw Unsupported.of("virDomainLookupByName"); }

    default DomainRef defineXML(String xml, int flags) { throw Unsupported.of("virDomainDefineXMLFlags"); }

    default DomainRef createXML(String xml, int flags) { throw Unsupported.of("virDomainCreateXML"); }

    default void undefine(DomainRef dom, int flags) { throw Unsupported.of("virDomainUndefineFlags"); }

    default String getXMLDesc(DomainRef dom, int flags) { throw Unsupported.of("virDomainGetXMLDesc"); }

    default boolean isActive(DomainRef dom) { throw Unsupported.of("virDomainIsActive"); }

    default boolean isPersistent(DomainRef dom) { throw Unsupported.of("virDomainIsPersistent"); }

    default boolean isUpdated(DomainRef dom) { throw Unsupported.of("virDomainIsUpdated"); }

    default boolean getAutostart(DomainRef dom) { throw Unsupported.of("virDomainGetAutostart"); }

    default void setAutostart(DomainRef dom, boolean autostart) { throw Unsupported.of("virDomainSetAutostart"); }

    default String getMetadata(DomainRef dom, int type, String uri, int flags) {
        throw Unsupported.of("virDomainGetMetadata");
    }

    default void setMetadata(DomainRef dom, int type, String metadata, String key, String uri, int flags) {
        throw Unsupported.of("virDomainSetMetadata");
    }

    default DomainRef rename(DomainRef dom, String newName, int flags) { throw Unsupported.of("virDomainRename"); }

    default String getOSType(DomainRef dom) { throw Unsupported.of("virDomainGetOSType"); }

    default String getHostname(DomainRef dom, int flags) { throw Unsupported.of("virDomainGetHostname"); }
}
