package org.jvirt.model.iface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.jvirt.core.ErrorDomain;
import org.jvirt.core.ErrorNumber;
import org.jvirt.core.VirException;
import org.jvirt.model.network.Corpora;
import org.jvirt.model.network.LibvirtOracle;

class InterfaceDefTest {
    private final InterfaceDefParser parser = new InterfaceDefParser();

    static final List<String> OWN = List.of(
            "<interface type='ethernet' name='eth9'><start mode='onboot'/><mac address='AA:BB:CC:DD:EE:FF'/><protocol family='ipv4'><dhcp peerdns='no'/></protocol></interface>",
            "<interface type='ethernet' name='eth9'><link speed='1000' state='up'/><mtu size='1500'/></interface>",
            "<interface type='ethernet' name='eth9'><mtu size='100001'/></interface>",
            "<interface type='ethernet' name='eth9'><mtu size='x'/></interface>",
            "<interface type='ethernet' name='eth9'><start mode='sometimes'/></interface>",
            "<interface type='ethernet'/>",
            "<interface name='eth9'/>",
            "<interface type='wifi' name='eth9'/>",
            "<interface type='bridge' name='br9'/>",
            "<interface type='bridge' name='br9'><bridge stp='maybe' delay='0.5'><interface type='bridge' name='x'><bridge/></interface></bridge></interface>",
            "<interface type='bridge' name='br9'><bridge stp='off'><interface type='vlan' name='eth0.5'><vlan tag='5'><interface name='eth0'/></vlan></interface><interface type='ethernet' name='eth1'><mac address='00:11:22:33:44:55'/><start mode='onboot'/></interface></bridge></interface>",
            "<interface type='bond' name='bond9'><bond mode='fancy'/></interface>",
            "<interface type='bond' name='bond9'><bond><miimon downdelay='5'/></bond></interface>",
            "<interface type='bond' name='bond9'><bond mode='802.3ad'><miimon freq='100' updelay='10' carrier='netif'/><interface type='ethernet' name='eth1'/><interface type='ethernet' name='eth2'/></bond></interface>",
            "<interface type='bond' name='bond9'><bond><arpmon interval='100'/></bond></interface>",
            "<interface type='bond' name='bond9'><bond><arpmon interval='100' target='1.2.3.4' validate='all'/><interface type='vlan' name='v'><vlan tag='1'><interface name='e'/></vlan></interface></bond></interface>",
            "<interface type='vlan' name='eth0.1'><vlan><interface name='eth0'/></vlan></interface>",
            "<interface type='vlan' name='eth0.1'><vlan tag='1'/></interface>",
            "<interface type='ethernet' name='eth9'><protocol/></interface>",
            "<interface type='ethernet' name='eth9'><protocol family='ipx'/></interface>",
            "<interface type='ethernet' name='eth9'><protocol family='ipv6'><autoconf/><dhcp/><ip address='::1' prefix='128'/><ip prefix='3'/><ip address='fe80::1' prefix='x'/></protocol></interface>",
            "<interface type='ethernet' name='eth9'><protocol family='ipv4'><ip address='10.0.0.1' prefix='-4'/><ip address='10.0.0.2' prefix='0x10'/><route gateway='10.0.0.254'/><route gateway='10.0.0.253'/></protocol><protocol family='ipv4'><dhcp peerdns='maybe'/></protocol></interface>",
            "<interface type='ethernet' name='eth9'><link state='' speed='0'/></interface>",
            "<interface type='ethernet' name='eth9'><link state='sideways'/></interface>",
            "<interface type='ethernet' name='eth9'><link speed='-1'/></interface>",
            "<interface type='bond' name='b'><bond><miimon freq='x'/></bond></interface>",
            "<interface type='bond' name='b'><bond><miimon freq='-5' downdelay='-1' updelay='0'/><arpmon interval='1' target='t'/></bond></interface>",
            "<interface type='bond' name='b'><bond><arpmon interval='1' target='t' validate='some'/></bond></interface>",
            "<interface type='bond' name='b'><bond><miimon freq='5' carrier='x'/></bond></interface>",
            "<interface type='bond' name='b'><bond><interface type='ethernet'/></bond></interface>",
            "<interface type='ethernet' name='eth9'><start mode='hotplug'/><mtu size=''/><mac address=''/></interface>");

    @Test
    void interfaceCorpusComesBackUnchanged() {
        List<Corpora.Case> cases = Corpora.cases("interfacexml2xml");
        int ok = 0;
        StringBuilder report = new StringBuilder();
        for (Corpora.Case c : cases) {
            String in = Corpora.read("interfaceschemadata/" + c.name() + ".xml");
            String out = InterfaceDefFormatter.format(parser.parse(in), 0);
            if (Corpora.sameOutput(in, out)) {
                ok++;
            } else {
                report.append("DIFF ").append(c.name()).append('\n').append(out);
            }
        }
        String summary = "interfacexml2xml: " + ok + "/" + cases.size() + " match\n";
        Corpora.report("interfacexml2xml.txt", summary + report);
        System.out.print(summary);
        assertTrue(ok >= 13, summary + report);
    }

    @Test
    void testDriverAgreesWithUs() throws IOException {
        List<String> docs = new ArrayList<>();
        try (Stream<Path> s = Files.list(Corpora.root().resolve("interfaceschemadata"))) {
            for (Path p : s.filter(f -> f.toString().endsWith(".xml")).sorted().toList()) {
                docs.add(Files.readString(p));
            }
        }
        docs.addAll(OWN);
        List<String> renamed = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            renamed.add(docs.get(i).replaceFirst("name=(['\"])[^'\"]*\\1", "name='jvo" + i + "'"));
        }
        List<LibvirtOracle.Result> expected = LibvirtOracle.run("interface", renamed);
        int ok = 0;
        StringBuilder report = new StringBuilder();
        for (int i = 0; i < renamed.size(); i++) {
            LibvirtOracle.Result want = expected.get(i);
            String got;
            try {
                got = InterfaceDefFormatter.format(parser.parse(renamed.get(i)), 0);
            } catch (VirException e) {
                got = "ERR " + e.code() + " " + e.domain() + " " + e.getMessage();
            }
            String wanted = want.xml() != null ? want.xml()
                    : "ERR " + want.code() + " " + want.domain() + " " + want.message();
            if (wanted.equals(got)) {
                ok++;
            } else {
                report.append("#").append(i).append(" input:\n").append(renamed.get(i)).append("\n--- libvirt\n")
                        .append(wanted).append("\n--- jvirt\n").append(got).append("\n\n");
            }
        }
        String summary = "interface oracle: " + ok + "/" + renamed.size() + " agree\n";
        Corpora.report("interface-oracle.txt", summary + report);
        System.out.print(summary);
        assertTrue(ok >= 44, summary + report);
    }

    @Test
    void subordinateOfABondMustBeEthernet() {
        VirException e = assertThrows(VirException.class, () -> parser.parse(
                "<interface type='bond' name='b'><bond><interface type='bridge' name='x'/></bond></interface>"));
        assertEquals(ErrorNumber.XML_ERROR, e.code());
        assertEquals(ErrorDomain.INTERFACE, e.domain());
        assertEquals("XML error: interface has unsupported type 'bridge'", e.getMessage());
    }
}
