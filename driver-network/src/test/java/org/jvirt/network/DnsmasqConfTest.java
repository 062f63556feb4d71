package org.jvirt.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.network.IpAddress;
import org.jvirt.model.network.NetworkDef;
import org.jvirt.model.network.NetworkDefParser;
import org.junit.jupiter.api.Test;

/** The parts of the dnsmasq configuration the corpus does not reach: isolated networks, DNS off, errors. */
class DnsmasqConfTest {
    private static DnsmasqConf.Files build(String xml) {
        NetworkDef def = new NetworkDefParser(true).parse(xml);
        return DnsmasqConf.build(def, Path.of("/d"), Path.of("/run/n.pid"));
    }

    @Test
    void isolatedNetworkOffersNoRouteAndNoUpstreamDns() {
        String conf = build("<network><name>iso</name><bridge name='virbr5'/><dns enable='no'/>"
                + "<ip address='10.1.0.1' prefix='24'><dhcp><host mac='52:54:00:00:00:01' ip='10.1.0.5'/>"
                + "</dhcp></ip><mtu size='9000'/></network>").conf();
        assertTrue(conf.contains("strict-order\nport=0\npid-file=/run/n.pid\nexcept-interface=lo\nbind-dynamic\n"
                + "interface=virbr5\ndhcp-option=3\nno-resolv\nra-param=*,0,0\n"
                + "dhcp-range=10.1.0.1,static\ndhcp-no-override\ndhcp-authoritative\n"
                + "dhcp-hostsfile=/d/iso.hostsfile\ndhcp-option=option:mtu,9000\n"), conf);
    }

    @Test
    void dnsHostsGoToTheAddnHostsFile() {
        DnsmasqConf.Files f = build("<network><name>n</name><forward mode='nat'/><bridge name='virbr5'/>"
                + "<dns><host ip='10.1.0.9'><hostname>a</hostname><hostname>b.example</hostname></host>"
                + "<txt name='t' value='v'/></dns><ip address='10.1.0.1' prefix='24'/></network>");
        assertEquals("10.1.0.9\ta\tb.example\n", f.addnhosts());
        assertTrue(f.conf().contains("txt-record=t,v\n"));
    }

    @Test
    void twoDhcpBlocksOfOneFamilyAreRefused() {
        VirException e = assertThrows(VirException.class, () -> build("<network><name>n</name>"
                + "<bridge name='virbr5'/><ip address='10.1.0.1' prefix='24'><dhcp><range start='10.1.0.2' "
                + "end='10.1.0.9'/></dhcp></ip><ip address='10.2.0.1' prefix='24'><dhcp><range start='10.2.0.2' "
                + "end='10.2.0.9'/></dhcp></ip></network>"));
        assertEquals(ErrorNumber.CONFIG_UNSUPPORTED, e.code());
        assertTrue(e.getMessage().contains("For IPv4, multiple DHCP definitions cannot be specified."));
    }

    @Test
    void ptrDomainsFollowOctetsAndNibbles() {
        assertEquals("10.in-addr.arpa", DnsmasqConf.ptrDomain(IpAddress.parse("10.1.2.3"), 8));
        assertEquals("8.b.d.0.1.0.0.2.ip6.arpa", DnsmasqConf.ptrDomain(IpAddress.parse("2001:db8::1"), 32));
        assertNull(DnsmasqConf.ptrDomain(IpAddress.parse("10.1.2.3"), 20));
        assertEquals("255.255.240.0", DnsmasqConf.netmask(20).toString());
    }
}
