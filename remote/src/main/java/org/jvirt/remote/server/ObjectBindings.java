package org.jvirt.remote.server;

import static org.jvirt.rpc.protocol.remote.RemoteProcedures.*;

import java.util.Arrays;
import java.util.List;
import org.jvirt.api.Interface;
import org.jvirt.api.NWFilter;
import org.jvirt.api.NWFilterBinding;
import org.jvirt.api.Network;
import org.jvirt.api.NetworkPort;
import org.jvirt.api.NodeDevice;
import org.jvirt.api.Records;
import org.jvirt.api.Secret;
import org.jvirt.api.StoragePool;
import org.jvirt.api.StorageVol;
import org.jvirt.remote.Wire;
import org.jvirt.rpc.protocol.remote.*;

/** Bindings of the host, network, storage, secret, interface, node device and nwfilter procedures. */
final class ObjectBindings {
    private ObjectBindings() {}

    private static int b(boolean v) { return v ? 1 : 0; }

    private static NonnullNetwork w(Network n) { return Wire.net(n.ref()); }

    private static NonnullNetworkPort w(NetworkPort p) { return Wire.port(p.ref()); }

    private static NonnullStoragePool w(StoragePool p) { return Wire.pool(p.ref()); }

    private static NonnullStorageVol w(StorageVol v) { return Wire.vol(v.ref()); }

    private static NonnullSecret w(Secret s) { return Wire.secret(s.ref()); }

    private static NonnullInterface w(Interface i) { return Wire.iface(i.ref()); }

    private static NonnullNodeDevice w(NodeDevice d) { return Wire.dev(d.ref()); }

    private static NonnullNwfilter w(NWFilter f) { return Wire.filter(f.ref()); }

    private static NonnullNwfilterBinding w(NWFilterBinding f) { return Wire.binding(f.ref()); }

    static void install(Bindings b) {
        node(b);
        networks(b);
        storage(b);
        secrets(b);
        interfaces(b);
        nodeDevices(b);
        nwfilters(b);
    }

    private static void node(Bindings b) {
        b.bind(NODE_GET_INFO, (c, a) -> {
            Records.NodeInfo i = c.conn().nodeGetInfo();
            return new NodeGetInfoRet(Wire.chars(i.model(), 32), i.memory(), i.cpus(), i.mhz(), i.nodes(),
                    i.sockets(), i.cores(), i.threads());
        });
        b.bind(NODE_GET_CPU_STATS, (c, a) -> {
            var all = c.conn().nodeGetCPUStats(a.cpuNum(), a.flags());
            return new NodeGetCpuStatsRet(a.nparams() == 0 ? List.of() : all.stream()
                    .map(s -> new NodeGetCpuStats(s.field(), s.value())).toList(), all.size());
        });
        b.bind(NODE_GET_MEMORY_STATS, (c, a) -> {
            var all = c.conn().nodeGetMemoryStats(a.cellNum(), a.flags());
            return new NodeGetMemoryStatsRet(a.nparams() == 0 ? List.of() : all.stream()
                    .map(s -> new NodeGetMemoryStats(s.field(), s.value())).toList(), all.size());
        });
        b.bind(NODE_GET_CELLS_FREE_MEMORY, (c, a) -> new NodeGetCellsFreeMemoryRet(
                Arrays.stream(c.conn().nodeGetCellsFreeMemory(a.startCell(), a.maxcells())).boxed().toList()));
        b.bind(NODE_GET_FREE_MEMORY, (c, a) -> new NodeGetFreeMemoryRet(c.conn().nodeGetFreeMemory()));
        b.bind(NODE_GET_FREE_PAGES, (c, a) -> new NodeGetFreePagesRet(Arrays.stream(c.conn().nodeGetFreePages(
                a.pages().stream().mapToInt(Integer::intValue).toArray(), a.startCell(), a.cellCount(), a.flags()))
                .boxed().toList()));
        b.bind(NODE_ALLOC_PAGES, (c, a) -> new NodeAllocPagesRet(c.conn().nodeAllocPages(
                a.pageSizes().stream().mapToInt(Integer::intValue).toArray(),
                a.pageCounts().stream().mapToLong(Long::longValue).toArray(), a.startCell(), a.cellCount(),
                a.flags())));
        b.bind(NODE_GET_CPU_MAP, (c, a) -> {
            boolean[] map = c.conn().nodeGetCPUMap(a.flags());
            int online = 0;
            for (boolean x : map) {
                online += x ? 1 : 0;
            }
            return new NodeGetCpuMapRet(a.needMap() != 0 ? Wire.cpumap(map, 0) : new byte[0], online, map.length);
        });
        b.bind(NODE_GET_SECURITY_MODEL, (c, a) -> {
            Records.SecurityModel m = c.conn().nodeGetSecurityModel();
            return new NodeGetSecurityModelRet(DomainBindings.cstr(m.model()), DomainBindings.cstr(m.doi()));
        });
        b.bind(NODE_GET_MEMORY_PARAMETERS, (c, a) -> {
            var p = c.conn().nodeGetMemoryParameters(a.flags());
            return new NodeGetMemoryParametersRet(a.nparams() == 0 ? List.of() : Wire.params(p), p.size());
        });
        b.run(NODE_SET_MEMORY_PARAMETERS,
                (c, a) -> c.conn().nodeSetMemoryParameters(Wire.params(a.params()), a.flags()));
        b.run(NODE_SUSPEND_FOR_DURATION,
                (c, a) -> c.conn().nodeSuspendForDuration(a.target(), a.duration(), a.flags()));
        b.bind(NODE_GET_SEV_INFO, (c, a) -> {
            var p = c.conn().nodeGetSEVInfo(a.flags());
            return new NodeGetSevInfoRet(Wire.params(p), p.size());
        });
    }

    private static void networks(Bindings b) {
        b.bind(CONNECT_LIST_ALL_NETWORKS, (c, a) -> {
            List<Network> all = c.secondary().listAllNetworks(a.flags());
            return new ConnectListAllNetworksRet(Wire.limit(all.stream().map(ObjectBindings::w).toList(),
                    a.needResults()), all.size());
        });
        b.bind(CONNECT_NUM_OF_NETWORKS, (c, a) -> new ConnectNumOfNetworksRet(c.secondary().numOfNetworks()));
        b.bind(CONNECT_LIST_NETWORKS, (c, a) -> new ConnectListNetworksRet(c.secondary().listNetworks(
                Bindings.max(a.maxnames(),
                RemoteConstants.NETWORK_LIST_MAX, "maxnames > REMOTE_NETWORK_LIST_MAX"))));
        b.bind(CONNECT_NUM_OF_DEFINED_NETWORKS,
                (c, a) -> new ConnectNumOfDefinedNetworksRet(c.secondary().numOfDefinedNetworks()));
        b.bind(CONNECT_LIST_DEFINED_NETWORKS,
                (c, a) -> new ConnectListDefinedNetworksRet(c.secondary().listDefinedNetworks(Bindings.max(a.maxnames(),
                        RemoteConstants.NETWORK_LIST_MAX, "maxnames > REMOTE_NETWORK_LIST_MAX"))));
        b.bind(NETWORK_LOOKUP_BY_NAME,
                (c, a) -> new NetworkLookupByNameRet(w(c.secondary().networkLookupByName(a.name()))));
        b.bind(NETWORK_LOOKUP_BY_UUID,
                (c, a) -> new NetworkLookupByUuidRet(w(c.secondary().networkLookupByUUID(Wire.uuid(a.uuid())))));
        b.bind(NETWORK_CREATE_XML, (c, a) -> new NetworkCreateXmlRet(w(c.secondary().networkCreateXML(a.xml()))));
        b.bind(NETWORK_CREATE_XML_FLAGS,
                (c, a) -> new NetworkCreateXmlFlagsRet(w(c.secondary().networkCreateXMLFlags(a.xml(), a.flags()))));
        b.bind(NETWORK_DEFINE_XML, (c, a) -> new NetworkDefineXmlRet(w(c.secondary().networkDefineXML(a.xml()))));
        b.bind(NETWORK_DEFINE_XML_FLAGS,
                (c, a) -> new NetworkDefineXmlFlagsRet(w(c.secondary().networkDefineXMLFlags(a.xml(), a.flags()))));
        b.run(NETWORK_UNDEFINE, (c, a) -> c.net(a.net()).undefine());
        b.run(NETWORK_UPDATE, (c, a) -> c.net(a.net()).update(a.command(), a.section(), a.parentIndex(), a.xml(),
                a.flags()));
        b.run(NETWORK_CREATE, (c, a) -> c.net(a.net()).create());
        b.run(NETWORK_DESTROY, (c, a) -> c.net(a.net()).destroy());
        b.bind(NETWORK_GET_XML_DESC, (c, a) -> new NetworkGetXmlDescRet(c.net(a.net()).getXMLDesc(a.flags())));
        b.bind(NETWORK_GET_BRIDGE_NAME, (c, a) -> new NetworkGetBridgeNameRet(c.net(a.net()).getBridgeName()));
        b.bind(NETWORK_GET_AUTOSTART, (c, a) -> new NetworkGetAutostartRet(b(c.net(a.net()).getAutostart())));
        b.run(NETWORK_SET_AUTOSTART, (c, a) -> c.net(a.net()).setAutostart(a.autostart() != 0));
        b.bind(NETWORK_IS_ACTIVE, (c, a) -> new NetworkIsActiveRet(b(c.net(a.net()).isActive())));
        b.bind(NETWORK_IS_PERSISTENT, (c, a) -> new NetworkIsPersistentRet(b(c.net(a.net()).isPersistent())));
        b.bind(NETWORK_GET_DHCP_LEASES, (c, a) -> {
            List<Records.NetworkDHCPLease> all = c.net(a.net()).getDHCPLeases(a.mac(), a.flags());
            return new NetworkGetDhcpLeasesRet(Wire.limit(all.stream().map(l -> new NetworkDhcpLease(l.iface(),
                    l.expirytime(), l.type(), l.mac(), l.iaid(), l.ipaddr(), l.prefix(), l.hostname(),
                    l.clientid())).toList(), a.needResults()), all.size());
        });
        b.bind(NETWORK_LIST_ALL_PORTS, (c, a) -> {
            List<NetworkPort> all = c.net(a.network()).listAllPorts(a.flags());
            return new NetworkListAllPortsRet(Wire.limit(all.stream().map(ObjectBindings::w).toList(),
                    a.needResults()), all.size());
        });
        b.bind(NETWORK_PORT_LOOKUP_BY_UUID, (c, a) -> new NetworkPortLookupByUuidRet(
                w(c.net(a.network()).portLookupByUUID(Wire.uuid(a.uuid())))));
        b.bind(NETWORK_PORT_CREATE_XML, (c, a) -> new NetworkPortCreateXmlRet(
                w(c.net(a.network()).portCreateXML(a.xml(), a.flags()))));
        b.bind(NETWORK_PORT_GET_XML_DESC,
                (c, a) -> new NetworkPortGetXmlDescRet(c.port(a.port()).getXMLDesc(a.flags())));
        b.bind(NETWORK_PORT_GET_PARAMETERS, (c, a) -> {
            var p = c.port(a.port()).getParameters(a.flags());
            return new NetworkPortGetParametersRet(a.nparams() == 0 ? List.of() : Wire.params(p), p.size());
        });
        b.run(NETWORK_PORT_SET_PARAMETERS,
                (c, a) -> c.port(a.port()).setParameters(Wire.params(a.params()), a.flags()));
        b.run(NETWORK_PORT_DELETE, (c, a) -> c.port(a.port()).delete(a.flags()));
    }

    private static void storage(Bindings b) {
        b.bind(CONNECT_LIST_ALL_STORAGE_POOLS, (c, a) -> {
            List<StoragePool> all = c.secondary().listAllStoragePools(a.flags());
            return new ConnectListAllStoragePoolsRet(Wire.limit(all.stream().map(ObjectBindings::w).toList(),
                    a.needResults()), all.size());
        });
        b.bind(CONNECT_NUM_OF_STORAGE_POOLS,
                (c, a) -> new ConnectNumOfStoragePoolsRet(c.secondary().numOfStoragePools()));
        b.bind(CONNECT_LIST_STORAGE_POOLS,
                (c, a) -> new ConnectListStoragePoolsRet(c.secondary().listStoragePools(Bindings.max(a.maxnames(),
                        RemoteConstants.STORAGE_POOL_LIST_MAX, "maxnames > REMOTE_STORAGE_POOL_LIST_MAX"))));
        b.bind(CONNECT_NUM_OF_DEFINED_STORAGE_POOLS,
                (c, a) -> new ConnectNumOfDefinedStoragePoolsRet(c.secondary().numOfDefinedStoragePools()));
        b.bind(CONNECT_LIST_DEFINED_STORAGE_POOLS,
                (c, a) -> new ConnectListDefinedStoragePoolsRet(c.secondary().listDefinedStoragePools(
                        Bindings.max(a.maxnames(),
                        RemoteConstants.STORAGE_POOL_LIST_MAX, "maxnames > REMOTE_STORAGE_POOL_LIST_MAX"))));
        b.bind(STORAGE_POOL_LOOKUP_BY_NAME,
                (c, a) -> new StoragePoolLookupByNameRet(w(c.secondary().storagePoolLookupByName(a.name()))));
        b.bind(STORAGE_POOL_LOOKUP_BY_UUID, (c, a) -> new StoragePoolLookupByUuidRet(
                w(c.secondary().storagePoolLookupByUUID(Wire.uuid(a.uuid())))));
        b.bind(STORAGE_POOL_LOOKUP_BY_TARGET_PATH, (c, a) -> new StoragePoolLookupByTargetPathRet(
                w(c.secondary().storagePoolLookupByTargetPath(a.path()))));
        b.bind(STORAGE_POOL_LOOKUP_BY_VOLUME,
                (c, a) -> new StoragePoolLookupByVolumeRet(w(c.vol(a.vol()).storagePoolLookupByVolume())));
        b.bind(STORAGE_POOL_CREATE_XML,
                (c, a) -> new StoragePoolCreateXmlRet(w(c.secondary().storagePoolCreateXML(a.xml(), a.flags()))));
        b.bind(STORAGE_POOL_DEFINE_XML,
                (c, a) -> new StoragePoolDefineXmlRet(w(c.secondary().storagePoolDefineXML(a.xml(), a.flags()))));
        b.run(STORAGE_POOL_BUILD, (c, a) -> c.pool(a.pool()).build(a.flags()));
        b.run(STORAGE_POOL_UNDEFINE, (c, a) -> c.pool(a.pool()).undefine());
        b.run(STORAGE_POOL_CREATE, (c, a) -> c.pool(a.pool()).create(a.flags()));
        b.run(STORAGE_POOL_DESTROY, (c, a) -> c.pool(a.pool()).destroy());
        b.run(STORAGE_POOL_DELETE, (c, a) -> c.pool(a.pool()).delete(a.flags()));
        b.run(STORAGE_POOL_REFRESH, (c, a) -> c.pool(a.pool()).refresh(a.flags()));
        b.bind(STORAGE_POOL_GET_INFO, (c, a) -> {
            Records.StoragePoolInfo i = c.pool(a.pool()).getInfo();
            return new StoragePoolGetInfoRet((byte) i.state(), i.capacity(), i.allocation(), i.available());
        });
        b.bind(STORAGE_POOL_GET_XML_DESC,
                (c, a) -> new StoragePoolGetXmlDescRet(c.pool(a.pool()).getXMLDesc(a.flags())));
        b.bind(STORAGE_POOL_GET_AUTOSTART,
                (c, a) -> new StoragePoolGetAutostartRet(b(c.pool(a.pool()).getAutostart())));
        b.run(STORAGE_POOL_SET_AUTOSTART, (c, a) -> c.pool(a.pool()).setAutostart(a.autostart() != 0));
        b.bind(STORAGE_POOL_IS_ACTIVE, (c, a) -> new StoragePoolIsActiveRet(b(c.pool(a.pool()).isActive())));
        b.bind(STORAGE_POOL_IS_PERSISTENT,
                (c, a) -> new StoragePoolIsPersistentRet(b(c.pool(a.pool()).isPersistent())));
        b.bind(STORAGE_POOL_LIST_ALL_VOLUMES, (c, a) -> {
            List<StorageVol> all = c.pool(a.pool()).listAllVolumes(a.flags());
            return new StoragePoolListAllVolumesRet(Wire.limit(all.stream().map(ObjectBindings::w).toList(),
                    a.needResults()), all.size());
        });
        b.bind(STORAGE_POOL_NUM_OF_VOLUMES,
                (c, a) -> new StoragePoolNumOfVolumesRet(c.pool(a.pool()).numOfVolumes()));
        b.bind(STORAGE_POOL_LIST_VOLUMES,
                (c, a) -> new StoragePoolListVolumesRet(c.pool(a.pool()).listVolumes(Bindings.max(a.maxnames(),
                        RemoteConstants.STORAGE_VOL_LIST_MAX, "maxnames > REMOTE_STORAGE_VOL_LIST_MAX"))));
        b.bind(STORAGE_VOL_LOOKUP_BY_NAME,
                (c, a) -> new StorageVolLookupByNameRet(w(c.pool(a.pool()).storageVolLookupByName(a.name()))));
        b.bind(STORAGE_VOL_LOOKUP_BY_KEY,
                (c, a) -> new StorageVolLookupByKeyRet(w(c.secondary().storageVolLookupByKey(a.key()))));
        b.bind(STORAGE_VOL_LOOKUP_BY_PATH,
                (c, a) -> new StorageVolLookupByPathRet(w(c.secondary().storageVolLookupByPath(a.path()))));
        b.bind(STORAGE_VOL_CREATE_XML, (c, a) -> new StorageVolCreateXmlRet(
                w(c.pool(a.pool()).storageVolCreateXML(a.xml(), a.flags()))));
        b.bind(STORAGE_VOL_CREATE_XML_FROM, (c, a) -> new StorageVolCreateXmlFromRet(
                w(c.pool(a.pool()).storageVolCreateXMLFrom(a.xml(), c.vol(a.clonevol()), a.flags()))));
        b.run(STORAGE_VOL_DELETE, (c, a) -> c.vol(a.vol()).delete(a.flags()));
        b.run(STORAGE_VOL_WIPE, (c, a) -> c.vol(a.vol()).wipe(a.flags()));
        b.run(STORAGE_VOL_WIPE_PATTERN, (c, a) -> c.vol(a.vol()).wipePattern(a.algorithm(), a.flags()));
        b.bind(STORAGE_VOL_GET_INFO, (c, a) -> {
            Records.StorageVolInfo i = c.vol(a.vol()).getInfo();
            return new StorageVolGetInfoRet((byte) i.type(), i.capacity(), i.allocation());
        });
        b.bind(STORAGE_VOL_GET_INFO_FLAGS, (c, a) -> {
            Records.StorageVolInfo i = c.vol(a.vol()).getInfoFlags(a.flags());
            return new StorageVolGetInfoFlagsRet((byte) i.type(), i.capacity(), i.allocation());
        });
        b.bind(STORAGE_VOL_GET_XML_DESC,
                (c, a) -> new StorageVolGetXmlDescRet(c.vol(a.vol()).getXMLDesc(a.flags())));
        b.bind(STORAGE_VOL_GET_PATH, (c, a) -> new StorageVolGetPathRet(c.vol(a.vol()).getPath()));
        b.run(STORAGE_VOL_RESIZE, (c, a) -> c.vol(a.vol()).resize(a.capacity(), a.flags()));
    }

    private static void secrets(Bindings b) {
        b.bind(CONNECT_LIST_ALL_SECRETS, (c, a) -> {
            List<Secret> all = c.secondary().listAllSecrets(a.flags());
            return new ConnectListAllSecretsRet(Wire.limit(all.stream().map(ObjectBindings::w).toList(),
                    a.needResults()), all.size());
        });
        b.bind(CONNECT_NUM_OF_SECRETS, (c, a) -> new ConnectNumOfSecretsRet(c.secondary().numOfSecrets()));
        b.bind(CONNECT_LIST_SECRETS,
                (c, a) -> new ConnectListSecretsRet(c.secondary().listSecrets(Bindings.max(a.maxuuids(),
                RemoteConstants.SECRET_LIST_MAX, "maxuuids > REMOTE_SECRET_LIST_MAX"))));
        b.bind(SECRET_LOOKUP_BY_UUID,
                (c, a) -> new SecretLookupByUuidRet(w(c.secondary().secretLookupByUUID(Wire.uuid(a.uuid())))));
        b.bind(SECRET_LOOKUP_BY_USAGE, (c, a) -> new SecretLookupByUsageRet(
                w(c.secondary().secretLookupByUsage(a.usageType(), a.usageID()))));
        b.bind(SECRET_DEFINE_XML,
                (c, a) -> new SecretDefineXmlRet(w(c.secondary().secretDefineXML(a.xml(), a.flags()))));
        b.bind(SECRET_GET_XML_DESC, (c, a) -> new SecretGetXmlDescRet(c.secret(a.secret()).getXMLDesc(a.flags())));
        b.run(SECRET_SET_VALUE, (c, a) -> c.secret(a.secret()).setValue(a.value(), a.flags()));
        b.bind(SECRET_GET_VALUE, (c, a) -> new SecretGetValueRet(c.secret(a.secret()).getValue(a.flags())));
        b.run(SECRET_UNDEFINE, (c, a) -> c.secret(a.secret()).undefine());
    }

    private static void interfaces(Bindings b) {
        b.bind(CONNECT_LIST_ALL_INTERFACES, (c, a) -> {
            List<Interface> all = c.secondary().listAllInterfaces(a.flags());
            return new ConnectListAllInterfacesRet(Wire.limit(all.stream().map(ObjectBindings::w).toList(),
                    a.needResults()), all.size());
        });
        b.bind(CONNECT_NUM_OF_INTERFACES, (c, a) -> new ConnectNumOfInterfacesRet(c.secondary().numOfInterfaces()));
        b.bind(CONNECT_LIST_INTERFACES,
                (c, a) -> new ConnectListInterfacesRet(c.secondary().listInterfaces(Bindings.max(a.maxnames(),
                        RemoteConstants.INTERFACE_LIST_MAX, "maxnames > REMOTE_INTERFACE_LIST_MAX"))));
        b.bind(CONNECT_NUM_OF_DEFINED_INTERFACES,
                (c, a) -> new ConnectNumOfDefinedInterfacesRet(c.secondary().numOfDefinedInterfaces()));
        b.bind(CONNECT_LIST_DEFINED_INTERFACES,
                (c, a) -> new ConnectListDefinedInterfacesRet(c.secondary().listDefinedInterfaces(
                        Bindings.max(a.maxnames(),
                        RemoteConstants.INTERFACE_LIST_MAX, "maxnames > REMOTE_INTERFACE_LIST_MAX"))));
        b.bind(INTERFACE_LOOKUP_BY_NAME,
                (c, a) -> new InterfaceLookupByNameRet(w(c.secondary().interfaceLookupByName(a.name()))));
        b.bind(INTERFACE_LOOKUP_BY_MAC_STRING,
                (c, a) -> new InterfaceLookupByMacStringRet(w(c.secondary().interfaceLookupByMACString(a.mac()))));
        b.bind(INTERFACE_GET_XML_DESC,
                (c, a) -> new InterfaceGetXmlDescRet(c.iface(a.iface()).getXMLDesc(a.flags())));
        b.bind(INTERFACE_DEFINE_XML,
                (c, a) -> new InterfaceDefineXmlRet(w(c.secondary().interfaceDefineXML(a.xml(), a.flags()))));
        b.run(INTERFACE_UNDEFINE, (c, a) -> c.iface(a.iface()).undefine());
        b.run(INTERFACE_CREATE, (c, a) -> c.iface(a.iface()).create(a.flags()));
        b.run(INTERFACE_DESTROY, (c, a) -> c.iface(a.iface()).destroy(a.flags()));
        b.bind(INTERFACE_IS_ACTIVE, (c, a) -> new InterfaceIsActiveRet(b(c.iface(a.iface()).isActive())));
        b.run(INTERFACE_CHANGE_BEGIN, (c, a) -> c.secondary().interfaceChangeBegin(a.flags()));
        b.run(INTERFACE_CHANGE_COMMIT, (c, a) -> c.secondary().interfaceChangeCommit(a.flags()));
        b.run(INTERFACE_CHANGE_ROLLBACK, (c, a) -> c.secondary().interfaceChangeRollback(a.flags()));
    }

    private static void nodeDevices(Bindings b) {
        b.bind(CONNECT_LIST_ALL_NODE_DEVICES, (c, a) -> {
            List<NodeDevice> all = c.secondary().listAllNodeDevices(a.flags());
            return new ConnectListAllNodeDevicesRet(Wire.limit(all.stream().map(ObjectBindings::w).toList(),
                    a.needResults()), all.size());
        });
        b.bind(NODE_NUM_OF_DEVICES,
                (c, a) -> new NodeNumOfDevicesRet(c.secondary().nodeNumOfDevices(a.cap(), a.flags())));
        b.bind(NODE_LIST_DEVICES, (c, a) -> new NodeListDevicesRet(
                c.secondary().nodeListDevices(a.cap(), Bindings.max(a.maxnames(),
                        RemoteConstants.NODE_DEVICE_LIST_MAX, "maxnames > REMOTE_NODE_DEVICE_LIST_MAX"), a.flags())));
        b.bind(NODE_DEVICE_LOOKUP_BY_NAME,
                (c, a) -> new NodeDeviceLookupByNameRet(w(c.secondary().nodeDeviceLookupByName(a.name()))));
        b.bind(NODE_DEVICE_LOOKUP_SCSI_HOST_BY_WWN, (c, a) -> new NodeDeviceLookupScsiHostByWwnRet(
                w(c.secondary().nodeDeviceLookupSCSIHostByWWN(a.wwnn(), a.wwpn(), a.flags()))));
        b.bind(NODE_DEVICE_GET_XML_DESC, (c, a) -> new NodeDeviceGetXmlDescRet(c.dev(a.name()).getXMLDesc(a.flags())));
        b.bind(NODE_DEVICE_GET_PARENT, (c, a) -> new NodeDeviceGetParentRet(c.dev(a.name()).getParent()));
        b.bind(NODE_DEVICE_NUM_OF_CAPS, (c, a) -> new NodeDeviceNumOfCapsRet(c.dev(a.name()).numOfCaps()));
        b.bind(NODE_DEVICE_LIST_CAPS, (c, a) -> {
            Bindings.max(a.maxnames(), RemoteConstants.NODE_DEVICE_CAPS_LIST_MAX,
                    "maxnames > REMOTE_NODE_DEVICE_CAPS_LIST_MAX");
            List<String> caps = c.dev(a.name()).listCaps();
            return new NodeDeviceListCapsRet(caps.size() > a.maxnames() ? caps.subList(0, a.maxnames()) : caps);
        });
        b.bind(NODE_DEVICE_CREATE_XML,
                (c, a) -> new NodeDeviceCreateXmlRet(w(c.secondary().nodeDeviceCreateXML(a.xmlDesc(), a.flags()))));
        b.bind(NODE_DEVICE_DEFINE_XML,
                (c, a) -> new NodeDeviceDefineXmlRet(w(c.secondary().nodeDeviceDefineXML(a.xmlDesc(), a.flags()))));
        b.run(NODE_DEVICE_DESTROY, (c, a) -> c.dev(a.name()).destroy());
        b.run(NODE_DEVICE_UNDEFINE, (c, a) -> c.dev(a.name()).undefine(a.flags()));
        b.run(NODE_DEVICE_CREATE, (c, a) -> c.dev(a.name()).create(a.flags()));
        b.bind(NODE_DEVICE_GET_AUTOSTART, (c, a) -> new NodeDeviceGetAutostartRet(b(c.dev(a.name()).getAutostart())));
        b.run(NODE_DEVICE_SET_AUTOSTART, (c, a) -> c.dev(a.name()).setAutostart(a.autostart() != 0));
        b.bind(NODE_DEVICE_IS_ACTIVE, (c, a) -> new NodeDeviceIsActiveRet(b(c.dev(a.name()).isActive())));
        b.bind(NODE_DEVICE_IS_PERSISTENT,
                (c, a) -> new NodeDeviceIsPersistentRet(b(c.dev(a.name()).isPersistent())));
        b.run(NODE_DEVICE_DETTACH, (c, a) -> c.dev(a.name()).dettach());
        b.run(NODE_DEVICE_DETACH_FLAGS, (c, a) -> c.dev(a.name()).detachFlags(a.driverName(), a.flags()));
        b.run(NODE_DEVICE_RE_ATTACH, (c, a) -> c.dev(a.name()).reAttach());
        b.run(NODE_DEVICE_RESET, (c, a) -> c.dev(a.name()).reset());
    }

    private static void nwfilters(Bindings b) {
        b.bind(CONNECT_LIST_ALL_NWFILTERS, (c, a) -> {
            List<NWFilter> all = c.secondary().listAllNWFilters(a.flags());
            return new ConnectListAllNwfiltersRet(Wire.limit(all.stream().map(ObjectBindings::w).toList(),
                    a.needResults()), all.size());
        });
        b.bind(CONNECT_NUM_OF_NWFILTERS, (c, a) -> new ConnectNumOfNwfiltersRet(c.secondary().numOfNWFilters()));
        b.bind(CONNECT_LIST_NWFILTERS, (c, a) -> new ConnectListNwfiltersRet(c.secondary().listNWFilters(
                Bindings.max(a.maxnames(),
                RemoteConstants.NWFILTER_LIST_MAX, "maxnames > REMOTE_NWFILTER_LIST_MAX"))));
        b.bind(NWFILTER_LOOKUP_BY_NAME,
                (c, a) -> new NwfilterLookupByNameRet(w(c.secondary().nwfilterLookupByName(a.name()))));
        b.bind(NWFILTER_LOOKUP_BY_UUID,
                (c, a) -> new NwfilterLookupByUuidRet(w(c.secondary().nwfilterLookupByUUID(Wire.uuid(a.uuid())))));
        b.bind(NWFILTER_DEFINE_XML, (c, a) -> new NwfilterDefineXmlRet(w(c.secondary().nwfilterDefineXML(a.xml()))));
        b.bind(NWFILTER_DEFINE_XML_FLAGS,
                (c, a) -> new NwfilterDefineXmlFlagsRet(w(c.secondary().nwfilterDefineXMLFlags(a.xml(), a.flags()))));
        b.run(NWFILTER_UNDEFINE, (c, a) -> c.filter(a.nwfilter()).undefine());
        b.bind(NWFILTER_GET_XML_DESC,
                (c, a) -> new NwfilterGetXmlDescRet(c.filter(a.nwfilter()).getXMLDesc(a.flags())));
        b.bind(CONNECT_LIST_ALL_NWFILTER_BINDINGS, (c, a) -> {
            List<NWFilterBinding> all = c.secondary().listAllNWFilterBindings(a.flags());
            return new ConnectListAllNwfilterBindingsRet(Wire.limit(all.stream().map(ObjectBindings::w).toList(),
                    a.needResults()), all.size());
        });
        b.bind(NWFILTER_BINDING_LOOKUP_BY_PORT_DEV, (c, a) -> new NwfilterBindingLookupByPortDevRet(
                w(c.secondary().nwfilterBindingLookupByPortDev(a.name()))));
        b.bind(NWFILTER_BINDING_CREATE_XML, (c, a) -> new NwfilterBindingCreateXmlRet(
                w(c.secondary().nwfilterBindingCreateXML(a.xml(), a.flags()))));
        b.bind(NWFILTER_BINDING_GET_XML_DESC,
                (c, a) -> new NwfilterBindingGetXmlDescRet(c.binding(a.nwfilter()).getXMLDesc(a.flags())));
        b.run(NWFILTER_BINDING_DELETE, (c, a) -> c.binding(a.nwfilter()).delete());
    }
}
