package org.jvirt.driver.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.spi.HypervisorConnection;
import org.jvirt.spi.Refs.NetworkRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TestNetworkUpdateTest {
    private static final String H1 = "<host mac='00:11:22:33:44:55' name='h1' ip='192.168.122.5'/>";
    private HypervisorConnection c;
    private NetworkRef n;

    @BeforeEach
    void open() {
        c = TestSupport.openDefault();
        n = c.networks().lookupByName("default");
    }

    @AfterEach
    void close() {
        c.close();
    }

    private String xml() {
        return c.networks().getXMLDesc(n, 0);
    }

    @Test
    void dhcpHostsAreAddedFirstOrLast() {
        c.networks().update(n, 3, 4, -1, H1, 0);
        c.networks().update(n, 4, 4, -1, "<host mac='00:11:22:33:44:56' ip='192.168.122.6'/>", 0);
        assertTrue(xml().contains("""
                      <range start='192.168.122.2' end='192.168.122.254'/>
                      <host mac='00:11:22:33:44:56' ip='192.168.122.6'/>
                      <host mac='00:11:22:33:44:55' name='h1' ip='192.168.122.5'/>
                """), xml());
        TestSupport.assertVirError(ErrorNumber.OPERATION_INVALID, ErrorDomain.NETWORK,
                "Requested operation is not valid: there is an existing dhcp host entry in network 'default' that "
                        + "matches \"<host mac='00:11:22:33:44:55' name='h1' ip='192.168.122.5'/>\"",
                () -> c.networks().update(n, 3, 4, -1, H1, 0));
    }

    @Test
    void dhcpHostModifyAndDeleteNeedAMatch() {
        c.networks().update(n, 3, 4, -1, H1, 0);
        c.networks().update(n, 1, 4, -1, "<host mac='00:11:22:33:44:55' name='h2' ip='192.168.122.7'/>", 0);
        assertTrue(xml().contains("name='h2' ip='192.168.122.7'"));
        TestSupport.assertVirError(ErrorNumber.OPERATION_INVALID, ErrorDomain.NETWORK,
                "Requested operation is not valid: couldn't locate an existing dhcp host entry with "
                        + "\"mac='00:11:22:33:44:99'\" \"name='(null)'\" \"ip='192.168.122.8'\" in network 'default'",
                () -> c.networks().update(n, 1, 4, -1, "<host mac='00:11:22:33:44:99' ip='192.168.122.8'/>", 0));
        c.networks().update(n, 2, 4, -1, "<host mac='00:11:22:33:44:55'/>", 0);
        assertFalse(xml().contains("<host "));
        TestSupport.assertVirError(ErrorNumber.OPERATION_INVALID, ErrorDomain.NETWORK,
                "Requested operation is not valid: couldn't locate a matching dhcp host entry in network 'default'",
                () -> c.networks().update(n, 2, 4, -1, "<host mac='00:11:22:33:44:55'/>", 0));
    }

    @Test
    void sectionAndCommandErrors() {
        TestSupport.assertVirError(ErrorNumber.OPERATION_INVALID, ErrorDomain.NETWORK,
                "Requested operation is not valid: couldn't update dhcp host entry - no <ip> element found at "
                        + "index 5 in network 'default'", () -> c.networks().update(n, 3, 4, 5, H1, 0));
        TestSupport.assertVirError(ErrorNumber.OPERATION_UNSUPPORTED, ErrorDomain.NETWORK,
                "Operation not supported: dhcp ranges cannot be modified, only added or deleted",
                () -> c.networks().update(n, 1, 5, -1, "<range start='192.168.122.100' end='192.168.122.110'/>", 0));
        TestSupport.assertVirError(ErrorNumber.OPERATION_UNSUPPORTED, ErrorDomain.NETWORK,
                "Operation not supported: can't update 'bridge' section of network 'default'",
                () -> c.networks().update(n, 1, 1, -1, "<bridge name='x'/>", 0));
        TestSupport.assertVirError(ErrorNumber.OPERATION_UNSUPPORTED, ErrorDomain.NETWORK,
                "Operation not supported: unrecognized network update command code 0",
                () -> c.networks().update(n, 0, 4, -1, H1, 0));
        TestSupport.assertVirError(ErrorNumber.XML_ERROR, ErrorDomain.NETWORK,
                "XML error: unexpected element <range>, expecting <host>, while updating network 'default'",
                () -> c.networks().update(n, 3, 4, -1, "<range start='1.2.3.4' end='1.2.3.5'/>", 0));
    }

    @Test
    void rangesAndDnsHostsAreAddedAndDeleted() {
        String range = "<range start='192.168.122.100' end='192.168.122.110'/>";
        c.networks().update(n, 3, 5, -1, range, 0);
        TestSupport.assertVirError(ErrorNumber.OPERATION_INVALID, ErrorDomain.NETWORK,
                "Requested operation is not valid: there is an existing dhcp range entry in network 'default' "
                        + "that matches \"<range start='192.168.122.100' end='192.168.122.110'/>\"",
                () -> c.networks().update(n, 3, 5, -1, range, 0));
        c.networks().update(n, 2, 5, -1, range, 0);
        c.networks().update(n, 3, 10, -1, "<host ip='192.168.122.9'><hostname>a</hostname></host>", 0);
        assertTrue(xml().contains("""
                  <dns>
                    <host ip='192.168.122.9'>
                      <hostname>a</hostname>
                    </host>
                  </dns>
                """), xml());
    }

    @Test
    void configOnlyUpdateWaitsForTheNextStart() {
        c.networks().update(n, 3, 4, -1, H1, 2);
        assertFalse(xml().contains("<host "));
        c.networks().destroy(n);
        assertTrue(xml().contains("<host mac='00:11:22:33:44:55'"));
        assertEquals(1, c.networks().listAll(0).size());
    }
}
