package org.jvirt.model.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.network.NetworkDef.NetdevIf;
import org.jvirt.model.xml.XmlParser;

class NetworkDefTest {
    private static final String HOSTDEV = """
            <network>
              <name>hd</name>
              <uuid>81ff0d90-c91e-6742-64da-4a736edb9a9b</uuid>
              <forward mode='hostdev' managed='yes'>
                <pf dev='eth2'/>
              </forward>
            </network>
            """;

    @Test
    void liveXmlShowsPoolAndConnectionsInactiveDoesNot() {
        NetworkDef def = new NetworkDefParser().parse(HOSTDEV);
        def = def.withForward(def.forward().withInterfaces(List.of(new NetdevIf("eth2v0", 2), new NetdevIf("eth2v1", 0))))
                .withConnections(2);
        String live = NetworkDefFormatter.format(def, 0);
        assertTrue(live.startsWith("<network connections='2'>\n"), live);
        assertTrue(live.contains("    <pf dev='eth2'/>\n    <interface dev='eth2v0' connections='2'/>\n"
                + "    <interface dev='eth2v1'/>\n"), live);
        assertEquals(HOSTDEV, NetworkDefFormatter.format(def, NetworkDefFormatter.INACTIVE));
    }

    @Test
    void dnsmasqOptionsNeedTheNamespaceOption() {
        String xml = "<network xmlns:dnsmasq='http://libvirt.org/schemas/network/dnsmasq/1.0'><name>n</name>"
                + "<uuid>81ff0d90-c91e-6742-64da-4a736edb9a9b</uuid>"
                + "<dnsmasq:options><dnsmasq:option value='a=b'/></dnsmasq:options></network>";
        assertFalse(NetworkDefFormatter.format(new NetworkDefParser().parse(xml), 0).contains("dnsmasq"));
        assertEquals(List.of("a=b"), new NetworkDefParser(true).parse(xml).dnsmasqOptions());
        VirException e = assertThrows(VirException.class, () -> new NetworkDefParser(true).parse(
                xml.replace(" value='a=b'", "")));
        assertEquals("XML error: No dnsmasq options value specified", e.getMessage());
    }

    @Test
    void missingNameIsNoName() {
        VirException e = assertThrows(VirException.class, () -> new NetworkDefParser().parse("<network/>"));
        assertEquals(ErrorNumber.NO_NAME, e.code());
        assertEquals(ErrorDomain.NETWORK, e.domain());
        assertEquals("missing name information", e.getMessage());
    }

    @Test
    void updateParsersAcceptPartialEntriesForDeletion() {
        XmlParser xp = new XmlParser();
        NetworkDef.Ip ip = new NetworkDefParser().parse("<network><name>n</name><ip address='10.0.0.1' prefix='24'/>"
                + "</network>").ips().get(0);
        NetworkDef.DhcpHost h = NetworkDefParser.parseDhcpHost("n", ip,
                xp.parseRoot("<host mac='00:11:22:33:44:55'/>", "x", "host"), true);
        assertEquals("00:11:22:33:44:55", h.mac());
        VirException e = assertThrows(VirException.class, () -> NetworkDefParser.parseDhcpHost("n", ip,
                xp.parseRoot("<host/>", "x", "host"), true));
        assertEquals("XML error: At least one of name, mac, or ip attribute must be specified for static host "
                + "definition in network 'n' ", e.getMessage());
        NetworkDef.DnsHost dh = NetworkDefParser.parseDnsHost("n",
                xp.parseRoot("<host ip='10.0.0.9'/>", "x", "host"), true);
        assertEquals("10.0.0.9", dh.ip().toString());
        assertEquals(List.of(), dh.hostnames());
    }

    @Test
    void ipv6AddressesAreFormattedLikeGlibc() {
        assertEquals("2001:db8::1", IpAddress.parse("2001:0db8:0:0:0:0:0:1").toString());
        assertEquals("1:0:0:2::3", IpAddress.parse("1:0:0:2:0:0:0:3").toString());
        assertEquals("::", IpAddress.parse("::").toString());
        assertEquals("::1", IpAddress.parse("::1").toString());
        assertEquals("::1.2.3.4", IpAddress.parse("::1.2.3.4").toString());
        assertEquals("::ffff:1.2.3.4", IpAddress.parse("::ffff:1.2.3.4").toString());
        assertEquals("1:0:2:3:4:5:6:7", IpAddress.parse("1:0:2:3:4:5:6:7").toString());
        assertEquals("10.0.0.1", IpAddress.parse("10.1").toString());
        VirException e = assertThrows(VirException.class, () -> IpAddress.parse("host.example"));
        assertEquals(ErrorNumber.SYSTEM_ERROR, e.code());
    }

    @Test
    void metadataKeepsOnlyTheFirstElementOfEachNamespace() {
        String xml = "<network><name>n</name><uuid>81ff0d90-c91e-6742-64da-4a736edb9a9b</uuid><metadata>"
                + "<a:x xmlns:a='urn:a'>1</a:x><b:y xmlns:b='urn:b'><b:z k='&lt;v&gt;'/></b:y>"
                + "<a:again xmlns:a='urn:a'/><plain/></metadata></network>";
        assertEquals("""
                <network>
                  <name>n</name>
                  <uuid>81ff0d90-c91e-6742-64da-4a736edb9a9b</uuid>
                  <metadata>
                    <a:x xmlns:a="urn:a">1</a:x>
                    <b:y xmlns:b="urn:b">
                      <b:z k="&lt;v&gt;"/>
                    </b:y>
                  </metadata>
                  <bridge stp='on' delay='0'/>
                </network>
                """, NetworkDefFormatter.format(new NetworkDefParser().parse(xml), 0));
    }
}
