package org.jvirt.spi;

import java.util.List;
import org.jvirt.spi.Refs.InterfaceRef;

/** Host network interfaces: libvirt's {@code virInterfaceDriver}. */
public interface InterfaceOps {
    default List<InterfaceRef> listAll(int flags) { throw Unsupported.of("virConnectListAllInterfaces"); }

    default int numOfInterfaces() { throw Unsupported.of("virConnectNumOfInterfaces"); }

    default List<String> listInterfaces(int maxnames) { throw Unsupported.of("virConnectListInterfaces"); }

    default int numOfDefinedInterfaces() { throw Unsupported.of("virConnectNumOfDefinedInterfaces"); }

    default List<String> listDefinedInterfaces(int maxnames) {
        throw Unsupported.of("virConnectListDefinedInterfaces");
    }

    default InterfaceRef lookupByName(String name) { throw Unsupported.of("virInterfaceLookupByName"); }

    default InterfaceRef lookupByMACString(String mac) { throw Unsupported.of("virInterfaceLookupByMACString"); }

    default String getXMLDesc(InterfaceRef iface, int flags) { throw Unsupported.of("virInterfaceGetXMLDesc"); }

    default InterfaceRef defineXML(String xml, int flags) { throw Unsupported.of("virInterfaceDefineXML"); }

    default void undefine(InterfaceRef iface) { throw Unsupported.of("virInterfaceUndefine"); }

    default void create(InterfaceRef iface, int flags) { throw Unsupported.of("virInterfaceCreate"); }

    default void destroy(InterfaceRef iface, int flags) { throw Unsupported.of("virInterfaceDestroy"); }

    default boolean isActive(InterfaceRef iface) { throw Unsupported.of("virInterfaceIsActive"); }

    default void changeBegin(int flags) { throw Unsupported.of("virInterfaceChangeBegin"); }

    default void changeCommit(int flags) { throw Unsupported.of("virInterfaceChangeCommit"); }

    default void changeRollback(int flags) { throw Unsupported.of("virInterfaceChangeRollback"); }
}
