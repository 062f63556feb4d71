package org.jvirt.model.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;

class NetworkPortDefTest {
    private static final String FULL = """
            <networkport>
              <uuid>7ae63b5f-fe96-4af0-a7c3-da04ba1b3f54</uuid>
              <owner>
                <name>myguest</name>
                <uuid>06578fc1-c686-46fa-bc2c-220893b466a6</uuid>
              </owner>
              <group>webfront</group>
              <mac address='52:54:00:7b:35:93'/>
              <virtualport type='802.1Qbg'>
                <parameters managerid='11' typeid='1193047' typeidversion='2'/>
              </virtualport>
              <bandwidth classID='3'>
                <inbound average='1000' peak='5000' floor='200' burst='1024'/>
                <outbound average='128' peak='256' burst='256'/>
              </bandwidth>
              <port isolated='yes'/>
              <rxfilters trustGuest='yes'/>
              <plug type='hostdev-pci' managed='yes'>
                <driver name='vfio'/>
                <address domain='0x0000' bus='0x03' slot='0x00' function='0x1'/>
              </plug>
            </networkport>
            """;

    @Test
    void fullPortComesBackUnchanged() {
        assertEquals(FULL, NetworkPortDef.format(NetworkPortDef.parse(FULL)));
    }

    @Test
    void directPlugDefaultsToVepaAndOwnerIsReordered() {
        String in = "<networkport><uuid>7ae63b5f-fe96-4af0-a7c3-da04ba1b3f54</uuid><owner>"
                + "<uuid>06578fc1-c686-46fa-bc2c-220893b466a6</uuid><name>g</name></owner>"
                + "<mac address='52:54:0:7B:35:93'/><plug type='direct' dev='ens3'/></networkport>";
        assertEquals("""
                <networkport>
                  <uuid>7ae63b5f-fe96-4af0-a7c3-da04ba1b3f54</uuid>
                  <owner>
                    <name>g</name>
                    <uuid>06578fc1-c686-46fa-bc2c-220893b466a6</uuid>
                  </owner>
                  <mac address='52:54:00:7b:35:93'/>
                  <plug type='direct' dev='ens3' mode='vepa'/>
                </networkport>
                """, NetworkPortDef.format(NetworkPortDef.parse(in)));
    }

    @Test
    void missingPiecesAreReportedInLibvirtsOrder() {
        VirException e = assertThrows(VirException.class, () -> NetworkPortDef.parse("<networkport/>"));
        assertEquals(ErrorNumber.INTERNAL_ERROR, e.code());
        assertEquals("internal error: network port has no uuid", e.getMessage());
        e = assertThrows(VirException.class, () -> NetworkPortDef.parse(
                "<networkport><uuid>7ae63b5f-fe96-4af0-a7c3-da04ba1b3f54</uuid><owner><name>g</name>"
                        + "<uuid>06578fc1-c686-46fa-bc2c-220893b466a6</uuid></owner></networkport>"));
        assertEquals("internal error: network port has no mac", e.getMessage());
        e = assertThrows(VirException.class, () -> NetworkPortDef.parse(
                "<networkport><uuid>7ae63b5f-fe96-4af0-a7c3-da04ba1b3f54</uuid><owner><name>g</name>"
                        + "<uuid>06578fc1-c686-46fa-bc2c-220893b466a6</uuid></owner><mac address='52:54:00:7b:35:93'/>"
                        + "<plug type='bridge'/></networkport>"));
        assertEquals(ErrorNumber.XML_ERROR, e.code());
        assertEquals("XML error: Missing network port bridge name", e.getMessage());
    }
}
