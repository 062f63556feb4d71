package org.jvirt.model.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.junit.jupiter.api.Test;

/** Error texts and codes checked against real virsh (test:///default) by hand. */
class StorageErrorsTest {
    private final StoragePoolParser parser = new StoragePoolParser();

    private VirException poolError(String xml) {
        return assertThrows(VirException.class, () -> parser.parse(xml));
    }

    @Test
    void poolErrors() {
        VirException e = poolError("<pool type='foo'><name>x</name></pool>");
        assertEquals("XML error: Invalid value for attribute 'type' in element 'pool': 'foo'.", e.getMessage());
        assertEquals(ErrorNumber.XML_ERROR, e.code());
        assertEquals("XML error: Missing required attribute 'type' in element 'pool'",
                poolError("<pool><name>x</name></pool>").getMessage());
        assertEquals("XML error: missing storage pool target path",
                poolError("<pool type='dir'><name>x</name></pool>").getMessage());
        assertEquals("XML error: missing pool source name element",
                poolError("<pool type='dir'><target><path>/x</path></target></pool>").getMessage());
        assertEquals("XML error: malformed uuid element", poolError(
                "<pool type='dir'><name>x</name><uuid>zz</uuid><target><path>/x</path></target></pool>")
                .getMessage());
        assertEquals("XML error: malformed octal mode", poolError("<pool type='dir'><name>x</name><target><path>/x"
                + "</path><permissions><mode>999</mode></permissions></target></pool>").getMessage());
        VirException f = poolError("<pool type='netfs'><name>x</name><source><host name='a'/><dir path='/a'/>"
                + "<format type='zz'/></source><target><path>/x</path></target></pool>");
        assertEquals("unsupported configuration: unknown pool format type zz", f.getMessage());
        assertEquals(ErrorNumber.CONFIG_UNSUPPORTED, f.code());
        assertEquals("XML error: Invalid value for attribute 'port' in element 'host': 'zz'. Expected integer value",
                poolError("<pool type='netfs'><name>x</name><source><host name='a' port='zz'/><dir path='/a'/>"
                        + "</source><target><path>/x</path></target></pool>").getMessage());
        VirException cow = poolError("<pool type='logical'><name>n1</name><features><cow state='no'/></features>"
                + "</pool>");
        assertEquals("this function is not supported by the connection driver: cow feature may only be used for "
                + "'fs' and 'dir' pools", cow.getMessage());
    }

    @Test
    void volErrors() {
        StoragePoolDef pool = parser.parse("<pool type='dir'><name>p</name><target><path>/p</path></target></pool>");
        StorageVolParser vp = new StorageVolParser();
        assertEquals("invalid argument: unknown suffix 'x'", assertThrows(VirException.class, () -> vp.parse(pool,
                "<volume><name>c</name><capacity>1</capacity><target><clusterSize unit='x'>1</clusterSize>"
                        + "</target></volume>", 0)).getMessage());
        assertEquals("XML error: Invalid value 'zz' for element or attribute './target/clusterSize'",
                assertThrows(VirException.class, () -> vp.parse(pool, "<volume><name>c</name><capacity>1</capacity>"
                        + "<target><clusterSize>zz</clusterSize></target></volume>", 0)).getMessage());
        assertEquals("XML error: malformed capacity element", assertThrows(VirException.class,
                () -> vp.parse(pool, "<volume><name>c</name><capacity>-1</capacity></volume>", 0)).getMessage());
        assertEquals("numerical overflow: value too large: 16E", assertThrows(VirException.class,
                () -> vp.parse(pool, "<volume><name>c</name><capacity unit='E'>16</capacity></volume>", 0))
                .getMessage());
        assertEquals("XML error: missing capacity element", assertThrows(VirException.class,
                () -> vp.parse(pool, "<volume><name>c</name></volume>", 0)).getMessage());
        assertEquals("XML error: missing volume name element", assertThrows(VirException.class,
                () -> vp.parse(pool, "<volume><capacity>1</capacity></volume>", 0)).getMessage());
    }

    @Test
    void driverUpdatesSizes() {
        StoragePoolDef pool = parser.parse("<pool type='dir'><name>p</name><uuid>dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566"
                + "</uuid><target><path>/p</path></target></pool>").withSizes(100, 40, 60);
        String xml = new StoragePoolFormatter().format(pool);
        assertEquals(true, xml.contains("<capacity unit='bytes'>100</capacity>\n  <allocation unit='bytes'>40"
                + "</allocation>\n  <available unit='bytes'>60</available>"));
    }

    @Test
    void sourceListMatchesTestDriver() {
        java.util.Map<Integer, String> out = VirshOracle.run(java.util.List.of("find-storage-pool-sources logical",
                "find-storage-pool-sources-as netfs myhost"));
        StoragePoolFormatter f = new StoragePoolFormatter();
        java.util.List<StoragePoolDef.Source> lvm = java.util.List.of(
                parser.parseSourceSpec("<source><device path='/dev/sda20'/><name>testvg1</name></source>",
                        StoragePoolType.LOGICAL),
                parser.parseSourceSpec("<source><device path='/dev/sda21'/><name>testvg2</name></source>",
                        StoragePoolType.LOGICAL));
        assertEquals(VirshOracle.xmlOf(out.get(0)), f.formatSourceList(StoragePoolType.LOGICAL, lvm));
        StoragePoolDef.Source nfs = parser.parseSourceSpec("<source><host name='myhost'/><dir path='/testshare'/>"
                + "<format type='nfs'/></source>", StoragePoolType.NETFS);
        assertEquals(VirshOracle.xmlOf(out.get(1)), f.formatSourceList(StoragePoolType.NETFS,
                java.util.List.of(nfs)));
        assertEquals("XML error: root element was not source", assertThrows(VirException.class,
                () -> parser.parseSourceSpec("<pool/>", StoragePoolType.NETFS)).getMessage());
    }

    @Test
    void rbdNamespaceOnlyWithBackendNamespaces() {
        String xml = "<pool type='rbd' xmlns:rbd='http://libvirt.org/schemas/storagepool/rbd/1.0'><name>ceph</name>"
                + "<uuid>47c1faee-0207-e741-f5ae-d9b019b98fe2</uuid><source><host name='h'/><name>rbd</name>"
                + "</source><rbd:config_opts><rbd:option name='client_mount_timeout' value='45'/>"
                + "</rbd:config_opts></pool>";
        String withNs = new StoragePoolFormatter().format(new StoragePoolParser(true, java.util.UUID::randomUUID)
                .parse(xml));
        assertEquals("""
                <pool type='rbd' xmlns:rbd='http://libvirt.org/schemas/storagepool/rbd/1.0'>
                  <name>ceph</name>
                  <uuid>47c1faee-0207-e741-f5ae-d9b019b98fe2</uuid>
                  <capacity unit='bytes'>0</capacity>
                  <allocation unit='bytes'>0</allocation>
                  <available unit='bytes'>0</available>
                  <source>
                    <host name='h'/>
                    <name>rbd</name>
                  </source>
                  <rbd:config_opts>
                    <rbd:option name='client_mount_timeout' value='45'/>
                  </rbd:config_opts>
                </pool>
                """, withNs);
        // the test driver registers no backend namespace: the options are ignored, as real virsh shows
        assertEquals(false, new StoragePoolFormatter().format(parser.parse(xml)).contains("rbd:"));
        assertEquals("XML error: no rbd option value specified for name 'x'", assertThrows(VirException.class,
                () -> new StoragePoolParser(true, java.util.UUID::randomUUID).parse(xml.replace(
                        "<rbd:option name='client_mount_timeout' value='45'/>", "<rbd:option name='x'/>")))
                .getMessage());
    }
}
