package org.jvirt.spi;

import java.util.List;
import org.jvirt.spi.Refs.NodeDeviceRef;

/** Host devices: libvirt's {@code virNodeDeviceDriver}. */
public interface NodeDeviceOps {
    default List<NodeDeviceRef> listAll(int flags) { throw Unsupported.of("virConnectListAllNodeDevices"); }

    default int numOfDevices(String cap, int flags) { throw Unsupported.of("virNodeNumOfDevices"); }

    default List<String> listDevices(String cap, int maxnames, int flags) {
        throw Unsupported.of("virNodeListDevices");
    }

    default NodeDeviceRef lookupByName(String name) { throw Unsupported.of("virNodeDeviceLookupByName"); }

    default NodeDeviceRef lookupSCSIHostByWWN(String wwnn, String wwpn, int flags) {
        throw Unsupported.of("virNodeDeviceLookupSCSIHostByWWN");
    }

    default String getXMLDesc(NodeDeviceRef dev, int flags) { throw Unsupported.of("virNodeDeviceGetXMLDesc"); }

    default String getParent(NodeDeviceRef dev) { throw Unsupported.of("virNodeDeviceGetParent"); }

    default List<String> listCaps(NodeDeviceRef dev) { throw Unsupported.of("virNodeDeviceListCaps"); }

    default NodeDeviceRef createXML(String xml, int flags) { throw Unsupported.of("virNodeDeviceCreateXML"); }

    default NodeDeviceRef defineXML(String xml, int flags) { throw Unsupported.of("virNodeDeviceDefineXML"); }

    default void destroy(NodeDeviceRef dev) { throw Unsupported.of("virNodeDeviceDestroy"); }

    default void undefine(NodeDeviceRef dev, int flags) { throw Unsupported.of("virNodeDeviceUndefine"); }

    default void create(NodeDeviceRef dev, int flags) { throw Unsupported.of("virNodeDeviceCreate"); }

    default boolean getAutostart(NodeDeviceRef dev) { throw Unsupported.of("virNodeDeviceGetAutostart"); }

    default void setAutostart(NodeDeviceRef dev, boolean autostart) {
        throw Unsupported.of("virNodeDeviceSetAutostart");
    }

    default boolean isActive(NodeDeviceRef dev) { throw Unsupported.of("virNodeDeviceIsActive"); }

    default boolean isPersistent(NodeDeviceRef dev) { throw Unsupported.of("virNodeDeviceIsPersistent"); }

    default void detachFlags(NodeDeviceRef dev, String driverName, int flags) {
        throw Unsupported.of("virNodeDeviceDetachFlags");
    }

    default void reAttach(NodeDeviceRef dev) { throw Unsupported.of("virNodeDeviceReAttach"); }

    default void reset(NodeDeviceRef dev) { throw Unsupported.of("virNodeDeviceReset"); }
}
