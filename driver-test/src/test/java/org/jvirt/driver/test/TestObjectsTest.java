package org.jvirt.driver.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jvirt.api.Records.StoragePoolInfo;
import org.jvirt.api.Records.StorageVolInfo;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.spi.HypervisorConnection;
import org.jvirt.spi.Refs.NetworkRef;
import org.jvirt.spi.Refs.NodeDeviceRef;
import org.jvirt.spi.Refs.StoragePoolRef;
import org.jvirt.spi.Refs.StorageVolRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Networks, storage pools and volumes, interfaces and node devices of the default node. */
class TestObjectsTest {
    private static final long GIB100 = 107374182400L;
    private HypervisorConnection c;

    @BeforeEach
    void open() {
        c = TestSupport.openDefault();
    }

    @AfterEach
    void close() {
        c.close();
    }

    @Test
    void defaultNetworkXmlHasLibvirtDefaults() {
        NetworkRef n = c.networks().lookupByName("default");
        assertEquals("""
                <network>
                  <name>default</name>
                  <uuid>dd8fe884-6c02-601e-7551-cca97df1c5df</uuid>
                  <forward mode='nat'/>
                  <bridge name='virbr0' stp='on' delay='0'/>
                  <ip address='192.168.122.1' netmask='255.255.255.0'>
                    <dhcp>
                      <range start='192.168.122.2' end='192.168.122.254'/>
                    </dhcp>
                  </ip>
                </network>
                """, c.networks().getXMLDesc(n, 0));
        assertEquals("virbr0", c.networks().getBridgeName(n));
    }

    @Test
    void networkLifecycleAndErrors() {
        NetworkRef n = c.networks().lookupByName("default");
        TestSupport.assertVirError(ErrorNumber.OPERATION_INVALID, ErrorDomain.TEST,
                "Requested operation is not valid: Network 'default' is already running",
                () -> c.networks().create(n));
        TestSupport.assertVirError(ErrorNumber.OPERATION_INVALID, ErrorDomain.TEST,
                "Requested operation is not valid: Network 'default' is still running",
                () -> c.networks().undefine(n));
        c.networks().destroy(n);
        assertFalse(c.networks().isActive(n));
        assertEquals(List.of("default"), c.networks().listDefinedNetworks(5));
        c.networks().undefine(n);
        TestSupport.assertVirError(ErrorNumber.NO_NETWORK, ErrorDomain.TEST,
                "Network not found: no network with matching name 'default'",
                () -> c.networks().lookupByName("default"));
    }

    @Test
    void transientNetworkVanishesOnDestroy() {
        NetworkRef t = c.networks().createXML("<network><name>t</name></network>", 0);
        assertTrue(c.networks().isActive(t));
        assertFalse(c.networks().isPersistent(t));
        TestSupport.assertVirError(ErrorNumber.INTERNAL_ERROR, ErrorDomain.TEST,
                "internal error: network 't' does not have a bridge name.", () -> c.networks().getBridgeName(t));
        c.networks().destroy(t);
        assertEquals(1, c.networks().listAll(0).size());
    }

    @Test
    void defaultPoolIs100GiBAndEmpty() {
        StoragePoolRef p = c.storagePools().lookupByName("default-pool");
        assertEquals(new StoragePoolInfo(2, GIB100, 0, GIB100), c.storagePools().getInfo(p));
        assertEquals(List.of(), c.storageVols().listAll(p, 0));
    }

    @Test
    void volumesMoveThePoolAllocation() {
        StoragePoolRef p = c.storagePools().lookupByName("default-pool");
        StorageVolRef v1 = c.storageVols().createXML(p,
                "<volume><name>v1</name><capacity unit='M'>10</capacity></volume>", 0);
        c.storageVols().createXML(p, "<volume><name>v2</name><capacity>1000</capacity>"
                + "<allocation>10</allocation></volume>", 0);
        assertEquals(new StorageVolInfo(0, 10485760, 10485760), c.storageVols().getInfo(v1));
        assertEquals("/default-pool/v1", v1.key());
        assertEquals(new StoragePoolInfo(2, GIB100, 10485770, GIB100 - 10485770), c.storagePools().getInfo(p));
        assertEquals("""
                <volume type='file'>
                  <name>v1</name>
                  <key>/default-pool/v1</key>
                  <capacity unit='bytes'>10485760</capacity>
                  <allocation unit='bytes'>10485760</allocation>
                  <target>
                    <path>/default-pool/v1</path>
                    <format type='raw'/>
                  </target>
                </volume>
                """, c.storageVols().getXMLDesc(v1, 0));
        TestSupport.assertVirError(ErrorNumber.OPERATION_FAILED, ErrorDomain.TEST,
                "operation failed: storage vol already exists",
                () -> c.storageVols().createXML(p, "<volume><name>v1</name><capacity>1</capacity></volume>", 0));
        TestSupport.assertVirError(ErrorNumber.INTERNAL_ERROR, ErrorDomain.TEST,
                "internal error: Not enough free space in pool for volume 'v3'",
                () -> c.storageVols().createXML(p, "<volume><name>v3</name><capacity unit='T'>1000</capacity>"
                        + "</volume>", 0));
        c.storageVols().delete(v1, 0);
        assertEquals(10, c.storagePools().getInfo(p).allocation());
        assertEquals(c.storageVols().lookupByName(p, "v2"), c.storageVols().lookupByPath("/default-pool/v2"));
    }

    @Test
    void poolStateErrorsNameThePool() {
        StoragePoolRef p = c.storagePools().lookupByName("default-pool");
        TestSupport.assertVirError(ErrorNumber.OPERATION_INVALID, ErrorDomain.TEST,
                "Requested operation is not valid: storage pool 'default-pool' is active",
                () -> c.storagePools().undefine(p));
        c.storagePools().destroy(p);
        TestSupport.assertVirError(ErrorNumber.OPERATION_INVALID, ErrorDomain.TEST,
                "Requested operation is not valid: storage pool 'default-pool' is not active",
                () -> c.storagePools().destroy(p));
        TestSupport.assertVirError(ErrorNumber.OPERATION_INVALID, ErrorDomain.TEST,
                "Requested operation is not valid: storage pool is not active",
                () -> c.storageVols().listAll(p, 0));
        TestSupport.assertVirError(ErrorNumber.NO_STORAGE_POOL, ErrorDomain.TEST,
                "Storage pool not found: no storage pool with matching name 'x'",
                () -> c.storagePools().lookupByName("x"));
    }

    @Test
    void definedPoolGetsTheDefaultSize() {
        StoragePoolRef p = c.storagePools().defineXML("<pool type='dir'><name>p2</name><target><path>/p2</path>"
                + "</target></pool>", 0);
        assertEquals(new StoragePoolInfo(0, GIB100, 0, GIB100), c.storagePools().getInfo(p));
        TestSupport.assertVirError(ErrorNumber.OPERATION_FAILED, ErrorDomain.STORAGE,
                "operation failed: pool 'p2' already exists with uuid " + p.uuid(),
                () -> c.storagePools().defineXML("<pool type='dir'><name>p2</name><target><path>/p2</path>"
                        + "</target></pool>", 0));
    }

    @Test
    void interfaceTransactionRollsBack() {
        TestSupport.assertVirError(ErrorNumber.OPERATION_INVALID, ErrorDomain.TEST,
                "Requested operation is not valid: no transaction running, nothing to be committed.",
                () -> c.interfaces().changeCommit(0));
        c.interfaces().changeBegin(0);
        TestSupport.assertVirError(ErrorNumber.OPERATION_INVALID, ErrorDomain.TEST,
                "Requested operation is not valid: there is another transaction running.",
                () -> c.interfaces().changeBegin(0));
        c.interfaces().defineXML("<interface type='ethernet' name='eth2'><mac address='aa:bb:cc:dd:ee:00'/>"
                + "</interface>", 0);
        assertEquals(List.of("eth2"), c.interfaces().listDefinedInterfaces(5));
        c.interfaces().changeRollback(0);
        // the rolled-back list is a clone of definitions only: eth1, active before, is now inactive
        assertEquals(List.of("eth1"), c.interfaces().listDefinedInterfaces(5));
        assertEquals(0, c.interfaces().numOfInterfaces());
    }

    @Test
    void interfaceCreateOfActiveIsBareOperationInvalid() {
        var eth1 = c.interfaces().lookupByName("eth1");
        TestSupport.assertVirError(ErrorNumber.OPERATION_INVALID, ErrorDomain.TEST,
                "Requested operation is not valid", () -> c.interfaces().create(eth1, 0));
        assertEquals(eth1, c.interfaces().lookupByMACString("aa:bb:cc:dd:ee:ff"));
        TestSupport.assertVirError(ErrorNumber.NO_INTERFACE, ErrorDomain.TEST,
                "Interface not found: no interface with matching mac '00:00:00:00:00:01'",
                () -> c.interfaces().lookupByMACString("00:00:00:00:00:01"));
    }

    @Test
    void nodeDeviceCreateNeedsAParentWithVportOps() {
        TestSupport.assertVirError(ErrorNumber.INTERNAL_ERROR, ErrorDomain.TEST,
                "internal error: Parent device computer is not capable of vport operations",
                () -> c.nodeDevices().createXML("<device><parent>computer</parent>"
                        + "<capability type='scsi_host'><capability type='fc_host'><wwnn>2001001b32a9da4f</wwnn>"
                        + "<wwpn>2101001b32a9da4f</wwpn></capability></capability></device>", 0));
        assertEquals(3, c.nodeDevices().numOfDevices("scsi_host", 0));
    }

    @Test
    void nodeDeviceCreateMakesAVhbaNamedScsiHost12() {
        NodeDeviceRef d = c.nodeDevices().createXML("<device><parent>scsi_host1</parent>"
                + "<capability type='scsi_host'><capability type='fc_host'><wwnn>2000000012341299</wwnn>"
                + "<wwpn>1000000012341299</wwpn></capability></capability></device>", 0);
        assertEquals("scsi_host12", d.name());
        assertEquals("""
                <device>
                  <name>scsi_host12</name>
                  <parent>scsi_host1</parent>
                  <capability type='scsi_host'>
                    <host>11</host>
                    <unique_id>10</unique_id>
                    <capability type='fc_host'>
                      <wwnn>2000000012341299</wwnn>
                      <wwpn>1000000012341299</wwpn>
                      <fabric_wwn>2000000043214321</fabric_wwn>
                    </capability>
                  </capability>
                </device>
                """, c.nodeDevices().getXMLDesc(d, 0));
        assertEquals(4, c.nodeDevices().numOfDevices("scsi_host", 0));
        c.nodeDevices().destroy(d);
        TestSupport.assertVirError(ErrorNumber.NO_NODE_DEVICE, ErrorDomain.TEST,
                "Node device not found: no node device with matching name 'scsi_host12'",
                () -> c.nodeDevices().lookupByName("scsi_host12"));
    }

    @Test
    void nodeDeviceParentsAndCaps() {
        assertEquals("computer", c.nodeDevices().getParent(new NodeDeviceRef("scsi_host1")));
        assertEquals(List.of("scsi_host"), c.nodeDevices().listCaps(new NodeDeviceRef("scsi_host1")));
        assertTrue(c.nodeDevices().getXMLDesc(new NodeDeviceRef("scsi_host1"), 0)
                .contains("<max_vports>0</max_vports>"));
    }
}
