package org.jvirt.spi;

import java.util.List;
import java.util.UUID;
import org.jvirt.api.Records.NetworkDHCPLease;
import org.jvirt.core.param.TypedParams;
import org.jvirt.spi.Refs.NetworkPortRef;
import org.jvirt.spi.Refs.NetworkRef;

/** Virtual networks and their ports: libvirt's {@code virNetworkDriver}. */
public interface NetworkOps {
    default List<NetworkRef> listAll(int flags) { throw Unsupported.of("virConnectListAllNetworks"); }

    default int numOfNetworks() { throw Unsupported.of("virConnectNumOfNetworks"); }

    default List<String> listNetworks(int maxnames) { throw Unsupported.of("virConnectListNetworks"); }

    default int numOfDefinedNetworks() { throw Unsupported.of("virConnectNumOfDefinedNetworks"); }

    default List<String> listDefinedNetworks(int maxnames) { throw Unsupported.of("virConnectListDefinedNetworks"); }

    default NetworkRef lookupByName(String name) { throw Unsupported.of("virNetworkLookupByName"); }

    default NetworkRef lookupByUUID(UUID uuid) { throw Unsupported.of("virNetworkLookupByUUID"); }

    default NetworkRef createXML(String xml, int flags) { throw Unsupported.of("virNetworkCreateXMLFlags"); }

    default NetworkRef defineXML(String xml, int flags) { throw Unsupported.of("virNetworkDefineXMLFlags"); }

    default void undefine(NetworkRef net) { throw Unsupported.of("virNetworkUndefine"); }

    default void update(NetworkRef net, int command, int section, int parentIndex, String xml, int flags) {
        throw Unsupported.of("virNetworkUpdate");
    }

    default void create(NetworkRef net) { throw Unsupported.of("virNetworkCreate"); }

    default void destroy(NetworkRef net) { throw Unsupported.of("virNetworkDestroy"); }

    default String getXMLDesc(NetworkRef net, int flags) { throw Unsupported.of("virNetworkGetXMLDesc"); }

    default String getBridgeName(NetworkRef net) { throw Unsupported.of("virNetworkGetBridgeName"); }

    default boolean getAutostart(NetworkRef net) { throw Unsupported.of("virNetworkGetAutostart"); }

    default void setAutostart(NetworkRef net, boolean autostart) { throw Unsupported.of("virNetworkSetAutostart"); }

    default boolean isActive(NetworkRef net) { throw Unsupported.of("virNetworkIsActive"); }

    default boolean isPersistent(NetworkRef net) { throw Unsupported.of("virNetworkIsPersistent"); }

    default List<NetworkDHCPLease> getDHCPLeases(NetworkRef net, String mac, int flags) {
        throw Unsupported.of("virNetworkGetDHCPLeases");
    }

    default String getMetadata(NetworkRef net, int type, String uri, int flags) {
        throw Unsupported.of("virNetworkGetMetadata");
    }

    default void setMetadata(NetworkRef net, int type, String metadata, String key, String uri, int flags) {
        throw Unsupported.of("virNetworkSetMetadata");
    }

    default List<NetworkPortRef> listAllPorts(NetworkRef net, int flags) {
        throw Unsupported.of("virNetworkListAllPorts");
    }

    default NetworkPortRef portLookupByUUID(NetworkRef net, UUID uuid) {
        throw Unsupported.of("virNetworkPortLookupByUUID");
    }

    default NetworkPortRef portCreateXML(NetworkRef net, String xml, int flags) {
        throw Unsupported.of("virNetworkPortCreateXML");
    }

    default String portGetXMLDesc(NetworkPortRef port, int flags) {
        throw Unsupported.of("virNetworkPortGetXMLDesc");
    }

    default TypedParams portGetParameters(NetworkPortRef port, int flags) {
        throw Unsupported.of("virNetworkPortGetParameters");
    }

    default void portSetParameters(NetworkPortRef port, TypedParams params, int flags) {
        throw Unsupported.of("virNetworkPortSetParameters");
    }

    default void portDelete(NetworkPortRef port, int flags) { throw Unsupported.of("virNetworkPortDelete"); }
}
