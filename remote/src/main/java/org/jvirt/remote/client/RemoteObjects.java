package org.jvirt.remote.client;

import static org.jvirt.rpc.protocol.remote.RemoteProcedures.*;

import java.util.List;
import java.util.UUID;
import org.jvirt.api.Records;
import org.jvirt.core.param.TypedParams;
import org.jvirt.remote.Wire;
import org.jvirt.rpc.protocol.remote.*;
import org.jvirt.spi.InterfaceOps;
import org.jvirt.spi.NWFilterOps;
import org.jvirt.spi.NetworkOps;
import org.jvirt.spi.NodeDeviceOps;
import org.jvirt.spi.Refs.InterfaceRef;
import org.jvirt.spi.Refs.NWFilterBindingRef;
import org.jvirt.spi.Refs.NWFilterRef;
import org.jvirt.spi.Refs.NetworkPortRef;
import org.jvirt.spi.Refs.NetworkRef;
import org.jvirt.spi.Refs.NodeDeviceRef;
import org.jvirt.spi.Refs.SecretRef;
import org.jvirt.spi.Refs.StoragePoolRef;
import org.jvirt.spi.Refs.StorageVolRef;
import org.jvirt.spi.SecretOps;
import org.jvirt.spi.StoragePoolOps;
import org.jvirt.spi.StorageVolOps;
import org.jvirt.spi.StreamChannel;

/** The remote driver's facets for networks, storage, secrets, host interfaces, node devices and nwfilters. */
final class RemoteObjects {
    private final RemoteConnection c;
    final NetworkOps networks = new Networks();
    final StoragePoolOps pools = new Pools();
    final StorageVolOps vols = new Vols();
    final SecretOps secrets = new Secrets();
    final InterfaceOps interfaces = new Interfaces();
    final NodeDeviceOps nodeDevices = new NodeDevices();
    final NWFilterOps nwfilters = new NWFilters();

    RemoteObjects(RemoteConnection c) {
        this.c = c;
    }

    private final class Networks implements NetworkOps {
        @Override public List<NetworkRef> listAll(int flags) {
            return c.call(CONNECT_LIST_ALL_NETWORKS, new ConnectListAllNetworksArgs(1, flags)).nets().stream()
                    .map(Wire::net).toList();
        }

        @Override public int numOfNetworks() { return c.call(CONNECT_NUM_OF_NETWORKS, null).num(); }

        @Override public List<String> listNetworks(int maxnames) {
            return c.call(CONNECT_LIST_NETWORKS, new ConnectListNetworksArgs(maxnames)).names();
        }

        @Override public int numOfDefinedNetworks() { return c.call(CONNECT_NUM_OF_DEFINED_NETWORKS, null).num(); }

        @Override public List<String> listDefinedNetworks(int maxnames) {
            return c.call(CONNECT_LIST_DEFINED_NETWORKS, new ConnectListDefinedNetworksArgs(maxnames)).names();
        }

        @Override public NetworkRef lookupByName(String name) {
            return Wire.net(c.call(NETWORK_LOOKUP_BY_NAME, new NetworkLookupByNameArgs(name)).net());
        }

        @Override public NetworkRef lookupByUUID(UUID uuid) {
            return Wire.net(c.call(NETWORK_LOOKUP_BY_UUID, new NetworkLookupByUuidArgs(Wire.uuid(uuid))).net());
        }

        @Override public NetworkRef createXML(String xml, int flags) {
            return Wire.net(c.call(NETWORK_CREATE_XML_FLAGS, new NetworkCreateXmlFlagsArgs(xml, flags)).net());
        }

        @Override public NetworkRef defineXML(String xml, int flags) {
            return Wire.net(c.call(NETWORK_DEFINE_XML_FLAGS, new NetworkDefineXmlFlagsArgs(xml, flags)).net());
        }

        @Override public void undefine(NetworkRef net) {
            c.call(NETWORK_UNDEFINE, new NetworkUndefineArgs(Wire.net(net)));
        }

        @Override public void update(NetworkRef net, int command, int section, int parentIndex, String xml,
                                     int flags) {
            c.call(NETWORK_UPDATE, new NetworkUpdateArgs(Wire.net(net), command, section, parentIndex, xml, flags));
        }

        @Override public void create(NetworkRef net) { c.call(NETWORK_CREATE, new NetworkCreateArgs(Wire.net(net))); }

        @Override public void destroy(NetworkRef net) {
            c.call(NETWORK_DESTROY, new NetworkDestroyArgs(Wire.net(net)));
        }

        @Override public String getXMLDesc(NetworkRef net, int flags) {
            return c.call(NETWORK_GET_XML_DESC, new NetworkGetXmlDescArgs(Wire.net(net), flags)).xml();
        }

        @Override public String getBridgeName(NetworkRef net) {
            return c.call(NETWORK_GET_BRIDGE_NAME, new NetworkGetBridgeNameArgs(Wire.net(net))).name();
        }

        @Override public boolean getAutostart(NetworkRef net) {
            return c.call(NETWORK_GET_AUTOSTART, new NetworkGetAutostartArgs(Wire.net(net))).autostart() != 0;
        }

        @Override public void setAutostart(NetworkRef net, boolean autostart) {
            c.call(NETWORK_SET_AUTOSTART, new NetworkSetAutostartArgs(Wire.net(net), autostart ? 1 : 0));
        }

        @Override public boolean isActive(NetworkRef net) {
            return c.call(NETWORK_IS_ACTIVE, new NetworkIsActiveArgs(Wire.net(net))).active() != 0;
        }

        @Override public boolean isPersistent(NetworkRef net) {
            return c.call(NETWORK_IS_PERSISTENT, new NetworkIsPersistentArgs(Wire.net(net))).persistent() != 0;
        }

        @Override public List<Records.NetworkDHCPLease> getDHCPLeases(NetworkRef net, String mac, int flags) {
            return c.call(NETWORK_GET_DHCP_LEASES, new NetworkGetDhcpLeasesArgs(Wire.net(net), mac, 1, flags))
                    .leases().stream().map(l -> new Records.NetworkDHCPLease(l.iface(), l.expirytime(), l.type(),
                            l.mac(), l.iaid(), l.ipaddr(), l.prefix(), l.hostname(), l.clientid())).toList();
        }

        @Override public List<NetworkPortRef> listAllPorts(NetworkRef net, int flags) {
            return c.call(NETWORK_LIST_ALL_PORTS, new NetworkListAllPortsArgs(Wire.net(net), 1, flags)).ports()
                    .stream().map(Wire::port).toList();
        }

        @Override public NetworkPortRef portLookupByUUID(NetworkRef net, UUID uuid) {
            return Wire.port(c.call(NETWORK_PORT_LOOKUP_BY_UUID, new NetworkPortLookupByUuidArgs(Wire.net(net),
                    Wire.uuid(uuid))).port());
        }

        @Override public NetworkPortRef portCreateXML(NetworkRef net, String xml, int flags) {
            return Wire.port(c.call(NETWORK_PORT_CREATE_XML, new NetworkPortCreateXmlArgs(Wire.net(net), xml,
                    flags)).port());
        }

        @Override public String portGetXMLDesc(NetworkPortRef port, int flags) {
            return c.call(NETWORK_PORT_GET_XML_DESC, new NetworkPortGetXmlDescArgs(Wire.port(port), flags)).xml();
        }

        @Override public TypedParams portGetParameters(NetworkPortRef port, int flags) {
            int n = c.call(NETWORK_PORT_GET_PARAMETERS, new NetworkPortGetParametersArgs(Wire.port(port), 0, flags))
                    .nparams();
            return Wire.params(c.call(NETWORK_PORT_GET_PARAMETERS, new NetworkPortGetParametersArgs(Wire.port(port),
                    n, flags)).params());
        }

        @Override public void portSetParameters(NetworkPortRef port, TypedParams params, int flags) {
            c.call(NETWORK_PORT_SET_PARAMETERS, new NetworkPortSetParametersArgs(Wire.port(port),
                    Wire.params(params), flags));
        }

        @Override public void portDelete(NetworkPortRef port, int flags) {
            c.call(NETWORK_PORT_DELETE, new NetworkPortDeleteArgs(Wire.port(port), flags));
        }
    }

    private final class Pools implements StoragePoolOps {
        @Override public List<StoragePoolRef> listAll(int flags) {
            return c.call(CONNECT_LIST_ALL_STORAGE_POOLS, new ConnectListAllStoragePoolsArgs(1, flags)).pools()
                    .stream().map(Wire::pool).toList();
        }

        @Override public int numOfPools() { return c.call(CONNECT_NUM_OF_STORAGE_POOLS, null).num(); }

        @Override public List<String> listPools(int maxnames) {
            return c.call(CONNECT_LIST_STORAGE_POOLS, new ConnectListStoragePoolsArgs(maxnames)).names();
        }

        @Override public int numOfDefinedPools() { return c.call(CONNECT_NUM_OF_DEFINED_STORAGE_POOLS, null).num(); }

        @Override public List<String> listDefinedPools(int maxnames) {
            return c.call(CONNECT_LIST_DEFINED_STORAGE_POOLS, new ConnectListDefinedStoragePoolsArgs(maxnames))
                    .names();
        }

        @Override public StoragePoolRef lookupByName(String name) {
            return Wire.pool(c.call(STORAGE_POOL_LOOKUP_BY_NAME, new StoragePoolLookupByNameArgs(name)).pool());
        }

        @Override public StoragePoolRef lookupByUUID(UUID uuid) {
            return Wire.pool(c.call(STORAGE_POOL_LOOKUP_BY_UUID, new StoragePoolLookupByUuidArgs(Wire.uuid(uuid)))
                    .pool());
        }

        @Override public StoragePoolRef lookupByTargetPath(String path) {
            return Wire.pool(c.call(STORAGE_POOL_LOOKUP_BY_TARGET_PATH, new StoragePoolLookupByTargetPathArgs(path))
                    .pool());
        }

        @Override public StoragePoolRef createXML(String xml, int flags) {
            return Wire.pool(c.call(STORAGE_POOL_CREATE_XML, new StoragePoolCreateXmlArgs(xml, flags)).pool());
        }

        @Override public StoragePoolRef defineXML(String xml, int flags) {
            return Wire.pool(c.call(STORAGE_POOL_DEFINE_XML, new StoragePoolDefineXmlArgs(xml, flags)).pool());
        }

        @Override public void build(StoragePoolRef pool, int flags) {
            c.call(STORAGE_POOL_BUILD, new StoragePoolBuildArgs(Wire.pool(pool), flags));
        }

        @Override public void undefine(StoragePoolRef pool) {
            c.call(STORAGE_POOL_UNDEFINE, new StoragePoolUndefineArgs(Wire.pool(pool)));
        }

        @Override public void create(StoragePoolRef pool, int flags) {
            c.call(STORAGE_POOL_CREATE, new StoragePoolCreateArgs(Wire.pool(pool), flags));
        }

        @Override public void destroy(StoragePoolRef pool) {
            c.call(STORAGE_POOL_DESTROY, new StoragePoolDestroyArgs(Wire.pool(pool)));
        }

        @Override public void delete(StoragePoolRef pool, int flags) {
            c.call(STORAGE_POOL_DELETE, new StoragePoolDeleteArgs(Wire.pool(pool), flags));
        }

        @Override public void refresh(StoragePoolRef pool, int flags) {
            c.call(STORAGE_POOL_REFRESH, new StoragePoolRefreshArgs(Wire.pool(pool), flags));
        }

        @Override public Records.StoragePoolInfo getInfo(StoragePoolRef pool) {
            StoragePoolGetInfoRet r = c.call(STORAGE_POOL_GET_INFO, new StoragePoolGetInfoArgs(Wire.pool(pool)));
            return new Records.StoragePoolInfo(Byte.toUnsignedInt(r.state()), r.capacity(), r.allocation(),
                    r.available());
        }

        @Override public String getXMLDesc(StoragePoolRef pool, int flags) {
            return c.call(STORAGE_POOL_GET_XML_DESC, new StoragePoolGetXmlDescArgs(Wire.pool(pool), flags)).xml();
        }

        @Override public boolean getAutostart(StoragePoolRef pool) {
            return c.call(STORAGE_POOL_GET_AUTOSTART, new StoragePoolGetAutostartArgs(Wire.pool(pool)))
                    .autostart() != 0;
        }

        @Override public void setAutostart(StoragePoolRef pool, boolean autostart) {
            c.call(STORAGE_POOL_SET_AUTOSTART, new StoragePoolSetAutostartArgs(Wire.pool(pool), autostart ? 1 : 0));
        }

        @Override public boolean isActive(StoragePoolRef pool) {
            return c.call(STORAGE_POOL_IS_ACTIVE, new StoragePoolIsActiveArgs(Wire.pool(pool))).active() != 0;
        }

        @Override public boolean isPersistent(StoragePoolRef pool) {
            return c.call(STORAGE_POOL_IS_PERSISTENT, new StoragePoolIsPersistentArgs(Wire.pool(pool)))
                    .persistent() != 0;
        }
    }

    private final class Vols implements StorageVolOps {
        @Override public List<StorageVolRef> listAll(StoragePoolRef pool, int flags) {
            return c.call(STORAGE_POOL_LIST_ALL_VOLUMES, new StoragePoolListAllVolumesArgs(Wire.pool(pool), 1, flags))
                    .vols().stream().map(Wire::vol).toList();
        }

        @Override public int numOfVolumes(StoragePoolRef pool) {
            return c.call(STORAGE_POOL_NUM_OF_VOLUMES, new StoragePoolNumOfVolumesArgs(Wire.pool(pool))).num();
        }

        @Override public List<String> listVolumes(StoragePoolRef pool, int maxnames) {
            return c.call(STORAGE_POOL_LIST_VOLUMES, new StoragePoolListVolumesArgs(Wire.pool(pool), maxnames))
                    .names();
        }

        @Override public StoragePoolRef poolLookupByVolume(StorageVolRef vol) {
            return Wire.pool(c.call(STORAGE_POOL_LOOKUP_BY_VOLUME, new StoragePoolLookupByVolumeArgs(Wire.vol(vol)))
                    .pool());
        }

        @Override public StorageVolRef lookupByName(StoragePoolRef pool, String name) {
            return Wire.vol(c.call(STORAGE_VOL_LOOKUP_BY_NAME, new StorageVolLookupByNameArgs(Wire.pool(pool), name))
                    .vol());
        }

        @Override public StorageVolRef lookupByKey(String key) {
            return Wire.vol(c.call(STORAGE_VOL_LOOKUP_BY_KEY, new StorageVolLookupByKeyArgs(key)).vol());
        }

        @Override public StorageVolRef lookupByPath(String path) {
            return Wire.vol(c.call(STORAGE_VOL_LOOKUP_BY_PATH, new StorageVolLookupByPathArgs(path)).vol());
        }

        @Override public StorageVolRef createXML(StoragePoolRef pool, String xml, int flags) {
            return Wire.vol(c.call(STORAGE_VOL_CREATE_XML, new StorageVolCreateXmlArgs(Wire.pool(pool), xml, flags))
                    .vol());
        }

        @Override public StorageVolRef createXMLFrom(StoragePoolRef pool, String xml, StorageVolRef clonevol,
                                                     int flags) {
            return Wire.vol(c.call(STORAGE_VOL_CREATE_XML_FROM, new StorageVolCreateXmlFromArgs(Wire.pool(pool), xml,
                    Wire.vol(clonevol), flags)).vol());
        }

        @Override public void delete(StorageVolRef vol, int flags) {
            c.call(STORAGE_VOL_DELETE, new StorageVolDeleteArgs(Wire.vol(vol), flags));
        }

        @Override public void wipe(StorageVolRef vol, int algorithm, int flags) {
            c.call(STORAGE_VOL_WIPE_PATTERN, new StorageVolWipePatternArgs(Wire.vol(vol), algorithm, flags));
        }

        @Override public Records.StorageVolInfo getInfo(StorageVolRef vol) {
            StorageVolGetInfoRet r = c.call(STORAGE_VOL_GET_INFO, new StorageVolGetInfoArgs(Wire.vol(vol)));
            return new Records.StorageVolInfo(Byte.toUnsignedInt(r.type()), r.capacity(), r.allocation());
        }

        @Override public Records.StorageVolInfo getInfoFlags(StorageVolRef vol, int flags) {
            StorageVolGetInfoFlagsRet r = c.call(STORAGE_VOL_GET_INFO_FLAGS, new StorageVolGetInfoFlagsArgs(
                    Wire.vol(vol), flags));
            return new Records.StorageVolInfo(Byte.toUnsignedInt(r.type()), r.capacity(), r.allocation());
        }

        @Override public String getXMLDesc(StorageVolRef vol, int flags) {
            return c.call(STORAGE_VOL_GET_XML_DESC, new StorageVolGetXmlDescArgs(Wire.vol(vol), flags)).xml();
        }

        @Override public String getPath(StorageVolRef vol) {
            return c.call(STORAGE_VOL_GET_PATH, new StorageVolGetPathArgs(Wire.vol(vol))).name();
        }

        @Override public void resize(StorageVolRef vol, long capacity, int flags) {
            c.call(STORAGE_VOL_RESIZE, new StorageVolResizeArgs(Wire.vol(vol), capacity, flags));
        }

        @Override public StreamChannel download(StorageVolRef vol, long offset, long length, int flags) {
            return c.stream(STORAGE_VOL_DOWNLOAD, new StorageVolDownloadArgs(Wire.vol(vol), offset, length, flags));
        }

        @Override public StreamChannel upload(StorageVolRef vol, long offset, long length, int flags) {
            return c.stream(STORAGE_VOL_UPLOAD, new StorageVolUploadArgs(Wire.vol(vol), offset, length, flags));
        }
    }

    private final class Secrets implements SecretOps {
        @Override public List<SecretRef> listAll(int flags) {
            return c.call(CONNECT_LIST_ALL_SECRETS, new ConnectListAllSecretsArgs(1, flags)).secrets().stream()
                    .map(Wire::secret).toList();
        }

        @Override public int numOfSecrets() { return c.call(CONNECT_NUM_OF_SECRETS, null).num(); }

        @Override public List<String> listSecrets(int maxuuids) {
            return c.call(CONNECT_LIST_SECRETS, new ConnectListSecretsArgs(maxuuids)).uuids();
        }

        @Override public SecretRef lookupByUUID(UUID uuid) {
            return Wire.secret(c.call(SECRET_LOOKUP_BY_UUID, new SecretLookupByUuidArgs(Wire.uuid(uuid))).secret());
        }

        @Override public SecretRef lookupByUsage(int usageType, String usageId) {
            return Wire.secret(c.call(SECRET_LOOKUP_BY_USAGE, new SecretLookupByUsageArgs(usageType, usageId))
                    .secret());
        }

        @Override public SecretRef defineXML(String xml, int flags) {
            return Wire.secret(c.call(SECRET_DEFINE_XML, new SecretDefineXmlArgs(xml, flags)).secret());
        }

        @Override public String getXMLDesc(SecretRef secret, int flags) {
            return c.call(SECRET_GET_XML_DESC, new SecretGetXmlDescArgs(Wire.secret(secret), flags)).xml();
        }

        @Override public void setValue(SecretRef secret, byte[] value, int flags) {
            c.call(SECRET_SET_VALUE, new SecretSetValueArgs(Wire.secret(secret), value, flags));
        }

        @Override public byte[] getValue(SecretRef secret, int flags) {
            return c.call(SECRET_GET_VALUE, new SecretGetValueArgs(Wire.secret(secret), flags)).value();
        }

        @Override public void undefine(SecretRef secret) {
            c.call(SECRET_UNDEFINE, new SecretUndefineArgs(Wire.secret(secret)));
        }
    }

    private final class Interfaces implements InterfaceOps {
        @Override public List<InterfaceRef> listAll(int flags) {
            return c.call(CONNECT_LIST_ALL_INTERFACES, new ConnectListAllInterfacesArgs(1, flags)).ifaces().stream()
                    .map(Wire::iface).toList();
        }

        @Override public int numOfInterfaces() { return c.call(CONNECT_NUM_OF_INTERFACES, null).num(); }

        @Override public List<String> listInterfaces(int maxnames) {
            return c.call(CONNECT_LIST_INTERFACES, new ConnectListInterfacesArgs(maxnames)).names();
        }

        @Override public int numOfDefinedInterfaces() { return c.call(CONNECT_NUM_OF_DEFINED_INTERFACES, null).num(); }

        @Override public List<String> listDefinedInterfaces(int maxnames) {
            return c.call(CONNECT_LIST_DEFINED_INTERFACES, new ConnectListDefinedInterfacesArgs(maxnames)).names();
        }

        @Override public InterfaceRef lookupByName(String name) {
            return Wire.iface(c.call(INTERFACE_LOOKUP_BY_NAME, new InterfaceLookupByNameArgs(name)).iface());
        }

        @Override public InterfaceRef lookupByMACString(String mac) {
            return Wire.iface(c.call(INTERFACE_LOOKUP_BY_MAC_STRING, new InterfaceLookupByMacStringArgs(mac)).iface());
        }

        @Override public String getXMLDesc(InterfaceRef iface, int flags) {
            return c.call(INTERFACE_GET_XML_DESC, new InterfaceGetXmlDescArgs(Wire.iface(iface), flags)).xml();
        }

        @Override public InterfaceRef defineXML(String xml, int flags) {
            return Wire.iface(c.call(INTERFACE_DEFINE_XML, new InterfaceDefineXmlArgs(xml, flags)).iface());
        }

        @Override public void undefine(InterfaceRef iface) {
            c.call(INTERFACE_UNDEFINE, new InterfaceUndefineArgs(Wire.iface(iface)));
        }

        @Override public void create(InterfaceRef iface, int flags) {
            c.call(INTERFACE_CREATE, new InterfaceCreateArgs(Wire.iface(iface), flags));
        }

        @Override public void destroy(InterfaceRef iface, int flags) {
            c.call(INTERFACE_DESTROY, new InterfaceDestroyArgs(Wire.iface(iface), flags));
        }

        @Override public boolean isActive(InterfaceRef iface) {
            return c.call(INTERFACE_IS_ACTIVE, new InterfaceIsActiveArgs(Wire.iface(iface))).active() != 0;
        }

        @Override public void changeBegin(int flags) {
            c.call(INTERFACE_CHANGE_BEGIN, new InterfaceChangeBeginArgs(flags));
        }

        @Override public void changeCommit(int flags) {
            c.call(INTERFACE_CHANGE_COMMIT, new InterfaceChangeCommitArgs(flags));
        }

        @Override public void changeRollback(int flags) {
            c.call(INTERFACE_CHANGE_ROLLBACK, new InterfaceChangeRollbackArgs(flags));
        }
    }

    private final class NodeDevices implements NodeDeviceOps {
        @Override public List<NodeDeviceRef> listAll(int flags) {
            return c.call(CONNECT_LIST_ALL_NODE_DEVICES, new ConnectListAllNodeDevicesArgs(1, flags)).devices()
                    .stream().map(Wire::dev).toList();
        }

        @Override public int numOfDevices(String cap, int flags) {
            return c.call(NODE_NUM_OF_DEVICES, new NodeNumOfDevicesArgs(cap, flags)).num();
        }

        @Override public List<String> listDevices(String cap, int maxnames, int flags) {
            return c.call(NODE_LIST_DEVICES, new NodeListDevicesArgs(cap, maxnames, flags)).names();
        }

        @Override public NodeDeviceRef lookupByName(String name) {
            return Wire.dev(c.call(NODE_DEVICE_LOOKUP_BY_NAME, new NodeDeviceLookupByNameArgs(name)).dev());
        }

        @Override public NodeDeviceRef lookupSCSIHostByWWN(String wwnn, String wwpn, int flags) {
            return Wire.dev(c.call(NODE_DEVICE_LOOKUP_SCSI_HOST_BY_WWN, new NodeDeviceLookupScsiHostByWwnArgs(wwnn,
                    wwpn, flags)).dev());
        }

        @Override public String getXMLDesc(NodeDeviceRef dev, int flags) {
            return c.call(NODE_DEVICE_GET_XML_DESC, new NodeDeviceGetXmlDescArgs(dev.name(), flags)).xml();
        }

        @Override public String getParent(NodeDeviceRef dev) {
            return c.call(NODE_DEVICE_GET_PARENT, new NodeDeviceGetParentArgs(dev.name())).parentName();
        }

        @Override public List<String> listCaps(NodeDeviceRef dev) {
            int n = c.call(NODE_DEVICE_NUM_OF_CAPS, new NodeDeviceNumOfCapsArgs(dev.name())).num();
            return c.call(NODE_DEVICE_LIST_CAPS, new NodeDeviceListCapsArgs(dev.name(), n)).names();
        }

        @Override public NodeDeviceRef createXML(String xml, int flags) {
            return Wire.dev(c.call(NODE_DEVICE_CREATE_XML, new NodeDeviceCreateXmlArgs(xml, flags)).dev());
        }

        @Override public NodeDeviceRef defineXML(String xml, int flags) {
            return Wire.dev(c.call(NODE_DEVICE_DEFINE_XML, new NodeDeviceDefineXmlArgs(xml, flags)).dev());
        }

        @Override public void destroy(NodeDeviceRef dev) {
            c.call(NODE_DEVICE_DESTROY, new NodeDeviceDestroyArgs(dev.name()));
        }

        @Override public void undefine(NodeDeviceRef dev, int flags) {
            c.call(NODE_DEVICE_UNDEFINE, new NodeDeviceUndefineArgs(dev.name(), flags));
        }

        @Override public void create(NodeDeviceRef dev, int flags) {
            c.call(NODE_DEVICE_CREATE, new NodeDeviceCreateArgs(dev.name(), flags));
        }

        @Override public boolean getAutostart(NodeDeviceRef dev) {
            return c.call(NODE_DEVICE_GET_AUTOSTART, new NodeDeviceGetAutostartArgs(dev.name())).autostart() != 0;
        }

        @Override public void setAutostart(NodeDeviceRef dev, boolean autostart) {
            c.call(NODE_DEVICE_SET_AUTOSTART, new NodeDeviceSetAutostartArgs(dev.name(), autostart ? 1 : 0));
        }

        @Override public boolean isActive(NodeDeviceRef dev) {
            return c.call(NODE_DEVICE_IS_ACTIVE, new NodeDeviceIsActiveArgs(dev.name())).active() != 0;
        }

        @Override public boolean isPersistent(NodeDeviceRef dev) {
            return c.call(NODE_DEVICE_IS_PERSISTENT, new NodeDeviceIsPersistentArgs(dev.name())).persistent() != 0;
        }

        @Override public void detachFlags(NodeDeviceRef dev, String driverName, int flags) {
            c.call(NODE_DEVICE_DETACH_FLAGS, new NodeDeviceDetachFlagsArgs(dev.name(), driverName, flags));
        }

        @Override public void reAttach(NodeDeviceRef dev) {
            c.call(NODE_DEVICE_RE_ATTACH, new NodeDeviceReAttachArgs(dev.name()));
        }

        @Override public void reset(NodeDeviceRef dev) {
            c.call(NODE_DEVICE_RESET, new NodeDeviceResetArgs(dev.name()));
        }
    }

    private final class NWFilters implements NWFilterOps {
        @Override public List<NWFilterRef> listAll(int flags) {
            return c.call(CONNECT_LIST_ALL_NWFILTERS, new ConnectListAllNwfiltersArgs(1, flags)).filters().stream()
                    .map(Wire::filter).toList();
        }

        @Override public int numOfNWFilters() { return c.call(CONNECT_NUM_OF_NWFILTERS, null).num(); }

        @Override public List<String> listNWFilters(int maxnames) {
            return c.call(CONNECT_LIST_NWFILTERS, new ConnectListNwfiltersArgs(maxnames)).names();
        }

        @Override public NWFilterRef lookupByName(String name) {
            return Wire.filter(c.call(NWFILTER_LOOKUP_BY_NAME, new NwfilterLookupByNameArgs(name)).nwfilter());
        }

        @Override public NWFilterRef lookupByUUID(UUID uuid) {
            return Wire.filter(c.call(NWFILTER_LOOKUP_BY_UUID, new NwfilterLookupByUuidArgs(Wire.uuid(uuid)))
                    .nwfilter());
        }

        @Override public NWFilterRef defineXML(String xml, int flags) {
            return Wire.filter(c.call(NWFILTER_DEFINE_XML_FLAGS, new NwfilterDefineXmlFlagsArgs(xml, flags))
                    .nwfilter());
        }

        @Override public void undefine(NWFilterRef filter) {
            c.call(NWFILTER_UNDEFINE, new NwfilterUndefineArgs(Wire.filter(filter)));
        }

        @Override public String getXMLDesc(NWFilterRef filter, int flags) {
            return c.call(NWFILTER_GET_XML_DESC, new NwfilterGetXmlDescArgs(Wire.filter(filter), flags)).xml();
        }

        @Override public List<NWFilterBindingRef> listAllBindings(int flags) {
            return c.call(CONNECT_LIST_ALL_NWFILTER_BINDINGS, new ConnectListAllNwfilterBindingsArgs(1, flags))
                    .bindings().stream().map(Wire::binding).toList();
        }

        @Override public NWFilterBindingRef bindingLookupByPortDev(String portdev) {
            return Wire.binding(c.call(NWFILTER_BINDING_LOOKUP_BY_PORT_DEV,
                    new NwfilterBindingLookupByPortDevArgs(portdev)).nwfilter());
        }

        @Override public NWFilterBindingRef bindingCreateXML(String xml, int flags) {
            return Wire.binding(c.call(NWFILTER_BINDING_CREATE_XML, new NwfilterBindingCreateXmlArgs(xml, flags))
                    .nwfilter());
        }

        @Override public String bindingGetXMLDesc(NWFilterBindingRef binding, int flags) {
            return c.call(NWFILTER_BINDING_GET_XML_DESC, new NwfilterBindingGetXmlDescArgs(Wire.binding(binding),
                    flags)).xml();
        }

        @Override public void bindingDelete(NWFilterBindingRef binding) {
            c.call(NWFILTER_BINDING_DELETE, new NwfilterBindingDeleteArgs(Wire.binding(binding)));
        }
    }
}
